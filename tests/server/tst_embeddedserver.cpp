// The in-process demo server the desktop app's demo mode runs (server/embeddedserver.h).
#include "serverfixture.h"

#include "server/embeddedserver.h"

#include <QFile>
#include <QSet>
#include <QTemporaryDir>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace td::test;

class TestEmbeddedServer : public QObject
{
    Q_OBJECT

private slots:
    void servesTheDemoTenantAndKeepsTokensAcrossRestarts()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"demo.sqlite"_s);
        td::server::DemoAccount first;
        QSet<QString> ids;
        {
            td::server::EmbeddedServer server;
            QString error;
            QVERIFY2(server.start(path, &error), qPrintable(error));
            first = server.account();
            QCOMPARE(first.baseUrl.host(), u"127.0.0.1"_s);
            QVERIFY(first.baseUrl.port() > 0);
            QVERIFY(!first.ownerToken.isEmpty());
            QVERIFY(first.ownerToken != first.clientToken);

            TestHttpClient http(first.baseUrl);
            const HttpResult me = http.get(u"/api/me"_s, first.ownerToken);
            QCOMPARE(me.status, 200);
            QCOMPARE(me.json().value(u"tenant"_s).toObject().value(u"slug"_s).toString(),
                     first.tenantSlug);
            bool hasProject = false;
            for (const QJsonValue p : me.json().value(u"projects"_s).toArray())
                hasProject
                        = hasProject || p.toObject().value(u"id"_s).toString() == first.projectId;
            QVERIFY(hasProject);
            const HttpResult all = http.get(u"/api/changes?since=0"_s, first.ownerToken);
            const QJsonArray tickets = all.json().value(u"tickets"_s).toArray();
            QVERIFY(tickets.size() >= 200);
            for (const QJsonValue t : tickets)
                ids.insert(t.toObject().value(u"id"_s).toString());
            QCOMPARE(http.get(u"/api/me"_s, first.clientToken).status, 200);
            // The demo accepts writes like any server.
            QJsonObject body = createBody();
            body.remove(u"roles"_s);
            QCOMPARE(http.post(u"/api/projects/"_s + first.projectId + u"/tickets"_s, body,
                               first.clientToken)
                             .status,
                     201);
            server.stop();
            QCOMPARE(http.get(u"/healthz"_s).status, 0); // nobody listens any more
        }
        td::server::EmbeddedServer again;
        QVERIFY(again.start(path));
        const td::server::DemoAccount second = again.account();
        QCOMPARE(second.ownerToken, first.ownerToken);
        QCOMPARE(second.clientToken, first.clientToken);
        TestHttpClient http(second.baseUrl);
        const HttpResult all = http.get(u"/api/changes?since=0"_s, second.ownerToken);
        const QJsonArray tickets = all.json().value(u"tickets"_s).toArray();
        QCOMPARE(tickets.size(), ids.size() + 1); // nothing regenerated, the new one kept
    }

    // The demo database holds the secret the demo tokens are derived from: it and its WAL
    // files are the user's alone, also when an older version left them world-readable.
    void databaseIsOwnerOnly_data()
    {
        QTest::addColumn<bool>("existing");
        QTest::newRow("new") << false;
        QTest::newRow("left 0644 by an older version") << true;
    }
    void databaseIsOwnerOnly()
    {
        QFETCH(bool, existing);
        const mode_t previous = ::umask(022); // the usual one, whatever the runner's
        QTemporaryDir dir;
        const QString path = dir.filePath(u"demo-server.sqlite"_s);
        const QFile::Permissions everyone
                = QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther;
        if (existing) {
            {
                td::server::EmbeddedServer first;
                QVERIFY(first.start(path));
            }
            for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s}) {
                if (QFile::exists(path + suffix))
                    QVERIFY(QFile::setPermissions(path + suffix, everyone));
            }
        }
        td::server::EmbeddedServer server;
        QString error;
        QVERIFY2(server.start(path, &error), qPrintable(error));
        TestHttpClient http(server.account().baseUrl);
        QCOMPARE(http.get(u"/api/me"_s, server.account().ownerToken).status, 200);
        const QFile::Permissions notOwner = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup
                                            | QFile::ReadOther | QFile::WriteOther
                                            | QFile::ExeOther;
        for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s}) {
            QVERIFY2(QFile::exists(path + suffix), qPrintable(path + suffix));
            QVERIFY2(!(QFile::permissions(path + suffix) & notOwner), qPrintable(path + suffix));
        }
        server.stop();
        ::umask(previous);
    }
};

QTEST_GUILESS_MAIN(TestEmbeddedServer)
#include "tst_embeddedserver.moc"
