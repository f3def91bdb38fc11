#include "postgresstorage.h"

#include "schema.h"
#include "sqlcommon.h"

#include <QAtomicInt>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlRecord>
#include <QUrl>
#include <QUrlQuery>
#include <QVariant>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace td::server {

namespace {

using sql::escapeText;
using sql::Finisher;
using sql::fromMs;
using sql::needsEscape;
using sql::nullable;
using sql::rolesFromText;
using sql::rolesToText;
using sql::text;
using sql::ticketColumns;
using sql::unescapeText;

// Version 1 is the schema SqliteStorage writes, statement for statement, so data moves between
// the backends with a plain export/import and both read the same way.

// Any constant: every instance takes this lock before looking at schema_version, so two
// instances starting together do not both run a migration.
constexpr qint64 MigrationLockId = 0x7464'6d69'6772'6174; // "tdmigrat"

// Text as stored, unescaped (sqlcommon.h: TextCoding).
QString textAt(const QSqlQuery &query, int index)
{
    return unescapeText(query.value(index).toString());
}

std::optional<QString> optionalText(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    return unescapeText(value.toString());
}

QString revokeReasonWire(TokenState state)
{
    return state == TokenState::GithubLinkExpired ? u"github"_s : u"revoked"_s;
}

// SQLSTATE classes that mean "the connection is gone or the server is going away": 08
// (connection exception), 57P01-57P03 (admin/crash shutdown, cannot connect now). An empty
// code with a failed statement is libpq losing the socket without a server message.
bool isConnectionLoss(const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    if (error.type() == QSqlError::ConnectionError)
        return true;
    if (code.isEmpty())
        return true;
    return code.startsWith(u"08"_s) || code == u"57P01"_s || code == u"57P02"_s
           || code == u"57P03"_s;
}

void warn(const QString &line)
{
    std::fprintf(stderr, "warning: %s\n", line.toLocal8Bit().constData());
    std::fflush(stderr);
}

QAtomicInt connectionCounter;

} // namespace

QString PostgresConfig::withPasswordFile(const QString &spec, const QString &file)
{
    QUrl url(spec);
    QUrlQuery query(url);
    query.addQueryItem(u"password_file"_s, file);
    url.setQuery(query);
    return url.toString();
}

std::optional<PostgresConfig> PostgresConfig::parse(const QString &spec, QString *error)
{
    auto fail = [error](const QString &why) -> std::optional<PostgresConfig> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const QUrl url(spec, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"postgresql"_s && url.scheme() != u"postgres"_s))
        return fail(u"not a PostgreSQL URL; use postgresql://USER@HOST:PORT/DBNAME"_s);
    if (!url.password().isEmpty())
        return fail(u"no password in the database URL (it would show in the process list): "
                    "set PGPASSWORD or use --database-password-file"_s);
    PostgresConfig config;
    if (!url.host().isEmpty())
        config.host = url.host();
    config.port = url.port(5432);
    config.user = url.userName();
    config.database = url.path().mid(1);
    if (config.database.isEmpty() || config.database.contains(u'/'))
        return fail(
                u"the database URL needs a database name: postgresql://USER@HOST:PORT/DBNAME"_s);
    if (config.user.isEmpty())
        config.user = qEnvironmentVariable("PGUSER");
    const QUrlQuery query(url);
    for (const auto &[name, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (name == u"statement_timeout_ms"_s) {
            bool ok = false;
            config.statementTimeoutMs = value.toInt(&ok);
            if (!ok || config.statementTimeoutMs < 0)
                return fail(u"statement_timeout_ms needs a whole number of milliseconds"_s);
        } else if (name == u"connect_timeout"_s) {
            bool ok = false;
            config.connectTimeoutSeconds = value.toInt(&ok);
            if (!ok || config.connectTimeoutSeconds < 1)
                return fail(u"connect_timeout needs a whole number of seconds >= 1"_s);
        } else if (name == u"password_file"_s) {
            QFile file(value);
            if (!file.open(QIODevice::ReadOnly))
                return fail(u"cannot read the database password file %1"_s.arg(value));
            // The first line, without its line break: files written by `echo` end with one.
            config.password = QString::fromUtf8(file.readLine()).remove(u'\n').remove(u'\r');
        } else {
            return fail(u"unknown database URL parameter \"%1\""_s.arg(name));
        }
    }
    if (config.password.isEmpty())
        config.password = qEnvironmentVariable("PGPASSWORD");
    return config;
}

// The write transaction handed to Storage::write(): statements of the owning storage.
class PostgresStorage::Transaction final : public WriteTransaction
{
public:
    explicit Transaction(PostgresStorage &storage)
        : m_s(storage)
    {}

    // Group commit (writeBatch): the batch's tenant counter rows are locked and read before the
    // first item, so numbers and seqs are counted here and written back once before COMMIT,
    // and the advisory locks are not needed: every writer of these tenants, on any instance,
    // waits for the counter rows before it reads anything.
    struct Counter
    {
        qint64 number = 0;
        qint64 seq = 0;
        bool dirty = false;
    };
    using Counters = QHash<QString, Counter>;
    void startBatch(Counters counters)
    {
        m_batch = true;
        m_counters = std::move(counters);
    }
    const Counters &counters() const { return m_counters; }
    void restoreCounters(Counters counters) { m_counters = std::move(counters); }

    std::optional<StoredResponse> storedResponse(const QString &scope, const QString &key,
                                                 qint64 notBeforeMs) override
    {
        // A second request with this key, on any instance, waits here until the first one
        // committed; its next statement then sees the stored answer and replays it.
        lock(u"idem\n"_s + scope + u'\n' + key);
        QSqlQuery &q
                = m_s.prepared(u"SELECT request_hash, status, body, location FROM idempotency_keys "
                               "WHERE scope = ? AND key = ? AND created_at >= ?"_s);
        q.addBindValue(scope);
        q.addBindValue(key);
        q.addBindValue(notBeforeMs);
        m_s.exec(q);
        Finisher finisher(q);
        if (!q.next())
            return std::nullopt;
        StoredResponse response;
        response.requestHash = textAt(q, 0).toLatin1();
        response.status = q.value(1).toInt();
        response.body = textAt(q, 2).toUtf8();
        response.location = textAt(q, 3).toUtf8();
        return response;
    }

    void storeResponse(const QString &scope, const QString &key, const StoredResponse &response,
                       qint64 nowMs) override
    {
        // An expired record under the same key is replaced: the key is free again after 24 h.
        QSqlQuery &q = m_s.prepared(
                u"INSERT INTO idempotency_keys (scope, key, request_hash, status, body, location, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scope, key) DO UPDATE SET "
                "request_hash = EXCLUDED.request_hash, status = EXCLUDED.status, "
                "body = EXCLUDED.body, location = EXCLUDED.location, "
                "created_at = EXCLUDED.created_at"_s);
        q.addBindValue(scope);
        q.addBindValue(key);
        q.addBindValue(QString::fromLatin1(response.requestHash));
        q.addBindValue(response.status);
        q.addBindValue(text(QString::fromUtf8(response.body)));
        q.addBindValue(text(QString::fromUtf8(response.location)));
        q.addBindValue(nowMs);
        m_s.exec(q);
    }

    std::optional<Ticket> recentTicket(const WindowKey &key) override
    {
        const sql::WindowQuery window = sql::windowQuery(key);
        // Identical creates arriving on two instances at once: the second waits for the
        // first's commit, then (READ COMMITTED takes a new snapshot per statement) finds its
        // ticket.
        lock(window.lockName);
        QSqlQuery &q = m_s.prepared(u"SELECT "_s + ticketColumns + u" FROM tickets WHERE "_s
                                    + window.where
                                    + u" ORDER BY created_at DESC, number DESC LIMIT 1"_s);
        for (const QVariant &value : window.values)
            q.addBindValue(value);
        m_s.exec(q);
        Finisher finisher(q);
        if (!q.next())
            return std::nullopt;
        return readTicket(q);
    }

    Ticket insertTicket(const NewTicket &t) override
    {
        // The counter row stays locked until this transaction ends, so the tenant's next
        // writer (on any instance) takes seq + 1 only after this one committed: seq order is
        // commit order and a reader past seq N has already seen every seq <= N.
        const auto [number, seq] = bump(t.tenant, true);

        const Ticket ticket = t.toTicket(number, seq);

        // The ticket and its "created" event in one statement: one round trip less per create.
        QSqlQuery &q = m_s.prepared(
                u"WITH t AS (INSERT INTO tickets ("_s + ticketColumns
                + u", requester_email_key, requester_user_id) VALUES "
                  "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                  "?, ?, ?, ?, ?, ?, ?) RETURNING id) "
                  "INSERT INTO events (ticket_id, seq, type, from_status, to_status, actor_id, "
                  "note, at) SELECT id, ?, 'created', NULL, 'new', ?, '', ? FROM t"_s);
        q.addBindValue(ticket.id);
        q.addBindValue(ticket.tenant);
        q.addBindValue(ticket.number);
        q.addBindValue(nullable(ticket.projectId));
        q.addBindValue(text(ticket.title));
        q.addBindValue(text(ticket.description));
        q.addBindValue(toWire(ticket.requestType));
        q.addBindValue(toWire(ticket.priority));
        q.addBindValue(rolesToText(ticket.roles));
        q.addBindValue(ticket.blocking ? 1 : 0);
        q.addBindValue(
                QString::fromUtf8(QJsonDocument(ticket.evidence).toJson(QJsonDocument::Compact)));
        q.addBindValue(text(ticket.suggestedResolution));
        q.addBindValue(text(ticket.implementationNotes));
        q.addBindValue(text(ticket.requester.name));
        q.addBindValue(text(ticket.requester.email));
        q.addBindValue(text(ticket.actorRole));
        q.addBindValue(nullable(ticket.actorId));
        q.addBindValue(text(ticket.source));
        q.addBindValue(nullable(ticket.agentVendor));
        q.addBindValue(toWire(ticket.status));
        q.addBindValue(ticket.version);
        q.addBindValue(ticket.seq);
        q.addBindValue(t.createdAtMs);
        q.addBindValue(t.createdAtMs);
        q.addBindValue(text(ticket.requester.email.toLower()));
        q.addBindValue(nullable(t.requesterUserId));
        q.addBindValue(seq);
        q.addBindValue(nullable(ticket.actorId));
        q.addBindValue(t.createdAtMs);
        m_s.exec(q);
        return ticket;
    }

    std::optional<Ticket> ticket(const QString &tenant, const QString &id) override
    {
        // FOR UPDATE: a transition on another instance waits, then reads the new version, so
        // expected_version and the transition rules see what is really stored.
        return m_s.ticketById(tenant, id, true);
    }

    Ticket applyStatusChange(const Ticket &current, const StatusChange &change) override
    {
        const qint64 seq = bump(current.tenant, false).second;
        QSqlQuery &q = m_s.prepared(u"UPDATE tickets SET status = ?, version = version + 1, "
                                    "seq = ?, updated_at = ? WHERE id = ? AND version = ?"_s);
        q.addBindValue(toWire(change.to));
        q.addBindValue(seq);
        q.addBindValue(change.atMs);
        q.addBindValue(current.id);
        q.addBindValue(current.version);
        m_s.exec(q);
        if (q.numRowsAffected() != 1)
            throw StorageError("applyStatusChange: ticket changed under the row lock");
        appendEvent(current.id, seq, u"status_changed"_s, current.status, change.to, change.actorId,
                    change.note, change.atMs);
        Ticket updated = current;
        updated.status = change.to;
        updated.version = current.version + 1;
        updated.seq = seq;
        updated.updatedAt = fromMs(change.atMs);
        return updated;
    }

private:
    void lock(const QString &name)
    {
        if (m_batch)
            return; // the tenant's counter row already serialises its writers (startBatch)
        QSqlQuery &q = m_s.prepared(u"SELECT pg_advisory_xact_lock(hashtextextended(?, 0))"_s);
        q.addBindValue(name);
        m_s.exec(q);
        q.finish();
    }

    // Takes the next seq (and number for a new ticket) of the tenant, locking its counter row.
    std::pair<qint64, qint64> bump(const QString &tenant, bool newNumber)
    {
        if (m_batch) {
            const auto it = m_counters.find(tenant);
            if (it == m_counters.end())
                throw StorageError("write to a tenant the batch did not lock");
            it->number += newNumber ? 1 : 0;
            it->seq += 1;
            it->dirty = true;
            return {it->number, it->seq};
        }
        QSqlQuery &q = m_s.prepared(
                newNumber ? u"UPDATE tenants SET last_number = last_number + 1, last_seq = "
                            "last_seq + 1 WHERE slug = ? RETURNING last_number, last_seq"_s
                          : u"UPDATE tenants SET last_seq = last_seq + 1 WHERE slug = ? "
                            "RETURNING last_number, last_seq"_s);
        q.addBindValue(tenant);
        m_s.exec(q);
        Finisher finisher(q);
        if (!q.next())
            throw StorageError("unknown tenant");
        return {q.value(0).toLongLong(), q.value(1).toLongLong()};
    }

    void appendEvent(const QString &ticketId, qint64 seq, const QString &type,
                     std::optional<TicketStatus> from, TicketStatus to,
                     const std::optional<QString> &actorId, const QString &note, qint64 atMs)
    {
        QSqlQuery &q
                = m_s.prepared(u"INSERT INTO events (ticket_id, seq, type, from_status, "
                               "to_status, actor_id, note, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
        q.addBindValue(ticketId);
        q.addBindValue(seq);
        q.addBindValue(type);
        q.addBindValue(from ? QVariant(toWire(*from)) : QVariant(QMetaType::fromType<QString>()));
        q.addBindValue(toWire(to));
        q.addBindValue(nullable(actorId));
        q.addBindValue(text(note));
        q.addBindValue(atMs);
        m_s.exec(q);
    }

    PostgresStorage &m_s;
    bool m_batch = false;
    Counters m_counters;
};

PostgresStorage::PostgresStorage(PostgresConfig config)
    : m_config(std::move(config))
    , m_connectionName(u"td-postgres-%1"_s.arg(connectionCounter.fetchAndAddRelaxed(1)))
{}

PostgresStorage::~PostgresStorage()
{
    close();
}

QStringList PostgresStorage::migrationStatements(int version)
{
    return schema::migrationStatements(version);
}

void PostgresStorage::close()
{
    // A database that comes back may be another one (restored, recreated): start over.
    m_callers.clear();
    m_projects.clear();
    m_authEpoch.clear();
    m_statements.clear();
    m_connected = false;
    m_inTransaction = false;
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

bool PostgresStorage::connect(QString *error)
{
    close();
    m_db = QSqlDatabase::addDatabase(u"QPSQL"_s, m_connectionName);
    if (!m_db.isValid()) {
        if (error)
            *error = u"the Qt PostgreSQL driver (QPSQL, package libqt6sql6-psql) is missing"_s;
        return false;
    }
    m_db.setHostName(m_config.host);
    m_db.setPort(m_config.port);
    m_db.setDatabaseName(m_config.database);
    m_db.setUserName(m_config.user);
    if (!m_config.password.isEmpty())
        m_db.setPassword(m_config.password);
    m_db.setConnectOptions(u"connect_timeout=%1;application_name=triagedesk-server"_s.arg(
            m_config.connectTimeoutSeconds));
    if (!m_db.open()) {
        // libpq's message names host, port and user, never the password.
        if (error)
            *error = u"cannot connect to PostgreSQL at %1:%2/%3: %4"_s.arg(m_config.host)
                             .arg(m_config.port)
                             .arg(m_config.database, m_db.lastError().text());
        close();
        return false;
    }
    m_lost = false;
    try {
        execSql(u"SET TIME ZONE 'UTC'"_s);
        if (m_config.statementTimeoutMs > 0)
            execSql(u"SET statement_timeout = %1"_s.arg(m_config.statementTimeoutMs));
        // A frozen instance must not keep a tenant's counter row (and with it every other
        // instance's writes for that tenant) locked: no transaction of ours idles that long.
        execSql(u"SET idle_in_transaction_session_timeout = 30000"_s);
        if (!migrate(error)) {
            close();
            return false;
        }
    } catch (const StorageError &e) {
        if (error)
            *error = QString::fromStdString(e.what());
        close();
        return false;
    }
    m_connected = true;
    return true;
}

bool PostgresStorage::open(QString *error)
{
    QString why;
    if (connect(&why))
        return true;
    // A schema problem is for the operator; an unreachable database is not a reason to stay
    // down: the server starts, /healthz answers 503 and the next requests reconnect.
    if (!m_lost && !why.startsWith(u"cannot connect"_s)) {
        if (error)
            *error = why;
        return false;
    }
    warn(why + u" (starting anyway; retrying on every request)"_s);
    return true;
}

// Reopens a lost connection (and migrates, if the database came back empty). Throws while
// PostgreSQL is unreachable, so the request gets 500 and the next one tries again.
void PostgresStorage::ensureConnected()
{
    if (m_connected && !m_lost)
        return;
    // Requests are served one at a time: while PostgreSQL is unreachable, an attempt that
    // waits for connect_timeout would stall every request (and /healthz) behind it. So after
    // a failed attempt the next ones fail at once for a while, longer the slower it failed.
    const qint64 started = QDateTime::currentMSecsSinceEpoch();
    if (started < m_nextConnectMs)
        throw StorageError("database unavailable");
    QString why;
    if (connect(&why)) {
        m_nextConnectMs = 0;
        return;
    }
    m_lost = true;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_nextConnectMs = now + std::clamp<qint64>(4 * (now - started), 250, 10000);
    if (now >= m_nextWarningMs) { // a request loop must not flood the log
        m_nextWarningMs = now + 5'000;
        warn(why);
    }
    throw StorageError("database unavailable");
}

// Runs a read; when it failed because the connection dropped (PostgreSQL restarted while this
// instance was idle), reconnects and runs it once more instead of failing the request.
template<typename F>
auto PostgresStorage::reading(F &&read) -> decltype(read())
{
    ensureConnected();
    try {
        return read();
    } catch (const StorageError &) {
        if (!m_lost || m_inTransaction)
            throw;
    }
    ensureConnected();
    return read();
}

void PostgresStorage::noteFailure(const QSqlError &error)
{
    if (isConnectionLoss(error) || !m_db.isOpen()) {
        m_lost = true;
        m_connected = false;
    }
}

QSqlQuery &PostgresStorage::prepared(const QString &sql)
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

void PostgresStorage::exec(QSqlQuery &query)
{
    const QVariantList values = query.boundValues();
    for (qsizetype i = 0; i < values.size(); ++i) {
        const QVariant &value = values.at(i);
        if (value.typeId() == QMetaType::QString && !value.isNull()
            && needsEscape(value.toString()))
            query.bindValue(int(i), escapeText(value.toString()));
    }
    if (!query.exec()) {
        const QSqlError error = query.lastError();
        query.finish();
        noteFailure(error);
        throw StorageError(error.text().toStdString());
    }
}

void PostgresStorage::execSql(const QString &sql)
{
    QSqlQuery query(m_db);
    if (!query.exec(sql)) {
        noteFailure(query.lastError());
        throw StorageError(query.lastError().text().toStdString());
    }
}

bool PostgresStorage::migrate(QString *error)
{
    execSql(u"BEGIN"_s);
    m_inTransaction = true;
    try {
        execSql(u"SELECT pg_advisory_xact_lock(%1)"_s.arg(MigrationLockId));
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
            for (const QString &statement : migrationStatements(step))
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
            *error = (m_lost ? u"cannot connect: migration interrupted: "_s
                             : u"migration failed: "_s)
                     + QString::fromStdString(e.what());
        return false;
    }
}

void PostgresStorage::rollback()
{
    if (!m_inTransaction)
        return;
    m_inTransaction = false;
    QSqlQuery q(m_db);
    if (!q.exec(u"ROLLBACK"_s))
        noteFailure(q.lastError());
}

bool PostgresStorage::ping()
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

void PostgresStorage::inTransaction(const std::function<void()> &body)
{
    if (m_inTransaction)
        throw StorageError("nested write transaction");
    // A connection found dead before COMMIT was sent means nothing was written: run the body
    // once more on a fresh connection. A failed COMMIT is never retried or acknowledged: its
    // outcome is unknown, so the caller gets an error and retries with its Idempotency-Key.
    for (int attempt = 0;; ++attempt) {
        ensureConnected();
        try {
            execSql(u"BEGIN"_s);
            m_inTransaction = true;
            body();
        } catch (const StorageError &) {
            rollback();
            if (m_lost && attempt == 0)
                continue;
            throw;
        } catch (...) {
            rollback();
            throw;
        }
        m_inTransaction = false;
        execSql(u"COMMIT"_s);
        return;
    }
}

void PostgresStorage::write(const std::function<void(WriteTransaction &)> &work)
{
    inTransaction([&] {
        Transaction transaction(*this);
        work(transaction);
    });
}

void PostgresStorage::writeBatch(const QStringList &tenants, const QList<WriteItem> &items,
                                 QList<std::exception_ptr> *failures)
{
    // As write(): a dead connection before COMMIT runs the whole batch once more.
    inTransaction([&] {
        failures->clear();
        // The batch's tenant counter rows first, in one order (no deadlock between two
        // instances' batches): a batch of another instance for the same tenant waits here
        // until this one committed, before it reads anything, which is what makes the
        // idempotency checks exact across instances without advisory locks. The rows stay
        // locked until COMMIT: seq order = commit order.
        Transaction::Counters counters;
        for (const QString &tenant : tenants) {
            QSqlQuery &lock = prepared(u"SELECT last_number, last_seq FROM tenants WHERE "
                                       "slug = ? FOR UPDATE"_s);
            lock.addBindValue(tenant);
            exec(lock);
            Finisher finisher(lock);
            if (lock.next())
                counters.insert(tenant,
                                {lock.value(0).toLongLong(), lock.value(1).toLongLong(), false});
        }
        Transaction transaction(*this);
        transaction.startBatch(std::move(counters));
        // One savepoint stays established for the next item: after a success RELEASE and
        // SAVEPOINT go in one round trip, after a failure ROLLBACK TO keeps it.
        execSql(u"SAVEPOINT item"_s);
        for (qsizetype i = 0; i < items.size(); ++i) {
            const Transaction::Counters before = transaction.counters();
            try {
                items[i](transaction);
                failures->append(nullptr);
                execSql(i + 1 < items.size() ? u"RELEASE SAVEPOINT item; SAVEPOINT item"_s
                                             : u"RELEASE SAVEPOINT item"_s);
            } catch (...) {
                if (m_lost)
                    throw; // the connection is gone: the batch as a whole
                failures->append(std::current_exception());
                transaction.restoreCounters(before); // its numbers and seqs are unused
                execSql(i + 1 < items.size()
                                ? u"ROLLBACK TO SAVEPOINT item"_s
                                : u"ROLLBACK TO SAVEPOINT item; RELEASE SAVEPOINT item"_s);
            }
        }
        // The counters, once per tenant and batch.
        for (auto it = transaction.counters().cbegin(); it != transaction.counters().cend(); ++it) {
            if (!it->dirty)
                continue;
            QSqlQuery &q = prepared(
                    u"UPDATE tenants SET last_number = ?, last_seq = ? WHERE slug = ?"_s);
            q.addBindValue(it->number);
            q.addBindValue(it->seq);
            q.addBindValue(it.key());
            exec(q);
        }
    });
}

std::unique_ptr<Storage> PostgresStorage::connectAnother() const
{
    return std::make_unique<PostgresStorage>(m_config);
}

QStringList PostgresStorage::grantedProjects(const QString &userId)
{
    QSqlQuery &q = prepared(u"SELECT p.id FROM user_projects up JOIN projects p ON p.id = "
                            "up.project_id WHERE up.user_id = ? ORDER BY p.position"_s);
    q.addBindValue(userId);
    exec(q);
    Finisher finisher(q);
    QStringList ids;
    while (q.next())
        ids.append(textAt(q, 0));
    return ids;
}

std::optional<UserRecord> PostgresStorage::readUser(QSqlQuery &query, int offset)
{
    UserRecord user;
    user.id = textAt(query, offset);
    user.tenant = textAt(query, offset + 1);
    user.name = textAt(query, offset + 2);
    user.email = textAt(query, offset + 3);
    const auto role = callerRoleFromWire(textAt(query, offset + 4));
    if (!role)
        return std::nullopt;
    user.role = *role;
    user.allProjects = query.value(offset + 5).toInt() != 0;
    return user;
}

void PostgresStorage::syncAuthEpoch()
{
    QSqlQuery &q = prepared(u"SELECT value FROM settings WHERE key = 'auth_epoch'"_s);
    exec(q);
    QString epoch;
    {
        Finisher finisher(q);
        if (q.next())
            epoch = textAt(q, 0);
    }
    m_epochCheckedMs = QDateTime::currentMSecsSinceEpoch();
    if (epoch != m_authEpoch) {
        m_callers.clear();
        m_projects.clear();
        m_authEpoch = epoch;
    }
}

std::optional<Caller> PostgresStorage::callerByTokenHash(const QByteArray &tokenHash)
{
    return reading([&]() -> std::optional<Caller> {
        // Who a token is changes only with the auth epoch (token issue/revoke, bootstrap, from
        // any instance or the CLI): one small SELECT per request instead of the join below
        // and the grants, and a revoked token is still refused on the next request.
        syncAuthEpoch();
        if (const auto it = m_callers.constFind(tokenHash); it != m_callers.constEnd())
            return it.value();
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
                caller.tokenState = textAt(q, 1) == u"github" ? TokenState::GithubLinkExpired
                                                              : TokenState::Revoked;
            }
            const auto user = readUser(q, 2);
            if (!user)
                return std::nullopt;
            caller.user = *user;
            caller.tenant = {caller.user.tenant, textAt(q, 8)};
        }
        if (!caller.user.allProjects)
            caller.user.projectIds = grantedProjects(caller.user.id);
        if (m_callers.size() > 10'000)
            m_callers.clear();
        m_callers.insert(tokenHash, caller);
        return caller;
    });
}

std::optional<UserRecord> PostgresStorage::user(const QString &id)
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

std::optional<TenantRecord> PostgresStorage::tenant(const QString &slug)
{
    return reading([&]() -> std::optional<TenantRecord> {
        QSqlQuery &q = prepared(u"SELECT slug, name FROM tenants WHERE slug = ?"_s);
        q.addBindValue(slug);
        exec(q);
        Finisher finisher(q);
        if (!q.next())
            return std::nullopt;
        return TenantRecord{textAt(q, 0), textAt(q, 1)};
    });
}

std::optional<ProjectRecord> PostgresStorage::project(const QString &tenant,
                                                      const QString &projectId)
{
    return reading([&]() -> std::optional<ProjectRecord> {
        // Cached outside transactions (bootstrap reads what it is changing): a create looks
        // its project up right after its caller, so the epoch read then is fresh enough.
        const bool cacheable = !m_inTransaction;
        const QString key = tenant + u'\n' + projectId.toUpper();
        if (cacheable) {
            if (QDateTime::currentMSecsSinceEpoch() - m_epochCheckedMs > 100)
                syncAuthEpoch();
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
            return std::nullopt;
        ProjectRecord project{textAt(q, 0), textAt(q, 1), textAt(q, 2),
                              rolesFromText(textAt(q, 3))};
        if (cacheable) {
            if (m_projects.size() >= 4'096)
                m_projects.clear();
            m_projects.insert(key, project);
        }
        return project;
    });
}

QList<ProjectRecord> PostgresStorage::projects(const QString &tenant)
{
    return reading([&]() -> QList<ProjectRecord> {
        QSqlQuery &q = prepared(
                u"SELECT id, tenant, name, roles FROM projects WHERE tenant = ? ORDER BY position"_s);
        q.addBindValue(tenant);
        exec(q);
        Finisher finisher(q);
        QList<ProjectRecord> result;
        while (q.next()) {
            result.append({textAt(q, 0), textAt(q, 1), textAt(q, 2), rolesFromText(textAt(q, 3))});
        }
        return result;
    });
}

Ticket PostgresStorage::readTicket(const QSqlQuery &q)
{
    Ticket t;
    t.id = textAt(q, 0);
    t.tenant = textAt(q, 1);
    t.number = q.value(2).toLongLong();
    t.projectId = optionalText(q.value(3));
    t.title = textAt(q, 4);
    t.description = textAt(q, 5);
    t.requestType = requestTypeFromWire(textAt(q, 6)).value_or(RequestType::General);
    t.priority = priorityFromWire(textAt(q, 7)).value_or(Priority::Medium);
    t.roles = rolesFromText(textAt(q, 8));
    t.blocking = q.value(9).toInt() != 0;
    t.evidence = QJsonDocument::fromJson(textAt(q, 10).toUtf8()).object();
    t.suggestedResolution = textAt(q, 11);
    t.implementationNotes = textAt(q, 12);
    t.requester = {textAt(q, 13), textAt(q, 14)};
    t.actorRole = textAt(q, 15);
    t.actorId = optionalText(q.value(16));
    t.source = textAt(q, 17);
    t.agentVendor = optionalText(q.value(18));
    t.status = ticketStatusFromWire(textAt(q, 19)).value_or(TicketStatus::New);
    t.version = q.value(20).toInt();
    t.seq = q.value(21).toLongLong();
    t.createdAt = fromMs(q.value(22).toLongLong());
    t.updatedAt = fromMs(q.value(23).toLongLong());
    return t;
}

std::optional<Ticket> PostgresStorage::ticketById(const QString &tenant, const QString &id,
                                                  bool forUpdate)
{
    QSqlQuery &q
            = prepared(u"SELECT "_s + ticketColumns + u" FROM tickets WHERE id = ? AND tenant = ?"_s
                       + (forUpdate ? u" FOR UPDATE"_s : QString()));
    q.addBindValue(id.toLower());
    q.addBindValue(tenant);
    exec(q);
    Finisher finisher(q);
    if (!q.next())
        return std::nullopt;
    return readTicket(q);
}

namespace {

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

std::optional<Ticket> PostgresStorage::ticket(const Visibility &visibility, const QString &id)
{
    return reading([&]() -> std::optional<Ticket> {
        QVariantList values{id.toLower()};
        const QString where = u"id = ? AND "_s + visibilityClause(visibility, values);
        const TicketPage page = runTicketQuery(where, values, u"number"_s, 1);
        if (page.tickets.isEmpty())
            return std::nullopt;
        return page.tickets.first();
    });
}

TicketPage PostgresStorage::runTicketQuery(const QString &where, const QVariantList &values,
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
        page.tickets.append(readTicket(q));
    }
    return page;
}

TicketPage PostgresStorage::tickets(const TicketQuery &query)
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

TicketPage PostgresStorage::changes(const Visibility &visibility, qint64 since, int limit)
{
    return reading([&]() -> TicketPage {
        QVariantList values;
        QString where = visibilityClause(visibility, values);
        where += u" AND seq > ?"_s;
        values.append(since);
        return runTicketQuery(where, values, u"seq"_s, limit);
    });
}

QList<TicketEvent> PostgresStorage::events(const QString &ticketId)
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
            event.type = textAt(q, 1);
            if (!q.value(2).isNull())
                event.from = ticketStatusFromWire(textAt(q, 2));
            if (!q.value(3).isNull())
                event.to = ticketStatusFromWire(textAt(q, 3));
            event.actorId = optionalText(q.value(4));
            event.note = textAt(q, 5);
            event.at = fromMs(q.value(6).toLongLong());
            events.append(event);
        }
        return events;
    });
}

BootstrapReport PostgresStorage::applyBootstrap(const QList<BootstrapTenant> &tenants)
{
    BootstrapReport report;
    write([&](WriteTransaction &) {
        report = sql::writeBootstrap(
                {[this](const QString &statement) -> QSqlQuery & { return prepared(statement); },
                 [this](QSqlQuery &query) { exec(query); },
                 [](const QSqlQuery &query, int column) { return textAt(query, column); },
                 [this](const QString &tenant, const QString &id) { return project(tenant, id); },
                 [this](const QString &userId) { return grantedProjects(userId); }},
                tenants);
        if (report.created + report.updated > 0) // a second run must change nothing
            execSql(sql::bumpAuthEpochSql());
    });
    return report;
}

void PostgresStorage::addToken(const QString &userId, const QByteArray &tokenHash, qint64 nowMs)
{
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

bool PostgresStorage::revokeToken(const QByteArray &tokenHash, TokenState reason, qint64 nowMs)
{
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

std::optional<QString> PostgresStorage::setting(const QString &key)
{
    return reading([&]() -> std::optional<QString> {
        QSqlQuery &q = prepared(u"SELECT value FROM settings WHERE key = ?"_s);
        q.addBindValue(key);
        exec(q);
        Finisher finisher(q);
        if (!q.next())
            return std::nullopt;
        return textAt(q, 0);
    });
}

void PostgresStorage::setSetting(const QString &key, const QString &value)
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

int PostgresStorage::purgeStoredResponses(qint64 notBeforeMs, int limit)
{
    int removed = 0;
    write([&](WriteTransaction &) {
        QSqlQuery &q = prepared(u"DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM "
                                "idempotency_keys WHERE created_at < ? LIMIT ?)"_s);
        q.addBindValue(notBeforeMs);
        q.addBindValue(limit);
        exec(q);
        removed = q.numRowsAffected();
    });
    return removed;
}

} // namespace td::server
