#pragma once

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace td::test {

// A throwaway PostgreSQL 15 cluster for tests and benchmarks: initdb in a temporary folder,
// listening on 127.0.0.1 and a free port only, unix socket in the same folder, fsync on,
// password authentication (scram) for the "triagedesk" role. PostgreSQL refuses to run as
// root, so when the test runs as root the server processes run as the `postgres` system user.
class PgCluster
{
public:
    PgCluster();
    ~PgCluster(); // stops the cluster if it runs

    // Why this machine cannot run one (binaries missing), or empty when it can.
    static QString unavailableReason();

    bool start(QString *error);
    // mode: "fast" (clean shutdown) or "immediate" (like a crash, recovery on next start).
    bool stop(const QString &mode = QStringLiteral("fast"));
    bool isRunning() const { return m_running; }

    // Creates an empty database owned by the test role; false with a reason on failure.
    bool createDatabase(const QString &name, QString *error);
    bool dropDatabase(const QString &name, QString *error);
    // "postgresql://triagedesk@127.0.0.1:PORT/NAME" (no password: see passwordFile()).
    QString databaseSpec(const QString &name) const;
    QString password() const { return m_password; }
    // A file holding the password, readable by the test (for --database-password-file).
    QString passwordFile() const;
    quint16 port() const { return m_port; }
    QString directory() const { return m_dir->path(); }
    QString log() const;

    static QString binDir();

private:
    bool admin(const QString &sql, const QString &name, QString *error);
    bool run(const QString &program, const QStringList &args, QString *error,
             int timeoutMs = 60'000);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_password;
    quint16 m_port = 0;
    bool m_initialised = false;
    bool m_running = false;
};

} // namespace td::test
