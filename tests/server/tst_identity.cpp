// CONTRACT 3: who may see and do what. The rights matrix: role x endpoint x own/other
// project/tenant.
#include "serverfixture.h"

using namespace Qt::StringLiterals;
using namespace td::test;
namespace data = td::testdata;

class TestIdentity : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        TD_START_SERVER(m_server);
        m_http.setBaseUrl(m_server.baseUrl());
        // One ticket per situation the matrix asks about.
        m_ids.insert(u"carl-web"_s, create(data::ClientToken, data::WebProjectId));
        m_ids.insert(u"cora-web"_s, create(data::SecondClientToken, data::WebProjectId));
        m_ids.insert(u"cora-mobile"_s, create(data::SecondClientToken, data::MobileProjectId));
        m_ids.insert(u"bot-web"_s, create(data::BotToken, data::WebProjectId));
        m_ids.insert(u"dave-other"_s, create(data::OtherClientToken, data::OtherProjectId));
        const HttpResult inbox = m_http.post(capabilityPath(), capabilityBody());
        QCOMPARE(inbox.status, 201);
        m_ids.insert(u"inbox"_s, inbox.json().value(u"ticket_id"_s).toString());
        for (const QString &id : std::as_const(m_ids))
            QVERIFY(!id.isEmpty());
    }

    void readTicket_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("ticket");
        QTest::addColumn<int>("status");
        struct Row
        {
            const char *name;
            QString token;
            const char16_t *ticket;
            int status;
        };
        const QList<Row> rows{
                {"owner*: client ticket", data::OwnerToken, u"carl-web", 200},
                {"owner*: other project", data::OwnerToken, u"cora-mobile", 200},
                {"owner*: bot ticket", data::OwnerToken, u"bot-web", 200},
                {"owner*: inbox", data::OwnerToken, u"inbox", 200},
                {"owner*: other tenant", data::OwnerToken, u"dave-other", 404},
                {"mobile owner: own project", data::MobileOwnerToken, u"cora-mobile", 200},
                {"mobile owner: web", data::MobileOwnerToken, u"carl-web", 404},
                {"mobile owner: inbox", data::MobileOwnerToken, u"inbox", 404},
                {"client: own", data::ClientToken, u"carl-web", 200},
                {"client: other client same project", data::ClientToken, u"cora-web", 404},
                {"client: bot's", data::ClientToken, u"bot-web", 404},
                {"client: inbox", data::ClientToken, u"inbox", 404},
                {"client: other tenant", data::ClientToken, u"dave-other", 404},
                {"second client: own web", data::SecondClientToken, u"cora-web", 200},
                {"second client: own mobile", data::SecondClientToken, u"cora-mobile", 200},
                {"bot: own", data::BotToken, u"bot-web", 200},
                {"bot: client's", data::BotToken, u"carl-web", 404},
                {"other tenant owner: own tenant", data::OtherOwnerToken, u"dave-other", 200},
                {"other tenant owner: ours", data::OtherOwnerToken, u"carl-web", 404},
                {"other tenant owner: our inbox", data::OtherOwnerToken, u"inbox", 404},
        };
        for (const Row &row : rows)
            QTest::newRow(row.name) << row.token << QString::fromUtf16(row.ticket) << row.status;
    }
    void readTicket()
    {
        QFETCH(QString, token);
        QFETCH(QString, ticket);
        QFETCH(int, status);
        const QString id = m_ids.value(ticket);
        const HttpResult one = m_http.get(u"/api/tickets/"_s + id, token);
        QCOMPARE(one.status, status);
        if (status == 404)
            QCOMPARE(one.code(), u"not_found"_s); // the same as a ticket that does not exist
        const HttpResult events = m_http.get(u"/api/tickets/"_s + id + u"/events"_s, token);
        QCOMPARE(events.status, status);
        // The list and the changes feed agree with the single read.
        const HttpResult list = m_http.get(u"/api/tickets?limit=500"_s, token);
        QCOMPARE(list.status, 200);
        QCOMPARE(containsId(list.json().value(u"tickets"_s).toArray(), id), status == 200);
        const HttpResult changes = m_http.get(u"/api/changes?since=0"_s, token);
        QCOMPARE(changes.status, 200);
        QCOMPARE(containsId(changes.json().value(u"tickets"_s).toArray(), id), status == 200);
    }

    void createInProject_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("project");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("owner* web") << data::OwnerToken << data::WebProjectId << 201 << QString();
        QTest::newRow("owner* mobile")
                << data::OwnerToken << data::MobileProjectId << 201 << QString();
        QTest::newRow("mobile owner web")
                << data::MobileOwnerToken << data::WebProjectId << 403 << u"forbidden"_s;
        QTest::newRow("client granted")
                << data::ClientToken << data::WebProjectId << 201 << QString();
        QTest::newRow("client not granted")
                << data::ClientToken << data::MobileProjectId << 403 << u"forbidden"_s;
        QTest::newRow("bot granted") << data::BotToken << data::WebProjectId << 201 << QString();
        QTest::newRow("bot not granted")
                << data::BotToken << data::MobileProjectId << 403 << u"forbidden"_s;
        QTest::newRow("other tenant's project")
                << data::OtherOwnerToken << data::WebProjectId << 404 << u"unknown_project"_s;
    }
    void createInProject()
    {
        QFETCH(QString, token);
        QFETCH(QString, project);
        QFETCH(int, status);
        QFETCH(QString, code);
        QJsonObject body = createBody();
        body.insert(u"roles"_s, QJsonArray{u"qa"_s}); // a role both projects know
        const HttpResult r = m_http.post(createPath(project), body, token);
        QCOMPARE(r.status, status);
        if (!code.isEmpty())
            QCOMPARE(r.code(), code);
    }

    void inboxListIsForStarOwners_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<int>("status");
        QTest::newRow("owner*") << data::OwnerToken << 200;
        QTest::newRow("project owner") << data::MobileOwnerToken << 403;
        QTest::newRow("client") << data::ClientToken << 403;
        QTest::newRow("bot") << data::BotToken << 403;
    }
    void inboxListIsForStarOwners()
    {
        QFETCH(QString, token);
        QFETCH(int, status);
        const HttpResult r = m_http.get(u"/api/tickets?project=inbox"_s, token);
        QCOMPARE(r.status, status);
        if (status == 200) {
            QVERIFY(containsId(r.json().value(u"tickets"_s).toArray(), m_ids.value(u"inbox"_s)));
            for (const QJsonValue t : r.json().value(u"tickets"_s).toArray())
                QVERIFY(t.toObject().value(u"project_id"_s).isNull());
        } else {
            QCOMPARE(r.code(), u"forbidden"_s);
        }
    }

    void listByProjectRights_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("project");
        QTest::addColumn<int>("status");
        QTest::newRow("client granted") << data::ClientToken << data::WebProjectId << 200;
        QTest::newRow("client not granted") << data::ClientToken << data::MobileProjectId << 403;
        QTest::newRow("unknown project") << data::ClientToken << data::OtherProjectId << 404;
    }
    void listByProjectRights()
    {
        QFETCH(QString, token);
        QFETCH(QString, project);
        QFETCH(int, status);
        QCOMPARE(m_http.get(u"/api/tickets?project="_s + project, token).status, status);
    }

    void meShowsGrantedProjects_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("userId");
        QTest::addColumn<QString>("role");
        QTest::addColumn<QString>("tenant");
        QTest::addColumn<QStringList>("projects");
        QTest::newRow("owner*") << data::OwnerToken << data::OwnerId << u"owner"_s
                                << data::TenantSlug
                                << QStringList{data::WebProjectId, data::MobileProjectId};
        QTest::newRow("mobile owner") << data::MobileOwnerToken << data::MobileOwnerId << u"owner"_s
                                      << data::TenantSlug << QStringList{data::MobileProjectId};
        QTest::newRow("client") << data::ClientToken << data::ClientId << u"client"_s
                                << data::TenantSlug << QStringList{data::WebProjectId};
        QTest::newRow("bot") << data::BotToken << data::BotId << u"bot"_s << data::TenantSlug
                             << QStringList{data::WebProjectId};
        QTest::newRow("other tenant") << data::OtherOwnerToken << data::OtherOwnerId << u"owner"_s
                                      << data::OtherTenantSlug << QStringList{data::OtherProjectId};
    }
    void meShowsGrantedProjects()
    {
        QFETCH(QString, token);
        QFETCH(QString, userId);
        QFETCH(QString, role);
        QFETCH(QString, tenant);
        QFETCH(QStringList, projects);
        const HttpResult r = m_http.get(u"/api/me"_s, token);
        QCOMPARE(r.status, 200);
        const QJsonObject user = r.json().value(u"user"_s).toObject();
        QCOMPARE(user.value(u"id"_s).toString(), userId);
        QCOMPARE(user.value(u"role"_s).toString(), role);
        QCOMPARE(r.json().value(u"tenant"_s).toObject().value(u"slug"_s).toString(), tenant);
        QStringList got;
        for (const QJsonValue p : r.json().value(u"projects"_s).toArray()) {
            got.append(p.toObject().value(u"id"_s).toString());
            QVERIFY(p.toObject().value(u"roles"_s).isArray());
        }
        QCOMPARE(got, projects);
    }

    void missingOrUnknownTokenIsUnauthenticated_data()
    {
        QTest::addColumn<QByteArray>("authorization");
        QTest::newRow("none") << QByteArray();
        QTest::newRow("unknown token") << "Bearer tok-nobody-000000"_ba;
        QTest::newRow("basic scheme") << "Basic dTpw"_ba;
        QTest::newRow("empty bearer") << "Bearer "_ba;
    }
    void missingOrUnknownTokenIsUnauthenticated()
    {
        QFETCH(QByteArray, authorization);
        HeaderList headers;
        if (!authorization.isEmpty())
            headers.append({"Authorization"_ba, authorization});
        for (const QString &path : {u"/api/me"_s, u"/api/tickets"_s, u"/api/changes"_s}) {
            const HttpResult r = m_http.get(path, {}, headers);
            QCOMPARE(r.status, 401);
            QCOMPARE(r.code(), u"unauthenticated"_s);
            QCOMPARE(r.header("www-authenticate"), "Bearer"_ba);
            QCOMPARE(r.json().value(u"relinkGithub"_s).toBool(true), false);
        }
        const HttpResult create = m_http.send(
                {"POST"_ba, createPath(), QJsonDocument(createBody()).toJson(), {}, headers});
        QCOMPARE(create.status, 401);
    }

    // CONTRACT 7: a token revoked while the server runs (here by the CLI, another process) is
    // refused on the next request, writes included: on PostgreSQL a write's caller may come
    // from the front's cache, and its transaction checks the token again. What the front
    // answers by itself (a bad body, no such ticket) is also the 401.
    void aRevokedTokenIsRefusedOnItsNextWrite()
    {
        const QString token = m_server.issueToken(data::OwnerId);
        QVERIFY(!token.isEmpty());
        const HttpResult created = m_http.post(createPath(), createBody(), token);
        QCOMPARE(created.status, 201);
        const QString id = created.json().value(u"id"_s).toString();
        const QString transitions = u"/api/tickets/%1/transitions"_s.arg(id);
        QCOMPARE(m_http.post(transitions, {{u"to"_s, u"triaged"_s}}, token).status, 200);

        QVERIFY(m_server.revokeToken(token));
        const HttpResult create = m_http.post(createPath(), createBody(), token);
        QCOMPARE(create.status, 401);
        QCOMPARE(create.code(), u"token_revoked"_s);
        const HttpResult transition
                = m_http.post(transitions, {{u"to"_s, u"in_progress"_s}}, token);
        QCOMPARE(transition.status, 401);
        QCOMPARE(transition.code(), u"token_revoked"_s);
        const HttpResult badBody
                = m_http.postRaw(createPath(), "{not json"_ba, "application/json"_ba, token);
        QCOMPARE(badBody.status, 401);
        const HttpResult missing
                = m_http.post(u"/api/tickets/00000000-0000-4000-8000-000000000000/transitions"_s,
                              {{u"to"_s, u"triaged"_s}}, token);
        QCOMPARE(missing.status, 401);
        // Nothing was written: the ticket is still triaged, by the bootstrap owner's view.
        const HttpResult read = m_http.get(u"/api/tickets/%1"_s.arg(id), data::OwnerToken);
        QCOMPARE(read.json().value(u"status"_s).toString(), u"triaged"_s);
    }

    void bearerSchemeIsCaseInsensitive()
    {
        const HttpResult r = m_http.get(
                u"/api/me"_s, {}, {{"Authorization"_ba, "bearer "_ba + data::OwnerToken.toUtf8()}});
        QCOMPARE(r.status, 200);
    }

private:
    QString create(const QString &token, const QString &project)
    {
        QJsonObject body = createBody();
        body.insert(u"roles"_s, QJsonArray{u"qa"_s});
        if (project == data::OtherProjectId)
            body.insert(u"roles"_s, QJsonArray{u"design"_s});
        const HttpResult r = m_http.post(createPath(project), body, token);
        return r.status == 201 ? r.json().value(u"id"_s).toString() : QString();
    }
    static bool containsId(const QJsonArray &tickets, const QString &id)
    {
        for (const QJsonValue t : tickets) {
            if (t.toObject().value(u"id"_s).toString() == id)
                return true;
        }
        return false;
    }

    ServerProcess m_server;
    TestHttpClient m_http;
    QHash<QString, QString> m_ids;
};

QTEST_GUILESS_MAIN(TestIdentity)
#include "tst_identity.moc"
