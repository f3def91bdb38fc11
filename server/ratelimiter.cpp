#include "ratelimiter.h"

namespace td::server {

namespace {
constexpr qint64 MinuteUs = 60'000'000;
}

RateLimiter::RateLimiter(int perMinute)
    : m_perMinute(perMinute)
{
    if (m_perMinute > 0) {
        m_intervalUs = MinuteUs / m_perMinute;
        m_burstUs = MinuteUs - m_intervalUs;
    }
}

RateLimiter::Decision RateLimiter::hit(const QByteArray &key, qint64 nowMs)
{
    if (m_perMinute <= 0)
        return {};
    const qint64 nowUs = nowMs * 1000;
    if (nowUs >= m_nextPruneUs)
        prune(nowUs);
    qint64 &arrival = m_theoreticalArrival[key];
    const qint64 start = qMax(arrival, nowUs);
    const qint64 ahead = start - nowUs;
    if (ahead > m_burstUs) {
        const qint64 waitUs = ahead - m_burstUs;
        return {false, int(qMax<qint64>(1, (waitUs + 999'999) / 1'000'000))};
    }
    arrival = start + m_intervalUs;
    return {};
}

void RateLimiter::prune(qint64 nowUs)
{
    // A key whose schedule lies in the past has its whole budget back: forget it, so the
    // table holds only recently active clients.
    for (auto it = m_theoreticalArrival.begin(); it != m_theoreticalArrival.end();) {
        if (it.value() <= nowUs)
            it = m_theoreticalArrival.erase(it);
        else
            ++it;
    }
    m_nextPruneUs = nowUs + MinuteUs;
}

} // namespace td::server
