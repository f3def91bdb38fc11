// The real triagedesk-server on PostgreSQL: the contract's promises with one and with two
// instances on one database, the delta feed under concurrent writers, and PostgreSQL going
// away and coming back under load.

#include "support/pgcluster.h"
#include "support/serverprocess.h"
#include "support/testdata.h"
#include "support/testhttpclient.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QUuid>

#include <functional>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace td;
using td::test::HttpResult;
using td::test::ServerProcess;
using td::test::TestHttpClient;

namespace {

const QStringList NoLimits{u"--create-rate"_s, u"0"_s, u"--request-rate"_s, u"0"_s,
                           u"--no-access-log"_s};

QString createPath()
{
    return u"/api/projects/%1/tickets"_s.arg(testdata::WebProjectId);
}

QJsonObject ticketBody(const QString &title)
{
    return {{u"title"_s, title}, {u"description"_s, u"steps"_s}, {u"request_type"_s, u"bug"_s}};
}

// One finished request of the load driver.
struct Done
{
    int status = 0;
    QByteArray body;
    bool replayed = false;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

// Many requests in flight at once from one thread, on one event loop: writers that each send
// their next request when the previous one answered, and pollers. Bounded by a deadline.
class Load : public QObject
{
public:
    using Next = std::function<std::optional<QNetworkRequest>(QByteArray *body)>;
    using Finished = std::function<void(const Done &)>;

    // Starts a loop: next() builds the request (nullopt: this loop is done), finished() sees
    // its answer. Body empty: GET, else POST.
    void loop(Next next, Finished finished)
    {
        ++m_active;
        // The loops live as long as this object; each one calls itself again on an answer.
        m_steps.push_back(std::make_unique<std::function<void()>>());
        std::function<void()> *step = m_steps.back().get();
        *step = [this, next = std::move(next), finished = std::move(finished), step] {
            QByteArray body;
            const auto request = next(&body);
            if (!request) {
                --m_active;
                return;
            }
            QNetworkReply *reply
                    = body.isEmpty() ? m_nam.get(*request) : m_nam.post(*request, body);
            QObject::connect(reply, &QNetworkReply::finished, this, [reply, finished, step] {
                Done done;
                done.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                done.body = reply->readAll();
                done.replayed = reply->rawHeader("Idempotent-Replayed") == "true";
                reply->deleteLater();
                finished(done);
                (*step)();
            });
        };
        (*step)();
    }

    // Runs the event loop until every loop finished or `timeoutMs` passed.
    bool run(int timeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        while (m_active > 0 && timer.elapsed() < timeoutMs)
            QTest::qWait(20);
        return m_active == 0;
    }

private:
    QNetworkAccessManager m_nam;
    std::vector<std::unique_ptr<std::function<void()>>> m_steps;
    int m_active = 0;
};

QNetworkRequest jsonRequest(const QUrl &base, const QString &path, const QString &token,
                            const QList<QPair<QByteArray, QByteArray>> &headers = {})
{
    QNetworkRequest request(base.resolved(QUrl(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer "_ba + token.toUtf8());
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    request.setTransferTimeout(15'000);
    return request;
}

// Starts `serve` on 127.0.0.1:0 with `args` and returns its URL (empty if it did not start).
QUrl launchServe(QProcess &serve, const QStringList &args,
                 const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    serve.setProcessEnvironment(env);
    serve.start(ServerProcess::serverBinary(),
                QStringList{u"serve"_s, u"--listen"_s, u"127.0.0.1:0"_s} + args);
    if (!serve.waitForStarted(10'000))
        return {};
    static const QRegularExpression listening(u"listening on (http://\\S+)"_s);
    QByteArray out;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 20'000 && serve.state() == QProcess::Running) {
        serve.waitForReadyRead(200);
        out += serve.readAllStandardOutput();
        const auto match = listening.match(QString::fromUtf8(out));
        if (match.hasMatch())
            return QUrl(match.captured(1));
    }
    return {};
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

class tst_PostgresServer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void contractBehaviourOnPostgres();
    void passwordFileAndNoPasswordInLogs();
    void identicalCreatesOnTwoInstancesMakeOneTicket_data();
    void identicalCreatesOnTwoInstancesMakeOneTicket();
    void keyedTransitionRetriedOnTwoInstancesMovesOnce();
    void feedSeesEveryTicketExactlyOnceWhileTwoInstancesWrite();
    void survivesPostgresRestartUnderLoad();
    void startsWhilePostgresIsDownAndRecovers();

private:
    QString spec() const;
    std::unique_ptr<ServerProcess> startServer();
    // Reads the whole feed from `since`, following next_since; empty on failure.
    QList<QJsonObject> readFeed(const QUrl &base, qint64 since = 0);

    td::test::PgCluster m_cluster;
    QString m_database;
    int m_counter = 0;
};

void tst_PostgresServer::initTestCase()
{
    const QString why = td::test::PgCluster::unavailableReason();
    if (!why.isEmpty())
        QSKIP(qPrintable(why));
    if (ServerProcess::serverBinary().isEmpty())
        QSKIP("TRIAGEDESK_SERVER_BIN is not set");
    QString error;
    QVERIFY2(m_cluster.start(&error), qPrintable(error));
}

void tst_PostgresServer::cleanupTestCase()
{
    m_cluster.stop();
}

void tst_PostgresServer::init()
{
    QString error;
    if (!m_cluster.isRunning())
        QVERIFY2(m_cluster.start(&error), qPrintable(error));
    if (!m_database.isEmpty())
        QVERIFY2(m_cluster.dropDatabase(m_database, &error), qPrintable(error));
    m_database = u"s%1"_s.arg(++m_counter);
    QVERIFY2(m_cluster.createDatabase(m_database, &error), qPrintable(error));
}

QString tst_PostgresServer::spec() const
{
    // bootstrap and token commands get the password the same way as serve.
    return m_cluster.databaseSpec(m_database) + u"?password_file="_s + m_cluster.passwordFile();
}

std::unique_ptr<ServerProcess> tst_PostgresServer::startServer()
{
    auto server = std::make_unique<ServerProcess>(NoLimits);
    server->setDatabaseSpec(spec());
    QString error;
    if (!server->start(&error)) {
        qWarning("%s", qPrintable(error));
        return nullptr;
    }
    return server;
}

QList<QJsonObject> tst_PostgresServer::readFeed(const QUrl &base, qint64 since)
{
    TestHttpClient client(base);
    QList<QJsonObject> tickets;
    for (int page = 0; page < 100; ++page) {
        const HttpResult r = client.get(u"/api/changes?since=%1&limit=1000"_s.arg(since),
                                        testdata::OwnerToken);
        if (r.status != 200)
            return {};
        const QJsonArray batch = r.json().value(u"tickets"_s).toArray();
        for (const QJsonValue &t : batch)
            tickets.append(t.toObject());
        since = r.json().value(u"next_since"_s).toInteger();
        if (!r.json().value(u"has_more"_s).toBool())
            break;
    }
    return tickets;
}

void tst_PostgresServer::contractBehaviourOnPostgres()
{
    auto server = startServer();
    QVERIFY(server);
    TestHttpClient http(server->baseUrl());

    QCOMPARE(http.get(u"/healthz"_s).status, 200);
    const HttpResult me = http.get(u"/api/me"_s, testdata::ClientToken);
    QCOMPARE(me.status, 200);
    QCOMPARE(me.json()[u"tenant"_s][u"slug"_s].toString(), testdata::TenantSlug);

    // 201 with Location; the same title again within 60 s is the same ticket (200).
    const HttpResult created
            = http.post(createPath(), ticketBody(u"Login broken"_s), testdata::ClientToken);
    QCOMPARE(created.status, 201);
    const QString id = created.json()[u"id"_s].toString();
    QCOMPARE(created.header("location"), "/api/tickets/"_ba + id.toUtf8());
    QCOMPARE(created.json()[u"number"_s].toInt(), 1);
    const HttpResult again
            = http.post(createPath(), ticketBody(u"Login broken"_s), testdata::ClientToken);
    QCOMPARE(again.status, 200);
    QCOMPARE(again.json()[u"id"_s].toString(), id);

    // Idempotency-Key: replay, then 422 for another body under the same key.
    const td::test::HeaderList key{{"Idempotency-Key"_ba, "k-1"_ba}};
    const HttpResult keyed
            = http.post(createPath(), ticketBody(u"Export fails"_s), testdata::ClientToken, key);
    QCOMPARE(keyed.status, 201);
    const HttpResult replay
            = http.post(createPath(), ticketBody(u"Export fails"_s), testdata::ClientToken, key);
    QCOMPARE(replay.status, 201);
    QCOMPARE(replay.header("idempotent-replayed"), "true"_ba);
    QCOMPARE(replay.body, keyed.body);
    const HttpResult reused
            = http.post(createPath(), ticketBody(u"Other"_s), testdata::ClientToken, key);
    QCOMPARE(reused.status, 422);
    QCOMPARE(reused.code(), u"idempotency_key_reused"_s);

    // The capability: public intake into the inbox, window per (tenant, email, subject).
    const QJsonObject capability{{u"requester_name"_s, u"Rita"_s},
                                 {u"requester_email"_s, u"Rita@Example.test"_s},
                                 {u"kind"_s, u"question"_s},
                                 {u"subject"_s, u"Invoice"_s},
                                 {u"body"_s, u"Where is it?"_s}};
    const QString capPath
            = u"/api/tenants/%1/capabilities/projects.create_ticket"_s.arg(testdata::TenantSlug);
    const HttpResult cap1 = http.post(capPath, capability);
    QCOMPARE(cap1.status, 201);
    QJsonObject sameAgain = capability;
    sameAgain[u"requester_email"_s] = u"rita@example.TEST"_s;
    const HttpResult cap2 = http.post(capPath, sameAgain);
    QCOMPARE(cap2.status, 200);
    QCOMPARE(cap2.json()[u"ticket_id"_s], cap1.json()[u"ticket_id"_s]);

    // Visibility: the other client and the other tenant get 404, the owner sees all three.
    QCOMPARE(http.get(u"/api/tickets/"_s + id, testdata::SecondClientToken).status, 404);
    QCOMPARE(http.get(u"/api/tickets/"_s + id, testdata::OtherOwnerToken).status, 404);
    QCOMPARE(http.get(u"/api/tickets"_s, testdata::ClientToken)
                     .json()[u"tickets"_s]
                     .toArray()
                     .size(),
             2);
    QCOMPARE(
            http.get(u"/api/tickets"_s, testdata::OwnerToken).json()[u"tickets"_s].toArray().size(),
            3);

    // Transitions: version check, the allowed steps, a new seq.
    const HttpResult triaged = http.post(u"/api/tickets/%1/transitions"_s.arg(id),
                                         {{u"to"_s, u"triaged"_s}, {u"expected_version"_s, 1}},
                                         testdata::OwnerToken);
    QCOMPARE(triaged.status, 200);
    QCOMPARE(triaged.json()[u"version"_s].toInt(), 2);
    QVERIFY(triaged.json()[u"seq"_s].toInteger() > created.json()[u"seq"_s].toInteger());
    const HttpResult stale = http.post(u"/api/tickets/%1/transitions"_s.arg(id),
                                       {{u"to"_s, u"in_progress"_s}, {u"expected_version"_s, 1}},
                                       testdata::OwnerToken);
    QCOMPARE(stale.status, 409);
    QCOMPARE(stale.code(), u"version_conflict"_s);
    const HttpResult skip = http.post(u"/api/tickets/%1/transitions"_s.arg(id),
                                      {{u"to"_s, u"new"_s}}, testdata::OwnerToken);
    QCOMPARE(skip.status, 409);
    QCOMPARE(skip.code(), u"invalid_transition"_s);
    QCOMPARE(http.get(u"/api/tickets/%1/events"_s.arg(id), testdata::ClientToken)
                     .json()[u"events"_s]
                     .toArray()
                     .size(),
             2);

    // The feed: each ticket once, by seq, the transitioned one at its new seq.
    const QList<QJsonObject> feed = readFeed(server->baseUrl());
    QCOMPARE(feed.size(), 3);
    QCOMPARE(feed.last()[u"id"_s].toString(), id);
    for (qsizetype i = 1; i < feed.size(); ++i)
        QVERIFY(feed[i][u"seq"_s].toInteger() > feed[i - 1][u"seq"_s].toInteger());

    // The CLI revokes a token while the server runs on the same database.
    const QString token = server->issueToken(testdata::ClientId);
    QVERIFY(!token.isEmpty());
    QCOMPARE(http.get(u"/api/me"_s, token).status, 200);
    QVERIFY(server->revokeToken(token));
    QCOMPARE(http.get(u"/api/me"_s, token).code(), u"token_revoked"_s);
}

void tst_PostgresServer::passwordFileAndNoPasswordInLogs()
{
    auto bootstrapped = startServer(); // creates the schema and the test tenants
    QVERIFY(bootstrapped);
    bootstrapped->stop();

    // serve with the URL alone: the password comes only from --database-password-file.
    QProcess serve;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"PGPASSWORD"_s);
    const QUrl base = launchServe(serve,
                                  {u"--database"_s, m_cluster.databaseSpec(m_database),
                                   u"--database-password-file"_s, m_cluster.passwordFile()},
                                  env);
    QVERIFY2(!base.isEmpty(), serve.readAllStandardError().constData());
    TestHttpClient http(base);
    QCOMPARE(http.get(u"/healthz"_s).status, 200);
    QCOMPARE(http.get(u"/api/me"_s, testdata::OwnerToken).status, 200);
    serve.terminate();
    QVERIFY(serve.waitForFinished(15'000));
    const QByteArray log = serve.readAllStandardError() + bootstrapped->serverLog();
    QVERIFY(!log.contains(m_cluster.password().toUtf8()));

    // A password in the URL is refused before anything connects, and not echoed.
    const auto refused = ServerProcess::runCommand(
            {u"serve"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--database"_s,
             u"postgresql://triagedesk:hunter2@127.0.0.1:%1/%2"_s.arg(m_cluster.port())
                     .arg(m_database)});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY(!refused.standardError.contains("hunter2"));
}

void tst_PostgresServer::identicalCreatesOnTwoInstancesMakeOneTicket_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("portal, duplicate window") << u"window"_s;
    QTest::newRow("portal, Idempotency-Key") << u"key"_s;
    QTest::newRow("capability, duplicate window") << u"capability"_s;
}

// 50 identical creates, 25 to each instance, all in flight together: one ticket.
void tst_PostgresServer::identicalCreatesOnTwoInstancesMakeOneTicket()
{
    QFETCH(QString, kind);
    auto a = startServer();
    QVERIFY(a);
    auto b = startServer();
    QVERIFY(b);

    const QString capPath
            = u"/api/tenants/%1/capabilities/projects.create_ticket"_s.arg(testdata::TenantSlug);
    QList<Done> answers;
    Load load;
    for (int i = 0; i < 50; ++i) {
        const QUrl base = (i % 2 ? b : a)->baseUrl();
        auto sent = std::make_shared<bool>(false);
        load.loop(
                [=](QByteArray *body) -> std::optional<QNetworkRequest> {
                    if (*sent)
                        return std::nullopt;
                    *sent = true;
                    if (kind == u"capability"_s) {
                        *body = compact({{u"requester_name"_s, u"Rita"_s},
                                         {u"requester_email"_s, u"rita@example.test"_s},
                                         {u"kind"_s, u"bug"_s},
                                         {u"subject"_s, u"Same subject"_s},
                                         {u"body"_s, u"b"_s}});
                        return jsonRequest(base, capPath, {});
                    }
                    // With a key the window cannot join them: only the key may.
                    const bool keyed = kind == u"key"_s;
                    *body = compact(ticketBody(keyed ? u"Same key"_s : u"Same title"_s));
                    return jsonRequest(
                            base, createPath(), testdata::OwnerToken,
                            keyed ? QList<QPair<QByteArray, QByteArray>>{{"Idempotency-Key"_ba,
                                                                          "same-key"_ba}}
                                  : QList<QPair<QByteArray, QByteArray>>{});
                },
                [&answers](const Done &done) { answers.append(done); });
    }
    QVERIFY(load.run(30'000));
    QCOMPARE(answers.size(), 50);

    QSet<QString> ids;
    int created = 0;
    for (const Done &done : std::as_const(answers)) {
        QVERIFY2(done.status == 200 || done.status == 201, done.body.constData());
        const QJsonObject json = done.json();
        ids.insert(json.contains(u"ticket_id"_s) ? json[u"ticket_id"_s].toString()
                                                 : json[u"id"_s].toString());
        if (done.status == 201 && !done.replayed)
            ++created;
    }
    QCOMPARE(ids.size(), 1);
    QCOMPARE(created, 1);
    if (kind == u"key"_s) {
        // Joined by the key, not by the window: every answer is the first one's replay.
        for (const Done &done : std::as_const(answers))
            QCOMPARE(done.status, 201);
    }
    QCOMPARE(readFeed(a->baseUrl()).size(), 1);
    QCOMPARE(readFeed(b->baseUrl()).size(), 1);
}

// Contract v1.1: a transition retried with its Idempotency-Key, 20 copies at once, half to
// each instance: the ticket moves once and every copy gets the first 200 (the advisory lock on
// the key makes the copies on the other instance wait for the first commit).
void tst_PostgresServer::keyedTransitionRetriedOnTwoInstancesMovesOnce()
{
    auto a = startServer();
    QVERIFY(a);
    auto b = startServer();
    QVERIFY(b);
    TestHttpClient client(a->baseUrl());
    const HttpResult created
            = client.post(createPath(), ticketBody(u"Move me once"_s), testdata::OwnerToken);
    QCOMPARE(created.status, 201);
    const QString ticket = u"/api/tickets/"_s + created.json()[u"id"_s].toString();
    const QString path = ticket + u"/transitions"_s;

    QList<Done> answers;
    Load load;
    for (int i = 0; i < 20; ++i) {
        const QUrl base = (i % 2 ? b : a)->baseUrl();
        auto sent = std::make_shared<bool>(false);
        load.loop(
                [=](QByteArray *body) -> std::optional<QNetworkRequest> {
                    if (*sent)
                        return std::nullopt;
                    *sent = true;
                    *body = compact({{u"to"_s, u"triaged"_s}, {u"expected_version"_s, 1}});
                    return jsonRequest(base, path, testdata::OwnerToken,
                                       {{"Idempotency-Key"_ba, "move-once"_ba}});
                },
                [&answers](const Done &done) { answers.append(done); });
    }
    QVERIFY(load.run(30'000));
    QCOMPARE(answers.size(), 20);
    int applied = 0;
    for (const Done &done : std::as_const(answers)) {
        QVERIFY2(done.status == 200, done.body.constData());
        QCOMPARE(done.json()[u"version"_s].toInt(), 2);
        applied += !done.replayed;
    }
    QCOMPARE(applied, 1);
    const HttpResult events
            = TestHttpClient(b->baseUrl()).get(ticket + u"/events"_s, testdata::OwnerToken);
    QCOMPARE(events.json()[u"events"_s].toArray().size(), 2);
}

// 8 writers through two instances for ~8 s while a reader polls instance A's feed: every
// acknowledged ticket shows up exactly once and seq only grows. A seq committed after a
// larger one that the reader had already passed would be missing here.
void tst_PostgresServer::feedSeesEveryTicketExactlyOnceWhileTwoInstancesWrite()
{
    auto a = startServer();
    QVERIFY(a);
    auto b = startServer();
    QVERIFY(b);

    constexpr qint64 WriteMs = 8'000;
    QElapsedTimer clock;
    clock.start();
    QSet<QString> acknowledged;
    int failures = 0;
    QList<QJsonObject> seen;
    qint64 since = 0;
    bool writersDone = false;
    int polls = 0;

    Load load;
    for (int w = 0; w < 8; ++w) {
        const QUrl base = (w % 2 ? b : a)->baseUrl();
        auto n = std::make_shared<int>(0);
        load.loop(
                [=, &clock](QByteArray *body) -> std::optional<QNetworkRequest> {
                    if (clock.elapsed() > WriteMs)
                        return std::nullopt;
                    *body = compact(ticketBody(u"w%1-%2"_s.arg(w).arg((*n)++)));
                    return jsonRequest(base, createPath(), testdata::OwnerToken);
                },
                [&](const Done &done) {
                    if (done.status == 201)
                        acknowledged.insert(done.json()[u"id"_s].toString());
                    else
                        ++failures;
                });
    }
    // The reader stops once the writers are done and one poll came back empty.
    auto lastEmpty = std::make_shared<bool>(false);
    load.loop(
            [&, lastEmpty](QByteArray *) -> std::optional<QNetworkRequest> {
                writersDone = clock.elapsed() > WriteMs + 1'000;
                if (writersDone && *lastEmpty)
                    return std::nullopt;
                return jsonRequest(a->baseUrl(), u"/api/changes?since=%1&limit=200"_s.arg(since),
                                   testdata::OwnerToken);
            },
            [&, lastEmpty](const Done &done) {
                ++polls;
                if (done.status != 200) {
                    ++failures;
                    return;
                }
                const QJsonObject json = done.json();
                const QJsonArray batch = json[u"tickets"_s].toArray();
                for (const QJsonValue &t : batch)
                    seen.append(t.toObject());
                since = json[u"next_since"_s].toInteger();
                *lastEmpty = writersDone && batch.isEmpty();
            });
    QVERIFY(load.run(40'000));
    QCOMPARE(failures, 0);
    QVERIFY2(acknowledged.size() > 100, qPrintable(QString::number(acknowledged.size())));
    QVERIFY(polls > 20);

    QSet<QString> seenIds;
    qint64 lastSeq = 0;
    for (const QJsonObject &t : std::as_const(seen)) {
        const QString id = t[u"id"_s].toString();
        QVERIFY2(!seenIds.contains(id), qPrintable(u"seen twice: "_s + id));
        seenIds.insert(id);
        QVERIFY(t[u"seq"_s].toInteger() > lastSeq);
        lastSeq = t[u"seq"_s].toInteger();
    }
    QCOMPARE(seenIds, acknowledged);
    qInfo("%lld tickets through two instances, %d feed polls", qint64(acknowledged.size()), polls);
}

// PostgreSQL stops hard (like a crash) and comes back while writers keep sending: /healthz
// says 503 meanwhile, failures are plain 500 internal without SQL text, the same server
// process recovers by itself, and no acknowledged ticket is lost.
void tst_PostgresServer::survivesPostgresRestartUnderLoad()
{
    auto server = startServer();
    QVERIFY(server);
    const qint64 pid = server->pid();
    const QUrl base = server->baseUrl();

    QSet<QString> acknowledged;
    QList<Done> failures;
    bool stopWriters = false;
    Load load;
    for (int w = 0; w < 4; ++w) {
        auto n = std::make_shared<int>(0);
        load.loop(
                [=, &stopWriters](QByteArray *body) -> std::optional<QNetworkRequest> {
                    if (stopWriters)
                        return std::nullopt;
                    *body = compact(ticketBody(u"r%1-%2"_s.arg(w).arg((*n)++)));
                    return jsonRequest(base, createPath(), testdata::OwnerToken);
                },
                [&](const Done &done) {
                    if (done.status == 201)
                        acknowledged.insert(done.json()[u"id"_s].toString());
                    else
                        failures.append(done);
                });
    }
    load.run(1'500);
    const qsizetype beforeStop = acknowledged.size();
    QVERIFY(beforeStop > 0);

    QVERIFY(m_cluster.stop(u"immediate"_s));
    TestHttpClient http(base);
    load.run(1'000);
    const HttpResult down = http.get(u"/healthz"_s);
    QCOMPARE(down.status, 503);
    QCOMPARE(down.json()[u"ok"_s].toBool(), false);

    QString error;
    QVERIFY2(m_cluster.start(&error), qPrintable(error));
    QElapsedTimer recovery;
    recovery.start();
    while (http.get(u"/healthz"_s).status != 200 && recovery.elapsed() < 20'000)
        load.run(200);
    QCOMPARE(http.get(u"/healthz"_s).status, 200);
    const qsizetype atRecovery = acknowledged.size();
    load.run(1'500);
    stopWriters = true;
    QVERIFY(load.run(20'000));

    QVERIFY2(acknowledged.size() > atRecovery, "no ticket was created after PostgreSQL returned");
    QCOMPARE(server->pid(), pid);
    QVERIFY(server->isRunning());
    for (const Done &failure : std::as_const(failures)) {
        QVERIFY2(failure.status == 500 || failure.status == 503, failure.body.constData());
        QVERIFY2(failure.json()[u"code"_s].toString() == u"internal"_s
                         || failure.json()[u"code"_s].toString() == u"overloaded"_s,
                 failure.body.constData());
        QVERIFY2(!failure.body.contains("QPSQL") && !failure.body.contains("INSERT")
                         && !failure.body.contains("tenants"),
                 failure.body.constData());
    }
    // Every ticket a client was told about (201) survived the crash.
    QSet<QString> stored;
    for (const QJsonObject &t : readFeed(base))
        stored.insert(t[u"id"_s].toString());
    for (const QString &id : std::as_const(acknowledged))
        QVERIFY2(stored.contains(id), qPrintable(u"acknowledged but lost: "_s + id));
    qInfo("%lld acknowledged, %lld failed during the outage", qint64(acknowledged.size()),
          qint64(failures.size()));
}

// PostgreSQL is down when the server starts: it listens anyway, /healthz says 503 and API
// calls get 500 internal; once PostgreSQL is up the same process serves normally.
void tst_PostgresServer::startsWhilePostgresIsDownAndRecovers()
{
    {
        auto bootstrapped = startServer(); // schema and the test tenants
        QVERIFY(bootstrapped);
    }
    QVERIFY(m_cluster.stop());
    QProcess server;
    const QUrl base = launchServe(server, {u"--database"_s, spec()});
    QVERIFY2(!base.isEmpty(), server.readAllStandardError().constData());
    TestHttpClient http(base);
    const HttpResult health = http.get(u"/healthz"_s);
    QCOMPARE(health.status, 503);
    QCOMPARE(health.json()[u"ok"_s].toBool(), false);
    const HttpResult me = http.get(u"/api/me"_s, testdata::OwnerToken);
    QCOMPARE(me.status, 500);
    QCOMPARE(me.code(), u"internal"_s);

    QString error;
    QVERIFY2(m_cluster.start(&error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(http.get(u"/healthz"_s).status, 200, 15'000);
    QCOMPARE(http.get(u"/api/me"_s, testdata::OwnerToken).status, 200);
    QCOMPARE(
            http.post(createPath(), ticketBody(u"After the outage"_s), testdata::OwnerToken).status,
            201);
    QCOMPARE(server.state(), QProcess::Running); // the same process, never restarted
    server.terminate();
    QVERIFY(server.waitForFinished(15'000));
}

QTEST_GUILESS_MAIN(tst_PostgresServer)
#include "tst_postgresserver.moc"
