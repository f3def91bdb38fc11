#pragma once

#include "cachedatabase.h"

#include "core/errorcode.h"
#include "core/result.h"
#include "core/ticket.h"
#include "core/ticketstatus.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <functional>
#include <map>
#include <memory>
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
    Held,     // a create the user keeps until they send it ("Send later"): never sent by itself
};
// "queued", "sending", "sent", "failed", "conflict", "held"
QString toWire(OutboxState state);

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

// How long the Outbox view's history of sent items is kept. Sent items are pruned in chunks
// on the owning thread's event loop, when the outbox opens and after each send, so the history
// never grows without bound and no single prune stalls the UI: a chunk of 50 costs ~4 ms
// (bench_outbox; a deleted item frees its payload and the server's ticket, and the commit is
// fsync'd), and a backlog left by an older build goes one chunk every `pauseMs`.
struct OutboxRetention
{
    int days = 7;       // sent items last updated longer ago are removed
    int maxSent = 1000; // and of the rest, only the newest this many are kept
    int chunk = 50;     // rows per prune step
    int pauseMs = 10;   // between two steps of a backlog, for the user's events
};

// The durable queue of creates and transitions for the SyncEngine and the Outbox view. Every
// mutating call has committed with synchronous=FULL before it returns, so work the user was
// told is queued survives a crash or power cut. Transitions also show in the ticket list
// (TicketRow::syncState), so every change here notifies the affected tickets. Every read is
// an indexed query that costs the rows it returns: the history of sent items may hold
// thousands of rows and these reads run on the UI thread at every triage action.
class Outbox : public QObject
{
    Q_OBJECT
public:
    // `db` must outlive the outbox and be open. Expired sent items are pruned from the event
    // loop's first turn on (after setClock() and setRetention() had their say).
    explicit Outbox(CacheDatabase *db, QObject *parent = nullptr);
    ~Outbox() override;
    // "Now" in UTC (tests inject it).
    void setClock(std::function<QDateTime()> clock);
    void setRetention(const OutboxRetention &retention) { m_retention = retention; }
    OutboxRetention retention() const { return m_retention; }

    // Both enqueue calls have committed (synchronous=FULL) when they return. A transition of
    // a local row (an unsent new ticket) is refused: InvalidState. `hold`: the
    // ticket waits, Held, until release() (the user's "Send now").
    Result<OutboxItem> enqueueCreate(const QString &projectId, const QJsonObject &body,
                                     bool hold = false);
    Result<OutboxItem> enqueueTransition(const QString &ticketId, TicketStatus to,
                                         const QString &note, std::optional<int> expectedVersion);

    // What may be sent now, oldest first: queued items whose nextAttemptAt <= now, except a
    // transition while an earlier item of the same ticket is still unsent (backing off,
    // failed or in conflict), so "triaged" then "in_progress" never reach the server the
    // other way round.
    Result<QList<OutboxItem>> sendable(int limit = 1);
    // When the next item that sendable() would return becomes due (the engine's wake-up);
    // an invalid QDateTime if there is none.
    Result<QDateTime> nextDueAt();
    // Queued or sending transitions per ticket, for the given tickets (absent: none). A new
    // transition's expected_version is the cached version plus this many.
    Result<QHash<QString, int>> pendingTransitionCounts(const QStringList &ticketIds);
    // Items not sent yet (every state but Sent).
    Result<int> pendingCount();
    // Every item not sent yet, oldest first: what the Outbox view lists above the history.
    Result<QList<OutboxItem>> unsent();
    // The newest `limit` sent items, newest first: the view's bounded history.
    Result<QList<OutboxItem>> recent(int limit);
    // These items, in no particular order; ids that are gone are left out.
    Result<QList<OutboxItem>> items(const QList<qint64> &ids);
    // Empty when there is no such item (cancelled, or pruned): not a failure of the store.
    Result<std::optional<OutboxItem>> item(qint64 id);

    Status markSending(qint64 id); // attempts + 1
    // Also upserts `serverTicket` into the ticket cache (newer wins) in the same transaction.
    Status markSent(qint64 id, const Ticket &serverTicket);
    // With `retryAt`: a transient failure, back to Queued until then. Without: Failed.
    Status markFailed(qint64 id, const OutboxError &error,
                      std::optional<QDateTime> retryAt = std::nullopt);
    // version_conflict: keeps the server's ticket on the item and in the cache.
    Status markConflict(qint64 id, const Ticket &serverTicket, const OutboxError &error);
    // Undo, or Discard: removes a Queued, Held, Failed or Conflict item. Sending/Sent:
    // InvalidState.
    Status cancel(qint64 id);
    // Edit a Queued, Held, Failed or Conflict item: it becomes Held with `hold`, else Queued
    // and due now; its error is cleared. The idempotency key stays only while the body is the
    // same: an earlier attempt may have reached the server under it, and the same key with
    // another body is refused as idempotency_key_reused (CONTRACT 5.2).
    Status updatePayload(qint64 id, const QJsonObject &payload, bool hold = false);
    // "Send now" for a Held item: Queued and due now. Anything but Held: InvalidState.
    Status release(qint64 id);
    // Removes at most `chunk` Sent items: those last updated before `before`, and those
    // older than the newest `keep`. Returns how many went; less than `chunk`: nothing is left
    // to prune.
    Result<int> pruneSent(const QDateTime &before, int keep, int chunk);

Q_SIGNALS:
    // These items changed (added, changed state or payload, or removed). The Outbox model
    // re-reads just these; SyncEngine looks for work again.
    void changed(const QList<qint64> &ids);

private:
    // The one INSERT behind both enqueue calls: durable (synchronous=FULL) when it returns.
    Result<OutboxItem> enqueue(const QString &kind, const QVariant &projectId,
                               const QVariant &ticketId, const QJsonObject &payload, bool hold);
    // item(), with a missing item as NotFound: for the calls that change one.
    Result<OutboxItem> existing(qint64 id);
    Result<QList<OutboxItem>> select(QSqlQuery &query, QStringView what);
    // A failed statement as the caller's Error: classified (full disk, busy, corrupt), logged
    // with SQLite's text, and a corrupt file reported so the next open rescues it.
    Error failure(const QSqlError &error, QStringView what);
    // The ticket list's row of an unsent new ticket (localTicketId(id), SyncState::Outgoing),
    // written and removed inside the caller's transaction.
    std::optional<Error> putLocalRow(qint64 id, const QString &projectId, const QJsonObject &body,
                                     const QDateTime &createdAt, const QDateTime &updatedAt);
    std::optional<Error> removeLocalRow(qint64 id);
    void restoreLocalRows();
    // The reads a triage action makes are prepared once per connection: parsing them each
    // time cost as much as running them.
    enum class Statement { Sendable, NextDue, PendingTransitions, PendingCount, Items, Item };
    // Null when it cannot be prepared; *error then says why.
    QSqlQuery *statement(Statement which, const QString &sql, QSqlError *error);
    // One chunk of the retention policy; schedules the next while there is more.
    void pruneStep();
    void schedulePrune(int delayMs = 0);

    CacheDatabase *m_db;
    std::function<QDateTime()> m_clock;
    OutboxRetention m_retention;
    bool m_pruneScheduled = false;
    std::map<int, std::unique_ptr<QSqlQuery>> m_statements;
};

} // namespace td
