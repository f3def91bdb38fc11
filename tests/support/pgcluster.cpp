#include "pgcluster.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QUuid>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace td::test {

namespace {

const QString Role = u"triagedesk"_s;

bool isRoot()
{
    return ::geteuid() == 0;
}

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

} // namespace

PgCluster::PgCluster()
    // As root the cluster runs as `postgres`, which must be able to reach the folder: /tmp,
    // not a TMPDIR that may be private to root.
    : m_dir(std::make_unique<QTemporaryDir>((isRoot() ? u"/tmp"_s : QDir::tempPath())
                                            + u"/td-pg-XXXXXX"_s))
    , m_password(QUuid::createUuid().toString(QUuid::Id128))
{}

PgCluster::~PgCluster()
{
    if (m_running)
        stop(u"immediate"_s);
}

QString PgCluster::binDir()
{
    const QString fromEnv = qEnvironmentVariable("TD_PG_BINDIR");
    return fromEnv.isEmpty() ? u"/usr/lib/postgresql/15/bin"_s : fromEnv;
}

QString PgCluster::unavailableReason()
{
    for (const QString &tool : {u"initdb"_s, u"pg_ctl"_s, u"postgres"_s}) {
        if (!QFileInfo(binDir() + u'/' + tool).isExecutable())
            return u"PostgreSQL 15 is not installed (%1/%2 missing; Debian package postgresql-15)"_s
                    .arg(binDir(), tool);
    }
    if (!QSqlDatabase::isDriverAvailable(u"QPSQL"_s))
        return u"the Qt PostgreSQL driver is missing (Debian package libqt6sql6-psql)"_s;
    if (isRoot() && !QFileInfo(u"/usr/sbin/runuser"_s).isExecutable()
        && !QFileInfo(u"/sbin/runuser"_s).isExecutable())
        return u"running as root but runuser is missing, and PostgreSQL refuses to run as root"_s;
    return {};
}

bool PgCluster::run(const QString &program, const QStringList &args, QString *error, int timeoutMs)
{
    QProcess process;
    process.setWorkingDirectory(m_dir->path());
    if (isRoot())
        process.start(u"runuser"_s, QStringList{u"-u"_s, u"postgres"_s, u"--"_s, program} + args);
    else
        process.start(program, args);
    if (!process.waitForStarted(10'000) || !process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(2'000);
        if (error)
            *error = u"%1 did not finish"_s.arg(program);
        return false;
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        if (error)
            *error = u"%1 failed: %2%3"_s.arg(
                    program, QString::fromLocal8Bit(process.readAllStandardError()),
                    QString::fromLocal8Bit(process.readAllStandardOutput()));
        return false;
    }
    return true;
}

QString PgCluster::passwordFile() const
{
    return m_dir->filePath(u"password"_s);
}

QString PgCluster::log() const
{
    QFile file(m_dir->filePath(u"postgres.log"_s));
    return file.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(file.readAll()) : QString();
}

bool PgCluster::start(QString *error)
{
    if (!m_dir->isValid()) {
        if (error)
            *error = u"cannot create a temporary folder"_s;
        return false;
    }
    const QString data = m_dir->filePath(u"data"_s);
    if (!m_initialised) {
        QFile pw(passwordFile());
        if (!pw.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            if (error)
                *error = u"cannot write "_s + passwordFile();
            return false;
        }
        pw.write(m_password.toUtf8() + '\n');
        pw.close();
        if (isRoot()) {
            // The cluster runs as `postgres`: it must own the folder (socket, log, data).
            QProcess chown;
            chown.start(u"chown"_s, {u"-R"_s, u"postgres:postgres"_s, m_dir->path()});
            if (!chown.waitForFinished(10'000) || chown.exitCode() != 0) {
                if (error)
                    *error = u"cannot chown the cluster folder to postgres"_s;
                return false;
            }
        }
        // scram over TCP, so the server's password handling is really exercised.
        if (!run(binDir() + u"/initdb"_s,
                 {u"-D"_s, data, u"-U"_s, Role, u"--pwfile"_s, passwordFile(),
                  u"--auth-host=scram-sha-256"_s, u"--auth-local=trust"_s, u"-E"_s, u"UTF8"_s,
                  u"--locale=C"_s, u"--no-sync"_s},
                 error))
            return false;
        m_initialised = true;
    }
    if (m_port == 0)
        m_port = freePort();
    // fsync stays on: the restart test checks that a COMMIT we acknowledged is durable.
    const QString options = u"-c listen_addresses=127.0.0.1 -c port=%1 "
                            "-c unix_socket_directories=%2 -c fsync=on -c max_connections=60 "
                            "-c shared_buffers=32MB"_s.arg(m_port)
                                    .arg(m_dir->path());
    if (!run(binDir() + u"/pg_ctl"_s,
             {u"-D"_s, data, u"-l"_s, m_dir->filePath(u"postgres.log"_s), u"-o"_s, options, u"-w"_s,
              u"-t"_s, u"30"_s, u"start"_s},
             error)) {
        if (error)
            *error += u"\n"_s + log().right(2000);
        return false;
    }
    m_running = true;
    return true;
}

bool PgCluster::stop(const QString &mode)
{
    if (!m_running)
        return true;
    QString error;
    const bool ok = run(binDir() + u"/pg_ctl"_s,
                        {u"-D"_s, m_dir->filePath(u"data"_s), u"-m"_s, mode, u"-w"_s, u"-t"_s,
                         u"30"_s, u"stop"_s},
                        &error);
    if (ok)
        m_running = false;
    return ok;
}

QString PgCluster::databaseSpec(const QString &name) const
{
    return u"postgresql://%1@127.0.0.1:%2/%3"_s.arg(Role).arg(m_port).arg(name);
}

bool PgCluster::createDatabase(const QString &name, QString *error)
{
    return admin(u"CREATE DATABASE \"%1\""_s, name, error);
}

bool PgCluster::dropDatabase(const QString &name, QString *error)
{
    // Dropping also discards the database's dirty buffers, so a later restart test's
    // checkpoint (fsync on) writes only its own database, not every earlier test's.
    return admin(u"DROP DATABASE IF EXISTS \"%1\" WITH (FORCE)"_s, name, error);
}

bool PgCluster::admin(const QString &sql, const QString &name, QString *error)
{
    const QString connection = u"td-pgcluster-admin-"_s + QUuid::createUuid().toString();
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, connection);
        db.setHostName(u"127.0.0.1"_s);
        db.setPort(m_port);
        db.setUserName(Role);
        db.setPassword(m_password);
        db.setDatabaseName(u"postgres"_s);
        if (!db.open()) {
            if (error)
                *error = db.lastError().text();
        } else {
            QSqlQuery q(db);
            // The name comes from the test itself; quote it anyway.
            ok = q.exec(sql.arg(QString(name).remove(u'"')));
            if (!ok && error)
                *error = q.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

} // namespace td::test
