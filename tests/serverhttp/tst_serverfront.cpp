// The HTTP front as the real triagedesk-server binary uses it: its command-line limits and its
// routing of encoded paths (CONTRACT 1, v1.1), over raw loopback sockets, so nothing between
// the test and the server normalises a path or pools connections.
#include "support/serverprocess.h"
#include "support/testdata.h"
#include "support/testhttpclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
namespace data = td::testdata;
using td::test::ServerProcess;

namespace {

struct RawAnswer
{
    int status = 0;
    QByteArray head;
    QByteArray body;
    QString code() const
    {
        return QJsonDocument::fromJson(body).object().value(u"code"_s).toString();
    }
};

// One request on a fresh connection; reads until the server closes or a full answer arrived.
RawAnswer exchange(quint16 port, const QByteArray &request)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    RawAnswer answer;
    if (!socket.waitForConnected(5000))
        return answer;
    socket.write(request);
    QByteArray bytes;
    while (socket.waitForReadyRead(5000)) {
        bytes += socket.readAll();
        const qsizetype end = bytes.indexOf("\r\n\r\n");
        if (end < 0)
            continue;
        const qsizetype lengthAt = bytes.toLower().indexOf("content-length:");
        const qint64 length
                = lengthAt < 0 || lengthAt > end
                          ? 0
                          : bytes.mid(lengthAt + 15, bytes.indexOf('\r', lengthAt) - lengthAt - 15)
                                    .trimmed()
                                    .toLongLong();
        if (bytes.size() >= end + 4 + length)
            break;
    }
    const qsizetype end = bytes.indexOf("\r\n\r\n");
    if (end < 0)
        return answer;
    answer.head = bytes.first(end);
    answer.body = bytes.sliced(end + 4);
    answer.status = bytes.split(' ').value(1).toInt();
    return answer;
}

QByteArray get(const QByteArray &target)
{
    return "GET " + target + " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer "
           + data::OwnerToken.toUtf8() + "\r\nConnection: close\r\n\r\n";
}

} // namespace

class TestServerFront : public QObject
{
    Q_OBJECT

private slots:
    void encodedSlashIsNotASeparator();
    void perAddressCapOption();
    void trustedProxyIsNotCapped();
};

void TestServerFront::encodedSlashIsNotASeparator()
{
    ServerProcess server;
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    td::test::TestHttpClient http(server.baseUrl());
    const QJsonObject body{{u"title"_s, u"Encoded slash"_s},
                           {u"description"_s, u"Steps: none."_s},
                           {u"request_type"_s, u"bug"_s},
                           {u"roles"_s, QJsonArray{u"frontend"_s}}};
    const auto created = http.post(u"/api/projects/"_s + data::WebProjectId + u"/tickets"_s, body,
                                   data::OwnerToken);
    QCOMPARE(created.status, 201);
    const QByteArray id = created.json().value(u"id"_s).toString().toUtf8();

    // The events route itself answers...
    RawAnswer answer = exchange(server.port(), get("/api/tickets/" + id + "/events"));
    QCOMPARE(answer.status, 200);
    // ...but "%2F" is one segment: a proxy rule on "/api/tickets/*/events" does not see this
    // request as that route, and neither does the server (a ticket "<id>/events": not found).
    answer = exchange(server.port(), get("/api/tickets/" + id + "%2Fevents"));
    QCOMPARE(answer.status, 404);
    QCOMPARE(answer.code(), u"not_found"_s);
    answer = exchange(server.port(), get("/api/tickets/" + id + "%2fevents"));
    QCOMPARE(answer.status, 404);
    answer = exchange(server.port(), get("/api%2Fme"));
    QCOMPARE(answer.status, 404);
    // Other percent-encodings inside a segment still decode (an encoded UUID letter).
    answer = exchange(server.port(),
                      get("/api/tickets/%" + QByteArray::number(id.at(0), 16) + id.mid(1)));
    QCOMPARE(answer.status, 200);
    QVERIFY(server.stop());
}

void TestServerFront::perAddressCapOption()
{
    ServerProcess server({u"--max-connections-per-address"_s, u"2"_s});
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));

    // Two idle connections from 127.0.0.1 hold its two slots...
    std::vector<std::unique_ptr<QTcpSocket>> held;
    for (int i = 0; i < 2; ++i) {
        held.push_back(std::make_unique<QTcpSocket>());
        held.back()->connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(held.back()->waitForConnected(5000));
    }
    // ...so a third from the same address is refused, however valid its request.
    RawAnswer answer = exchange(server.port(), get("/api/me"));
    QCOMPARE(answer.status, 503);
    QCOMPARE(answer.code(), u"overloaded"_s);
    QVERIFY(answer.head.contains("Retry-After: 1"));
    // Once one is given back, the address is served again.
    held.front()->disconnectFromHost();
    held.erase(held.begin());
    // (Evaluated until it passes, not once more after: each try is a connection of its own
    // that the server counts until it has seen it close.)
    int status = 0;
    for (int i = 0; i < 50 && status != 200; ++i) {
        if (i > 0)
            QTest::qWait(100);
        status = exchange(server.port(), get("/api/me")).status;
    }
    QCOMPARE(status, 200);

    // 0 switches the per-address cap off.
    server.setExtraServeArgs({u"--max-connections-per-address"_s, u"0"_s});
    QVERIFY2(server.restart(&error), qPrintable(error));
    held.clear();
    for (int i = 0; i < 4; ++i) {
        held.push_back(std::make_unique<QTcpSocket>());
        held.back()->connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(held.back()->waitForConnected(5000));
    }
    QCOMPARE(exchange(server.port(), get("/api/me")).status, 200);
    held.clear();
    QVERIFY(server.stop());
}

void TestServerFront::trustedProxyIsNotCapped()
{
    // Behind a reverse proxy every client arrives on the proxy's connections: the per-address
    // cap must not throttle the proxy (it limits per client itself).
    ServerProcess server(
            {u"--max-connections-per-address"_s, u"2"_s, u"--trusted-proxy"_s, u"127.0.0.1"_s});
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    std::vector<std::unique_ptr<QTcpSocket>> held;
    for (int i = 0; i < 4; ++i) {
        held.push_back(std::make_unique<QTcpSocket>());
        held.back()->connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(held.back()->waitForConnected(5000));
    }
    QCOMPARE(exchange(server.port(), get("/api/me")).status, 200);
    held.clear();
    QVERIFY(server.stop());
}

QTEST_GUILESS_MAIN(TestServerFront)
#include "tst_serverfront.moc"
