#include "testhttpclient.h"

#include <QEventLoop>
#include <QHostAddress>
#include <QNetworkRequest>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace td::test {

QByteArray HttpResult::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool HttpResult::hasHeader(QByteArrayView name) const
{
    for (const auto &pair : headers) {
        if (pair.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QString HttpResult::code() const
{
    return json().value(u"code"_s).toString();
}

TestHttpClient::TestHttpClient(const QUrl &baseUrl, int timeoutMs)
    : m_baseUrl(baseUrl)
    , m_timeoutMs(timeoutMs)
    , m_manager(std::make_unique<QNetworkAccessManager>())
{}

TestHttpClient::~TestHttpClient() = default;

QUrl TestHttpClient::url(const QString &pathAndQuery) const
{
    QUrl url = m_baseUrl;
    const qsizetype question = pathAndQuery.indexOf(u'?');
    if (question < 0) {
        url.setPath(pathAndQuery);
    } else {
        url.setPath(pathAndQuery.left(question));
        url.setQuery(pathAndQuery.mid(question + 1));
    }
    return url;
}

HttpResult TestHttpClient::get(const QString &path, const QString &token, const HeaderList &headers)
{
    return send({"GET"_ba, path, {}, token, headers});
}

HttpResult TestHttpClient::post(const QString &path, const QJsonObject &body, const QString &token,
                                const HeaderList &headers)
{
    return postRaw(path, QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json"_ba,
                   token, headers);
}

HttpResult TestHttpClient::postRaw(const QString &path, const QByteArray &body,
                                   const QByteArray &contentType, const QString &token,
                                   const HeaderList &headers)
{
    HeaderList all = headers;
    if (!contentType.isEmpty())
        all.append({"Content-Type"_ba, contentType});
    return send({"POST"_ba, path, body, token, all});
}

QNetworkReply *TestHttpClient::start(QNetworkAccessManager &manager, const HttpRequestSpec &spec)
{
    QNetworkRequest request(url(spec.path));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    if (!spec.token.isEmpty())
        request.setRawHeader("Authorization"_ba, "Bearer "_ba + spec.token.toUtf8());
    bool hasContentType = false;
    for (const auto &[name, value] : spec.headers) {
        request.setRawHeader(name, value);
        if (name.compare("content-type", Qt::CaseInsensitive) == 0)
            hasContentType = true;
    }
    if (!spec.body.isEmpty() && !hasContentType)
        request.setRawHeader("Content-Type"_ba, "application/json"_ba);
    if (spec.method == "GET" && spec.body.isEmpty())
        return manager.get(request);
    return manager.sendCustomRequest(request, spec.method, spec.body);
}

HttpResult TestHttpClient::collect(QNetworkReply *reply, bool timedOut)
{
    HttpResult result;
    result.timedOut = timedOut;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.headers = reply->rawHeaderPairs();
    result.body = reply->readAll();
    result.networkError = reply->error();
    result.errorString = reply->errorString();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(result.body, &parseError);
    if (parseError.error == QJsonParseError::NoError)
        result.doc = doc;
    reply->deleteLater();
    return result;
}

HttpResult TestHttpClient::send(const HttpRequestSpec &spec)
{
    QNetworkReply *reply = start(*m_manager, spec);
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    timer.start(m_timeoutMs);
    if (!reply->isFinished())
        loop.exec();
    const bool timedOut = !reply->isFinished();
    if (timedOut)
        reply->abort();
    return collect(reply, timedOut);
}

QList<HttpResult> TestHttpClient::sendParallel(const QList<HttpRequestSpec> &specs)
{
    // QNetworkAccessManager opens at most 6 connections per host, so spread the requests over
    // enough managers that every one is on the wire at the same time.
    const qsizetype managerCount = (specs.size() + 5) / 6;
    std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
    for (qsizetype i = 0; i < managerCount; ++i)
        managers.push_back(std::make_unique<QNetworkAccessManager>());
    QList<QNetworkReply *> replies;
    QEventLoop loop;
    int pending = int(specs.size());
    for (qsizetype i = 0; i < specs.size(); ++i) {
        QNetworkReply *reply = start(*managers[size_t(i / 6)], specs[i]);
        replies.append(reply);
        QObject::connect(reply, &QNetworkReply::finished, &loop, [&pending, &loop] {
            if (--pending == 0)
                loop.quit();
        });
    }
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    timer.start(m_timeoutMs);
    if (pending > 0)
        loop.exec();
    QList<HttpResult> results;
    for (QNetworkReply *reply : std::as_const(replies)) {
        const bool timedOut = !reply->isFinished();
        if (timedOut)
            reply->abort();
        results.append(collect(reply, timedOut));
    }
    return results;
}

namespace {

// True once `answer` holds a whole response head and the Content-Length it announces.
bool responseComplete(const QByteArray &answer)
{
    const qsizetype headEnd = answer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return false;
    const QByteArray head = answer.left(headEnd).toLower();
    const qsizetype at = head.indexOf("\r\ncontent-length:");
    if (at < 0)
        return false; // no length: read until the server closes
    const qsizetype valueStart = at + qsizetype(sizeof("\r\ncontent-length:") - 1);
    qsizetype lineEnd = head.indexOf("\r\n", valueStart);
    if (lineEnd < 0)
        lineEnd = head.size();
    const qint64 length = head.mid(valueStart, lineEnd - valueStart).trimmed().toLongLong();
    return answer.size() - (headEnd + 4) >= length;
}

} // namespace

QByteArray rawExchange(quint16 port, const QByteArray &request, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    socket.write(request);
    socket.flush();
    QByteArray answer;
    QTimer timer;
    timer.setSingleShot(true);
    QEventLoop loop;
    QObject::connect(&socket, &QTcpSocket::readyRead, &loop, [&answer, &socket, &loop] {
        answer += socket.readAll();
        if (responseComplete(answer))
            loop.quit();
    });
    QObject::connect(&socket, &QTcpSocket::disconnected, &loop, &QEventLoop::quit);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    timer.start(timeoutMs);
    if (socket.state() == QAbstractSocket::ConnectedState)
        loop.exec();
    answer += socket.readAll();
    return answer;
}

} // namespace td::test
