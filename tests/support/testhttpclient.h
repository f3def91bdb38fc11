#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPair>
#include <QString>
#include <QUrl>

#include <memory>

namespace td::test {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// One answer as a test sees it: status, headers and the body (parsed when it is JSON).
struct HttpResult
{
    int status = 0; // 0: no HTTP answer at all (connection refused, timeout, ...)
    HeaderList headers;
    QByteArray body;
    QJsonDocument doc; // null unless the body parsed as JSON
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    QString errorString;
    bool timedOut = false;

    QByteArray header(QByteArrayView name) const; // case-insensitive, empty if absent
    bool hasHeader(QByteArrayView name) const;
    QJsonObject json() const { return doc.object(); }
    QString code() const; // json()["code"], the section-2 error code
};

// One request for sendParallel().
struct HttpRequestSpec
{
    QByteArray method = "GET";
    QString path; // may carry a query: "/api/tickets?limit=5"
    QByteArray body;
    QString token;
    HeaderList headers; // Content-Type is set to application/json for bodies unless given
};

// A tiny blocking HTTP client for tests: QNetworkAccessManager driven by a local QEventLoop
// with a timeout, so a hung server fails a test instead of hanging it.
class TestHttpClient
{
public:
    explicit TestHttpClient(const QUrl &baseUrl = {}, int timeoutMs = 15'000);
    ~TestHttpClient();

    void setBaseUrl(const QUrl &baseUrl) { m_baseUrl = baseUrl; }
    QUrl baseUrl() const { return m_baseUrl; }
    void setTimeout(int ms) { m_timeoutMs = ms; }

    HttpResult get(const QString &path, const QString &token = {}, const HeaderList &headers = {});
    HttpResult post(const QString &path, const QJsonObject &body, const QString &token = {},
                    const HeaderList &headers = {});
    // Body bytes as given; Content-Type only when contentType is non-empty.
    HttpResult postRaw(const QString &path, const QByteArray &body, const QByteArray &contentType,
                       const QString &token = {}, const HeaderList &headers = {});
    HttpResult send(const HttpRequestSpec &spec);
    // Sends all at once over several connections and waits for every answer (same order).
    QList<HttpResult> sendParallel(const QList<HttpRequestSpec> &specs);

    QUrl url(const QString &pathAndQuery) const;

private:
    QNetworkReply *start(QNetworkAccessManager &manager, const HttpRequestSpec &spec);
    static HttpResult collect(QNetworkReply *reply, bool timedOut);

    QUrl m_baseUrl;
    int m_timeoutMs;
    std::unique_ptr<QNetworkAccessManager> m_manager;
};

// Raw bytes over one TCP connection to 127.0.0.1:port: writes `request`, then reads until one
// whole response (by Content-Length) arrived, the server closes, or `timeoutMs` passes. For
// malformed HTTP that QNetworkAccessManager refuses to send.
QByteArray rawExchange(quint16 port, const QByteArray &request, int timeoutMs = 5'000);

} // namespace td::test
