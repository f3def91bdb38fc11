#include "accounts/accountmanager.h"
#include "e2esupport.h"
#include "support/serverprocess.h"
#include "support/testdata.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;
using namespace td;
using namespace td::e2e;
using namespace td::test;

// The user's story end to end, as the app's composition root wires it: a fresh account signs
// in to a running server, syncs, goes offline, queues a ticket, comes back, and the ticket
// exists on the server exactly once.
class TestOfflineRoundtrip : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundtrip();
};

void TestOfflineRoundtrip::roundtrip()
{
    if (ServerProcess::serverBinary().isEmpty())
        QSKIP("TRIAGEDESK_SERVER_BIN is not set and no server binary was built");
    ServerProcess server;
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    QNetworkAccessManager network;
    QTemporaryDir dir;

    // Something to sync: two tickets Carl filed earlier from the portal.
    ApiClient portal(&network, server.baseUrl(), testdata::ClientToken);
    for (const QString &title : {u"earlier one"_s, u"earlier two"_s}) {
        QVERIFY(await<CreatedTicket>([&](auto done) {
                    portal.createTicket(testdata::WebProjectId, createBody(title), {}, nullptr,
                                        done);
                }).ok());
    }

    // Sign in: the token is checked against /api/me and stored; the account is recorded.
    QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    AccountStore accounts(&settings);
    MemoryCredentialStore keychain;
    MemoryCredentialStore session;
    AccountManager manager(&accounts, &keychain, &session, &network);
    std::optional<SignInResult> signedIn;
    manager.signIn(server.baseUrl(), testdata::ClientToken, TokenStorage::Keychain, nullptr,
                   [&](const SignInResult &result) { signedIn = result; });
    QTRY_VERIFY_WITH_TIMEOUT(signedIn.has_value(), 15000);
    QVERIFY(signedIn->ok());
    QCOMPARE(signedIn->account->user.email, testdata::ClientEmail);
    std::optional<CredentialResult> token;
    manager.token(*signedIn->account, nullptr, [&](const CredentialResult &r) { token = r; });
    QTRY_VERIFY(token.has_value());
    QVERIFY(token->ok());

    Client client(&network, signedIn->account->serverUrl, token->token,
                  dir.filePath(signedIn->account->id + u"-profile"_s));
    QCOMPARE(client.report.error, StoreError::None);
    QVERIFY(client.syncAndWait());
    QCOMPARE(client.cache->count({}), 2);

    QSignalSpy states(client.engine, &SyncEngine::stateChanged);
    client.engine->setWorkOffline(true);
    QCOMPARE(client.engine->state(), SyncEngine::State::Offline);
    const QString title = u"written offline"_s;
    QVERIFY(client.outbox->enqueueCreate(testdata::WebProjectId, createBody(title)));
    QTest::qWait(200);
    QCOMPARE(countTitled(serverTickets(portal), title), 0);

    client.engine->setWorkOffline(false);
    QTRY_COMPARE_WITH_TIMEOUT(client.outbox->pendingCount().value(), 0, 15000);
    QCOMPARE(countTitled(serverTickets(portal), title), 1);
    QVERIFY(client.syncAndWait());
    QCOMPARE(client.cache->count({}), 3);
    QCOMPARE(client.engine->state(), SyncEngine::State::Online);
    QVERIFY(server.stop());
}

QTEST_MAIN(TestOfflineRoundtrip)
#include "tst_offline_roundtrip.moc"
