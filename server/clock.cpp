#include "clock.h"

#include <QDateTime>
#include <QFile>

namespace td::server {

qint64 SystemClock::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

OffsetFileClock::OffsetFileClock(QString path)
    : m_path(std::move(path))
{}

qint64 OffsetFileClock::nowMs() const
{
    qint64 offset = 0;
    QFile file(m_path);
    if (file.open(QIODevice::ReadOnly))
        offset = file.readAll().trimmed().toLongLong();
    return QDateTime::currentMSecsSinceEpoch() + offset;
}

std::unique_ptr<Clock> createClockFromEnvironment()
{
    const QString path = qEnvironmentVariable("TRIAGEDESK_TEST_CLOCK_FILE");
    if (!path.isEmpty())
        return std::make_unique<OffsetFileClock>(path);
    return std::make_unique<SystemClock>();
}

} // namespace td::server
