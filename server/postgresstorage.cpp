#include "postgresstorage.h"

#include "schema.h"
#include "sqlcommon.h"

#include <QAtomicInt>
#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QSet>
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
class PostgresStorage::Transaction final : public SqlWriteTransaction
{
public:
    explicit Transaction(PostgresStorage &storage)
        : SqlWriteTransaction(storage)
        , m_s(storage)
    {}

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
        return change.appliedTo(current, seq);
    }

private:
    void lock(const QString &name)
    {
        QSqlQuery &q = m_s.prepared(u"SELECT pg_advisory_xact_lock(hashtextextended(?, 0))"_s);
        q.addBindValue(name);
        m_s.exec(q);
        q.finish();
    }

    // Takes the next seq (and number for a new ticket) of the tenant, locking its counter row.
    std::pair<qint64, qint64> bump(const QString &tenant, bool newNumber)
    {
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
};

namespace {

// PostgreSQL array literals for `?::text[]` / `?::bigint[]` parameters: one bound value carries
// a whole column of a batch (QPSQL binds one value per placeholder and cannot stream rows).
class TextArray
{
public:
    void append(const QString &value)
    {
        m_text += m_text.isEmpty() ? u"{\""_s : u",\""_s;
        // U+0000 and U+0001 are escaped by exec(), for the whole literal at once.
        for (const QChar c : value) {
            if (c == u'"' || c == u'\\')
                m_text += u'\\';
            m_text += c;
        }
        m_text += u'"';
        ++m_size;
    }
    void append(const std::optional<QString> &value)
    {
        if (value) {
            append(*value);
            return;
        }
        m_text += m_text.isEmpty() ? u"{NULL"_s : u",NULL"_s;
        ++m_size;
    }
    QString literal() const { return m_text.isEmpty() ? u"{}"_s : m_text + u'}'; }
    int size() const { return m_size; }

private:
    QString m_text;
    int m_size = 0;
};

class NumberArray
{
public:
    void append(qint64 value)
    {
        m_text += m_text.isEmpty() ? u"{"_s : u","_s;
        m_text += QString::number(value);
    }
    QString literal() const { return m_text.isEmpty() ? u"{}"_s : m_text + u'}'; }

private:
    QString m_text;
};

// Thrown through an item while the batch only gathers what its items will read (see Batch).
// Not a std::exception, so that no `catch (const std::exception &)` takes it for a failure.
struct NeedLookup
{};
struct NeedWrite
{};

QString keyName(const QString &scope, const QString &key)
{
    return u"idem\n"_s + scope + u'\n' + key;
}

// The columns every ticket query returns, prefixed for a join.
QString ticketColumnsOf(const QString &alias)
{
    QStringList columns = ticketColumns.split(u", "_s);
    for (QString &column : columns)
        column.prepend(alias + u'.');
    return columns.join(u", "_s);
}

} // namespace

// Group commit for several instances (writeBatch). The tenant counter rows are what keeps seq
// order = commit order, so whoever holds one holds it until COMMIT; this batch takes them as
// late as it can, so that two instances' batches overlap everything but the end:
//  1. Gather. Every item runs until its first read that is not fetched yet (it stops there,
//     NeedLookup) or its first write (NeedWrite). The reads of all stopped items are then
//     fetched together, under transaction-scoped advisory locks on their names (the same names
//     write() locks): a request with the same Idempotency-Key or duplicate-window key on another
//     instance waits until this batch committed, and then sees its ticket. Repeat until every
//     item completed (a replayed answer writes nothing) or wants to write. So an item may run
//     up to its first read several times, and one that only reads may run twice (again after
//     an earlier item that writes): items must not act before their reads, and only their
//     last run counts (handlers read first and only return their answer).
//  2. Write. The counter rows of the batch's tenants (one statement, sorted), then every item
//     that wants to write runs once more, in order, against what was fetched plus what earlier
//     items of this batch wrote: tickets, events and stored answers are only recorded.
//  3. One statement inserts what was recorded (multi-row, from arrays) and writes the counters
//     back; COMMIT. A transition reads its ticket FOR UPDATE and changes it directly (after
//     the counters, so the lock order is advisory, counter, ticket rows for every batch), in a
//     savepoint of its own.
// An item that throws is undone alone: its records are dropped, its numbers and seqs given
// back, its savepoint (if it needed one) rolled back. A statement of the batch itself that
// fails (a lookup, the insert) fails the batch: nothing is acknowledged, clients retry.
class PostgresStorage::Batch final : public SqlWriteTransaction
{
public:
    Batch(PostgresStorage &storage, const QStringList &tenants)
        : SqlWriteTransaction(storage)
        , m_s(storage)
        , m_tenants(tenants)
    {
        std::sort(m_tenants.begin(), m_tenants.end());
    }

    // Returns how many tickets it inserted.
    qsizetype run(const QList<WriteItem> &items, QList<std::exception_ptr> *failures)
    {
        failures->clear();
        for (qsizetype i = 0; i < items.size(); ++i)
            failures->append(nullptr);
        QList<qsizetype> gathering;
        for (qsizetype i = 0; i < items.size(); ++i)
            gathering.append(i);
        QList<qsizetype> writing, readOnly;
        m_phase = Phase::Gather;
        while (!gathering.isEmpty()) {
            QList<qsizetype> again;
            for (const qsizetype i : gathering) {
                try {
                    items[i](*this);
                    readOnly.append(i);
                } catch (const NeedLookup &) {
                    again.append(i);
                } catch (const NeedWrite &) {
                    writing.append(i);
                } catch (...) {
                    if (m_s.m_lost)
                        throw;
                    (*failures)[i] = std::current_exception();
                }
            }
            if (!again.isEmpty())
                fetch();
            gathering = again;
        }
        // An item that only read (a replayed answer) is final unless an earlier item writes:
        // then it runs once more after that one, so later items see earlier ones' writes.
        if (!writing.isEmpty()) {
            const qsizetype firstWriter = *std::min_element(writing.cbegin(), writing.cend());
            for (const qsizetype i : std::as_const(readOnly)) {
                if (i > firstWriter)
                    writing.append(i);
            }
        }
        std::sort(writing.begin(), writing.end());
        m_phase = Phase::Write;
        for (const qsizetype i : writing) {
            const Mark mark = markNow();
            m_itemStartTickets = m_tickets.size();
            m_itemStartKeys = m_keys.size();
            try {
                items[i](*this);
                if (m_savepoint) {
                    m_s.execSql(u"RELEASE SAVEPOINT item"_s);
                    m_savepoint = false;
                }
            } catch (...) {
                if (m_s.m_lost)
                    throw;
                (*failures)[i] = std::current_exception();
                undo(mark);
            }
        }
        flush(m_tickets.size(), m_keys.size());
        return m_tickets.size();
    }

    std::optional<StoredResponse> storedResponse(const QString &scope, const QString &key,
                                                 qint64 notBeforeMs) override
    {
        const QString name = keyName(scope, key);
        // What this batch stored wins: it is the newest.
        for (qsizetype i = m_keys.size() - 1; i >= 0; --i) {
            if (m_keys[i].scope == scope && m_keys[i].key == key)
                return m_keys[i].createdAtMs >= notBeforeMs
                               ? std::optional<StoredResponse>(m_keys[i].response)
                               : std::nullopt;
        }
        auto it = m_fetchedKeys.constFind(name);
        if (it == m_fetchedKeys.constEnd()) {
            if (m_phase == Phase::Gather) {
                m_wantKeys.insert(name, {scope, key});
                throw NeedLookup{};
            }
            fetchKeyNow(name, scope, key); // an item that took another path this time
            it = m_fetchedKeys.constFind(name);
        }
        if (!it->has_value() || it->value().createdAtMs < notBeforeMs)
            return std::nullopt;
        return it->value().response;
    }

    void storeResponse(const QString &scope, const QString &key, const StoredResponse &response,
                       qint64 nowMs) override
    {
        if (m_phase == Phase::Gather)
            throw NeedWrite{};
        m_keys.append({scope, key, response, nowMs});
    }

    std::optional<Ticket> recentTicket(const WindowKey &key) override
    {
        const QString name = sql::windowQuery(key).lockName;
        std::optional<Ticket> found;
        // A ticket this batch inserted is newer than any the database had.
        for (qsizetype i = m_tickets.size() - 1; i >= 0 && !found; --i) {
            if (inWindow(m_tickets[i], key))
                found = m_tickets[i].ticket;
        }
        if (found)
            return found;
        auto it = m_fetchedWindows.constFind(name);
        if (it == m_fetchedWindows.constEnd()) {
            if (m_phase == Phase::Gather)
                wantWindow(name, key);
            fetchWindowNow(name, key);
            it = m_fetchedWindows.constFind(name);
        } else if (m_phase == Phase::Gather && it->notBeforeMs > key.notBeforeMs) {
            // Fetched for a later window start: an older match would be missing.
            wantWindow(name, key);
        }
        if (!it->ticket || it->ticket->createdAt.toMSecsSinceEpoch() < key.notBeforeMs)
            return std::nullopt;
        // Changed by an earlier item of this batch (a transition): its current state.
        if (const auto changed = m_changed.constFind(it->ticket->id); changed != m_changed.cend())
            return changed.value();
        return it->ticket;
    }

    Ticket insertTicket(const NewTicket &t) override
    {
        if (m_phase == Phase::Gather)
            throw NeedWrite{};
        const auto [number, seq] = bump(t.tenant, true);
        Ticket ticket = t.toTicket(number, seq);
        m_tickets.append({t, ticket});
        return ticket;
    }

    std::optional<Ticket> ticket(const QString &tenant, const QString &id) override
    {
        if (m_phase == Phase::Gather)
            throw NeedWrite{};
        lockCounters();
        direct();
        // FOR UPDATE: a transition on another instance waits, then reads the new version.
        return m_s.ticketById(tenant, id, true);
    }

    Ticket applyStatusChange(const Ticket &current, const StatusChange &change) override
    {
        if (m_phase == Phase::Gather)
            throw NeedWrite{};
        const qint64 seq = bump(current.tenant, false).second;
        direct();
        QSqlQuery &q = m_s.prepared(
                u"WITH u AS (UPDATE tickets SET status = ?, version = version + 1, seq = ?, "
                "updated_at = ? WHERE id = ? AND version = ? RETURNING id) "
                "INSERT INTO events (ticket_id, seq, type, from_status, to_status, actor_id, "
                "note, at) SELECT id, ?, 'status_changed', ?, ?, ?, ?, ? FROM u"_s);
        q.addBindValue(toWire(change.to));
        q.addBindValue(seq);
        q.addBindValue(change.atMs);
        q.addBindValue(current.id);
        q.addBindValue(current.version);
        q.addBindValue(seq);
        q.addBindValue(toWire(current.status));
        q.addBindValue(toWire(change.to));
        q.addBindValue(change.actorId);
        q.addBindValue(text(change.note));
        q.addBindValue(change.atMs);
        m_s.exec(q);
        if (q.numRowsAffected() != 1)
            throw StorageError("applyStatusChange: ticket changed under the row lock");
        Ticket updated = current;
        updated.status = change.to;
        updated.version = current.version + 1;
        updated.seq = seq;
        updated.updatedAt = fromMs(change.atMs);
        m_changed.insert(updated.id, updated);
        return updated;
    }

private:
    enum class Phase { Gather, Write };
    struct Counter
    {
        qint64 number = 0;
        qint64 seq = 0;
        bool dirty = false;
    };
    struct PendingTicket
    {
        NewTicket input;
        Ticket ticket;
    };
    struct PendingKey
    {
        QString scope;
        QString key;
        StoredResponse response;
        qint64 createdAtMs = 0;
    };
    struct FetchedKey
    {
        StoredResponse response;
        qint64 createdAtMs = 0;
    };
    struct FetchedWindow
    {
        qint64 notBeforeMs = 0; // what the fetch asked for: matches from then on
        std::optional<Ticket> ticket;
    };
    // What an item may have to give back when it throws.
    struct Mark
    {
        qsizetype tickets = 0;
        qsizetype keys = 0;
        qsizetype flushedTickets = 0;
        qsizetype flushedKeys = 0;
        QHash<QString, Counter> counters;
        bool countersLocked = false;
        QHash<QString, Ticket> changed;
    };

    static bool inWindow(const PendingTicket &p, const WindowKey &key)
    {
        const NewTicket &t = p.input;
        if (t.tenant != key.tenant || t.title != key.title || t.createdAtMs < key.notBeforeMs)
            return false;
        if (key.requesterUserId)
            return t.requesterUserId == key.requesterUserId
                   && t.projectId.value_or(QString()) == key.projectId.value_or(QString());
        return !t.requesterUserId && t.requester.email.toLower() == key.email.toLower();
    }

    [[noreturn]] void wantWindow(const QString &name, const WindowKey &key)
    {
        const auto it = m_wantWindows.constFind(name);
        if (it == m_wantWindows.constEnd() || it->notBeforeMs > key.notBeforeMs)
            m_wantWindows.insert(name, key); // the earliest start any item asks for
        throw NeedLookup{};
    }

    Mark markNow() const
    {
        return {m_tickets.size(), m_keys.size(),    m_flushedTickets, m_flushedKeys,
                m_counters,       m_countersLocked, m_changed};
    }

    void undo(const Mark &mark)
    {
        bool released = false; // the counter rows, if this item's savepoint took them
        if (m_savepoint) {
            // Everything the item wrote directly, and what was flushed for it inside.
            m_s.execSql(u"ROLLBACK TO SAVEPOINT item; RELEASE SAVEPOINT item"_s);
            m_savepoint = false;
            m_flushedTickets = std::min(m_flushedTickets, mark.tickets);
            m_flushedKeys = std::min(m_flushedKeys, mark.keys);
            released = m_countersLocked && !m_countersLockedBeforeSavepoint;
            for (const QString &name : std::as_const(m_lockedInSavepoint)) {
                m_locked.remove(name);
                m_fetchedKeys.remove(name);
                m_fetchedWindows.remove(name);
            }
        }
        m_tickets.resize(mark.tickets);
        m_keys.resize(mark.keys);
        m_changed = mark.changed;
        // Its numbers and seqs go back. Counters are written back as values, so a flush that
        // already wrote this item's numbers is overwritten by the next one.
        if (released) {
            m_countersLocked = false;
            m_counters.clear();
            return;
        }
        if (mark.countersLocked)
            m_counters = mark.counters;
        else if (m_countersLocked)
            m_counters = m_countersAtLock;
        for (auto it = m_counters.begin(); it != m_counters.end(); ++it)
            it->dirty = true;
    }

    // The advisory locks and reads the stopped items asked for, in three round trips.
    void fetch()
    {
        QStringList names;
        for (auto it = m_wantKeys.cbegin(); it != m_wantKeys.cend(); ++it)
            names.append(it.key());
        for (auto it = m_wantWindows.cbegin(); it != m_wantWindows.cend(); ++it) {
            if (!m_locked.contains(it.key()))
                names.append(it.key());
        }
        lockNames(names);
        if (!m_wantKeys.isEmpty())
            fetchKeys();
        if (!m_wantWindows.isEmpty())
            fetchWindows();
    }

    // One statement, names sorted: two batches that share names cannot deadlock on them.
    void lockNames(QStringList names)
    {
        names.removeIf([this](const QString &name) { return m_locked.contains(name); });
        if (names.isEmpty())
            return;
        std::sort(names.begin(), names.end());
        names.erase(std::unique(names.begin(), names.end()), names.end());
        TextArray array;
        for (const QString &name : names)
            array.append(name);
        QSqlQuery &q = m_s.prepared(u"SELECT count(pg_advisory_xact_lock(hashtextextended(n, 0))) "
                                    "FROM unnest(?::text[]) n"_s);
        q.addBindValue(array.literal());
        m_s.exec(q);
        q.finish();
        for (const QString &name : names) {
            m_locked.insert(name);
            if (m_savepoint)
                m_lockedInSavepoint.append(name);
        }
    }

    void fetchKeys()
    {
        // The next statement, so a fresh READ COMMITTED snapshot: it sees what a request that
        // held one of these locks committed.
        TextArray scopes, keys, names;
        for (auto it = m_wantKeys.cbegin(); it != m_wantKeys.cend(); ++it) {
            names.append(it.key());
            scopes.append(it->first);
            keys.append(it->second);
            m_fetchedKeys.insert(it.key(), std::nullopt);
        }
        QSqlQuery &q = m_s.prepared(
                u"SELECT k.name, i.request_hash, i.status, i.body, i.location, i.created_at "
                "FROM unnest(?::text[], ?::text[], ?::text[]) AS k(name, scope, key) "
                "JOIN idempotency_keys i ON i.scope = k.scope AND i.key = k.key"_s);
        q.addBindValue(names.literal());
        q.addBindValue(scopes.literal());
        q.addBindValue(keys.literal());
        m_s.exec(q);
        Finisher finisher(q);
        while (q.next()) {
            FetchedKey fetched;
            fetched.response.requestHash = textAt(q, 1).toLatin1();
            fetched.response.status = q.value(2).toInt();
            fetched.response.body = textAt(q, 3).toUtf8();
            fetched.response.location = textAt(q, 4).toUtf8();
            fetched.createdAtMs = q.value(5).toLongLong();
            m_fetchedKeys.insert(textAt(q, 0), fetched);
        }
        m_wantKeys.clear();
    }

    void fetchWindows()
    {
        // Portal and capability windows in one statement, each kind through its own index.
        // The conditions other indexes could serve are written so that no index matches them
        // (`project_id || ''`): a generic plan made from stale statistics once scanned every
        // ticket of the project per create here (10x slower at 10k tickets). The capability's
        // `requester_user_id IS NULL` is what lets it use tickets_window, which (schema v4)
        // holds only such tickets; the other requester indexes hold none of them.
        TextArray pName, pTenant, pUser, pProject, pTitle, cName, cTenant, cEmail, cTitle;
        NumberArray pNotBefore, cNotBefore;
        for (auto it = m_wantWindows.cbegin(); it != m_wantWindows.cend(); ++it) {
            const WindowKey &key = it.value();
            if (key.requesterUserId) {
                pName.append(it.key());
                pTenant.append(key.tenant);
                pUser.append(*key.requesterUserId);
                pProject.append(key.projectId.value_or(QString()));
                pTitle.append(key.title);
                pNotBefore.append(key.notBeforeMs);
            } else {
                cName.append(it.key());
                cTenant.append(key.tenant);
                cEmail.append(key.email.toLower());
                cTitle.append(key.title);
                cNotBefore.append(key.notBeforeMs);
            }
            m_fetchedWindows.insert(it.key(), {key.notBeforeMs, std::nullopt});
        }
        QSqlQuery &q = m_s.prepared(
                u"SELECT "_s + ticketColumnsOf(u"t"_s)
                + u", k.name FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], "
                  "?::bigint[]) AS k(name, tenant, user_id, project_id, title, not_before) "
                  "CROSS JOIN LATERAL (SELECT * FROM tickets x WHERE x.tenant = k.tenant AND "
                  "x.requester_user_id = k.user_id AND x.title = k.title AND x.created_at >= "
                  "k.not_before AND (x.project_id || '') = k.project_id "
                  "ORDER BY x.created_at DESC LIMIT 1) t "
                  "UNION ALL SELECT "_s
                + ticketColumnsOf(u"t"_s)
                + u", k.name FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[]) "
                  "AS k(name, tenant, email_key, title, not_before) "
                  "CROSS JOIN LATERAL (SELECT * FROM tickets x WHERE x.tenant = k.tenant AND "
                  "x.requester_email_key = k.email_key AND x.title = k.title AND x.created_at >= "
                  "k.not_before AND x.requester_user_id IS NULL "
                  "ORDER BY x.created_at DESC LIMIT 1) t"_s);
        for (const QString &value :
             {pName.literal(), pTenant.literal(), pUser.literal(), pProject.literal(),
              pTitle.literal(), pNotBefore.literal(), cName.literal(), cTenant.literal(),
              cEmail.literal(), cTitle.literal(), cNotBefore.literal()})
            q.addBindValue(value);
        m_s.exec(q);
        Finisher finisher(q);
        while (q.next()) {
            const QString name = textAt(q, 24);
            m_fetchedWindows[name].ticket = readTicket(q);
        }
        m_wantWindows.clear();
    }

    // Write phase, a read the gathering did not see coming: fetched alone, in the item's
    // savepoint (its advisory lock comes after the counter rows here, so a batch on another
    // instance holding the same name may deadlock with this one; PostgreSQL then fails one).
    void fetchKeyNow(const QString &name, const QString &scope, const QString &key)
    {
        direct();
        m_wantKeys.insert(name, {scope, key});
        lockNames({name});
        fetchKeys();
    }
    void fetchWindowNow(const QString &name, const WindowKey &key)
    {
        direct();
        m_wantWindows.insert(name, key);
        lockNames({name});
        fetchWindows();
    }

    // The batch's tenant counter rows, sorted, in one statement; held until COMMIT.
    void lockCounters()
    {
        if (m_countersLocked)
            return;
        TextArray slugs;
        for (const QString &tenant : m_tenants)
            slugs.append(tenant);
        QSqlQuery &q = m_s.prepared(u"SELECT slug, last_number, last_seq FROM tenants WHERE "
                                    "slug = ANY(?::text[]) ORDER BY slug FOR UPDATE"_s);
        q.addBindValue(slugs.literal());
        m_s.exec(q);
        Finisher finisher(q);
        m_counters.clear();
        while (q.next())
            m_counters.insert(textAt(q, 0), {q.value(1).toLongLong(), q.value(2).toLongLong()});
        m_countersAtLock = m_counters;
        m_countersLocked = true;
    }

    std::pair<qint64, qint64> bump(const QString &tenant, bool newNumber)
    {
        lockCounters();
        const auto it = m_counters.find(tenant);
        if (it == m_counters.end())
            throw StorageError("write to a tenant the batch did not lock");
        it->number += newNumber ? 1 : 0;
        it->seq += 1;
        it->dirty = true;
        return {it->number, it->seq};
    }

    // Before a statement that must see what earlier items recorded: those are inserted first
    // (outside this item's savepoint), then the item gets its savepoint, then its own records.
    void direct()
    {
        if (m_savepoint)
            return;
        flush(m_itemStartTickets, m_itemStartKeys);
        m_s.execSql(u"SAVEPOINT item"_s);
        m_savepoint = true;
        m_countersLockedBeforeSavepoint = m_countersLocked;
        m_lockedInSavepoint.clear();
        flush(m_tickets.size(), m_keys.size());
    }

    // Inserts the recorded tickets (with their "created" events) and answers up to the given
    // ends, and writes the counters back: one statement.
    void flush(qsizetype ticketsEnd, qsizetype keysEnd)
    {
        const bool dirty = std::any_of(m_counters.cbegin(), m_counters.cend(),
                                       [](const Counter &c) { return c.dirty; });
        if (ticketsEnd <= m_flushedTickets && keysEnd <= m_flushedKeys && !dirty)
            return;
        TextArray id, tenant, projectId, title, description, requestType, priority, roles, evidence,
                suggested, notes, requesterName, requesterEmail, actorRole, actorId, source,
                agentVendor, status, emailKey, requesterUserId;
        NumberArray number, blocking, version, seq, createdAt;
        for (qsizetype i = m_flushedTickets; i < ticketsEnd; ++i) {
            const Ticket &t = m_tickets[i].ticket;
            id.append(t.id);
            tenant.append(t.tenant);
            number.append(t.number);
            projectId.append(t.projectId);
            title.append(t.title);
            description.append(t.description);
            requestType.append(toWire(t.requestType));
            priority.append(toWire(t.priority));
            roles.append(rolesToText(t.roles));
            blocking.append(t.blocking ? 1 : 0);
            evidence.append(
                    QString::fromUtf8(QJsonDocument(t.evidence).toJson(QJsonDocument::Compact)));
            suggested.append(t.suggestedResolution);
            notes.append(t.implementationNotes);
            requesterName.append(t.requester.name);
            requesterEmail.append(t.requester.email);
            actorRole.append(t.actorRole);
            actorId.append(t.actorId);
            source.append(t.source);
            agentVendor.append(t.agentVendor);
            status.append(toWire(t.status));
            version.append(t.version);
            seq.append(t.seq);
            createdAt.append(m_tickets[i].input.createdAtMs);
            emailKey.append(t.requester.email.toLower());
            requesterUserId.append(m_tickets[i].input.requesterUserId);
        }
        // One row per key (the last answer wins, as sequential upserts would leave it).
        TextArray kScope, kKey, kHash, kBody, kLocation;
        NumberArray kStatus, kCreated;
        QSet<QString> seen;
        for (qsizetype i = keysEnd - 1; i >= m_flushedKeys; --i) {
            const PendingKey &k = m_keys[i];
            if (seen.contains(keyName(k.scope, k.key)))
                continue;
            seen.insert(keyName(k.scope, k.key));
            kScope.append(k.scope);
            kKey.append(k.key);
            kHash.append(QString::fromLatin1(k.response.requestHash));
            kStatus.append(k.response.status);
            kBody.append(QString::fromUtf8(k.response.body));
            kLocation.append(QString::fromUtf8(k.response.location));
            kCreated.append(k.createdAtMs);
        }
        TextArray cSlug;
        NumberArray cNumber, cSeq;
        for (auto it = m_counters.begin(); it != m_counters.end(); ++it) {
            if (!it->dirty)
                continue;
            cSlug.append(it.key());
            cNumber.append(it->number);
            cSeq.append(it->seq);
        }
        QSqlQuery &q = m_s.prepared(
                u"WITH t AS (INSERT INTO tickets (id, tenant, number, project_id, title, "
                "description, request_type, priority, roles, blocking, evidence, "
                "suggested_resolution, implementation_notes, requester_name, requester_email, "
                "actor_role, actor_id, source, agent_vendor, status, version, seq, created_at, "
                "updated_at, requester_email_key, requester_user_id) "
                "SELECT id, tenant, number, project_id, title, description, request_type, "
                "priority, roles, blocking, evidence, suggested_resolution, "
                "implementation_notes, requester_name, requester_email, actor_role, actor_id, "
                "source, agent_vendor, status, version, seq, created_at, created_at, email_key, "
                "requester_user_id FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[], "
                "?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], "
                "?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], "
                "?::text[], ?::text[], ?::int[], ?::bigint[], ?::bigint[], ?::text[], ?::text[]) "
                "AS n(id, tenant, number, project_id, title, description, request_type, priority, "
                "roles, blocking, evidence, suggested_resolution, implementation_notes, "
                "requester_name, requester_email, actor_role, actor_id, source, agent_vendor, "
                "status, version, seq, created_at, email_key, requester_user_id) "
                "RETURNING id, seq, actor_id, created_at), "
                "e AS (INSERT INTO events (ticket_id, seq, type, from_status, to_status, "
                "actor_id, note, at) SELECT id, seq, 'created', NULL, 'new', actor_id, '', "
                "created_at FROM t), "
                "k AS (INSERT INTO idempotency_keys (scope, key, request_hash, status, body, "
                "location, created_at) SELECT * FROM unnest(?::text[], ?::text[], ?::text[], "
                "?::int[], ?::text[], ?::text[], ?::bigint[]) ON CONFLICT (scope, key) DO UPDATE "
                "SET request_hash = EXCLUDED.request_hash, status = EXCLUDED.status, "
                "body = EXCLUDED.body, location = EXCLUDED.location, "
                "created_at = EXCLUDED.created_at) "
                "UPDATE tenants SET last_number = c.number, last_seq = c.seq "
                "FROM unnest(?::text[], ?::bigint[], ?::bigint[]) AS c(slug, number, seq) "
                "WHERE tenants.slug = c.slug"_s);
        for (const QString &value : {id.literal(),
                                     tenant.literal(),
                                     number.literal(),
                                     projectId.literal(),
                                     title.literal(),
                                     description.literal(),
                                     requestType.literal(),
                                     priority.literal(),
                                     roles.literal(),
                                     blocking.literal(),
                                     evidence.literal(),
                                     suggested.literal(),
                                     notes.literal(),
                                     requesterName.literal(),
                                     requesterEmail.literal(),
                                     actorRole.literal(),
                                     actorId.literal(),
                                     source.literal(),
                                     agentVendor.literal(),
                                     status.literal(),
                                     version.literal(),
                                     seq.literal(),
                                     createdAt.literal(),
                                     emailKey.literal(),
                                     requesterUserId.literal(),
                                     kScope.literal(),
                                     kKey.literal(),
                                     kHash.literal(),
                                     kStatus.literal(),
                                     kBody.literal(),
                                     kLocation.literal(),
                                     kCreated.literal(),
                                     cSlug.literal(),
                                     cNumber.literal(),
                                     cSeq.literal()})
            q.addBindValue(value);
        m_s.exec(q);
        q.finish();
        m_flushedTickets = std::max(m_flushedTickets, ticketsEnd);
        m_flushedKeys = std::max(m_flushedKeys, keysEnd);
        for (auto it = m_counters.begin(); it != m_counters.end(); ++it)
            it->dirty = false;
    }

    PostgresStorage &m_s;
    QStringList m_tenants;
    Phase m_phase = Phase::Gather;

    QSet<QString> m_locked; // advisory lock names this transaction holds
    QHash<QString, std::pair<QString, QString>> m_wantKeys; // name -> (scope, key)
    QHash<QString, WindowKey> m_wantWindows;
    QHash<QString, std::optional<FetchedKey>> m_fetchedKeys;
    QHash<QString, FetchedWindow> m_fetchedWindows;

    bool m_countersLocked = false;
    QHash<QString, Counter> m_counters;
    QList<PendingTicket> m_tickets; // recorded by items, in order
    QList<PendingKey> m_keys;
    qsizetype m_flushedTickets = 0; // inserted already (m_tickets stays as the overlay)
    qsizetype m_flushedKeys = 0;
    QHash<QString, Ticket> m_changed; // transitioned in this batch, by id
    bool m_savepoint = false;         // the current item's
    qsizetype m_itemStartTickets = 0;
    qsizetype m_itemStartKeys = 0;
    bool m_countersLockedBeforeSavepoint = false;
    QStringList m_lockedInSavepoint;          // advisory locks a rollback to the savepoint gives up
    QHash<QString, Counter> m_countersAtLock; // as read, before this batch took any
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
    qsizetype inserted = 0;
    inTransaction([&] {
        Batch batch(*this, tenants);
        inserted = batch.run(items, failures);
    });
    // The window lookup has one right index, but with no statistics yet (autovacuum looks
    // once a minute) every index of `tickets` is estimated at one row and a tie may pick one
    // that scans all of a user's or project's tickets on every create: 10x slower at 6,000
    // tickets. So after its first 500, 5,000 and 50,000 tickets this writer analyzes the table
    // itself if it never was or a fifth of it changed since (outside the batch, so no counter
    // row is held meanwhile; a large table that autovacuum keeps analyzed is left alone).
    m_ticketsWritten += inserted;
    if (m_ticketsWritten >= m_analyzeAt && m_analyzeAt <= 50'000) {
        m_analyzeAt *= 10;
        try {
            QSqlQuery &stale
                    = prepared(u"SELECT (last_analyze IS NULL AND last_autoanalyze IS NULL) OR "
                               "n_mod_since_analyze > n_live_tup / 5 FROM pg_stat_user_tables "
                               "WHERE relid = 'tickets'::regclass"_s);
            exec(stale);
            bool analyze = false;
            {
                Finisher finisher(stale);
                analyze = stale.next() && stale.value(0).toBool();
            }
            if (analyze)
                execSql(u"ANALYZE tickets"_s);
        } catch (const StorageError &) {
            // Only a planner hint: the batch is committed either way.
        }
    }
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
        // Cached outside transactions only (bootstrap reads what it is changing).
        if (m_inTransaction)
            return false;
        [[fallthrough]];
    case Lookup::CallerForWrite:
        // A write's own transaction reads the epoch and checks the token again (AuthCheck),
        // so neither a write's caller nor a project costs a round trip per request; a role,
        // grant or project change by bootstrap is still noticed within 100 ms.
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
