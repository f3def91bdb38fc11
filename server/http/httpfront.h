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
#include <optional>
#include <variant>

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

namespace detail {
struct Mailbox;
}

// The answer-to-come of one request, for a handler that answers later (e.g. once a writer
// thread has committed). Copyable and thread-safe: finish() may be called from any thread; the
// answer travels to the front's thread as a queued call and leaves in request order on its
// connection. The first finish() counts. If the last copy goes away without a finish(), the
// front answers 500 internal, so a lost completion cannot hang a connection. If the client has
// gone meanwhile, or the front was destroyed, the answer is dropped.
class Completion
{
public:
    Completion() = default;
    void finish(Response response) const;
    bool isValid() const { return bool(m_state); }

private:
    friend class HttpFront;
    struct State;
    explicit Completion(std::shared_ptr<State> state);
    static void deliver(const State &state, std::optional<Response> response);
    std::shared_ptr<State> m_state;
};

// What an AsyncHandler returns when it will answer through its Completion instead.
struct Deferred
{};
using HandlerResult = std::variant<Response, Deferred>;
// Answers now (a Response) or later (Deferred, then completion.finish() from any thread). The
// request is a copy the handler may keep (its Qt containers are implicitly shared); it must not
// keep anything of the front's.
using AsyncHandler = std::function<HandlerResult(const Request &, const Completion &completion)>;

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
    // Addresses the per-address cap does not apply to: a trusted reverse proxy carries many
    // clients on its connections (limit those per client in the proxy). The global cap holds.
    QList<QHostAddress> uncappedAddresses;
    // After an answer that ends a connection (413, 431, 400, 503, Connection: close), how long
    // the front keeps reading and discarding what the client still sends, so the client gets
    // to read the answer instead of a reset.
    int lingerMs = 2'000;
    // Back-pressure (CONTRACT 1, v1.1): while more than this many bytes of a connection's
    // answers are unsent, or this many of its requests await their answer, the front reads
    // nothing more from it, so a client that pipelines without reading cannot grow our memory.
    qint64 maxUnsentBytes = 1024 * 1024;
    int maxPendingAnswers = 64;
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
// buffered whole. Also writes one access-log line per request to stderr (from its own thread).
class HttpFront : public QObject
{
    Q_OBJECT

public:
    explicit HttpFront(Limits limits = {}, QObject *parent = nullptr);
    ~HttpFront() override;

    void setHandler(Handler handler); // answers every request at once
    void setAsyncHandler(AsyncHandler handler);
    void setErrorBodyFactory(ErrorBodyFactory factory);
    void setAccessLogEnabled(bool enabled);
    // The access log is written by a thread of its own, in batches; this waits until every line
    // so far is out (tests, or before a process hands its stderr on).
    bool flushAccessLog(int timeoutMs = 2'000);

    // Port 0 picks a free port. Returns false (and errorString()) when it cannot listen.
    bool listen(const QHostAddress &address, quint16 port);
    quint16 serverPort() const;
    QHostAddress serverAddress() const;
    QString errorString() const;
    int openConnections() const;

    // Stops accepting, lets requests in flight finish (including answers a handler deferred),
    // then emits stopped().
    void shutdown();

signals:
    void stopped();

private:
    friend class Completion;
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace td::http
