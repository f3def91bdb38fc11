// The front's framing tracker on its own: the same verdicts whether a request arrives whole or
// one byte per TCP segment, which is how a slow or hostile client may send it.
#include "server/http/requestframer.h"

#include <QTest>

using namespace Qt::StringLiterals;
using td::ErrorCode;
using td::http::FramedHead;
using td::http::RequestFramer;

namespace {

constexpr int MaxHead = 1024;
constexpr qint64 MaxBody = 4096;

struct Outcome
{
    QList<FramedHead> complete;
    std::optional<ErrorCode> error;
    bool inRequest = false;
    bool continueWanted = false;
};

Outcome run(const QByteArray &input, qsizetype segment)
{
    RequestFramer framer(MaxHead, MaxBody);
    Outcome out;
    for (qsizetype i = 0; i < input.size() && !out.error; i += segment) {
        out.error = framer.feed(QByteArrayView(input).sliced(i, qMin(segment, input.size() - i)));
        out.complete += framer.takeCompleted();
        out.continueWanted = framer.takeContinueWanted() || out.continueWanted;
    }
    out.inRequest = framer.inRequest();
    return out;
}

QByteArray chunkedOf(qint64 total, qint64 chunk)
{
    QByteArray out = "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"_ba;
    for (qint64 sent = 0; sent < total; sent += chunk) {
        const qint64 n = qMin(chunk, total - sent);
        out += QByteArray::number(n, 16) + "\r\n" + QByteArray(n, 'c') + "\r\n";
    }
    return out + "0\r\n\r\n";
}

} // namespace

Q_DECLARE_METATYPE(std::optional<ErrorCode>)

class TestRequestFramer : public QObject
{
    Q_OBJECT

private slots:
    void frames_data();
    void frames();
};

void TestRequestFramer::frames_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("complete");
    QTest::addColumn<std::optional<ErrorCode>>("error");
    QTest::addColumn<bool>("inRequest");
    QTest::addColumn<QByteArray>("lastMethod");

    const std::optional<ErrorCode> ok;
    QTest::newRow("one GET") << "GET / HTTP/1.1\r\nHost: a\r\n\r\n"_ba << 1 << ok << false
                             << "GET"_ba;
    QTest::newRow("LF-only lines")
            << "GET / HTTP/1.1\nHost: a\n\n"_ba << 1 << ok << false << "GET"_ba;
    QTest::newRow("two pipelined with bodies and a stray CRLF")
            << "POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc\r\nPUT /b HTTP/1.1\r\n"
               "content-length:  2 \r\n\r\nxy"_ba
            << 2 << ok << false << "PUT"_ba;
    QTest::newRow("half a body is still in a request")
            << "POST /a HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc"_ba << 0 << ok << true
            << QByteArray();
    QTest::newRow("body at the limit")
            << "POST /a HTTP/1.1\r\nContent-Length: 4096\r\n\r\n"_ba + QByteArray(4096, 'b') << 1
            << ok << false << "POST"_ba;
    QTest::newRow("body one past the limit")
            << "POST /a HTTP/1.1\r\nContent-Length: 4097\r\n\r\n"_ba << 0
            << std::optional(ErrorCode::PayloadTooLarge) << false << QByteArray();
    QTest::newRow("absurd content-length")
            << "POST /a HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n"_ba << 0
            << std::optional(ErrorCode::PayloadTooLarge) << false << QByteArray();
    QTest::newRow("two different content-lengths")
            << "POST /a HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n"_ba << 0
            << std::optional(ErrorCode::InvalidJson) << false << QByteArray();
    QTest::newRow("chunked within the limit")
            << chunkedOf(4000, 100) << 1 << ok << false << "POST"_ba;
    QTest::newRow("chunked past the limit")
            << chunkedOf(5000, 1000) << 0 << std::optional(ErrorCode::PayloadTooLarge) << false
            << QByteArray();
    QTest::newRow("chunked with trailers")
            << "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n"_ba
            << 1 << ok << false << "POST"_ba;
    QTest::newRow("tiny chunks: framing overhead counts")
            << chunkedOf(3000, 1) << 0 << std::optional(ErrorCode::PayloadTooLarge) << false
            << QByteArray();
    QTest::newRow("chunk data not followed by CRLF")
            << "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX"_ba << 0
            << std::optional(ErrorCode::InvalidJson) << false << QByteArray();
    QTest::newRow("gzip transfer coding cannot be framed")
            << "POST /c HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n"_ba << 0
            << std::optional(ErrorCode::InvalidJson) << false << QByteArray();
    QTest::newRow("head at the limit")
            << "GET / HTTP/1.1\r\nX: "_ba + QByteArray(MaxHead - 23, 'h') + "\r\n\r\n"
            << 1 << ok << false << "GET"_ba;
    QTest::newRow("head past the limit without an end")
            << "GET / HTTP/1.1\r\nX: "_ba + QByteArray(MaxHead, 'h') << 0
            << std::optional(ErrorCode::HeadersTooLarge) << false << QByteArray();
    QTest::newRow("obsolete line folding")
            << "GET / HTTP/1.1\r\nX: a\r\n  b\r\n\r\n"_ba << 0
            << std::optional(ErrorCode::InvalidJson) << false << QByteArray();
    QTest::newRow("request line too short")
            << "GET /\r\n\r\n"_ba << 0 << std::optional(ErrorCode::InvalidJson) << false
            << QByteArray();
    // Strict framing (CONTRACT 1, v1.1): what a proxy in front might read differently.
    const auto bad = std::optional(ErrorCode::InvalidJson);
    const QByteArray chunkedHead = "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"_ba;
    QTest::newRow("chunk size 0x5") << chunkedHead + "0x5\r\nhello\r\n0\r\n\r\n"
                                    << 0 << bad << false << QByteArray();
    QTest::newRow("chunk size +5") << chunkedHead + "+5\r\nhello\r\n0\r\n\r\n"
                                   << 0 << bad << false << QByteArray();
    QTest::newRow("chunk size -0") << chunkedHead + "-0\r\n\r\n"
                                   << 0 << bad << false << QByteArray();
    QTest::newRow("chunk size after a space") << chunkedHead + " 5\r\nhello\r\n0\r\n\r\n"
                                              << 0 << bad << false << QByteArray();
    QTest::newRow("chunk size with trailing space") << chunkedHead + "5 \r\nhello\r\n0\r\n\r\n"
                                                    << 0 << bad << false << QByteArray();
    QTest::newRow("chunk size with a bare CR") << chunkedHead + "5\r\r\nhello\r\n0\r\n\r\n"
                                               << 0 << bad << false << QByteArray();
    QTest::newRow("chunk size, BWS, extension, leading zeros")
            << chunkedHead + "0005 ;name=v\r\nhello\r\n0\r\n\r\n"
            << 1 << ok << false << "POST"_ba;
    QTest::newRow("space inside a header name")
            << "GET / HTTP/1.1\r\nHo st: t\r\n\r\n"_ba << 0 << bad << false << QByteArray();
    QTest::newRow("tab inside a header name")
            << "GET / HTTP/1.1\r\nHo\tst: t\r\n\r\n"_ba << 0 << bad << false << QByteArray();
    QTest::newRow("control byte in a header name")
            << "GET / HTTP/1.1\r\nX\x01Y: t\r\n\r\n"_ba << 0 << bad << false << QByteArray();
    QTest::newRow("bare CR inside a header value")
            << "GET / HTTP/1.1\r\nX-A: a\rX-B: b\r\n\r\n"_ba << 0 << bad << false << QByteArray();
    QTest::newRow("bare CR ending a header line")
            << "GET / HTTP/1.1\r\nX-A: a\r\r\n\r\n"_ba << 0 << bad << false << QByteArray();
    QTest::newRow("bare CR in the request line")
            << "GET /a\rb HTTP/1.1\r\n\r\n"_ba << 0 << bad << false << QByteArray();
    QTest::newRow("bare CR before a request")
            << "\rGET / HTTP/1.1\r\n\r\n"_ba << 0 << bad << false << QByteArray();
    QTest::newRow("two equal content-lengths")
            << "POST /a HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc"_ba << 0
            << bad << false << QByteArray();
    QTest::newRow("content-length list") << "POST /a HTTP/1.1\r\nContent-Length: 3, 3\r\n\r\nabc"_ba
                                         << 0 << bad << false << QByteArray();
    QTest::newRow("trailer with a space in its name")
            << chunkedHead + "3\r\nabc\r\n0\r\nX T: 1\r\n\r\n"
            << 0 << bad << false << QByteArray();
    QTest::newRow("CRLF between requests is fine")
            << "POST /a HTTP/1.1\r\nContent-Length: 1\r\n\r\na\r\nGET / HTTP/1.1\r\n\r\n"_ba << 2
            << ok << false << "GET"_ba;
    QTest::newRow("TLS hello on the plain port")
            << QByteArray("\x16\x03\x01\x02\x00\x01", 6) << 0
            << std::optional(ErrorCode::InvalidJson) << false << QByteArray();
}

void TestRequestFramer::frames()
{
    QFETCH(QByteArray, input);
    QFETCH(int, complete);
    QFETCH(std::optional<ErrorCode>, error);
    QFETCH(bool, inRequest);
    QFETCH(QByteArray, lastMethod);

    for (const qsizetype segment : {input.size(), qsizetype(1), qsizetype(7)}) {
        const Outcome out = run(input, segment);
        QVERIFY2(out.error == error, qPrintable(u"segment %1"_s.arg(segment)));
        QCOMPARE(out.complete.size(), complete);
        if (!error)
            QCOMPARE(out.inRequest, inRequest);
        if (!lastMethod.isEmpty())
            QCOMPARE(out.complete.last().method, lastMethod);
    }
}

QTEST_GUILESS_MAIN(TestRequestFramer)
#include "tst_requestframer.moc"
