#pragma once

#include "core/ticketquery.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QPointer>

class QThread;

namespace td {

class BackgroundCounterWorker;

// Counts tickets on a thread and connection of its own (WAL: it reads what has committed
// while the window and the sync writer go on), for counts that read a large share of the
// cache: a saved view's count at 1,000,000 tickets reads hundreds of thousands of index
// entries, ~200 ms each, and the sidebar recounts after every sync page.
//
// Requests are kept per requester (`context`): one that arrives while the same requester's
// earlier request still waits replaces it, so a requester that asks after every sync page
// gets the latest counts without a queue of stale ones. `done` runs on this object's thread.
class BackgroundCounter : public QObject
{
    Q_OBJECT
public:
    // `path`: the cache file another CacheDatabase has open (see openAlongside).
    explicit BackgroundCounter(const QString &path, QObject *parent = nullptr);
    // Drops what waits and waits for the count being made (one query at most).
    ~BackgroundCounter() override;

    // False if the file could not be opened a second time: then count() is never called.
    bool isThreaded() const { return m_thread != nullptr; }
    void count(const QList<TicketFilter> &filters, QObject *context, TicketSource::CountsDone done);

private:
    struct Request
    {
        QList<TicketFilter> filters;
        QPointer<QObject> context;
        TicketSource::CountsDone done;
    };
    void countNext(); // on the worker thread

    QThread *m_thread = nullptr;
    BackgroundCounterWorker *m_worker = nullptr; // lives on m_thread

    QMutex m_mutex; // guards what follows
    QHash<const QObject *, Request> m_waiting;
    QList<const QObject *> m_order; // first come, first counted
    bool m_scheduled = false;
};

} // namespace td
