#include "e2esupport.h"
#include "support/fakenetworkaccessmanager.h"
#include "support/serverprocess.h"
#include "support/testdata.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace td;
using namespace td::e2e;
using namespace td::test;

namespace td {
inline char *toString(OutboxState state)
{
    return QTest::toString(toWire(state));
}
} // namespace td

// The desktop client's sync stack against the real triagedesk-server on 127.0.0.1.
class TestClientSync : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void fullThenDeltaSync();
    void offlineQueueLandsOnceWhenBackOnline();
    void lostCreateResponseMakesOneTicket();
    void killedWhileSendingMakesOneTicket();
    void staleTransitionBecomesConflict();
    void revokedTokenPausesWithRelinkHint_data();
    void revokedTokenPausesWithRelinkHint();

private:
    Ticket createDirect(const QString &title);

    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    QNetworkAccessManager m_network;
    std::unique_ptr<ApiClient> m_owner; // a second actor, straight to the server
};

void TestClientSync::initTestCase()
{
    if (ServerProcess::serverBinary().isEmpty())
        QSKIP("TRIAGEDESK_SERVER_BIN is not set and no server binary was built");
    m_server = std::make_unique<ServerProcess>(
            QStringList{u"--create-rate"_s, u"10000"_s, u"--request-rate"_s, u"100000"_s});
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    m_owner = std::make_unique<ApiClient>(&m_network, m_server->baseUrl(), testdata::OwnerToken);
}

void TestClientSync::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
}

void TestClientSync::cleanupTestCase()
{
    m_owner.reset();
    if (m_server)
        QVERIFY(m_server->stop());
}

Ticket TestClientSync::createDirect(const QString &title)
{
    const auto created = await<CreatedTicket>([&](auto done) {
        m_owner->createTicket(testdata::WebProjectId, createBody(title), {}, nullptr, done);
    });
    if (!created.ok())
        qWarning("create failed: %s", qPrintable(created.error().message));
    return created.ok() ? created.value().ticket : Ticket{};
}

void TestClientSync::fullThenDeltaSync()
{
    for (int i = 0; i < 25; ++i)
        QVERIFY(!createDirect(u"full sync %1"_s.arg(i)).id.isEmpty());
    const QList<Ticket> onServer = serverTickets(*m_owner);

    Client client(&m_network, m_server->baseUrl(), testdata::OwnerToken,
                  m_dir->filePath(u"owner-profile"_s));
    QCOMPARE(client.report.error, StoreError::None);
    client.engine->setOptions({.pageSize = 10, .baseRetryMs = 100});
    QVERIFY(client.syncAndWait());
    QCOMPARE(client.cache->count({}), qint64(onServer.size()));
    for (const Ticket &ticket : onServer)
        QCOMPARE(*client.cache->ticket(ticket.id), ticket);
    const qint64 cursor = client.cache->syncCursor().nextSince;
    QVERIFY(cursor > 0);

    const Ticket a = createDirect(u"delta a"_s);
    const Ticket b = createDirect(u"delta b"_s);
    const auto triaged = await<Ticket>([&](auto done) {
        m_owner->transition(onServer.first().id, TicketStatus::Triaged, {}, std::nullopt, nullptr,
                            done);
    });
    QVERIFY(triaged.ok());
    QSignalSpy news(client.engine, &SyncEngine::newTicketsArrived);
    QVERIFY(client.syncAndWait());
    QCOMPARE(news.size(), 1);
    QCOMPARE(news.first().first().toInt(), 2);
    QCOMPARE(*client.cache->ticket(a.id), a);
    QCOMPARE(*client.cache->ticket(b.id), b);
    QCOMPARE(client.cache->ticket(onServer.first().id)->status, TicketStatus::Triaged);
    QCOMPARE(client.cache->count({}), qint64(onServer.size() + 2));
    QVERIFY(client.cache->syncCursor().nextSince > cursor);
}

void TestClientSync::offlineQueueLandsOnceWhenBackOnline()
{
    const Ticket existing = createDirect(u"to be triaged offline"_s);
    Client client(&m_network, m_server->baseUrl(), testdata::OwnerToken,
                  m_dir->filePath(u"offline-profile"_s));
    QVERIFY(client.syncAndWait());
    const int version = client.cache->ticket(existing.id)->version;

    client.engine->setWorkOffline(true);
    const QString title = u"queued on a train %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    QVERIFY(client.outbox->enqueueCreate(testdata::WebProjectId, createBody(title)));
    QVERIFY(client.outbox->enqueueTransition(existing.id, TicketStatus::Triaged, {}, version));
    QTest::qWait(300);
    QCOMPARE(countTitled(serverTickets(*m_owner), title), 0);
    QCOMPARE(client.outbox->pendingCount().value(), 2);

    client.engine->setWorkOffline(false);
    QTRY_COMPARE_WITH_TIMEOUT(client.outbox->pendingCount().value(), 0, 15000);
    const QList<Ticket> after = serverTickets(*m_owner);
    QCOMPARE(countTitled(after, title), 1);
    const auto current
            = await<Ticket>([&](auto done) { m_owner->ticket(existing.id, nullptr, done); });
    QCOMPARE(current.value().status, TicketStatus::Triaged);
    QCOMPARE(current.value().version, version + 1);
    for (const OutboxItem &item : test::allOutboxItems(client.outbox))
        QCOMPARE(item.state, OutboxState::Sent);
    // Waking the engine again sends nothing twice.
    client.engine->processOutbox();
    QTest::qWait(300);
    QCOMPARE(countTitled(serverTickets(*m_owner), title), 1);
}

void TestClientSync::lostCreateResponseMakesOneTicket()
{
    ResponseDroppingNetworkAccessManager network;
    int drops = 0;
    network.setDropResponse([&](const FakeRequest &request) {
        return request.verb == "POST" && request.path().endsWith(u"/tickets"_s) && drops++ == 0;
    });
    Client client(&network, m_server->baseUrl(), testdata::OwnerToken,
                  m_dir->filePath(u"lost-profile"_s));
    const QString title = u"answer lost %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    const auto item = client.outbox->enqueueCreate(testdata::WebProjectId, createBody(title));
    QVERIFY(item);
    client.engine->start();
    QTRY_COMPARE_WITH_TIMEOUT(client.outbox->item(item->id).value()->state, OutboxState::Sent,
                              15000);
    QCOMPARE(network.dropped(), 1);
    QVERIFY(client.outbox->item(item->id).value()->attempts >= 2);
    const QList<Ticket> tickets = serverTickets(*m_owner);
    QCOMPARE(countTitled(tickets, title), 1);
    QCOMPARE(client.outbox->item(item->id).value()->serverTicket->title, title);
}

void TestClientSync::killedWhileSendingMakesOneTicket()
{
#ifndef OUTBOX_SENDER_BIN
    QSKIP("outbox_sender helper not built");
#else
    const QString cachePath = m_dir->filePath(u"killed-profile"_s);
    const QString title = u"sent as the app died %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    qint64 itemId = 0;
    {
        Client client(&m_network, m_server->baseUrl(), testdata::OwnerToken, cachePath);
        QVERIFY(client.ok());
        itemId = client.outbox->enqueueCreate(testdata::WebProjectId, createBody(title))->id;
    }
    const QStringList args{cachePath, m_server->baseUrl().toString(), testdata::OwnerToken};

    QProcess sender;
    sender.start(QStringLiteral(OUTBOX_SENDER_BIN), QStringList(args)
                                                            << u"--hang-after-delivery"_s);
    QVERIFY(sender.waitForStarted());
    QByteArray output;
    const bool delivered = QTest::qWaitFor(
            [&] {
                output += sender.readAllStandardOutput();
                return output.contains("DELIVERED") || sender.state() != QProcess::Running;
            },
            20000);
    QVERIFY2(delivered && output.contains("DELIVERED"),
             QByteArray(output + sender.readAllStandardError().right(2000)).constData());
    QCOMPARE(sender.state(), QProcess::Running);
    ::kill(pid_t(sender.processId()), SIGKILL);
    QVERIFY(sender.waitForFinished());
    QCOMPARE(sender.exitStatus(), QProcess::CrashExit);
    QCOMPARE(countTitled(serverTickets(*m_owner), title), 1); // the server did create it

    QProcess restarted;
    restarted.start(QStringLiteral(OUTBOX_SENDER_BIN), args);
    QVERIFY(restarted.waitForFinished(30000));
    QCOMPARE(restarted.exitCode(), 0);
    QVERIFY(restarted.readAllStandardOutput().contains("DONE"));

    QCOMPARE(countTitled(serverTickets(*m_owner), title), 1);
    Client client(&m_network, m_server->baseUrl(), testdata::OwnerToken, cachePath);
    QVERIFY(client.ok());
    const auto item = client.outbox->item(itemId).value();
    QCOMPARE(item->state, OutboxState::Sent);
    QCOMPARE(item->attempts, 2);
    QCOMPARE(item->serverTicket->title, title);
#endif
}

void TestClientSync::staleTransitionBecomesConflict()
{
    const Ticket ticket = createDirect(u"two owners at once"_s);
    Client client(&m_network, m_server->baseUrl(), testdata::OwnerToken,
                  m_dir->filePath(u"conflict-profile"_s));
    QVERIFY(client.syncAndWait());
    const int seenVersion = client.cache->ticket(ticket.id)->version;

    // Someone else moves it on while this client still shows the old version.
    const auto theirs = await<Ticket>([&](auto done) {
        m_owner->transition(ticket.id, TicketStatus::Triaged, {}, std::nullopt, nullptr, done);
    });
    QVERIFY(theirs.ok());

    const auto item = client.outbox->enqueueTransition(ticket.id, TicketStatus::Closed,
                                                       u"duplicate of #1"_s, seenVersion);
    client.engine->start();
    QTRY_COMPARE_WITH_TIMEOUT(client.outbox->item(item->id).value()->state, OutboxState::Conflict,
                              15000);
    const OutboxItem conflict = *client.outbox->item(item->id).value();
    QCOMPARE(conflict.lastError->code, ErrorCode::VersionConflict);
    QCOMPARE(conflict.serverTicket->version, theirs.value().version);
    QCOMPARE(conflict.serverTicket->status, TicketStatus::Triaged);
    const auto onServer
            = await<Ticket>([&](auto done) { m_owner->ticket(ticket.id, nullptr, done); });
    QCOMPARE(onServer.value().status, TicketStatus::Triaged); // our stale close did not land
}

void TestClientSync::revokedTokenPausesWithRelinkHint_data()
{
    QTest::addColumn<bool>("github");
    QTest::newRow("revoked") << false;
    QTest::newRow("github link expired") << true;
}

void TestClientSync::revokedTokenPausesWithRelinkHint()
{
    QFETCH(bool, github);
    const QString token = m_server->issueToken(testdata::OwnerId);
    QVERIFY(!token.isEmpty());
    Client client(&m_network, m_server->baseUrl(), token, m_dir->filePath(u"revoked-profile"_s));
    QVERIFY(client.syncAndWait());
    QVERIFY(m_server->revokeToken(token, github));

    QSignalSpy auth(client.engine, &SyncEngine::authProblem);
    const QString title = u"after revocation %1"_s.arg(github);
    const auto item = client.outbox->enqueueCreate(testdata::WebProjectId, createBody(title));
    QTRY_COMPARE_WITH_TIMEOUT(auth.size(), 1, 15000);
    QCOMPARE(auth.first().first().toBool(), github);
    QCOMPARE(client.engine->state(), SyncEngine::State::Paused);
    QCOMPARE(client.outbox->item(item->id).value()->state, OutboxState::Queued); // kept for later
    QCOMPARE(client.outbox->item(item->id).value()->lastError->httpStatus, 401);

    // Signing in again (a fresh token) resumes and delivers the queued work once.
    client.api->setToken(m_server->issueToken(testdata::OwnerId));
    client.engine->resume();
    QTRY_COMPARE_WITH_TIMEOUT(client.outbox->item(item->id).value()->state, OutboxState::Sent,
                              15000);
    QCOMPARE(countTitled(serverTickets(*m_owner), title), 1);
}

QTEST_MAIN(TestClientSync)
#include "tst_clientsync.moc"
