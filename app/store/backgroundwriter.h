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

    // `ticketJson`: the server's bytes of each ticket (TicketCache::applyTickets).
    void applyPage(const QList<Ticket> &tickets, const SyncCursor &cursor, bool countInserted,
                   Done done, const QList<QByteArray> &ticketJson = {});

    // After a sync has caught up: when at least mergeAfterPages() pages were stored since the
    // last merge and the search index has more than one segment, merges it into one on the
    // worker, in steps of mergeStepPages() index pages, each its own short transaction, with
    // kMergeGapMs between steps (longer than SQLite's longest busy-retry sleep, 100 ms), so
    // the window's own writes (outbox, edits) get the write lock between two steps and never
    // reach their 5 s busy timeout. Sync pages queued meanwhile are stored between steps.
    // Does nothing without a worker thread (that would be the UI thread) or while a merge
    // runs. searchIndexMerged() tells when it is done.
    void mergeSearchIndexIfWorthwhile();
    static constexpr int kMergeGapMs = 120;
    int mergeAfterPages() const { return m_mergeAfterPages; }
    void setMergeAfterPages(int pages) { m_mergeAfterPages = pages; }
    int mergeStepPages() const { return m_mergeStepPages; }
    void setMergeStepPages(int pages) { m_mergeStepPages = pages; }

    // A first sync into an (almost) empty cache, before its first page: the worker drops the
    // indexes it would otherwise update entry by entry for every row (TicketCache::
    // deferIndexes; fewer than kDeferIndexesBelow tickets cached). `done(deferred)` runs on
    // this thread. Without a worker thread nothing is deferred (done(false)).
    using DeferDone = std::function<void(bool deferred)>;
    void deferIndexesIfEmpty(DeferDone done);
    static constexpr qint64 kDeferIndexesBelow = 1000;
    // Builds the indexes deferIndexesIfEmpty dropped (or an earlier run left deferred), one
    // per transaction, up to kMergeGapMs apart (as long as the step was; a window write
    // waiting for the lock gets it in the gap), before anything queued after this call.
    // indexesBuilt() tells when it is done.
    void buildDeferredIndexes();

Q_SIGNALS:
    // The deferred indexes: `built` created now, `complete` false when a step failed (the
    // note stays; the next call tries again), the time they held the write lock and the
    // longest one.
    void indexesBuilt(int built, bool complete, qint64 busyMs, qint64 worstStepMs);
    // A merge ran: the segments before and after, the steps, the time they held the write
    // lock in all and the longest one (what a write from the window may have waited).
    void searchIndexMerged(int segmentsBefore, int segmentsAfter, int steps, qint64 busyMs,
                           qint64 worstStepMs);

private:
    void finish(const ApplyResult &result, const Done &done);

    QPointer<TicketCache> m_cache;
    QThread *m_thread = nullptr;
    BackgroundWriterWorker *m_worker = nullptr; // lives on m_thread
    int m_pending = 0;
    int m_mergeAfterPages = 20;
    int m_mergeStepPages = 200;
};

} // namespace td
