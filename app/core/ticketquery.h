#pragma once

#include "ticket.h"
#include "ticketstatus.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace td {

// Where a ticket stands between this client and the server: a queued transition shows in the
// list before the server has seen it, a refused one stays visible until the user acts.
enum class SyncState {
    Synced,   // what the server last said, nothing pending
    Queued,   // an outbox transition waits (or is being sent)
    Conflict, // the server refused with version_conflict; the outbox holds its ticket
    Failed,   // the server refused for good (validation, forbidden...); needs the user
    Outgoing, // a new ticket still in the outbox, listed locally until the server's copy arrives
};
QString toWire(SyncState state); // "synced", "queued", "conflict", "failed", "outgoing"
std::optional<SyncState> syncStateFromWire(QStringView wire);

// The id under which an unsent new ticket (outbox item `outboxItemId`) is listed: never a
// server id (those are UUIDs), so the server's copy replaces the row rather than merging.
QString localTicketId(qint64 outboxItemId);
bool isLocalTicketId(QStringView id);

// What the list shows. Empty lists and nullopt mean "any". The model and the cache share it,
// so the list, the sidebar counts and a search all mean the same tickets.
struct TicketFilter
{
    enum class Scope { All, Project, Inbox };
    Scope scope = Scope::All;
    QString projectId; // when scope == Project; matched case-insensitively like the server
    QList<TicketStatus> statuses;
    QList<RequestType> requestTypes;
    QList<Priority> priorities;
    std::optional<bool> blocking;
    QString role;   // tickets whose roles contain this role name
    QString search; // user text as typed; each word is a prefix (FTS5, quoted token by token)

    static TicketFilter all() { return {}; }
    static TicketFilter inbox();
    static TicketFilter project(const QString &projectId);

    friend bool operator==(const TicketFilter &, const TicketFilter &) = default;
};

// Every column of the list but the sync marker sorts. Priority, Status and Type sort in enum
// order (the workflow's order, the same in every language); Title, Requester (the name) and
// Roles (as the list shows them, "a, b") by text, see compareSortText.
enum class TicketSortKey { Number, Priority, Status, Updated, Title, Type, Roles, Requester };

// Every order breaks ties by number, so the order is total and keyset paging is exact.
struct TicketSort
{
    TicketSortKey key = TicketSortKey::Updated;
    Qt::SortOrder order = Qt::DescendingOrder;
    friend bool operator==(const TicketSort &, const TicketSort &) = default;
};

// One list line: what the table shows, small enough to keep a few thousand in memory.
struct TicketRow
{
    QString id;
    qint64 number = 0;
    std::optional<QString> projectId; // nullopt: general inbox
    QString title;
    RequestType requestType = RequestType::General;
    Priority priority = Priority::Medium;
    QStringList roles;
    Requester requester;
    TicketStatus status = TicketStatus::New;
    QDateTime updatedAt; // UTC, millisecond precision
    bool blocking = false;
    int version = 1;
    SyncState syncState = SyncState::Synced;
    std::optional<TicketStatus> pendingStatus; // the status a queued transition asks for

    friend bool operator==(const TicketRow &, const TicketRow &) = default;
};

// True for the keys that sort by text (sortText), false for those that sort by sortValue.
bool isTextSortKey(TicketSortKey key);
// The value of `row` under `key` as the cache sorts it (enum order for priority, status and
// type, milliseconds since the epoch for updated); 0 for the text keys.
qint64 sortValue(const TicketRow &row, TicketSortKey key);
// The text of `row` under a text key: the title, the requester's name, or the roles joined
// by ", " as the list shows them; empty for the other keys.
QString sortText(const TicketRow &row, TicketSortKey key);
// The text order of the list, which is SQLite's NOCASE collation exactly, so the cache's
// ORDER BY and rowBefore agree on every string: code point order (UTF-8 byte order) with
// only A-Z folded to a-z; a string sorts before the longer strings it starts. Letters
// outside ASCII keep their case (SQLite folds no others), so "émile" and "Émile" are two
// keys, both after "zoe". Negative, zero or positive like QString::compare.
int compareSortText(QStringView a, QStringView b);
// True when `a` comes before `b` in the list sorted by `sort` (ties broken by number, in the
// same direction). The cache's ORDER BY and this function agree, so a model can place a
// changed row without asking the database.
bool rowBefore(const TicketRow &a, const TicketRow &b, const TicketSort &sort);

// Keyset paging: "rows after this one". Cheap at any depth, and stable while rows are added.
struct TicketCursor
{
    qint64 value = 0; // sortValue(lastRow, sort.key)
    qint64 number = 0;
    QString text; // sortText(lastRow, sort.key), for the text keys
    static TicketCursor after(const TicketRow &row, TicketSortKey key)
    {
        return {sortValue(row, key), row.number, sortText(row, key)};
    }
};

// One entry of GET /api/tickets/{id}/events.
struct TicketEvent
{
    qint64 seq = 0;
    QString type; // "created" | "status_changed"
    std::optional<TicketStatus> from;
    std::optional<TicketStatus> to;
    std::optional<QString> actorId;
    QString note;
    QDateTime at;

    QJsonObject toJson() const;
    static std::optional<TicketEvent> fromJson(const QJsonObject &json);
    friend bool operator==(const TicketEvent &, const TicketEvent &) = default;
};

// Read access to a set of tickets, implemented by the local cache (td_store) and consumed by
// the models, which may link Qt Core only. Calls are synchronous and meant to be cheap
// (indexed, paged); the implementation lives on the thread of its users.
class TicketSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~TicketSource() override;

    virtual qint64 count(const TicketFilter &filter) = 0;
    // Up to `limit` rows matching `filter` in `sort` order, starting after `after`.
    virtual QList<TicketRow> fetch(const TicketFilter &filter, const TicketSort &sort,
                                   const std::optional<TicketCursor> &after, int limit)
            = 0;
    // The rows among `ids` that match `filter` (any order); the others are absent.
    virtual QList<TicketRow> rows(const QStringList &ids, const TicketFilter &filter) = 0;
    virtual std::optional<Ticket> ticket(const QString &id) = 0;
    virtual QList<TicketEvent> events(const QString &ticketId) = 0;
    // Tickets matching `filter` per status; filter.statuses is ignored.
    virtual QMap<TicketStatus, qint64> countsByStatus(const TicketFilter &filter) = 0;
    // Tickets matching `filter` per project id, "" for the general inbox; filter.scope and
    // filter.projectId are ignored. Project ids are returned as stored.
    virtual QHash<QString, qint64> countsByProject(const TicketFilter &filter) = 0;

    // Runs `read` against this source, off the calling thread where the implementation can
    // (on a connection of its own), so a count that reads a large share of a million tickets
    // never blocks the window; then runs `done` on this object's thread, unless `context` is
    // gone by then. `read` must touch nothing but `source` and what it captured by value. A
    // request made while an earlier one of the same `context` still waits replaces it (that
    // `done` never runs). This default reads at once and calls `done` before it returns.
    using BackgroundRead = std::function<void(TicketSource &source)>;
    virtual void readInBackground(QObject *context, BackgroundRead read,
                                  std::function<void()> done);

Q_SIGNALS:
    // These tickets were added or changed (content, status or sync state).
    void ticketsChanged(const QStringList &ids);
    // Everything may have changed (cache rebuilt, account switched): re-query from scratch.
    void reset();
};

} // namespace td

// Moved by memmove when the list model inserts or removes rows (all members are relocatable).
Q_DECLARE_TYPEINFO(td::TicketRow, Q_RELOCATABLE_TYPE);
Q_DECLARE_METATYPE(td::TicketRow)
Q_DECLARE_METATYPE(td::TicketFilter)
