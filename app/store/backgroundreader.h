#pragma once

#include "core/ticketquery.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QPointer>

class QThread;

namespace td {

class BackgroundReaderWorker;

// Reads the cache on a thread and connection of its own (WAL: it sees what has committed
// while the window and the sync writer go on), for reads that take a large share of the
// cache: at 1,000,000 tickets a saved view's count reads hundreds of thousands of index
// entries (~200 ms), and the sidebar counts again after every sync page and, under a search,
// after every keystroke.
//
// Requests are kept per requester (`context`): one that arrives while the same requester's
// earlier request still waits replaces it, so a requester that asks after every sync page or
// keystroke gets the latest answer without working through stale ones. Requesters are served
// in turn. `done` runs on this object's thread.
class BackgroundReader : public QObject
{
    Q_OBJECT
public:
    // `path`: the cache file another CacheDatabase has open (see openAlongside).
    explicit BackgroundReader(const QString &path, QObject *parent = nullptr);
    // Drops what waits and waits for the read under way.
    ~BackgroundReader() override;

    // False if the file could not be opened a second time: then read() must not be called.
    bool isThreaded() const { return m_thread != nullptr; }
    void read(QObject *context, TicketSource::BackgroundRead read, std::function<void()> done);

private:
    struct Request
    {
        QPointer<QObject> context;
        TicketSource::BackgroundRead read;
        std::function<void()> done;
    };
    void readNext(); // on the worker thread

    QThread *m_thread = nullptr;
    BackgroundReaderWorker *m_worker = nullptr; // lives on m_thread

    QMutex m_mutex; // guards what follows
    QHash<const QObject *, Request> m_waiting;
    QList<const QObject *> m_order; // first come, first read
    bool m_scheduled = false;
};

} // namespace td
