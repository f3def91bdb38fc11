#pragma once

#include "api/apierror.h"
#include "api/apitypes.h"
#include "core/validation.h"

#include <QByteArray>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>
#include <optional>
#include <utility>

class QNetworkReply;

namespace td {

// A call in flight. Owned by the ApiClient and deleted after it finished; abort() ends it
// with NetworkErrorKind::Cancelled (the callback still runs once, so callers never hang).
class ApiCall : public QObject
{
    Q_OBJECT
public:
    void abort();
    bool isFinished() const { return m_finished; }

Q_SIGNALS:
    void finished();

private:
    friend class ApiClient;
    explicit ApiCall(QObject *parent)
        : QObject(parent)
    {}
    QPointer<QNetworkReply> m_reply;
    bool m_aborted = false;
    bool m_finished = false;
};

// One method per endpoint of CONTRACT 4 for one account (server URL + bearer token).
// Asynchronous: each call takes a callback, run once on this thread unless `context` is gone.
// The network manager is injected (tests pass a fake); every request carries a transfer
// timeout. Plain http:// is refused unless the host is loopback, so a token never crosses a
// network in clear text. The token is never logged nor put in an error message.
class ApiClient : public QObject
{
    Q_OBJECT
public:
    template<typename T>
    using Callback = std::function<void(const Result<T> &)>;

    enum class UrlCheck { Ok, Invalid, UnsupportedScheme, InsecureNotLoopback };
    // Whether `url` may be used as a server base URL (https anywhere, http only to loopback).
    static UrlCheck checkServerUrl(const QUrl &url);

    static constexpr int DefaultTimeoutMs = 15000;

    // For the composition root: follow the system's proxy settings (environment variables,
    // desktop settings) in every QNetworkAccessManager that uses the default proxy.
    static void useSystemProxy();

    ApiClient(QNetworkAccessManager *network, QUrl baseUrl, QString token,
              QObject *parent = nullptr);

    QUrl baseUrl() const { return m_baseUrl; }
    void setToken(const QString &token) { m_token = token; }
    bool hasToken() const { return !m_token.isEmpty(); }
    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }
    int timeout() const { return m_timeoutMs; }

    ApiCall *me(QObject *context, Callback<MeInfo> done);
    ApiCall *createTicket(const QString &projectId, const QJsonObject &body,
                          const QString &idempotencyKey, QObject *context,
                          Callback<CreatedTicket> done);
    ApiCall *createViaCapability(const QString &tenant, const QJsonObject &input,
                                 const QString &idempotencyKey, QObject *context,
                                 Callback<CapabilityResult> done);
    ApiCall *listTickets(const RemoteTicketFilter &filter, const QString &cursor, QObject *context,
                         Callback<TicketPage> done);
    ApiCall *ticket(const QString &id, QObject *context, Callback<Ticket> done);
    ApiCall *events(const QString &id, QObject *context, Callback<QList<TicketEvent>> done);
    // Parsed off the calling thread (see sendParsedOffThread).
    ApiCall *changes(qint64 since, int limit, QObject *context, Callback<ChangesPage> done);
    // `idempotencyKey` (CONTRACT 4.5, v1.1): a retry after a lost answer is replayed by the
    // server instead of failing as a version_conflict.
    ApiCall *transition(const QString &id, TicketStatus to, const QString &note,
                        std::optional<int> expectedVersion, QObject *context, Callback<Ticket> done,
                        const QString &idempotencyKey = {});
    ApiCall *healthz(QObject *context, Callback<bool> done);

    // What came back, before it is turned into a typed result.
    struct RawResponse
    {
        int httpStatus = 0;
        QByteArray body;
        QByteArray retryAfter;
        bool replayed = false;               // Idempotent-Replayed: true
        std::optional<Error> transportError; // set when no complete HTTP answer arrived
    };

private:
    struct Request
    {
        Request(QByteArray v, QString p)
            : verb(std::move(v))
            , path(std::move(p))
        {}
        QByteArray verb;
        QString path;
        QUrlQuery query;
        std::optional<QJsonObject> body;
        QString idempotencyKey;
        bool authenticated = true;
    };
    using RawHandler = std::function<void(const RawResponse &)>;
    ApiCall *send(const Request &request, QObject *context, RawHandler handler);

    template<typename T, typename Parse>
    ApiCall *sendParsed(const Request &request, QObject *context, Callback<T> done, Parse parse);
    // The same, but the body is parsed on a pool thread and `done` runs on `context`'s thread
    // afterwards (not at all if `context` is gone by then). For big answers (a page of
    // changes) whose parsing would otherwise hold up the UI thread. An abort() that comes
    // while the body is being parsed is too late: the parsed answer is delivered.
    template<typename T, typename Parse>
    ApiCall *sendParsedOffThread(const Request &request, QObject *context, Callback<T> done,
                                 Parse parse);

    QNetworkAccessManager *m_network;
    QUrl m_baseUrl;
    QString m_token;
    int m_timeoutMs = DefaultTimeoutMs;
};

} // namespace td
