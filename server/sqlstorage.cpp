#include "sqlstorage.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSqlRecord>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace td::server {

namespace {

using sql::Finisher;
using sql::fromMs;
using sql::rolesFromText;
using sql::rolesToText;
using sql::text;
using sql::ticketColumns;

QString revokeReasonWire(TokenState state)
{
    return state == TokenState::GithubLinkExpired ? u"github"_s : u"revoked"_s;
}

// The WHERE fragment for what a caller may see, with its bind values appended to `values`.
QString visibilityClause(const Visibility &visibility, QVariantList &values)
{
    QString clause = u"tenant = ?"_s;
    values.append(visibility.tenant);
    if (visibility.requesterUserId) {
        clause += u" AND requester_user_id = ?"_s;
        values.append(*visibility.requesterUserId);
    } else if (!visibility.allProjects) {
        if (visibility.projectIds.isEmpty())
            return clause + u" AND 1 = 0"_s;
        QStringList marks;
        for (const QString &id : visibility.projectIds) {
            marks.append(u"?"_s);
            values.append(id);
        }
        clause += u" AND project_id IN ("_s + marks.join(u", "_s) + u')';
    }
    return clause;
}

template<typename T>
QString inClause(const QString &column, const QList<T> &items, QVariantList &values)
{
    QStringList marks;
    for (const T &item : items) {
        marks.append(u"?"_s);
        values.append(toWire(item));
    }
    return u" AND "_s + column + u" IN ("_s + marks.join(u", "_s) + u')';
}

} // namespace

SqlStorage::SqlStorage(SqlDialect dialect, QString connectionName)
    : m_dialect(std::move(dialect))
    , m_connectionName(std::move(connectionName))
{}

SqlStorage::~SqlStorage()
{
    dropConnection();
}

// --- Connection ---

void SqlStorage::dropConnection()
{
    m_statements.clear();
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

QSqlQuery &SqlStorage::prepared(const QString &sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        auto query = std::make_shared<QSqlQuery>(m_db);
        query->setForwardOnly(true);
        if (!query->prepare(sql)) {
            noteFailure(query->lastError());
            throw StorageError("prepare failed: " + query->lastError().text().toStdString());
        }
        it = m_statements.insert(sql, query);
    }
    return *it.value();
}

void SqlStorage::exec(QSqlQuery &query)
{
    if (m_dialect.textCoding == sql::TextCoding::NulEscaped) {
        const QVariantList values = query.boundValues();
        for (qsizetype i = 0; i < values.size(); ++i) {
            const QVariant &value = values.at(i);
            if (value.typeId() == QMetaType::QString && !value.isNull()
                && sql::needsEscape(value.toString()))
                query.bindValue(int(i), sql::escapeText(value.toString()));
        }
    }
    if (!query.exec()) {
        const QSqlError error = query.lastError();
        query.finish();
        noteFailure(error);
        throw StorageError(error.text().toStdString());
    }
}

void SqlStorage::execSql(const QString &sql)
{
    QSqlQuery query(m_db);
    if (!query.exec(sql)) {
        noteFailure(query.lastError());
        throw StorageError(query.lastError().text().toStdString());
    }
}

void SqlStorage::rollback()
{
    if (!m_inTransaction)
        return;
    m_inTransaction = false;
    QSqlQuery q(m_db);
    if (!q.exec(u"ROLLBACK"_s))
        noteFailure(q.lastError());
}

bool SqlStorage::migrate(QString *error)
{
    execSql(m_dialect.beginWrite);
    m_inTransaction = true;
    try {
        // PostgreSQL: instances starting together must not both run a migration.
        if (!m_dialect.migrationLock.isEmpty())
            execSql(m_dialect.migrationLock);
        execSql(u"CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"_s);
        int version = 0;
        {
            QSqlQuery q(m_db);
            if (!q.exec(u"SELECT version FROM schema_version"_s))
                throw StorageError(q.lastError().text().toStdString());
            if (q.next())
                version = q.value(0).toInt();
            else
                execSql(u"INSERT INTO schema_version (version) VALUES (0)"_s);
        }
        if (version > SchemaVersion) {
            rollback();
            if (error)
                *error = u"database schema version %1 is newer than this server supports (%2); "
                         "use a newer triagedesk-server"_s.arg(version)
                                 .arg(SchemaVersion);
            return false;
        }
        // Each step once, in order; never edit a step that has shipped: add the next one.
        for (int step = version + 1; step <= SchemaVersion; ++step) {
            for (const QString &statement : schema::migrationStatements(step))
                execSql(statement);
        }
        if (version != SchemaVersion) {
            QSqlQuery q(m_db);
            q.prepare(u"UPDATE schema_version SET version = ?"_s);
            q.addBindValue(SchemaVersion);
            if (!q.exec())
                throw StorageError(q.lastError().text().toStdString());
        }
        execSql(u"COMMIT"_s);
        m_inTransaction = false;
        return true;
    } catch (const StorageError &e) {
        rollback();
        if (error)
            *error = (connectionLost() ? u"cannot connect: migration interrupted: "_s
                                       : u"migration failed: "_s)
                     + QString::fromStdString(e.what());
        return false;
    }
}

bool SqlStorage::ping()
{
    try {
        return reading([&] {
            QSqlQuery &q = prepared(u"SELECT version FROM schema_version"_s);
            exec(q);
            Finisher finisher(q);
            return q.next();
        });
    } catch (const StorageError &) {
        return false;
    }
}

// --- Caches ---

QString SqlStorage::currentAuthEpoch()
{
    QSqlQuery &q = prepared(u"SELECT value FROM settings WHERE key = 'auth_epoch'"_s);
    exec(q);
    Finisher finisher(q);
    return q.next() ? columnText(q, 0) : QString();
}

void SqlStorage::readAuthEpoch()
{
    const QString epoch = currentAuthEpoch();
    if (epoch != m_authEpoch) {
        m_callers.clear();
        m_projects.clear();
        m_authEpoch = epoch;
    }
}

bool SqlStorage::isVisible(const Visibility &visibility, const CachedTicket &cached)
{
    if (cached.ticket.tenant != visibility.tenant)
        return false;
    if (visibility.requesterUserId)
        return cached.requesterUserId == visibility.requesterUserId;
    if (visibility.allProjects)
        return true;
    return cached.ticket.projectId && visibility.projectIds.contains(*cached.ticket.projectId);
}

// --- Reads ---

QStringList SqlStorage::grantedProjects(const QString &userId)
{
    QSqlQuery &q = prepared(u"SELECT p.id FROM user_projects up JOIN projects p ON p.id = "
                            "up.project_id WHERE up.user_id = ? ORDER BY p.position"_s);
    q.addBindValue(userId);
    exec(q);
    Finisher finisher(q);
    QStringList ids;
    while (q.next())
        ids.append(columnText(q, 0));
    return ids;
}

std::optional<UserRecord> SqlStorage::readUser(const QSqlQuery &query, int offset) const
{
    UserRecord user;
    user.id = columnText(query, offset);
    user.tenant = columnText(query, offset + 1);
    user.name = columnText(query, offset + 2);
    user.email = columnText(query, offset + 3);
    const auto role = callerRoleFromWire(columnText(query, offset + 4));
    if (!role)
        return std::nullopt;
    user.role = *role;
    user.allProjects = query.value(offset + 5).toInt() != 0;
    return user;
}

std::optional<Caller> SqlStorage::callerByTokenHash(const QByteArray &tokenHash)
{
    return lookupCaller(tokenHash, Lookup::Caller);
}

std::optional<Caller> SqlStorage::callerForWrite(const QByteArray &tokenHash)
{
    return lookupCaller(tokenHash, Lookup::CallerForWrite);
}

std::optional<Caller> SqlStorage::lookupCaller(const QByteArray &tokenHash, Lookup lookup)
{
    return reading([&]() -> std::optional<Caller> {
        const bool cacheable = freshen(lookup);
        if (cacheable) {
            if (const auto it = m_callers.constFind(tokenHash); it != m_callers.constEnd())
                return it.value();
        }
        std::optional<Caller> caller = readCaller(tokenHash);
        if (caller && cacheable) {
            if (m_callers.size() > 10'000)
                m_callers.clear();
            m_callers.insert(tokenHash, *caller);
        }
        return caller;
    });
}

std::optional<Caller> SqlStorage::readCaller(const QByteArray &tokenHash)
{
    QSqlQuery &q = prepared(
            u"SELECT t.revoked_at, t.revoke_reason, u.id, u.tenant, u.name, u.email, u.role, "
            "u.all_projects, n.name FROM tokens t JOIN users u ON u.id = t.user_id "
            "JOIN tenants n ON n.slug = u.tenant WHERE t.hash = ?"_s);
    q.addBindValue(QString::fromLatin1(tokenHash));
    exec(q);
    Caller caller;
    {
        Finisher finisher(q);
        if (!q.next())
            return std::nullopt;
        if (!q.value(0).isNull()) {
            caller.tokenState = columnText(q, 1) == u"github" ? TokenState::GithubLinkExpired
                                                              : TokenState::Revoked;
        }
        const auto user = readUser(q, 2);
        if (!user)
            return std::nullopt;
        caller.user = *user;
        caller.tenant = {caller.user.tenant, columnText(q, 8)};
    }
    if (!caller.user.allProjects)
        caller.user.projectIds = grantedProjects(caller.user.id);
    return caller;
}

std::optional<UserRecord> SqlStorage::user(const QString &id)
{
    return reading([&]() -> std::optional<UserRecord> {
        QSqlQuery &q = prepared(
                u"SELECT id, tenant, name, email, role, all_projects FROM users WHERE id = ?"_s);
        q.addBindValue(id);
        exec(q);
        std::optional<UserRecord> user;
        {
            Finisher finisher(q);
            if (!q.next())
                return std::nullopt;
            user = readUser(q, 0);
        }
        if (user && !user->allProjects)
            user->projectIds = grantedProjects(user->id);
        return user;
    });
}

std::optional<TenantRecord> SqlStorage::tenant(const QString &slug)
{
    return reading([&]() -> std::optional<TenantRecord> {
        QSqlQuery &q = prepared(u"SELECT slug, name FROM tenants WHERE slug = ?"_s);
        q.addBindValue(slug);
        exec(q);
        Finisher finisher(q);
        if (!q.next())
            return std::nullopt;
        return TenantRecord{columnText(q, 0), columnText(q, 1)};
    });
}

std::optional<ProjectRecord> SqlStorage::project(const QString &tenant, const QString &projectId)
{
    return reading([&]() -> std::optional<ProjectRecord> {
        const bool cacheable = freshen(Lookup::Project);
        const QString key = tenant + u'\n' + projectId.toUpper();
        if (cacheable) {
            if (const auto it = m_projects.constFind(key); it != m_projects.constEnd())
                return it.value();
        }
        QSqlQuery &q = prepared(
                u"SELECT id, tenant, name, roles FROM projects WHERE id_key = ? AND tenant = ?"_s);
        q.addBindValue(projectId.toUpper());
        q.addBindValue(tenant);
        exec(q);
        Finisher finisher(q);
        if (!q.next())
            return std::nullopt; // not cached: unknown ids must not grow the cache
        ProjectRecord project{columnText(q, 0), columnText(q, 1), columnText(q, 2),
                              rolesFromText(columnText(q, 3))};
        if (cacheable) {
            if (m_projects.size() >= 4'096)
                m_projects.clear();
            m_projects.insert(key, project);
        }
        return project;
    });
}

QList<ProjectRecord> SqlStorage::projects(const QString &tenant)
{
    return reading([&]() -> QList<ProjectRecord> {
        QSqlQuery &q = prepared(
                u"SELECT id, tenant, name, roles FROM projects WHERE tenant = ? ORDER BY position"_s);
        q.addBindValue(tenant);
        exec(q);
        Finisher finisher(q);
        QList<ProjectRecord> result;
        while (q.next()) {
            result.append({columnText(q, 0), columnText(q, 1), columnText(q, 2),
                           rolesFromText(columnText(q, 3))});
        }
        return result;
    });
}

Ticket SqlStorage::readTicketRow(const QSqlQuery &q, sql::TextCoding coding)
{
    const auto textAt = [&](int column) { return sql::textAt(q, column, coding); };
    Ticket t;
    t.id = textAt(0);
    t.tenant = textAt(1);
    t.number = q.value(2).toLongLong();
    t.projectId = sql::optionalTextAt(q, 3, coding);
    t.title = textAt(4);
    t.description = textAt(5);
    t.requestType = requestTypeFromWire(textAt(6)).value_or(RequestType::General);
    t.priority = priorityFromWire(textAt(7)).value_or(Priority::Medium);
    t.roles = rolesFromText(textAt(8));
    t.blocking = q.value(9).toInt() != 0;
    t.evidence = QJsonDocument::fromJson(textAt(10).toUtf8()).object();
    t.suggestedResolution = textAt(11);
    t.implementationNotes = textAt(12);
    t.requester = {textAt(13), textAt(14)};
    t.actorRole = textAt(15);
    t.actorId = sql::optionalTextAt(q, 16, coding);
    t.source = textAt(17);
    t.agentVendor = sql::optionalTextAt(q, 18, coding);
    t.status = ticketStatusFromWire(textAt(19)).value_or(TicketStatus::New);
    t.version = q.value(20).toInt();
    t.seq = q.value(21).toLongLong();
    t.createdAt = fromMs(q.value(22).toLongLong());
    t.updatedAt = fromMs(q.value(23).toLongLong());
    return t;
}

std::optional<Ticket> SqlStorage::ticketById(const QString &tenant, const QString &id,
                                             bool forUpdate)
{
    QSqlQuery &q
            = prepared(u"SELECT "_s + ticketColumns + u" FROM tickets WHERE id = ? AND tenant = ?"_s
                       + (forUpdate ? m_dialect.forUpdate : QString()));
    q.addBindValue(id.toLower());
    q.addBindValue(tenant);
    exec(q);
    Finisher finisher(q);
    if (!q.next())
        return std::nullopt;
    return readTicketRow(q, m_dialect.textCoding);
}

std::optional<Ticket> SqlStorage::ticket(const Visibility &visibility, const QString &id)
{
    return reading([&]() -> std::optional<Ticket> {
        const bool cacheable = freshen(Lookup::Ticket);
        const QString key = id.toLower();
        if (cacheable) {
            if (const auto it = m_tickets.constFind(key); it != m_tickets.constEnd()) {
                if (!isVisible(visibility, it.value()))
                    return std::nullopt;
                return it.value().ticket;
            }
        }
        QSqlQuery &q = prepared(u"SELECT "_s + ticketColumns
                                + u", requester_user_id FROM tickets WHERE id = ?"_s);
        q.addBindValue(key);
        exec(q);
        Finisher finisher(q);
        if (!q.next())
            return std::nullopt;
        const CachedTicket loaded{readTicketRow(q, m_dialect.textCoding),
                                  sql::optionalTextAt(q, 24, m_dialect.textCoding)};
        // Bounded memory: at most 8,192 tickets, and none with large evidence (up to 64 KiB
        // each), which are read from the database every time instead.
        if (cacheable && q.value(10).toString().size() <= 8 * 1024) {
            if (m_tickets.size() >= 8'192)
                m_tickets.clear();
            m_tickets.insert(key, loaded);
        }
        if (!isVisible(visibility, loaded))
            return std::nullopt;
        return loaded.ticket;
    });
}

TicketPage SqlStorage::runTicketQuery(const QString &where, const QVariantList &values,
                                      const QString &order, int limit)
{
    QSqlQuery &q = prepared(u"SELECT "_s + ticketColumns + u" FROM tickets WHERE "_s + where
                            + u" ORDER BY "_s + order + u" LIMIT ?"_s);
    for (const QVariant &value : values)
        q.addBindValue(value);
    q.addBindValue(limit + 1); // one more tells whether another page follows
    exec(q);
    Finisher finisher(q);
    TicketPage page;
    while (q.next()) {
        if (page.tickets.size() == limit) {
            page.hasMore = true;
            break;
        }
        page.tickets.append(readTicketRow(q, m_dialect.textCoding));
    }
    return page;
}

TicketPage SqlStorage::tickets(const TicketQuery &query)
{
    return reading([&]() -> TicketPage {
        QVariantList values;
        QString where = visibilityClause(query.visibility, values);
        if (query.scope == TicketQuery::Scope::Project) {
            where += u" AND project_id = ?"_s;
            values.append(query.projectId);
        } else if (query.scope == TicketQuery::Scope::Inbox) {
            where += u" AND project_id IS NULL"_s;
        }
        if (!query.statuses.isEmpty())
            where += inClause(u"status"_s, query.statuses, values);
        if (!query.requestTypes.isEmpty())
            where += inClause(u"request_type"_s, query.requestTypes, values);
        if (!query.priorities.isEmpty())
            where += inClause(u"priority"_s, query.priorities, values);
        if (query.beforeNumber) {
            where += u" AND number < ?"_s;
            values.append(*query.beforeNumber);
        }
        return runTicketQuery(where, values, u"number DESC"_s, query.limit);
    });
}

TicketPage SqlStorage::changes(const Visibility &visibility, qint64 since, int limit)
{
    return reading([&]() -> TicketPage {
        QVariantList values;
        QString where = visibilityClause(visibility, values);
        where += u" AND seq > ?"_s;
        values.append(since);
        return runTicketQuery(where, values, u"seq"_s, limit);
    });
}

QList<TicketEvent> SqlStorage::events(const QString &ticketId)
{
    return reading([&]() -> QList<TicketEvent> {
        QSqlQuery &q = prepared(u"SELECT seq, type, from_status, to_status, actor_id, note, at "
                                "FROM events WHERE ticket_id = ? ORDER BY seq"_s);
        q.addBindValue(ticketId.toLower());
        exec(q);
        Finisher finisher(q);
        QList<TicketEvent> events;
        while (q.next()) {
            TicketEvent event;
            event.seq = q.value(0).toLongLong();
            event.type = columnText(q, 1);
            if (!q.value(2).isNull())
                event.from = ticketStatusFromWire(columnText(q, 2));
            if (!q.value(3).isNull())
                event.to = ticketStatusFromWire(columnText(q, 3));
            event.actorId = sql::optionalTextAt(q, 4, m_dialect.textCoding);
            event.note = columnText(q, 5);
            event.at = fromMs(q.value(6).toLongLong());
            events.append(event);
        }
        return events;
    });
}

std::optional<QString> SqlStorage::setting(const QString &key)
{
    return reading([&]() -> std::optional<QString> {
        QSqlQuery &q = prepared(u"SELECT value FROM settings WHERE key = ?"_s);
        q.addBindValue(key);
        exec(q);
        Finisher finisher(q);
        if (!q.next())
            return std::nullopt;
        return columnText(q, 0);
    });
}

// --- Administration (CLI, and the server's own token changes) ---

BootstrapReport SqlStorage::applyBootstrap(const QList<BootstrapTenant> &tenants)
{
    m_callers.clear(); // who a token is may change here
    BootstrapReport report;
    write([&](WriteTransaction &) {
        report = writeBootstrap(tenants);
        if (report.created + report.updated > 0) // a second run must change nothing
            execSql(sql::bumpAuthEpochSql());
    });
    return report;
}

void SqlStorage::addToken(const QString &userId, const QByteArray &tokenHash, qint64 nowMs)
{
    m_callers.clear(); // who a token is may change here
    write([&](WriteTransaction &) {
        QSqlQuery &q
                = prepared(u"INSERT INTO tokens (hash, user_id, created_at) VALUES (?, ?, ?)"_s);
        q.addBindValue(QString::fromLatin1(tokenHash));
        q.addBindValue(userId);
        q.addBindValue(nowMs);
        exec(q);
        execSql(sql::bumpAuthEpochSql());
    });
}

bool SqlStorage::revokeToken(const QByteArray &tokenHash, TokenState reason, qint64 nowMs)
{
    m_callers.clear(); // who a token is may change here
    bool found = false;
    write([&](WriteTransaction &) {
        QSqlQuery &q
                = prepared(u"UPDATE tokens SET revoked_at = ?, revoke_reason = ? WHERE hash = ?"_s);
        q.addBindValue(nowMs);
        q.addBindValue(revokeReasonWire(reason));
        q.addBindValue(QString::fromLatin1(tokenHash));
        exec(q);
        found = q.numRowsAffected() == 1;
        execSql(sql::bumpAuthEpochSql());
    });
    return found;
}

void SqlStorage::setSetting(const QString &key, const QString &value)
{
    write([&](WriteTransaction &) {
        QSqlQuery &del = prepared(u"DELETE FROM settings WHERE key = ?"_s);
        del.addBindValue(key);
        exec(del);
        QSqlQuery &ins = prepared(u"INSERT INTO settings (key, value) VALUES (?, ?)"_s);
        ins.addBindValue(key);
        ins.addBindValue(text(value));
        exec(ins);
    });
}

int SqlStorage::purgeStoredResponses(qint64 notBeforeMs, int limit)
{
    int removed = 0;
    write([&](WriteTransaction &) {
        const QString &row = m_dialect.rowLocator;
        QSqlQuery &q = prepared(u"DELETE FROM idempotency_keys WHERE "_s + row + u" IN (SELECT "_s
                                + row + u" FROM idempotency_keys WHERE created_at < ? LIMIT ?)"_s);
        q.addBindValue(notBeforeMs);
        q.addBindValue(limit);
        exec(q);
        removed = q.numRowsAffected();
    });
    return removed;
}

// The bootstrap upserts (tenants, projects, users, grants, tokens): a row is touched only
// when a value differs, so a second run changes nothing; tokens are only ever added.
// Throws StorageError when an id already belongs to another tenant or user.
BootstrapReport SqlStorage::writeBootstrap(const QList<BootstrapTenant> &tenants)
{
    BootstrapReport report;
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    // Upserts that touch a row only when a value differs, so a second run changes nothing.
    auto upsert = [&](const QString &selectSql, const QVariantList &key, const QVariantList &wanted,
                      const QString &insertSql, const QString &updateSql) {
        QSqlQuery &sel = prepared(selectSql);
        for (const QVariant &v : key)
            sel.addBindValue(v);
        exec(sel);
        std::optional<QVariantList> current;
        {
            Finisher finisher(sel);
            if (sel.next()) {
                QVariantList row;
                for (int i = 0; i < sel.record().count(); ++i)
                    row.append(sel.value(i));
                current = row;
            }
        }
        if (!current) {
            QSqlQuery &ins = prepared(insertSql);
            for (const QVariant &v : key)
                ins.addBindValue(v);
            for (const QVariant &v : wanted)
                ins.addBindValue(v);
            exec(ins);
            ++report.created;
            return;
        }
        bool same = current->size() == wanted.size();
        for (qsizetype i = 0; same && i < wanted.size(); ++i)
            same = current->at(i).toString() == wanted.at(i).toString();
        if (same)
            return;
        QSqlQuery &upd = prepared(updateSql);
        for (const QVariant &v : wanted)
            upd.addBindValue(v);
        for (const QVariant &v : key)
            upd.addBindValue(v);
        exec(upd);
        ++report.updated;
    };

    for (const BootstrapTenant &bt : tenants) {
        upsert(u"SELECT name FROM tenants WHERE slug = ?"_s, {bt.tenant.slug},
               {text(bt.tenant.name)}, u"INSERT INTO tenants (slug, name) VALUES (?, ?)"_s,
               u"UPDATE tenants SET name = ? WHERE slug = ?"_s);
        int position = 0;
        for (const ProjectRecord &p : bt.projects) {
            // A project UUID names one project on the whole server.
            QSqlQuery &owner = prepared(u"SELECT id, tenant FROM projects WHERE id_key = ?"_s);
            owner.addBindValue(p.id.toUpper());
            exec(owner);
            QString storedId = p.id;
            {
                Finisher finisher(owner);
                if (owner.next()) {
                    if (columnText(owner, 1) != bt.tenant.slug)
                        throw StorageError("project " + p.id.toStdString()
                                           + " already belongs to another tenant");
                    storedId = columnText(owner, 0);
                }
            }
            upsert(u"SELECT id_key, tenant, name, roles, position FROM projects WHERE id = ?"_s,
                   {storedId},
                   {storedId.toUpper(), bt.tenant.slug, text(p.name), rolesToText(p.roles),
                    position++},
                   u"INSERT INTO projects (id, id_key, tenant, name, roles, position) "
                   "VALUES (?, ?, ?, ?, ?, ?)"_s,
                   u"UPDATE projects SET id_key = ?, tenant = ?, name = ?, roles = ?, "
                   "position = ? WHERE id = ?"_s);
        }
        for (const BootstrapUser &bu : bt.users) {
            const UserRecord &u = bu.user;
            QSqlQuery &existing = prepared(u"SELECT tenant FROM users WHERE id = ?"_s);
            existing.addBindValue(u.id);
            exec(existing);
            {
                Finisher finisher(existing);
                if (existing.next() && columnText(existing, 0) != bt.tenant.slug)
                    throw StorageError("user " + u.id.toStdString()
                                       + " already belongs to another tenant");
            }
            upsert(u"SELECT tenant, name, email, role, all_projects FROM users WHERE id = ?"_s,
                   {u.id},
                   {bt.tenant.slug, text(u.name), text(u.email), toWire(u.role),
                    u.allProjects ? 1 : 0},
                   u"INSERT INTO users (id, tenant, name, email, role, all_projects) "
                   "VALUES (?, ?, ?, ?, ?, ?)"_s,
                   u"UPDATE users SET tenant = ?, name = ?, email = ?, role = ?, "
                   "all_projects = ? WHERE id = ?"_s);
            // Grants: exactly the listed projects.
            QStringList wanted;
            if (!u.allProjects) {
                for (const QString &pid : u.projectIds) {
                    const auto p = project(bt.tenant.slug, pid);
                    if (!p)
                        throw StorageError("user " + u.id.toStdString()
                                           + " is granted unknown project " + pid.toStdString());
                    wanted.append(p->id);
                }
            }
            const QStringList current = grantedProjects(u.id);
            for (const QString &pid : current) {
                if (wanted.contains(pid))
                    continue;
                QSqlQuery &del = prepared(
                        u"DELETE FROM user_projects WHERE user_id = ? AND project_id = ?"_s);
                del.addBindValue(u.id);
                del.addBindValue(pid);
                exec(del);
                ++report.updated;
            }
            for (const QString &pid : std::as_const(wanted)) {
                if (current.contains(pid))
                    continue;
                QSqlQuery &ins = prepared(
                        u"INSERT INTO user_projects (user_id, project_id) VALUES (?, ?)"_s);
                ins.addBindValue(u.id);
                ins.addBindValue(pid);
                exec(ins);
                ++report.created;
            }
            // Tokens are only ever added: re-running bootstrap must not revive a token
            // that was revoked since.
            for (const QByteArray &hash : bu.tokenHashes) {
                QSqlQuery &sel = prepared(u"SELECT user_id FROM tokens WHERE hash = ?"_s);
                sel.addBindValue(QString::fromLatin1(hash));
                exec(sel);
                {
                    Finisher finisher(sel);
                    if (sel.next()) {
                        if (columnText(sel, 0) != u.id)
                            throw StorageError("a token of user " + u.id.toStdString()
                                               + " belongs to another user");
                        continue;
                    }
                }
                QSqlQuery &ins = prepared(
                        u"INSERT INTO tokens (hash, user_id, created_at) VALUES (?, ?, ?)"_s);
                ins.addBindValue(QString::fromLatin1(hash));
                ins.addBindValue(u.id);
                ins.addBindValue(nowMs);
                exec(ins);
                ++report.created;
            }
        }
    }
    return report;
}

// --- Write transactions ---

QString SqlWriteTransaction::authEpoch()
{
    // Once per transaction: it began after every write it holds was queued, so a token change
    // committed before any of those requests was sent is seen.
    if (!m_authEpoch)
        m_authEpoch = m_sql.currentAuthEpoch();
    return *m_authEpoch;
}

std::optional<Caller> SqlWriteTransaction::callerNow(const QByteArray &tokenHash)
{
    return m_sql.readCaller(tokenHash);
}

} // namespace td::server
