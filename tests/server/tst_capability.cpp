// CONTRACT 4.3: the projects.create_ticket agent capability (seed 002), in the seed's shapes.
#include "serverfixture.h"

using namespace Qt::StringLiterals;
using namespace td::test;
namespace data = td::testdata;

class TestCapability : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        TD_START_SERVER(m_server);
        m_http.setBaseUrl(m_server.baseUrl());
    }

    // Seed conformance check "happy_path": valid input -> ok, ticket_id, status new.
    void happy_path()
    {
        const HttpResult r = m_http.post(capabilityPath(), capabilityBody());
        QCOMPARE(r.status, 201);
        const QJsonObject body = r.json();
        QCOMPARE(body.value(u"ok"_s).toBool(), true);
        QCOMPARE(body.value(u"status"_s).toString(), u"new"_s);
        QVERIFY(!body.value(u"ticket_id"_s).toString().isEmpty());
        QCOMPARE(body.keys(), (QStringList{u"ok"_s, u"status"_s, u"ticket_id"_s}));
    }

    // Seed conformance check "rejects_invalid_kind": kind feature -> ok false, invalid_input.
    void rejects_invalid_kind()
    {
        QJsonObject input = capabilityBody();
        input.insert(u"kind"_s, u"feature"_s);
        const HttpResult r = m_http.post(capabilityPath(), input);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json(), (QJsonObject{{u"ok"_s, false}, {u"error"_s, u"invalid_input"_s}}));
    }

    void errorsKeepTheSeedShape_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<int>("status");
        QTest::addColumn<QJsonObject>("expected");
        auto json = [](const QJsonObject &o) { return QJsonDocument(o).toJson(); };
        const auto error = [](const QString &e) {
            return QJsonObject{{u"ok"_s, false}, {u"error"_s, e}};
        };
        const auto code = [](const QString &c) {
            return QJsonObject{{u"ok"_s, false}, {u"code"_s, c}};
        };
        QJsonObject badEmail = capabilityBody();
        badEmail.insert(u"requester_email"_s, u"not-an-email"_s);
        QTest::newRow("only email wrong")
                << capabilityPath() << json(badEmail) << "application/json"_ba << 400
                << error(u"invalid_email"_s);
        QJsonObject badEmailAndSubject = badEmail;
        badEmailAndSubject.insert(u"subject"_s, u""_s);
        QTest::newRow("email and subject")
                << capabilityPath() << json(badEmailAndSubject) << "application/json"_ba << 400
                << error(u"invalid_input"_s);
        QJsonObject extra = capabilityBody();
        extra.insert(u"priority"_s, u"high"_s);
        QTest::newRow("additional property")
                << capabilityPath() << json(extra) << "application/json"_ba << 400
                << error(u"invalid_input"_s);
        QTest::newRow("unknown tenant")
                << capabilityPath(u"no-such-tenant"_s) << json(capabilityBody())
                << "application/json"_ba << 404 << error(u"tenant_not_found"_s);
        QJsonObject project = capabilityBody();
        project.insert(u"project_id"_s, data::OtherProjectId);
        QTest::newRow("other tenant's project")
                << capabilityPath() << json(project) << "application/json"_ba << 404
                << error(u"unknown_project"_s);
        QTest::newRow("malformed json")
                << capabilityPath() << "{\"kind\":"_ba
                << "application/json"_ba << 400 << error(u"invalid_input"_s);
        QTest::newRow("not an object") << capabilityPath() << "[]"_ba
                                       << "application/json"_ba << 400 << error(u"invalid_input"_s);
        QTest::newRow("too deep") << capabilityPath() << QByteArray(40, '[') + QByteArray(40, ']')
                                  << "application/json"_ba << 400 << error(u"invalid_input"_s);
        QTest::newRow("media type") << capabilityPath() << json(capabilityBody()) << "text/plain"_ba
                                    << 415 << code(u"unsupported_media_type"_s);
        QTest::newRow("too large") << capabilityPath() << QByteArray(300 * 1024, ' ')
                                   << "application/json"_ba << 413 << code(u"payload_too_large"_s);
    }
    void errorsKeepTheSeedShape()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(int, status);
        QFETCH(QJsonObject, expected);
        const HttpResult r = m_http.postRaw(path, body, contentType);
        QCOMPARE(r.status, status);
        QCOMPARE(r.json(), expected);
    }

    void ticketCarriesCapabilityFields_data()
    {
        QTest::addColumn<bool>("withVendor");
        QTest::addColumn<bool>("withProject");
        QTest::newRow("agent into project") << true << true;
        QTest::newRow("person into inbox") << false << false;
    }
    void ticketCarriesCapabilityFields()
    {
        QFETCH(bool, withVendor);
        QFETCH(bool, withProject);
        QJsonObject input = capabilityBody();
        if (withVendor)
            input.insert(u"agent_vendor"_s, u"claude"_s);
        if (withProject)
            input.insert(u"project_id"_s, data::WebProjectId.toLower());
        const HttpResult r = m_http.post(capabilityPath(), input);
        QCOMPARE(r.status, 201);
        const QString id = r.json().value(u"ticket_id"_s).toString();
        const HttpResult t = m_http.get(u"/api/tickets/"_s + id, data::OwnerToken);
        QCOMPARE(t.status, 200);
        const QJsonObject ticket = t.json();
        QCOMPARE(ticket.value(u"source"_s).toString(), u"capability"_s);
        QCOMPARE(ticket.value(u"actor_role"_s).toString(),
                 withVendor ? u"agent"_s : u"requester"_s);
        QVERIFY(ticket.value(u"actor_id"_s).isNull());
        QCOMPARE(ticket.value(u"agent_vendor"_s),
                 withVendor ? QJsonValue(u"claude"_s) : QJsonValue(QJsonValue::Null));
        QCOMPARE(ticket.value(u"project_id"_s),
                 withProject ? QJsonValue(data::WebProjectId) : QJsonValue(QJsonValue::Null));
        QCOMPARE(ticket.value(u"priority"_s).toString(), u"medium"_s);
        QCOMPARE(ticket.value(u"roles"_s).toArray(), QJsonArray());
        QCOMPARE(ticket.value(u"request_type"_s).toString(), u"question"_s);
        QCOMPARE(ticket.value(u"title"_s).toString(), input.value(u"subject"_s).toString());
        QCOMPARE(ticket.value(u"description"_s).toString(), input.value(u"body"_s).toString());
        QCOMPARE(ticket.value(u"requester"_s).toObject(),
                 (QJsonObject{{u"name"_s, u"Rita Requester"_s},
                              {u"email"_s, u"rita@example.com"_s}}));
        // An inbox ticket is for "*" owners only; a project owner without "*" does not see it.
        const int oscar = m_http.get(u"/api/tickets/"_s + id, data::MobileOwnerToken).status;
        QCOMPARE(oscar, 404);
        // Nobody from another tenant sees it.
        QCOMPARE(m_http.get(u"/api/tickets/"_s + id, data::OtherOwnerToken).status, 404);
    }

    void sameEmailAndSubjectWithin60sIsTheSameTicket()
    {
        const QJsonObject input = capabilityBody();
        const HttpResult first = m_http.post(capabilityPath(), input);
        QCOMPARE(first.status, 201);
        QJsonObject again = input;
        again.insert(u"requester_email"_s, u"RITA@Example.com"_s); // case-insensitive
        again.insert(u"body"_s, u"Sent twice by an impatient agent"_s);
        const HttpResult second = m_http.post(capabilityPath(), again);
        QCOMPARE(second.status, 200);
        QCOMPARE(second.json().value(u"ticket_id"_s), first.json().value(u"ticket_id"_s));
        QCOMPARE(second.json().value(u"ok"_s).toBool(), true);
        // Another tenant with the same email and subject is independent.
        const HttpResult other = m_http.post(capabilityPath(data::OtherTenantSlug), input);
        QCOMPARE(other.status, 201);
        QVERIFY(other.json().value(u"ticket_id"_s) != first.json().value(u"ticket_id"_s));
    }

    void needsNoToken()
    {
        // Even a bad token does not matter: the capability is public intake.
        const HttpResult r = m_http.post(capabilityPath(), capabilityBody(), u"garbage-token"_s);
        QCOMPARE(r.status, 201);
    }

private:
    ServerProcess m_server;
    TestHttpClient m_http;
};

QTEST_GUILESS_MAIN(TestCapability)
#include "tst_capability.moc"
