#include "api/apiclient.h"

#include "core/json.h"

#include <QFuture>
#include <QFutureWatcher>
#include <QHostAddress>
#include <QJsonDocument>
#include <QMetaObject>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPromise>
#include <QThreadPool>

#include <memory>

using namespace Qt::StringLiterals;

namespace td {

namespace {

QString segment(const QString &value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

NetworkErrorKind kindOf(QNetworkReply::NetworkError error, bool abortedByUs)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return NetworkErrorKind::ConnectionRefused;
    case QNetworkReply::RemoteHostClosedError:
        return NetworkErrorKind::ConnectionReset;
    case QNetworkReply::HostNotFoundError:
        return NetworkErrorKind::HostNotFound;
    case QNetworkReply::TimeoutError:
        return NetworkErrorKind::Timeout;
    case QNetworkReply::OperationCanceledError:
        // Qt ends a request that passed its transfer timeout the same way as abort(): only we
        // know whether we asked for it.
        return abortedByUs ? NetworkErrorKind::Cancelled : NetworkErrorKind::Timeout;
    case QNetworkReply::SslHandshakeFailedError:
        return NetworkErrorKind::Tls;
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
    case QNetworkReply::ProtocolFailure:
        return NetworkErrorKind::MalformedBody;
    default:
        return NetworkErrorKind::Other;
    }
}

// Errors below 200 are about the connection itself (Qt's numbering); from 200 on they only
// restate the HTTP status, whose body then carries the real answer.
bool isTransportError(QNetworkReply::NetworkError error)
{
    return error != QNetworkReply::NoError && (int(error) < 200 || int(error) >= 300)
           && !(int(error) >= 400 && int(error) < 500);
}

// Plain http is allowed only where the bytes provably stay on this machine: a literal
// loopback address (127.0.0.0/8, ::1), which never reaches a resolver, or exactly
// "localhost", which resolvers answer locally (RFC 6761). Names under .localhost are refused:
// they go to the system resolver, which may forward them to the network.
bool isLoopbackHost(const QString &host)
{
    if (host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        return true;
    QHostAddress address;
    if (!address.setAddress(host))
        return false;
    if (address.protocol() == QAbstractSocket::IPv4Protocol)
        return (address.toIPv4Address() >> 24) == 127;
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        return address.isEqual(QHostAddress::LocalHostIPv6, QHostAddress::StrictConversion);
    return false;
}

template<typename T, typename Parse>
Result<T> toResult(const ApiClient::RawResponse &raw, const Parse &parse)
{
    if (raw.transportError)
        return Result<T>::failure(*raw.transportError);
    if (raw.httpStatus < 200 || raw.httpStatus > 299)
        return Result<T>::failure(apiErrorFromResponse(raw.httpStatus, raw.body, raw.retryAfter));
    JsonParseFailure failure = JsonParseFailure::None;
    const std::optional<QJsonObject> json = parseJsonObject(raw.body, &failure);
    if (!json)
        return Result<T>::failure(
                malformedBody(raw.httpStatus, u"the answer is not a JSON object"_s));
    QString why;
    std::optional<T> value = parse(*json, raw, &why);
    if (!value)
        return Result<T>::failure(malformedBody(raw.httpStatus, why));
    return Result<T>::success(std::move(*value));
}

} // namespace

void ApiCall::abort()
{
    if (m_finished)
        return;
    m_aborted = true;
    if (m_reply)
        m_reply->abort();
}

void ApiClient::useSystemProxy()
{
    QNetworkProxyFactory::setUseSystemConfiguration(true);
}

ApiClient::UrlCheck ApiClient::checkServerUrl(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty())
        return UrlCheck::Invalid;
    const QString scheme = url.scheme().toLower();
    if (scheme == u"https"_s)
        return UrlCheck::Ok;
    if (scheme != u"http"_s)
        return UrlCheck::UnsupportedScheme;
    return isLoopbackHost(url.host()) ? UrlCheck::Ok : UrlCheck::InsecureNotLoopback;
}

ApiClient::ApiClient(QNetworkAccessManager *network, QUrl baseUrl, QString token, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_baseUrl(std::move(baseUrl))
    , m_token(std::move(token))
{}

ApiCall *ApiClient::send(const Request &request, QObject *context, RawHandler handler)
{
    auto *call = new ApiCall(this);
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    auto finish = [call, guard, hasContext, handler = std::move(handler)](const RawResponse &raw) {
        if (call->m_finished)
            return;
        call->m_finished = true;
        if (!hasContext || guard)
            handler(raw);
        Q_EMIT call->finished();
        call->deleteLater();
    };

    const UrlCheck check = checkServerUrl(m_baseUrl);
    if (check != UrlCheck::Ok) {
        RawResponse raw;
        raw.transportError
                = check == UrlCheck::InsecureNotLoopback
                          ? networkError(NetworkErrorKind::InsecureUrl,
                                         u"refusing plain http:// to %1: use https://"_s.arg(
                                                 m_baseUrl.host()))
                          : networkError(NetworkErrorKind::Other, u"not a usable server URL"_s);
        // Callbacks never run inside the call that started them, whatever the outcome.
        QMetaObject::invokeMethod(
                call, [finish, raw] { finish(raw); }, Qt::QueuedConnection);
        return call;
    }

    QUrl url = m_baseUrl;
    QString prefix = url.path(QUrl::FullyEncoded);
    while (prefix.endsWith(u'/'))
        prefix.chop(1);
    url.setPath(prefix + request.path, QUrl::TolerantMode);
    url.setQuery(request.query);
    url.setFragment({});

    QNetworkRequest networkRequest(url);
    networkRequest.setTransferTimeout(m_timeoutMs);
    // The API never redirects; following one could carry the token somewhere else.
    networkRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                QNetworkRequest::ManualRedirectPolicy);
    networkRequest.setRawHeader("Accept", "application/json");
    if (request.authenticated && !m_token.isEmpty())
        networkRequest.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    if (!request.idempotencyKey.isEmpty())
        networkRequest.setRawHeader("Idempotency-Key", request.idempotencyKey.toUtf8());

    QNetworkReply *reply = nullptr;
    if (request.body) {
        networkRequest.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
        reply = m_network->sendCustomRequest(networkRequest, request.verb,
                                             toCompactJson(*request.body));
    } else if (request.verb == "GET") {
        reply = m_network->get(networkRequest);
    } else {
        reply = m_network->sendCustomRequest(networkRequest, request.verb);
    }
    call->m_reply = reply;

    QObject::connect(reply, &QNetworkReply::finished, call, [call, reply, finish] {
        RawResponse raw;
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        const QNetworkReply::NetworkError error = reply->error();
        if (isTransportError(error) || !status.isValid()) {
            const NetworkErrorKind kind = error == QNetworkReply::NoError
                                                  ? NetworkErrorKind::MalformedBody
                                                  : kindOf(error, call->m_aborted);
            raw.transportError = networkError(kind, reply->errorString());
            raw.transportError->httpStatus = status.toInt();
        } else {
            raw.httpStatus = status.toInt();
            raw.body = reply->readAll();
            raw.retryAfter = reply->rawHeader("Retry-After");
            raw.replayed = reply->rawHeader("Idempotent-Replayed").trimmed().toLower() == "true";
        }
        reply->deleteLater();
        finish(raw);
    });
    return call;
}

template<typename T, typename Parse>
ApiCall *ApiClient::sendParsed(const Request &request, QObject *context, Callback<T> done,
                               Parse parse)
{
    return send(request, context, [done = std::move(done), parse](const RawResponse &raw) {
        done(toResult<T>(raw, parse));
    });
}

template<typename T, typename Parse>
ApiCall *ApiClient::sendParsedOffThread(const Request &request, QObject *context, Callback<T> done,
                                        Parse parse)
{
    QObject *receiver = context ? context : this;
    return send(
            request, context, [receiver, done = std::move(done), parse](const RawResponse &raw) {
                auto promise = std::make_shared<QPromise<Result<T>>>();
                // The watcher lives on the receiver's thread and dies with it; QFutureWatcher
                // detaches from the future safely, so a pool thread finishing later reaches no one.
                // (Qt 6.4's QFuture::then(context, ...) asserts when the context is gone first.)
                auto *watcher = new QFutureWatcher<Result<T>>(receiver);
                QObject::connect(watcher, &QFutureWatcherBase::finished, watcher, [watcher, done] {
                    const Result<T> result = watcher->result();
                    watcher->deleteLater();
                    done(result);
                });
                promise->start();
                watcher->setFuture(promise->future());
                QThreadPool::globalInstance()->start([promise, raw, parse] {
                    promise->addResult(toResult<T>(raw, parse));
                    promise->finish();
                });
            });
}

ApiCall *ApiClient::me(QObject *context, Callback<MeInfo> done)
{
    return sendParsed<MeInfo>(Request("GET", u"/api/me"_s), context, std::move(done),
                              [](const QJsonObject &json, const RawResponse &, QString *why) {
                                  return parseMe(json, why);
                              });
}

ApiCall *ApiClient::createTicket(const QString &projectId, const QJsonObject &body,
                                 const QString &idempotencyKey, QObject *context,
                                 Callback<CreatedTicket> done)
{
    Request request{"POST", u"/api/projects/%1/tickets"_s.arg(segment(projectId))};
    request.body = body;
    request.idempotencyKey = idempotencyKey;
    return sendParsed<CreatedTicket>(
            request, context, std::move(done),
            [](const QJsonObject &json, const RawResponse &raw,
               QString *why) -> std::optional<CreatedTicket> {
                auto ticket = Ticket::fromJson(json, why);
                if (!ticket)
                    return std::nullopt;
                return CreatedTicket{std::move(*ticket), raw.httpStatus == 200 || raw.replayed};
            });
}

ApiCall *ApiClient::createViaCapability(const QString &tenant, const QJsonObject &input,
                                        const QString &idempotencyKey, QObject *context,
                                        Callback<CapabilityResult> done)
{
    Request request{"POST",
                    u"/api/tenants/%1/capabilities/projects.create_ticket"_s.arg(segment(tenant))};
    request.body = input;
    request.idempotencyKey = idempotencyKey;
    request.authenticated = false; // public intake: no token leaves the app for it
    return sendParsed<CapabilityResult>(request, context, std::move(done),
                                        [](const QJsonObject &json, const RawResponse &raw,
                                           QString *why) -> std::optional<CapabilityResult> {
                                            auto result = parseCapabilityResult(json, why);
                                            if (result)
                                                result->replayed
                                                        = raw.httpStatus == 200 || raw.replayed;
                                            return result;
                                        });
}

ApiCall *ApiClient::listTickets(const RemoteTicketFilter &filter, const QString &cursor,
                                QObject *context, Callback<TicketPage> done)
{
    Request request{"GET", u"/api/tickets"_s};
    request.query = ticketListQuery(filter, cursor);
    return sendParsed<TicketPage>(request, context, std::move(done),
                                  [](const QJsonObject &json, const RawResponse &, QString *why) {
                                      return parseTicketPage(json, why);
                                  });
}

ApiCall *ApiClient::ticket(const QString &id, QObject *context, Callback<Ticket> done)
{
    return sendParsed<Ticket>(Request("GET", u"/api/tickets/%1"_s.arg(segment(id))), context,
                              std::move(done),
                              [](const QJsonObject &json, const RawResponse &, QString *why) {
                                  return Ticket::fromJson(json, why);
                              });
}

ApiCall *ApiClient::events(const QString &id, QObject *context, Callback<QList<TicketEvent>> done)
{
    return sendParsed<QList<TicketEvent>>(
            Request("GET", u"/api/tickets/%1/events"_s.arg(segment(id))), context, std::move(done),
            [](const QJsonObject &json, const RawResponse &, QString *why) {
                return parseEvents(json, why);
            });
}

ApiCall *ApiClient::changes(qint64 since, int limit, QObject *context, Callback<ChangesPage> done)
{
    Request request{"GET", u"/api/changes"_s};
    request.query.addQueryItem(u"since"_s, QString::number(since));
    request.query.addQueryItem(u"limit"_s, QString::number(limit));
    return sendParsedOffThread<ChangesPage>(
            request, context, std::move(done),
            [](const QJsonObject &json, const RawResponse &raw, QString *why) {
                return parseChangesPage(json, why, raw.body);
            });
}

ApiCall *ApiClient::transition(const QString &id, TicketStatus to, const QString &note,
                               std::optional<int> expectedVersion, QObject *context,
                               Callback<Ticket> done, const QString &idempotencyKey)
{
    Request request{"POST", u"/api/tickets/%1/transitions"_s.arg(segment(id))};
    request.body = transitionBody(to, note, expectedVersion);
    request.idempotencyKey = idempotencyKey;
    return sendParsed<Ticket>(request, context, std::move(done),
                              [](const QJsonObject &json, const RawResponse &, QString *why) {
                                  return Ticket::fromJson(json, why);
                              });
}

ApiCall *ApiClient::healthz(QObject *context, Callback<bool> done)
{
    Request request{"GET", u"/healthz"_s};
    request.authenticated = false;
    return sendParsed<bool>(
            request, context, std::move(done),
            [](const QJsonObject &json, const RawResponse &, QString *why) -> std::optional<bool> {
                if (json.value(u"ok"_s) == QJsonValue(true))
                    return true;
                *why = u"expected {\"ok\": true}"_s;
                return std::nullopt;
            });
}

} // namespace td
