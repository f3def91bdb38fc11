#include "batchwriter.h"

#include "apiservice.h"

#include <QSet>
#include <QStringList>

#include <future>

using namespace Qt::StringLiterals;

namespace td::server {

namespace {

constexpr qint64 DayMs = 24LL * 60 * 60 * 1000;
constexpr qint64 PurgeIntervalMs = 10LL * 60 * 1000;
// One chunk deletes at most this many expired keys in its own transaction; the queue is
// served between chunks, so a day's backlog delays no request by more than one chunk.
constexpr int PurgeChunk = 1000;

} // namespace

BatchWriter::BatchWriter(std::unique_ptr<Storage> storage, const Clock &clock, int maxBatch)
    : m_storage(std::move(storage))
    , m_clock(clock)
    , m_maxBatch(maxBatch)
{}

BatchWriter::~BatchWriter()
{
    stop();
}

bool BatchWriter::start(QString *error)
{
    std::promise<QString> opened;
    std::future<QString> result = opened.get_future();
    m_thread = std::thread([this, &opened] {
        QString why;
        if (!m_storage->open(&why)) {
            m_storage.reset();
            opened.set_value(why.isEmpty() ? u"cannot open the database"_s : why);
            return;
        }
        try {
            m_storage->startWriting();
        } catch (const StorageError &e) {
            m_storage->close();
            m_storage.reset();
            opened.set_value(QString::fromStdString(e.what()));
            return;
        }
        opened.set_value(QString());
        run();
        m_storage->close();
        m_storage.reset();
    });
    const QString why = result.get();
    if (!why.isEmpty()) {
        m_thread.join();
        if (error)
            *error = u"writer: "_s + why;
        return false;
    }
    std::lock_guard lock(m_mutex);
    m_running = true;
    return true;
}

void BatchWriter::enqueue(WriteWork work, http::Completion completion)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_running && !m_stopping) {
            m_queue.append({std::move(work), std::move(completion)});
            if (m_queue.size() == 1)
                m_wake.notify_one();
            return;
        }
    }
    completion.finish(std::move(work.failure));
}

void BatchWriter::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_wake.notify_one();
    }
    if (m_thread.joinable())
        m_thread.join();
    std::lock_guard lock(m_mutex);
    m_running = false;
}

BatchWriter::Stats BatchWriter::stats() const
{
    return {m_items.load(), m_commits.load()};
}

void BatchWriter::run()
{
    for (;;) {
        QList<Item> batch;
        {
            std::unique_lock lock(m_mutex);
            // Wake for work, for a purge that is due, or to stop.
            m_wake.wait_for(lock, std::chrono::seconds(1),
                            [this] { return !m_queue.isEmpty() || m_stopping; });
            if (m_queue.isEmpty() && m_stopping)
                return;
            const qsizetype take = std::min<qsizetype>(m_queue.size(), m_maxBatch);
            batch.reserve(take);
            for (qsizetype i = 0; i < take; ++i)
                batch.append(std::move(m_queue[i]));
            m_queue.remove(0, take);
        }
        if (!batch.isEmpty())
            runBatch(batch);
        maybePurge();
    }
}

void BatchWriter::runBatch(QList<Item> &batch)
{
    QList<http::Response> answers(batch.size());
    QList<Storage::WriteItem> items;
    items.reserve(batch.size());
    QSet<QString> tenants;
    for (qsizetype i = 0; i < batch.size(); ++i) {
        tenants.insert(batch[i].work.tenant);
        items.append([&answers, &batch, i](WriteTransaction &tx) {
            answers[i] = batch[i].work.answer(tx);
        });
    }
    QStringList tenantList(tenants.cbegin(), tenants.cend());
    tenantList.sort(); // one lock order for every instance (PostgreSQL)
    QList<std::exception_ptr> failures;
    bool committed = true;
    try {
        m_storage->writeBatch(tenantList, items, &failures);
        m_commits.fetch_add(1, std::memory_order_relaxed);
    } catch (...) {
        // BEGIN or COMMIT failed: nothing of the batch is known to be stored, so nothing is
        // acknowledged. Clients retry (with their Idempotency-Key).
        ApiService::logFault(std::current_exception());
        committed = false;
    }
    m_items.fetch_add(batch.size(), std::memory_order_relaxed);
    for (qsizetype i = 0; i < batch.size(); ++i) {
        const bool failed = !committed || (i < failures.size() && failures[i]);
        if (committed && failed)
            ApiService::logFault(failures[i]);
        batch[i].completion.finish(failed ? std::move(batch[i].work.failure)
                                          : std::move(answers[i]));
    }
}

void BatchWriter::maybePurge()
{
    const qint64 nowMs = m_clock.nowMs();
    if (nowMs < m_nextPurgeMs)
        return;
    try {
        const int removed = m_storage->purgeStoredResponses(nowMs - DayMs, PurgeChunk);
        // A full chunk means more are waiting: the next one after the next batch.
        m_nextPurgeMs = removed == PurgeChunk ? nowMs : nowMs + PurgeIntervalMs;
    } catch (...) {
        ApiService::logFault(std::current_exception());
        m_nextPurgeMs = nowMs + PurgeIntervalMs;
    }
}

} // namespace td::server
