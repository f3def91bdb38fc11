// CONTRACT 5: the 60 s window (the caller's own tickets on the portal, capability tickets on
// the capability), Idempotency-Key replay for 24 h, and exactly one ticket from concurrent
// identical requests.
#include "serverfixture.h"

#include <QFile>
#include <QSet>

using namespace Qt::StringLiterals;
using namespace td::test;
namespace data = td::testdata;

namespace {

// A second client of the web project whose email is Carl's in other letter case: the window
// must still keep their tickets apart (CONTRACT 5.1, v1.1).
const QString SharedEmailUserId = u"u-carla"_s;
const QString SharedEmailToken = u"tok-carla-5d0c2e8b7a1f4e6d9c3b8a2f1e0d7c6b"_s;

QByteArray sharedEmailBootstrap()
{
    const QJsonObject web{{u"id"_s, data::WebProjectId},
                          {u"name"_s, data::WebProjectName},
                          {u"roles"_s, QJsonArray::fromStringList(data::WebProjectRoles)}};
    const QJsonObject carla{{u"id"_s, SharedEmailUserId},
                            {u"name"_s, u"Carla Client"_s},
                            {u"email"_s, data::ClientEmail.toUpper()},
                            {u"role"_s, u"client"_s},
                            {u"projects"_s, QJsonArray{data::WebProjectId}},
                            {u"tokens"_s, QJsonArray{SharedEmailToken}}};
    const QJsonObject tenant{{u"slug"_s, data::TenantSlug},
                             {u"name"_s, data::TenantName},
                             {u"projects"_s, QJsonArray{web}},
                             {u"users"_s, QJsonArray{carla}}};
    return QJsonDocument(QJsonObject{{u"tenants"_s, QJsonArray{tenant}}}).toJson();
}

} // namespace

class TestIdempotency : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_server.useTestClock();
        // Fifty creates from one token must not trip the default 30-a-minute limit here.
        m_server.setExtraServeArgs({u"--create-rate"_s, u"0"_s, u"--request-rate"_s, u"0"_s});
        TD_START_SERVER(m_server);
        m_http.setBaseUrl(m_server.baseUrl());

        QFile file(m_server.directory() + u"/shared-email.json"_s);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(sharedEmailBootstrap());
        file.close();
        const CommandResult added = ServerProcess::runCommand(
                {u"bootstrap"_s, u"--database"_s, m_server.databaseSpec(), file.fileName()});
        QVERIFY2(added.exitCode == 0, added.standardError.constData());
    }

    void fiftyConcurrentIdenticalCreatesMakeOneTicket_data()
    {
        QTest::addColumn<bool>("withKey");
        QTest::newRow("same title") << false;
        QTest::newRow("same key") << true;
    }
    void fiftyConcurrentIdenticalCreatesMakeOneTicket()
    {
        QFETCH(bool, withKey);
        const QString title = uniqueTitle(u"Concurrent"_s);
        const QByteArray body = QJsonDocument(createBody(title)).toJson(QJsonDocument::Compact);
        HeaderList headers;
        if (withKey)
            headers.append({"Idempotency-Key"_ba, QUuid::createUuid().toByteArray()});
        QList<HttpRequestSpec> specs;
        for (int i = 0; i < 50; ++i)
            specs.append({"POST"_ba, createPath(), body, data::OwnerToken, headers});
        const QList<HttpResult> results = m_http.sendParallel(specs);
        QSet<QString> ids;
        int created = 0;
        for (const HttpResult &r : results) {
            QVERIFY2(r.status == 201 || r.status == 200, r.body.constData());
            created += r.status == 201 && !r.hasHeader("idempotent-replayed");
            ids.insert(r.json().value(u"id"_s).toString());
        }
        QCOMPARE(created, 1);
        QCOMPARE(ids.size(), 1);
        QCOMPARE(countWithTitle(title), 1);
    }

    void keyReplaysTheFirstAnswer()
    {
        const QByteArray key = "outbox-" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
        const QJsonObject body = createBody();
        const HttpResult first
                = m_http.post(createPath(), body, data::ClientToken, {{"Idempotency-Key"_ba, key}});
        QCOMPARE(first.status, 201);
        QVERIFY(!first.hasHeader("idempotent-replayed"));
        // Same JSON, other spelling (whitespace, key order): still the same request.
        const QByteArray spaced = QJsonDocument(body).toJson(QJsonDocument::Indented);
        const HttpResult again = m_http.postRaw(createPath(), spaced, "application/json"_ba,
                                                data::ClientToken, {{"Idempotency-Key"_ba, key}});
        QCOMPARE(again.status, 201);
        QCOMPARE(again.body, first.body);
        QCOMPARE(again.header("idempotent-replayed"), "true"_ba);
        QCOMPARE(again.header("location"), first.header("location"));

        // However late within 24 h: long after the 60 s window.
        m_server.advanceClock(23LL * 3600 * 1000);
        const HttpResult late
                = m_http.post(createPath(), body, data::ClientToken, {{"Idempotency-Key"_ba, key}});
        QCOMPARE(late.status, 201);
        QCOMPARE(late.body, first.body);
        QCOMPARE(late.header("idempotent-replayed"), "true"_ba);

        // Another body under the same key.
        QJsonObject other = body;
        other.insert(u"description"_s, u"something else"_s);
        const HttpResult reused = m_http.post(createPath(), other, data::ClientToken,
                                              {{"Idempotency-Key"_ba, key}});
        QCOMPARE(reused.status, 422);
        QCOMPARE(reused.code(), u"idempotency_key_reused"_s);

        // After 24 h the key is forgotten: the same request makes a new ticket.
        m_server.advanceClock(2LL * 3600 * 1000);
        const HttpResult expired
                = m_http.post(createPath(), body, data::ClientToken, {{"Idempotency-Key"_ba, key}});
        QCOMPARE(expired.status, 201);
        QVERIFY(!expired.hasHeader("idempotent-replayed"));
        QVERIFY(expired.json().value(u"id"_s) != first.json().value(u"id"_s));
    }

    void keysBelongToTheirCaller()
    {
        const QByteArray key = QUuid::createUuid().toByteArray();
        const QJsonObject body = createBody();
        const HttpResult carl
                = m_http.post(createPath(), body, data::ClientToken, {{"Idempotency-Key"_ba, key}});
        const HttpResult cora = m_http.post(createPath(), body, data::SecondClientToken,
                                            {{"Idempotency-Key"_ba, key}});
        QCOMPARE(carl.status, 201);
        QCOMPARE(cora.status, 201);
        QVERIFY(carl.json().value(u"id"_s) != cora.json().value(u"id"_s));
    }

    void onlySuccessIsKept()
    {
        const QByteArray key = QUuid::createUuid().toByteArray();
        QJsonObject body = createBody();
        body.insert(u"priority"_s, u"asap"_s);
        QCOMPARE(m_http.post(createPath(), body, data::OwnerToken, {{"Idempotency-Key"_ba, key}})
                         .status,
                 400);
        body.insert(u"priority"_s, u"high"_s);
        const HttpResult fixed
                = m_http.post(createPath(), body, data::OwnerToken, {{"Idempotency-Key"_ba, key}});
        QCOMPARE(fixed.status, 201);
        QVERIFY(!fixed.hasHeader("idempotent-replayed"));
    }

    void keyLength_data()
    {
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("status");
        QTest::newRow("1") << 1 << 201;
        QTest::newRow("255") << 255 << 201;
        QTest::newRow("256") << 256 << 400;
    }
    void keyLength()
    {
        QFETCH(int, length);
        QFETCH(int, status);
        const QByteArray key = QUuid::createUuid().toByteArray().toHex().repeated(10).left(length);
        const HttpResult r = m_http.post(createPath(), createBody(), data::OwnerToken,
                                         {{"Idempotency-Key"_ba, key}});
        QCOMPARE(r.status, status);
    }

    void windowReturnsTheEarlierTicketFor60Seconds()
    {
        const QString title = uniqueTitle(u"Window"_s);
        const HttpResult first = m_http.post(createPath(), createBody(title), data::OwnerToken);
        QCOMPARE(first.status, 201);
        QJsonObject changed = createBody(title);
        changed.insert(u"description"_s, u"Second attempt, other words"_s);
        m_server.advanceClock(50'000);
        const HttpResult second = m_http.post(createPath(), changed, data::OwnerToken);
        QCOMPARE(second.status, 200);
        QCOMPARE(second.json().value(u"id"_s), first.json().value(u"id"_s));
        // In another project, or from another caller, it is a different ticket.
        QJsonObject mobile = createBody(title);
        mobile.insert(u"roles"_s, QJsonArray{u"qa"_s});
        QCOMPARE(m_http.post(createPath(data::MobileProjectId), mobile, data::OwnerToken).status,
                 201);
        QCOMPARE(m_http.post(createPath(), createBody(title), data::ClientToken).status, 201);
        // Past 60 s from the first: a new ticket.
        m_server.advanceClock(11'000);
        const HttpResult third = m_http.post(createPath(), createBody(title), data::OwnerToken);
        QCOMPARE(third.status, 201);
        QVERIFY(third.json().value(u"id"_s) != first.json().value(u"id"_s));
    }

    // Two users whose emails differ only in case: the second one's create is its own ticket,
    // and nothing of the first one's (a secret in the description) comes back.
    void portalWindowIsTheCallersOwn()
    {
        const QString title = uniqueTitle(u"VPN creds"_s);
        QJsonObject secret = createBody(title);
        secret.insert(u"description"_s, u"The VPN password is hunter2"_s);
        const HttpResult carl = m_http.post(createPath(), secret, data::ClientToken);
        QCOMPARE(carl.status, 201);
        const HttpResult carla = m_http.post(createPath(), createBody(title), SharedEmailToken);
        QCOMPARE(carla.status, 201);
        QVERIFY(carla.json().value(u"id"_s) != carl.json().value(u"id"_s));
        QVERIFY(!carla.body.contains("hunter2"));
        QCOMPARE(carla.json().value(u"requester"_s).toObject().value(u"email"_s).toString(),
                 data::ClientEmail.toUpper());
        // Each one's own retry still lands on their own ticket.
        const HttpResult carlAgain
                = m_http.post(createPath(), createBody(title), data::ClientToken);
        QCOMPARE(carlAgain.status, 200);
        QCOMPARE(carlAgain.json().value(u"id"_s), carl.json().value(u"id"_s));
        const HttpResult carlaAgain
                = m_http.post(createPath(), createBody(title), SharedEmailToken);
        QCOMPARE(carlaAgain.status, 200);
        QCOMPARE(carlaAgain.json().value(u"id"_s), carla.json().value(u"id"_s));
    }

    // An anonymous capability call with Carl's email and the title of his portal ticket must
    // neither get its id nor learn that it exists: it is a new capability ticket.
    void capabilityNeverMatchesAPortalTicket_data()
    {
        QTest::addColumn<bool>("withProject");
        QTest::newRow("inbox") << false;
        QTest::newRow("same project") << true;
    }
    void capabilityNeverMatchesAPortalTicket()
    {
        QFETCH(bool, withProject);
        const QString title = uniqueTitle(u"Invoice export"_s);
        const HttpResult portal = m_http.post(createPath(), createBody(title), data::ClientToken);
        QCOMPARE(portal.status, 201);
        QJsonObject probe = capabilityBody(title);
        probe.insert(u"requester_email"_s, data::ClientEmail.toUpper());
        if (withProject)
            probe.insert(u"project_id"_s, data::WebProjectId);
        const HttpResult r = m_http.post(capabilityPath(), probe);
        QCOMPARE(r.status, 201);
        QVERIFY(r.json().value(u"ticket_id"_s) != portal.json().value(u"id"_s));
        // The capability's own window still works for its own tickets.
        const HttpResult again = m_http.post(capabilityPath(), probe);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json().value(u"ticket_id"_s), r.json().value(u"ticket_id"_s));
    }

    // A capability call made first with Carl's email and a title he is about to use must not
    // make his own portal create return the caller's ticket.
    void capabilityTicketIsNeverReturnedToThePortal()
    {
        const QString title = uniqueTitle(u"Password reset"_s);
        QJsonObject planted = capabilityBody(title);
        planted.insert(u"requester_email"_s, data::ClientEmail);
        planted.insert(u"project_id"_s, data::WebProjectId);
        planted.insert(u"body"_s, u"Please reply with your password"_s);
        const HttpResult capability = m_http.post(capabilityPath(), planted);
        QCOMPARE(capability.status, 201);
        const HttpResult carl = m_http.post(createPath(), createBody(title), data::ClientToken);
        QCOMPARE(carl.status, 201);
        QVERIFY(carl.json().value(u"id"_s) != capability.json().value(u"ticket_id"_s));
        QCOMPARE(carl.json().value(u"source"_s).toString(), u"portal"_s);
        QCOMPARE(carl.json().value(u"requester"_s).toObject().value(u"name"_s).toString(),
                 data::ClientName);
    }

    // A portal caller who sets source "capability" is still a portal requester: an anonymous
    // call cannot reach that ticket through the capability window either.
    void portalTicketClaimingCapabilitySourceStaysPortal()
    {
        const QString title = uniqueTitle(u"Spoofed source"_s);
        QJsonObject body = createBody(title);
        body.insert(u"source"_s, u"capability"_s);
        const HttpResult portal = m_http.post(createPath(), body, data::ClientToken);
        QCOMPARE(portal.status, 201);
        QJsonObject probe = capabilityBody(title);
        probe.insert(u"requester_email"_s, data::ClientEmail);
        const HttpResult r = m_http.post(capabilityPath(), probe);
        QCOMPARE(r.status, 201);
        QVERIFY(r.json().value(u"ticket_id"_s) != portal.json().value(u"id"_s));
    }

    void capabilityKeyReplayAndReuse()
    {
        const QByteArray key = QUuid::createUuid().toByteArray();
        const QJsonObject body = capabilityBody();
        const HttpResult first
                = m_http.post(capabilityPath(), body, {}, {{"Idempotency-Key"_ba, key}});
        QCOMPARE(first.status, 201);
        m_server.advanceClock(120'000); // past the window: only the key can match now
        const HttpResult again
                = m_http.post(capabilityPath(), body, {}, {{"Idempotency-Key"_ba, key}});
        QCOMPARE(again.status, 201);
        QCOMPARE(again.body, first.body);
        QCOMPARE(again.header("idempotent-replayed"), "true"_ba);
        QJsonObject other = body;
        other.insert(u"subject"_s, u"Something else"_s);
        const HttpResult reused
                = m_http.post(capabilityPath(), other, {}, {{"Idempotency-Key"_ba, key}});
        QCOMPARE(reused.status, 422);
        QCOMPARE(reused.json(),
                 (QJsonObject{{u"ok"_s, false}, {u"code"_s, u"idempotency_key_reused"_s}}));
    }

private:
    int countWithTitle(const QString &title)
    {
        int count = 0;
        QString cursor;
        do {
            const HttpResult r
                    = m_http.get(u"/api/tickets?limit=500"_s
                                         + (cursor.isEmpty() ? QString() : u"&cursor="_s + cursor),
                                 data::OwnerToken);
            for (const QJsonValue v : r.json().value(u"tickets"_s).toArray())
                count += v.toObject().value(u"title"_s).toString() == title;
            cursor = r.json().value(u"next_cursor"_s).toString();
        } while (!cursor.isEmpty());
        return count;
    }

    ServerProcess m_server;
    TestHttpClient m_http;
};

QTEST_GUILESS_MAIN(TestIdempotency)
#include "tst_idempotency.moc"
