#include "backgroundreader.h"

#include "cachedatabase.h"
#include "storelog.h"
#include "ticketcache.h"

#include <QMutexLocker>
#include <QThread>

#include <memory>

namespace td {

// Owns the reading connection; opened and used only on the worker thread.
class BackgroundReaderWorker : public QObject
{
public:
    bool open(const QString &path)
    {
        m_db = std::make_unique<CacheDatabase>();
        const OpenReport report = m_db->openAlongside(path);
        if (report.error != StoreError::None) {
            qCWarning(lcStore) << "the sidebar counts on the UI thread: cannot open" << path
                               << "again:" << report.detail;
            m_db.reset();
            return false;
        }
        m_cache = std::make_unique<TicketCache>(m_db.get());
        return true;
    }

    TicketCache &cache() { return *m_cache; }

    ~BackgroundReaderWorker() override
    {
        // On the worker thread (deleteLater after finished), which opened the connection.
        m_cache.reset();
        m_db.reset();
    }

private:
    std::unique_ptr<CacheDatabase> m_db;
    std::unique_ptr<TicketCache> m_cache;
};

BackgroundReader::BackgroundReader(const QString &path, QObject *parent)
    : QObject(parent)
{
    auto thread = std::make_unique<QThread>();
    thread->setObjectName(QStringLiteral("td-cache-reader"));
    auto *worker = new BackgroundReaderWorker;
    worker->moveToThread(thread.get());
    connect(thread.get(), &QThread::finished, worker, &QObject::deleteLater);
    thread->start();
    bool opened = false;
    QMetaObject::invokeMethod(
            worker, [worker, &opened, path] { opened = worker->open(path); },
            Qt::BlockingQueuedConnection);
    if (!opened) {
        thread->quit();
        thread->wait();
        return;
    }
    m_thread = thread.release();
    m_worker = worker;
}

BackgroundReader::~BackgroundReader()
{
    {
        QMutexLocker lock(&m_mutex);
        m_waiting.clear();
        m_order.clear();
    }
    if (m_thread) {
        m_thread->quit();
        m_thread->wait();
        delete m_thread;
    }
}

void BackgroundReader::read(QObject *context, TicketSource::BackgroundRead read,
                            std::function<void()> done)
{
    Q_ASSERT(m_thread);
    QMutexLocker lock(&m_mutex);
    if (!m_waiting.contains(context))
        m_order.append(context);
    m_waiting.insert(context, Request{context, std::move(read), std::move(done)});
    if (m_scheduled)
        return;
    m_scheduled = true;
    QMetaObject::invokeMethod(
            m_worker, [this] { readNext(); }, Qt::QueuedConnection);
}

void BackgroundReader::readNext()
{
    Request request;
    {
        QMutexLocker lock(&m_mutex);
        if (m_order.isEmpty()) {
            m_scheduled = false;
            return;
        }
        request = m_waiting.take(m_order.takeFirst());
    }
    request.read(m_worker->cache());
    // Back on this object's thread, where the requester lives, to look whether it still does.
    QMetaObject::invokeMethod(
            this,
            [context = request.context, done = std::move(request.done)] {
                if (context)
                    done();
            },
            Qt::QueuedConnection);
    QMetaObject::invokeMethod(
            m_worker, [this] { readNext(); }, Qt::QueuedConnection);
}

} // namespace td
