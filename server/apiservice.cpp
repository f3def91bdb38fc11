#include "apiservice.h"

#include "responses.h"
#include "tokens.h"

#include <QFile>
#include <QJsonDocument>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

// A resource compiled into a static library must be registered by hand.
static void initOpenApiResource()
{
    Q_INIT_RESOURCE(openapi);
}

namespace td::server {

namespace {

constexpr qint64 DayMs = 24LL * 60 * 60 * 1000;
constexpr qint64 PurgeIntervalMs = 10LL * 60 * 1000;
constexpr int PurgeChunk = 1000;

// The bearer token of the request, or empty when there is none.
QString bearerToken(const http::Request &request)
{
    const QByteArray value = request.header("authorization").trimmed();
    const qsizetype space = value.indexOf(' ');
    if (space <= 0)
        return {};
    if (value.left(space).compare("bearer", Qt::CaseInsensitive) != 0)
        return {};
    return QString::fromUtf8(value.mid(space + 1).trimmed());
}

void logError(const char *what, const char *detail)
{
    std::fprintf(stderr, "error: %s: %s\n", what, detail);
    std::fflush(stderr);
}

} // namespace

ApiService::ApiService(Storage &storage, const Clock &clock, ServiceConfig config)
    : m_storage(storage)
    , m_clock(clock)
    , m_config(config)
    , m_create(storage)
    , m_read(storage)
    , m_transition(storage)
    , m_requestLimiter(config.requestRatePerMinute)
    , m_createLimiter(config.createRatePerMinute)
{
    initOpenApiResource();
    route("GET"_ba, u"/api/me"_s, Auth::Required, false,
          [this](RequestContext &c) { return m_read.me(c); });
    route("POST"_ba, u"/api/projects/{project}/tickets"_s, Auth::Required, true,
          [this](RequestContext &c) { return m_create.createTicket(c); });
    route("POST"_ba, u"/api/tenants/{tenant}/capabilities/projects.create_ticket"_s, Auth::None,
          true, [this](RequestContext &c) { return m_create.capability(c); });
    route("GET"_ba, u"/api/tickets"_s, Auth::Required, false,
          [this](RequestContext &c) { return m_read.list(c); });
    route("GET"_ba, u"/api/tickets/{id}"_s, Auth::Required, false,
          [this](RequestContext &c) { return m_read.ticket(c); });
    route("GET"_ba, u"/api/tickets/{id}/events"_s, Auth::Required, false,
          [this](RequestContext &c) { return m_read.events(c); });
    route("POST"_ba, u"/api/tickets/{id}/transitions"_s, Auth::Required, false,
          [this](RequestContext &c) { return m_transition.transition(c); });
    route("GET"_ba, u"/api/changes"_s, Auth::Required, false,
          [this](RequestContext &c) { return m_read.changes(c); });
    route("GET"_ba, u"/api/openapi.json"_s, Auth::None, false,
          [this](RequestContext &) { return openApi(); });
}

void ApiService::route(const QByteArray &method, const QString &pattern, Auth auth, bool isCreate,
                       Router::Handler handler)
{
    m_router.add(
            method, pattern,
            [this, auth, isCreate, handler = std::move(handler)](RequestContext &c) -> Outcome {
                const bool capability = isCapabilityPath(c.request.path);
                if (isCreate) {
                    // Every create counts, whatever its answer (CONTRACT 6).
                    const RateLimiter::Decision d = m_createLimiter.hit(c.rateKey, c.nowMs);
                    if (!d.allowed) {
                        return capability
                                       ? capabilityCode(ErrorCode::RateLimited, d.retryAfterSeconds)
                                       : rateLimited(d.retryAfterSeconds);
                    }
                }
                if (auth == Auth::Required) {
                    if (auto refused = refusal(c.caller))
                        return std::move(*refused);
                }
                Outcome outcome = handler(c);
                if (auth == Auth::Required && c.authCheck) {
                    if (auto *work = std::get_if<WriteWork>(&outcome)) {
                        work->authCheck = c.authCheck;
                    } else if (auto refused
                               = refusal(m_storage.callerByTokenHash(c.authCheck->tokenHash))) {
                        // Answered here (a 404, 409, 422): not before the token is known to
                        // be good now, so a revoked one learns nothing from it.
                        return std::move(*refused);
                    }
                }
                return outcome;
            });
}

http::ErrorBodyFactory ApiService::errorBodyFactory()
{
    return [](ErrorCode code, const QString &path) { return frontErrorBody(code, path); };
}

http::Response ApiService::handle(const http::Request &request)
{
    try {
        maybePurge(m_clock.nowMs());
    } catch (...) {
        logFault(std::current_exception());
    }
    Outcome outcome = prepare(request);
    if (auto *response = std::get_if<http::Response>(&outcome))
        return std::move(*response);
    WriteWork &work = std::get<WriteWork>(outcome);
    try {
        http::Response response;
        m_storage.write([&](WriteTransaction &tx) { response = work.answer(tx); });
        return response;
    } catch (...) {
        logFault(std::current_exception());
    }
    return std::move(work.failure);
}

Outcome ApiService::prepare(const http::Request &request)
{
    try {
        // Health is never limited and needs no token: load balancers poll it.
        if (request.path == u"/healthz") {
            if (request.method != "GET" && request.method != "HEAD")
                return methodNotAllowed("GET"_ba);
            return health();
        }
        Outcome outcome = dispatch(request, m_clock.nowMs());
        if (auto *work = std::get_if<WriteWork>(&outcome))
            work->failure = internalError(request);
        return outcome;
    } catch (...) {
        logFault(std::current_exception());
    }
    return internalError(request);
}

http::Response ApiService::internalError(const http::Request &request)
{
    // Every write carries one (its answer should it fail), so both are built once.
    static const http::Response capability = capabilityCode(ErrorCode::Internal);
    static const http::Response other = errorResponse(ErrorCode::Internal);
    return isCapabilityPath(request.path) ? capability : other;
}

void ApiService::logFault(const std::exception_ptr &fault)
{
    try {
        std::rethrow_exception(fault);
    } catch (const StorageError &error) {
        logError("storage", error.what());
    } catch (const std::exception &error) {
        logError("handler", error.what());
    } catch (...) {
        logError("handler", "unknown exception");
    }
}

Outcome ApiService::dispatch(const http::Request &request, qint64 nowMs)
{
    const bool capability = isCapabilityPath(request.path);
    RequestContext context{request, {}, nowMs, std::nullopt, {}, clientAddress(request), {}};

    // The capability is public intake, limited per client address; everything else per token
    // when a known one is presented, else per address.
    const QString token = capability ? QString() : bearerToken(request);
    if (!token.isEmpty()) {
        const QByteArray hash = hashToken(token);
        // A POST either writes, and its transaction checks the token again, or is refused
        // before it reaches a handler (no route, a bad body): its caller may come from the
        // cache without the epoch read, where that read costs a round trip.
        if (request.method == "POST" && m_storage.checksAuthAtWrite()) {
            context.caller = m_storage.callerForWrite(hash);
            context.authCheck = AuthCheck{hash, m_storage.authEpochSeen()};
        } else {
            context.caller = m_storage.callerByTokenHash(hash);
        }
        if (context.caller)
            context.rateKey = "t:"_ba + hash;
    }
    if (context.rateKey.isEmpty())
        context.rateKey = "a:"_ba + http::addressKey(context.clientAddress).toUtf8();

    const RateLimiter::Decision decision = m_requestLimiter.hit(context.rateKey, nowMs);
    if (!decision.allowed) {
        return capability ? capabilityCode(ErrorCode::RateLimited, decision.retryAfterSeconds)
                          : rateLimited(decision.retryAfterSeconds);
    }

    Router::Match match = m_router.match(request.method, request.path);
    switch (match.kind) {
    case Router::Match::Kind::NotFound:
        return errorResponse(ErrorCode::NotFound);
    case Router::Match::Kind::MethodNotAllowed: {
        http::Response response = capability ? capabilityCode(ErrorCode::MethodNotAllowed)
                                             : methodNotAllowed(match.allow);
        if (capability)
            response.headers.append({"Allow"_ba, match.allow});
        return response;
    }
    case Router::Match::Kind::Found:
        break;
    }
    context.params = std::move(match.params);
    return (*match.handler)(context);
}

QHostAddress ApiService::clientAddress(const http::Request &request) const
{
    const bool trusted = std::any_of(
            m_config.trustedProxies.cbegin(), m_config.trustedProxies.cend(),
            [&](const QHostAddress &proxy) {
                return proxy.isEqual(request.remoteAddress, QHostAddress::TolerantConversion);
            });
    if (!trusted)
        return request.remoteAddress;
    // The proxy sets X-Real-IP itself (nginx: proxy_set_header replaces what the client
    // sent). Anything but exactly one plain address means a misconfigured proxy: count the
    // request against the proxy rather than against a name the client may have chosen.
    int count = 0;
    QByteArray value;
    for (const auto &[name, headerValue] : request.headers) {
        if (name.compare("x-real-ip", Qt::CaseInsensitive) == 0) {
            ++count;
            value = headerValue.trimmed();
        }
    }
    QHostAddress client;
    if (count != 1 || !client.setAddress(QString::fromLatin1(value)))
        return request.remoteAddress;
    return client;
}

http::Response ApiService::health()
{
    if (m_storage.ping())
        return jsonResponse(200, {{u"ok"_s, true}});
    return jsonResponse(503, {{u"ok"_s, false}});
}

http::Response ApiService::openApi()
{
    static const QByteArray document = [] {
        QFile file(u":/triagedesk/openapi.json"_s);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }();
    if (document.isEmpty())
        return errorResponse(ErrorCode::Internal);
    return http::Response::json(200, document);
}

void ApiService::maybePurge(qint64 nowMs)
{
    if (nowMs < m_nextPurgeMs)
        return;
    m_nextPurgeMs = nowMs + PurgeIntervalMs;
    // Bounded chunks, so one call never deletes a day of keys at once.
    while (m_storage.purgeStoredResponses(nowMs - DayMs, PurgeChunk) == PurgeChunk) {
    }
}

} // namespace td::server
