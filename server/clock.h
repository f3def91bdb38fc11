#pragma once

#include <QString>
#include <QtGlobal>

#include <memory>

namespace td::server {

// Where the server reads the time: injected, so rate limits and idempotency windows can be
// tested without sleeping.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0; // milliseconds since the Unix epoch, UTC
};

class SystemClock final : public Clock
{
public:
    qint64 nowMs() const override;
};

// The system clock plus an offset in milliseconds read from a file on every call. Only the
// end-to-end tests use it (through TRIAGEDESK_TEST_CLOCK_FILE) to jump a running server
// minutes or hours ahead.
class OffsetFileClock final : public Clock
{
public:
    explicit OffsetFileClock(QString path);
    qint64 nowMs() const override;

private:
    QString m_path;
};

// SystemClock, or OffsetFileClock when TRIAGEDESK_TEST_CLOCK_FILE is set.
std::unique_ptr<Clock> createClockFromEnvironment();

} // namespace td::server
