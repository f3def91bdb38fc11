#include "backgroundwriter.h"

#include "cacheworker.h"
#include "storelog.h"

#include <QElapsedTimer>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace td {

// The sync writer's connection (see CacheWorker).
class BackgroundWriterWorker : public CacheWorker
{
public:
    bool open(const QString &path, CacheDatabase::Durability durability,
              const char *purpose) override
    {
        if (!CacheWorker::open(path, durability, purpose))
            return false;
        connect(m_db.get(), &CacheDatabase::corruptionDetected, m_db.get(),
                [this] { m_corrupt = true; });
        return true;
    }

    ApplyResult apply(const QList<Ticket> &tickets, const SyncCursor &cursor, bool countInserted,
                      const QList<QByteArray> &ticketJson, bool *corrupt)
    {
        const ApplyResult result
                = m_cache->applyTickets(tickets, cursor, countInserted, ticketJson);
        if (result.ok())
            ++m_pagesSinceMerge;
        *corrupt = m_corrupt;
        m_corrupt = false;
        return result;
    }

    bool deferIndexes() { return m_cache->deferIndexes(BackgroundWriter::kDeferIndexesBelow); }

    struct BuildReport
    {
        int built = 0;
        bool complete = false;
        qint64 busyMs = 0;
        qint64 worstStepMs = 0;
    };
    // Synchronous on this thread: pages queued meanwhile wait, which is what a page must do
    // anyway (it would otherwise be written into a half-indexed table entry by entry).
    BuildReport buildIndexes()
    {
        BuildReport report;
        if (!m_cache->indexesDeferred()) {
            report.complete = true;
            return report;
        }
        for (int guard = 0; guard < 64; ++guard) {
            QElapsedTimer timer;
            timer.start();
            const TicketCache::IndexStep step = m_cache->buildDeferredIndex();
            const qint64 stepMs = timer.elapsed();
            report.busyMs += stepMs;
            report.worstStepMs = std::max(report.worstStepMs, stepMs);
            if (step.error != StoreError::None || m_corrupt)
                return report;
            if (!step.built.isEmpty())
                ++report.built;
            if (step.remaining == 0) {
                report.complete = true;
                return report;
            }
            // Yield the write lock to the window's connection: its busy handler sleeps up to
            // 100 ms between tries, so after a long step the gap outlasts that sleep. Short
            // steps (a small cache) get short gaps: the whole build is then short too.
            QThread::msleep(
                    std::clamp<qint64>(stepMs, qint64(1), qint64(BackgroundWriter::kMergeGapMs)));
        }
        return report;
    }

    struct MergeReport
    {
        int before = 0;
        int after = 0;
        int steps = 0;
        qint64 busyMs = 0;
        qint64 worstStepMs = 0;
    };
    using MergeDone = std::function<void(const MergeReport &report)>;

    // Starts a merge when one is worthwhile; `done` runs on this thread when it ended.
    void maybeMerge(int afterPages, int stepPages, MergeDone done)
    {
        if (m_merging || m_pagesSinceMerge < afterPages)
            return;
        const int segments = m_cache->searchIndexSegments();
        if (segments <= 1)
            return;
        m_merging = true;
        m_pagesSinceMerge = 0;
        m_merge = MergeReport{segments, segments, 0, 0, 0};
        // Bounded: pages written meanwhile (the window's, the next sync's) add segments, and
        // merging them in could go on as long as they come. Twice the index's pages is ample.
        const qint64 indexPages = m_cache->searchIndexPages();
        m_maxSteps = int(std::min<qint64>(100000, 2 * indexPages / std::max(1, stepPages) + 4));
        mergeStep(stepPages, std::move(done));
    }

private:
    void mergeStep(int stepPages, MergeDone done)
    {
        QElapsedTimer timer;
        timer.start();
        const TicketCache::MergeStep step = m_cache->mergeSearchIndex(stepPages);
        const qint64 stepMs = timer.elapsed();
        m_merge.busyMs += stepMs;
        m_merge.worstStepMs = std::max(m_merge.worstStepMs, stepMs);
        ++m_merge.steps;
        if (step.segments >= 0)
            m_merge.after = step.segments;
        if (step.error != StoreError::None || !step.worked || step.segments == 1 || m_corrupt
            || m_merge.steps >= m_maxSteps) {
            // A busy file or an error: the index stays valid, merged as far as it got.
            m_merging = false;
            done(m_merge);
            return;
        }
        // Yield the write lock; pages queued for this thread are stored in the gap too.
        QTimer::singleShot(BackgroundWriter::kMergeGapMs, this,
                           [this, stepPages, done = std::move(done)]() mutable {
                               mergeStep(stepPages, std::move(done));
                           });
    }

    bool m_corrupt = false;
    int m_pagesSinceMerge = 0;
    bool m_merging = false;
    int m_maxSteps = 0;
    MergeReport m_merge;
};

BackgroundWriter::BackgroundWriter(TicketCache *cache, QObject *parent)
    : QObject(parent)
    , m_cache(cache)
{
    CacheDatabase *db = cache->database();
    if (!db || !db->isOpen() || db->path().isEmpty() || db->path() == u":memory:")
        return;
    auto *worker = new BackgroundWriterWorker;
    // Sync pages are the server's data: no fsync per page (see Durability).
    m_thread = startCacheWorker(worker, QStringLiteral("td-cache-writer"), db->path(),
                                CacheDatabase::Durability::AtCheckpoints,
                                "sync pages are stored on the UI thread");
    if (m_thread)
        m_worker = worker;
}

BackgroundWriter::~BackgroundWriter()
{
    stopCacheWorker(m_thread);
}

void BackgroundWriter::applyPage(const QList<Ticket> &tickets, const SyncCursor &cursor,
                                 bool countInserted, Done done, const QList<QByteArray> &ticketJson)
{
    ++m_pending;
    if (!m_thread) {
        ApplyResult result
                = m_cache ? m_cache->applyTickets(tickets, cursor, countInserted, ticketJson)
                          : ApplyResult{StoreError::CannotOpen, {}, 0, 0};
        // Reported from the event loop either way, so callers meet one behaviour.
        QMetaObject::invokeMethod(
                this,
                [this, result = std::move(result), done = std::move(done)] {
                    --m_pending;
                    if (done)
                        done(result);
                },
                Qt::QueuedConnection);
        return;
    }
    BackgroundWriterWorker *worker = m_worker;
    QMetaObject::invokeMethod(
            worker,
            [this, worker, tickets, cursor, countInserted, ticketJson,
             done = std::move(done)]() mutable {
                bool corrupt = false;
                ApplyResult result
                        = worker->apply(tickets, cursor, countInserted, ticketJson, &corrupt);
                // Back on this object's thread. The destructor waits for this thread, so
                // `this` outlives the post; an unhandled post dies with it.
                QMetaObject::invokeMethod(
                        this,
                        [this, result = std::move(result), corrupt, done = std::move(done)] {
                            if (corrupt && m_cache)
                                m_cache->database()->reportCorruption();
                            finish(result, done);
                        },
                        Qt::QueuedConnection);
            },
            Qt::QueuedConnection);
}

void BackgroundWriter::mergeSearchIndexIfWorthwhile()
{
    if (!m_thread)
        return;
    BackgroundWriterWorker *worker = m_worker;
    QMetaObject::invokeMethod(
            worker,
            [this, worker, afterPages = m_mergeAfterPages, stepPages = m_mergeStepPages] {
                worker->maybeMerge(afterPages, stepPages, [this](const auto &report) {
                    QMetaObject::invokeMethod(
                            this,
                            [this, report] {
                                qCInfo(lcStore).nospace()
                                        << "search index merged: " << report.before << " -> "
                                        << report.after << " segments in " << report.steps
                                        << " steps, " << report.busyMs
                                        << " ms of writing (longest step " << report.worstStepMs
                                        << " ms)";
                                Q_EMIT searchIndexMerged(report.before, report.after, report.steps,
                                                         report.busyMs, report.worstStepMs);
                            },
                            Qt::QueuedConnection);
                });
            },
            Qt::QueuedConnection);
}

void BackgroundWriter::deferIndexesIfEmpty(DeferDone done)
{
    if (!m_thread) {
        QMetaObject::invokeMethod(
                this, [done = std::move(done)] { done(false); }, Qt::QueuedConnection);
        return;
    }
    BackgroundWriterWorker *worker = m_worker;
    QMetaObject::invokeMethod(
            worker,
            [this, worker, done = std::move(done)]() mutable {
                const bool deferred = worker->deferIndexes();
                QMetaObject::invokeMethod(
                        this, [deferred, done = std::move(done)] { done(deferred); },
                        Qt::QueuedConnection);
            },
            Qt::QueuedConnection);
}

void BackgroundWriter::buildDeferredIndexes()
{
    const auto report = [this](int built, bool complete, qint64 busyMs, qint64 worstMs) {
        if (built > 0 || !complete)
            qCInfo(lcStore).nospace()
                    << "deferred indexes: " << built << " built in " << busyMs << " ms (longest "
                    << worstMs << " ms)" << (complete ? "" : ", not all: tried again later");
        Q_EMIT indexesBuilt(built, complete, busyMs, worstMs);
    };
    if (!m_thread) {
        // Only a note left by another run (this one never defers without a worker thread).
        int built = 0;
        bool complete = !m_cache || !m_cache->indexesDeferred();
        QElapsedTimer timer;
        timer.start();
        while (!complete && m_cache) {
            const TicketCache::IndexStep step = m_cache->buildDeferredIndex();
            if (step.error != StoreError::None)
                break;
            built += step.built.isEmpty() ? 0 : 1;
            complete = step.remaining == 0;
        }
        const qint64 ms = timer.elapsed();
        QMetaObject::invokeMethod(
                this, [report, built, complete, ms] { report(built, complete, ms, ms); },
                Qt::QueuedConnection);
        return;
    }
    BackgroundWriterWorker *worker = m_worker;
    QMetaObject::invokeMethod(
            worker,
            [this, worker, report] {
                const auto done = worker->buildIndexes();
                QMetaObject::invokeMethod(
                        this,
                        [report, done] {
                            report(done.built, done.complete, done.busyMs, done.worstStepMs);
                        },
                        Qt::QueuedConnection);
            },
            Qt::QueuedConnection);
}

void BackgroundWriter::finish(const ApplyResult &result, const Done &done)
{
    --m_pending;
    // The worker's connection told nobody: the models live over the primary one.
    if (result.ok() && m_cache)
        m_cache->database()->notifyTicketsTouched(result.changedIds);
    if (done)
        done(result);
}

} // namespace td
