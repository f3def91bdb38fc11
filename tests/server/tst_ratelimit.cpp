// CONTRACT 6: per-token (or per-address) limits on creates and on all requests.
#include "serverfixture.h"

#include "server/ratelimiter.h"

using namespace Qt::StringLiterals;
using namespace td::test;
namespace data = td::testdata;

class TestRateLimit : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_server.useTestClock();
        m_server.setExtraServeArgs({u"--create-rate"_s, u"3"_s, u"--request-rate"_s, u"40"_s});
        TD_START_SERVER(m_server);
        m_http.setBaseUrl(m_server.baseUrl());
    }
    void init()
    {
        // Every test starts with full budgets.
        m_server.advanceClock(61'000);
    }

    void everyCreateCountsWhateverItsAnswer()
    {
        QJsonObject invalid = createBody();
        invalid.insert(u"priority"_s, u"asap"_s);
        QCOMPARE(m_http.post(createPath(), invalid, data::OwnerToken).status, 400);
        QCOMPARE(m_http.post(createPath(), createBody(), data::OwnerToken).status, 201);
        QCOMPARE(m_http.post(createPath(data::OtherProjectId), createBody(), data::OwnerToken)
                         .status,
                 404);
        const HttpResult limited = m_http.post(createPath(), createBody(), data::OwnerToken);
        QCOMPARE(limited.status, 429);
        QCOMPARE(limited.code(), u"rate_limited"_s);
        const int retryAfter = limited.header("retry-after").toInt();
        QVERIFY(retryAfter >= 1);
        QCOMPARE(limited.json().value(u"retryAfter"_s).toInt(), retryAfter);
        // Another token has its own budget; reading is not a create.
        QCOMPARE(m_http.post(createPath(), createBody(), data::ClientToken).status, 201);
        QCOMPARE(m_http.get(u"/api/me"_s, data::OwnerToken).status, 200);
        // Once Retry-After has passed, the next create goes through.
        m_server.advanceClock(qint64(retryAfter) * 1000);
        QCOMPARE(m_http.post(createPath(), createBody(), data::OwnerToken).status, 201);
    }

    void capabilityIsLimitedPerAddressInItsOwnShape()
    {
        for (int i = 0; i < 3; ++i)
            QCOMPARE(m_http.post(capabilityPath(), capabilityBody()).status, 201);
        const HttpResult limited = m_http.post(capabilityPath(), capabilityBody());
        QCOMPARE(limited.status, 429);
        const int retryAfter = limited.header("retry-after").toInt();
        QVERIFY(retryAfter >= 1);
        QCOMPARE(limited.json(), (QJsonObject{{u"ok"_s, false},
                                              {u"code"_s, u"rate_limited"_s},
                                              {u"retryAfter"_s, retryAfter}}));
    }

    void allRequestsAreLimitedButHealth()
    {
        int ok = 0;
        HttpResult last;
        for (int i = 0; i < 45; ++i) {
            last = m_http.get(u"/api/me"_s, data::SecondClientToken);
            if (last.status == 200)
                ++ok;
            else
                break;
        }
        QCOMPARE(ok, 40);
        QCOMPARE(last.status, 429);
        QVERIFY(last.header("retry-after").toInt() >= 1);
        for (int i = 0; i < 50; ++i)
            QCOMPARE(m_http.get(u"/healthz"_s).status, 200);
    }

    // The limiter itself, on a fake clock.
    void limiterBurstsThenRefillsSteadily()
    {
        td::server::RateLimiter limiter(30); // one every 2 s, bursts of 30
        const qint64 t0 = 1'000'000;
        for (int i = 0; i < 30; ++i)
            QVERIFY(limiter.hit("k"_ba, t0).allowed);
        const auto refused = limiter.hit("k"_ba, t0);
        QVERIFY(!refused.allowed);
        QCOMPARE(refused.retryAfterSeconds, 2);
        QVERIFY(limiter.hit("other"_ba, t0).allowed);
        QVERIFY(!limiter.hit("k"_ba, t0 + 1'999).allowed);
        QVERIFY(limiter.hit("k"_ba, t0 + 2'000).allowed);
        QVERIFY(!limiter.hit("k"_ba, t0 + 2'000).allowed);
        // A minute later the whole burst is back.
        for (int i = 0; i < 30; ++i)
            QVERIFY(limiter.hit("k"_ba, t0 + 62'000).allowed);
    }

    void zeroMeansUnlimited()
    {
        td::server::RateLimiter limiter(0);
        for (int i = 0; i < 10'000; ++i)
            QVERIFY(limiter.hit("k"_ba, 0).allowed);
    }

private:
    ServerProcess m_server;
    TestHttpClient m_http;
};

QTEST_GUILESS_MAIN(TestRateLimit)
#include "tst_ratelimit.moc"
