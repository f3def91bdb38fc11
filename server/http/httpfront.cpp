#include "httpfront.h"

#include "accesslog.h"
#include "core/json.h"
#include "core/validation.h"
#include "requestframer.h"

#include <QElapsedTimer>
#include <QHash>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <sys/resource.h>
#include <sys/socket.h>

#include <unistd.h>

#include <atomic>
#include <climits>
#include <cstdio>
#include <deque>
#include <limits>
#include <mutex>
#include <unordered_map>

using namespace Qt::StringLiterals;

namespace td::http {

QByteArray Request::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.size() == name.size()
            && QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

Response Response::json(int status, const QByteArray &compactJson)
{
    return Response{status, {{"Content-Type"_ba, "application/json"_ba}}, compactJson};
}

int raiseOpenFileLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    return limit.rlim_cur == RLIM_INFINITY
                   ? std::numeric_limits<int>::max()
                   : static_cast<int>(qMin<rlim_t>(limit.rlim_cur, INT_MAX));
}

QString addressKey(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4)
        return QHostAddress(v4).toString();
    if (address.protocol() != QAbstractSocket::IPv6Protocol)
        return address.toString();
    Q_IPV6ADDR bytes = address.toIPv6Address();
    for (int i = 8; i < 16; ++i)
        bytes[i] = 0;
    return QHostAddress(bytes).toString() + u"/64"_s;
}

namespace {

// Past this many discarded bytes a lingering client is cut off: it had its answer.
constexpr qint64 MaxDrainBytes = 8 * 1024 * 1024;
// Refused (over-cap) connections kept lingering at once; past this they are closed right away.
constexpr size_t MaxLingeringRefusals = 256;

// The guard: creates every socket itself so its own readyRead slot runs before QHttpServer's
// (slots run in connection order), and keeps connections past the cap away from QHttpServer.
class GuardServer : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;
    std::function<void(qintptr)> onIncoming;
    void hand(QTcpSocket *socket) { addPendingConnection(socket); }

protected:
    void incomingConnection(qintptr descriptor) override { onIncoming(descriptor); }
};

struct Pending
{
    FramedHead head;
    qint64 startedMs = 0;
};

// One request handed to the handler whose answer has not been written yet. Answers leave in
// this order, whatever order the handler finishes them in.
struct Exchange
{
    quint64 seq = 0;
    QByteArray method;
    QString path; // as sent, for the log and the error-body factory
    qint64 startedMs = 0;
    bool http10 = false;
    bool close = false; // the client asked for it (or the front is draining)
    std::optional<Response> response;
};

struct Conn
{
    Conn(QTcpSocket *s, const Limits &limits)
        : socket(s)
        , framer(limits.maxHeadBytes, limits.maxBodyBytes)
        , peer(s->peerAddress())
    {}
    QTcpSocket *socket;
    RequestFramer framer;
    QHostAddress peer;
    quint64 id = 0;                 // for completions: a socket address can be reused, an id is not
    QString addressKey;             // set once admitted: counted in Private::perAddress
    QList<Pending> queue;           // complete requests QHttpServer has yet to hand to the handler
    std::deque<Exchange> exchanges; // handed to the handler, answer not written yet
    quint64 nextSeq = 0;
    qint64 deadline = 0; // monotonic ms; the sweep closes the connection past it
    qint64 requestStartMs = 0;
    qint64 unconsumed = 0;                 // bytes framed already but still unread by QHttpServer
    std::optional<ErrorCode> pendingError; // to answer once earlier requests are answered
    bool overflow = false;                 // accepted past the cap, only gets its 503
    bool lingering = false;                // answered for the last time; reading only to discard
    bool writeShut = false;
    bool busy = false;    // the handler is running for this connection
    bool closing = false; // an exchange with Connection: close is queued; nothing more is read
    bool hiding = false;  // reading paused: our read transaction hides the bytes from QHttpServer
    bool deaf = false;    // QHttpServer is no longer fed (an error waits behind pending answers)
    qint64 drained = 0;
};

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 400:
        return "Bad Request"_ba;
    case 413:
        return "Payload Too Large"_ba;
    case 431:
        return "Request Header Fields Too Large"_ba;
    case 500:
        return "Internal Server Error"_ba;
    case 503:
        return "Service Unavailable"_ba;
    default:
        return "Error"_ba;
    }
}

// For handler answers: the phrases of the statuses the contract uses; others get none (the
// status line stays valid: "HTTP/1.1 299 ").
QByteArrayView answerReason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 413:
        return "Payload Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return {};
    }
}

bool hasHeader(const HeaderList &headers, QByteArrayView name)
{
    for (const auto &header : headers) {
        if (QByteArrayView(header.first).compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// Headers the front owns: a handler cannot break the framing of the connection.
bool isFramingHeader(QByteArrayView name)
{
    return name.compare("content-length", Qt::CaseInsensitive) == 0
           || name.compare("connection", Qt::CaseInsensitive) == 0
           || name.compare("transfer-encoding", Qt::CaseInsensitive) == 0;
}

bool hasToken(QByteArrayView value, QByteArrayView token)
{
    const QList<QByteArray> parts = value.toByteArray().split(',');
    for (const QByteArray &part : parts) {
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// The path of a request target, without the query (logs never carry it: it may hold cursors,
// and a careless client a token) or a fragment.
QByteArray logPath(QByteArrayView target)
{
    if (target.isEmpty())
        return "-"_ba;
    const qsizetype end = target.indexOf('?') >= 0 ? target.indexOf('?') : target.indexOf('#');
    return (end < 0 ? target : target.first(end)).toByteArray();
}

} // namespace

namespace detail {

// Shared by a front and every Completion it handed out; the front clears `front` (under the
// lock) before it is destroyed, so a completion on another thread never posts to a dead object.
struct Mailbox
{
    std::mutex mutex;
    HttpFront *front = nullptr;
};

} // namespace detail

struct Completion::State
{
    State(std::shared_ptr<detail::Mailbox> box, quint64 connection, quint64 sequence)
        : mailbox(std::move(box))
        , conn(connection)
        , seq(sequence)
    {}
    ~State()
    {
        // Dropped without an answer: the front answers 500 rather than leave the client waiting.
        if (!finished.exchange(true))
            Completion::deliver(*this, std::nullopt);
    }
    State(const State &) = delete;
    State &operator=(const State &) = delete;

    std::shared_ptr<detail::Mailbox> mailbox;
    quint64 conn;
    quint64 seq;
    std::atomic<bool> finished{false};
};

Completion::Completion(std::shared_ptr<State> state)
    : m_state(std::move(state))
{}

void Completion::finish(Response response) const
{
    if (m_state && !m_state->finished.exchange(true))
        deliver(*m_state, std::move(response));
}

struct HttpFront::Private
{
    HttpFront *q = nullptr;
    Limits limits;
    AsyncHandler handler;
    std::shared_ptr<detail::Mailbox> mailbox = std::make_shared<detail::Mailbox>();
    std::unordered_map<quint64, Conn *> byId;
    quint64 nextConnId = 1;
    ErrorBodyFactory errorBodyFactory;
    bool accessLog = true;
    std::unique_ptr<AccessLogSink> accessSink; // created with the first line
    QHttpServer *http = nullptr;
    GuardServer *tcp = nullptr;
    QString errorString;
    std::unordered_map<QTcpSocket *, std::unique_ptr<Conn>> conns;
    std::unordered_map<QTcpSocket *, std::unique_ptr<Conn>> overflow;
    QHash<QString, int> perAddress; // admitted connections per addressKey()
    QList<QPointer<QTcpSocket>> needAfterSlot;
    QTimer *sweepTimer = nullptr; // a child, so the front can be moved to another thread
    QElapsedTimer clock;
    bool draining = false;
    bool stoppedSignalled = false;

    qint64 now() const { return clock.elapsed(); }
    Conn *find(QTcpSocket *socket) const;
    bool isUncapped(const QHostAddress &peer) const;
    void accept(qintptr descriptor);
    void onBeforeRead(QTcpSocket *socket);
    void onAfterRead(QTcpSocket *socket);
    void onBytesWritten(QTcpSocket *socket);
    void forget(QTcpSocket *socket);
    void forgetDestroyed(QTcpSocket *socket);
    bool erase(QTcpSocket *socket);
    void dispatch(const QHttpServerRequest &request, QHttpServerResponder &responder);
    void complete(quint64 connId, quint64 seq, std::optional<Response> response);
    void writeAnswers(Conn *conn);
    void writeAnswer(Conn *conn, const Exchange &exchange, bool close);
    void maybeContinue(Conn *conn);
    void updateReading(Conn *conn);
    void hide(Conn *conn);
    void unhide(Conn *conn);
    void stopFeeding(Conn *conn);
    void refuse(Conn *conn, ErrorCode code);
    void beginLinger(Conn *conn);
    void shutWrite(Conn *conn);
    void drain(Conn *conn);
    void sweep();
    void maybeStopped();
    void log(QByteArrayView method, QByteArrayView path, int status, qint64 startedMs,
             const QHostAddress &peer);
};

Conn *HttpFront::Private::find(QTcpSocket *socket) const
{
    if (auto it = conns.find(socket); it != conns.end())
        return it->second.get();
    if (auto it = overflow.find(socket); it != overflow.end())
        return it->second.get();
    return nullptr;
}

bool HttpFront::Private::isUncapped(const QHostAddress &peer) const
{
    // TolerantConversion: IPv4-mapped IPv6 (a dual-stack listener) equals the IPv4 address.
    for (const QHostAddress &address : limits.uncappedAddresses) {
        if (address.isEqual(peer, QHostAddress::TolerantConversion))
            return true;
    }
    return false;
}

void HttpFront::Private::accept(qintptr descriptor)
{
    auto *socket = new QTcpSocket(tcp);
    if (!socket->setSocketDescriptor(descriptor)) {
        ::close(static_cast<int>(descriptor));
        delete socket;
        return;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    QObject::connect(socket, &QTcpSocket::disconnected, q, [this, socket] { forget(socket); });
    QObject::connect(socket, &QObject::destroyed, q, [this, socket] { forgetDestroyed(socket); });
    QObject::connect(socket, &QTcpSocket::bytesWritten, q,
                     [this, socket] { onBytesWritten(socket); });

    const QString key = addressKey(socket->peerAddress());
    const bool addressFull = limits.maxConnectionsPerAddress > 0
                             && perAddress.value(key) >= limits.maxConnectionsPerAddress
                             && !isUncapped(socket->peerAddress());
    if (static_cast<int>(conns.size()) >= limits.maxConnections || addressFull || draining) {
        // Past the cap: never shown to QHttpServer, answered at once, closed after the write.
        auto conn = std::make_unique<Conn>(socket, limits);
        conn->overflow = true;
        Conn *raw = conn.get();
        overflow.emplace(socket, std::move(conn));
        QObject::connect(socket, &QTcpSocket::readyRead, q, [this, socket] {
            if (Conn *c = find(socket))
                drain(c);
        });
        refuse(raw, ErrorCode::Overloaded);
        if (overflow.size() > MaxLingeringRefusals && find(socket) == raw) {
            // A flood: do not hold a descriptor per refused connection for lingerMs as well.
            // The 503 is small enough to be in the kernel's send buffer already.
            socket->flush();
            forget(socket);
        }
        return;
    }

    // QHttpServer keeps a request's bytes in the socket buffer (a read transaction) until the
    // request is complete, so the buffer must hold the largest allowed request; past that the
    // kernel holds the backlog and the sender is slowed by TCP, not by our memory.
    socket->setReadBufferSize(2 * qint64(limits.maxHeadBytes) + limits.maxBodyBytes + 64 * 1024);
    auto conn = std::make_unique<Conn>(socket, limits);
    conn->id = nextConnId++;
    byId.emplace(conn->id, conn.get());
    conn->addressKey = key;
    ++perAddress[key];
    conn->deadline = now() + limits.requestTimeoutMs;
    conn->requestStartMs = now();
    conns.emplace(socket, std::move(conn));
    QObject::connect(socket, &QTcpSocket::readyRead, q, [this, socket] { onBeforeRead(socket); });
    needAfterSlot.append(socket);
    tcp->hand(socket);
}

void HttpFront::Private::onBeforeRead(QTcpSocket *socket)
{
    Conn *conn = find(socket);
    if (!conn)
        return;
    if (conn->lingering) {
        drain(conn);
        return;
    }
    if (conn->deaf) {
        drain(conn);
        return;
    }
    const qint64 available = socket->bytesAvailable();
    const qint64 fresh = available - conn->unconsumed;
    if (fresh <= 0)
        return;
    if (conn->pendingError) {
        // The framer already failed and its answer is queued. While reading is paused the
        // new bytes must stay hidden too: QHttpServer would otherwise parse them out of turn,
        // before the hidden requests ahead of them.
        if (conn->hiding) {
            socket->skip(available);
            conn->unconsumed = 0;
        }
        return;
    }
    const QByteArray bytes = socket->peek(available);
    const QByteArrayView view
            = QByteArrayView(bytes).sliced(bytes.size() - qMin<qint64>(fresh, bytes.size()));
    conn->unconsumed = available;

    const qint64 t = now();
    const bool wasInRequest = conn->framer.inRequest();
    const auto error = conn->framer.feed(view);
    const QList<FramedHead> complete = conn->framer.takeCompleted();
    for (qsizetype i = 0; i < complete.size(); ++i)
        conn->queue.append({complete.at(i), i == 0 && wasInRequest ? conn->requestStartMs : t});
    if (conn->framer.inRequest() && (!wasInRequest || !complete.isEmpty())) {
        // A new request started in these bytes: it has requestTimeoutMs to arrive whole.
        conn->requestStartMs = t;
        conn->deadline = t + limits.requestTimeoutMs;
    }
    if (!error) {
        if (conn->hiding) {
            // Reading is paused: framed (limits still hold), but kept from QHttpServer.
            socket->skip(available);
            conn->unconsumed = 0;
        }
        return;
    }
    if (conn->queue.isEmpty() && conn->exchanges.empty()) {
        refuse(conn, *error); // QHttpServer never sees the bytes that broke the limit
        return;
    }
    conn->pendingError = error; // answer the requests before it first
    if (conn->queue.isEmpty())
        stopFeeding(conn); // only answers are pending: QHttpServer must not see these bytes
}

void HttpFront::Private::onAfterRead(QTcpSocket *socket)
{
    Conn *conn = find(socket);
    if (!conn || conn->lingering || conn->deaf)
        return;
    conn->unconsumed = socket->bytesAvailable();
    // QHttpServer 6.4 takes one request per readyRead and re-emits readyRead (queued) for the
    // next pipelined one, so requests may still be queued here; an error found behind them
    // waits until they are answered.
    if (!conn->queue.isEmpty())
        return;
    if (conn->pendingError) {
        if (conn->exchanges.empty())
            refuse(conn, *conn->pendingError);
        else
            stopFeeding(conn); // the rest of the stream is the bad request: never parse it
        return;
    }
    maybeContinue(conn);
}

void HttpFront::Private::maybeContinue(Conn *conn)
{
    // Sent only once every earlier request is answered, to keep answers in order.
    if (conn->exchanges.empty() && conn->queue.isEmpty() && conn->framer.inRequest()
        && conn->framer.takeContinueWanted())
        conn->socket->write("HTTP/1.1 100 Continue\r\n\r\n"_ba);
}

void HttpFront::Private::onBytesWritten(QTcpSocket *socket)
{
    Conn *conn = find(socket);
    if (!conn)
        return;
    if (conn->lingering) {
        if (!conn->writeShut && socket->bytesToWrite() == 0)
            shutWrite(conn);
        return;
    }
    // A client that reads, however slowly, keeps its connection; one that stops reading is
    // closed after the idle timeout.
    if (socket->bytesToWrite() > 0)
        conn->deadline = qMax(conn->deadline, now() + limits.idleTimeoutMs);
    updateReading(conn);
}

void HttpFront::Private::updateReading(Conn *conn)
{
    if (conn->lingering || conn->overflow || conn->busy || conn->deaf)
        return;
    qint64 unsent = conn->socket->bytesToWrite();
    for (const Exchange &exchange : conn->exchanges) {
        if (exchange.response)
            unsent += exchange.response->body.size();
    }
    const bool stop = unsent > limits.maxUnsentBytes
                      || qsizetype(conn->exchanges.size()) >= limits.maxPendingAnswers
                      || conn->closing;
    if (stop && !conn->hiding)
        hide(conn);
    else if (!stop && conn->hiding)
        unhide(conn);
}

// QHttpServer reads inside the socket's read transaction and starts one only when none is
// open. Between its requests (after it committed one) we open our own and skip to the end:
// QHttpServer then finds nothing to parse, and QTcpSocket stops taking bytes from the kernel
// once its read buffer (limited in accept()) is full, so TCP slows the client down.
void HttpFront::Private::hide(Conn *conn)
{
    QTcpSocket *socket = conn->socket;
    if (socket->isTransactionStarted())
        return; // QHttpServer is inside a request; its dispatch() comes back here
    socket->startTransaction();
    socket->skip(socket->bytesAvailable());
    conn->unconsumed = 0;
    conn->hiding = true;
}

void HttpFront::Private::unhide(Conn *conn)
{
    QTcpSocket *socket = conn->socket;
    if (!socket->isTransactionStarted()) {
        // Someone committed our transaction: the hidden bytes are gone and the stream cannot
        // be framed any more. Cannot happen with QHttpServer 6.4.2; never serve a torn stream.
        socket->abort();
        return;
    }
    socket->rollbackTransaction(); // the hidden bytes are readable again, all framed already
    conn->hiding = false;
    conn->unconsumed = socket->bytesAvailable();
    if (conn->unconsumed > 0) {
        // Nothing new may arrive to wake QHttpServer for what it has not parsed yet.
        QMetaObject::invokeMethod(
                socket, [socket] { emit socket->readyRead(); }, Qt::QueuedConnection);
    }
}

void HttpFront::Private::stopFeeding(Conn *conn)
{
    // From now on this connection's bytes are discarded: an error answer is all it gets after
    // the answers already pending. Disconnecting during readyRead's emission also keeps
    // QHttpServer's slot from running for the current bytes.
    QTcpSocket *socket = conn->socket;
    conn->deaf = true;
    QObject::disconnect(socket, &QIODevice::readyRead, nullptr, nullptr);
    QObject::connect(socket, &QTcpSocket::readyRead, q, [this, socket] {
        if (Conn *c = find(socket))
            drain(c);
    });
    if (socket->isTransactionStarted())
        socket->commitTransaction();
    conn->hiding = false;
}

bool HttpFront::Private::erase(QTcpSocket *socket)
{
    if (auto it = conns.find(socket); it != conns.end()) {
        if (auto count = perAddress.find(it->second->addressKey); count != perAddress.end()) {
            if (--count.value() <= 0)
                perAddress.erase(count);
        }
        byId.erase(it->second->id);
        conns.erase(it);
        return true;
    }
    return overflow.erase(socket) > 0;
}

void HttpFront::Private::forget(QTcpSocket *socket)
{
    const bool removed = erase(socket);
    needAfterSlot.removeAll(socket);
    if (removed && socket->state() != QAbstractSocket::UnconnectedState)
        socket->abort();
    if (removed)
        socket->deleteLater();
    maybeStopped();
}

void HttpFront::Private::forgetDestroyed(QTcpSocket *socket)
{
    // Only the address is left of the socket here; it must not be touched.
    erase(socket);
    needAfterSlot.removeAll(nullptr);
    maybeStopped();
}

void HttpFront::Private::dispatch(const QHttpServerRequest &request,
                                  QHttpServerResponder &responder)
{
    QTcpSocket *socket = responder.socket();
    Conn *conn = find(socket);
    if (!conn || conn->lingering || conn->overflow || conn->deaf)
        return; // the connection already got (or is about to get) its last answer
    if (conn->closing || conn->queue.isEmpty()) {
        // After an answer that closes the connection nothing more is answered; and a request
        // the framer did not complete (it found an error in it) is never handled.
        return;
    }
    const Pending pending = conn->queue.takeFirst();

    Request req;
    req.method = pending.head.method;
    // The path as sent: decoding it here would turn "%2F" into a separator the router and a
    // proxy in front disagree on. The router splits first, then decodes each segment.
    const QByteArray &target = pending.head.target;
    req.path = target.startsWith('/') ? QString::fromUtf8(logPath(target))
                                      : request.url().path(QUrl::FullyEncoded);
    req.query = QUrlQuery(request.url());
    req.headers = request.headers();
    req.body = request.body();
    req.remoteAddress = conn->peer;

    const QByteArray connection = request.value("connection"_ba);
    Exchange exchange;
    exchange.seq = conn->nextSeq++;
    exchange.method = req.method;
    exchange.path = req.path;
    exchange.startedMs = pending.startedMs;
    exchange.http10 = pending.head.http10;
    exchange.close = draining
                     || (pending.head.http10 ? !hasToken(connection, "keep-alive")
                                             : hasToken(connection, "close"));
    conn->closing = exchange.close;
    conn->exchanges.push_back(exchange);

    const quint64 connId = conn->id;
    HandlerResult result = Deferred{};
    {
        const Completion completion(
                std::make_shared<Completion::State>(mailbox, connId, exchange.seq));
        conn->busy = true;
        try {
            result = handler ? handler(req, completion)
                             : HandlerResult(errorBodyFactory(ErrorCode::NotFound, req.path));
        } catch (...) {
            result = errorBodyFactory(ErrorCode::Internal, req.path);
        }
        if (std::holds_alternative<Response>(result))
            completion.m_state->finished = true; // answered now; a later finish() is ignored
        // A deferred completion nobody kept dies here and comes back as a 500.
    }
    conn = byId.count(connId) ? byId.at(connId) : nullptr;
    if (!conn)
        return;
    conn->busy = false;
    if (auto *response = std::get_if<Response>(&result)) {
        for (Exchange &pendingExchange : conn->exchanges) {
            if (pendingExchange.seq == exchange.seq)
                pendingExchange.response = std::move(*response);
        }
    }
    writeAnswers(conn);
    if (Conn *still = byId.count(connId) ? byId.at(connId) : nullptr)
        updateReading(still);
}

void HttpFront::Private::complete(quint64 connId, quint64 seq, std::optional<Response> response)
{
    const auto it = byId.find(connId);
    if (it == byId.end())
        return; // the client went away meanwhile; so does its answer
    Conn *conn = it->second;
    if (conn->lingering)
        return;
    for (Exchange &exchange : conn->exchanges) {
        if (exchange.seq != seq || exchange.response)
            continue;
        exchange.response = response ? std::move(*response)
                                     : errorBodyFactory(ErrorCode::Internal, exchange.path);
        writeAnswers(conn);
        if (byId.count(connId))
            updateReading(conn);
        return;
    }
}

void HttpFront::Private::writeAnswers(Conn *conn)
{
    while (!conn->exchanges.empty() && conn->exchanges.front().response) {
        const Exchange exchange = std::move(conn->exchanges.front());
        conn->exchanges.pop_front();
        const bool last = conn->exchanges.empty() && conn->queue.isEmpty()
                          && !conn->framer.inRequest() && !conn->pendingError;
        // shutdown() may have come while this answer was pending: the last one closes.
        const bool close = exchange.close || (draining && last);
        writeAnswer(conn, exchange, close);
        if (close) {
            beginLinger(conn);
            return;
        }
        if (!conn->framer.inRequest())
            conn->deadline = now() + limits.idleTimeoutMs;
    }
    if (!conn->exchanges.empty())
        return;
    if (conn->pendingError && conn->queue.isEmpty()) {
        refuse(conn, *conn->pendingError);
        return;
    }
    maybeContinue(conn);
}

void HttpFront::Private::writeAnswer(Conn *conn, const Exchange &exchange, bool close)
{
    const Response &response = *exchange.response;
    QByteArray out;
    out.reserve(256 + response.body.size());
    out += "HTTP/1.1 "_ba + QByteArray::number(response.status) + ' '
           + answerReason(response.status).toByteArray() + "\r\n";
    for (const auto &[name, value] : std::as_const(response.headers)) {
        if (!isFramingHeader(name))
            out += name + ": " + value + "\r\n";
    }
    if (close)
        out += "Connection: close\r\n"_ba;
    else if (exchange.http10)
        out += "Connection: keep-alive\r\n"_ba;
    out += "Content-Length: "_ba + QByteArray::number(response.body.size()) + "\r\n\r\n";
    // After a HEAD no body follows, or the client would read it as the next response.
    if (exchange.method != "HEAD")
        out += response.body;
    conn->socket->write(out);
    log(exchange.method, exchange.path.toUtf8(), response.status, exchange.startedMs, conn->peer);
}

void HttpFront::Private::refuse(Conn *conn, ErrorCode code)
{
    QTcpSocket *socket = conn->socket;
    const std::optional<FramedHead> &head
            = conn->framer.currentHead() ? conn->framer.currentHead() : conn->framer.requestLine();
    const QByteArray target = head ? head->target : QByteArray();
    const QString path = QString::fromUtf8(logPath(target)); // as sent, like Request::path
    Response response = errorBodyFactory(code, target.isEmpty() ? QString() : path);

    QByteArray out = "HTTP/1.1 "_ba + QByteArray::number(response.status) + ' '
                     + reasonPhrase(response.status) + "\r\n";
    for (const auto &[name, value] : std::as_const(response.headers)) {
        if (!isFramingHeader(name))
            out += name + ": " + value + "\r\n";
    }
    if (code == ErrorCode::Overloaded && !hasHeader(response.headers, "retry-after"))
        out += "Retry-After: 1\r\n";
    out += "Content-Length: " + QByteArray::number(response.body.size())
           + "\r\nConnection: close\r\n\r\n" + response.body;
    socket->write(out);
    log(head ? QByteArrayView(head->method) : QByteArrayView("-"), logPath(target), response.status,
        conn->overflow ? now() : conn->requestStartMs, conn->peer);
    beginLinger(conn);
}

void HttpFront::Private::beginLinger(Conn *conn)
{
    QTcpSocket *socket = conn->socket;
    conn->lingering = true;
    conn->queue.clear();
    conn->exchanges.clear(); // answers still to come are dropped when they arrive
    conn->hiding = false;
    conn->deadline = now() + limits.lingerMs;
    // From now on QHttpServer must not see another byte of this connection: a refused body
    // would otherwise still be buffered by it.
    QObject::disconnect(socket, &QIODevice::readyRead, nullptr, nullptr);
    QObject::connect(socket, &QTcpSocket::readyRead, q, [this, socket] {
        if (Conn *c = find(socket))
            drain(c);
    });
    if (socket->isTransactionStarted())
        socket->commitTransaction();
    drain(conn);
    if (find(socket) != conn)
        return;      // drain() gave up on it
    socket->flush(); // may fail and close the socket, which forgets the connection
    if (find(socket) == conn && socket->bytesToWrite() == 0)
        shutWrite(conn);
}

void HttpFront::Private::shutWrite(Conn *conn)
{
    // A half close: the client reads the answer, then its end of file; we keep reading until it
    // closes, so unread request bytes do not turn our close into a reset that eats the answer.
    conn->writeShut = true;
    ::shutdown(static_cast<int>(conn->socket->socketDescriptor()), SHUT_WR);
}

void HttpFront::Private::drain(Conn *conn)
{
    QTcpSocket *socket = conn->socket;
    if (socket->isTransactionStarted())
        socket->commitTransaction();
    conn->drained += socket->skip(socket->bytesAvailable());
    if (conn->drained > MaxDrainBytes)
        socket->abort();
}

void HttpFront::Private::sweep()
{
    const qint64 t = now();
    QList<QPointer<QTcpSocket>> expired;
    for (const auto *map : {&conns, &overflow}) {
        for (const auto &[socket, conn] : *map) {
            // A connection waiting for a deferred answer waits for us, not for its client.
            if (!conn->busy && conn->exchanges.empty() && t >= conn->deadline)
                expired.append(socket);
        }
    }
    // A timed-out connection is closed without an answer (no 408 body): it may be a slowloris
    // client that would never read one.
    for (const QPointer<QTcpSocket> &socket : std::as_const(expired)) {
        if (socket)
            forget(socket);
    }
}

void HttpFront::Private::maybeStopped()
{
    if (!draining || stoppedSignalled || !conns.empty())
        return;
    stoppedSignalled = true;
    sweepTimer->stop();
    QTimer::singleShot(0, q, [front = q] { emit front->stopped(); });
}

void HttpFront::Private::log(QByteArrayView method, QByteArrayView path, int status,
                             qint64 startedMs, const QHostAddress &peer)
{
    if (!accessLog)
        return;
    const QByteArray line = method.toByteArray() + ' ' + path.toByteArray() + ' '
                            + QByteArray::number(status) + ' '
                            + QByteArray::number(qMax<qint64>(0, now() - startedMs)) + "ms "
                            + peer.toString().toUtf8() + '\n';
    // Off this thread: a write per request, or a stderr that blocks, would stall every client.
    if (!accessSink)
        accessSink = std::make_unique<AccessLogSink>(STDERR_FILENO);
    accessSink->append(line);
}

void Completion::deliver(const State &state, std::optional<Response> response)
{
    const std::lock_guard lock(state.mailbox->mutex);
    HttpFront *front = state.mailbox->front;
    if (!front)
        return;
    // Queued even on the front's own thread: the answer is written from the event loop, never
    // from inside a handler that may still be running.
    QMetaObject::invokeMethod(
            front,
            [front, conn = state.conn, seq = state.seq, response = std::move(response)]() mutable {
                front->d->complete(conn, seq, std::move(response));
            },
            Qt::QueuedConnection);
}

HttpFront::HttpFront(Limits limits, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->q = this;
    d->limits = limits;
    d->mailbox->front = this;
    d->clock.start();
    d->errorBodyFactory = [](ErrorCode code, const QString &) {
        return Response::json(httpStatus(code), toCompactJson(errorBody(code)));
    };
    d->http = new QHttpServer(this);
    d->http->setMissingHandler(
            [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                d->dispatch(request, responder);
            });
    d->sweepTimer = new QTimer(this);
    const int shortest = qMin(limits.requestTimeoutMs, limits.idleTimeoutMs);
    d->sweepTimer->setInterval(qBound(20, shortest / 4, 250));
    connect(d->sweepTimer, &QTimer::timeout, this, [this] { d->sweep(); });
}

HttpFront::~HttpFront()
{
    // Sockets are children of the guard server, which QHttpServer owns; our slots must not run
    // while they are torn down.
    {
        // From now on a late completion finds no front and drops its answer.
        const std::lock_guard lock(d->mailbox->mutex);
        d->mailbox->front = nullptr;
    }
    d->sweepTimer->stop();
    if (d->tcp) {
        const QList<QTcpSocket *> sockets = d->tcp->findChildren<QTcpSocket *>();
        for (QTcpSocket *socket : sockets)
            QObject::disconnect(socket, nullptr, this, nullptr);
    }
    d->byId.clear();
    d->conns.clear();
    d->overflow.clear();
    d->perAddress.clear();
    delete d->http;
    d->http = nullptr;
}

void HttpFront::setHandler(Handler handler)
{
    if (!handler) {
        d->handler = nullptr;
        return;
    }
    d->handler = [handler = std::move(handler)](const Request &request,
                                                const Completion &) -> HandlerResult {
        return handler(request);
    };
}

void HttpFront::setAsyncHandler(AsyncHandler handler)
{
    d->handler = std::move(handler);
}

void HttpFront::setErrorBodyFactory(ErrorBodyFactory factory)
{
    if (factory)
        d->errorBodyFactory = std::move(factory);
}

void HttpFront::setAccessLogEnabled(bool enabled)
{
    d->accessLog = enabled;
}

bool HttpFront::flushAccessLog(int timeoutMs)
{
    return !d->accessSink || d->accessSink->flush(timeoutMs);
}

bool HttpFront::listen(const QHostAddress &address, quint16 port)
{
    if (d->tcp) {
        d->errorString = u"already listening"_s;
        return false;
    }
    auto *tcp = new GuardServer(this);
    tcp->onIncoming = [this](qintptr descriptor) { d->accept(descriptor); };
    // Qt's default backlog of 50 drops SYNs when a few hundred clients connect at once, and
    // they retry only after 1 s, 3 s, 7 s...; the kernel caps this at net.core.somaxconn.
    tcp->setListenBacklogSize(qMax(d->limits.maxConnections, 4096));
    if (!tcp->listen(address, port)) {
        d->errorString = tcp->errorString();
        delete tcp;
        return false;
    }
    d->tcp = tcp;
    d->http->bind(tcp);
    // Connected after bind(): QHttpServer has connected its readyRead slot when this runs, so
    // ours lands after it and sees what QHttpServer left in the buffer.
    connect(tcp, &QTcpServer::newConnection, this, [this] {
        for (const QPointer<QTcpSocket> &socket : std::as_const(d->needAfterSlot)) {
            if (socket)
                connect(socket, &QTcpSocket::readyRead, this,
                        [this, s = socket.get()] { d->onAfterRead(s); });
        }
        d->needAfterSlot.clear();
    });
    d->sweepTimer->start();
    return true;
}

quint16 HttpFront::serverPort() const
{
    return d->tcp ? d->tcp->serverPort() : 0;
}

QHostAddress HttpFront::serverAddress() const
{
    return d->tcp ? d->tcp->serverAddress() : QHostAddress();
}

QString HttpFront::errorString() const
{
    return d->errorString;
}

int HttpFront::openConnections() const
{
    return static_cast<int>(d->conns.size());
}

void HttpFront::shutdown()
{
    if (d->draining)
        return;
    d->draining = true;
    if (d->tcp)
        d->tcp->close();
    QList<QPointer<QTcpSocket>> idle;
    for (const auto &[socket, conn] : d->conns) {
        if (!conn->busy && !conn->lingering && !conn->framer.inRequest() && conn->queue.isEmpty()
            && conn->exchanges.empty())
            idle.append(socket);
    }
    // Idle keep-alive connections go now; one receiving or handling a request, or waiting for
    // a deferred answer, finishes it and is closed after its answer (writeAnswers() sees
    // draining).
    for (const QPointer<QTcpSocket> &socket : std::as_const(idle)) {
        if (Conn *conn = socket ? d->find(socket) : nullptr)
            d->beginLinger(conn);
    }
    d->maybeStopped();
}

} // namespace td::http
