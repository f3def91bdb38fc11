#pragma once

#include "ticketcache.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

class QThread;

namespace td {

class BackgroundWriterWorker;

// Stores sync pages on a worker thread, so a page of hundreds of tickets (upserts, the search
// index, the count triggers, one fsync) never blocks the thread the window runs on.
//
// The worker opens its own connection to the file `db` has open (WAL: the window keeps
// reading while a page is written). Pages are stored in the order they were given, each with
// its cursor in one transaction, exactly as TicketCache::applyTickets does. When a page has
// committed, the models over `db` hear of the changed tickets (ticketsChanged, on this
// thread) and then `done` runs here. If the worker cannot open the file (or `db` has no file),
// pages are stored on this thread instead: slower for the UI, but nothing is lost.
class BackgroundWriter : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(const ApplyResult &result)>;

    // `cache` is the cache over the CacheDatabase the models use; it must outlive this.
    explicit BackgroundWriter(TicketCache *cache, QObject *parent = nullptr);
    // Waits for the page being written (its transaction commits or rolls back whole); pages
    // still queued are dropped, and their cursor was never stored, so they are fetched again.
    ~BackgroundWriter() override;

    bool isThreaded() const { return m_thread != nullptr; }
    // Pages given and not yet reported done.
    int pending() const { return m_pending; }

    void applyPage(const QList<Ticket> &tickets, const SyncCursor &cursor, bool countInserted,
                   Done done);

private:
    void finish(const ApplyResult &result, const Done &done);

    QPointer<TicketCache> m_cache;
    QThread *m_thread = nullptr;
    BackgroundWriterWorker *m_worker = nullptr; // lives on m_thread
    int m_pending = 0;
};

} // namespace td
