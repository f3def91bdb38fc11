#pragma once

#include "cachedatabase.h"
#include "ticketcache.h"

#include <QObject>

#include <memory>

class QThread;

namespace td {

// A second connection to a cache file another CacheDatabase has open (and so checked and
// migrated), with a TicketCache over it, for work on a thread of its own (WAL: the window's
// connection goes on meanwhile). Created on the caller's thread; startCacheWorker() opens it
// on its thread, as Qt Sql requires, and it is deleted there when the thread finishes.
class CacheWorker : public QObject
{
public:
    ~CacheWorker() override; // on the worker thread, which opened the connection

    // `purpose` finishes the warning when the file cannot be opened again ("the sync's
    // pages are stored on the UI thread").
    virtual bool open(const QString &path, CacheDatabase::Durability durability,
                      const char *purpose);

protected:
    std::unique_ptr<CacheDatabase> m_db;
    std::unique_ptr<TicketCache> m_cache;
};

// Moves `worker` to a new thread called `name`, opens it there and waits for that. Returns the
// running thread, or nullptr when the file could not be opened (the worker is deleted then).
QThread *startCacheWorker(CacheWorker *worker, const QString &name, const QString &path,
                          CacheDatabase::Durability durability, const char *purpose);
// Quits the thread, waits for the work it is doing, deletes it (and so the worker).
void stopCacheWorker(QThread *thread);

} // namespace td
