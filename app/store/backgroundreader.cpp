#include "backgroundreader.h"

#include "cacheworker.h"

#include <QMutexLocker>

namespace td {

// The reading connection (see CacheWorker).
class BackgroundReaderWorker : public CacheWorker
{
public:
    TicketCache &cache() { return *m_cache; }
};

BackgroundReader::BackgroundReader(const QString &path, QObject *parent)
    : QObject(parent)
{
    auto *worker = new BackgroundReaderWorker;
    m_thread = startCacheWorker(worker, QStringLiteral("td-cache-reader"), path,
                                CacheDatabase::Durability::EveryCommit,
                                "the sidebar counts on the UI thread");
    if (m_thread)
        m_worker = worker;
}

BackgroundReader::~BackgroundReader()
{
    {
        QMutexLocker lock(&m_mutex);
        m_waiting.clear();
        m_order.clear();
    }
    stopCacheWorker(m_thread);
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
