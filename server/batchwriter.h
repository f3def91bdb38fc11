#pragma once

#include "clock.h"
#include "http/httpfront.h"
#include "storage.h"
#include "writework.h"

#include <QList>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace td::server {

// The one thread that owns every write of a server (ARCHITECTURE, "writes are the expensive
// part"). Handlers queue WriteWork with the request's Completion; the thread takes what is
// queued (at most maxBatch), runs them in ONE transaction (Storage::writeBatch(): a failing
// one is undone alone), commits once and then answers them all. A commit per request costs a WAL
// sync and ~14 WAL pages per create; a batch shares them. Items run one after another inside the
// transaction, so the idempotency checks of a later item see an earlier item's ticket and key:
// identical requests make one ticket, batched or not. Nothing is answered before its COMMIT
// succeeded.
//
// It also purges expired Idempotency-Keys, in bounded chunks between batches, so the request
// path never waits for a large DELETE.
class BatchWriter
{
public:
    // `storage` is a connection of its own, not yet opened; it is opened, used and closed on
    // the writer's thread.
    BatchWriter(std::unique_ptr<Storage> storage, const Clock &clock, int maxBatch = 128);
    ~BatchWriter(); // stop()

    // Starts the thread and opens the connection there; false (with the reason) if it cannot.
    bool start(QString *error);
    // Thread-safe. After stop() the work is answered with its failure response at once.
    void enqueue(WriteWork work, http::Completion completion);
    // Runs what is queued, then ends the thread and closes the connection.
    void stop();

    struct Stats
    {
        qint64 items = 0;   // writes committed or refused
        qint64 commits = 0; // batches committed
    };
    Stats stats() const;

private:
    struct Item
    {
        WriteWork work;
        http::Completion completion;
    };
    void run();
    void runBatch(QList<Item> &batch);
    void maybePurge();

    std::unique_ptr<Storage> m_storage;
    const Clock &m_clock;
    const int m_maxBatch;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    QList<Item> m_queue;
    bool m_stopping = false;
    bool m_running = false;
    std::thread m_thread;

    qint64 m_nextPurgeMs = 0;
    std::atomic<qint64> m_items{0};
    std::atomic<qint64> m_commits{0};
};

} // namespace td::server
