#include "backgroundwriter.h"

#include "storelog.h"

#include <QThread>

#include <memory>

namespace td {

// Owns the second connection; created on the UI thread, used only on the worker thread
// (the connection itself is opened there, as Qt Sql requires).
class BackgroundWriterWorker : public QObject
{
public:
    bool open(const QString &path)
    {
        m_db = std::make_unique<CacheDatabase>();
        // Sync pages are the server's data: no fsync per page (see Durability).
        const OpenReport report
                = m_db->openAlongside(path, CacheDatabase::Durability::AtCheckpoints);
        if (report.error != StoreError::None) {
            qCWarning(lcStore) << "sync pages are stored on the UI thread: cannot open" << path
                               << "again:" << report.detail;
            m_db.reset();
            return false;
        }
        connect(m_db.get(), &CacheDatabase::corruptionDetected, m_db.get(),
                [this] { m_corrupt = true; });
        m_cache = std::make_unique<TicketCache>(m_db.get());
        return true;
    }

    ApplyResult apply(const QList<Ticket> &tickets, const SyncCursor &cursor, bool countInserted,
                      bool *corrupt)
    {
        const ApplyResult result = m_cache->applyTickets(tickets, cursor, countInserted);
        *corrupt = m_corrupt;
        m_corrupt = false;
        return result;
    }

    ~BackgroundWriterWorker() override
    {
        // Runs on the worker thread (deleteLater after finished): the connection is closed
        // and removed by the thread that opened it.
        m_cache.reset();
        m_db.reset();
    }

private:
    std::unique_ptr<CacheDatabase> m_db;
    std::unique_ptr<TicketCache> m_cache;
    bool m_corrupt = false;
};

BackgroundWriter::BackgroundWriter(TicketCache *cache, QObject *parent)
    : QObject(parent)
    , m_cache(cache)
{
    CacheDatabase *db = cache->database();
    if (!db || !db->isOpen() || db->path().isEmpty() || db->path() == u":memory:")
        return;
    auto thread = std::make_unique<QThread>();
    thread->setObjectName(QStringLiteral("td-cache-writer"));
    auto *worker = new BackgroundWriterWorker;
    worker->moveToThread(thread.get());
    connect(thread.get(), &QThread::finished, worker, &QObject::deleteLater);
    thread->start();
    bool opened = false;
    QMetaObject::invokeMethod(
            worker, [worker, &opened, path = db->path()] { opened = worker->open(path); },
            Qt::BlockingQueuedConnection);
    if (!opened) {
        thread->quit();
        thread->wait(); // the worker is deleted as the thread finishes
        return;
    }
    m_thread = thread.release();
    m_worker = worker;
}

BackgroundWriter::~BackgroundWriter()
{
    if (!m_thread)
        return;
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
}

void BackgroundWriter::applyPage(const QList<Ticket> &tickets, const SyncCursor &cursor,
                                 bool countInserted, Done done)
{
    ++m_pending;
    if (!m_thread) {
        ApplyResult result = m_cache ? m_cache->applyTickets(tickets, cursor, countInserted)
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
            [this, worker, tickets, cursor, countInserted, done = std::move(done)]() mutable {
                bool corrupt = false;
                ApplyResult result = worker->apply(tickets, cursor, countInserted, &corrupt);
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
