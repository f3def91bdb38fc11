// CONTRACT 7: running the server: bootstrap, tokens while serving, clean stop, restart, demo.
#include "serverfixture.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <csignal>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace td::test;
namespace data = td::testdata;

namespace {

constexpr QFile::Permissions NotOwner = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup
                                        | QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;

// The mode bits as `ls` would show them, so a failure says what the file got.
QByteArray describeMode(const QString &path)
{
    struct stat status = {};
    if (::stat(QFile::encodeName(path).constData(), &status) != 0)
        return "missing: " + path.toUtf8();
    return path.toUtf8() + " has mode " + QByteArray::number(status.st_mode & 07777, 8);
}

// Every row of every table, in a stable order: "the database did not change" made checkable.
QString dumpDatabase(const QString &path)
{
    QString dump;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"dump"_s);
        db.setDatabaseName(path);
        if (!db.open())
            return u"cannot open"_s;
        QSqlQuery tables(db);
        tables.exec(u"SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"_s);
        QStringList names;
        while (tables.next())
            names.append(tables.value(0).toString());
        for (const QString &name : std::as_const(names)) {
            QSqlQuery rows(db);
            rows.exec(u"SELECT * FROM "_s + name + u" ORDER BY 1, 2"_s);
            dump += u"# "_s + name + u'\n';
            while (rows.next()) {
                for (int i = 0; i < rows.record().count(); ++i)
                    dump += rows.value(i).toString() + u'|';
                dump += u'\n';
            }
        }
    }
    QSqlDatabase::removeDatabase(u"dump"_s);
    return dump;
}

} // namespace

class TestOperations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // The usual umask, whatever the CI runner's: the server must make its files private
        // itself, not rely on a strict umask.
        ::umask(022);
        TD_START_SERVER(m_server);
        m_http.setBaseUrl(m_server.baseUrl());
    }

    void helpForEveryCommand_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("top") << QStringList{u"--help"_s} << u"bootstrap"_s;
        QTest::newRow("serve") << QStringList{u"serve"_s, u"--help"_s} << u"--create-rate"_s;
        QTest::newRow("bootstrap") << QStringList{u"bootstrap"_s, u"--help"_s} << u"FILE.json"_s;
        QTest::newRow("token issue")
                << QStringList{u"token"_s, u"issue"_s, u"--help"_s} << u"--user"_s;
        QTest::newRow("token revoke")
                << QStringList{u"token"_s, u"revoke"_s, u"--help"_s} << u"--reason"_s;
        QTest::newRow("demo") << QStringList{u"demo"_s, u"--help"_s} << u"--listen"_s;
    }
    void helpForEveryCommand()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, mentions);
        const CommandResult r = ServerProcess::runCommand(arguments);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(QString::fromUtf8(r.standardOutput).contains(mentions),
                 r.standardOutput.constData());
    }

    void unknownCommandFails()
    {
        const CommandResult r = ServerProcess::runCommand({u"frobnicate"_s});
        QVERIFY(r.exitCode != 0);
        QVERIFY(r.standardError.contains("unknown command"));
    }

    void bootstrapTwiceChangesNothing()
    {
        QCOMPARE(m_http.post(createPath(), createBody(), data::OwnerToken).status, 201);
        const QString before = dumpDatabase(m_server.databasePath());
        QVERIFY(before.contains(u"switchback-engineering"_s));
        const CommandResult r = ServerProcess::runCommand(
                {u"bootstrap"_s, u"--database"_s, m_server.databaseSpec(),
                 m_server.directory() + u"/bootstrap.json"_s});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.standardOutput.contains("0 row(s) created, 0 updated"),
                 r.standardOutput.constData());
        QCOMPARE(dumpDatabase(m_server.databasePath()), before);
    }

    void bootstrapRejectsABadFile_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::newRow("not json") << "tenants:"_ba;
        QTest::newRow("bad project id")
                << R"({"tenants":[{"slug":"x","name":"X","projects":[{"id":"nope","name":"P","roles":[]}]}]})"_ba;
        QTest::newRow("grant of unknown project")
                << R"({"tenants":[{"slug":"x","name":"X","users":[{"id":"u1","name":"U","email":"u@x.test","role":"client","projects":["2489E9AD-2EE2-8E00-8EC9-32D5F69181C1"]}]}]})"_ba;
    }
    void bootstrapRejectsABadFile()
    {
        QFETCH(QByteArray, file);
        QTemporaryDir dir;
        QFile out(dir.filePath(u"b.json"_s));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(file);
        out.close();
        const CommandResult r = ServerProcess::runCommand(
                {u"bootstrap"_s, u"--database"_s, u"sqlite:"_s + dir.filePath(u"db.sqlite"_s),
                 out.fileName()});
        QVERIFY(r.exitCode != 0);
        QVERIFY(r.standardError.startsWith("error:"));
    }

    void tokensIssuedAndRevokedWhileRunning()
    {
        const QString token = m_server.issueToken(data::ClientId);
        QVERIFY(token.startsWith(u"tdk_"_s));
        HttpResult me = m_http.get(u"/api/me"_s, token);
        QCOMPARE(me.status, 200);
        QCOMPARE(me.json().value(u"user"_s).toObject().value(u"id"_s).toString(), data::ClientId);

        QVERIFY(m_server.revokeToken(token));
        me = m_http.get(u"/api/me"_s, token);
        QCOMPARE(me.status, 401);
        QCOMPARE(me.code(), u"token_revoked"_s);
        QCOMPARE(me.header("www-authenticate"), "Bearer"_ba);
        QCOMPARE(me.json().value(u"relinkGithub"_s).toBool(true), false);

        const QString linked = m_server.issueToken(data::OwnerId);
        QVERIFY(m_server.revokeToken(linked, true));
        me = m_http.get(u"/api/me"_s, linked);
        QCOMPARE(me.status, 401);
        QCOMPARE(me.code(), u"github_link_expired"_s);
        QCOMPARE(me.json().value(u"relinkGithub"_s).toBool(), true);

        // The bootstrap tokens still work; the plain token is nowhere in the database.
        QCOMPARE(m_http.get(u"/api/me"_s, data::ClientToken).status, 200);
        QVERIFY(!dumpDatabase(m_server.databasePath()).contains(token));
        QVERIFY(m_server.issueToken(u"u-nobody"_s).isEmpty());
        QVERIFY(!m_server.revokeToken(u"tdk_not_a_token"_s));
    }

    // CONTRACT 7 (v1.1): `token revoke ... -` reads the token from standard input, so it
    // never shows in the process list or the shell history.
    void revokeReadsTheTokenFromStandardInput_data()
    {
        QTest::addColumn<QByteArray>("lineEnd");
        QTest::newRow("echo") << "\n"_ba;
        QTest::newRow("printf %s") << QByteArray();
        QTest::newRow("CRLF") << "\r\n"_ba;
    }
    void revokeReadsTheTokenFromStandardInput()
    {
        QFETCH(QByteArray, lineEnd);
        const QString token = m_server.issueToken(data::ClientId);
        QCOMPARE(m_http.get(u"/api/me"_s, token).status, 200);
        QProcess revoke;
        revoke.start(ServerProcess::serverBinary(),
                     {u"token"_s, u"revoke"_s, u"--database"_s, m_server.databaseSpec(), u"-"_s});
        QVERIFY(revoke.waitForStarted());
        revoke.write(token.toUtf8() + lineEnd);
        revoke.closeWriteChannel();
        QVERIFY(revoke.waitForFinished(30'000));
        QVERIFY2(revoke.exitCode() == 0, revoke.readAllStandardError().constData());
        const HttpResult me = m_http.get(u"/api/me"_s, token);
        QCOMPARE(me.status, 401);
        QCOMPARE(me.code(), u"token_revoked"_s);
    }

    void revokeFromAnEmptyStandardInputFails()
    {
        QProcess revoke;
        revoke.start(ServerProcess::serverBinary(),
                     {u"token"_s, u"revoke"_s, u"--database"_s, m_server.databaseSpec(), u"-"_s});
        QVERIFY(revoke.waitForStarted());
        revoke.closeWriteChannel();
        QVERIFY(revoke.waitForFinished(30'000));
        QVERIFY(revoke.exitCode() != 0);
        QVERIFY(revoke.readAllStandardError().contains("standard input"));
    }

    // A short bootstrap token can be guessed from a copy of the database's hashes: bootstrap
    // says so on stderr, once per such token, naming the user but never the token.
    void bootstrapWarnsAboutShortTokens()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath(u"b.json"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"tenants":[{"slug":"x","name":"X","users":[
            {"id":"u-weak","name":"W","email":"w@x.test","role":"client",
             "tokens":["weak-token-12345","also-weak-0123456789-0123456789"]},
            {"id":"u-strong","name":"S","email":"s@x.test","role":"client",
             "tokens":["strong-token-0123456789-0123456789-abc"]}]}]})");
        file.close();
        const CommandResult r = ServerProcess::runCommand(
                {u"bootstrap"_s, u"--database"_s, u"sqlite:"_s + dir.filePath(u"db.sqlite"_s),
                 file.fileName()});
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> warnings = r.standardError.trimmed().split('\n');
        QCOMPARE(warnings.size(), 2);
        for (const QByteArray &line : warnings) {
            QVERIFY2(line.startsWith("warning: ") && line.contains("u-weak"), line.constData());
            QVERIFY(!line.contains("weak-token") && !line.contains("also-weak"));
        }
    }

    // Issued tokens carry at least 256 random bits: "tdk_" and 43 base64url characters.
    void issuedTokensAreLongAndRandom()
    {
        static const QRegularExpression shape(u"^tdk_[A-Za-z0-9_-]{43,}$"_s);
        const QString first = m_server.issueToken(data::OwnerId);
        const QString second = m_server.issueToken(data::OwnerId);
        QVERIFY2(shape.match(first).hasMatch(), qPrintable(first));
        QVERIFY2(shape.match(second).hasMatch(), qPrintable(second));
        QVERIFY(first != second);
    }

    // CONTRACT 7 (v1.1): the database and its WAL files are readable by their owner only.
    void databaseFilesAreOwnerOnly()
    {
        // A create and a read make sure the WAL and its shared-memory index exist.
        QCOMPARE(m_http.post(createPath(), createBody(), data::OwnerToken).status, 201);
        QCOMPARE(m_http.get(u"/api/me"_s, data::OwnerToken).status, 200);
        for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s}) {
            const QString path = m_server.databasePath() + suffix;
            QVERIFY2(QFile::exists(path), qPrintable(path));
            QVERIFY2(!(QFile::permissions(path) & NotOwner), describeMode(path).constData());
        }
    }

    // A database left readable by others (an older version, a copy) keeps its mode, which is
    // the operator's choice, but every command says so.
    void aDatabaseReadableByOthersIsReported()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"old.sqlite"_s);
        QFile old(path);
        QVERIFY(old.open(QIODevice::WriteOnly)); // empty: a valid SQLite database
        old.close();
        QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup
                                                    | QFile::ReadOther));
        const CommandResult r
                = ServerProcess::runCommand({u"bootstrap"_s, u"--database"_s, u"sqlite:"_s + path,
                                             m_server.directory() + u"/bootstrap.json"_s});
        QCOMPARE(r.exitCode, 0);
        const QByteArray warning = "warning: " + path.toUtf8() + " can be read by other";
        QVERIFY2(r.standardError.contains(warning), r.standardError.constData());
        QVERIFY(QFile::permissions(path) & QFile::ReadOther);
    }

    // Folders on the way to a new database are created, for the owner only.
    void missingFoldersAreCreatedOwnerOnly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"var/lib/triagedesk/db.sqlite"_s);
        const CommandResult r
                = ServerProcess::runCommand({u"bootstrap"_s, u"--database"_s, u"sqlite:"_s + path,
                                             m_server.directory() + u"/bootstrap.json"_s});
        QVERIFY2(r.exitCode == 0, r.standardError.constData());
        for (const QString &folder : {dir.filePath(u"var"_s), dir.filePath(u"var/lib"_s),
                                      dir.filePath(u"var/lib/triagedesk"_s)}) {
            QVERIFY2(QFileInfo(folder).isDir(), qPrintable(folder));
            QVERIFY2(!(QFile::permissions(folder) & NotOwner), describeMode(folder).constData());
        }
        QVERIFY2(!(QFile::permissions(path) & NotOwner), describeMode(path).constData());
    }

    void restartKeepsEveryTicket()
    {
        QList<QJsonObject> tickets;
        for (int i = 0; i < 15; ++i) {
            const HttpResult r = m_http.post(createPath(), createBody(), data::OwnerToken);
            QCOMPARE(r.status, 201);
            tickets.append(r.json());
        }
        const QString moved = tickets.first().value(u"id"_s).toString();
        const HttpResult triaged = m_http.post(u"/api/tickets/"_s + moved + u"/transitions"_s,
                                               {{u"to"_s, u"triaged"_s}}, data::OwnerToken);
        QCOMPARE(triaged.status, 200);
        tickets.first() = triaged.json();
        const HttpResult before = m_http.get(u"/api/changes?since=0"_s, data::OwnerToken);

        QString error;
        QVERIFY2(m_server.restart(&error), qPrintable(error));
        QCOMPARE(m_server.lastExitCode(), 0);
        m_http.setBaseUrl(m_server.baseUrl());
        for (const QJsonObject &t : std::as_const(tickets)) {
            const HttpResult r = m_http.get(u"/api/tickets/"_s + t.value(u"id"_s).toString(),
                                            data::OwnerToken);
            QCOMPARE(r.status, 200);
            QCOMPARE(r.json(), t);
        }
        QCOMPARE(m_http.get(u"/api/changes?since=0"_s, data::OwnerToken).json(), before.json());
        // Numbering continues after the restart.
        const HttpResult next = m_http.post(createPath(), createBody(), data::OwnerToken);
        QCOMPARE(next.json().value(u"number"_s).toInteger(),
                 tickets.last().value(u"number"_s).toInteger() + 1);
    }

    void sigtermFinishesTheRequestInFlight()
    {
        const QByteArray body = QJsonDocument(createBody()).toJson(QJsonDocument::Compact);
        const QByteArray head
                = "POST " + createPath().toUtf8()
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    "Authorization: Bearer "
                  + data::OwnerToken.toUtf8()
                  + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n";
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_server.port());
        QVERIFY(socket.waitForConnected(5'000));
        socket.write(head + body.left(10));
        QVERIFY(socket.waitForBytesWritten(2'000));
        QTest::qWait(100); // the server has the head: the request is in flight

        ::kill(pid_t(m_server.pid()), SIGTERM);
        QTest::qWait(200);
        // Not accepting new connections any more...
        QTcpSocket late;
        late.connectToHost(QHostAddress::LocalHost, m_server.port());
        const bool lateConnected = late.waitForConnected(1'000);
        if (lateConnected) {
            late.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            late.waitForReadyRead(1'000);
            QVERIFY(!late.readAll().startsWith("HTTP/1.1 200"));
        }
        // ...but the one in flight completes.
        socket.write(body.mid(10));
        QByteArray answer;
        QDeadlineTimer deadline(10'000);
        while (!answer.contains("\r\n\r\n") && !deadline.hasExpired()) {
            socket.waitForReadyRead(200);
            answer += socket.readAll();
        }
        QVERIFY2(answer.startsWith("HTTP/1.1 201"), answer.constData());
        QVERIFY(m_server.process()->waitForFinished(10'000));
        QCOMPARE(m_server.process()->exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_server.process()->exitCode(), 0);

        // And the ticket is there after starting again.
        TD_START_SERVER(m_server);
        m_http.setBaseUrl(m_server.baseUrl());
        const qsizetype at = answer.indexOf("\r\n\r\n");
        const QJsonObject created = QJsonDocument::fromJson(answer.mid(at + 4)).object();
        QCOMPARE(
                m_http.get(u"/api/tickets/"_s + created.value(u"id"_s).toString(), data::OwnerToken)
                        .status,
                200);
    }

    void healthReportsAMissingDatabase()
    {
        QCOMPARE(m_http.get(u"/healthz"_s).status, 200);
        const QString path = m_server.databasePath();
        QVERIFY(QFile::rename(path, path + u".away"_s));
        const HttpResult down = m_http.get(u"/healthz"_s);
        QVERIFY(QFile::rename(path + u".away"_s, path));
        QCOMPARE(down.status, 503);
        QCOMPARE(down.json(), (QJsonObject{{u"ok"_s, false}}));
        QCOMPARE(m_http.get(u"/healthz"_s).status, 200);
    }

    void newerSchemaIsRefused()
    {
        ServerProcess other;
        TD_START_SERVER(other);
        QVERIFY(other.stop());
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"bump"_s);
            db.setDatabaseName(other.databasePath());
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(u"UPDATE schema_version SET version = 99"_s));
        }
        QSqlDatabase::removeDatabase(u"bump"_s);
        QString error;
        QVERIFY(!other.start(&error));
        QVERIFY2(error.contains(u"newer"_s), qPrintable(error));
    }

    void demoPrintsStableTokensAndServesRealisticData()
    {
        QTemporaryDir dir;
        const QString spec = u"sqlite:"_s + dir.filePath(u"demo.sqlite"_s);
        QStringList firstTokens;
        for (int run = 0; run < 2; ++run) {
            QProcess demo;
            demo.setStandardErrorFile(QProcess::nullDevice());
            demo.start(ServerProcess::serverBinary(),
                       {u"demo"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--database"_s, spec});
            QVERIFY(demo.waitForStarted());
            QString owner, client, url;
            QDeadlineTimer deadline(30'000);
            while (url.isEmpty() && !deadline.hasExpired()) {
                if (!demo.canReadLine() && !demo.waitForReadyRead(500))
                    continue;
                while (demo.canReadLine()) {
                    const QString line = QString::fromUtf8(demo.readLine()).trimmed();
                    if (line.startsWith(u"owner token:"_s))
                        owner = line.section(u' ', -1);
                    else if (line.startsWith(u"client token:"_s))
                        client = line.section(u' ', -1);
                    else if (line.startsWith(u"listening on "_s))
                        url = line.mid(13);
                }
            }
            QVERIFY(!url.isEmpty());
            TestHttpClient http{QUrl(url)};
            const HttpResult me = http.get(u"/api/me"_s, owner);
            QCOMPARE(me.status, 200);
            QCOMPARE(me.json().value(u"user"_s).toObject().value(u"role"_s).toString(), u"owner"_s);
            QVERIFY(me.json().value(u"projects"_s).toArray().size() >= 2);
            const HttpResult all = http.get(u"/api/changes?since=0"_s, owner);
            const QJsonArray tickets = all.json().value(u"tickets"_s).toArray();
            QVERIFY(tickets.size() >= 200);
            QSet<QString> statuses, titles;
            for (const QJsonValue t : tickets) {
                statuses.insert(t.toObject().value(u"status"_s).toString());
                titles.insert(t.toObject().value(u"title"_s).toString());
                // Every placeholder of the samples is filled in, links included.
                const QString text = QString::fromUtf8(QJsonDocument(t.toObject()).toJson());
                QVERIFY2(!QRegularExpression(u"\\{[a-z]+\\}"_s).match(text).hasMatch(),
                         qPrintable(text));
            }
            QCOMPARE(statuses.size(), 4); // every state is represented
            QVERIFY(titles.size() > 40);
            const HttpResult mine = http.get(u"/api/tickets?limit=500"_s, client);
            QCOMPARE(mine.status, 200);
            const int clientCount = int(mine.json().value(u"tickets"_s).toArray().size());
            QVERIFY(clientCount > 10 && clientCount < tickets.size());
            if (run == 0)
                firstTokens = {owner, client};
            else
                QCOMPARE((QStringList{owner, client}), firstTokens);
            demo.terminate();
            QVERIFY(demo.waitForFinished(10'000));
            QCOMPARE(demo.exitCode(), 0);
        }
    }

private:
    ServerProcess m_server;
    TestHttpClient m_http;
};

QTEST_GUILESS_MAIN(TestOperations)
#include "tst_operations.moc"
