#include "schema.h"

using namespace Qt::StringLiterals;

namespace td::server::schema {

namespace {

// Versioned migrations, applied in order, each in its own transaction. Never edit a step
// that has shipped: add the next one. The SQL sticks to what PostgreSQL also accepts (TEXT,
// BIGINT, INTEGER flags, explicit counters instead of AUTOINCREMENT) so the schema carries
// over to the other backend unchanged.
const char *const migrationV1[] = {
        R"(CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL))",
        R"(CREATE TABLE tenants (
        slug TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        last_number BIGINT NOT NULL DEFAULT 0,
        last_seq BIGINT NOT NULL DEFAULT 0))",
        R"(CREATE TABLE projects (
        id TEXT PRIMARY KEY,
        id_key TEXT NOT NULL UNIQUE,
        tenant TEXT NOT NULL REFERENCES tenants(slug),
        name TEXT NOT NULL,
        roles TEXT NOT NULL,
        position INTEGER NOT NULL))",
        R"(CREATE TABLE users (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL REFERENCES tenants(slug),
        name TEXT NOT NULL,
        email TEXT NOT NULL,
        role TEXT NOT NULL,
        all_projects INTEGER NOT NULL))",
        R"(CREATE TABLE user_projects (
        user_id TEXT NOT NULL REFERENCES users(id),
        project_id TEXT NOT NULL REFERENCES projects(id),
        PRIMARY KEY (user_id, project_id)))",
        // Only a hash of each token is kept; the token itself is shown once when issued.
        R"(CREATE TABLE tokens (
        hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        created_at BIGINT NOT NULL,
        revoked_at BIGINT,
        revoke_reason TEXT))",
        // Content columns are written once; only status, version, seq and updated_at change.
        R"(CREATE TABLE tickets (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL REFERENCES tenants(slug),
        number BIGINT NOT NULL,
        project_id TEXT REFERENCES projects(id),
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        request_type TEXT NOT NULL,
        priority TEXT NOT NULL,
        roles TEXT NOT NULL,
        blocking INTEGER NOT NULL,
        evidence TEXT NOT NULL,
        suggested_resolution TEXT NOT NULL,
        implementation_notes TEXT NOT NULL,
        requester_name TEXT NOT NULL,
        requester_email TEXT NOT NULL,
        requester_email_key TEXT NOT NULL,
        requester_user_id TEXT,
        actor_role TEXT NOT NULL,
        actor_id TEXT,
        source TEXT NOT NULL,
        agent_vendor TEXT,
        status TEXT NOT NULL,
        version INTEGER NOT NULL,
        seq BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        UNIQUE (tenant, number),
        UNIQUE (tenant, seq)))",
        "CREATE INDEX tickets_window ON tickets (tenant, requester_email_key, title, created_at)",
        "CREATE INDEX tickets_requester ON tickets (tenant, requester_user_id, number)",
        "CREATE INDEX tickets_project ON tickets (tenant, project_id, number)",
        R"(CREATE TABLE events (
        ticket_id TEXT NOT NULL REFERENCES tickets(id),
        seq BIGINT NOT NULL,
        type TEXT NOT NULL,
        from_status TEXT,
        to_status TEXT,
        actor_id TEXT,
        note TEXT NOT NULL,
        at BIGINT NOT NULL,
        PRIMARY KEY (ticket_id, seq)))",
        R"(CREATE TABLE idempotency_keys (
        scope TEXT NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        status INTEGER NOT NULL,
        body TEXT NOT NULL,
        location TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (scope, key)))",
        "CREATE INDEX idempotency_age ON idempotency_keys (created_at)",
};
// Version 2: the delta feed of a client or bot (requester) and of a project owner reads by
// seq; without these it scans the tenant's tickets on every poll, which several instances
// polling one database multiply.
const char *const migrationV2[] = {
        "CREATE INDEX tickets_requester_seq ON tickets (tenant, requester_user_id, seq)",
        "CREATE INDEX tickets_project_seq ON tickets (tenant, project_id, seq)",
};

// Version 3: the portal's duplicate window is keyed by the calling user (CONTRACT 5.1, v1.1);
// without this it would read every ticket the user ever filed on each create.
const char *const migrationV3[] = {
        "CREATE INDEX tickets_user_window ON tickets (tenant, requester_user_id, title, "
        "created_at)",
};

// Version 4: an index that a ticket can never be looked up through is only written, never
// read. The capability's duplicate window reads tickets without a requesting user, the
// requester's list, feed and portal window only tickets with one: each of these indexes now
// holds just its kind, so a portal create writes one index entry less and a capability create
// three less (SQLite: ~10 us of the writer's ~50 per capability create; fewer WAL pages, so
// cheaper checkpoints). The queries' own conditions (`requester_user_id IS NULL`, `= ?`) are
// what lets both databases use a partial index.
const char *const migrationV4[] = {
        "DROP INDEX tickets_window",
        "CREATE INDEX tickets_window ON tickets (tenant, requester_email_key, title, created_at) "
        "WHERE requester_user_id IS NULL",
        "DROP INDEX tickets_requester",
        "CREATE INDEX tickets_requester ON tickets (tenant, requester_user_id, number) "
        "WHERE requester_user_id IS NOT NULL",
        "DROP INDEX tickets_requester_seq",
        "CREATE INDEX tickets_requester_seq ON tickets (tenant, requester_user_id, seq) "
        "WHERE requester_user_id IS NOT NULL",
        "DROP INDEX tickets_user_window",
        "CREATE INDEX tickets_user_window ON tickets (tenant, requester_user_id, title, "
        "created_at) WHERE requester_user_id IS NOT NULL",
};

} // namespace

QStringList migrationStatements(int version)
{
    QStringList statements;
    const auto add = [&statements](const auto &steps) {
        for (const char *statement : steps)
            statements.append(QString::fromUtf8(statement));
    };
    if (version == 1)
        add(migrationV1);
    else if (version == 2)
        add(migrationV2);
    else if (version == 3)
        add(migrationV3);
    else if (version == 4)
        add(migrationV4);
    return statements;
}

} // namespace td::server::schema
