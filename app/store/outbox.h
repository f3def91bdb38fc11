#pragma once

#include "cachedatabase.h"

#include "core/errorcode.h"
#include "core/result.h"
#include "core/ticket.h"
#include "core/ticketstatus.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSqlError>
#include <QString>
#include <QVariant>

#include <functional>
#include <optional>

namespace td {

enum class OutboxKind { Create, Transition };
QString toWire(OutboxKind kind); // "create", "transition"

enum class OutboxState {
    Queued,   // waiting for nextAttemptAt (now, or a backoff/Retry-After later)
    Sending,  // handed to the network; back to Queued at the next open if the app died
    Sent,     // the server accepted it; kept for the Outbox view's history
    Failed,   // refused for good (validation, forbidden, ...): the user edits or cancels
    Conflict, // version_conflict: serverTicket holds the current state
};
QString toWire(OutboxState state); // "queued", "sending", "sent", "failed", "conflict"

// Why the server refused (or why sending failed), as the error body said.
struct OutboxError
{
    ErrorCode code = ErrorCode::Unknown;
    int httpStatus = 0;      // 0: no HTTP answer (network error, timeout)
    QString message;         // the body's "error", for logs and details
    QJsonObject fieldErrors; // CONTRACT 2 fieldErrors, to show next to form fields
    QJsonObject toJson() const;
    static OutboxError fromJson(const QJsonObject &json);
    friend bool operator==(const OutboxError &, const OutboxError &) = default;
};

// One unit of unsent work. The idempotency key is made when the item is queued and never
// changes, so every retry of a create is the same request to the server (CONTRACT 5.2).
struct OutboxItem
{
    qint64 id = 0;
    OutboxKind kind = OutboxKind::Create;
    QString projectId; // Create: the project the ticket goes to
    QString ticketId;  // Transition: the ticket; Create: the server's id once sent
    // Create: the POST body of CONTRACT 4.2. Transition: {"to", "note"?, "expected_version"?}.
    QJsonObject payload;
    QString idempotencyKey;
    OutboxState state = OutboxState::Queued;
    int attempts = 0;
    QDateTime nextAttemptAt; // UTC
    std::optional<OutboxError> lastError;
    std::optional<Ticket> serverTicket; // Sent: the created/updated ticket; Conflict: current
    QDateTime createdAt;                // UTC
    QDateTime updatedAt;                // UTC

    // Transition helpers (read from payload).
    std::optional<TicketStatus> transitionTo() const;
};

// The durable queue of creates and transitions for engineer "net"'s SyncEngine and the Outbox
// view. Every mutating call has committed with synchronous=FULL before it returns, so work
// the user was told is queued survives a crash or power cut. Transitions also show in the
// ticket list (TicketRow::syncState), so every change here notifies the affected tickets.
class Outbox : public QObject
{
    Q_OBJECT
public:
    // `db` must outlive the outbox and be open. `clock` returns "now" in UTC (tests inject it).
    explicit Outbox(CacheDatabase *db, QObject *parent = nullptr);
    ~Outbox() override;
    void setClock(std::function<QDateTime()> clock);

    // Both enqueue calls have committed (synchronous=FULL) when they return.
    Result<OutboxItem> enqueueCreate(const QString &projectId, const QJsonObject &body);
    Result<OutboxItem> enqueueTransition(const QString &ticketId, TicketStatus to,
                                         const QString &note, std::optional<int> expectedVersion);

    // Queued items whose nextAttemptAt <= now, oldest first.
    Result<QList<OutboxItem>> due(int limit = 50);
    // When the next queued item becomes due; an invalid QDateTime if none is queued.
    Result<QDateTime> nextDueAt();

    Status markSending(qint64 id); // attempts + 1
    // Also upserts `serverTicket` into the ticket cache (newer wins) in the same transaction.
    Status markSent(qint64 id, const Ticket &serverTicket);
    // With `retryAt`: a transient failure, back to Queued until then. Without: Failed.
    Status markFailed(qint64 id, const OutboxError &error,
                      std::optional<QDateTime> retryAt = std::nullopt);
    // version_conflict: keeps the server's ticket on the item and in the cache.
    Status markConflict(qint64 id, const Ticket &serverTicket, const OutboxError &error);
    // Undo: removes a Queued, Failed or Conflict item. Sending/Sent: InvalidState.
    Status cancel(qint64 id);
    // Edit a Queued, Failed or Conflict item; it becomes Queued and due now, error cleared.
    // The idempotency key is kept for a Queued item and renewed otherwise (a changed body
    // with the old key would be refused as idempotency_key_reused).
    Status updatePayload(qint64 id, const QJsonObject &payload);
    // Removes Sent items last updated before `before`.
    Status pruneSent(const QDateTime &before);

    // Empty when there is no such item (cancelled, or pruned): not a failure of the store.
    Result<std::optional<OutboxItem>> item(qint64 id);
    Result<QList<OutboxItem>> items(); // everything, oldest first, for the Outbox view
    // Items not yet sent (Queued, Sending, Failed, Conflict).
    Result<int> pendingCount();

Q_SIGNALS:
    // Something in the outbox changed (the Outbox view re-reads; SyncEngine re-checks due()).
    void changed();

private:
    // The one INSERT behind both enqueue calls: durable (synchronous=FULL) when it returns.
    Result<OutboxItem> enqueue(const QString &kind, const QVariant &projectId,
                               const QVariant &ticketId, const QJsonObject &payload);
    // item(), with a missing item as NotFound: for the calls that change one.
    Result<OutboxItem> existing(qint64 id);
    // A failed statement as the caller's Error: classified (full disk, busy, corrupt), logged
    // with SQLite's text, and a corrupt file reported so the next open rescues it.
    Error failure(const QSqlError &error, QStringView what);

    CacheDatabase *m_db;
    std::function<QDateTime()> m_clock;
};

} // namespace td
