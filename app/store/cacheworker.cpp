#include "cacheworker.h"

#include "storelog.h"

#include <QThread>

namespace td {

CacheWorker::~CacheWorker()
{
    m_cache.reset();
    m_db.reset();
}

bool CacheWorker::open(const QString &path, CacheDatabase::Durability durability,
                       const char *purpose)
{
    m_db = std::make_unique<CacheDatabase>();
    const OpenReport report = m_db->openAlongside(path, durability);
    if (report.error != StoreError::None) {
        qCWarning(lcStore) << "cannot open" << path << "again:" << report.detail << "-" << purpose;
        m_db.reset();
        return false;
    }
    m_cache = std::make_unique<TicketCache>(m_db.get());
    return true;
}

QThread *startCacheWorker(CacheWorker *worker, const QString &name, const QString &path,
                          CacheDatabase::Durability durability, const char *purpose)
{
    auto thread = std::make_unique<QThread>();
    thread->setObjectName(name);
    worker->moveToThread(thread.get());
    QObject::connect(thread.get(), &QThread::finished, worker, &QObject::deleteLater);
    thread->start();
    bool opened = false;
    QMetaObject::invokeMethod(
            worker, [&] { opened = worker->open(path, durability, purpose); },
            Qt::BlockingQueuedConnection);
    if (!opened) {
        stopCacheWorker(thread.release());
        return nullptr;
    }
    return thread.release();
}

void stopCacheWorker(QThread *thread)
{
    if (!thread)
        return;
    thread->quit();
    thread->wait(); // the worker is deleted as the thread finishes
    delete thread;
}

} // namespace td
