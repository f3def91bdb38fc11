#include "sqlitewriter.h"

#include "sqlcommon.h"
#include "ticketjson.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <sqlite3.h>

#include <chrono>
#include <thread>

using namespace Qt::StringLiterals;

namespace td::server {

namespace {

// The columns every ticket read selects, in readTicket()'s order.
#define TD_TICKET_COLUMNS \
    "id, tenant, number, project_id, title, description, request_type, priority, roles, " \
    "blocking, evidence, suggested_resolution, implementation_notes, requester_name, " \
    "requester_email, actor_role, actor_id, source, agent_vendor, status, version, seq, " \
    "created_at, updated_at"

QStringList rolesFromText(const QByteArray &text)
{
    QStringList roles;
    const QJsonArray array = QJsonDocument::fromJson(text).array();
    for (const QJsonValue value : array)
        roles.append(value.toString());
    return roles;
}

QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

constexpr int ShortPolls = 500; // of ~100 us: the first ~50 ms of a wait

int busyHandler(void *timeoutMs, int count)
{
    // count: how many times this wait has been called before. Elapsed time is estimated from
    // it (a sleep lasts at least what it asks for, so the timeout is never cut short).
    const qint64 waitedUs = count < ShortPolls
                                    ? qint64(count) * 100
                                    : ShortPolls * 100LL + qint64(count - ShortPolls) * 1000;
    if (waitedUs >= qint64(reinterpret_cast<quintptr>(timeoutMs)) * 1000)
        return 0; // SQLITE_BUSY to the caller
    std::this_thread::sleep_for(std::chrono::microseconds(count < ShortPolls ? 100 : 1000));
    return 1;
}

} // namespace

SqliteStatement::SqliteStatement(sqlite3 *db, const QString &sql)
    : m_db(db)
{
    const QByteArray text = sql.toUtf8();
    const int code = sqlite3_prepare_v3(m_db, text.constData(), int(text.size()),
                                        SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr);
    if (code != SQLITE_OK) {
        sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
        throw StorageError(std::string("prepare failed: ") + sqlite3_errmsg(m_db));
    }
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_stmt);
}

void SqliteStatement::fail(int code) const
{
    Q_UNUSED(code);
    throw StorageError(sqlite3_errmsg(m_db));
}

void SqliteStatement::bind(int index, const QString &value)
{
    // SQLITE_STATIC: no copy; the caller keeps the string alive until reset(). A null QString
    // still points at an empty array, so it binds '' (the NOT NULL text columns want that).
    const int code = sqlite3_bind_text16(m_stmt, index + 1, value.utf16(),
                                         int(value.size() * sizeof(char16_t)), SQLITE_STATIC);
    if (code != SQLITE_OK)
        fail(code);
}

void SqliteStatement::bind(int index, const std::optional<QString> &value)
{
    if (value)
        bind(index, *value);
    else
        bindNull(index);
}

void SqliteStatement::bind(int index, QByteArrayView utf8)
{
    const int code = sqlite3_bind_text(m_stmt, index + 1, utf8.data() ? utf8.data() : "",
                                       int(utf8.size()), SQLITE_STATIC);
    if (code != SQLITE_OK)
        fail(code);
}

void SqliteStatement::bind(int index, qint64 value)
{
    const int code = sqlite3_bind_int64(m_stmt, index + 1, value);
    if (code != SQLITE_OK)
        fail(code);
}

void SqliteStatement::bindNull(int index)
{
    const int code = sqlite3_bind_null(m_stmt, index + 1);
    if (code != SQLITE_OK)
        fail(code);
}

void SqliteStatement::bindVariant(int index, const QVariant &value)
{
    if (value.isNull()) {
        bindNull(index);
        return;
    }
    switch (value.typeId()) {
    case QMetaType::QString:
        bind(index, *static_cast<const QString *>(value.constData()));
        return;
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::Bool:
        bind(index, value.toLongLong());
        return;
    default:
        throw StorageError("bindVariant: unexpected value type");
    }
}

bool SqliteStatement::step()
{
    const int code = sqlite3_step(m_stmt);
    if (code == SQLITE_ROW)
        return true;
    if (code == SQLITE_DONE)
        return false;
    fail(code);
}

void SqliteStatement::run()
{
    Use use(*this);
    while (step()) {
    }
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

int SqliteStatement::changes() const
{
    return sqlite3_changes(m_db);
}

bool SqliteStatement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

qint64 SqliteStatement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

QString SqliteStatement::text(int column) const
{
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return QString::fromUtf8(data, sqlite3_column_bytes(m_stmt, column));
}

QByteArray SqliteStatement::utf8(int column) const
{
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return QByteArray(data, sqlite3_column_bytes(m_stmt, column));
}

SqliteWriter::SqliteWriter(sqlite3 *db)
    : m_db(db)
{}

SqliteWriter::~SqliteWriter() = default;

sqlite3 *SqliteWriter::handleOf(const QVariant &driverHandle)
{
    if (!driverHandle.isValid() || qstrcmp(driverHandle.typeName(), "sqlite3*") != 0)
        throw StorageError("not a QSQLITE connection handle");
    sqlite3 *db = *static_cast<sqlite3 *const *>(driverHandle.constData());
    if (!db)
        throw StorageError("the SQLite connection is not open");
    return db;
}

void SqliteWriter::waitBriefly(sqlite3 *db, int timeoutMs)
{
    sqlite3_busy_handler(db, busyHandler, reinterpret_cast<void *>(quintptr(timeoutMs)));
}

SqliteStatement &SqliteWriter::statement(std::unique_ptr<SqliteStatement> &slot, const char *sql)
{
    if (!slot)
        slot = std::make_unique<SqliteStatement>(m_db, QString::fromUtf8(sql));
    return *slot;
}

void SqliteWriter::begin()
{
    statement(m_begin, "BEGIN IMMEDIATE").run();
}

void SqliteWriter::commit()
{
    statement(m_commit, "COMMIT").run();
}

void SqliteWriter::rollback()
{
    // Outside a transaction (SQLite may have rolled back by itself after an I/O error) this
    // fails harmlessly.
    sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
}

void SqliteWriter::savepoint()
{
    statement(m_savepoint, "SAVEPOINT item").run();
}

void SqliteWriter::release()
{
    statement(m_release, "RELEASE item").run();
}

void SqliteWriter::rollbackToSavepoint()
{
    statement(m_rollbackTo, "ROLLBACK TO item").run();
}

std::optional<StoredResponse> SqliteWriter::storedResponse(const QString &scope, const QString &key,
                                                           qint64 notBeforeMs)
{
    SqliteStatement::Use q(statement(m_storedResponse,
                                     "SELECT request_hash, status, body, location FROM "
                                     "idempotency_keys WHERE scope = ? AND key = ? AND "
                                     "created_at >= ?"));
    q->bind(0, scope);
    q->bind(1, key);
    q->bind(2, notBeforeMs);
    if (!q->step())
        return std::nullopt;
    StoredResponse response;
    response.requestHash = q->utf8(0);
    response.status = int(q->int64(1));
    response.body = q->utf8(2);
    response.location = q->utf8(3);
    return response;
}

void SqliteWriter::storeResponse(const QString &scope, const QString &key,
                                 const StoredResponse &response, qint64 nowMs)
{
    {
        // An expired record under the same key is replaced: the key is free again after 24 h.
        SqliteStatement::Use del(statement(
                m_deleteResponse, "DELETE FROM idempotency_keys WHERE scope = ? AND key = ?"));
        del->bind(0, scope);
        del->bind(1, key);
        del->step();
    }
    SqliteStatement::Use q(statement(m_insertResponse,
                                     "INSERT INTO idempotency_keys (scope, key, request_hash, "
                                     "status, body, location, created_at) VALUES (?, ?, ?, ?, "
                                     "?, ?, ?)"));
    q->bind(0, scope);
    q->bind(1, key);
    q->bind(2, QByteArrayView(response.requestHash));
    q->bind(3, qint64(response.status));
    q->bind(4, QByteArrayView(response.body));
    q->bind(5, QByteArrayView(response.location));
    q->bind(6, nowMs);
    q->step();
}

std::optional<Ticket> SqliteWriter::recentTicket(const WindowKey &key)
{
    const sql::WindowQuery window = sql::windowQuery(key);
    auto it = m_windows.find(window.where);
    if (it == m_windows.end()) {
        it = m_windows.insert(window.where,
                              std::make_shared<SqliteStatement>(
                                      m_db, u"SELECT " TD_TICKET_COLUMNS " FROM tickets WHERE "_s
                                                    + window.where
                                                    + u" ORDER BY created_at DESC, number DESC "
                                                      "LIMIT 1"_s));
    }
    SqliteStatement::Use q(*it.value());
    for (qsizetype i = 0; i < window.values.size(); ++i)
        q->bindVariant(int(i), window.values.at(i));
    if (!q->step())
        return std::nullopt;
    return readTicket(*it.value());
}

Ticket SqliteWriter::insertTicket(const NewTicket &t)
{
    // Per-tenant counters: the write lock makes number and seq strictly increasing in commit
    // order, which is what lets /api/changes promise exactly-once delivery.
    qint64 number = 0;
    qint64 seq = 0;
    {
        SqliteStatement::Use bump(statement(m_bumpNumber,
                                            "UPDATE tenants SET last_number = last_number + 1, "
                                            "last_seq = last_seq + 1 WHERE slug = ? "
                                            "RETURNING last_number, last_seq"));
        bump->bind(0, t.tenant);
        if (!bump->step())
            throw StorageError("insertTicket: unknown tenant");
        number = bump->int64(0);
        seq = bump->int64(1);
        while (bump->step()) {
        }
    }
    const Ticket ticket = t.toTicket(number, seq);

    const QString requestType = toWire(ticket.requestType);
    const QString priority = toWire(ticket.priority);
    const QString status = toWire(ticket.status);
    const QByteArray roles = compactStringArray(ticket.roles);
    const QByteArray evidence
            = ticket.evidence.isEmpty()
                      ? QByteArray("{}")
                      : QJsonDocument(ticket.evidence).toJson(QJsonDocument::Compact);
    const QString emailKey = ticket.requester.email.toLower();
    {
        SqliteStatement::Use q(statement(m_insertTicket,
                                         "INSERT INTO tickets (" TD_TICKET_COLUMNS
                                         ", requester_email_key, requester_user_id) VALUES (?, "
                                         "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                         "?, ?, ?, ?, ?, ?, ?)"));
        q->bind(0, ticket.id);
        q->bind(1, ticket.tenant);
        q->bind(2, ticket.number);
        q->bind(3, ticket.projectId);
        q->bind(4, ticket.title);
        q->bind(5, ticket.description);
        q->bind(6, requestType);
        q->bind(7, priority);
        q->bind(8, QByteArrayView(roles));
        q->bind(9, qint64(ticket.blocking ? 1 : 0));
        q->bind(10, QByteArrayView(evidence));
        q->bind(11, ticket.suggestedResolution);
        q->bind(12, ticket.implementationNotes);
        q->bind(13, ticket.requester.name);
        q->bind(14, ticket.requester.email);
        q->bind(15, ticket.actorRole);
        q->bind(16, ticket.actorId);
        q->bind(17, ticket.source);
        q->bind(18, ticket.agentVendor);
        q->bind(19, status);
        q->bind(20, qint64(ticket.version));
        q->bind(21, ticket.seq);
        q->bind(22, t.createdAtMs);
        q->bind(23, t.createdAtMs);
        q->bind(24, emailKey);
        q->bind(25, t.requesterUserId);
        q->step();
    }
    appendEvent(ticket.id, seq, u"created"_s, std::nullopt, TicketStatus::New, ticket.actorId,
                QString(), t.createdAtMs);
    return ticket;
}

std::optional<Ticket> SqliteWriter::ticket(const QString &tenant, const QString &id)
{
    const QString lowerId = id.toLower();
    SqliteStatement::Use q(statement(m_ticketById, "SELECT " TD_TICKET_COLUMNS
                                                   " FROM tickets WHERE id = ? AND tenant = ?"));
    q->bind(0, lowerId);
    q->bind(1, tenant);
    if (!q->step())
        return std::nullopt;
    return readTicket(*m_ticketById);
}

Ticket SqliteWriter::applyStatusChange(const Ticket &current, const StatusChange &change)
{
    qint64 seq = 0;
    {
        SqliteStatement::Use bump(statement(m_bumpSeq,
                                            "UPDATE tenants SET last_seq = last_seq + 1 WHERE "
                                            "slug = ? RETURNING last_seq"));
        bump->bind(0, current.tenant);
        if (!bump->step())
            throw StorageError("applyStatusChange: tenant vanished");
        seq = bump->int64(0);
        while (bump->step()) {
        }
    }
    const QString status = toWire(change.to);
    {
        SqliteStatement::Use q(statement(m_moveTicket,
                                         "UPDATE tickets SET status = ?, version = version + 1, "
                                         "seq = ?, updated_at = ? WHERE id = ? AND version = ?"));
        q->bind(0, status);
        q->bind(1, seq);
        q->bind(2, change.atMs);
        q->bind(3, current.id);
        q->bind(4, qint64(current.version));
        q->step();
        if (q->changes() != 1)
            throw StorageError("applyStatusChange: ticket changed under the write lock");
    }
    appendEvent(current.id, seq, u"status_changed"_s, current.status, change.to, change.actorId,
                change.note, change.atMs);
    return change.appliedTo(current, seq);
}

void SqliteWriter::appendEvent(const QString &ticketId, qint64 seq, const QString &type,
                               std::optional<TicketStatus> from, TicketStatus to,
                               const std::optional<QString> &actorId, const QString &note,
                               qint64 atMs)
{
    const std::optional<QString> fromText = from ? std::optional(toWire(*from)) : std::nullopt;
    const QString toText = toWire(to);
    SqliteStatement::Use q(statement(m_insertEvent,
                                     "INSERT INTO events (ticket_id, seq, type, from_status, "
                                     "to_status, actor_id, note, at) VALUES (?, ?, ?, ?, ?, ?, "
                                     "?, ?)"));
    q->bind(0, ticketId);
    q->bind(1, seq);
    q->bind(2, type);
    q->bind(3, fromText);
    q->bind(4, toText);
    q->bind(5, actorId);
    q->bind(6, note);
    q->bind(7, atMs);
    q->step();
}

Ticket SqliteWriter::readTicket(SqliteStatement &q)
{
    Ticket t;
    t.id = q.text(0);
    t.tenant = q.text(1);
    t.number = q.int64(2);
    if (!q.isNull(3))
        t.projectId = q.text(3);
    t.title = q.text(4);
    t.description = q.text(5);
    t.requestType = requestTypeFromWire(q.text(6)).value_or(RequestType::General);
    t.priority = priorityFromWire(q.text(7)).value_or(Priority::Medium);
    t.roles = rolesFromText(q.utf8(8));
    t.blocking = q.int64(9) != 0;
    t.evidence = QJsonDocument::fromJson(q.utf8(10)).object();
    t.suggestedResolution = q.text(11);
    t.implementationNotes = q.text(12);
    t.requester = {q.text(13), q.text(14)};
    t.actorRole = q.text(15);
    if (!q.isNull(16))
        t.actorId = q.text(16);
    t.source = q.text(17);
    if (!q.isNull(18))
        t.agentVendor = q.text(18);
    t.status = ticketStatusFromWire(q.text(19)).value_or(TicketStatus::New);
    t.version = int(q.int64(20));
    t.seq = q.int64(21);
    t.createdAt = fromMs(q.int64(22));
    t.updatedAt = fromMs(q.int64(23));
    return t;
}

} // namespace td::server
