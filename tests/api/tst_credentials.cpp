#include "accounts/accountmanager.h"
#include "accounts/accountstore.h"
#include "accounts/credentialstore.h"
#include "support/fakenetworkaccessmanager.h"

#include <QJsonArray>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;
using namespace td;
using namespace td::test;

namespace td {
inline char *toString(CredentialError error)
{
    return QTest::toString(toName(error));
}
} // namespace td

namespace {

CredentialResult await(const std::function<void(CredentialStore::Callback)> &start,
                       int waitMs = 10000)
{
    std::optional<CredentialResult> result;
    start([&](const CredentialResult &r) { result = r; });
    (void)QTest::qWaitFor([&] { return result.has_value(); }, waitMs);
    if (!result)
        return {CredentialError::Other, {}, u"no answer"_s};
    return *result;
}

QJsonObject meBody(const QString &userId)
{
    return {{u"user"_s, QJsonObject{{u"id"_s, userId},
                                    {u"name"_s, u"Olive Owner"_s},
                                    {u"email"_s, u"olive@switchback.test"_s},
                                    {u"role"_s, u"owner"_s}}},
            {u"tenant"_s, QJsonObject{{u"slug"_s, u"switchback-engineering"_s},
                                      {u"name"_s, u"Switchback Engineering"_s}}},
            {u"projects"_s, QJsonArray{}}};
}

} // namespace

class TestCredentials : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void memoryStoreRoundTrip();
    void memoryStoreAnswersLaterNotInline();
    void keychainErrorMapping_data();
    void keychainErrorMapping();
    void realKeychainWriteReadDelete();
    void accountsPersistWithoutTokens();
    void signInStoresTokenAndAccount();
    void signInWithoutKeychainSavesNothing();
    void signInRejectedToken();
    void signInRefusesPlainHttpRemote();
};

void TestCredentials::memoryStoreRoundTrip()
{
    MemoryCredentialStore store;
    QCOMPARE(await([&](auto done) { store.readToken(u"a1"_s, nullptr, done); }).error,
             CredentialError::NotFound);
    QVERIFY(await([&](auto done) { store.writeToken(u"a1"_s, u"tok-1"_s, nullptr, done); }).ok());
    QVERIFY(await([&](auto done) { store.writeToken(u"a2"_s, u"tok-2"_s, nullptr, done); }).ok());
    const CredentialResult read
            = await([&](auto done) { store.readToken(u"a1"_s, nullptr, done); });
    QVERIFY(read.ok());
    QCOMPARE(read.token, u"tok-1"_s);
    QVERIFY(await([&](auto done) { store.deleteToken(u"a1"_s, nullptr, done); }).ok());
    QCOMPARE(await([&](auto done) { store.readToken(u"a1"_s, nullptr, done); }).error,
             CredentialError::NotFound);
    QCOMPARE(await([&](auto done) { store.readToken(u"a2"_s, nullptr, done); }).token, u"tok-2"_s);
}

void TestCredentials::memoryStoreAnswersLaterNotInline()
{
    MemoryCredentialStore store;
    bool called = false;
    store.writeToken(u"a"_s, u"t"_s, nullptr, [&](const CredentialResult &) { called = true; });
    QVERIFY(!called); // same contract as the keychain: callers may rely on it
    QTRY_VERIFY(called);

    auto context = std::make_unique<QObject>();
    bool late = false;
    store.readToken(u"a"_s, context.get(), [&](const CredentialResult &) { late = true; });
    context.reset();
    QTest::qWait(20);
    QVERIFY(!late);
}

void TestCredentials::keychainErrorMapping_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    QTest::addColumn<CredentialError>("expected");
    QTest::newRow("ok") << int(QKeychain::NoError) << QString() << CredentialError::None;
    QTest::newRow("not found") << int(QKeychain::EntryNotFound) << u"Entry not found"_s
                               << CredentialError::NotFound;
    QTest::newRow("no backend") << int(QKeychain::NoBackendAvailable) << QString()
                                << CredentialError::NoBackend;
    QTest::newRow("headless D-Bus autolaunch (error 7)")
            << int(QKeychain::OtherError) << u"Cannot autolaunch D-Bus without X11 $DISPLAY"_s
            << CredentialError::NoBackend;
    QTest::newRow("no secret service on the bus")
            << int(QKeychain::OtherError)
            << u"The name org.freedesktop.secrets was not provided by any .service files"_s
            << CredentialError::NoBackend;
    QTest::newRow("user refused") << int(QKeychain::AccessDeniedByUser) << QString()
                                  << CredentialError::AccessDenied;
    QTest::newRow("other") << int(QKeychain::OtherError) << u"Disk full"_s
                           << CredentialError::Other;
}

void TestCredentials::keychainErrorMapping()
{
    QFETCH(int, code);
    QFETCH(QString, message);
    QFETCH(CredentialError, expected);
    QCOMPARE(KeychainCredentialStore::mapError(code, message), expected);
}

void TestCredentials::realKeychainWriteReadDelete()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QSKIP("no D-Bus session bus: run under scripts/test.sh (dbus-run-session + gnome-keyring)");
    // A service name of our own, so a developer's real TriageDesk entries are never touched.
    KeychainCredentialStore store(nullptr, u"TriageDesk-test"_s);
    const QString account = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString token = u"tok-keychain-"_s + QUuid::createUuid().toString(QUuid::Id128);

    const CredentialResult written
            = await([&](auto done) { store.writeToken(account, token, nullptr, done); });
    if (written.error == CredentialError::NoBackend)
        QSKIP(qPrintable(u"session bus without a Secret Service: "_s + written.detail));
    QVERIFY2(written.ok(), qPrintable(written.detail));
    const CredentialResult read
            = await([&](auto done) { store.readToken(account, nullptr, done); });
    QVERIFY2(read.ok(), qPrintable(read.detail));
    QCOMPARE(read.token, token);
    QVERIFY(await([&](auto done) { store.deleteToken(account, nullptr, done); }).ok());
    QCOMPARE(await([&](auto done) { store.readToken(account, nullptr, done); }).error,
             CredentialError::NotFound);
}

void TestCredentials::accountsPersistWithoutTokens()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"settings.ini"_s);
    Account first;
    first.id = AccountStore::newAccountId();
    first.serverUrl = QUrl(u"https://tickets.example"_s);
    first.user = {u"u-olive"_s, u"Olive Owner"_s, u"olive@switchback.test"_s, u"owner"_s};
    first.tenant = {u"switchback-engineering"_s, u"Switchback Engineering"_s};
    first.addedAt = QDateTime(QDate(2026, 11, 1), QTime(8, 0), Qt::UTC);
    Account second = first;
    second.id = AccountStore::newAccountId();
    second.serverUrl = QUrl(u"https://other.example"_s);
    second.sessionOnlyToken = true;
    second.addedAt = first.addedAt.addDays(1);
    {
        QSettings settings(path, QSettings::IniFormat);
        AccountStore store(&settings);
        QSignalSpy changed(&store, &AccountStore::accountsChanged);
        store.save(second);
        store.save(first);
        QCOMPARE(changed.size(), 2);
    }
    QSettings settings(path, QSettings::IniFormat);
    AccountStore store(&settings);
    const QList<Account> accounts = store.accounts();
    QCOMPARE(accounts.size(), 2);
    QCOMPARE(accounts.at(0), first); // ordered by when they were added
    QCOMPARE(accounts.at(1), second);
    QCOMPARE(store.find(QUrl(u"https://tickets.example/"_s), u"u-olive"_s)->id, first.id);

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    QVERIFY(content.contains("olive@switchback.test"));

    QVERIFY(store.remove(first.id));
    QCOMPARE(store.accounts().size(), 1);
    QVERIFY(!store.remove(first.id));
}

void TestCredentials::signInStoresTokenAndAccount()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
    AccountStore accounts(&settings);
    MemoryCredentialStore keychain;
    MemoryCredentialStore session;
    FakeNetworkAccessManager network;
    network.setHandler([](const FakeRequest &request) -> std::optional<FakeScript> {
        if (request.header("Authorization") != "Bearer tok-olive")
            return errorScript(ErrorCode::Unauthenticated);
        return jsonScript(200, meBody(u"u-olive"_s));
    });
    AccountManager manager(&accounts, &keychain, &session, &network);

    std::optional<SignInResult> result;
    manager.signIn(QUrl(u"https://tickets.example/"_s), u"tok-olive"_s, TokenStorage::Keychain,
                   nullptr, [&](const SignInResult &r) { result = r; });
    QTRY_VERIFY(result.has_value());
    QVERIFY(result->ok());
    QCOMPARE(result->account->user.email, u"olive@switchback.test"_s);
    QCOMPARE(result->account->tenant.slug, u"switchback-engineering"_s);
    QCOMPARE(accounts.accounts().size(), 1);
    const CredentialResult stored
            = await([&](auto done) { keychain.readToken(result->account->id, nullptr, done); });
    QCOMPARE(stored.token, u"tok-olive"_s);
    QFile file(settings.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    QVERIFY(content.contains("olive@switchback.test"));
    QVERIFY2(!content.contains("tok-olive"), "the token must never reach the settings file");
    QCOMPARE(await([&](auto done) { session.readToken(result->account->id, nullptr, done); }).error,
             CredentialError::NotFound);

    // Signing in again as the same user on the same server updates, never duplicates.
    std::optional<SignInResult> again;
    manager.signIn(QUrl(u"https://tickets.example"_s), u"tok-olive"_s, TokenStorage::SessionOnly,
                   nullptr, [&](const SignInResult &r) { again = r; });
    QTRY_VERIFY(again.has_value());
    QVERIFY(again->ok());
    QCOMPARE(again->account->id, result->account->id);
    QVERIFY(again->account->sessionOnlyToken);
    QCOMPARE(accounts.accounts().size(), 1);
    const CredentialResult viaManager
            = await([&](auto done) { manager.token(*again->account, nullptr, done); });
    QCOMPARE(viaManager.token, u"tok-olive"_s);

    QVERIFY(await([&](auto done) { manager.remove(again->account->id, nullptr, done); }).ok());
    QVERIFY(accounts.accounts().isEmpty());
}

void TestCredentials::signInWithoutKeychainSavesNothing()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
    AccountStore accounts(&settings);
    MemoryCredentialStore keychain;
    keychain.setFailure(CredentialError::NoBackend);
    MemoryCredentialStore session;
    FakeNetworkAccessManager network;
    network.setHandler([](const FakeRequest &) { return jsonScript(200, meBody(u"u-carl"_s)); });
    AccountManager manager(&accounts, &keychain, &session, &network);

    std::optional<SignInResult> result;
    manager.signIn(QUrl(u"https://tickets.example"_s), u"tok"_s, TokenStorage::Keychain, nullptr,
                   [&](const SignInResult &r) { result = r; });
    QTRY_VERIFY(result.has_value());
    QVERIFY(!result->ok());
    QCOMPARE(result->credentialError, CredentialError::NoBackend);
    QVERIFY(!result->apiError.has_value());
    QVERIFY(accounts.accounts().isEmpty());

    // The offered fallback works: the token lives in memory and the account is marked so.
    result.reset();
    manager.signIn(QUrl(u"https://tickets.example"_s), u"tok"_s, TokenStorage::SessionOnly, nullptr,
                   [&](const SignInResult &r) { result = r; });
    QTRY_VERIFY(result.has_value());
    QVERIFY(result->ok());
    QVERIFY(accounts.accounts().first().sessionOnlyToken);
}

void TestCredentials::signInRejectedToken()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
    AccountStore accounts(&settings);
    MemoryCredentialStore keychain;
    MemoryCredentialStore session;
    FakeNetworkAccessManager network;
    network.setHandler([](const FakeRequest &) {
        return errorScript(ErrorCode::GithubLinkExpired, {{u"relinkGithub"_s, true}});
    });
    AccountManager manager(&accounts, &keychain, &session, &network);
    std::optional<SignInResult> result;
    manager.signIn(QUrl(u"https://tickets.example"_s), u"tok-old"_s, TokenStorage::Keychain,
                   nullptr, [&](const SignInResult &r) { result = r; });
    QTRY_VERIFY(result.has_value());
    QVERIFY(!result->ok());
    QCOMPARE(result->apiError->code, ErrorCode::GithubLinkExpired);
    QVERIFY(result->apiError->relinkGithub);
    QVERIFY(accounts.accounts().isEmpty());
    QCOMPARE(await([&](auto done) { keychain.readToken(u"any"_s, nullptr, done); }).error,
             CredentialError::NotFound);
}

void TestCredentials::signInRefusesPlainHttpRemote()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
    AccountStore accounts(&settings);
    MemoryCredentialStore keychain;
    MemoryCredentialStore session;
    FakeNetworkAccessManager network;
    AccountManager manager(&accounts, &keychain, &session, &network);
    std::optional<SignInResult> result;
    manager.signIn(QUrl(u"http://tickets.example"_s), u"tok"_s, TokenStorage::Keychain, nullptr,
                   [&](const SignInResult &r) { result = r; });
    QTRY_VERIFY(result.has_value());
    QCOMPARE(result->apiError->network, NetworkErrorKind::InsecureUrl);
    QVERIFY(network.requests().isEmpty()); // the token never left the machine
}

QTEST_MAIN(TestCredentials)
#include "tst_credentials.moc"
