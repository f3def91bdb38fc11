#include "commands.h"

#include "bootstrap.h"
#include "clock.h"
#include "demodata.h"
#include "postgresstorage.h"
#include "serverapp.h"
#include "signalwatcher.h"
#include "tokens.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QTemporaryDir>

#include <cstdio>

#include <termios.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace td::server {

namespace {

void out(const QString &line)
{
    std::fputs(line.toLocal8Bit().constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void err(const QString &line)
{
    std::fputs(line.toLocal8Bit().constData(), stderr);
    std::fputc('\n', stderr);
    std::fflush(stderr);
}

const QString usage = uR"(Usage: triagedesk-server COMMAND [options]

The reference TriageDesk ticket service.

Commands:
  serve       Run the HTTP API (--listen HOST:PORT --database sqlite:PATH)
  bootstrap   Load tenants, projects, users and tokens from a JSON file (idempotent)
  token       Issue or revoke a bearer token (token issue|revoke)
  demo        Run a server on a generated demo tenant and print its tokens

Run "triagedesk-server COMMAND --help" for the options of a command.)"_s;

QCommandLineOption databaseOption()
{
    return {u"database"_s, u"Database: sqlite:PATH (postgresql://... when built with it)."_s,
            u"spec"_s};
}

// `token revoke -`: the first line of standard input, without its line end or surrounding
// blanks (so `printf %s "$T" |`, `echo "$T" |` and a pasted line all work).
QString readTokenFromStdin()
{
    // Typed or pasted at a terminal: ask, and keep it off the screen and the scrollback.
    termios saved = {};
    const bool terminal = ::isatty(STDIN_FILENO) && ::tcgetattr(STDIN_FILENO, &saved) == 0;
    if (terminal) {
        std::fputs("token: ", stderr);
        std::fflush(stderr);
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    QFile input;
    QString line;
    if (input.open(stdin, QIODevice::ReadOnly)) {
        // A token is never longer than a line; bounded so a wrong pipe cannot exhaust memory.
        line = QString::fromUtf8(input.readLine(64 * 1024)).trimmed();
    }
    if (terminal) {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        std::fputc('\n', stderr);
    }
    return line;
}

// Opens the storage named by --database, or says why not.
std::unique_ptr<Storage> openStorage(const QString &spec,
                                     Durability durability = Durability::Normal)
{
    if (spec.isEmpty()) {
        err(u"error: --database is required (e.g. --database sqlite:/var/lib/triagedesk/db.sqlite)"_s);
        return nullptr;
    }
    QString error;
    std::unique_ptr<Storage> storage = createStorage(spec, &error);
    if (storage)
        storage->setDurability(durability);
    if (!storage || !storage->open(&error)) {
        err(u"error: "_s + error);
        return nullptr;
    }
    // New databases are created 0600; one made by an older version, or copied, may still be
    // readable by everyone. Its mode is the operator's to change, so say so instead.
    if (spec.startsWith(u"sqlite:")) {
        const QString path = spec.mid(7);
        constexpr QFile::Permissions others
                = QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther;
        if (QFile::exists(path) && (QFile::permissions(path) & others)) {
            err(u"warning: %1 can be read by other users (it holds every ticket and token "
                "hash): chmod 600 it and its -wal and -shm files"_s.arg(path));
        }
    }
    return storage;
}

struct ServeOptions
{
    QCommandLineOption listen{u"listen"_s, u"Address and port to listen on (port 0: any free)."_s,
                              u"host:port"_s};
    QCommandLineOption createRate{u"create-rate"_s,
                                  u"Ticket creates per minute per token or address (default 30, "
                                  "0 = unlimited)."_s,
                                  u"n"_s, u"30"_s};
    QCommandLineOption requestRate{u"request-rate"_s,
                                   u"Requests per minute per token or address (default 600, "
                                   "0 = unlimited)."_s,
                                   u"n"_s, u"600"_s};
    QCommandLineOption maxBody{u"max-body"_s, u"Largest request body in bytes (default 262144)."_s,
                               u"bytes"_s};
    QCommandLineOption maxHeader{u"max-header-bytes"_s,
                                 u"Largest request line + headers in bytes (default 16384)."_s,
                                 u"bytes"_s};
    QCommandLineOption maxConnections{u"max-connections"_s,
                                      u"Open connections before new ones get 503 (default 1024)."_s,
                                      u"n"_s};
    QCommandLineOption maxPerAddress{
            u"max-connections-per-address"_s,
            u"Open connections one client address (an IPv6 /64) may hold before its new ones get "
            "503 (default 64, 0 = no per-address cap)."_s,
            u"n"_s};
    QCommandLineOption requestTimeout{
            u"request-timeout"_s,
            u"Milliseconds a client has to send a whole request (default 10000)."_s, u"ms"_s};
    QCommandLineOption idleTimeout{u"idle-timeout"_s,
                                   u"Milliseconds an idle connection stays open (default 30000)."_s,
                                   u"ms"_s};
    QCommandLineOption noAccessLog{u"no-access-log"_s,
                                   u"Do not write one line per request to stderr."_s};
    QCommandLineOption trustedProxy{
            u"trusted-proxy"_s,
            u"A reverse proxy's address (repeatable): requests from it are counted against the "
            "client its X-Real-IP header names. Without it, every client behind a proxy shares "
            "one per-address budget."_s,
            u"address"_s};
    QCommandLineOption durability{
            u"durability"_s,
            u"normal (default): a commit survives a crash of the server; full: also an OS crash "
            "or power loss (SQLite synchronous=FULL, one fsync per group commit). PostgreSQL "
            "always flushes on commit."_s,
            u"normal|full"_s};

    void addTo(QCommandLineParser &parser, const QString &defaultListen)
    {
        listen.setDefaultValue(defaultListen);
        parser.addOptions({listen, createRate, requestRate, maxBody, maxHeader, maxConnections,
                           maxPerAddress, requestTimeout, idleTimeout, noAccessLog, trustedProxy,
                           durability});
    }

    bool read(const QCommandLineParser &parser, ServerOptions *options)
    {
        QString error;
        if (!parseListen(parser.value(listen), options, &error)) {
            err(u"error: "_s + error);
            return false;
        }
        auto number = [&](const QCommandLineOption &option, qint64 minimum, qint64 *value) {
            if (!parser.isSet(option))
                return true;
            bool ok = false;
            const qint64 n = parser.value(option).toLongLong(&ok);
            if (!ok || n < minimum || n > INT_MAX) {
                err(u"error: --%1 needs a whole number >= %2"_s.arg(option.names().constFirst())
                            .arg(minimum));
                return false;
            }
            *value = n;
            return true;
        };
        qint64 createPerMinute = 30, requestPerMinute = 600;
        qint64 body = options->limits.maxBodyBytes, head = options->limits.maxHeadBytes;
        qint64 perAddress = options->limits.maxConnectionsPerAddress;
        qint64 conns = options->limits.maxConnections, requestMs = options->limits.requestTimeoutMs,
               idleMs = options->limits.idleTimeoutMs;
        if (!number(createRate, 0, &createPerMinute) || !number(requestRate, 0, &requestPerMinute)
            || !number(maxBody, 1, &body) || !number(maxHeader, 256, &head)
            || !number(maxConnections, 1, &conns) || !number(maxPerAddress, 0, &perAddress)
            || !number(requestTimeout, 1, &requestMs) || !number(idleTimeout, 1, &idleMs))
            return false;
        options->service.createRatePerMinute = int(createPerMinute);
        options->service.requestRatePerMinute = int(requestPerMinute);
        options->limits.maxBodyBytes = body;
        options->limits.maxHeadBytes = int(head);
        options->limits.maxConnections = int(conns);
        options->limits.maxConnectionsPerAddress = int(perAddress);
        options->limits.requestTimeoutMs = int(requestMs);
        options->limits.idleTimeoutMs = int(idleMs);
        options->accessLog = !parser.isSet(noAccessLog);
        if (parser.isSet(durability)) {
            const QString value = parser.value(durability);
            if (value != u"normal" && value != u"full") {
                err(u"error: --durability is normal or full, not \"%1\""_s.arg(value));
                return false;
            }
            options->durability = value == u"full" ? Durability::Full : Durability::Normal;
        }
        for (const QString &value : parser.values(trustedProxy)) {
            for (const QString &item : value.split(u',', Qt::SkipEmptyParts)) {
                QHostAddress proxy;
                if (!proxy.setAddress(item.trimmed())) {
                    err(u"error: --trusted-proxy needs an IP address, not \"%1\""_s.arg(item));
                    return false;
                }
                options->service.trustedProxies.append(proxy);
            }
        }
        return true;
    }
};

// Runs `app` until SIGTERM/SIGINT, then lets requests in flight finish.
int runUntilSignalled(ServerApp &app, SignalWatcher &watcher)
{
    int received = 0;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, &app, [&](int) {
        if (++received == 1) {
            err(u"stopping: finishing requests in flight"_s);
            app.shutdown();
        } else {
            QCoreApplication::exit(1); // asked twice: stop now
        }
    });
    QObject::connect(&app, &ServerApp::stopped, &app, [] { QCoreApplication::exit(0); });
    const int code = QCoreApplication::exec();
    // How well group commit worked (the benchmarks read this line).
    if (const BatchWriter::Stats stats = app.writerStats(); stats.commits > 0) {
        err(u"writer: %1 writes in %2 commits (%3 per commit)"_s.arg(stats.items)
                    .arg(stats.commits)
                    .arg(double(stats.items) / double(stats.commits), 0, 'f', 1));
    }
    if (code == 0)
        err(u"stopped"_s);
    return code;
}

int serve(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Run the TriageDesk HTTP API."_s);
    parser.addHelpOption();
    const QCommandLineOption database = databaseOption();
    parser.addOption(database);
    // Never the password itself on the command line: `ps` shows it to every local user.
    const QCommandLineOption passwordFile{
            u"database-password-file"_s,
            u"PostgreSQL: read the password from the first line of FILE (else PGPASSWORD)."_s,
            u"file"_s};
    parser.addOption(passwordFile);
    ServeOptions serveOptions;
    serveOptions.addTo(parser, u"127.0.0.1:8080"_s);
    parser.process(arguments);

    ServerOptions options;
    if (!serveOptions.read(parser, &options))
        return 2;
    http::raiseOpenFileLimit();
    std::unique_ptr<Storage> storage
            = openStorage(parser.isSet(passwordFile) ? PostgresConfig::withPasswordFile(
                                  parser.value(database), parser.value(passwordFile))
                                                     : parser.value(database),
                          options.durability);
    if (!storage)
        return 1;
    // Signals are caught before anyone can learn the address, so a SIGTERM right after the
    // "listening on" line is already a clean stop.
    SignalWatcher watcher;
    ServerApp app;
    QString error;
    if (!app.start(std::move(storage), options, &error)) {
        err(u"error: "_s + error);
        return 1;
    }
    out(u"listening on "_s + app.baseUrl().toString());
    return runUntilSignalled(app, watcher);
}

int bootstrap(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
            u"Load tenants, projects, users and tokens from FILE.json. Running it again with the "
            "same file changes nothing; tokens are only ever added."_s);
    parser.addHelpOption();
    const QCommandLineOption database = databaseOption();
    parser.addOption(database);
    parser.addPositionalArgument(u"file"_s, u"The bootstrap JSON file."_s, u"FILE.json"_s);
    parser.process(arguments);
    if (parser.positionalArguments().size() != 1) {
        err(u"error: give exactly one bootstrap file"_s);
        return 2;
    }
    QFile file(parser.positionalArguments().constFirst());
    if (!file.open(QIODevice::ReadOnly)) {
        err(u"error: cannot read %1: %2"_s.arg(file.fileName(), file.errorString()));
        return 1;
    }
    QString error;
    QStringList warnings;
    const auto tenants = parseBootstrap(file.readAll(), &error, &warnings);
    if (!tenants) {
        err(u"error: %1: %2"_s.arg(file.fileName(), error));
        return 1;
    }
    for (const QString &warning : std::as_const(warnings))
        err(u"warning: %1: %2"_s.arg(file.fileName(), warning));
    std::unique_ptr<Storage> storage = openStorage(parser.value(database));
    if (!storage)
        return 1;
    try {
        const BootstrapReport report = storage->applyBootstrap(*tenants);
        out(u"bootstrap: %1 tenant(s); %2 row(s) created, %3 updated"_s.arg(tenants->size())
                    .arg(report.created)
                    .arg(report.updated));
    } catch (const StorageError &e) {
        err(u"error: bootstrap failed: "_s + QString::fromStdString(e.what()));
        return 1;
    }
    return 0;
}

int token(const QStringList &arguments)
{
    const QString action = arguments.value(1);
    QStringList rest = arguments;
    if (!rest.isEmpty() && rest.size() > 1)
        rest.removeAt(1);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption database = databaseOption();
    parser.addOption(database);
    if (action == u"issue") {
        parser.setApplicationDescription(u"Issue a new bearer token for a user. The token is "
                                         u"printed once, as the last line; "
                                         "only its hash is stored."_s);
        const QCommandLineOption user(u"user"_s, u"The user id, e.g. u-olive."_s, u"id"_s);
        parser.addOption(user);
        parser.process(rest);
        if (!parser.isSet(user)) {
            err(u"error: --user is required"_s);
            return 2;
        }
        std::unique_ptr<Storage> storage = openStorage(parser.value(database));
        if (!storage)
            return 1;
        try {
            const auto record = storage->user(parser.value(user));
            if (!record) {
                err(u"error: no user "_s + parser.value(user));
                return 1;
            }
            const QString tokenText = generateToken();
            storage->addToken(record->id, hashToken(tokenText), SystemClock().nowMs());
            out(u"New token for %1 (%2, %3); it is shown only this once:"_s.arg(
                    record->id, record->name, record->tenant));
            out(tokenText);
        } catch (const StorageError &e) {
            err(u"error: "_s + QString::fromStdString(e.what()));
            return 1;
        }
        return 0;
    }
    if (action == u"revoke") {
        parser.setApplicationDescription(u"Revoke a token. Calls with it then get 401 "
                                         u"token_revoked, or with --reason github "
                                         "401 github_link_expired (relinkGithub: true)."_s);
        const QCommandLineOption reason(u"reason"_s, u"Why: revoked (default) or github."_s,
                                        u"reason"_s, u"revoked"_s);
        parser.addOption(reason);
        parser.addPositionalArgument(
                u"token"_s,
                u"The token to revoke, or - to read it from standard input (keeps it out of the "
                "process list and the shell history)."_s,
                u"TOKEN"_s);
        parser.process(rest);
        if (parser.positionalArguments().size() != 1) {
            err(u"error: give exactly one token"_s);
            return 2;
        }
        const QString why = parser.value(reason);
        if (why != u"revoked" && why != u"github") {
            err(u"error: --reason must be revoked or github"_s);
            return 2;
        }
        QString tokenText = parser.positionalArguments().constFirst();
        if (tokenText == u"-") {
            tokenText = readTokenFromStdin();
            if (tokenText.isEmpty()) {
                err(u"error: no token on standard input"_s);
                return 2;
            }
        }
        std::unique_ptr<Storage> storage = openStorage(parser.value(database));
        if (!storage)
            return 1;
        try {
            const bool found = storage->revokeToken(hashToken(tokenText),
                                                    why == u"github" ? TokenState::GithubLinkExpired
                                                                     : TokenState::Revoked,
                                                    SystemClock().nowMs());
            if (!found) {
                err(u"error: no such token"_s);
                return 1;
            }
            out(u"token revoked"_s);
        } catch (const StorageError &e) {
            err(u"error: "_s + QString::fromStdString(e.what()));
            return 1;
        }
        return 0;
    }
    parser.setApplicationDescription(u"token issue --database ... --user ID\n"
                                     "token revoke --database ... [--reason github] TOKEN|-"_s);
    if (arguments.contains(u"--help"_s) || arguments.contains(u"-h"_s)) {
        out(parser.helpText());
        return 0;
    }
    err(u"error: use \"token issue\" or \"token revoke\" (see --help)"_s);
    return 2;
}

int demo(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
            u"Run a server on a generated demo tenant (three projects, a few hundred tickets) and "
            "print an owner and a client token. Without --database the data lives in a temporary "
            "file removed at exit; with one, the same tokens work every time."_s);
    parser.addHelpOption();
    const QCommandLineOption database = databaseOption();
    parser.addOption(database);
    ServeOptions serveOptions;
    serveOptions.addTo(parser, u"127.0.0.1:8080"_s);
    parser.process(arguments);

    ServerOptions options;
    if (!serveOptions.read(parser, &options))
        return 2;
    http::raiseOpenFileLimit();
    QTemporaryDir temporary;
    QString spec = parser.value(database);
    if (spec.isEmpty())
        spec = u"sqlite:"_s + temporary.filePath(u"demo.sqlite"_s);
    std::unique_ptr<Storage> storage = openStorage(spec, options.durability);
    if (!storage)
        return 1;
    QString error;
    const auto info = ensureDemoData(*storage, SystemClock().nowMs(), &error);
    if (!info) {
        err(u"error: cannot create the demo data: "_s + error);
        return 1;
    }
    SignalWatcher watcher;
    ServerApp app;
    if (!app.start(std::move(storage), options, &error)) {
        err(u"error: "_s + error);
        return 1;
    }
    out(u"demo tenant:  %1 (%2)"_s.arg(info->tenantSlug, info->tenantName));
    out(u"project:      "_s + info->projectId);
    out(u"owner token:  "_s + info->ownerToken);
    out(u"client token: "_s + info->clientToken);
    out(u"listening on "_s + app.baseUrl().toString());
    return runUntilSignalled(app, watcher);
}

} // namespace

int runCommandLine(const QStringList &arguments)
{
    const QString command = arguments.value(1);
    if (command.isEmpty()) {
        err(usage);
        return 2;
    }
    if (command == u"--help" || command == u"-h" || command == u"help") {
        out(usage);
        return 0;
    }
    if (command == u"--version") {
        out(u"triagedesk-server "_s + QCoreApplication::applicationVersion());
        return 0;
    }
    // The sub-parser sees "triagedesk-server COMMAND" as its program name.
    QStringList rest = arguments.mid(2);
    rest.prepend(arguments.value(0) + u' ' + command);
    if (command == u"serve")
        return serve(rest);
    if (command == u"bootstrap")
        return bootstrap(rest);
    if (command == u"token")
        return token(rest);
    if (command == u"demo")
        return demo(rest);
    err(u"error: unknown command \"%1\"\n\n"_s.arg(command) + usage);
    return 2;
}

} // namespace td::server
