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

    // Behind a proxy every anonymous client arrives from the proxy's address. With
    // --trusted-proxy the server counts each client under the address the proxy reports in
    // X-Real-IP (IPv6 by /64), so one agent cannot use up the capability for everyone; from
    // any other peer the header means nothing.
    void capabilityBehindATrustedProxyCountsEachClient()
    {
        ServerProcess proxied({u"--create-rate"_s, u"2"_s, u"--trusted-proxy"_s, u"127.0.0.1"_s});
        TD_START_SERVER(proxied);
        TestHttpClient http(proxied.baseUrl());
        auto create = [&](const QByteArray &client) {
            return http.post(capabilityPath(), capabilityBody(), {}, {{"X-Real-IP"_ba, client}})
                    .status;
        };
        QCOMPARE(create("203.0.113.5"), 201);
        QCOMPARE(create("203.0.113.5"), 201);
        QCOMPARE(create("203.0.113.5"), 429);
        QCOMPARE(create("203.0.113.6"), 201); // another agent still gets through
        QCOMPARE(create("2001:db8:1:2::1"), 201);
        QCOMPARE(create("2001:db8:1:2::99"), 201);
        QCOMPARE(create("2001:db8:1:2:abcd::1"), 429); // same /64
        QCOMPARE(create("2001:db8:1:3::1"), 201);

        // Agents behind one proxy have their own Idempotency-Key scopes.
        const HeaderList key{{"Idempotency-Key"_ba, "retry-1"_ba}};
        QJsonObject body = capabilityBody();
        const HttpResult a = http.post(capabilityPath(), body, {},
                                       HeaderList{{"X-Real-IP"_ba, "198.51.100.1"_ba}} + key);
        body.insert(u"subject"_s, u"Another agent's question"_s);
        const HttpResult b = http.post(capabilityPath(), body, {},
                                       HeaderList{{"X-Real-IP"_ba, "198.51.100.2"_ba}} + key);
        QCOMPARE(a.status, 201);
        QCOMPARE(b.status, 201);
        QVERIFY(a.json().value(u"ticket_id"_s) != b.json().value(u"ticket_id"_s));
    }

    void realIpFromAnUntrustedPeerIsIgnored()
    {
        for (const QByteArray &client : {"203.0.113.10"_ba, "203.0.113.11"_ba, "203.0.113.12"_ba})
            m_http.post(capabilityPath(), capabilityBody(), {}, {{"X-Real-IP"_ba, client}});
        const HttpResult r = m_http.post(capabilityPath(), capabilityBody(), {},
                                         {{"X-Real-IP"_ba, "203.0.113.13"_ba}});
        QCOMPARE(r.status, 429);
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
