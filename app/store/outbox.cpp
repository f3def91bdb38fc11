#include "outbox.h"

#include "core/json.h"
#include "core/ticketquery.h"
#include "schema.h"
#include "storelog.h"
#include "ticketwriter.h"
#include "transaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <QUuid>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace td {

namespace {

QString jsonText(const QJsonObject &object)
{
    return QString::fromUtf8(toCompactJson(object));
}

// A JSON array bound as one value, read back with json_each(): one prepared statement for
// any number of ids.
QString arrayText(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QJsonObject jsonObject(const QVariant &value)
{
    if (value.isNull())
        return {};
    return parseJsonObject(value.toString().toUtf8()).value_or(QJsonObject());
}

QDateTime fromMs(const QVariant &value)
{
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

std::optional<OutboxState> stateFromWire(QStringView wire)
{
    for (const OutboxState state :
         {OutboxState::Queued, OutboxState::Sending, OutboxState::Sent, OutboxState::Failed,
          OutboxState::Conflict, OutboxState::Held}) {
        if (toWire(state) == wire)
            return state;
    }
    return std::nullopt;
}

OutboxItem readItem(const QSqlQuery &query)
{
    // Column order: schema::outboxColumns().
    OutboxItem item;
    item.id = query.value(0).toLongLong();
    item.kind = query.value(1).toString() == u"transition"_s ? OutboxKind::Transition
                                                             : OutboxKind::Create;
    item.projectId = query.value(2).toString();
    item.ticketId = query.value(3).toString();
    item.payload = jsonObject(query.value(4));
    item.idempotencyKey = query.value(5).toString();
    item.state = stateFromWire(query.value(6).toString()).value_or(OutboxState::Failed);
    item.attempts = query.value(7).toInt();
    item.nextAttemptAt = fromMs(query.value(8));
    if (!query.value(9).isNull())
        item.lastError = OutboxError::fromJson(jsonObject(query.value(9)));
    if (!query.value(10).isNull())
        item.serverTicket = Ticket::fromJson(jsonObject(query.value(10)));
    item.createdAt = fromMs(query.value(11));
    item.updatedAt = fromMs(query.value(12));
    return item;
}

QString newKey()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

QString toWire(OutboxKind kind)
{
    return kind == OutboxKind::Transition ? u"transition"_s : u"create"_s;
}

QString toWire(OutboxState state)
{
    switch (state) {
    case OutboxState::Queued:
        return u"queued"_s;
    case OutboxState::Sending:
        return u"sending"_s;
    case OutboxState::Sent:
        return u"sent"_s;
    case OutboxState::Failed:
        return u"failed"_s;
    case OutboxState::Conflict:
        return u"conflict"_s;
    case OutboxState::Held:
        return u"held"_s;
    }
    return {};
}

QJsonObject OutboxError::toJson() const
{
    return QJsonObject{{u"code"_s, td::toWire(code)},
                       {u"http_status"_s, httpStatus},
                       {u"message"_s, message},
                       {u"fieldErrors"_s, fieldErrors}};
}

OutboxError OutboxError::fromJson(const QJsonObject &json)
{
    OutboxError error;
    error.code = errorCodeFromWire(json.value(u"code"_s).toString());
    error.httpStatus = json.value(u"http_status"_s).toInt();
    error.message = json.value(u"message"_s).toString();
    error.fieldErrors = json.value(u"fieldErrors"_s).toObject();
    return error;
}

std::optional<TicketStatus> OutboxItem::transitionTo() const
{
    if (kind != OutboxKind::Transition)
        return std::nullopt;
    return ticketStatusFromWire(payload.value(u"to"_s).toString());
}

Outbox::Outbox(CacheDatabase *db, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    // Kept statements belong to the connection and go before it closes.
    connect(m_db, &CacheDatabase::aboutToClose, this, [this] { m_statements.clear(); });
    // At open: history a previous run left past its retention goes, chunk by chunk.
    schedulePrune();
    QTimer::singleShot(0, this, &Outbox::restoreLocalRows);
}

Outbox::~Outbox() = default;

void Outbox::setClock(std::function<QDateTime()> clock)
{
    m_clock = std::move(clock);
}

Error Outbox::failure(const QSqlError &error, QStringView what)
{
    const StoreError kind = CacheDatabase::classify(error);
    qCWarning(lcStore).noquote() << "outbox:" << what << "failed:" << error.text();
    if (kind == StoreError::Corrupt)
        m_db->reportCorruption();
    return Error::fromStore(kind, error.text());
}

Result<QList<OutboxItem>> Outbox::select(QSqlQuery &query, QStringView what)
{
    if (!query.exec())
        return failure(query.lastError(), what);
    QList<OutboxItem> items;
    while (query.next())
        items.append(readItem(query));
    query.finish(); // a kept statement must not hold its read snapshot
    return items;
}

QSqlQuery *Outbox::statement(Statement which, const QString &sql, QSqlError *error)
{
    auto &kept = m_statements[int(which)];
    if (kept)
        return kept.get();
    auto query = std::make_unique<QSqlQuery>(m_db->database());
    if (!query->prepare(sql)) {
        *error = query->lastError();
        m_statements.erase(int(which));
        return nullptr;
    }
    kept = std::move(query);
    return kept.get();
}
Result<OutboxItem> Outbox::enqueue(const QString &kind, const QVariant &projectId,
                                   const QVariant &ticketId, const QJsonObject &payload, bool hold)
{
    QSqlDatabase db = m_db->database();
    const qint64 now = m_clock().toMSecsSinceEpoch();
    QSqlQuery query(db);
    query.prepare(uR"(INSERT INTO outbox (kind, project_id, ticket_id, payload, idempotency_key,
    state, attempts, next_attempt_ms, created_ms, updated_ms)
VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?))"_s);
    query.bindValue(0, kind);
    query.bindValue(1, projectId);
    query.bindValue(2, ticketId);
    query.bindValue(3, jsonText(payload));
    // The key is chosen now, so every later retry of this item carries the same one.
    query.bindValue(4, newKey());
    query.bindValue(5, hold ? u"held"_s : u"queued"_s);
    query.bindValue(6, now);
    query.bindValue(7, now);
    query.bindValue(8, now);
    // One transaction with the ticket list's local row of a new ticket; synchronous=FULL, so
    // both are on disk when commit() returns.
    Transaction transaction(db);
    if (!transaction.isActive())
        return failure(transaction.lastError(), u"enqueue");
    if (!query.exec())
        return failure(query.lastError(), u"enqueue");
    const qint64 id = query.lastInsertId().toLongLong();
    const bool create = kind == u"create"_s;
    if (create) {
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(now, Qt::UTC);
        if (auto error = putLocalRow(id, projectId.toString(), payload, at, at))
            return *error;
    }
    if (!transaction.commit())
        return failure(transaction.lastError(), u"enqueue");
    Q_EMIT changed({id});
    if (create)
        m_db->notifyTicketsTouched({localTicketId(id)});
    return existing(id);
}

Result<OutboxItem> Outbox::enqueueCreate(const QString &projectId, const QJsonObject &body,
                                         bool hold)
{
    return enqueue(u"create"_s, projectId, QVariant(QMetaType::fromType<QString>()), body, hold);
}

Result<OutboxItem> Outbox::enqueueTransition(const QString &ticketId, TicketStatus to,
                                             const QString &note,
                                             std::optional<int> expectedVersion)
{
    // A new ticket's local row has no server id yet: a status change for it would only be
    // refused as not_found once sent.
    if (isLocalTicketId(ticketId))
        return Error::fromStore(StoreError::InvalidState);
    QJsonObject payload{{u"to"_s, toWire(to)}};
    if (!note.isEmpty())
        payload.insert(u"note"_s, note);
    if (expectedVersion)
        payload.insert(u"expected_version"_s, *expectedVersion);
    auto queued = enqueue(u"transition"_s, QVariant(QMetaType::fromType<QString>()), ticketId,
                          payload, false);
    if (queued)
        m_db->notifyTicketsTouched({ticketId});
    return queued;
}

namespace {

// A transition waits while an earlier item of its ticket is unsent; (ticket_id, state) answers
// that from the index. Creates carry no ticket id until sent, so they never wait.
const QString notBlocked = uR"(NOT (o.kind = 'transition' AND EXISTS (
    SELECT 1 FROM outbox p WHERE p.ticket_id = o.ticket_id
        AND p.state IN ('queued', 'sending', 'failed', 'conflict', 'held') AND p.id < o.id)))"_s;

// Every state but 'sent', spelled out so the (state, ...) indexes serve the query.
const QString unsentStates = u"('queued', 'sending', 'failed', 'conflict', 'held')"_s;

} // namespace

Result<QList<OutboxItem>> Outbox::sendable(int limit)
{
    // The due items come from (state, next_attempt_ms); there are few, so sorting them by id
    // costs nothing.
    const QString sql = u"SELECT "_s + schema::outboxColumns()
                        + u" FROM outbox o WHERE o.state = 'queued' AND o.next_attempt_ms <= ? "
                          "AND "_s
                        + notBlocked + u" ORDER BY o.id LIMIT ?"_s;
    QSqlError prepareError;
    QSqlQuery *prepared = statement(Statement::Sendable, sql, &prepareError);
    if (!prepared)
        return failure(prepareError, u"sendable");
    QSqlQuery &query = *prepared;
    query.bindValue(0, m_clock().toMSecsSinceEpoch());
    query.bindValue(1, limit);
    return select(query, u"sendable");
}

Result<QDateTime> Outbox::nextDueAt()
{
    // Walks (state, next_attempt_ms) from the earliest and stops at the first item not
    // waiting behind an earlier one of its ticket.
    const QString sql = u"SELECT o.next_attempt_ms FROM outbox o WHERE o.state = 'queued' AND "_s
                        + notBlocked + u" ORDER BY o.next_attempt_ms LIMIT 1"_s;
    QSqlError prepareError;
    QSqlQuery *prepared = statement(Statement::NextDue, sql, &prepareError);
    if (!prepared)
        return failure(prepareError, u"nextDueAt");
    QSqlQuery &query = *prepared;
    if (!query.exec())
        return failure(query.lastError(), u"nextDueAt");
    const QDateTime next = query.next() ? fromMs(query.value(0)) : QDateTime();
    query.finish();
    return next;
}

Result<QHash<QString, int>> Outbox::pendingTransitionCounts(const QStringList &ticketIds)
{
    QHash<QString, int> counts;
    if (ticketIds.isEmpty())
        return counts;
    // One statement for any number of tickets: the ids travel as one bound JSON array.
    QSqlError prepareError;
    QSqlQuery *prepared = statement(Statement::PendingTransitions, uR"(SELECT o.ticket_id, count(*)
FROM outbox o
WHERE o.ticket_id IN (SELECT value FROM json_each(?)) AND o.state IN ('queued', 'sending')
    AND o.kind = 'transition'
GROUP BY o.ticket_id)"_s,
                                    &prepareError);
    if (!prepared)
        return failure(prepareError, u"pendingTransitionCounts");
    QSqlQuery &query = *prepared;
    query.bindValue(0, arrayText(QJsonArray::fromStringList(ticketIds)));
    if (!query.exec())
        return failure(query.lastError(), u"pendingTransitionCounts");
    while (query.next())
        counts.insert(query.value(0).toString(), query.value(1).toInt());
    query.finish();
    return counts;
}

Result<int> Outbox::pendingCount()
{
    QSqlError prepareError;
    QSqlQuery *prepared = statement(Statement::PendingCount,
                                    u"SELECT count(*) FROM outbox WHERE state IN "_s + unsentStates,
                                    &prepareError);
    if (!prepared)
        return failure(prepareError, u"pendingCount");
    QSqlQuery &query = *prepared;
    if (!query.exec())
        return failure(query.lastError(), u"pendingCount");
    const int count = query.next() ? query.value(0).toInt() : 0;
    query.finish();
    return count;
}

Result<QList<OutboxItem>> Outbox::unsent()
{
    QSqlQuery query(m_db->database());
    query.prepare(u"SELECT "_s + schema::outboxColumns() + u" FROM outbox WHERE state IN "_s
                  + unsentStates + u" ORDER BY id"_s);
    return select(query, u"unsent");
}

Result<QList<OutboxItem>> Outbox::recent(int limit)
{
    QSqlQuery query(m_db->database());
    // Read backwards along (state, updated_ms): `limit` rows, however long the history.
    query.prepare(u"SELECT "_s + schema::outboxColumns()
                  + u" FROM outbox WHERE state = 'sent' ORDER BY updated_ms DESC, id DESC "
                    "LIMIT ?"_s);
    query.bindValue(0, limit);
    return select(query, u"recent");
}

Result<QList<OutboxItem>> Outbox::items(const QList<qint64> &ids)
{
    if (ids.isEmpty())
        return QList<OutboxItem>();
    QJsonArray array;
    for (qint64 id : ids)
        array.append(id);
    QSqlError prepareError;
    QSqlQuery *prepared = statement(Statement::Items,
                                    u"SELECT "_s + schema::outboxColumns()
                                            + u" FROM outbox WHERE id IN "
                                              "(SELECT value FROM json_each(?))"_s,
                                    &prepareError);
    if (!prepared)
        return failure(prepareError, u"items");
    QSqlQuery &query = *prepared;
    query.bindValue(0, arrayText(array));
    return select(query, u"items");
}

Result<std::optional<OutboxItem>> Outbox::item(qint64 id)
{
    QSqlError prepareError;
    QSqlQuery *prepared = statement(
            Statement::Item,
            u"SELECT "_s + schema::outboxColumns() + u" FROM outbox WHERE id = ?"_s, &prepareError);
    if (!prepared)
        return failure(prepareError, u"item");
    QSqlQuery &query = *prepared;
    query.bindValue(0, id);
    if (!query.exec())
        return failure(query.lastError(), u"item");
    std::optional<OutboxItem> found;
    if (query.next())
        found = readItem(query);
    query.finish();
    return found;
}

Result<OutboxItem> Outbox::existing(qint64 id)
{
    Result<std::optional<OutboxItem>> found = item(id);
    if (!found)
        return found.error();
    if (!found.value())
        return Error::fromStore(StoreError::NotFound);
    return std::move(*found.value());
}

Status Outbox::markSending(qint64 id)
{
    QSqlDatabase db = m_db->database();
    {
        Transaction transaction(db);
        if (!transaction.isActive())
            return failure(transaction.lastError(), u"markSending");
        const auto current = existing(id);
        if (!current)
            return current.error();
        if (current->state != OutboxState::Queued)
            return Error::fromStore(StoreError::InvalidState);
        QSqlQuery query(db);
        query.prepare(u"UPDATE outbox SET state = 'sending', attempts = attempts + 1, "
                      "updated_ms = ? WHERE id = ?"_s);
        query.bindValue(0, m_clock().toMSecsSinceEpoch());
        query.bindValue(1, id);
        if (!query.exec())
            return failure(query.lastError(), u"markSending");
        if (!transaction.commit())
            return failure(transaction.lastError(), u"markSending");
    }
    Q_EMIT changed({id});
    return {};
}

Status Outbox::markSent(qint64 id, const Ticket &serverTicket)
{
    QSqlDatabase db = m_db->database();
    bool ticketChanged = false;
    QStringList touched;
    {
        Transaction transaction(db);
        if (!transaction.isActive())
            return failure(transaction.lastError(), u"markSent");
        const auto current = existing(id);
        if (!current)
            return current.error();
        QSqlQuery query(db);
        query.prepare(u"UPDATE outbox SET state = 'sent', ticket_id = ?, server_ticket = ?, "
                      "last_error = NULL, updated_ms = ? WHERE id = ?"_s);
        query.bindValue(0, serverTicket.id);
        query.bindValue(1, jsonText(serverTicket.toJson()));
        query.bindValue(2, m_clock().toMSecsSinceEpoch());
        query.bindValue(3, id);
        if (!query.exec())
            return failure(query.lastError(), u"markSent");
        // The server's copy replaces the list's local row of a new ticket.
        if (current->kind == OutboxKind::Create) {
            if (auto error = removeLocalRow(id))
                return *error;
            touched.append(localTicketId(id));
        }
        TicketWriter writer(db);
        if (!writer.upsert(serverTicket, &ticketChanged))
            return failure(writer.lastError(), u"markSent (ticket)");
        if (!transaction.commit())
            return failure(transaction.lastError(), u"markSent");
    }
    Q_EMIT changed({id});
    // Even if the cached ticket was already as new, its sync state just changed.
    touched.append(serverTicket.id);
    m_db->notifyTicketsTouched(touched);
    // The history just grew by one: keep it within its retention.
    schedulePrune();
    return {};
}

Status Outbox::markFailed(qint64 id, const OutboxError &error, std::optional<QDateTime> retryAt)
{
    QSqlDatabase db = m_db->database();
    OutboxKind kind = OutboxKind::Create;
    QString ticketId;
    {
        Transaction transaction(db);
        if (!transaction.isActive())
            return failure(transaction.lastError(), u"markFailed");
        const auto current = existing(id);
        if (!current)
            return current.error();
        kind = current->kind;
        ticketId = current->ticketId;
        QSqlQuery query(db);
        query.prepare(u"UPDATE outbox SET state = ?, last_error = ?, next_attempt_ms = ?, "
                      "updated_ms = ? WHERE id = ?"_s);
        const qint64 now = m_clock().toMSecsSinceEpoch();
        query.bindValue(0, retryAt ? u"queued"_s : u"failed"_s);
        query.bindValue(1, jsonText(error.toJson()));
        query.bindValue(2, retryAt ? retryAt->toMSecsSinceEpoch() : now);
        query.bindValue(3, now);
        query.bindValue(4, id);
        if (!query.exec())
            return failure(query.lastError(), u"markFailed");
        if (!transaction.commit())
            return failure(transaction.lastError(), u"markFailed");
    }
    Q_EMIT changed({id});
    if (kind == OutboxKind::Transition)
        m_db->notifyTicketsTouched({ticketId});
    return {};
}

Status Outbox::markConflict(qint64 id, const Ticket &serverTicket, const OutboxError &error)
{
    QSqlDatabase db = m_db->database();
    QString ticketId;
    {
        Transaction transaction(db);
        if (!transaction.isActive())
            return failure(transaction.lastError(), u"markConflict");
        const auto current = existing(id);
        if (!current)
            return current.error();
        ticketId = current->ticketId;
        QSqlQuery query(db);
        query.prepare(u"UPDATE outbox SET state = 'conflict', server_ticket = ?, last_error = ?, "
                      "updated_ms = ? WHERE id = ?"_s);
        query.bindValue(0, jsonText(serverTicket.toJson()));
        query.bindValue(1, jsonText(error.toJson()));
        query.bindValue(2, m_clock().toMSecsSinceEpoch());
        query.bindValue(3, id);
        if (!query.exec())
            return failure(query.lastError(), u"markConflict");
        TicketWriter writer(db);
        bool ticketChanged = false;
        if (!writer.upsert(serverTicket, &ticketChanged))
            return failure(writer.lastError(), u"markConflict (ticket)");
        if (!transaction.commit())
            return failure(transaction.lastError(), u"markConflict");
    }
    Q_EMIT changed({id});
    QStringList touched{serverTicket.id};
    if (!ticketId.isEmpty() && ticketId != serverTicket.id)
        touched.append(ticketId);
    m_db->notifyTicketsTouched(touched);
    return {};
}

Status Outbox::cancel(qint64 id)
{
    QSqlDatabase db = m_db->database();
    OutboxKind kind = OutboxKind::Create;
    QString ticketId;
    {
        Transaction transaction(db);
        if (!transaction.isActive())
            return failure(transaction.lastError(), u"cancel");
        const auto current = existing(id);
        if (!current)
            return current.error();
        if (current->state == OutboxState::Sending || current->state == OutboxState::Sent)
            return Error::fromStore(StoreError::InvalidState);
        kind = current->kind;
        ticketId = current->ticketId;
        QSqlQuery query(db);
        query.prepare(u"DELETE FROM outbox WHERE id = ?"_s);
        query.bindValue(0, id);
        if (!query.exec())
            return failure(query.lastError(), u"cancel");
        if (kind == OutboxKind::Create) {
            if (auto error = removeLocalRow(id))
                return *error;
        }
        if (!transaction.commit())
            return failure(transaction.lastError(), u"cancel");
    }
    Q_EMIT changed({id});
    m_db->notifyTicketsTouched({kind == OutboxKind::Transition ? ticketId : localTicketId(id)});
    return {};
}

Status Outbox::updatePayload(qint64 id, const QJsonObject &payload, bool hold)
{
    QSqlDatabase db = m_db->database();
    OutboxKind kind = OutboxKind::Create;
    QString ticketId;
    {
        Transaction transaction(db);
        if (!transaction.isActive())
            return failure(transaction.lastError(), u"updatePayload");
        const auto current = existing(id);
        if (!current)
            return current.error();
        if (current->state == OutboxState::Sending || current->state == OutboxState::Sent
            || (hold && current->kind != OutboxKind::Create))
            return Error::fromStore(StoreError::InvalidState); // only new tickets are held
        kind = current->kind;
        ticketId = current->ticketId;
        // Any earlier attempt may have reached the server under the key (an answer lost on
        // the way back), so an edited body is a new request and needs a new key; the same
        // body keeps it, so a retry is still replayed rather than doubled.
        const bool keepKey = current->payload == payload;
        QSqlQuery query(db);
        query.prepare(u"UPDATE outbox SET state = ?, payload = ?, idempotency_key = ?, "
                      "last_error = NULL, server_ticket = NULL, next_attempt_ms = ?, "
                      "updated_ms = ? WHERE id = ?"_s);
        const qint64 now = m_clock().toMSecsSinceEpoch();
        query.bindValue(0, hold ? u"held"_s : u"queued"_s);
        query.bindValue(1, jsonText(payload));
        query.bindValue(2, keepKey ? current->idempotencyKey : newKey());
        query.bindValue(3, now);
        query.bindValue(4, now);
        query.bindValue(5, id);
        if (!query.exec())
            return failure(query.lastError(), u"updatePayload");
        if (kind == OutboxKind::Create) {
            // The list shows what will be sent: the row is written anew from the new body.
            if (auto error = removeLocalRow(id))
                return *error;
            if (auto error = putLocalRow(id, current->projectId, payload, current->createdAt,
                                         QDateTime::fromMSecsSinceEpoch(now, Qt::UTC)))
                return *error;
        }
        if (!transaction.commit())
            return failure(transaction.lastError(), u"updatePayload");
    }
    Q_EMIT changed({id});
    m_db->notifyTicketsTouched({kind == OutboxKind::Transition ? ticketId : localTicketId(id)});
    return {};
}

Status Outbox::release(qint64 id)
{
    QSqlDatabase db = m_db->database();
    {
        Transaction transaction(db);
        if (!transaction.isActive())
            return failure(transaction.lastError(), u"release");
        const auto current = existing(id);
        if (!current)
            return current.error();
        if (current->state != OutboxState::Held)
            return Error::fromStore(StoreError::InvalidState);
        QSqlQuery query(db);
        query.prepare(u"UPDATE outbox SET state = 'queued', next_attempt_ms = ?, updated_ms = ? "
                      "WHERE id = ?"_s);
        const qint64 now = m_clock().toMSecsSinceEpoch();
        query.bindValue(0, now);
        query.bindValue(1, now);
        query.bindValue(2, id);
        if (!query.exec())
            return failure(query.lastError(), u"release");
        if (!transaction.commit())
            return failure(transaction.lastError(), u"release");
    }
    Q_EMIT changed({id});
    return {};
}

std::optional<Error> Outbox::putLocalRow(qint64 id, const QString &projectId,
                                         const QJsonObject &body, const QDateTime &createdAt,
                                         const QDateTime &updatedAt)
{
    Ticket ticket;
    ticket.id = localTicketId(id);
    ticket.number = 0; // the server numbers it; the list says "new"
    ticket.projectId = projectId.isEmpty() ? std::nullopt : std::optional(projectId);
    ticket.title = body.value(u"title"_s).toString();
    ticket.description = body.value(u"description"_s).toString();
    ticket.requestType = requestTypeFromWire(body.value(u"request_type"_s).toString())
                                 .value_or(RequestType::General);
    ticket.priority
            = priorityFromWire(body.value(u"priority"_s).toString()).value_or(Priority::Medium);
    for (const QJsonValue &role : body.value(u"roles"_s).toArray())
        ticket.roles.append(role.toString());
    ticket.blocking = body.value(u"blocking"_s).toBool();
    ticket.source = body.value(u"source"_s).toString(u"desktop"_s);
    ticket.status = TicketStatus::New;
    ticket.createdAt = createdAt;
    ticket.updatedAt = updatedAt;
    TicketWriter writer(m_db->database());
    bool written = false;
    if (!writer.upsert(ticket, &written))
        return failure(writer.lastError(), u"local ticket row");
    return std::nullopt;
}

std::optional<Error> Outbox::removeLocalRow(qint64 id)
{
    // Through the tickets table, so the search index and the counts follow (triggers).
    QSqlQuery query(m_db->database());
    query.prepare(u"DELETE FROM tickets WHERE id = ?"_s);
    query.bindValue(0, localTicketId(id));
    if (!query.exec())
        return failure(query.lastError(), u"local ticket row");
    return std::nullopt;
}

void Outbox::restoreLocalRows()
{
    if (!m_db->isOpen())
        return;
    // Unsent new tickets queued by a build that kept no local rows, or carried over from a
    // corrupt file (the rescue keeps the outbox, not the tickets): listed again. A few rows.
    QSqlDatabase db = m_db->database();
    QSqlQuery query(db);
    query.prepare(u"SELECT "_s + schema::outboxColumns()
                  + u" FROM outbox o WHERE o.kind = 'create' AND o.state IN "_s + unsentStates
                  + u" AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = 'outbox-' || o.id)"_s);
    const Result<QList<OutboxItem>> missing = select(query, u"restoreLocalRows");
    if (!missing || missing.value().isEmpty())
        return;
    Transaction transaction(db);
    if (!transaction.isActive())
        return;
    QStringList touched;
    for (const OutboxItem &item : missing.value()) {
        if (putLocalRow(item.id, item.projectId, item.payload, item.createdAt, item.updatedAt))
            return; // logged; tried again at the next open
        touched.append(localTicketId(item.id));
    }
    if (!transaction.commit()) {
        failure(transaction.lastError(), u"restoreLocalRows");
        return;
    }
    m_db->notifyTicketsTouched(touched);
}

Result<int> Outbox::pruneSent(const QDateTime &before, int keep, int chunk)
{
    QSqlDatabase db = m_db->database();
    // The cut: everything older than `before`, and everything behind the keep-th newest. Both
    // are read from (state, updated_ms); the deletion takes the oldest `chunk` of them, so one
    // call costs the same however much history has piled up.
    qint64 cutMs = before.toMSecsSinceEpoch();
    qint64 cutId = 0; // ties at cutMs: ids up to this one go too
    {
        QSqlQuery query(db);
        query.prepare(u"SELECT updated_ms, id FROM outbox WHERE state = 'sent' "
                      "ORDER BY updated_ms DESC, id DESC LIMIT 1 OFFSET ?"_s);
        query.bindValue(0, qMax(0, keep));
        if (!query.exec())
            return failure(query.lastError(), u"pruneSent");
        if (query.next() && query.value(0).toLongLong() >= cutMs) {
            cutMs = query.value(0).toLongLong();
            cutId = query.value(1).toLongLong();
        }
    }
    QList<qint64> pruned;
    {
        Transaction transaction(db);
        if (!transaction.isActive())
            return failure(transaction.lastError(), u"pruneSent");
        QSqlQuery query(db);
        query.prepare(u"SELECT id FROM outbox WHERE state = 'sent' "
                      "AND (updated_ms < ? OR (updated_ms = ? AND id <= ?)) "
                      "ORDER BY updated_ms, id LIMIT ?"_s);
        query.bindValue(0, cutMs);
        query.bindValue(1, cutMs);
        query.bindValue(2, cutId);
        query.bindValue(3, qMax(1, chunk));
        if (!query.exec())
            return failure(query.lastError(), u"pruneSent");
        while (query.next())
            pruned.append(query.value(0).toLongLong());
        if (pruned.isEmpty())
            return 0;
        QJsonArray array;
        for (qint64 id : std::as_const(pruned))
            array.append(id);
        QSqlQuery remove(db);
        remove.prepare(u"DELETE FROM outbox WHERE id IN (SELECT value FROM json_each(?))"_s);
        remove.bindValue(0, arrayText(array));
        if (!remove.exec())
            return failure(remove.lastError(), u"pruneSent");
        if (!transaction.commit())
            return failure(transaction.lastError(), u"pruneSent");
    }
    Q_EMIT changed(pruned);
    return int(pruned.size());
}

void Outbox::schedulePrune(int delayMs)
{
    if (m_pruneScheduled)
        return;
    m_pruneScheduled = true;
    QTimer::singleShot(delayMs, this, &Outbox::pruneStep);
}

void Outbox::pruneStep()
{
    m_pruneScheduled = false;
    if (!m_db->isOpen())
        return;
    const QDateTime before = m_clock().addDays(-m_retention.days);
    const Result<int> pruned = pruneSent(before, m_retention.maxSent, m_retention.chunk);
    if (!pruned)
        return; // logged by failure(); the next send tries again
    // A full chunk: there may be more. The rest goes on later turns of the event loop, so a
    // long history left by an older build never blocks the window.
    if (pruned.value() >= m_retention.chunk)
        schedulePrune(m_retention.pauseMs);
}

} // namespace td
