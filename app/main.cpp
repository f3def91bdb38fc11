// The composition root: the only place that chooses concrete classes.
#include "accounts/accountmanager.h"
#include "accounts/accountstore.h"
#include "accounts/credentialstore.h"
#include "server/embeddedserver.h"
#include "session/sessionfactory.h"
#include "store/privatefiles.h"
#include "ui/connectdialog.h"
#include "ui/mainwindow.h"
#include "ui/translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QStandardPaths>

#include <cstdio>
#include <memory>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

using namespace Qt::StringLiterals;

namespace {

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

#ifdef Q_OS_UNIX
    // Everything the app writes (settings, caches and their WAL files, drafts, the demo
    // database with the secret its tokens derive from) is readable by this user only.
    umask(0077);
#endif
    const QString profileDir
            = parser.isSet(profile)
                      ? QDir(parser.value(profile)).absolutePath()
                      : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    // Caches, drafts and the demo database are the user's only (folder 0700, files 0600),
    // also in a profile an older version left readable to others.
    const td::Status privateProfile = td::makeProfilePrivate(profileDir);
    if (!privateProfile) {
        std::fprintf(stderr, "triagedesk: cannot create the profile folder %s: %s\n",
                     qPrintable(profileDir), qPrintable(privateProfile.error().message));
        return 1;
    }
    const QString settingsPath = profileDir + u"/settings.ini"_s;
    if (const td::Status settingsFile = td::ensurePrivateFile(settingsPath); !settingsFile)
        std::fprintf(stderr, "triagedesk: %s\n", qPrintable(settingsFile.error().message));
    QSettings settings(settingsPath, QSettings::IniFormat);
    QNetworkAccessManager network;
    td::AccountStore accounts(&settings);
    td::KeychainCredentialStore keychain;
    td::MemoryCredentialStore sessionTokens;
    td::AccountManager manager(&accounts, &keychain, &sessionTokens, &network);

    td::SessionParts parts;
    parts.network = &network;
    parts.accounts = &manager;
    parts.profileDir = profileDir;
    parts.demoOwnerId = QLatin1StringView(td::SessionFactory::DemoOwnerId);
    parts.demoClientId = QLatin1StringView(td::SessionFactory::DemoClientId);
    td::SessionFactory factory(parts);

    // The demo server runs in this process, its database kept in the profile (the same
    // tokens and tickets every start); it outlives every session that talks to it.
    std::unique_ptr<td::server::EmbeddedServer> demoServer;
    const td::DemoStarter demoStarter = [&]() -> td::Result<td::DemoLogin> {
        if (!demoServer) {
            auto server = std::make_unique<td::server::EmbeddedServer>();
            QString error;
            if (!server->start(profileDir + u"/demo-server.sqlite"_s, &error))
                return td::Error::fromStore(td::StoreError::CannotOpen, error);
            demoServer = std::move(server);
        }
        const td::server::DemoAccount account = demoServer->account();
        return td::DemoLogin{account.baseUrl, account.ownerToken, account.clientToken};
    };

    td::MainWindow window(&settings);
    window.setSessionFactory(&factory);
    window.setDemoStarter(demoStarter);

    QString first;
    if (parser.isSet(demo)) {
        const td::Result<td::DemoLogin> login = demoStarter();
        const td::Status signedIn = login ? factory.signInDemo(login.value()) : login.error();
        if (!signedIn) {
            std::fprintf(stderr, "triagedesk: the demo server did not start: %s\n",
                         qPrintable(signedIn.error().message));
            return 1;
        }
        first = parts.demoOwnerId;
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
    td::Result<std::unique_ptr<td::AccountSession>> opened = factory.open(first);
    if (opened) {
        window.setSession(std::move(opened).value());
    } else {
        QMessageBox::critical(nullptr, QApplication::translate("main", "TriageDesk"),
                              QApplication::translate("main", "The local cache cannot be opened "
                                                              "(%1).")
                                      .arg(td::describeProblem(opened.error())));
    }
    window.show();
    const int code = app.exec();
    // The window's session (cache, sync) goes before the server it talks to.
    window.setSession(nullptr);
    demoServer.reset();
    return code;
}
