// The in-process demo server the desktop app's demo mode runs (server/embeddedserver.h).
#include "serverfixture.h"

#include "server/embeddedserver.h"

#include <QSet>
#include <QTemporaryDir>

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
};

QTEST_GUILESS_MAIN(TestEmbeddedServer)
#include "tst_embeddedserver.moc"
