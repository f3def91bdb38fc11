// The composition root: the only place that chooses concrete classes.
#include "accounts/accountmanager.h"
#include "accounts/accountstore.h"
#include "accounts/credentialstore.h"
#include "api/apiclient.h"
#include "server/embeddedserver.h"
#include "store/cachedatabase.h"
#include "store/outbox.h"
#include "store/ticketcache.h"
#include "sync/syncengine.h"
#include "ui/connectdialog.h"
#include "ui/mainwindow.h"
#include "ui/translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QEventLoop>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

// Demo accounts have fixed local ids: the embedded server's port changes every start, but
// its database (and so the tokens and tickets) persists in the profile, so the cache should.
const QString DemoOwnerId = u"demo-owner"_s;
const QString DemoClientId = u"demo-client"_s;

struct Composition
{
    QString profileDir;
    QSettings *settings = nullptr;
    QNetworkAccessManager *network = nullptr;
    td::AccountStore *accounts = nullptr;
    td::CredentialStore *keychain = nullptr;
    td::MemoryCredentialStore *sessionTokens = nullptr;
    td::AccountManager *manager = nullptr;
    std::unique_ptr<td::server::EmbeddedServer> demoServer;
    std::optional<td::server::DemoAccount> demoAccount;
};

std::optional<td::server::DemoAccount> startDemo(Composition &c, QString *error)
{
    if (c.demoAccount)
        return c.demoAccount;
    c.demoServer = std::make_unique<td::server::EmbeddedServer>();
    if (!c.demoServer->start(c.profileDir + u"/demo-server.sqlite"_s, error)) {
        c.demoServer.reset();
        return std::nullopt;
    }
    c.demoAccount = c.demoServer->account();
    return c.demoAccount;
}

// Signs a demo user in under a fixed account id; the token stays in memory (the demo
// database hands it out again at every start).
bool signInDemoUser(Composition &c, const QString &accountId, const QString &token, QString *error)
{
    td::ApiClient client(c.network, c.demoAccount->baseUrl, token);
    QEventLoop loop;
    std::optional<td::Result<td::MeInfo>> answer;
    client.me(&loop, [&](const td::Result<td::MeInfo> &result) {
        answer = result;
        loop.quit();
    });
    QTimer::singleShot(20'000, &loop, &QEventLoop::quit);
    loop.exec();
    if (!answer || !answer->ok()) {
        *error = answer ? answer->error().message : u"timeout"_s;
        return false;
    }
    td::Account account = c.accounts->account(accountId).value_or(td::Account{});
    account.id = accountId;
    account.serverUrl = c.demoAccount->baseUrl;
    account.user = answer->value().user;
    account.tenant = answer->value().tenant;
    account.sessionOnlyToken = true;
    account.paused = false;
    if (!account.addedAt.isValid())
        account.addedAt = QDateTime::currentDateTimeUtc();
    c.accounts->save(account);
    c.sessionTokens->writeToken(accountId, token, nullptr, [](const td::CredentialResult &) {});
    return true;
}

std::unique_ptr<td::AccountSession> openSession(Composition &c, const QString &accountId)
{
    const auto account = c.accounts->account(accountId);
    if (!account)
        return nullptr;
    auto s = std::make_unique<td::AccountSession>();
    s->account = *account;
    s->demo = accountId == DemoOwnerId || accountId == DemoClientId;
    s->owner = std::make_unique<QObject>();
    s->database = new td::CacheDatabase(s->owner.get());
    const td::OpenReport report
            = s->database->open(c.profileDir + u"/cache-"_s + accountId + u".sqlite"_s);
    if (report.error != td::StoreError::None) {
        QMessageBox::critical(nullptr, QApplication::translate("main", "TriageDesk"),
                              QApplication::translate("main", "The local cache cannot be opened "
                                                              "(%1).")
                                      .arg(td::toWire(report.error)));
        return nullptr;
    }
    s->cache = new td::TicketCache(s->database, s->owner.get());
    s->outbox = new td::Outbox(s->database, s->owner.get());
    // The token arrives asynchronously (a keychain may ask the user); the window works from
    // the cache meanwhile.
    s->api = new td::ApiClient(c.network, account->serverUrl, QString(), s->owner.get());
    s->sync = new td::SyncEngine(s->api, s->cache, s->outbox, s->owner.get());
    // The sync stores pages on the UI thread: smaller pages keep each pause short while a
    // large first sync runs (bench_ui measures it).
    td::SyncEngine::Options options;
    options.pageSize = 200;
    s->sync->setOptions(options);
    // The platform's idea of "online" says nothing about a server on this machine (the demo).
    const QString host = account->serverUrl.host();
    if (host != u"127.0.0.1"_s && host != u"localhost"_s && host != u"::1"_s)
        s->sync->watchSystemNetwork();
    QPointer<td::ApiClient> api = s->api;
    QPointer<td::SyncEngine> sync = s->sync;
    c.manager->token(*account, s->sync, [api, sync](const td::CredentialResult &result) {
        if (!result.ok() || !api || !sync) {
            qWarning("no token for this account: %s", qPrintable(td::toName(result.error)));
            return;
        }
        api->setToken(result.token);
        sync->resume();
    });
    c.settings->setValue(u"lastAccount"_s, accountId);
    return s;
}

void describeApp()
{
    QCoreApplication::setApplicationName(u"triagedesk"_s);
    QCoreApplication::setOrganizationName(u"TriageDesk"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(TRIAGEDESK_VERSION));
    // Ties windows (the Wayland app id) and desktop notifications to the installed .desktop
    // file, so the desktop shows the app's name and icon for them.
    QGuiApplication::setDesktopFileName(u"io.github.triagedesk.TriageDesk"_s);
}

struct Options
{
    QCommandLineOption demo{
            u"demo"_s, QCoreApplication::translate("main", "Start on the embedded demo server, "
                                                           "signed in as its owner.")};
    QCommandLineOption profile{
            u"profile"_s,
            QCoreApplication::translate("main",
                                        "Keep caches, settings and the demo database in DIR."),
            u"DIR"_s};

    void addTo(QCommandLineParser &parser) const
    {
        parser.setApplicationDescription(QCoreApplication::translate(
                "main", "Ticket triage for project owners and clients."));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOption(demo);
        parser.addOption(profile);
    }
};

} // namespace

int main(int argc, char *argv[])
{
    // --help and --version must work without a display (scripts, packaging checks), so they
    // are answered before a GUI application exists.
    for (int i = 1; i < argc; ++i) {
        const QByteArrayView arg(argv[i]);
        if (arg == "-h" || arg == "--help" || arg == "-?" || arg == "--help-all" || arg == "-v"
            || arg == "--version") {
            QCoreApplication core(argc, argv);
            describeApp();
            QCommandLineParser parser;
            Options options;
            options.addTo(parser);
            parser.process(core); // prints and exits
            return 0;
        }
    }

    QApplication app(argc, argv);
    describeApp();
    QApplication::setApplicationDisplayName(u"TriageDesk"_s);
    td::installTranslations(app);

    QCommandLineParser parser;
    Options options;
    options.addTo(parser);
    parser.process(app);
    const QCommandLineOption &demo = options.demo;
    const QCommandLineOption &profile = options.profile;

    Composition c;
    c.profileDir = parser.isSet(profile)
                           ? QDir(parser.value(profile)).absolutePath()
                           : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (!QDir().mkpath(c.profileDir)) {
        std::fprintf(stderr, "triagedesk: cannot create the profile folder %s\n",
                     qPrintable(c.profileDir));
        return 1;
    }
    QSettings settings(c.profileDir + u"/settings.ini"_s, QSettings::IniFormat);
    QNetworkAccessManager network;
    td::AccountStore accounts(&settings);
    td::KeychainCredentialStore keychain;
    td::MemoryCredentialStore sessionTokens;
    td::AccountManager manager(&accounts, &keychain, &sessionTokens, &network);
    c.settings = &settings;
    c.network = &network;
    c.accounts = &accounts;
    c.keychain = &keychain;
    c.sessionTokens = &sessionTokens;
    c.manager = &manager;

    td::MainWindow window(&settings);
    window.setSessionFactory([&c](const QString &id) { return openSession(c, id); });
    const td::ConnectDialog::DemoStarter demoStarter
            = [&c](QString *error) { return startDemo(c, error); };
    window.setAccountManager(&manager, demoStarter);

    QString first;
    if (parser.isSet(demo)) {
        QString error;
        if (!startDemo(c, &error)
            || !signInDemoUser(c, DemoOwnerId, c.demoAccount->ownerToken, &error)
            || !signInDemoUser(c, DemoClientId, c.demoAccount->clientToken, &error)) {
            std::fprintf(stderr, "triagedesk: the demo server did not start: %s\n",
                         qPrintable(error));
            return 1;
        }
        window.setDemoAccounts(DemoOwnerId, DemoClientId);
        first = DemoOwnerId;
    } else {
        first = settings.value(u"lastAccount"_s).toString();
        if (!accounts.account(first)) {
            const QList<td::Account> all = accounts.accounts();
            first = all.isEmpty() ? QString() : all.first().id;
        }
        if (first.isEmpty()) {
            td::ConnectDialog connect(&manager);
            connect.setDemoStarter(demoStarter);
            if (connect.exec() != QDialog::Accepted || !connect.account())
                return 0;
            first = connect.account()->id;
        }
    }
    window.setSession(openSession(c, first));
    window.show();
    const int code = app.exec();
    // The window's session (cache, sync) goes before the server it talks to.
    window.setSession(nullptr);
    c.demoServer.reset();
    return code;
}
