#include "schema.h"

using namespace Qt::StringLiterals;

namespace td::schema {

namespace {

// Version 1: tickets with the columns the list filters and sorts on next to the full JSON
// (the JSON is the truth; the columns are an index of it), events, the sync cursor and the
// outbox. Integer columns hold enum order, so ORDER BY priority sorts low < ... < urgent.
const QList<QString> v1 = {
        uR"(CREATE TABLE tickets (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    number INTEGER NOT NULL,
    project_id TEXT,
    project_key TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    request_type INTEGER NOT NULL,
    priority INTEGER NOT NULL,
    status INTEGER NOT NULL,
    roles TEXT NOT NULL,
    blocking INTEGER NOT NULL,
    requester_name TEXT NOT NULL,
    requester_email TEXT NOT NULL,
    updated_ms INTEGER NOT NULL,
    version INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    json TEXT NOT NULL))"_s,
        u"CREATE INDEX tickets_number ON tickets(number)"_s,
        u"CREATE INDEX tickets_updated ON tickets(updated_ms, number)"_s,
        u"CREATE INDEX tickets_priority ON tickets(priority, number)"_s,
        u"CREATE INDEX tickets_status ON tickets(status, number)"_s,
        u"CREATE INDEX tickets_project ON tickets(project_key, updated_ms, number)"_s,
        uR"(CREATE TABLE events (
    ticket_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (ticket_id, seq)) WITHOUT ROWID)"_s,
        u"CREATE TABLE sync_state (key TEXT PRIMARY KEY, value) WITHOUT ROWID"_s,
        uR"(CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('create', 'transition')),
    project_id TEXT,
    ticket_id TEXT,
    payload TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL
        CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'conflict')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms INTEGER NOT NULL,
    last_error TEXT,
    server_ticket TEXT,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL))"_s,
        u"CREATE INDEX outbox_ticket ON outbox(ticket_id)"_s,
        u"CREATE INDEX outbox_due ON outbox(state, next_attempt_ms)"_s,
};

// Version 2: full-text search and live counts.
// - FTS5 with external content (the text lives once, in tickets), kept in step by triggers.
//   Tickets are append-only on the server, so only inserts touch the index; the upsert
//   rewrites every column, and the WHEN clause keeps a status change from re-indexing text.
//   prefix='1 2 3' indexes the first keystrokes of a search (one to three letters, each a
//   prefix query), which otherwise merge the doclists of every term they start (about 1 s for
//   "e" over a million tickets, 0.1 s with the prefix index).
// - ticket_counts per (project, status), kept by triggers, so the sidebar's numbers cost a
//   lookup instead of a scan of every ticket after each sync page.
const QList<QString> v2 = {
        uR"(CREATE VIRTUAL TABLE tickets_fts USING fts5(
    title, description, requester_name, requester_email,
    content='tickets', content_rowid='rid',
    tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'))"_s,
        uR"(CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO tickets_fts(rowid, title, description, requester_name, requester_email)
    VALUES (new.rid, new.title, new.description, new.requester_name, new.requester_email);
END)"_s,
        uR"(CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN
    INSERT INTO tickets_fts(tickets_fts, rowid, title, description, requester_name,
                            requester_email)
    VALUES ('delete', old.rid, old.title, old.description, old.requester_name,
            old.requester_email);
END)"_s,
        uR"(CREATE TRIGGER tickets_fts_update
AFTER UPDATE OF title, description, requester_name, requester_email ON tickets
WHEN old.title IS NOT new.title OR old.description IS NOT new.description
    OR old.requester_name IS NOT new.requester_name
    OR old.requester_email IS NOT new.requester_email BEGIN
    INSERT INTO tickets_fts(tickets_fts, rowid, title, description, requester_name,
                            requester_email)
    VALUES ('delete', old.rid, old.title, old.description, old.requester_name,
            old.requester_email);
    INSERT INTO tickets_fts(rowid, title, description, requester_name, requester_email)
    VALUES (new.rid, new.title, new.description, new.requester_name, new.requester_email);
END)"_s,
        u"INSERT INTO tickets_fts(tickets_fts) VALUES ('rebuild')"_s,
        uR"(CREATE TABLE ticket_counts (
    project_key TEXT NOT NULL,
    status INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (project_key, status)) WITHOUT ROWID)"_s,
        uR"(INSERT INTO ticket_counts (project_key, status, n)
    SELECT project_key, status, count(*) FROM tickets GROUP BY project_key, status)"_s,
        uR"(CREATE TRIGGER ticket_counts_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO ticket_counts (project_key, status, n) VALUES (new.project_key, new.status, 1)
        ON CONFLICT (project_key, status) DO UPDATE SET n = n + 1;
END)"_s,
        uR"(CREATE TRIGGER ticket_counts_delete AFTER DELETE ON tickets BEGIN
    UPDATE ticket_counts SET n = n - 1
        WHERE project_key = old.project_key AND status = old.status;
END)"_s,
        uR"(CREATE TRIGGER ticket_counts_update AFTER UPDATE OF project_key, status ON tickets
WHEN old.project_key IS NOT new.project_key OR old.status IS NOT new.status BEGIN
    UPDATE ticket_counts SET n = n - 1
        WHERE project_key = old.project_key AND status = old.status;
    INSERT INTO ticket_counts (project_key, status, n) VALUES (new.project_key, new.status, 1)
        ON CONFLICT (project_key, status) DO UPDATE SET n = n + 1;
END)"_s,
};

// Version 3: the status views (Inbox, Triaged, In progress, Closed) sorted by last update,
// the default, read their pages from one index. Before, SQLite found the tickets of that
// status by (status, number) and sorted all of them for every page, so scrolling deep into a
// 100,000-ticket inbox cost ~100 ms a page and paging through it a minute.
const QList<QString> v3 = {
        u"CREATE INDEX tickets_status_updated ON tickets(status, updated_ms, number)"_s,
};

// Version 5: search that shows the newest matches first without collecting every match.
// - rid is the list's default order: (updated_ms - 2020-01-01) * 2^22 + number (see
//   TicketWriter::orderKey), so "most recently updated first" is ORDER BY rid DESC, and the
//   full-text index, whose rowid is rid, hands out matches in that order: a search's first
//   screenful costs a screenful, however many tickets match. A ticket whose key cannot be
//   computed exactly (number past 2^22 - 1, a date outside 1950-2089, a key another row has)
//   gets max(rid) + 1, and while such a row exists (tickets_inexact, a partial index that is
//   normally empty) the cache sorts by the columns instead.
// - The full-text index keeps no positions (detail=none): a search is a set of word prefixes,
//   never a phrase, and without positions the index is a fraction of the size, so storing a
//   sync page and merging a prefix's doclists both cost less.
// - Indexes follow the queries (EXPLAIN QUERY PLAN in store/README.md): the updated-order
//   ones become (project_key) and (status), whose entries end in rid, so a project or a
//   status view pages by rid from them; (updated_ms, number) is dropped, no query uses it.
// The table is copied, not updated in place: the new keys could meet old rids mid-update.
const QList<QString> v4 = {
        u"DROP TABLE tickets_fts"_s,
        uR"(CREATE TABLE tickets_v4 (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    number INTEGER NOT NULL,
    project_id TEXT,
    project_key TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    request_type INTEGER NOT NULL,
    priority INTEGER NOT NULL,
    status INTEGER NOT NULL,
    roles TEXT NOT NULL,
    blocking INTEGER NOT NULL,
    requester_name TEXT NOT NULL,
    requester_email TEXT NOT NULL,
    updated_ms INTEGER NOT NULL,
    version INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    json TEXT NOT NULL))"_s,
        // Exact keys first (a key two rows would share keeps the first); the rest are then
        // numbered after the greatest (NULL). Not one statement sorted by exactness: the sort
        // would hold every row.
        uR"(INSERT OR IGNORE INTO tickets_v4 (rid, id, number, project_id, project_key, title,
    description, request_type, priority, status, roles, blocking, requester_name,
    requester_email, updated_ms, version, seq, json)
SELECT (updated_ms - 1577836800000) * 4194304 + number,
    id, number, project_id, project_key, title, description, request_type, priority, status,
    roles, blocking, requester_name, requester_email, updated_ms, version, seq, json
FROM tickets
WHERE number BETWEEN 0 AND 4194303
    AND updated_ms - 1577836800000 BETWEEN -2199023255551 AND 2199023255551)"_s,
        uR"(INSERT INTO tickets_v4 (rid, id, number, project_id, project_key, title, description,
    request_type, priority, status, roles, blocking, requester_name, requester_email,
    updated_ms, version, seq, json)
SELECT NULL, id, number, project_id, project_key, title, description, request_type, priority,
    status, roles, blocking, requester_name, requester_email, updated_ms, version, seq, json
FROM tickets
WHERE id NOT IN (SELECT id FROM tickets_v4))"_s,
        u"DROP TABLE tickets"_s,
        u"ALTER TABLE tickets_v4 RENAME TO tickets"_s,
        u"CREATE INDEX tickets_number ON tickets(number)"_s,
        u"CREATE INDEX tickets_priority ON tickets(priority, number)"_s,
        u"CREATE INDEX tickets_status ON tickets(status, number)"_s,
        u"CREATE INDEX tickets_project_rid ON tickets(project_key)"_s,
        u"CREATE INDEX tickets_status_rid ON tickets(status)"_s,
        // The rows whose rid is not their exact order key: normally none, so the index is
        // empty and asking whether rid order is the list's order costs one lookup. It heals
        // by itself when such a row is replaced or removed (a local row when it is sent).
        uR"(CREATE INDEX tickets_inexact ON tickets(rid)
WHERE rid <> (updated_ms - 1577836800000) * 4194304 + number)"_s,
        uR"(CREATE VIRTUAL TABLE tickets_fts USING fts5(
    title, description, requester_name, requester_email,
    content='tickets', content_rowid='rid', detail=none,
    tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'))"_s,
        uR"(CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO tickets_fts(rowid, title, description, requester_name, requester_email)
    VALUES (new.rid, new.title, new.description, new.requester_name, new.requester_email);
END)"_s,
        uR"(CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN
    INSERT INTO tickets_fts(tickets_fts, rowid, title, description, requester_name,
                            requester_email)
    VALUES ('delete', old.rid, old.title, old.description, old.requester_name,
            old.requester_email);
END)"_s,
        // A new rid (the ticket was updated later) moves its entry; a status change alone
        // keeps both rid and text and does not touch the index.
        uR"(CREATE TRIGGER tickets_fts_update
AFTER UPDATE OF rid, title, description, requester_name, requester_email ON tickets
WHEN old.rid IS NOT new.rid OR old.title IS NOT new.title
    OR old.description IS NOT new.description OR old.requester_name IS NOT new.requester_name
    OR old.requester_email IS NOT new.requester_email BEGIN
    INSERT INTO tickets_fts(tickets_fts, rowid, title, description, requester_name,
                            requester_email)
    VALUES ('delete', old.rid, old.title, old.description, old.requester_name,
            old.requester_email);
    INSERT INTO tickets_fts(rowid, title, description, requester_name, requester_email)
    VALUES (new.rid, new.title, new.description, new.requester_name, new.requester_email);
END)"_s,
        u"INSERT INTO tickets_fts(tickets_fts) VALUES ('rebuild')"_s,
        // The counts' triggers went with the old table; the counts themselves are unchanged.
        uR"(CREATE TRIGGER ticket_counts_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO ticket_counts (project_key, status, n) VALUES (new.project_key, new.status, 1)
        ON CONFLICT (project_key, status) DO UPDATE SET n = n + 1;
END)"_s,
        uR"(CREATE TRIGGER ticket_counts_delete AFTER DELETE ON tickets BEGIN
    UPDATE ticket_counts SET n = n - 1
        WHERE project_key = old.project_key AND status = old.status;
END)"_s,
        uR"(CREATE TRIGGER ticket_counts_update AFTER UPDATE OF project_key, status ON tickets
WHEN old.project_key IS NOT new.project_key OR old.status IS NOT new.status BEGIN
    UPDATE ticket_counts SET n = n - 1
        WHERE project_key = old.project_key AND status = old.status;
    INSERT INTO ticket_counts (project_key, status, n) VALUES (new.project_key, new.status, 1)
        ON CONFLICT (project_key, status) DO UPDATE SET n = n + 1;
END)"_s,
};

// Version 6: every column of the list sorts, each from an index, so its first page and a page
// deep in the order cost a page (bench/cache: 0.2-0.9 s per page at 100,000 tickets without
// them, each page sorting the whole cache). The text keys are NOCASE, which the list's
// compareSortText mirrors exactly. Roles sort as the list shows them, "|a|b|" as "a, b": a
// virtual generated column (computed on read, stored only in its index) rather than an index
// on the expression, because SQLite seeks an index with the keyset's row value
// (roles_shown, number) > (?, ?) only when its left side is plain columns; on the expression
// every deep page scanned all tickets with the same roles (1 s at 100,000).
const QList<QString> v6 = {
        u"CREATE INDEX tickets_title ON tickets(title COLLATE NOCASE, number)"_s,
        u"CREATE INDEX tickets_type ON tickets(request_type, number)"_s,
        u"CREATE INDEX tickets_requester ON tickets(requester_name COLLATE NOCASE, number)"_s,
        uR"(ALTER TABLE tickets ADD COLUMN roles_shown TEXT COLLATE NOCASE
    GENERATED ALWAYS AS (replace(substr(roles, 2, length(roles) - 2), '|', ', ')) VIRTUAL)"_s,
        u"CREATE INDEX tickets_roles ON tickets(roles_shown COLLATE NOCASE, number)"_s,
};

// Version 4: the outbox read by index only, and held items. The Outbox view, the session and the
// sync engine read the outbox on the UI thread at every triage action, so each read must cost the
// few rows it returns, not the whole history of sent items.
// - state 'held': a ticket the user keeps in the outbox until they send it. A CHECK cannot be
//   altered in SQLite, so the table is copied (with AUTOINCREMENT's high-water mark, so an id
//   of a pruned item is never given again).
// - (state, updated_ms): the sent history newest first, its pruning, the unsent count.
// - (ticket_id, state) replaces (ticket_id): "does an earlier item of this ticket still wait"
//   and the pending transitions per ticket are answered from the index alone.
const QList<QString> outboxHeld = {
        uR"(CREATE TABLE outbox_next (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('create', 'transition')),
    project_id TEXT,
    ticket_id TEXT,
    payload TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL
        CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'conflict', 'held')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms INTEGER NOT NULL,
    last_error TEXT,
    server_ticket TEXT,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL))"_s,
        uR"(INSERT INTO outbox_next (id, kind, project_id, ticket_id, payload, idempotency_key,
    state, attempts, next_attempt_ms, last_error, server_ticket, created_ms, updated_ms)
SELECT id, kind, project_id, ticket_id, payload, idempotency_key, state, attempts,
    next_attempt_ms, last_error, server_ticket, created_ms, updated_ms FROM outbox)"_s,
        u"DELETE FROM sqlite_sequence WHERE name = 'outbox_next'"_s,
        uR"(INSERT INTO sqlite_sequence (name, seq)
SELECT 'outbox_next', seq FROM sqlite_sequence WHERE name = 'outbox')"_s,
        u"DROP TABLE outbox"_s,
        u"ALTER TABLE outbox_next RENAME TO outbox"_s,
        u"CREATE INDEX outbox_due ON outbox(state, next_attempt_ms)"_s,
        u"CREATE INDEX outbox_state_updated ON outbox(state, updated_ms)"_s,
        u"CREATE INDEX outbox_ticket_state ON outbox(ticket_id, state)"_s,
};

// Version 7: the account's saved views (name, place in the sidebar, what they show). They
// live with the account's other data, not in the settings file every account shares. The
// spec is JSON (SavedViewSpec::toJson): it is read whole, never queried by its parts.
// - tickets_facets: every saved view is counted again after each sync page, and so are the
//   sidebar's numbers while a filter is on. Those counts filter on type, priority, blocking,
//   project and role, none of which had an index, so each read every ticket row, JSON and all
//   (four typical saved views: 717 ms at 100,000 tickets). Counted from this narrow covering
//   index instead they cost a few ms. Paged list queries keep their indexes: this one gives
//   no page order, and it starts with status so it never replaces the (status) one.
const QList<QString> savedViews = {
        uR"(CREATE INDEX tickets_facets
    ON tickets(status, request_type, priority, blocking, project_key, roles))"_s,
        uR"(CREATE TABLE saved_views (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    position INTEGER NOT NULL,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    spec TEXT NOT NULL))"_s,
};

// Version 8: the full-text index and the counts are written once per page by TicketWriter,
// not per row by triggers. SQLite 3.40's FTS5 writes its pending terms out as a segment each
// time a statement with a statement journal ends, and the upsert, with its triggers, had one:
// a trigger-kept index wrote a segment per ticket and spent half of a sync merging them. The
// delete triggers stay: a row removed (an unsent ticket's local row) leaves the index and the
// counts with it. The index and the counts are already right, so the step is instant.
const QList<QString> pageWrittenIndex = {
        u"DROP TRIGGER tickets_fts_insert"_s,
        u"DROP TRIGGER tickets_fts_update"_s,
        u"DROP TRIGGER ticket_counts_insert"_s,
        u"DROP TRIGGER ticket_counts_update"_s,
};
} // namespace

QList<QString> migrationStep(int from)
{
    switch (from) {
    case 0:
        return v1;
    case 1:
        return v2;
    case 2:
        return v3;
    case 3:
        return outboxHeld;
    case 4:
        return v4;
    case 5:
        return v6;
    case 6:
        return savedViews;
    case 7:
        return pageWrittenIndex;
    default:
        return {};
    }
}

QList<Index> deferrableIndexes()
{
    // Cheapest first: the status and project views' (rid) indexes come before the text ones.
    return {
            {u"tickets_status_rid"_s,
             u"CREATE INDEX IF NOT EXISTS tickets_status_rid ON tickets(status)"_s},
            {u"tickets_project_rid"_s,
             u"CREATE INDEX IF NOT EXISTS tickets_project_rid ON tickets(project_key)"_s},
            {u"tickets_number"_s,
             u"CREATE INDEX IF NOT EXISTS tickets_number ON tickets(number)"_s},
            {u"tickets_status"_s,
             u"CREATE INDEX IF NOT EXISTS tickets_status ON tickets(status, number)"_s},
            {u"tickets_priority"_s,
             u"CREATE INDEX IF NOT EXISTS tickets_priority ON tickets(priority, number)"_s},
            {u"tickets_type"_s,
             u"CREATE INDEX IF NOT EXISTS tickets_type ON tickets(request_type, number)"_s},
            {u"tickets_facets"_s, uR"(CREATE INDEX IF NOT EXISTS tickets_facets
    ON tickets(status, request_type, priority, blocking, project_key, roles))"_s},
            {u"tickets_roles"_s,
             u"CREATE INDEX IF NOT EXISTS tickets_roles ON tickets(roles_shown COLLATE NOCASE, "
             "number)"_s},
            {u"tickets_requester"_s,
             u"CREATE INDEX IF NOT EXISTS tickets_requester ON tickets(requester_name COLLATE "
             "NOCASE, number)"_s},
            {u"tickets_title"_s,
             u"CREATE INDEX IF NOT EXISTS tickets_title ON tickets(title COLLATE NOCASE, "
             "number)"_s},
    };
}

QString outboxColumns()
{
    return u"id, kind, project_id, ticket_id, payload, idempotency_key, state, attempts, "
           "next_attempt_ms, last_error, server_ticket, created_ms, updated_ms"_s;
}

} // namespace td::schema
