// CONTRACT 5: the 60 s (email, title) window, Idempotency-Key replay for 24 h, and exactly one
// ticket from concurrent identical requests.
#include "serverfixture.h"

#include <QSet>

using namespace Qt::StringLiterals;
using namespace td::test;
namespace data = td::testdata;

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
