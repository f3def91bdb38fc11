// The HTTP front over real loopback sockets: limits of CONTRACT 1 hold while bytes arrive,
// requests reach the handler intact, answers come back in order.
#include "server/http/httpfront.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryFile>
#include <QTest>
#include <QThread>

#include <fcntl.h>
#include <unistd.h>

#include <memory>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;
using td::http::HttpFront;
using td::http::Limits;
using td::http::Request;
using td::http::Response;

namespace {

// One HTTP response as a client sees it.
struct Answer
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QByteArray header(QByteArrayView name) const
    {
        for (const auto &[key, value] : headers) {
            if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

// Splits complete responses off the front of `buffer`; 1xx answers are returned too. Bodies
// are framed by Content-Length only (the front never sends chunked answers). A HEAD answer
// has no body, whatever its Content-Length says.
QList<Answer> takeAnswers(QByteArray *buffer, int headIndex = -1)
{
    QList<Answer> answers;
    for (;;) {
        const qsizetype end = buffer->indexOf("\r\n\r\n");
        if (end < 0)
            break;
        const QList<QByteArray> lines = buffer->first(end).split('\n');
        Answer answer;
        const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
        answer.status = statusLine.value(1).toInt();
        qint64 length = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            const QByteArray name = lines.at(i).first(colon).trimmed();
            const QByteArray value = lines.at(i).sliced(colon + 1).trimmed();
            answer.headers.append({name, value});
            if (name.compare("content-length", Qt::CaseInsensitive) == 0)
                length = value.toLongLong();
        }
        if (answers.size() == headIndex || answer.status < 200)
            length = 0;
        if (buffer->size() < end + 4 + length)
            break;
        answer.body = buffer->sliced(end + 4, length);
        buffer->remove(0, end + 4 + length);
        answers.append(answer);
    }
    return answers;
}

// A raw client: bytes in, bytes out, driven by the test's event loop (the front runs in the
// same thread, so nothing here may block).
class RawClient
{
public:
    // `from`: the local address to connect from (any of 127.0.0.0/8 is this machine), so a
    // test can be several clients by address.
    // `receiveBuffer` (bytes, 0 = system default) bounds what the client's kernel and Qt take
    // in while it does not read, so a test sees the server's own buffering.
    explicit RawClient(quint16 port, const QHostAddress &from = {}, bool reading = true,
                       int receiveBuffer = 0)
        : m_socket(std::make_unique<QTcpSocket>())
        , m_reading(reading)
    {
        QObject::connect(m_socket.get(), &QTcpSocket::readyRead, m_socket.get(), [this] {
            if (m_reading)
                m_received += m_socket->readAll();
        });
        QObject::connect(m_socket.get(), &QTcpSocket::disconnected, m_socket.get(),
                         [this] { m_closed = true; });
        if (!from.isNull() || receiveBuffer > 0)
            m_socket->bind(from.isNull() ? QHostAddress(QHostAddress::LocalHost) : from, 0);
        if (receiveBuffer > 0) {
            // Set before connecting, so the kernel does not grow it (autotuning) either.
            m_socket->setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption,
                                      receiveBuffer);
            m_socket->setReadBufferSize(receiveBuffer);
        }
        m_socket->connectToHost(QHostAddress::LocalHost, port);
    }
    // A client that stopped reading lets the server's answers pile up in the kernel and then
    // in the server; reading again takes what is buffered.
    void setReading(bool reading)
    {
        m_reading = reading;
        if (reading)
            m_received += m_socket->readAll();
    }
    bool waitConnected(int ms = 5000)
    {
        return QTest::qWaitFor(
                [this] { return m_socket->state() == QAbstractSocket::ConnectedState; }, ms);
    }
    void send(const QByteArray &bytes) { m_socket->write(bytes); }
    // Waits until `count` complete answers (1xx included) arrived, or the time is up.
    QList<Answer> answers(int count, int ms = 5000, int headIndex = -1)
    {
        (void)QTest::qWaitFor(
                [&] {
                    QByteArray copy = m_received;
                    return takeAnswers(&copy, headIndex).size() >= count || m_closed;
                },
                ms);
        QTest::qWait(0);
        return takeAnswers(&m_received, headIndex);
    }
    bool waitClosed(int ms = 5000)
    {
        return QTest::qWaitFor([this] { return m_closed; }, ms);
    }
    bool closed() const { return m_closed; }
    QByteArray &received() { return m_received; }
    QTcpSocket *socket() { return m_socket.get(); }

private:
    std::unique_ptr<QTcpSocket> m_socket;
    QByteArray m_received;
    bool m_reading = true;
    bool m_closed = false;
};

qint64 rssKiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.sliced(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

QByteArray get(const QByteArray &target, const QByteArray &extraHeaders = {})
{
    return "GET " + target + " HTTP/1.1\r\nHost: test\r\n" + extraHeaders + "\r\n";
}

QByteArray post(const QByteArray &target, const QByteArray &body)
{
    return "POST " + target
           + " HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
             "Content-Length: "
           + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

} // namespace

class TestHttpFront : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void keepAliveAndPipelining();
    void answersPipelinedRequestsBeforeAViolation();
    void connectionClose_data();
    void connectionClose();
    void expectContinue();
    void bodyLimits_data();
    void bodyLimits();
    void headLimit_data();
    void headLimit();
    void malformed_data();
    void malformed();
    void requestTimeout_data();
    void requestTimeout();
    void idleTimeout();
    void connectionCap_data();
    void connectionCap();
    void floodPastTheCapKeepsServing();
    void perAddressCap_data();
    void perAddressCap();
    void addressKey_data();
    void addressKey();
    void deferredAnswersLeaveInRequestOrder();
    void lostCompletionAnswers500();
    void clientGoneBeforeDeferredAnswer();
    void shutdownWaitsForDeferredAnswers();
    void pendingAnswersCapStopsReading();
    void unsentAnswersStopReading();
    void errorBehindPausedRequests();
    void shutdownFinishesRequestInFlight_data();
    void shutdownFinishesRequestInFlight();
    void accessLogLeavesOutQueryAndHeaders();
    void stalledStderrDoesNotStallRequests();
    void raisesOpenFileLimit();

private:
    std::unique_ptr<HttpFront> startFront(Limits limits = {});
    int m_calls = 0;
    QList<Request> m_requests;
    std::function<void()> m_duringHandler;
};

std::unique_ptr<HttpFront> TestHttpFront::startFront(Limits limits)
{
    m_calls = 0;
    m_requests.clear();
    m_duringHandler = nullptr;
    auto front = std::make_unique<HttpFront>(limits);
    front->setAccessLogEnabled(false);
    // Echoes what it received, so a test sees exactly what a handler would see.
    front->setHandler([this](const Request &request) {
        ++m_calls;
        m_requests.append(request);
        if (m_duringHandler)
            m_duringHandler();
        QJsonObject echo{{u"method"_s, QString::fromLatin1(request.method)},
                         {u"path"_s, request.path},
                         {u"query"_s, request.query.toString(QUrl::FullyDecoded)},
                         {u"bodySize"_s, request.body.size()},
                         {u"probe"_s, QString::fromUtf8(request.header("X-Probe"))}};
        const int status
                = request.header("x-status").isEmpty() ? 200 : request.header("x-status").toInt();
        Response response
                = Response::json(status, QJsonDocument(echo).toJson(QJsonDocument::Compact));
        response.headers.append({"X-Echo"_ba, "yes"_ba});
        return response;
    });
    if (!front->listen(QHostAddress::LocalHost, 0))
        qWarning() << front->errorString();
    return front;
}

void TestHttpFront::roundTrip_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("bodySize");
    QTest::addColumn<int>("status");

    QTest::newRow("get with query") << get("/api/tickets?cursor=abc&limit=5") << u"GET"_s
                                    << u"/api/tickets"_s << u"cursor=abc&limit=5"_s << 0 << 200;
    // The path reaches the server as sent; the router decodes segment by segment.
    QTest::newRow("percent-encoding stays in the path")
            << get("/api/caf%C3%A9/a%20b") << u"GET"_s << u"/api/caf%C3%A9/a%20b"_s << QString()
            << 0 << 200;
    QTest::newRow("%2F is not a separator")
            << get("/api/tickets/x%2Fevents?limit=1") << u"GET"_s << u"/api/tickets/x%2Fevents"_s
            << u"limit=1"_s << 0 << 200;
    QTest::newRow("post json body")
            << post("/api/projects/x/tickets", R"({"title":"hi"})"_ba) << u"POST"_s
            << u"/api/projects/x/tickets"_s << QString() << 14 << 200;
    QTest::newRow("chunked body is decoded")
            << "POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
               "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n"_ba
            << u"POST"_s << u"/c"_s << QString() << 11 << 200;
    QTest::newRow("status the handler chose, even unusual")
            << get("/s", "x-status: 299\r\n") << u"GET"_s << u"/s"_s << QString() << 0 << 299;
    QTest::newRow("422 passes through")
            << get("/s", "x-status: 422\r\n") << u"GET"_s << u"/s"_s << QString() << 0 << 422;
    QTest::newRow("body at exactly the limit")
            << post("/big", QByteArray(256 * 1024, 'a')) << u"POST"_s << u"/big"_s << QString()
            << 256 * 1024 << 200;
}

void TestHttpFront::roundTrip()
{
    QFETCH(QByteArray, request);
    QFETCH(QString, method);
    QFETCH(QString, path);
    QFETCH(QString, query);
    QFETCH(int, bodySize);
    QFETCH(int, status);

    auto front = startFront();
    RawClient client(front->serverPort());
    QVERIFY(client.waitConnected());
    client.send(request);
    const QList<Answer> answers = client.answers(1);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.first().status, status);
    QCOMPARE(answers.first().header("Content-Type"), "application/json"_ba);
    QCOMPARE(answers.first().header("X-Echo"), "yes"_ba);
    const QJsonObject echo = answers.first().json();
    QCOMPARE(echo.value(u"method"_s).toString(), method);
    QCOMPARE(echo.value(u"path"_s).toString(), path);
    QCOMPARE(echo.value(u"query"_s).toString(), query);
    QCOMPARE(echo.value(u"bodySize"_s).toInt(), bodySize);
    QCOMPARE(m_requests.first().remoteAddress, QHostAddress(QHostAddress::LocalHost));
    QVERIFY(!client.closed());
}

void TestHttpFront::keepAliveAndPipelining()
{
    auto front = startFront();
    RawClient client(front->serverPort());
    QVERIFY(client.waitConnected());

    // Keep-alive: three requests one after the other on one connection.
    for (int i = 0; i < 3; ++i) {
        client.send(get("/seq/" + QByteArray::number(i)));
        const QList<Answer> answers = client.answers(1);
        QCOMPARE(answers.size(), 1);
        QCOMPARE(answers.first().json().value(u"path"_s).toString(), u"/seq/%1"_s.arg(i));
    }

    // Pipelining: four requests in one write, one of them with a body and one a HEAD, answered
    // in order.
    client.send(get("/p/0") + post("/p/1", "[1,2,3]") + "HEAD /p/2 HTTP/1.1\r\nHost: t\r\n\r\n"
                + get("/p/3", "X-Probe: last\r\n"));
    QList<Answer> answers = client.answers(4, 5000, 2);
    QCOMPARE(answers.size(), 4);
    QCOMPARE(answers.at(0).json().value(u"path"_s).toString(), u"/p/0"_s);
    QCOMPARE(answers.at(1).json().value(u"bodySize"_s).toInt(), 7);
    QCOMPARE(answers.at(2).status, 200);
    QVERIFY(answers.at(2).body.isEmpty()); // HEAD: a length but no body
    QVERIFY(answers.at(2).header("Content-Length").toInt() > 0);
    QCOMPARE(answers.at(3).json().value(u"probe"_s).toString(), u"last"_s);
    QCOMPARE(m_calls, 7);
    QVERIFY(client.received().isEmpty()); // nothing after the four answers
    QCOMPARE(front->openConnections(), 1);
}

void TestHttpFront::answersPipelinedRequestsBeforeAViolation()
{
    auto front = startFront();
    RawClient client(front->serverPort());
    QVERIFY(client.waitConnected());
    // Two good requests, then one announcing 1 GiB, in one write: the good ones are answered,
    // in order, then the 413, then the connection closes.
    client.send(get("/first") + post("/second", "{}")
                + "POST /huge HTTP/1.1\r\nHost: t\r\nContent-Length: 1073741824\r\n\r\n"
                + QByteArray(8 * 1024, 'x'));
    const QList<Answer> answers = client.answers(3);
    QCOMPARE(answers.size(), 3);
    QCOMPARE(answers.at(0).json().value(u"path"_s).toString(), u"/first"_s);
    QCOMPARE(answers.at(1).json().value(u"path"_s).toString(), u"/second"_s);
    QCOMPARE(answers.at(2).status, 413);
    QCOMPARE(answers.at(2).json().value(u"code"_s).toString(), u"payload_too_large"_s);
    QCOMPARE(m_calls, 2);
    QVERIFY(client.waitClosed());
}

void TestHttpFront::connectionClose_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<bool>("closes");

    QTest::newRow("HTTP/1.0 closes") << "GET /a HTTP/1.0\r\n\r\n"_ba << true;
    QTest::newRow("HTTP/1.0 keep-alive stays")
            << "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"_ba << false;
    QTest::newRow("HTTP/1.1 Connection: close closes")
            << get("/a", "Connection: close\r\n") << true;
    QTest::newRow("HTTP/1.1 stays") << get("/a") << false;
}

void TestHttpFront::connectionClose()
{
    QFETCH(QByteArray, request);
    QFETCH(bool, closes);

    auto front = startFront();
    RawClient client(front->serverPort());
    QVERIFY(client.waitConnected());
    client.send(request);
    const QList<Answer> answers = client.answers(1);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.first().status, 200);
    if (closes) {
        QCOMPARE(answers.first().header("Connection"), "close"_ba);
        QVERIFY(client.waitClosed(3000));
    } else {
        QTest::qWait(200);
        QVERIFY(!client.closed());
        client.send(get("/again"));
        QCOMPARE(client.answers(1).size(), 1);
    }
}

void TestHttpFront::expectContinue()
{
    auto front = startFront();
    RawClient client(front->serverPort());
    QVERIFY(client.waitConnected());
    // QHttpServer 6.4 never sends 100 Continue; curl then waits a second before the body.
    client.send(
            "POST /e HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"_ba);
    QList<Answer> answers = client.answers(1, 3000);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.first().status, 100);
    client.send("null"_ba);
    answers = client.answers(1);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.first().status, 200);
    QCOMPARE(answers.first().json().value(u"bodySize"_s).toInt(), 4);

    // Too large: refused at once, no 100, so the client never sends the body.
    RawClient second(front->serverPort());
    QVERIFY(second.waitConnected());
    second.send(
            "POST /e HTTP/1.1\r\nHost: t\r\nContent-Length: 999999999\r\nExpect: 100-continue\r\n\r\n"_ba);
    answers = second.answers(1);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.first().status, 413);
    QVERIFY(second.waitClosed());
}

void TestHttpFront::bodyLimits_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<qint64>("streamBytes");
    QTest::addColumn<bool>("chunked");

    QTest::newRow("1 GiB announced by Content-Length")
            << "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 1073741824\r\n\r\n"_ba
            << (qint64(1) << 30) << false;
    QTest::newRow("chunked past 256 KiB")
            << "POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"_ba
            << (qint64(1) << 30) << true;
    QTest::newRow("one chunk announcing 1 GiB")
            << "POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n40000000\r\n"_ba
            << qint64(0) << false;
}

void TestHttpFront::bodyLimits()
{
    QFETCH(QByteArray, head);
    QFETCH(qint64, streamBytes);
    QFETCH(bool, chunked);

    auto front = startFront();
    const qint64 rssBefore = rssKiB();
    RawClient client(front->serverPort());
    QVERIFY(client.waitConnected());
    client.send(head);

    // Stream the body as a fast sender would, from one reused 64 KiB block, until the answer
    // comes (or 20 s pass). The client side never holds more than ~256 KiB unsent.
    const QByteArray block(64 * 1024, 'x');
    const QByteArray chunk = QByteArray::number(block.size(), 16) + "\r\n" + block + "\r\n";
    qint64 sent = 0;
    QElapsedTimer timer;
    timer.start();
    while (streamBytes > 0 && sent < streamBytes && !client.received().contains("\r\n\r\n")
           && !client.closed() && timer.elapsed() < 20'000) {
        if (client.socket()->bytesToWrite() < 256 * 1024) {
            client.send(chunked ? chunk : block);
            sent += block.size();
        }
        QTest::qWait(0);
    }
    const QList<Answer> answers = client.answers(1, 10'000);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.first().status, 413);
    QCOMPARE(answers.first().json().value(u"code"_s).toString(), u"payload_too_large"_s);
    QCOMPARE(answers.first().header("Connection"), "close"_ba);
    QCOMPARE(m_calls, 0);
    QVERIFY(client.waitClosed(10'000));
    // Nothing like the announced size was buffered: the server read at most a few MiB.
    const qint64 growth = rssKiB() - rssBefore;
    qInfo() << "sent" << sent / 1024 << "KiB before the 413; RSS growth" << growth << "KiB";
    QVERIFY2(growth < 32 * 1024, qPrintable(u"RSS grew by %1 KiB"_s.arg(growth)));
    QVERIFY(sent < 64 * 1024 * 1024);
}

void TestHttpFront::headLimit_data()
{
    QTest::addColumn<int>("headerBytes");
    QTest::addColumn<int>("status");

    QTest::newRow("20 KiB header") << 20 * 1024 << 431;
    QTest::newRow("15 KiB header passes") << 15 * 1024 << 200;
    QTest::newRow("1 MiB header") << 1024 * 1024 << 431;
}

void TestHttpFront::headLimit()
{
    QFETCH(int, headerBytes);
    QFETCH(int, status);

    auto front = startFront();
    RawClient client(front->serverPort());
    QVERIFY(client.waitConnected());
    client.send(get("/h", "X-Big: " + QByteArray(headerBytes, 'h') + "\r\n"));
    const QList<Answer> answers = client.answers(1);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.first().status, status);
    if (status == 431) {
        QCOMPARE(answers.first().json().value(u"code"_s).toString(), u"headers_too_large"_s);
        QCOMPARE(m_calls, 0);
        QVERIFY(client.waitClosed());
    } else {
        QCOMPARE(m_calls, 1);
    }
}

void TestHttpFront::malformed_data()
{
    QTest::addColumn<QByteArray>("request");

    QTest::newRow("garbage request line") << "GARBAGE\r\n\r\n"_ba;
    QTest::newRow("unknown method") << "FOO / HTTP/1.1\r\nHost: t\r\n\r\n"_ba;
    QTest::newRow("CONNECT") << "CONNECT example.org:443 HTTP/1.1\r\nHost: t\r\n\r\n"_ba;
    QTest::newRow("lower-case method") << "get / HTTP/1.1\r\nHost: t\r\n\r\n"_ba;
    QTest::newRow("unknown version") << "GET / HTTP/2.0\r\nHost: t\r\n\r\n"_ba;
    QTest::newRow("space in target") << "GET /a b HTTP/1.1\r\nHost: t\r\n\r\n"_ba;
    QTest::newRow("header without colon") << "GET / HTTP/1.1\r\nHost t\r\n\r\n"_ba;
    QTest::newRow("negative content-length")
            << "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: -5\r\n\r\n"_ba;
    QTest::newRow("content-length and chunked")
            << "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"_ba;
    QTest::newRow("bad chunk size")
            << "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"_ba;
    // Strict framing (CONTRACT 1, v1.1), each accepted before.
    QTest::newRow("chunk size 0x5")
            << "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n"_ba;
    QTest::newRow("chunk size +5")
            << "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n+5\r\nhello\r\n0\r\n\r\n"_ba;
    QTest::newRow("space inside a header name") << "GET / HTTP/1.1\r\nHo st: t\r\n\r\n"_ba;
    QTest::newRow("bare CR inside a header value")
            << "GET / HTTP/1.1\r\nHost: t\rX-Smuggled: 1\r\n\r\n"_ba;
    QTest::newRow("two identical content-lengths")
            << "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}"_ba;
    QTest::newRow("binary noise") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11);
}

void TestHttpFront::malformed()
{
    QFETCH(QByteArray, request);

    auto front = startFront();
    RawClient client(front->serverPort());
    QVERIFY(client.waitConnected());
    client.send(request);
    const QList<Answer> answers = client.answers(1);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.first().status, 400);
    QCOMPARE(answers.first().header("Connection"), "close"_ba);
    QVERIFY(!answers.first().json().value(u"code"_s).toString().isEmpty());
    QVERIFY(client.waitClosed());
    QCOMPARE(m_calls, 0);
}

void TestHttpFront::requestTimeout_data()
{
    QTest::addColumn<QByteArray>("partial");
    QTest::addColumn<QByteArray>("trickle");

    QTest::newRow("silent after connecting") << QByteArray() << QByteArray();
    QTest::newRow("half a head (slowloris)") << "GET /slow HTTP/1.1\r\nHost: t\r\nX-A: 1\r\n"_ba
                                             << "X-More: 1\r\n"_ba;
    QTest::newRow("half a body")
            << "POST /slow HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc"_ba
            << "d"_ba;
}

void TestHttpFront::requestTimeout()
{
    QFETCH(QByteArray, partial);
    QFETCH(QByteArray, trickle);

    Limits limits;
    limits.requestTimeoutMs = 300;
    auto front = startFront(limits);
    RawClient client(front->serverPort());
    QVERIFY(client.waitConnected());
    QElapsedTimer timer;
    timer.start();
    if (!partial.isEmpty())
        client.send(partial);
    // Trickling bytes does not extend the deadline: it runs from the request's first byte.
    for (int i = 0; i < 3 && !partial.isEmpty() && !client.closed(); ++i) {
        QTest::qWait(80);
        client.send(trickle);
    }
    QVERIFY(client.waitClosed(3000));
    QVERIFY2(timer.elapsed() >= 250, qPrintable(QString::number(timer.elapsed())));
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(client.received().isEmpty()); // closed without an answer
    QCOMPARE(m_calls, 0);
    QTRY_COMPARE(front->openConnections(), 0);
}

void TestHttpFront::idleTimeout()
{
    Limits limits;
    limits.idleTimeoutMs = 800;
    auto front = startFront(limits);

    RawClient active(front->serverPort());
    RawClient idle(front->serverPort());
    QVERIFY(active.waitConnected());
    QVERIFY(idle.waitConnected());
    idle.send(get("/once"));
    QCOMPARE(idle.answers(1).size(), 1);
    QElapsedTimer sinceAnswer;
    sinceAnswer.start();

    // The active one keeps talking every 100 ms for 2 s and stays open: each answer restarts
    // its idle clock. The idle one is closed about 800 ms after its answer.
    while (sinceAnswer.elapsed() < 2000) {
        active.send(get("/tick"));
        QCOMPARE(active.answers(1).size(), 1);
        QTest::qWait(100);
    }
    QVERIFY(idle.closed());
    QVERIFY(!active.closed());
    QCOMPARE(front->openConnections(), 1);
    QVERIFY(active.waitClosed(4000));
}

void TestHttpFront::connectionCap_data()
{
    QTest::addColumn<int>("cap");
    QTest::addColumn<int>("total");

    QTest::newRow("cap 20, 30 clients") << 20 << 30;
    // The contract's figures. Enabled in the serial ctest entry (2,200 sockets in one process).
    if (qEnvironmentVariableIsSet("TD_HTTPFRONT_FULL_CAP"))
        QTest::newRow("cap 1024, 1100 clients") << 1024 << 1100;
}

void TestHttpFront::connectionCap()
{
    QFETCH(int, cap);
    QFETCH(int, total);

    td::http::raiseOpenFileLimit();
    Limits limits;
    limits.maxConnections = cap;
    limits.maxConnectionsPerAddress = 0; // every client here is 127.0.0.1
    auto front = startFront(limits);
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < cap; ++i)
        clients.push_back(std::make_unique<RawClient>(front->serverPort()));
    QTRY_COMPARE_WITH_TIMEOUT(front->openConnections(), cap, 20'000);

    std::vector<std::unique_ptr<RawClient>> extra;
    for (int i = cap; i < total; ++i)
        extra.push_back(std::make_unique<RawClient>(front->serverPort()));
    int refused = 0;
    for (auto &client : extra) {
        const QList<Answer> answers = client->answers(1, 10'000);
        if (answers.size() == 1 && answers.first().status == 503
            && answers.first().header("Retry-After") == "1"
            && answers.first().json().value(u"code"_s).toString() == u"overloaded"_s) {
            ++refused;
        }
        QVERIFY(client->waitClosed(5000));
    }
    QCOMPARE(refused, total - cap);
    QCOMPARE(front->openConnections(), cap);

    // The connections already open are served as before.
    for (int i : {0, cap / 2, cap - 1}) {
        clients[size_t(i)]->send(get("/still-here"));
        const QList<Answer> answers = clients[size_t(i)]->answers(1);
        QCOMPARE(answers.size(), 1);
        QCOMPARE(answers.first().status, 200);
    }
    QCOMPARE(m_calls, 3);

    // A slot freed is a slot usable again.
    clients.front()->socket()->abort();
    QTRY_COMPARE(front->openConnections(), cap - 1);
    RawClient late(front->serverPort());
    QVERIFY(late.waitConnected());
    late.send(get("/late"));
    const QList<Answer> answers = late.answers(1);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.first().status, 200);
}

void TestHttpFront::floodPastTheCapKeepsServing()
{
    Limits limits;
    limits.maxConnections = 10;
    auto front = startFront(limits);
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < limits.maxConnections; ++i)
        clients.push_back(std::make_unique<RawClient>(front->serverPort()));
    QTRY_COMPARE(front->openConnections(), limits.maxConnections);

    // 600 connections at once, each sending a request it will never get served.
    std::vector<std::unique_ptr<RawClient>> flood;
    for (int i = 0; i < 600; ++i) {
        flood.push_back(std::make_unique<RawClient>(front->serverPort()));
        QObject::connect(flood.back()->socket(), &QTcpSocket::connected, flood.back()->socket(),
                         [s = flood.back()->socket()] { s->write(get("/flood")); });
    }
    // Meanwhile an admitted client is answered promptly.
    QElapsedTimer timer;
    timer.start();
    clients.front()->send(get("/during-flood"));
    const QList<Answer> answers = clients.front()->answers(1);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.first().status, 200);
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));

    // Every flooding connection is closed (a 503, or a reset once past the lingering
    // budget), none reached the handler, and the cap still holds.
    int served503 = 0;
    for (auto &client : flood) {
        QVERIFY(client->waitClosed(10'000));
        served503 += client->received().startsWith("HTTP/1.1 503 ");
    }
    qInfo() << served503 << "of 600 flooding clients read a 503";
    QVERIFY2(served503 >= 256, qPrintable(QString::number(served503)));
    QCOMPARE(m_calls, 1);
    QCOMPARE(front->openConnections(), limits.maxConnections);
}

void TestHttpFront::perAddressCap_data()
{
    QTest::addColumn<int>("perAddress");
    QTest::addColumn<int>("clients");
    QTest::addColumn<int>("refused");
    QTest::addColumn<bool>("uncapped"); // 127.0.0.1 listed as a trusted proxy

    QTest::newRow("cap 3, a fourth from the same address") << 3 << 4 << 1 << false;
    QTest::newRow("cap 3, six from the same address") << 3 << 6 << 3 << false;
    QTest::newRow("0 = no per-address cap") << 0 << 6 << 0 << false;
    QTest::newRow("cap 3, but the address is uncapped") << 3 << 6 << 0 << true;
}

void TestHttpFront::perAddressCap()
{
    QFETCH(int, perAddress);
    QFETCH(int, clients);
    QFETCH(int, refused);
    QFETCH(bool, uncapped);

    // CONTRACT 1 (v1.1): one client cannot take every slot of the global cap.
    Limits limits;
    limits.maxConnections = 50;
    limits.maxConnectionsPerAddress = perAddress;
    if (uncapped)
        limits.uncappedAddresses = {QHostAddress(u"::ffff:127.0.0.1"_s)};
    auto front = startFront(limits);
    const QHostAddress greedy(u"127.0.0.1"_s);
    std::vector<std::unique_ptr<RawClient>> mine;
    const int admitted = clients - refused;
    for (int i = 0; i < admitted; ++i)
        mine.push_back(std::make_unique<RawClient>(front->serverPort(), greedy));
    QTRY_COMPARE(front->openConnections(), admitted);
    std::vector<std::unique_ptr<RawClient>> extra;
    for (int i = 0; i < refused; ++i)
        extra.push_back(std::make_unique<RawClient>(front->serverPort(), greedy));
    for (auto &client : extra) {
        const QList<Answer> answers = client->answers(1);
        QCOMPARE(answers.size(), 1);
        QCOMPARE(answers.first().status, 503);
        QCOMPARE(answers.first().header("Retry-After"), "1"_ba);
        QCOMPARE(answers.first().json().value(u"code"_s).toString(), u"overloaded"_s);
        QVERIFY(client->waitClosed());
    }
    QCOMPARE(front->openConnections(), admitted);

    // Another address is served meanwhile, and so are the admitted ones.
    RawClient other(front->serverPort(), QHostAddress(u"127.0.0.2"_s));
    QVERIFY(other.waitConnected());
    other.send(get("/other"));
    QList<Answer> answers = other.answers(1);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.first().status, 200);
    mine.back()->send(get("/mine"));
    answers = mine.back()->answers(1);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.first().status, 200);

    // A slot given back is usable again by the same address.
    mine.front()->socket()->abort();
    QTRY_COMPARE(front->openConnections(), admitted); // `other` is still open
    RawClient again(front->serverPort(), greedy);
    QVERIFY(again.waitConnected());
    again.send(get("/again"));
    answers = again.answers(1);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.first().status, 200);
}

void TestHttpFront::addressKey_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("same");

    QTest::newRow("IPv4 addresses are themselves") << u"192.0.2.1"_s << u"192.0.2.2"_s << false;
    QTest::newRow("IPv4-mapped IPv6 is the IPv4 address")
            << u"::ffff:192.0.2.1"_s << u"192.0.2.1"_s << true;
    QTest::newRow("one IPv6 /64") << u"2001:db8:1:2:aaaa::1"_s << u"2001:db8:1:2:ffff:1:2:3"_s
                                  << true;
    QTest::newRow("neighbouring IPv6 /64s")
            << u"2001:db8:1:2::1"_s << u"2001:db8:1:3::1"_s << false;
    QTest::newRow("IPv6 loopback vs IPv4 loopback") << u"::1"_s << u"127.0.0.1"_s << false;
}

void TestHttpFront::addressKey()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, same);
    QCOMPARE(td::http::addressKey(QHostAddress(a)) == td::http::addressKey(QHostAddress(b)), same);
}

namespace {

// An asynchronous handler that keeps every request's completion for the test to finish,
// like the storage's writer thread will.
struct Parked
{
    QList<QString> paths;
    QList<td::http::Completion> completions;
};

td::http::AsyncHandler parkingHandler(Parked *parked)
{
    return [parked](const Request &request,
                    const td::http::Completion &completion) -> td::http::HandlerResult {
        parked->paths.append(request.path);
        parked->completions.append(completion);
        return td::http::Deferred{};
    };
}

Response answerFor(const QString &path)
{
    return Response::json(
            200, QJsonDocument(QJsonObject{{u"path"_s, path}}).toJson(QJsonDocument::Compact));
}

// Waits until `count` stays the same for a while: what a paused connection looks like.
int settled(const std::function<int()> &count)
{
    int last = -1;
    for (int i = 0; i < 40 && count() != last; ++i) {
        last = count();
        QTest::qWait(250);
    }
    return count();
}

} // namespace

void TestHttpFront::deferredAnswersLeaveInRequestOrder()
{
    auto front = startFront();
    Parked parked;
    front->setAsyncHandler(parkingHandler(&parked));
    RawClient client(front->serverPort());
    QVERIFY(client.waitConnected());
    client.send(get("/d/0") + get("/d/1") + post("/d/2", "{}") + get("/d/3") + get("/d/4"));
    QTRY_COMPARE(parked.completions.size(), 5); // all handed on while none is answered

    // A writer thread answers them backwards; the client still reads them in request order.
    std::thread writer([&parked] {
        for (qsizetype i = parked.completions.size() - 1; i >= 0; --i)
            parked.completions.at(i).finish(answerFor(parked.paths.at(i)));
    });
    writer.join();
    const QList<Answer> answers = client.answers(5);
    QCOMPARE(answers.size(), 5);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(answers.at(i).json().value(u"path"_s).toString(), u"/d/%1"_s.arg(i));
    // The first finish() counts; a second one is ignored.
    parked.completions.first().finish(Response::json(500, "{}"));
    QTest::qWait(50);
    QVERIFY(client.received().isEmpty());

    // The connection carries on.
    client.send(get("/d/5"));
    QTRY_COMPARE(parked.completions.size(), 6);
    parked.completions.last().finish(answerFor(u"/d/5"_s));
    QCOMPARE(client.answers(1).value(0).json().value(u"path"_s).toString(), u"/d/5"_s);
}

void TestHttpFront::lostCompletionAnswers500()
{
    auto front = startFront();
    front->setAsyncHandler([](const Request &, const td::http::Completion &) {
        return td::http::HandlerResult(td::http::Deferred{}); // and keeps nothing
    });
    RawClient client(front->serverPort());
    QVERIFY(client.waitConnected());
    client.send(get("/lost"));
    const QList<Answer> answers = client.answers(1);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.first().status, 500);
    QCOMPARE(answers.first().json().value(u"code"_s).toString(), u"internal"_s);
    QVERIFY(!client.closed());
}

void TestHttpFront::clientGoneBeforeDeferredAnswer()
{
    auto front = startFront();
    Parked parked;
    front->setAsyncHandler(parkingHandler(&parked));
    {
        RawClient client(front->serverPort());
        QVERIFY(client.waitConnected());
        client.send(get("/gone"));
        QTRY_COMPARE(parked.completions.size(), 1);
        client.socket()->abort();
    }
    QTRY_COMPARE(front->openConnections(), 0);
    // The answer arrives for a connection that no longer exists: dropped, nothing breaks.
    std::thread([&parked] { parked.completions.first().finish(answerFor(u"/gone"_s)); }).join();
    QTest::qWait(50);

    RawClient next(front->serverPort());
    QVERIFY(next.waitConnected());
    next.send(get("/next"));
    QTRY_COMPARE(parked.completions.size(), 2);
    parked.completions.last().finish(answerFor(u"/next"_s));
    QCOMPARE(next.answers(1).value(0).json().value(u"path"_s).toString(), u"/next"_s);
}

void TestHttpFront::shutdownWaitsForDeferredAnswers()
{
    auto front = startFront();
    Parked parked;
    front->setAsyncHandler(parkingHandler(&parked));
    QSignalSpy stopped(front.get(), &HttpFront::stopped);
    RawClient client(front->serverPort());
    QVERIFY(client.waitConnected());
    client.send(get("/slow-write"));
    QTRY_COMPARE(parked.completions.size(), 1);

    front->shutdown(); // SIGTERM while the writer still holds the request
    QTest::qWait(300);
    QCOMPARE(stopped.size(), 0);
    QVERIFY(!client.closed());
    QCOMPARE(front->openConnections(), 1);

    std::thread([&parked] {
        parked.completions.first().finish(answerFor(u"/slow-write"_s));
    }).join();
    const QList<Answer> answers = client.answers(1);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.first().status, 200);
    QCOMPARE(answers.first().header("Connection"), "close"_ba);
    QVERIFY(client.waitClosed());
    QVERIFY(stopped.wait(3000) || stopped.size() == 1);
}

void TestHttpFront::pendingAnswersCapStopsReading()
{
    Limits limits;
    limits.maxPendingAnswers = 4;
    auto front = startFront(limits);
    Parked parked;
    front->setAsyncHandler(parkingHandler(&parked));
    RawClient client(front->serverPort());
    QVERIFY(client.waitConnected());
    QByteArray pipeline;
    for (int i = 0; i < 20; ++i)
        pipeline += get("/q/" + QByteArray::number(i));
    client.send(pipeline);

    // Four are handed on; the rest wait unread until answers make room.
    QCOMPARE(settled([&] { return int(parked.completions.size()); }), 4);
    int answered = 0;
    QList<Answer> answers;
    while (answered < 20 && answered < parked.completions.size()) {
        parked.completions.at(answered).finish(answerFor(parked.paths.at(answered)));
        ++answered;
        QTRY_VERIFY(parked.completions.size() >= qMin(20, answered + 4) || answered == 20);
        QVERIFY(parked.completions.size() - answered <= 4);
    }
    answers = client.answers(20);
    QCOMPARE(answers.size(), 20);
    for (int i = 0; i < 20; ++i)
        QCOMPARE(answers.at(i).json().value(u"path"_s).toString(), u"/q/%1"_s.arg(i));
}

void TestHttpFront::unsentAnswersStopReading()
{
    // CONTRACT 1 (v1.1): a client that pipelines without reading cannot grow our memory. Each
    // answer is 128 KiB; the client sends 200 requests and reads nothing.
    constexpr int Requests = 200;
    constexpr int AnswerBytes = 128 * 1024;
    auto front = startFront();
    int calls = 0;
    front->setHandler([&calls](const Request &request) {
        ++calls;
        Response response;
        response.body = request.path.toUtf8().leftJustified(AnswerBytes, ' ');
        return response;
    });
    RawClient client(front->serverPort(), {}, false, 64 * 1024);
    QVERIFY(client.waitConnected());
    const qint64 rssBefore = rssKiB();
    QByteArray pipeline;
    for (int i = 0; i < Requests; ++i)
        pipeline += get("/big/" + QByteArray::number(i));
    client.send(pipeline);

    // Kernel buffers (the client's 64 KiB, the server's send buffer, up to 4 MiB here) and
    // the 1 MiB limit take a few dozen answers; then the server stops reading.
    const int handled = settled([&calls] { return calls; });
    const qint64 growth = rssKiB() - rssBefore;
    qInfo() << handled << "of" << Requests << "requests handled while the client did not read;"
            << "RSS growth" << growth << "KiB";
    QVERIFY2(handled < Requests / 2, qPrintable(QString::number(handled)));
    QVERIFY(!client.closed());

    // Once the client reads, every answer arrives, in order.
    client.setReading(true);
    int received = 0;
    bool inOrder = true;
    QElapsedTimer timer;
    timer.start();
    while (received < Requests && !client.closed() && timer.elapsed() < 60'000) {
        QTest::qWait(5);
        client.setReading(true);
        for (const Answer &answer : takeAnswers(&client.received())) {
            inOrder = inOrder
                      && answer.body.startsWith(
                              QByteArray("/big/" + QByteArray::number(received) + ' '));
            ++received;
        }
    }
    QCOMPARE(received, Requests);
    QVERIFY(inOrder);
    QCOMPARE(calls, Requests);
}

void TestHttpFront::errorBehindPausedRequests()
{
    // Reading is paused (two answers pending) with more requests and then a malformed one
    // already received; more bytes arrive after it. Every good request is answered, in order,
    // then the 400; nothing after the malformed request reaches the handler.
    Limits limits;
    limits.maxPendingAnswers = 2;
    auto front = startFront(limits);
    Parked parked;
    front->setAsyncHandler(parkingHandler(&parked));
    RawClient client(front->serverPort());
    QVERIFY(client.waitConnected());
    QByteArray pipeline;
    for (int i = 0; i < 6; ++i)
        pipeline += get("/e/" + QByteArray::number(i));
    client.send(pipeline + "GET /bad HTTP/1.1\r\nHo st: t\r\n\r\n");
    QCOMPARE(settled([&] { return int(parked.completions.size()); }), 2);
    client.send(get("/after"));
    QTest::qWait(100);

    for (int answered = 0; answered < 6; ++answered) {
        QTRY_VERIFY(parked.completions.size() > answered);
        parked.completions.at(answered).finish(answerFor(parked.paths.at(answered)));
    }
    const QList<Answer> answers = client.answers(7);
    QCOMPARE(answers.size(), 7);
    for (int i = 0; i < 6; ++i)
        QCOMPARE(answers.at(i).json().value(u"path"_s).toString(), u"/e/%1"_s.arg(i));
    QCOMPARE(answers.at(6).status, 400);
    QVERIFY(client.waitClosed());
    QCOMPARE(parked.paths.size(), 6);
}

void TestHttpFront::shutdownFinishesRequestInFlight_data()
{
    QTest::addColumn<bool>("fromHandler");
    QTest::newRow("while the body arrives") << false;
    QTest::newRow("from inside the handler") << true;
}

void TestHttpFront::shutdownFinishesRequestInFlight()
{
    QFETCH(bool, fromHandler);

    auto front = startFront();
    QSignalSpy stopped(front.get(), &HttpFront::stopped);
    const quint16 port = front->serverPort();
    RawClient idle(port);
    RawClient busy(port);
    QVERIFY(idle.waitConnected());
    QVERIFY(busy.waitConnected());
    QTRY_COMPARE(front->openConnections(), 2);

    if (fromHandler) {
        m_duringHandler = [&front] { front->shutdown(); };
        busy.send(post("/work", "{}"));
    } else {
        busy.send("POST /work HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\n{"_ba);
        QTest::qWait(50);
        front->shutdown();
        QVERIFY(idle.waitClosed(3000)); // idle keep-alive connections go at once
        RawClient refused(port);
        QVERIFY(!refused.waitConnected(500)); // no longer accepting
        QVERIFY(!busy.closed());
        busy.send("}"_ba);
    }
    const QList<Answer> answers = busy.answers(1);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.first().status, 200);
    QCOMPARE(answers.first().json().value(u"bodySize"_s).toInt(), 2);
    QCOMPARE(answers.first().header("Connection"), "close"_ba);
    QVERIFY(busy.waitClosed());
    QVERIFY(idle.waitClosed());
    QVERIFY(stopped.wait(3000) || stopped.size() == 1);
    QCOMPARE(front->openConnections(), 0);
}

void TestHttpFront::accessLogLeavesOutQueryAndHeaders()
{
    auto front = startFront();
    front->setAccessLogEnabled(true);

    // Capture fd 2 in a file for the duration of two requests.
    QTemporaryFile capture;
    QVERIFY(capture.open());
    std::fflush(stderr);
    const int saved = ::dup(2);
    QVERIFY(::dup2(static_cast<int>(capture.handle()), 2) >= 0);
    RawClient client(front->serverPort());
    QVERIFY(client.waitConnected());
    client.send(get("/api/tickets?cursor=SECRETCURSOR", "Authorization: Bearer SECRETTOKEN\r\n"));
    QCOMPARE(client.answers(1).size(), 1);
    client.send(get("/big", "X-Big: " + QByteArray(20 * 1024, 'h') + "\r\n"));
    QCOMPARE(client.answers(1).size(), 1);
    QVERIFY(front->flushAccessLog());
    std::fflush(stderr);
    ::dup2(saved, 2);
    ::close(saved);

    capture.seek(0);
    const QByteArray log = capture.readAll();
    const QList<QByteArray> lines = log.trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines.at(0).startsWith("GET /api/tickets 200 "), lines.at(0).constData());
    QVERIFY(lines.at(0).contains("ms 127.0.0.1"));
    QVERIFY2(lines.at(1).startsWith("GET /big 431 "), lines.at(1).constData());
    QVERIFY(!log.contains("SECRET"));
    QVERIFY(!log.contains("hhhh"));
}

void TestHttpFront::stalledStderrDoesNotStallRequests()
{
    // stderr is a pipe nobody reads (a stalled journald, a full terminal): the access log must
    // not block the thread that serves requests. The front runs on a thread of its own here,
    // so a blocked front shows as a missing answer rather than a hung test.
    int fds[2];
    QVERIFY(::pipe(fds) == 0);
    const int flags = ::fcntl(fds[1], F_GETFL);
    ::fcntl(fds[1], F_SETFL, flags | O_NONBLOCK);
    const QByteArray junk(4096, '#');
    while (::write(fds[1], junk.constData(), size_t(junk.size())) > 0) {
    }
    ::fcntl(fds[1], F_SETFL, flags); // full, and blocking like a real stderr
    std::fflush(stderr);
    const int saved = ::dup(2);
    QVERIFY(::dup2(fds[1], 2) >= 0);

    QThread thread;
    thread.start();
    auto *front = new HttpFront();
    front->setHandler([](const Request &) { return Response::json(200, "{}"); });
    front->moveToThread(&thread);
    quint16 port = 0;
    QMetaObject::invokeMethod(
            front,
            [front, &port] {
                front->listen(QHostAddress::LocalHost, 0);
                port = front->serverPort();
            },
            Qt::BlockingQueuedConnection);
    int answered = 0;
    {
        RawClient client(port);
        if (client.waitConnected()) {
            for (int i = 0; i < 50; ++i) {
                client.send(get("/logged/" + QByteArray::number(i)));
                if (client.answers(1, 3000).size() != 1)
                    break;
                ++answered;
            }
        }
    }
    // Let whatever waits on the pipe go on, then tidy up on the front's thread.
    QByteArray buffer(65536, Qt::Uninitialized);
    ::fcntl(fds[0], F_SETFL, ::fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    while (::read(fds[0], buffer.data(), size_t(buffer.size())) > 0) {
    }
    QMetaObject::invokeMethod(
            front, [front] { delete front; }, Qt::BlockingQueuedConnection);
    thread.quit();
    thread.wait();
    ::dup2(saved, 2); // after the front: its last lines went to the (drained) pipe
    ::close(saved);
    ::close(fds[0]);
    ::close(fds[1]);
    QCOMPARE(answered, 50);
}

void TestHttpFront::raisesOpenFileLimit()
{
    const int limit = td::http::raiseOpenFileLimit();
    // 1024 connections need more than 1024 descriptors; Debian's hard limit allows it.
    QVERIFY2(limit > 1100, qPrintable(QString::number(limit)));
}

QTEST_GUILESS_MAIN(TestHttpFront)
#include "tst_httpfront.moc"
