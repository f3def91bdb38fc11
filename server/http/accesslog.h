#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace td::http {

// Buffers access-log lines and writes them from a thread of its own, in batches, so the
// request thread never waits for stderr: not for a write per request, and not for a full pipe
// or a stalled journald. Bounded: past maxBufferedBytes new lines are dropped and counted, and
// the count is written as a line of its own once there is room again.
class AccessLogSink
{
public:
    explicit AccessLogSink(int fd = 2, qsizetype maxBufferedBytes = 4 * 1024 * 1024);
    ~AccessLogSink(); // writes what is buffered (giving up after about a second), then stops
    AccessLogSink(const AccessLogSink &) = delete;
    AccessLogSink &operator=(const AccessLogSink &) = delete;

    // Thread-safe; never blocks on I/O. `line` includes its '\n'.
    void append(QByteArrayView line);
    // Waits until everything appended so far has been written, or `timeoutMs` passed.
    bool flush(int timeoutMs = 2'000);
    qint64 droppedLines() const;

private:
    void run();
    // Writes `bytes` in pieces that a writable pipe takes without blocking; false when the fd
    // stayed unwritable and the sink is stopping.
    bool writeAll(QByteArrayView bytes);

    const int m_fd;
    const qsizetype m_maxBuffered;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;    // the writer: lines arrived, flush, stop
    std::condition_variable m_written; // flush(): progress
    QByteArray m_buffer;
    qint64 m_appended = 0; // bytes accepted so far
    qint64 m_done = 0;     // of those, written (or given up on at stop)
    qint64 m_dropped = 0;  // lines dropped in total
    qint64 m_droppedUnreported = 0;
    bool m_flushWanted = false;
    bool m_stopping = false;
    std::thread m_thread; // last: started once everything above exists
};

} // namespace td::http
