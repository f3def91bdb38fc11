#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace td::test {

// Result of running the server binary once as a command (bootstrap, token issue, ...).
struct CommandResult
{
    int exitCode = -1; // -1: crashed or timed out
    QByteArray standardOutput;
    QByteArray standardError;
    // Last non-empty line of stdout, trimmed (where `token issue` prints the token).
    QString lastLine() const;
};

// Starts the real `triagedesk-server` ($TRIAGEDESK_SERVER_BIN) on 127.0.0.1 port 0 with a
// fresh database in a temporary folder, bootstrapped with the standard test tenants of
// testdata.h. restart() keeps the database; stop() sends SIGTERM like an operator would.
class ServerProcess
{
public:
    // extraServeArgs go to `serve`, e.g. {"--create-rate", "5"}.
    explicit ServerProcess(QStringList extraServeArgs = {});
    ~ServerProcess(); // stops the server if it still runs

    // Bootstraps the database (first call only) and starts serving. On failure returns false
    // and says why (including the server's stderr).
    bool start(QString *error = nullptr);
    // SIGTERM, wait for a clean exit (code 0). False when it had to be killed or failed.
    bool stop(int timeoutMs = 15'000);
    // stop() then start() on the same database, on the same port when it is still free.
    bool restart(QString *error = nullptr);
    bool isRunning() const;

    QUrl baseUrl() const { return m_baseUrl; }
    quint16 port() const { return quint16(m_baseUrl.port()); }
    QString databasePath() const;
    QString databaseSpec() const; // "sqlite:/tmp/.../server.db"
    QString directory() const;    // the temporary folder, removed with this object
    qint64 pid() const;
    QProcess *process() { return m_process.get(); }
    int lastExitCode() const { return m_lastExitCode; }
    // Everything the server wrote to stderr so far (access log, errors), all runs.
    QByteArray serverLog() const;

    void setExtraServeArgs(const QStringList &args) { m_extraArgs = args; }
    // Lets the test move the server's clock (through TRIAGEDESK_TEST_CLOCK_FILE, read by the
    // server on every request). Call before start().
    void useTestClock();
    // Moves the server's clock forward by `ms` (cumulative); takes effect on the next request.
    void advanceClock(qint64 ms);
    // Serve from this database instead of the temporary SQLite file, e.g. a PostgreSQL URL
    // (tests/postgres); bootstrap and token commands then use it too.
    void setDatabaseSpec(const QString &spec) { m_databaseSpec = spec; }
    // Runs the server binary with `arguments` (e.g. {"token", "issue", "--database", ...})
    // and waits for it to exit.
    static CommandResult runCommand(const QStringList &arguments, int timeoutMs = 30'000);
    // Convenience: `token issue --database <this db> --user userId`; the token or empty.
    QString issueToken(const QString &userId);
    // `token revoke --database <this db> [--reason github] token`; true on exit code 0.
    bool revokeToken(const QString &token, bool github = false);

    static QString serverBinary();

private:
    bool bootstrap(QString *error);
    bool launch(quint16 port, QString *error);

    QStringList m_extraArgs;
    QString m_databaseSpec; // empty: sqlite in m_dir
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_process;
    QUrl m_baseUrl;
    bool m_bootstrapped = false;
    bool m_testClock = false;
    qint64 m_clockOffsetMs = 0;
    int m_lastExitCode = -1;
};

} // namespace td::test
