#pragma once

#include <QByteArray>
#include <QHash>

namespace td::server {

// Per-key request budget of CONTRACT 6 ("N a minute"), as a generic cell rate algorithm: a
// key may burst up to N requests, then earns one back every 60/N seconds. One timestamp per
// key, and the exact time until the next request would pass, for Retry-After.
class RateLimiter
{
public:
    explicit RateLimiter(int perMinute = 0); // 0: unlimited

    struct Decision
    {
        bool allowed = true;
        int retryAfterSeconds = 0; // >= 1 when refused
    };

    // Counts one request for `key` at `nowMs` if it fits; a refused request is not counted.
    Decision hit(const QByteArray &key, qint64 nowMs);
    int perMinute() const { return m_perMinute; }
    qsizetype trackedKeys() const { return m_theoreticalArrival.size(); }

private:
    void prune(qint64 nowUs);

    int m_perMinute;
    qint64 m_intervalUs = 0;                        // one request's share of the minute
    qint64 m_burstUs = 0;                           // how far ahead of now a key's schedule may run
    QHash<QByteArray, qint64> m_theoreticalArrival; // key -> µs when its budget is full again
    qint64 m_nextPruneUs = 0;
};

} // namespace td::server
