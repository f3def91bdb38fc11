#include "api/apiclient.h"
#include "core/coretestprint.h"
#include "core/json.h"
#include "support/fakenetworkaccessmanager.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

#include <memory>

using namespace Qt::StringLiterals;
using namespace td;
using namespace td::test;

namespace td {
inline char *toString(NetworkErrorKind kind)
{
    return QTest::toString(toName(kind));
}
} // namespace td

namespace {

const QString Token = u"tok-secret-must-never-leak-5d1c"_s;
const QString ProjectId = u"2489E9AD-2EE2-8E00-8EC9-32D5F69181C0"_s;

// Runs one call to the end and hands back its result (a Timeout-kind failure if it never
// answered, so a hanging client fails the test instead of blocking it).
template<typename T, typename Start>
Result<T> run(Start start, int waitMs = 5000)
{
    std::optional<Result<T>> result;
    int calls = 0;
    start([&](const Result<T> &r) {
        result = r;
        ++calls;
    });
    (void)QTest::qWaitFor([&] { return result.has_value(); }, waitMs);
    QTest::qWait(0);
    if (calls > 1)
        qWarning("callback ran %d times", calls);
    if (!result)
        return Result<T>::failure(networkError(NetworkErrorKind::Other, u"no answer"_s));
    return *result;
}

} // namespace

class TestApiClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void errorCodes_data();
    void errorCodes();
    void retryAfterHeader_data();
    void retryAfterHeader();
    void transportFailures_data();
    void transportFailures();
    void transientClassification_data();
    void transientClassification();
    void insecureUrlRefused_data();
    void insecureUrlRefused();
    void everyRequestHasTimeoutAndToken();
    void createSendsIdempotencyKeyAndReportsReplay_data();
    void createSendsIdempotencyKeyAndReportsReplay();
    void capabilityCarriesNoTokenAndMapsSeedErrors_data();
    void capabilityCarriesNoTokenAndMapsSeedErrors();
    void changesPageParsed();
    void changesParsedOffThreadReachOnlyALiveContext();
    void listTicketsBuildsFilterQuery();
    void meAndEventsParsed();
    void transitionBody();
    void abortEndsWithCancelledOnce();
    void destroyedContextSkipsCallback();
    void realSocketHangTimesOut();
    void realSocketRefused();
    void baseUrlWithPathPrefix();

private:
    std::unique_ptr<FakeNetworkAccessManager> m_network;
    std::unique_ptr<ApiClient> m_client;
};

void TestApiClient::init()
{
    m_network = std::make_unique<FakeNetworkAccessManager>();
    m_client = std::make_unique<ApiClient>(m_network.get(), QUrl(u"https://tickets.example"_s),
                                           Token);
}

void TestApiClient::cleanup()
{
    m_client.reset();
    m_network.reset();
}

void TestApiClient::errorCodes_data()
{
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QJsonObject>("extra");
    QTest::addColumn<bool>("transient");

    const Ticket current = fakeTicket(42, 981);
    QTest::newRow("invalid_json") << ErrorCode::InvalidJson << QJsonObject{} << false;
    QTest::newRow("validation_failed")
            << ErrorCode::ValidationFailed
            << QJsonObject{{u"fieldErrors"_s, QJsonObject{{u"title"_s, u"Required"_s}}},
                           {u"issues"_s, QJsonArray{QJsonObject{{u"code"_s, u"invalid_type"_s},
                                                                {u"path"_s, QJsonArray{u"title"_s}},
                                                                {u"message"_s, u"Required"_s}}}}}
            << false;
    QTest::newRow("unauthenticated")
            << ErrorCode::Unauthenticated << QJsonObject{{u"relinkGithub"_s, false}} << false;
    QTest::newRow("token_revoked")
            << ErrorCode::TokenRevoked << QJsonObject{{u"relinkGithub"_s, false}} << false;
    QTest::newRow("github_link_expired")
            << ErrorCode::GithubLinkExpired << QJsonObject{{u"relinkGithub"_s, true}} << false;
    QTest::newRow("forbidden") << ErrorCode::Forbidden << QJsonObject{} << false;
    QTest::newRow("actor_mismatch") << ErrorCode::ActorMismatch << QJsonObject{} << false;
    QTest::newRow("not_found") << ErrorCode::NotFound << QJsonObject{} << false;
    QTest::newRow("unknown_project") << ErrorCode::UnknownProject << QJsonObject{} << false;
    QTest::newRow("method_not_allowed") << ErrorCode::MethodNotAllowed << QJsonObject{} << false;
    QTest::newRow("invalid_transition")
            << ErrorCode::InvalidTransition
            << QJsonObject{{u"allowed"_s, QJsonArray{u"in_progress"_s, u"closed"_s}}} << false;
    QTest::newRow("version_conflict")
            << ErrorCode::VersionConflict << QJsonObject{{u"ticket"_s, current.toJson()}} << false;
    QTest::newRow("payload_too_large") << ErrorCode::PayloadTooLarge << QJsonObject{} << false;
    QTest::newRow("unsupported_media_type")
            << ErrorCode::UnsupportedMediaType << QJsonObject{} << false;
    QTest::newRow("headers_too_large") << ErrorCode::HeadersTooLarge << QJsonObject{} << false;
    QTest::newRow("idempotency_key_reused")
            << ErrorCode::IdempotencyKeyReused << QJsonObject{} << false;
    QTest::newRow("rate_limited") << ErrorCode::RateLimited << QJsonObject{{u"retryAfter"_s, 12}}
                                  << true;
    QTest::newRow("internal") << ErrorCode::Internal << QJsonObject{} << true;
    QTest::newRow("overloaded") << ErrorCode::Overloaded << QJsonObject{} << true;
}

void TestApiClient::errorCodes()
{
    QFETCH(ErrorCode, code);
    QFETCH(QJsonObject, extra);
    QFETCH(bool, transient);

    m_network->setHandler([&](const FakeRequest &) { return errorScript(code, extra); });
    const auto result = run<Ticket>([&](auto done) { m_client->ticket(u"t-1"_s, nullptr, done); });
    QVERIFY(!result.ok());
    const Error &error = result.error();
    QCOMPARE(error.code, code);
    QCOMPARE(error.httpStatus, httpStatus(code));
    QCOMPARE(error.network, NetworkErrorKind::None);
    QCOMPARE(error.message, defaultMessage(code));
    QCOMPARE(error.isTransient(), transient);
    QCOMPARE(error.isAuthProblem(), httpStatus(code) == 401);
    QCOMPARE(error.relinkGithub, extra.value(u"relinkGithub"_s).toBool());
    QCOMPARE(error.fieldErrors, extra.value(u"fieldErrors"_s).toObject());
    QCOMPARE(error.issues, extra.value(u"issues"_s).toArray());
    QCOMPARE(error.retryAfter.has_value(), extra.contains(u"retryAfter"_s));
    if (error.retryAfter)
        QCOMPARE(*error.retryAfter, extra.value(u"retryAfter"_s).toInt());
    if (code == ErrorCode::InvalidTransition) {
        QCOMPARE(error.allowed,
                 (QList<TicketStatus>{TicketStatus::InProgress, TicketStatus::Closed}));
    } else {
        QVERIFY(error.allowed.isEmpty());
    }
    QCOMPARE(error.currentTicket.has_value(), code == ErrorCode::VersionConflict);
    if (error.currentTicket)
        QCOMPARE(*error.currentTicket, fakeTicket(42, 981));
    QCOMPARE(error.isConflict(),
             code == ErrorCode::VersionConflict || code == ErrorCode::InvalidTransition);
}

void TestApiClient::retryAfterHeader_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("expected"); // -1: none

    QTest::newRow("seconds header, no body member") << "7"_ba << QJsonObject{} << 7;
    QTest::newRow("body wins over header") << "7"_ba << QJsonObject{{u"retryAfter"_s, 12}} << 12;
    QTest::newRow("http-date 90 s ahead")
            << "Sun, 22 Nov 2026 09:01:30 GMT"_ba << QJsonObject{} << 90;
    QTest::newRow("http-date in the past")
            << "Sun, 22 Nov 2026 08:00:00 GMT"_ba << QJsonObject{} << 0;
    QTest::newRow("garbage") << "soon"_ba << QJsonObject{} << -1;
    QTest::newRow("negative") << "-5"_ba << QJsonObject{} << -1;
    QTest::newRow("absent") << QByteArray() << QJsonObject{} << -1;
}

void TestApiClient::retryAfterHeader()
{
    QFETCH(QByteArray, header);
    QFETCH(QJsonObject, body);
    QFETCH(int, expected);

    const QDateTime now(QDate(2026, 11, 22), QTime(9, 0), Qt::UTC);
    QJsonObject errorBody{{u"error"_s, u"Too many requests"_s}, {u"code"_s, u"rate_limited"_s}};
    for (auto it = body.begin(); it != body.end(); ++it)
        errorBody.insert(it.key(), it.value());
    const Error error = apiErrorFromResponse(429, toCompactJson(errorBody), header, now);
    QCOMPARE(error.code, ErrorCode::RateLimited);
    QCOMPARE(error.retryAfter.value_or(-1), expected);
}

void TestApiClient::transportFailures_data()
{
    QTest::addColumn<FakeScript>("script");
    QTest::addColumn<int>("timeoutMs");
    QTest::addColumn<NetworkErrorKind>("kind");
    QTest::addColumn<int>("status");

    FakeScript hang;
    hang.hang = true;
    QTest::newRow("hang ends at the transfer timeout")
            << hang << 150 << NetworkErrorKind::Timeout << 0;
    FakeScript slow = jsonScript(200, fakeTicket(1, 1).toJson());
    slow.delayMs = 1000;
    QTest::newRow("answer slower than the timeout")
            << slow << 150 << NetworkErrorKind::Timeout << 0;
    FakeScript refused;
    refused.transportError = QNetworkReply::ConnectionRefusedError;
    QTest::newRow("connection refused")
            << refused << 5000 << NetworkErrorKind::ConnectionRefused << 0;
    FakeScript notFound;
    notFound.transportError = QNetworkReply::HostNotFoundError;
    QTest::newRow("host not found") << notFound << 5000 << NetworkErrorKind::HostNotFound << 0;
    FakeScript tls;
    tls.transportError = QNetworkReply::SslHandshakeFailedError;
    QTest::newRow("tls handshake") << tls << 5000 << NetworkErrorKind::Tls << 0;
    FakeScript reset = jsonScript(200, fakeTicket(1, 1).toJson());
    reset.resetAfterBytes = 40;
    QTest::newRow("reset mid-body") << reset << 5000 << NetworkErrorKind::ConnectionReset << 200;
    FakeScript malformed;
    malformed.body = "{\"id\": \"7b0c\", \"number\": ";
    QTest::newRow("malformed JSON") << malformed << 5000 << NetworkErrorKind::MalformedBody << 200;
    FakeScript wrongShape = jsonScript(200, QJsonObject{{u"id"_s, 42}});
    QTest::newRow("JSON not a ticket")
            << wrongShape << 5000 << NetworkErrorKind::MalformedBody << 200;
    FakeScript array;
    array.body = "[1,2,3]";
    QTest::newRow("JSON array") << array << 5000 << NetworkErrorKind::MalformedBody << 200;
    FakeScript proxyPage;
    proxyPage.status = 502;
    proxyPage.body = "<html><body>Bad Gateway</body></html>";
    QTest::newRow("proxy HTML 502") << proxyPage << 5000 << NetworkErrorKind::MalformedBody << 502;
}

void TestApiClient::transportFailures()
{
    QFETCH(FakeScript, script);
    QFETCH(int, timeoutMs);
    QFETCH(NetworkErrorKind, kind);
    QFETCH(int, status);

    m_network->setHandler([&](const FakeRequest &) { return script; });
    m_client->setTimeout(timeoutMs);
    QElapsedTimer clock;
    clock.start();
    const auto result = run<Ticket>([&](auto done) { m_client->ticket(u"t-1"_s, nullptr, done); });
    QVERIFY(!result.ok());
    QCOMPARE(result.error().network, kind);
    QCOMPARE(result.error().httpStatus, status);
    QVERIFY(result.error().isNetworkError());
    // Every transport failure is worth retrying except TLS (a wrong certificate stays wrong).
    QCOMPARE(result.error().isTransient(), kind != NetworkErrorKind::Tls);
    QVERIFY(!result.error().message.contains(Token));
    if (kind == NetworkErrorKind::Timeout)
        QVERIFY2(clock.elapsed() < 900, "the timeout, not the slow answer, ended the call");
}

void TestApiClient::transientClassification_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("transient");
    QTest::newRow("400") << 400 << false;
    QTest::newRow("401") << 401 << false;
    QTest::newRow("409") << 409 << false;
    QTest::newRow("422") << 422 << false;
    QTest::newRow("429") << 429 << true;
    QTest::newRow("500") << 500 << true;
    QTest::newRow("503") << 503 << true;
}

void TestApiClient::transientClassification()
{
    QFETCH(int, status);
    QFETCH(bool, transient);
    const Error error = apiErrorFromResponse(status, "{\"error\":\"x\",\"code\":\"?\"}", {});
    QCOMPARE(error.code, ErrorCode::Unknown);
    QCOMPARE(error.isTransient(), transient);
}

void TestApiClient::insecureUrlRefused_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<ApiClient::UrlCheck>("check");
    QTest::newRow("https remote") << QUrl(u"https://tickets.example"_s) << ApiClient::UrlCheck::Ok;
    QTest::newRow("http remote") << QUrl(u"http://tickets.example"_s)
                                 << ApiClient::UrlCheck::InsecureNotLoopback;
    QTest::newRow("http LAN address")
            << QUrl(u"http://192.168.1.20:8080"_s) << ApiClient::UrlCheck::InsecureNotLoopback;
    QTest::newRow("http 127.0.0.1") << QUrl(u"http://127.0.0.1:8080"_s) << ApiClient::UrlCheck::Ok;
    QTest::newRow("http 127.1.2.3") << QUrl(u"http://127.1.2.3"_s) << ApiClient::UrlCheck::Ok;
    QTest::newRow("http localhost") << QUrl(u"http://localhost:8080"_s) << ApiClient::UrlCheck::Ok;
    QTest::newRow("http [::1]") << QUrl(u"http://[::1]:8080"_s) << ApiClient::UrlCheck::Ok;
    QTest::newRow("http localhost lookalike")
            << QUrl(u"http://localhost.evil.example"_s) << ApiClient::UrlCheck::InsecureNotLoopback;
    QTest::newRow("http LOCALHOST") << QUrl(u"http://LOCALHOST:8080"_s) << ApiClient::UrlCheck::Ok;
    QTest::newRow("http 127.255.255.254")
            << QUrl(u"http://127.255.255.254"_s) << ApiClient::UrlCheck::Ok;
    // Names under .localhost go to the system resolver, which may ask the network.
    QTest::newRow("http sub.localhost")
            << QUrl(u"http://foo.localhost:8080"_s) << ApiClient::UrlCheck::InsecureNotLoopback;
    QTest::newRow("http a.b.localhost")
            << QUrl(u"http://a.b.localhost"_s) << ApiClient::UrlCheck::InsecureNotLoopback;
    QTest::newRow("http localhost. (fully qualified)")
            << QUrl(u"http://localhost.:8080"_s) << ApiClient::UrlCheck::InsecureNotLoopback;
    QTest::newRow("http localhost6")
            << QUrl(u"http://localhost6"_s) << ApiClient::UrlCheck::InsecureNotLoopback;
    QTest::newRow("http 128.0.0.1")
            << QUrl(u"http://128.0.0.1"_s) << ApiClient::UrlCheck::InsecureNotLoopback;
    QTest::newRow("http 0.0.0.0") << QUrl(u"http://0.0.0.0:8080"_s)
                                  << ApiClient::UrlCheck::InsecureNotLoopback;
    QTest::newRow("http [::]") << QUrl(u"http://[::]:8080"_s)
                               << ApiClient::UrlCheck::InsecureNotLoopback;
    QTest::newRow("http [::2]") << QUrl(u"http://[::2]"_s)
                                << ApiClient::UrlCheck::InsecureNotLoopback;
    QTest::newRow("http [::ffff:192.168.1.20]")
            << QUrl(u"http://[::ffff:192.168.1.20]"_s) << ApiClient::UrlCheck::InsecureNotLoopback;
    QTest::newRow("http 127.0.0.1.nip.io")
            << QUrl(u"http://127.0.0.1.nip.io"_s) << ApiClient::UrlCheck::InsecureNotLoopback;
    QTest::newRow("ftp") << QUrl(u"ftp://tickets.example"_s)
                         << ApiClient::UrlCheck::UnsupportedScheme;
    QTest::newRow("no host") << QUrl(u"https:///api"_s) << ApiClient::UrlCheck::Invalid;
}

void TestApiClient::insecureUrlRefused()
{
    QFETCH(QUrl, url);
    QFETCH(ApiClient::UrlCheck, check);
    QCOMPARE(ApiClient::checkServerUrl(url), check);

    m_network->setHandler([](const FakeRequest &) { return jsonScript(200, {{u"ok"_s, true}}); });
    ApiClient client(m_network.get(), url, Token);
    const auto result = run<bool>([&](auto done) { client.healthz(nullptr, done); });
    QCOMPARE(result.ok(), check == ApiClient::UrlCheck::Ok);
    // A refused URL is refused before anything leaves the machine.
    QCOMPARE(m_network->requests().size(), check == ApiClient::UrlCheck::Ok ? 1 : 0);
    if (check == ApiClient::UrlCheck::InsecureNotLoopback) {
        QCOMPARE(result.error().network, NetworkErrorKind::InsecureUrl);
        QVERIFY(result.error().message.contains(url.host()));
        QVERIFY(!result.error().isTransient());
    }
}

void TestApiClient::everyRequestHasTimeoutAndToken()
{
    m_network->setHandler([](const FakeRequest &) { return errorScript(ErrorCode::Internal); });
    m_client->setTimeout(4321);
    int finished = 0;
    auto count = [&](const auto &) { ++finished; };
    m_client->me(nullptr, count);
    m_client->createTicket(ProjectId, {{u"title"_s, u"x"_s}}, u"key-1"_s, nullptr, count);
    m_client->listTickets({}, {}, nullptr, count);
    m_client->ticket(u"t"_s, nullptr, count);
    m_client->events(u"t"_s, nullptr, count);
    m_client->changes(0, 1000, nullptr, count);
    m_client->transition(u"t"_s, TicketStatus::Triaged, {}, 3, nullptr, count);
    m_client->healthz(nullptr, count);
    m_client->createViaCapability(u"switchback-engineering"_s, {}, {}, nullptr, count);
    QTRY_COMPARE(finished, 9);
    QCOMPARE(m_network->requests().size(), 9);
    for (const FakeRequest &request : m_network->requests()) {
        QCOMPARE(request.request.transferTimeout(), 4321);
        const bool publicEndpoint
                = request.path() == u"/healthz"_s || request.path().contains(u"capabilities"_s);
        QCOMPARE(request.header("Authorization"),
                 publicEndpoint ? QByteArray() : "Bearer " + Token.toUtf8());
        QCOMPARE(request.request.url().scheme(), u"https"_s);
        if (request.verb == "POST")
            QCOMPARE(request.request.header(QNetworkRequest::ContentTypeHeader).toByteArray(),
                     "application/json"_ba);
    }
}

void TestApiClient::createSendsIdempotencyKeyAndReportsReplay_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("replayHeader");
    QTest::addColumn<bool>("replayed");
    QTest::newRow("201 created") << 201 << false << false;
    QTest::newRow("200 window replay") << 200 << false << true;
    QTest::newRow("201 replayed by key") << 201 << true << true;
}

void TestApiClient::createSendsIdempotencyKeyAndReportsReplay()
{
    QFETCH(int, status);
    QFETCH(bool, replayHeader);
    QFETCH(bool, replayed);

    const Ticket ticket = fakeTicket(7, 70, ProjectId);
    m_network->setHandler([&](const FakeRequest &request) -> std::optional<FakeScript> {
        if (request.verb != "POST"
            || request.path() != u"/api/projects/%1/tickets"_s.arg(ProjectId))
            return std::nullopt;
        QList<QPair<QByteArray, QByteArray>> headers;
        if (replayHeader)
            headers.append(qMakePair("Idempotent-Replayed"_ba, "true"_ba));
        return jsonScript(status, ticket.toJson(), headers);
    });
    const QJsonObject body{{u"title"_s, u"Login broken"_s}};
    const auto result = run<CreatedTicket>([&](auto done) {
        m_client->createTicket(ProjectId, body, u"outbox-0f3a"_s, nullptr, done);
    });
    QVERIFY(result.ok());
    QCOMPARE(result.value().ticket, ticket);
    QCOMPARE(result.value().replayed, replayed);
    QCOMPARE(m_network->requests().size(), 1);
    QCOMPARE(m_network->requests().first().header("Idempotency-Key"), "outbox-0f3a"_ba);
    QCOMPARE(m_network->requests().first().json(), body);
}

void TestApiClient::capabilityCarriesNoTokenAndMapsSeedErrors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QJsonObject>("answer");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("capabilityError"); // -1 none
    QTest::addColumn<ErrorCode>("code");

    QTest::newRow("created") << 201
                             << QJsonObject{{u"ok"_s, true},
                                            {u"ticket_id"_s, u"t-9"_s},
                                            {u"status"_s, u"new"_s}}
                             << true << -1 << ErrorCode::Unknown;
    QTest::newRow("rejects_invalid_kind")
            << 400 << QJsonObject{{u"ok"_s, false}, {u"error"_s, u"invalid_input"_s}} << false
            << int(CapabilityError::InvalidInput) << ErrorCode::ValidationFailed;
    QTest::newRow("invalid_email")
            << 400 << QJsonObject{{u"ok"_s, false}, {u"error"_s, u"invalid_email"_s}} << false
            << int(CapabilityError::InvalidEmail) << ErrorCode::ValidationFailed;
    QTest::newRow("tenant_not_found")
            << 404 << QJsonObject{{u"ok"_s, false}, {u"error"_s, u"tenant_not_found"_s}} << false
            << int(CapabilityError::TenantNotFound) << ErrorCode::NotFound;
    QTest::newRow("unknown_project")
            << 404 << QJsonObject{{u"ok"_s, false}, {u"error"_s, u"unknown_project"_s}} << false
            << int(CapabilityError::UnknownProject) << ErrorCode::UnknownProject;
    QTest::newRow("rate limited, seed shape")
            << 429
            << QJsonObject{{u"ok"_s, false}, {u"code"_s, u"rate_limited"_s}, {u"retryAfter"_s, 3}}
            << false << -1 << ErrorCode::RateLimited;
}

void TestApiClient::capabilityCarriesNoTokenAndMapsSeedErrors()
{
    QFETCH(int, status);
    QFETCH(QJsonObject, answer);
    QFETCH(bool, ok);
    QFETCH(int, capabilityError);
    QFETCH(ErrorCode, code);

    m_network->setHandler([&](const FakeRequest &) { return jsonScript(status, answer); });
    const auto result = run<CapabilityResult>([&](auto done) {
        m_client->createViaCapability(u"switchback-engineering"_s, {{u"kind"_s, u"bug"_s}}, u"k"_s,
                                      nullptr, done);
    });
    QCOMPARE(result.ok(), ok);
    QVERIFY(m_network->requests().first().header("Authorization").isEmpty());
    QCOMPARE(m_network->requests().first().path(),
             u"/api/tenants/switchback-engineering/capabilities/projects.create_ticket"_s);
    if (ok) {
        QCOMPARE(result.value().ticketId, u"t-9"_s);
        QCOMPARE(result.value().status, u"new"_s);
        return;
    }
    QCOMPARE(result.error().code, code);
    QCOMPARE(result.error().capabilityError.has_value(), capabilityError >= 0);
    if (capabilityError >= 0)
        QCOMPARE(int(*result.error().capabilityError), capabilityError);
    if (code == ErrorCode::RateLimited)
        QCOMPARE(result.error().retryAfter.value_or(-1), 3);
}

void TestApiClient::changesPageParsed()
{
    m_network->setHandler([](const FakeRequest &request) -> std::optional<FakeScript> {
        if (request.path() != u"/api/changes"_s)
            return std::nullopt;
        const qint64 since = request.query().queryItemValue(u"since"_s).toLongLong();
        QJsonArray tickets;
        for (qint64 seq = since + 1; seq <= since + 3; ++seq)
            tickets.append(fakeTicket(seq, seq).toJson());
        return jsonScript(200, {{u"tickets"_s, tickets},
                                {u"next_since"_s, since + 3},
                                {u"has_more"_s, since < 3}});
    });
    const auto first
            = run<ChangesPage>([&](auto done) { m_client->changes(0, 1000, nullptr, done); });
    QVERIFY(first.ok());
    QCOMPARE(first.value().tickets.size(), 3);
    QCOMPARE(first.value().tickets.at(2), fakeTicket(3, 3));
    QCOMPARE(first.value().nextSince, 3);
    QVERIFY(first.value().hasMore);
    QCOMPARE(m_network->requests().first().query().queryItemValue(u"limit"_s), u"1000"_s);
    const auto second = run<ChangesPage>(
            [&](auto done) { m_client->changes(first.value().nextSince, 1000, nullptr, done); });
    QVERIFY(second.ok());
    QCOMPARE(second.value().nextSince, 6);
    QVERIFY(!second.value().hasMore);
}

void TestApiClient::changesParsedOffThreadReachOnlyALiveContext()
{
    bool malformed = false;
    bool bigPage = false; // takes the pool thread a while to parse
    m_network->setHandler([&](const FakeRequest &request) -> std::optional<FakeScript> {
        if (request.path() != u"/api/changes"_s)
            return std::nullopt;
        if (bigPage) {
            QJsonArray tickets;
            for (qint64 n = 1; n <= 3000; ++n)
                tickets.append(fakeTicket(n, n).toJson());
            return jsonScript(
                    200,
                    {{u"tickets"_s, tickets}, {u"next_since"_s, 3000}, {u"has_more"_s, false}});
        }
        if (malformed) {
            FakeScript script;
            script.body = R"({"tickets": [{"id": 7}], "next_since": 1, "has_more": false})"_ba;
            return script;
        }
        return jsonScript(200, {{u"tickets"_s, QJsonArray{fakeTicket(1, 1).toJson()}},
                                {u"next_since"_s, 1},
                                {u"has_more"_s, false}});
    });
    // The page is parsed on a pool thread; the answer comes back on the context's thread.
    QObject context;
    bool onContextThread = false;
    const auto page = run<ChangesPage>([&](auto done) {
        m_client->changes(0, 1000, &context, [&, done](const Result<ChangesPage> &result) {
            onContextThread = QThread::currentThread() == context.thread();
            done(result);
        });
    });
    QVERIFY(page.ok());
    QCOMPARE(page.value().tickets.size(), 1);
    QVERIFY(onContextThread);

    // A page that is not what the contract says fails there too, with the reason.
    malformed = true;
    const auto bad
            = run<ChangesPage>([&](auto done) { m_client->changes(0, 1000, &context, done); });
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().network, NetworkErrorKind::MalformedBody);

    // A context destroyed while its page is still being parsed (the user switched accounts
    // mid-sync) hears nothing, and nothing crashes when the parse finishes.
    malformed = false;
    bigPage = true;
    int calls = 0;
    auto *shortLived = new QObject;
    ApiCall *call
            = m_client->changes(0, 1000, shortLived, [&](const Result<ChangesPage> &) { ++calls; });
    // finished comes right after the body went to the pool thread: delete the context then.
    connect(call, &ApiCall::finished, shortLived, [shortLived] { delete shortLived; });
    QTest::qWait(1500);
    QCOMPARE(calls, 0);
}

void TestApiClient::listTicketsBuildsFilterQuery()
{
    m_network->setHandler([](const FakeRequest &) {
        return jsonScript(200, {{u"tickets"_s, QJsonArray{fakeTicket(5, 5).toJson()}},
                                {u"next_cursor"_s, u"c-2"_s}});
    });
    RemoteTicketFilter filter;
    filter.project = u"inbox"_s;
    filter.statuses = {TicketStatus::New, TicketStatus::Triaged};
    filter.priorities = {Priority::Urgent};
    filter.limit = 9999;
    const auto page = run<TicketPage>(
            [&](auto done) { m_client->listTickets(filter, u"c-1"_s, nullptr, done); });
    QVERIFY(page.ok());
    QCOMPARE(page.value().nextCursor.value_or(QString()), u"c-2"_s);
    QCOMPARE(page.value().tickets.size(), 1);
    const QUrlQuery query = m_network->requests().first().query();
    QCOMPARE(query.queryItemValue(u"project"_s), u"inbox"_s);
    QCOMPARE(query.queryItemValue(u"status"_s), u"new,triaged"_s);
    QCOMPARE(query.queryItemValue(u"priority"_s), u"urgent"_s);
    QVERIFY(!query.hasQueryItem(u"request_type"_s));
    QCOMPARE(query.queryItemValue(u"limit"_s), u"500"_s); // clamped to the contract's maximum
    QCOMPARE(query.queryItemValue(u"cursor"_s), u"c-1"_s);
}

void TestApiClient::meAndEventsParsed()
{
    m_network->setHandler([](const FakeRequest &request) -> std::optional<FakeScript> {
        if (request.path() == u"/api/me"_s)
            return jsonScript(200,
                              {{u"user"_s, QJsonObject{{u"id"_s, u"u-olive"_s},
                                                       {u"name"_s, u"Olive Owner"_s},
                                                       {u"email"_s, u"olive@switchback.test"_s},
                                                       {u"role"_s, u"owner"_s}}},
                               {u"tenant"_s, QJsonObject{{u"slug"_s, u"switchback-engineering"_s},
                                                         {u"name"_s, u"Switchback Engineering"_s}}},
                               {u"projects"_s,
                                QJsonArray{QJsonObject{{u"id"_s, ProjectId},
                                                       {u"name"_s, u"Web app"_s},
                                                       {u"roles"_s, QJsonArray{u"frontend"_s}}}}}});
        if (request.path().endsWith(u"/events"_s))
            return jsonScript(
                    200, {{u"events"_s,
                           QJsonArray{QJsonObject{{u"seq"_s, 1},
                                                  {u"type"_s, u"created"_s},
                                                  {u"from"_s, QJsonValue::Null},
                                                  {u"to"_s, u"new"_s},
                                                  {u"actor_id"_s, u"u-carl"_s},
                                                  {u"note"_s, u""_s},
                                                  {u"at"_s, u"2026-11-22T09:15:02.120Z"_s}},
                                      QJsonObject{{u"seq"_s, 2},
                                                  {u"type"_s, u"status_changed"_s},
                                                  {u"from"_s, u"new"_s},
                                                  {u"to"_s, u"closed"_s},
                                                  {u"actor_id"_s, u"u-olive"_s},
                                                  {u"note"_s, u"duplicate of #3"_s},
                                                  {u"at"_s, u"2026-11-22T10:00:00.000Z"_s}}}}});
        return std::nullopt;
    });
    const auto me = run<MeInfo>([&](auto done) { m_client->me(nullptr, done); });
    QVERIFY(me.ok());
    QCOMPARE(me.value().user.role, u"owner"_s);
    QCOMPARE(me.value().tenant.slug, u"switchback-engineering"_s);
    QCOMPARE(me.value().projects.size(), 1);
    QCOMPARE(me.value().projects.first().roles, QStringList{u"frontend"_s});

    const auto events = run<QList<TicketEvent>>(
            [&](auto done) { m_client->events(u"t-1"_s, nullptr, done); });
    QVERIFY(events.ok());
    QCOMPARE(events.value().size(), 2);
    QVERIFY(!events.value().at(0).from.has_value());
    QCOMPARE(events.value().at(1).to, TicketStatus::Closed);
    QCOMPARE(events.value().at(1).note, u"duplicate of #3"_s);
    QCOMPARE(events.value().at(1).at, QDateTime(QDate(2026, 11, 22), QTime(10, 0), Qt::UTC));

    (void)run<QList<TicketEvent>>([&](auto done) { m_client->events(u"../me"_s, nullptr, done); });
    // An id is one path segment, never a way to reach another route.
    QCOMPARE(m_network->requests().last().path(), u"/api/tickets/../me/events"_s);
    QCOMPARE(m_network->requests().last().request.url().path(QUrl::FullyEncoded),
             u"/api/tickets/..%2Fme/events"_s);
}

void TestApiClient::transitionBody()
{
    m_network->setHandler(
            [](const FakeRequest &) { return jsonScript(200, fakeTicket(1, 9).toJson()); });
    const auto result = run<Ticket>([&](auto done) {
        m_client->transition(u"t-1"_s, TicketStatus::Closed, u"spam"_s, 4, nullptr, done);
    });
    QVERIFY(result.ok());
    QCOMPARE(m_network->requests().first().path(), u"/api/tickets/t-1/transitions"_s);
    QCOMPARE(m_network->requests().first().json(),
             (QJsonObject{
                     {u"to"_s, u"closed"_s}, {u"note"_s, u"spam"_s}, {u"expected_version"_s, 4}}));
    QCOMPARE(td::transitionBody(TicketStatus::Triaged, {}, std::nullopt),
             (QJsonObject{{u"to"_s, u"triaged"_s}}));
}

void TestApiClient::abortEndsWithCancelledOnce()
{
    FakeScript hang;
    hang.hang = true;
    m_network->setHandler([&](const FakeRequest &) { return hang; });
    int calls = 0;
    NetworkErrorKind kind = NetworkErrorKind::None;
    ApiCall *call = m_client->healthz(nullptr, [&](const Result<bool> &result) {
        ++calls;
        kind = result.error().network;
    });
    QSignalSpy finished(call, &ApiCall::finished);
    QTest::qWait(20);
    call->abort();
    QTRY_COMPARE(calls, 1);
    QCOMPARE(kind, NetworkErrorKind::Cancelled);
    QCOMPARE(finished.size(), 1);
    QTest::qWait(50);
    QCOMPARE(calls, 1);
}

void TestApiClient::destroyedContextSkipsCallback()
{
    m_network->setHandler([](const FakeRequest &) {
        FakeScript script = jsonScript(200, {{u"ok"_s, true}});
        script.delayMs = 30;
        return script;
    });
    auto context = std::make_unique<QObject>();
    int calls = 0;
    ApiCall *call = m_client->healthz(context.get(), [&](const auto &) { ++calls; });
    QSignalSpy finished(call, &ApiCall::finished);
    context.reset();
    QVERIFY(finished.wait(2000));
    QCOMPARE(calls, 0);
}

void TestApiClient::realSocketHangTimesOut()
{
    // The real Qt HTTP stack, against a loopback listener that accepts and never answers.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    QList<QTcpSocket *> accepted;
    connect(&silent, &QTcpServer::newConnection, this,
            [&] { accepted.append(silent.nextPendingConnection()); });
    QNetworkAccessManager network;
    ApiClient client(&network, QUrl(u"http://127.0.0.1:%1"_s.arg(silent.serverPort())), Token);
    client.setTimeout(200);
    QElapsedTimer clock;
    clock.start();
    const auto result = run<MeInfo>([&](auto done) { client.me(nullptr, done); });
    QVERIFY(!result.ok());
    QCOMPARE(result.error().network, NetworkErrorKind::Timeout);
    QVERIFY(clock.elapsed() < 3000);
    QCOMPARE(accepted.size(), 1);
}

void TestApiClient::realSocketRefused()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close(); // nothing listens there now
    QNetworkAccessManager network;
    ApiClient client(&network, QUrl(u"http://127.0.0.1:%1"_s.arg(port)), Token);
    const auto result = run<bool>([&](auto done) { client.healthz(nullptr, done); });
    QVERIFY(!result.ok());
    QCOMPARE(result.error().network, NetworkErrorKind::ConnectionRefused);
    QVERIFY(result.error().isTransient());
}

void TestApiClient::baseUrlWithPathPrefix()
{
    ApiClient client(m_network.get(), QUrl(u"https://example.org/triage/"_s), Token);
    m_network->setHandler([](const FakeRequest &) { return jsonScript(200, {{u"ok"_s, true}}); });
    QVERIFY(run<bool>([&](auto done) { client.healthz(nullptr, done); }).ok());
    QCOMPARE(m_network->requests().first().request.url().toString(),
             u"https://example.org/triage/healthz"_s);
}

QTEST_MAIN(TestApiClient)
#include "tst_apiclient.moc"
