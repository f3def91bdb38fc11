#include "postgresstorage.h"

#include "schema.h"
#include "sqlcommon.h"

#include <QAtomicInt>
#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QSqlError>
#include <QUrl>
#include <QUrlQuery>
#include <QVariant>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace td::server {

namespace {

using sql::Finisher;
using sql::fromMs;
using sql::nullable;
using sql::rolesToText;
using sql::text;
using sql::ticketColumns;

// Version 1 is the schema SqliteStorage writes, statement for statement, so data moves between
// the backends with a plain export/import and both read the same way.

// Any constant: every instance takes this lock before looking at schema_version, so two
// instances starting together do not both run a migration.
constexpr qint64 MigrationLockId = 0x7464'6d69'6772'6174; // "tdmigrat"

// A text column as stored, unescaped (the write transaction's reads).
QString textAt(const QSqlQuery &query, int index)
{
    return sql::textAt(query, index, sql::TextCoding::NulEscaped);
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
    : SqlStorage({.beginWrite = u"BEGIN"_s,
                  .migrationLock = u"SELECT pg_advisory_xact_lock(%1)"_s.arg(MigrationLockId),
                  .forUpdate = u" FOR UPDATE"_s,
                  .rowLocator = u"ctid"_s,
                  .textCoding = sql::TextCoding::NulEscaped},
                 u"td-postgres-%1"_s.arg(connectionCounter.fetchAndAddRelaxed(1)))
    , m_config(std::move(config))
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
    m_connected = false;
    m_inTransaction = false;
    dropConnection();
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

void PostgresStorage::noteFailure(const QSqlError &error)
{
    if (isConnectionLoss(error) || !m_db.isOpen()) {
        m_lost = true;
        m_connected = false;
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

// Callers and projects are dropped when the auth epoch moves (token issue/revoke, bootstrap,
// from any instance or the CLI). Tickets are not cached: other instances change them.
bool PostgresStorage::freshen(Lookup lookup)
{
    switch (lookup) {
    case Lookup::Caller:
        // One small SELECT per request instead of the caller join and the grants, and a
        // revoked token is still refused on the next request.
        syncAuthEpoch();
        return true;
    case Lookup::Project:
        // Cached outside transactions (bootstrap reads what it is changing): a create looks
        // its project up right after its caller, so the epoch read then is fresh enough.
        if (m_inTransaction)
            return false;
        if (QDateTime::currentMSecsSinceEpoch() - m_epochCheckedMs > 100)
            syncAuthEpoch();
        return true;
    case Lookup::Ticket:
        break;
    }
    return false;
}

void PostgresStorage::syncAuthEpoch()
{
    readAuthEpoch();
    m_epochCheckedMs = QDateTime::currentMSecsSinceEpoch();
}

} // namespace td::server
