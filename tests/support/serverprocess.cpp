#include "serverprocess.h"

#include "testdata.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QThread>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace td::test {

QString CommandResult::lastLine() const
{
    const QList<QByteArray> lines = standardOutput.trimmed().split('\n');
    return lines.isEmpty() ? QString() : QString::fromUtf8(lines.last().trimmed());
}

ServerProcess::ServerProcess(QStringList extraServeArgs)
    : m_extraArgs(std::move(extraServeArgs))
    , m_dir(std::make_unique<QTemporaryDir>())
{}

ServerProcess::~ServerProcess()
{
    if (isRunning())
        stop(5'000);
}

QString ServerProcess::serverBinary()
{
    QString bin = qEnvironmentVariable("TRIAGEDESK_SERVER_BIN");
#ifdef TD_DEFAULT_SERVER_BIN
    if (bin.isEmpty())
        bin = QString::fromUtf8(TD_DEFAULT_SERVER_BIN);
#endif
    return bin;
}

QString ServerProcess::directory() const
{
    return m_dir->path();
}

QString ServerProcess::databasePath() const
{
    return m_dir->filePath(u"server.db"_s);
}

QString ServerProcess::databaseSpec() const
{
    if (!m_databaseSpec.isEmpty())
        return m_databaseSpec;
    return u"sqlite:"_s + databasePath();
}

qint64 ServerProcess::pid() const
{
    return m_process ? m_process->processId() : 0;
}

bool ServerProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

QByteArray ServerProcess::serverLog() const
{
    QFile file(m_dir->filePath(u"server.log"_s));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

CommandResult ServerProcess::runCommand(const QStringList &arguments, int timeoutMs)
{
    CommandResult result;
    QProcess process;
    process.start(serverBinary(), arguments);
    if (!process.waitForStarted(timeoutMs)) {
        result.standardError = process.errorString().toUtf8();
        return result;
    }
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(2'000);
        result.standardError = "timed out"_ba;
        return result;
    }
    result.standardOutput = process.readAllStandardOutput();
    result.standardError = process.readAllStandardError();
    if (process.exitStatus() == QProcess::NormalExit)
        result.exitCode = process.exitCode();
    return result;
}

QString ServerProcess::issueToken(const QString &userId)
{
    const CommandResult result = runCommand(
            {u"token"_s, u"issue"_s, u"--database"_s, databaseSpec(), u"--user"_s, userId});
    return result.exitCode == 0 ? result.lastLine() : QString();
}

bool ServerProcess::revokeToken(const QString &token, bool github)
{
    QStringList args{u"token"_s, u"revoke"_s, u"--database"_s, databaseSpec()};
    if (github)
        args << u"--reason"_s << u"github"_s;
    args << token;
    return runCommand(args).exitCode == 0;
}

bool ServerProcess::bootstrap(QString *error)
{
    // tests/postgres runs some of the server's test cases again with TD_TEST_POSTGRES set
    // ("postgresql://USER@HOST:PORT", password in PGPASSWORD): each server then gets a fresh
    // PostgreSQL database instead of the SQLite file.
    const QString postgres = qEnvironmentVariable("TD_TEST_POSTGRES");
    if (m_databaseSpec.isEmpty() && !postgres.isEmpty()) {
        const QUrl url(postgres);
        const QString name = u"td_"_s + QUuid::createUuid().toString(QUuid::Id128);
        const CommandResult created = [&] {
            CommandResult result;
            QProcess psql;
            psql.start(u"psql"_s, {u"-h"_s, url.host(), u"-p"_s, QString::number(url.port()),
                                   u"-U"_s, url.userName(), u"-d"_s, u"postgres"_s, u"-qc"_s,
                                   u"CREATE DATABASE "_s + name});
            if (psql.waitForFinished(30'000) && psql.exitStatus() == QProcess::NormalExit)
                result.exitCode = psql.exitCode();
            result.standardError = psql.readAllStandardError();
            return result;
        }();
        if (created.exitCode != 0) {
            if (error)
                *error = u"cannot create a PostgreSQL database: "_s
                         + QString::fromUtf8(created.standardError);
            return false;
        }
        m_databaseSpec = postgres + u'/' + name;
    }
    const QString file = m_dir->filePath(u"bootstrap.json"_s);
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        if (error)
            *error = u"cannot write "_s + file;
        return false;
    }
    out.write(testdata::bootstrapJson());
    out.close();
    const CommandResult result
            = runCommand({u"bootstrap"_s, u"--database"_s, databaseSpec(), file});
    if (result.exitCode != 0) {
        if (error)
            *error = u"bootstrap failed (exit %1): %2"_s.arg(result.exitCode)
                             .arg(QString::fromUtf8(result.standardError));
        return false;
    }
    m_bootstrapped = true;
    return true;
}

bool ServerProcess::launch(quint16 port, QString *error)
{
    if (serverBinary().isEmpty()) {
        if (error)
            *error = u"TRIAGEDESK_SERVER_BIN is not set"_s;
        return false;
    }
    m_process = std::make_unique<QProcess>();
    if (m_testClock) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"TRIAGEDESK_TEST_CLOCK_FILE"_s, m_dir->filePath(u"clock-offset"_s));
        m_process->setProcessEnvironment(env);
    }
    m_process->setStandardErrorFile(m_dir->filePath(u"server.log"_s), QIODevice::Append);
    QStringList args{u"serve"_s, u"--listen"_s, u"127.0.0.1:%1"_s.arg(port), u"--database"_s,
                     databaseSpec()};
    args += m_extraArgs;
    m_process->start(serverBinary(), args);
    if (!m_process->waitForStarted(10'000)) {
        if (error)
            *error = u"cannot start %1: %2"_s.arg(serverBinary(), m_process->errorString());
        return false;
    }
    // The server prints exactly one line once it accepts connections.
    static const QRegularExpression listening(u"^listening on (http://\\S+)$"_s);
    QByteArray buffered;
    QDeadlineTimer deadline(20'000);
    while (!deadline.hasExpired()) {
        if (m_process->canReadLine()) {
            const QString line = QString::fromUtf8(m_process->readLine()).trimmed();
            const QRegularExpressionMatch match = listening.match(line);
            if (match.hasMatch()) {
                m_baseUrl = QUrl(match.captured(1));
                return true;
            }
            buffered += line.toUtf8() + '\n';
            continue;
        }
        if (m_process->state() == QProcess::NotRunning)
            break;
        m_process->waitForReadyRead(
                int(qMax<qint64>(1, qMin<qint64>(deadline.remainingTime(), 200))));
    }
    if (error)
        *error = u"server did not report listening (stdout: %1) log:\n%2"_s.arg(
                QString::fromUtf8(buffered), QString::fromUtf8(serverLog().right(4000)));
    if (m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(2'000);
    }
    return false;
}

bool ServerProcess::start(QString *error)
{
    if (!m_dir->isValid()) {
        if (error)
            *error = u"cannot create a temporary folder"_s;
        return false;
    }
    if (!m_bootstrapped && !bootstrap(error))
        return false;
    return launch(0, error);
}

bool ServerProcess::stop(int timeoutMs)
{
    if (!isRunning())
        return false;
    m_process->terminate(); // SIGTERM
    if (!m_process->waitForFinished(timeoutMs)) {
        m_process->kill();
        m_process->waitForFinished(2'000);
        m_lastExitCode = -1;
        return false;
    }
    m_lastExitCode = m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
    return m_lastExitCode == 0;
}

void ServerProcess::useTestClock()
{
    m_testClock = true;
    advanceClock(0);
}

void ServerProcess::advanceClock(qint64 ms)
{
    m_clockOffsetMs += ms;
    QFile file(m_dir->filePath(u"clock-offset"_s));
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(QByteArray::number(m_clockOffsetMs));
}

bool ServerProcess::restart(QString *error)
{
    const quint16 previousPort = port();
    if (isRunning())
        stop();
    // Same port first, so clients holding the old URL keep working; any free one otherwise.
    if (previousPort != 0 && launch(previousPort, nullptr))
        return true;
    return launch(0, error);
}

} // namespace td::test
