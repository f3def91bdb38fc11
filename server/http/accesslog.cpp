#include "accesslog.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

namespace td::http {

namespace {

// Lines are collected for up to this long before a write, unless this many bytes are waiting:
// one write per batch instead of one per request.
constexpr auto BatchDelay = std::chrono::milliseconds(50);
constexpr qsizetype BatchBytes = 32 * 1024;
// A pipe that poll() reports writable takes this much without blocking (POSIX PIPE_BUF).
constexpr qsizetype PieceBytes = 4096;
// How long a stopping sink keeps trying an unwritable fd.
constexpr int StopPatienceMs = 1'000;

} // namespace

AccessLogSink::AccessLogSink(int fd, qsizetype maxBufferedBytes)
    : m_fd(fd)
    , m_maxBuffered(maxBufferedBytes)
    , m_thread([this] { run(); })
{}

AccessLogSink::~AccessLogSink()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void AccessLogSink::append(QByteArrayView line)
{
    bool wake = false;
    {
        const std::lock_guard lock(m_mutex);
        if (m_buffer.size() + line.size() > m_maxBuffered) {
            ++m_dropped;
            ++m_droppedUnreported;
            return;
        }
        wake = m_buffer.isEmpty()
               || (m_buffer.size() < BatchBytes && m_buffer.size() + line.size() >= BatchBytes);
        m_buffer.append(line);
        m_appended += line.size();
    }
    // Only the first line of a batch, or the one that fills it, wakes the writer.
    if (wake)
        m_wake.notify_one();
}

bool AccessLogSink::flush(int timeoutMs)
{
    std::unique_lock lock(m_mutex);
    const qint64 target = m_appended;
    m_flushWanted = true;
    m_wake.notify_one();
    return m_written.wait_for(lock, std::chrono::milliseconds(timeoutMs),
                              [&] { return m_done >= target; });
}

qint64 AccessLogSink::droppedLines() const
{
    const std::lock_guard lock(m_mutex);
    return m_dropped;
}

void AccessLogSink::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [&] { return m_stopping || m_flushWanted || !m_buffer.isEmpty(); });
        if (m_buffer.isEmpty() && m_droppedUnreported == 0) {
            m_flushWanted = false;
            m_written.notify_all();
            if (m_stopping)
                return;
            continue;
        }
        m_wake.wait_for(lock, BatchDelay, [&] {
            return m_stopping || m_flushWanted || m_buffer.size() >= BatchBytes;
        });
        QByteArray batch;
        batch.swap(m_buffer);
        const qint64 batchBytes = batch.size();
        if (m_droppedUnreported > 0) {
            batch.append("access log: ")
                    .append(QByteArray::number(m_droppedUnreported))
                    .append(" line(s) dropped, stderr was too slow\n");
            m_droppedUnreported = 0;
        }
        lock.unlock();
        const bool written = writeAll(batch);
        lock.lock();
        m_done += batchBytes; // written, or given up on
        if (!written && m_stopping) {
            // The fd stayed unwritable: what is left would only delay the exit.
            m_done = m_appended;
            m_buffer.clear();
            m_droppedUnreported = 0;
        }
        m_written.notify_all();
    }
}

bool AccessLogSink::writeAll(QByteArrayView bytes)
{
    int stuckMs = 0;
    while (!bytes.isEmpty()) {
        // Whole lines where they fit, so another writer's line is not spliced into ours.
        QByteArrayView piece = bytes.first(qMin(bytes.size(), PieceBytes));
        if (piece.size() < bytes.size()) {
            const qsizetype lastNewline = piece.lastIndexOf('\n');
            if (lastNewline >= 0)
                piece = piece.first(lastNewline + 1);
        }
        pollfd pfd{m_fd, POLLOUT, 0};
        const int ready = ::poll(&pfd, 1, 100);
        if (ready <= 0 || !(pfd.revents & POLLOUT)) {
            if (ready < 0 && errno != EINTR)
                return false;
            if (pfd.revents & (POLLERR | POLLHUP | POLLNVAL))
                return false; // nobody will ever read it
            stuckMs += 100;
            bool stopping = false;
            {
                const std::lock_guard lock(m_mutex);
                stopping = m_stopping;
            }
            if (stopping && stuckMs >= StopPatienceMs)
                return false;
            continue;
        }
        const ssize_t n = ::write(m_fd, piece.data(), size_t(piece.size()));
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            return false;
        }
        bytes = bytes.sliced(n);
        stuckMs = 0;
    }
    return true;
}

} // namespace td::http
