#pragma once

#include "core/errorcode.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QUrlQuery>

#include <functional>
#include <memory>

namespace td::http {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// One complete HTTP request, after the front's limits were checked.
struct Request
{
    QByteArray method; // "GET", "POST", ... upper case
    // The path as sent, still percent-encoded ("/api/tickets/a%2Fb"), no query. Route on it
    // segment by segment (split at '/', then decode each), never on a decoded whole.
    QString path;
    QUrlQuery query;
    HeaderList headers; // names as sent
    QByteArray body;
    QHostAddress remoteAddress;

    // Case-insensitive lookup of the first header with this name; empty if absent.
    QByteArray header(QByteArrayView name) const;
};

struct Response
{
    int status = 200;
    HeaderList headers; // Content-Type is added for JSON bodies by json()
    QByteArray body;

    static Response json(int status, const QByteArray &compactJson);
};

// Handlers run on the front's thread, one request at a time per front.
using Handler = std::function<Response(const Request &)>;

// Builds the body of an answer the front gives by itself (413, 431, 503, 400 for malformed
// HTTP, 408-style closes have no body). The server decides the shape per path: the agent
// capability answers {"ok":false,"code":...}, everything else the section-2 error body.
using ErrorBodyFactory = std::function<Response(ErrorCode code, const QString &path)>;

// CONTRACT section 1 limits, enforced before a request is handed to the handler.
struct Limits
{
    qint64 maxBodyBytes = 256 * 1024;
    int maxHeadBytes = 16 * 1024;  // request line + headers
    int requestTimeoutMs = 10'000; // a connection must deliver a complete request in this time
    int idleTimeoutMs = 30'000;    // an idle keep-alive connection is closed after this
    int maxConnections = 1024;     // past that: 503 overloaded + Retry-After: 1, then close
    // Open connections one client address may hold (0 = no per-address cap), so one client
    // cannot take every slot of maxConnections; past it the same 503. See addressKey().
    int maxConnectionsPerAddress = 64;
    // After an answer that ends a connection (413, 431, 400, 503, Connection: close), how long
    // the front keeps reading and discarding what the client still sends, so the client gets
    // to read the answer instead of a reset.
    int lingerMs = 2'000;
};

// The client a per-address limit counts: an IPv4 address as is, an IPv6 address by its /64
// (one host or customer usually holds a whole /64, so counting single IPv6 addresses would
// cap nothing). IPv4-mapped IPv6 (a dual-stack listener) counts as the IPv4 address.
QString addressKey(const QHostAddress &address);

// Raises the soft RLIMIT_NOFILE to the hard limit, so maxConnections sockets fit. Returns the
// soft limit now in force (or -1 if it cannot be read). The server's main() calls this once.
int raiseOpenFileLimit();

// The server's HTTP front: QHttpServer (Qt 6.4) behind this one adapter, listening through a
// guarding QTcpServer that enforces Limits while bytes arrive, so an oversized body is never
// buffered whole. Also writes one access-log line per request to stderr.
class HttpFront : public QObject
{
    Q_OBJECT

public:
    explicit HttpFront(Limits limits = {}, QObject *parent = nullptr);
    ~HttpFront() override;

    void setHandler(Handler handler);
    void setErrorBodyFactory(ErrorBodyFactory factory);
    void setAccessLogEnabled(bool enabled);

    // Port 0 picks a free port. Returns false (and errorString()) when it cannot listen.
    bool listen(const QHostAddress &address, quint16 port);
    quint16 serverPort() const;
    QHostAddress serverAddress() const;
    QString errorString() const;
    int openConnections() const;

    // Stops accepting, lets requests in flight finish, then emits stopped().
    void shutdown();

signals:
    void stopped();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace td::http
