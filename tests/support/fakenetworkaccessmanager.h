#pragma once

#include "core/errorcode.h"
#include "core/ticket.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPair>
#include <QPointer>
#include <QTimer>
#include <QUrlQuery>

#include <functional>
#include <optional>

namespace td::test {

// What the client sent, as the fake server sees it.
struct FakeRequest
{
    QByteArray verb; // GET, POST, ...
    QNetworkRequest request;
    QByteArray body;

    QString path() const { return request.url().path(); }
    QUrlQuery query() const { return QUrlQuery(request.url()); }
    QJsonObject json() const;
    QByteArray header(const QByteArray &name) const { return request.rawHeader(name); }
};

// How the fake answers one request: an HTTP answer, or a scripted failure on the way.
struct FakeScript
{
    int status = 200;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    int delayMs = 0;   // answer only after this long (the transfer timeout may fire first)
    bool hang = false; // never answer: only the request's transfer timeout or abort() ends it
    std::optional<QNetworkReply::NetworkError> transportError; // e.g. ConnectionRefusedError
    int resetAfterBytes = -1; // deliver this many body bytes, then the peer "closes"
};

// Scripts for the common answers.
FakeScript jsonScript(int status, const QJsonObject &body,
                      QList<QPair<QByteArray, QByteArray>> headers = {});
// A section-2 error body for `code`, with its table status; `extra` adds members
// (retryAfter, relinkGithub, allowed, ticket, fieldErrors, issues).
FakeScript errorScript(ErrorCode code, const QJsonObject &extra = {},
                       QList<QPair<QByteArray, QByteArray>> headers = {});

// A valid ticket as a server would send it, distinct per `number` (id, title, times).
Ticket fakeTicket(qint64 number, qint64 seq, const QString &projectId = {});

// A QNetworkReply that plays a FakeScript, always asynchronously, with the same signals,
// attributes and error codes as Qt's HTTP backend (verified against a real socket: a transfer
// timeout ends with OperationCanceledError, like abort()).
class FakeReply : public QNetworkReply
{
    Q_OBJECT
public:
    FakeReply(QNetworkAccessManager::Operation operation, const QNetworkRequest &request,
              FakeScript script, QObject *parent);

    void abort() override;
    qint64 bytesAvailable() const override;
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;

private:
    void respond();
    void fail(NetworkError error, const QString &text);

    FakeScript m_script;
    QByteArray m_buffer;
    qint64 m_position = 0;
    QTimer m_answerTimer;
    QTimer m_transferTimer;
    bool m_done = false;
};

// A QNetworkAccessManager that never touches the network (Nextcloud desktop's test idea): a
// handler plays the server, and each test can put overrides in front of it to inject a 429,
// a hang, a reset mid-body. Every request is logged for assertions.
class FakeNetworkAccessManager : public QNetworkAccessManager
{
    Q_OBJECT
public:
    // nullopt: "not mine", ask the next one (overrides newest first, then the handler, then 404).
    using Handler = std::function<std::optional<FakeScript>(const FakeRequest &)>;

    explicit FakeNetworkAccessManager(QObject *parent = nullptr);

    void setHandler(Handler handler) { m_handler = std::move(handler); }
    void addOverride(Handler handler) { m_overrides.prepend(std::move(handler)); }
    // An override used for the next matching request only.
    void addOneShotOverride(Handler handler);
    void clearOverrides() { m_overrides.clear(); }

    const QList<FakeRequest> &requests() const { return m_requests; }
    int count(const QByteArray &verb, const QString &pathPrefix) const;
    void clearLog() { m_requests.clear(); }

protected:
    QNetworkReply *createRequest(Operation operation, const QNetworkRequest &request,
                                 QIODevice *outgoingData) override;

private:
    Handler m_handler;
    QList<Handler> m_overrides;
    QList<FakeRequest> m_requests;
};

// A real QNetworkAccessManager with a fault injector in front: a request `dropResponse`
// matches really goes to the (real) server, but the answer is thrown away and the client sees
// the connection reset. Used to prove that a lost create response never makes two tickets.
class ResponseDroppingNetworkAccessManager : public QNetworkAccessManager
{
    Q_OBJECT
public:
    using Predicate = std::function<bool(const FakeRequest &)>;
    explicit ResponseDroppingNetworkAccessManager(QObject *parent = nullptr)
        : QNetworkAccessManager(parent)
    {}
    void setDropResponse(Predicate predicate) { m_drop = std::move(predicate); }
    // Instead of a reset, the dropped reply never finishes: the client stays "sending" (used
    // to kill a client process at exactly that moment).
    void setHangAfterDrop(bool hang) { m_hang = hang; }
    int dropped() const { return m_dropped; }

Q_SIGNALS:
    // The server has answered a request whose answer is being thrown away.
    void responseDropped();

protected:
    QNetworkReply *createRequest(Operation operation, const QNetworkRequest &request,
                                 QIODevice *outgoingData) override;

private:
    Predicate m_drop;
    int m_dropped = 0;
    bool m_hang = false;
};

} // namespace td::test
