#pragma once

#include "clock.h"
#include "createhandler.h"
#include "http/httpfront.h"
#include "ratelimiter.h"
#include "readhandler.h"
#include "router.h"
#include "storage.h"
#include "transitionhandler.h"
#include "writework.h"

#include <QHostAddress>
#include <QList>

namespace td::server {

struct ServiceConfig
{
    int createRatePerMinute = 30; // CONTRACT 6; 0 = unlimited
    int requestRatePerMinute = 600;
    // Reverse proxies whose X-Real-IP names the client (serve --trusted-proxy). Without them,
    // every client behind a proxy shares the proxy's address: one anonymous agent could use
    // up the capability's budget for all, and their Idempotency-Keys would share one scope.
    QList<QHostAddress> trustedProxies;
};

// The whole HTTP API of CONTRACT 4: routes -> handlers -> storage. Decides who is calling,
// applies the rate limits, turns storage faults into 500 internal (never with their text),
// and keeps the capability's answers in the seed's shape.
class ApiService
{
public:
    ApiService(Storage &storage, const Clock &clock, ServiceConfig config = {});

    // Answers at once: a write runs in its own transaction on this thread (the embedded
    // server's fallback and tests that drive the service directly).
    http::Response handle(const http::Request &request);
    // Reads, refusals and every check answer at once; a write that passed them is returned
    // as WriteWork for the writer thread (ServerApp), which answers after its COMMIT. Never
    // purges: the writer does that in bounded chunks.
    Outcome prepare(const http::Request &request);
    // The 500 for a request: section 2's body, or the capability's shape.
    static http::Response internalError(const http::Request &request);
    // Logs a fault without its text reaching the client.
    static void logFault(const std::exception_ptr &fault);
    // What the HTTP front should use for the answers it gives by itself.
    static http::ErrorBodyFactory errorBodyFactory();

private:
    enum class Auth { None, Required };
    void route(const QByteArray &method, const QString &pattern, Auth auth, bool isCreate,
               Router::Handler handler);
    Outcome dispatch(const http::Request &request, qint64 nowMs);
    QHostAddress clientAddress(const http::Request &request) const;
    http::Response health();
    http::Response openApi();
    void maybePurge(qint64 nowMs);

    Storage &m_storage;
    const Clock &m_clock;
    ServiceConfig m_config;
    Router m_router;
    CreateHandler m_create;
    ReadHandler m_read;
    TransitionHandler m_transition;
    RateLimiter m_requestLimiter;
    RateLimiter m_createLimiter;
    qint64 m_nextPurgeMs = 0;
};

} // namespace td::server
