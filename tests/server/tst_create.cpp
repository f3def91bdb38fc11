// CONTRACT 4.2: POST /api/projects/{projectUuid}/tickets, including the seed's example.
#include "serverfixture.h"

#include "core/ticket.h"

using namespace Qt::StringLiterals;
using namespace td::test;
namespace data = td::testdata;

class TestCreate : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        TD_START_SERVER(m_server);
        m_http.setBaseUrl(m_server.baseUrl());
    }

    void seedExampleCreatesTicket()
    {
        // The seed's curl example, verbatim apart from actor_id (which must be the caller's
        // own id for a non-bot, CONTRACT 3.3) and a unique title.
        const QString title = uniqueTitle(u"example"_s);
        const QByteArray body = "{ \"title\": \"" + title.toUtf8()
                                + "\", \"description\": \"example\", \"request_type\": \"bug\", "
                                  "\"roles\": [ \"frontend\" ], \"priority\": \"low\", "
                                  "\"blocking\": false, \"evidence\": {}, "
                                  "\"suggested_resolution\": \"example\", "
                                  "\"implementation_notes\": \"example\", \"actor_role\": "
                                  "\"example\", \"actor_id\": \"u-olive\", \"source\": "
                                  "\"example\" }";
        const HttpResult r
                = m_http.postRaw(createPath(), body, "application/json"_ba, data::OwnerToken);
        QCOMPARE(r.status, 201);
        const QJsonObject t = r.json();
        QCOMPARE(r.header("location"), "/api/tickets/"_ba + t.value(u"id"_s).toString().toUtf8());
        QCOMPARE(t.value(u"title"_s).toString(), title);
        QCOMPARE(t.value(u"priority"_s).toString(), u"low"_s);
        QCOMPARE(t.value(u"roles"_s).toArray(), QJsonArray{u"frontend"_s});
        QCOMPARE(t.value(u"actor_role"_s).toString(), u"example"_s);
        QCOMPARE(t.value(u"source"_s).toString(), u"example"_s);
        QCOMPARE(t.value(u"status"_s).toString(), u"new"_s);
        QCOMPARE(t.value(u"version"_s).toInt(), 1);
        QCOMPARE(t.value(u"tenant"_s).toString(), data::TenantSlug);
        QCOMPARE(t.value(u"requester"_s).toObject().value(u"email"_s).toString(), data::OwnerEmail);
        // What was created can be read back, identical.
        const HttpResult back
                = m_http.get(u"/api/tickets/"_s + t.value(u"id"_s).toString(), data::OwnerToken);
        QCOMPARE(back.status, 200);
        QCOMPARE(back.json(), t);
        QVERIFY(td::Ticket::fromJson(t).has_value());
    }

    void defaultsFollowTheContract()
    {
        QJsonObject body{{u"title"_s, QString(u"  "_s + uniqueTitle() + u"  "_s)},
                         {u"description"_s, u"d"_s},
                         {u"request_type"_s, u"question"_s}};
        const HttpResult r = m_http.post(createPath(), body, data::ClientToken);
        QCOMPARE(r.status, 201);
        const QJsonObject t = r.json();
        QCOMPARE(t.value(u"title"_s).toString(), body.value(u"title"_s).toString().trimmed());
        QCOMPARE(t.value(u"priority"_s).toString(), u"medium"_s);
        QCOMPARE(t.value(u"roles"_s).toArray(), QJsonArray());
        QCOMPARE(t.value(u"blocking"_s).toBool(true), false);
        QCOMPARE(t.value(u"evidence"_s).toObject(), QJsonObject());
        QCOMPARE(t.value(u"suggested_resolution"_s).toString(u"x"_s), QString());
        QCOMPARE(t.value(u"actor_role"_s).toString(), u"user"_s);
        QCOMPARE(t.value(u"actor_id"_s).toString(), data::ClientId);
        QCOMPARE(t.value(u"source"_s).toString(), u"portal"_s);
        QVERIFY(t.value(u"agent_vendor"_s).isNull());
        QCOMPARE(t.value(u"requester"_s).toObject(),
                 (QJsonObject{{u"name"_s, data::ClientName}, {u"email"_s, data::ClientEmail}}));
    }

    void invalidBodiesReportEveryIssue_data()
    {
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<QStringList>("fields");
        QJsonObject noTitle = createBody();
        noTitle.remove(u"title"_s);
        QTest::newRow("missing title") << noTitle << QStringList{u"title"_s};
        QJsonObject longTitle = createBody();
        longTitle.insert(u"title"_s, QString(201, u'a'));
        QTest::newRow("title 201") << longTitle << QStringList{u"title"_s};
        QJsonObject blank = createBody();
        blank.insert(u"title"_s, u"   "_s);
        QTest::newRow("blank title") << blank << QStringList{u"title"_s};
        QJsonObject kind = createBody();
        kind.insert(u"request_type"_s, u"feature"_s);
        QTest::newRow("bad request_type") << kind << QStringList{u"request_type"_s};
        QJsonObject role = createBody();
        role.insert(u"roles"_s, QJsonArray{u"frontend"_s, u"cobol"_s});
        QTest::newRow("unknown role") << role << QStringList{u"roles.1"_s};
        QJsonObject several{{u"description"_s, QString(5001, u'd')},
                            {u"request_type"_s, u"bug"_s},
                            {u"priority"_s, u"asap"_s}};
        QTest::newRow("several at once")
                << several << QStringList{u"title"_s, u"description"_s, u"priority"_s};
    }
    void invalidBodiesReportEveryIssue()
    {
        QFETCH(QJsonObject, body);
        QFETCH(QStringList, fields);
        const HttpResult r = m_http.post(createPath(), body, data::OwnerToken);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.code(), u"validation_failed"_s);
        const QJsonObject fieldErrors = r.json().value(u"fieldErrors"_s).toObject();
        QStringList keys = fieldErrors.keys();
        keys.sort();
        fields.sort();
        QCOMPARE(keys, fields);
        QVERIFY(r.json().value(u"issues"_s).toArray().size() >= fields.size());
    }

    void unknownKeysAreRejected()
    {
        QJsonObject body = createBody();
        body.insert(u"assignee"_s, u"bob"_s);
        const HttpResult r = m_http.post(createPath(), body, data::OwnerToken);
        QCOMPARE(r.status, 400);
        const QJsonObject issue = r.json().value(u"issues"_s).toArray().first().toObject();
        QCOMPARE(issue.value(u"code"_s).toString(), u"unrecognized_keys"_s);
        QCOMPARE(issue.value(u"keys"_s).toArray(), QJsonArray{u"assignee"_s});
        QVERIFY(r.json().value(u"fieldErrors"_s).toObject().isEmpty());
    }

    void botMustGiveRoles()
    {
        QJsonObject body = createBody();
        body.remove(u"roles"_s);
        HttpResult r = m_http.post(createPath(), body, data::BotToken);
        QCOMPARE(r.status, 400);
        QVERIFY(r.json().value(u"fieldErrors"_s).toObject().contains(u"roles"_s));
        body.insert(u"roles"_s, QJsonArray{u"qa"_s});
        r = m_http.post(createPath(), body, data::BotToken);
        QCOMPARE(r.status, 201);
        // A client needs none.
        body.remove(u"roles"_s);
        body.insert(u"title"_s, uniqueTitle());
        QCOMPARE(m_http.post(createPath(), body, data::ClientToken).status, 201);
    }

    void onlyBotsMayActForSomeoneElse_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("actorId");
        QTest::addColumn<int>("status");
        QTest::newRow("client as other") << data::ClientToken << u"u-olive"_s << 403;
        QTest::newRow("owner as other") << data::OwnerToken << u"u-carl"_s << 403;
        QTest::newRow("client as self") << data::ClientToken << data::ClientId << 201;
        QTest::newRow("bot for a person") << data::BotToken << u"ext-person-17"_s << 201;
    }
    void onlyBotsMayActForSomeoneElse()
    {
        QFETCH(QString, token);
        QFETCH(QString, actorId);
        QFETCH(int, status);
        QJsonObject body = createBody();
        body.insert(u"actor_id"_s, actorId);
        const HttpResult r = m_http.post(createPath(), body, token);
        QCOMPARE(r.status, status);
        if (status == 403) {
            QCOMPARE(r.code(), u"actor_mismatch"_s);
        } else {
            QCOMPARE(r.json().value(u"actor_id"_s).toString(), actorId);
            // The caller stays the requester whatever actor_id says.
            QVERIFY(r.json().value(u"requester"_s).toObject().value(u"email"_s).toString()
                    != actorId);
        }
    }

    void projectErrors_data()
    {
        QTest::addColumn<QString>("projectId");
        QTest::addColumn<QString>("token");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("nonexistent") << QUuid::createUuid().toString(QUuid::WithoutBraces)
                                     << data::OwnerToken << 404 << u"unknown_project"_s;
        QTest::newRow("not a uuid")
                << u"web-app"_s << data::OwnerToken << 404 << u"unknown_project"_s;
        QTest::newRow("other tenant's")
                << data::OtherProjectId << data::OwnerToken << 404 << u"unknown_project"_s;
        QTest::newRow("not granted")
                << data::MobileProjectId << data::ClientToken << 403 << u"forbidden"_s;
        QTest::newRow("owner not granted")
                << data::WebProjectId << data::MobileOwnerToken << 403 << u"forbidden"_s;
    }
    void projectErrors()
    {
        QFETCH(QString, projectId);
        QFETCH(QString, token);
        QFETCH(int, status);
        QFETCH(QString, code);
        const HttpResult r = m_http.post(createPath(projectId), createBody(), token);
        QCOMPARE(r.status, status);
        QCOMPARE(r.code(), code);
    }

    void evidenceUpTo64KiB()
    {
        QJsonObject body = createBody();
        body.insert(u"evidence"_s, QJsonObject{{u"log"_s, QString(60 * 1024, u'x')}});
        QCOMPARE(m_http.post(createPath(), body, data::OwnerToken).status, 201);
        body.insert(u"title"_s, uniqueTitle());
        body.insert(u"evidence"_s, QJsonObject{{u"log"_s, QString(66 * 1024, u'x')}});
        const HttpResult r = m_http.post(createPath(), body, data::OwnerToken);
        QCOMPARE(r.status, 400);
        QVERIFY(r.json().value(u"fieldErrors"_s).toObject().contains(u"evidence"_s));
    }

private:
    ServerProcess m_server;
    TestHttpClient m_http;
};

QTEST_GUILESS_MAIN(TestCreate)
#include "tst_create.moc"
