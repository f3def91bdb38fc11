#include "faketicketserver.h"
#include "store/cachedatabase.h"
#include "store/outbox.h"
#include "store/ticketcache.h"
#include "sync/syncengine.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace td;
using namespace td::test;

namespace td {
inline char *toString(OutboxState state)
{
    return QTest::toString(toWire(state));
}
inline char *toString(SyncEngine::State state)
{
    return QTest::toString(int(state));
}
inline char *toString(ErrorCode code)
{
    return QTest::toString(toWire(code));
}
} // namespace td

namespace {

// The store error a call ended with (None on success), so a failing QCOMPARE names it.
StoreError storeError(const Status &status)
{
    return status.ok() ? StoreError::None : status.error().storage;
}

const QString ProjectId = u"2489E9AD-2EE2-8E00-8EC9-32D5F69181C0"_s;

QJsonObject createBody(const QString &title)
{
    return {{u"title"_s, title},
            {u"description"_s, u"Steps: open the page"_s},
            {u"request_type"_s, u"bug"_s}};
}

} // namespace

// One account's cache in a temp dir, the fake server, and the engine, all on a fake clock.
class TestSyncEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void pagesAndCursorPersist();
    void deltaSyncAnnouncesOnlyNewTickets();
    void cancelKeepsStoredPages();
    void searchIndexMergedOnceEnoughPagesWereSynced();
    void pollingPicksUpChangesMadeElsewhere();
    void createSentWithItsKey();
    void retryDelay_data();
    void retryDelay();
    void transientFailureBacksOff_data();
    void transientFailureBacksOff();
    void transitionsOfOneTicketKeepTheirOrder();
    void versionConflictRecorded();
    void invalidTransitionRecordedWithCurrentTicket();
    void validationFailureKeptForTheUser();
    void unauthorizedPausesAccount_data();
    void unauthorizedPausesAccount();
    void workOfflineMakesNoCalls();
    void workOfflineMidSendRequeues();
    void networkFailureGoesOfflineAndProbesBack();
    void itemLeftSendingIsResentWithSameKey();

private:
    void openStore();
    void closeStore();
    bool waitIdle(int ms = 5000);
    OutboxItem onlyItem();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeNetworkAccessManager> m_network;
    std::unique_ptr<FakeTicketServer> m_server;
    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<CacheDatabase> m_db;
    std::unique_ptr<TicketCache> m_cache;
    std::unique_ptr<Outbox> m_outbox;
    std::unique_ptr<SyncEngine> m_engine;
    QDateTime m_now;
};

void TestSyncEngine::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_network = std::make_unique<FakeNetworkAccessManager>();
    m_server = std::make_unique<FakeTicketServer>(m_network.get());
    m_api = std::make_unique<ApiClient>(m_network.get(), QUrl(u"https://tickets.example"_s),
                                        u"tok"_s);
    m_now = QDateTime(QDate(2026, 11, 23), QTime(10, 0), Qt::UTC);
    openStore();
}

void TestSyncEngine::cleanup()
{
    closeStore();
    m_api.reset();
    m_server.reset();
    m_network.reset();
    m_dir.reset();
}

void TestSyncEngine::openStore()
{
    m_db = std::make_unique<CacheDatabase>();
    const OpenReport report = m_db->open(m_dir->filePath(u"cache.sqlite"_s));
    QCOMPARE(report.error, StoreError::None);
    m_cache = std::make_unique<TicketCache>(m_db.get());
    m_outbox = std::make_unique<Outbox>(m_db.get());
    m_outbox->setClock([this] { return m_now; });
    m_engine = std::make_unique<SyncEngine>(m_api.get(), m_cache.get(), m_outbox.get());
    m_engine->setClock([this] { return m_now; });
    m_engine->setRandom([] { return 0.0; });
}

void TestSyncEngine::closeStore()
{
    m_engine.reset();
    m_outbox.reset();
    m_cache.reset();
    m_db.reset();
}

bool TestSyncEngine::waitIdle(int ms)
{
    return QTest::qWaitFor(
            [this] {
                return !m_engine->isSyncing() && m_engine->state() != SyncEngine::State::Syncing;
            },
            ms);
}

OutboxItem TestSyncEngine::onlyItem()
{
    QList<OutboxItem> items = m_outbox->unsent().value();
    items.append(m_outbox->recent(10).value());
    if (items.size() != 1)
        qWarning("expected one outbox item, have %d", int(items.size()));
    return items.value(0);
}

void TestSyncEngine::pagesAndCursorPersist()
{
    m_server->addTickets(2500);
    QSignalSpy progress(m_engine.get(), &SyncEngine::syncProgress);
    QSignalSpy finished(m_engine.get(), &SyncEngine::syncFinished);
    QSignalSpy news(m_engine.get(), &SyncEngine::newTicketsArrived);
    m_engine->syncNow();
    QVERIFY(finished.wait(10000));
    QCOMPARE(m_network->count("GET", u"/api/changes"_s), 3);
    QCOMPARE(m_network->requests().at(0).query().queryItemValue(u"limit"_s), u"1000"_s);
    QCOMPARE(m_network->requests().at(1).query().queryItemValue(u"since"_s), u"1000"_s);
    QCOMPARE(m_network->requests().at(2).query().queryItemValue(u"since"_s), u"2000"_s);
    QCOMPARE(progress.size(), 3);
    QCOMPARE(progress.at(0).at(0).toInt(), 1000);
    QCOMPARE(progress.last().at(0).toInt(), 2500);
    QCOMPARE(progress.last().at(1).toInt(), 2500);
    QCOMPARE(news.size(), 0); // the first full sync is not news
    QCOMPARE(m_cache->syncCursor().nextSince, 2500);
    QCOMPARE(*m_cache->ticket(m_server->tickets().at(1234).id), m_server->tickets().at(1234));

    // The cursor survives a restart: the next sync asks only for what is newer.
    closeStore();
    openStore();
    QCOMPARE(m_cache->syncCursor().nextSince, 2500);
    m_network->clearLog();
    QSignalSpy again(m_engine.get(), &SyncEngine::syncFinished);
    m_engine->syncNow();
    QVERIFY(again.wait());
    QCOMPARE(m_network->requests().size(), 1);
    QCOMPARE(m_network->requests().first().query().queryItemValue(u"since"_s), u"2500"_s);
}

void TestSyncEngine::deltaSyncAnnouncesOnlyNewTickets()
{
    m_server->addTickets(5);
    QSignalSpy finished(m_engine.get(), &SyncEngine::syncFinished);
    m_engine->syncNow();
    QVERIFY(finished.wait());

    m_server->addTickets(3);
    const Ticket changed = m_server->touch(m_server->tickets().first().id, TicketStatus::Triaged);
    QSignalSpy news(m_engine.get(), &SyncEngine::newTicketsArrived);
    m_engine->syncNow();
    QVERIFY(finished.wait());
    QCOMPARE(news.size(), 1);
    QCOMPARE(news.first().first().toInt(), 3); // the status change is not a new ticket
    QCOMPARE(m_cache->ticket(changed.id)->status, TicketStatus::Triaged);
    QCOMPARE(m_cache->syncCursor().nextSince, changed.seq);
}

void TestSyncEngine::cancelKeepsStoredPages()
{
    m_server->addTickets(2500);
    m_engine->setOptions({.pageSize = 1000});
    QSignalSpy progress(m_engine.get(), &SyncEngine::syncProgress);
    connect(m_engine.get(), &SyncEngine::syncProgress, m_engine.get(), [this](int soFar, int) {
        if (soFar == 1000)
            m_engine->cancelSync();
    });
    m_engine->syncNow();
    QVERIFY(waitIdle());
    QCOMPARE(m_cache->syncCursor().nextSince, 1000);
    QCOMPARE(m_cache->count({}), 1000);

    QSignalSpy finished(m_engine.get(), &SyncEngine::syncFinished);
    disconnect(m_engine.get(), &SyncEngine::syncProgress, m_engine.get(), nullptr);
    m_engine->syncNow();
    QVERIFY(finished.wait());
    QCOMPARE(m_cache->count({}), 2500);
}

void TestSyncEngine::searchIndexMergedOnceEnoughPagesWereSynced()
{
    // Each stored page adds segments to the search index; after a sync that stored 20 pages
    // or more since the last merge, the sync writer merges them into one (on its thread).
    QVERIFY(m_engine->storesInBackground());
    m_engine->setOptions({.pageSize = 100});
    QSignalSpy finished(m_engine.get(), &SyncEngine::syncFinished);
    m_server->addTickets(1000); // 10 pages: not worth a merge yet
    m_engine->syncNow();
    QVERIFY(finished.wait());
    const int segments = m_cache->searchIndexSegments();
    QVERIFY2(segments > 1, qPrintable(QString::number(segments)));
    QTest::qWait(300);
    QCOMPARE(m_cache->searchIndexSegments(), segments);

    m_server->addTickets(1000); // 10 more: 20 pages since the last merge
    m_engine->syncNow();
    QVERIFY(finished.wait());
    // Searches answer the same before, during and after the merge.
    TicketFilter search;
    search.search = m_server->tickets().at(417).title;
    const QList<TicketRow> found = m_cache->fetch(search, {}, std::nullopt, 5000);
    QVERIFY(!found.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(m_cache->searchIndexSegments(), 1, 20000);
    QCOMPARE(m_cache->count({}), 2000);
    const QList<TicketRow> after = m_cache->fetch(search, {}, std::nullopt, 5000);
    QCOMPARE(after.size(), found.size());
    for (qsizetype i = 0; i < found.size(); ++i)
        QCOMPARE(after.at(i).id, found.at(i).id);
}

void TestSyncEngine::pollingPicksUpChangesMadeElsewhere()
{
    m_engine->setOptions({.pollMs = 50});
    QSignalSpy news(m_engine.get(), &SyncEngine::newTicketsArrived);
    m_server->addTickets(1);
    m_engine->start();
    QTRY_COMPARE(m_cache->count({}), 1);
    m_server->addTickets(2); // someone else files two tickets; nobody calls syncNow()
    QTRY_COMPARE(m_cache->count({}), 3);
    // The page is visible once the writer's thread committed it; the news comes after, when
    // this thread hears that it was stored.
    QTRY_COMPARE(news.size(), 1);
    QCOMPARE(news.first().first().toInt(), 2);
    m_engine->setWorkOffline(true);
    const int requests = int(m_network->requests().size());
    m_server->addTickets(1);
    QTest::qWait(200);
    QCOMPARE(int(m_network->requests().size()), requests); // no polling while offline
}

void TestSyncEngine::createSentWithItsKey()
{
    const auto item = m_outbox->enqueueCreate(ProjectId, createBody(u"Login broken"_s));
    QVERIFY(item);
    QTRY_COMPARE(onlyItem().state, OutboxState::Sent);
    QCOMPARE(m_server->tickets().size(), 1);
    const Ticket created = m_server->tickets().first();
    QCOMPARE(created.title, u"Login broken"_s);
    const FakeRequest &sent = m_network->requests().first();
    QCOMPARE(sent.header("Idempotency-Key"), item->idempotencyKey.toUtf8());
    QCOMPARE(sent.path(), u"/api/projects/%1/tickets"_s.arg(ProjectId));
    QCOMPARE(*onlyItem().serverTicket, created);
    QCOMPARE(*m_cache->ticket(created.id), created); // visible in the list right away
}

void TestSyncEngine::retryDelay_data()
{
    QTest::addColumn<int>("attempts");
    QTest::addColumn<int>("retryAfter"); // -1 none
    QTest::addColumn<double>("random");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("first, no jitter") << 1 << -1 << 0.0 << qint64(1000);
    QTest::newRow("first, full jitter") << 1 << -1 << 1.0 << qint64(2000);
    QTest::newRow("third doubles twice") << 3 << -1 << 0.0 << qint64(4000);
    QTest::newRow("capped at max") << 30 << -1 << 1.0 << qint64(300000);
    QTest::newRow("Retry-After longer wins") << 1 << 12 << 0.5 << qint64(12000);
    QTest::newRow("backoff longer than Retry-After") << 6 << 1 << 0.0 << qint64(32000);
}

void TestSyncEngine::retryDelay()
{
    QFETCH(int, attempts);
    QFETCH(int, retryAfter);
    QFETCH(double, random);
    QFETCH(qint64, expected);
    QCOMPARE(SyncEngine::retryDelayMs(
                     attempts, retryAfter < 0 ? std::nullopt : std::optional<int>(retryAfter),
                     random, SyncEngine::Options{}),
             expected);
}

void TestSyncEngine::transientFailureBacksOff_data()
{
    QTest::addColumn<FakeScript>("failure");
    QTest::addColumn<qint64>("waitMs");
    QTest::addColumn<bool>("goesOffline");

    QTest::newRow("429 with Retry-After 12") << errorScript(
            ErrorCode::RateLimited, {{u"retryAfter"_s, 12}}, {qMakePair("Retry-After"_ba, "12"_ba)})
                                             << qint64(12000) << false;
    QTest::newRow("503 overloaded, header only")
            << errorScript(ErrorCode::Overloaded, {}, {qMakePair("Retry-After"_ba, "3"_ba)})
            << qint64(3000) << false;
    QTest::newRow("500 internal") << errorScript(ErrorCode::Internal) << qint64(1000) << false;
    FakeScript reset = jsonScript(201, fakeTicket(1, 1).toJson());
    reset.resetAfterBytes = 10;
    QTest::newRow("reset mid-answer") << reset << qint64(1000) << true;
}

void TestSyncEngine::transientFailureBacksOff()
{
    QFETCH(FakeScript, failure);
    QFETCH(qint64, waitMs);
    QFETCH(bool, goesOffline);

    m_network->addOneShotOverride([&](const FakeRequest &request) -> std::optional<FakeScript> {
        if (request.verb == "POST")
            return failure;
        return std::nullopt;
    });
    const auto item = m_outbox->enqueueCreate(ProjectId, createBody(u"Retry me"_s));
    QTRY_COMPARE(m_network->count("POST", u"/api/projects/"_s), 1);
    QTRY_COMPARE(onlyItem().state, OutboxState::Queued);
    const OutboxItem queued = onlyItem();
    QCOMPARE(queued.attempts, 1);
    QCOMPARE(queued.nextAttemptAt, m_now.addMSecs(waitMs));
    QVERIFY(queued.lastError.has_value());
    QCOMPARE(m_engine->state() == SyncEngine::State::Offline, goesOffline);

    // Before the time is up nothing is sent, however often the engine is woken.
    m_now = m_now.addMSecs(waitMs - 1);
    m_engine->processOutbox();
    QTest::qWait(20);
    QCOMPARE(m_network->count("POST", u"/api/projects/"_s), 1);

    m_now = m_now.addMSecs(1);
    if (goesOffline)
        m_engine->setNetworkReachable(true); // the probe succeeds, then the outbox goes out
    else
        m_engine->processOutbox();
    QTRY_COMPARE(onlyItem().state, OutboxState::Sent);
    QCOMPARE(m_network->count("POST", u"/api/projects/"_s), 2);
    // Both attempts carried the same key: the server made one ticket.
    QCOMPARE(m_network->requests().last().header("Idempotency-Key"), item->idempotencyKey.toUtf8());
    QCOMPARE(m_server->tickets().size(), 1);
}

void TestSyncEngine::transitionsOfOneTicketKeepTheirOrder()
{
    const Ticket ticket = m_server->addTickets(1);
    const Ticket other = m_server->addTickets(1);
    m_network->addOneShotOverride([](const FakeRequest &request) -> std::optional<FakeScript> {
        if (request.verb == "POST")
            return errorScript(ErrorCode::Internal);
        return std::nullopt;
    });
    m_engine->setWorkOffline(true);
    const auto first = m_outbox->enqueueTransition(ticket.id, TicketStatus::Triaged, {}, 1);
    const auto second = m_outbox->enqueueTransition(ticket.id, TicketStatus::InProgress, {}, 2);
    const auto unrelated = m_outbox->enqueueTransition(other.id, TicketStatus::Triaged, {}, 1);
    m_engine->setWorkOffline(false);
    // The first one meets a 500 and backs off; the second must wait for it, the other
    // ticket's transition need not.
    QTRY_COMPARE(m_outbox->item(unrelated->id).value()->state, OutboxState::Sent);
    QTest::qWait(50);
    QCOMPARE(m_outbox->item(first->id).value()->state, OutboxState::Queued);
    QCOMPARE(m_outbox->item(second->id).value()->state, OutboxState::Queued);
    QCOMPARE(m_outbox->item(second->id).value()->attempts, 0);
    QCOMPARE(m_network->count("POST", u"/api/tickets/%1"_s.arg(ticket.id)), 1);

    m_now = m_now.addSecs(10);
    m_engine->processOutbox();
    QTRY_COMPARE(m_outbox->item(second->id).value()->state, OutboxState::Sent);
    QCOMPARE(m_outbox->item(first->id).value()->state, OutboxState::Sent);
    QCOMPARE(m_server->ticket(ticket.id)->status, TicketStatus::InProgress);
    QCOMPARE(m_server->ticket(ticket.id)->version, 3);
}

void TestSyncEngine::versionConflictRecorded()
{
    const Ticket ticket = m_server->addTickets(1);
    QSignalSpy finished(m_engine.get(), &SyncEngine::syncFinished);
    m_engine->syncNow();
    QVERIFY(finished.wait());
    // Someone else triaged it meanwhile; our transition still expects version 1.
    const Ticket theirs = m_server->touch(ticket.id, TicketStatus::Triaged);
    QVERIFY(m_outbox->enqueueTransition(ticket.id, TicketStatus::Closed, u"duplicate"_s, 1));
    QTRY_COMPARE(onlyItem().state, OutboxState::Conflict);
    QCOMPARE(*onlyItem().serverTicket, theirs);
    QCOMPARE(onlyItem().lastError->code, ErrorCode::VersionConflict);
    QCOMPARE(m_cache->ticket(ticket.id)->status, TicketStatus::Triaged);
    QCOMPARE(m_server->ticket(ticket.id)->status, TicketStatus::Triaged); // not overwritten
    // A conflict is the user's to resolve: later wake-ups do not resend it.
    m_now = m_now.addSecs(3600);
    m_engine->processOutbox();
    QTest::qWait(20);
    QCOMPARE(m_network->count("POST", u"/api/tickets/"_s), 1);
}

void TestSyncEngine::invalidTransitionRecordedWithCurrentTicket()
{
    const Ticket ticket = m_server->addTickets(1);
    const Ticket closed = m_server->touch(ticket.id, TicketStatus::Closed);
    QVERIFY(m_outbox->enqueueTransition(ticket.id, TicketStatus::Triaged, {}, std::nullopt));
    QTRY_COMPARE(onlyItem().state, OutboxState::Conflict);
    QCOMPARE(onlyItem().lastError->code, ErrorCode::InvalidTransition);
    QCOMPARE(*onlyItem().serverTicket, closed);
    QCOMPARE(m_cache->ticket(ticket.id)->status, TicketStatus::Closed);
}

void TestSyncEngine::validationFailureKeptForTheUser()
{
    const QJsonObject fieldErrors{{u"title"_s, u"Required"_s}};
    m_network->addOverride([&](const FakeRequest &request) -> std::optional<FakeScript> {
        if (request.verb != "POST")
            return std::nullopt;
        return errorScript(ErrorCode::ValidationFailed, {{u"fieldErrors"_s, fieldErrors}});
    });
    QVERIFY(m_outbox->enqueueCreate(ProjectId, createBody(u""_s)));
    QTRY_COMPARE(onlyItem().state, OutboxState::Failed);
    QCOMPARE(onlyItem().lastError->code, ErrorCode::ValidationFailed);
    QCOMPARE(onlyItem().lastError->httpStatus, 400);
    QCOMPARE(onlyItem().lastError->fieldErrors, fieldErrors);
    QCOMPARE(m_engine->state(), SyncEngine::State::Online); // the server is fine
    m_now = m_now.addSecs(3600);
    m_engine->processOutbox();
    QTest::qWait(20);
    QCOMPARE(m_network->count("POST", u"/api/projects/"_s), 1);

    // The user fixes the title: it goes out again.
    m_network->clearOverrides();
    QCOMPARE(storeError(m_outbox->updatePayload(onlyItem().id, createBody(u"Fixed title"_s))),
             StoreError::None);
    QTRY_COMPARE(onlyItem().state, OutboxState::Sent);
    QCOMPARE(m_server->tickets().first().title, u"Fixed title"_s);
}

void TestSyncEngine::unauthorizedPausesAccount_data()
{
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<bool>("relink");
    QTest::newRow("token_revoked") << ErrorCode::TokenRevoked << false;
    QTest::newRow("github_link_expired") << ErrorCode::GithubLinkExpired << true;
}

void TestSyncEngine::unauthorizedPausesAccount()
{
    QFETCH(ErrorCode, code);
    QFETCH(bool, relink);
    m_network->addOverride([&](const FakeRequest &) {
        return errorScript(code, {{u"relinkGithub"_s, relink}});
    });
    QSignalSpy auth(m_engine.get(), &SyncEngine::authProblem);
    QVERIFY(m_outbox->enqueueCreate(ProjectId, createBody(u"Blocked"_s)));
    QVERIFY(m_outbox->enqueueCreate(ProjectId, createBody(u"Second"_s)));
    QTRY_COMPARE(auth.size(), 1);
    QCOMPARE(auth.first().first().toBool(), relink);
    QCOMPARE(m_engine->state(), SyncEngine::State::Paused);
    QTest::qWait(30);
    const int requests = int(m_network->requests().size());
    QCOMPARE(requests, 1); // the second item was not tried with a refused token
    const QList<OutboxItem> unsent = m_outbox->unsent().value();
    for (const OutboxItem &item : unsent)
        QCOMPARE(item.state, OutboxState::Queued); // nothing lost, nothing failed
    m_engine->syncNow();
    m_engine->processOutbox();
    QTest::qWait(20);
    QCOMPARE(int(m_network->requests().size()), requests);

    m_network->clearOverrides();
    m_engine->resume();
    QTRY_VERIFY(m_outbox->pendingCount().value() == 0);
    QCOMPARE(m_server->tickets().size(), 2);
    QCOMPARE(m_engine->state(), SyncEngine::State::Online);
}

void TestSyncEngine::workOfflineMakesNoCalls()
{
    QSignalSpy states(m_engine.get(), &SyncEngine::stateChanged);
    m_engine->setWorkOffline(true);
    QCOMPARE(m_engine->state(), SyncEngine::State::Offline);
    QCOMPARE(states.last().first().value<SyncEngine::State>(), SyncEngine::State::Offline);
    m_server->addTickets(3);
    const auto item = m_outbox->enqueueCreate(ProjectId, createBody(u"Written on a train"_s));
    m_engine->syncNow();
    m_engine->processOutbox();
    QTest::qWait(50);
    QVERIFY(m_network->requests().isEmpty());
    QCOMPARE(onlyItem().state, OutboxState::Queued);

    m_engine->setWorkOffline(false);
    QTRY_COMPARE(onlyItem().state, OutboxState::Sent);
    QTRY_COMPARE(m_cache->count({}), 4);
    QCOMPARE(m_network->count("POST", u"/api/projects/"_s), 1);
}

void TestSyncEngine::workOfflineMidSendRequeues()
{
    m_network->addOneShotOverride([this](const FakeRequest &request) -> std::optional<FakeScript> {
        if (request.verb != "POST")
            return std::nullopt;
        // The server handles it, but the answer is slow to come back.
        FakeScript script = *m_server->handleForTest(request);
        script.delayMs = 5000;
        return script;
    });
    const auto item = m_outbox->enqueueCreate(ProjectId, createBody(u"Slow answer"_s));
    QTRY_COMPARE(onlyItem().state, OutboxState::Sending);
    m_engine->setWorkOffline(true);
    QCOMPARE(onlyItem().state, OutboxState::Queued); // stopped by us: not a failure
    QVERIFY(!onlyItem().lastError || onlyItem().lastError->code == ErrorCode::Unknown);
    m_engine->setWorkOffline(false);
    QTRY_COMPARE(onlyItem().state, OutboxState::Sent);
    QCOMPARE(m_server->tickets().size(), 1); // the resend was replayed by its key
    QCOMPARE(m_network->requests().last().header("Idempotency-Key"), item->idempotencyKey.toUtf8());
}

void TestSyncEngine::networkFailureGoesOfflineAndProbesBack()
{
    m_engine->setOptions({.probeMs = 50, .maxProbeMs = 100});
    m_network->addOverride([](const FakeRequest &) {
        FakeScript refused;
        refused.transportError = QNetworkReply::ConnectionRefusedError;
        return refused;
    });
    QSignalSpy failed(m_engine.get(), &SyncEngine::syncFailed);
    m_engine->syncNow();
    QVERIFY(failed.wait());
    QCOMPARE(m_engine->state(), SyncEngine::State::Offline);
    QTRY_VERIFY(m_network->count("GET", u"/healthz"_s) >= 1); // probing, not hammering
    m_server->addTickets(2);
    m_network->clearOverrides();
    QTRY_COMPARE(m_engine->state(), SyncEngine::State::Online);
    QTRY_COMPARE(m_cache->count({}), 2);
}

void TestSyncEngine::itemLeftSendingIsResentWithSameKey()
{
    // The app died after handing the create to the network: the server made the ticket, the
    // answer never arrived, the item is still "sending" on disk.
    const auto item = m_outbox->enqueueCreate(ProjectId, createBody(u"Sent before the crash"_s));
    m_engine.reset(); // no engine: simulate only what the dead process left behind
    QCOMPARE(storeError(m_outbox->markSending(item->id)), StoreError::None);
    {
        ApiClient direct(m_network.get(), QUrl(u"https://tickets.example"_s), u"tok"_s);
        bool done = false;
        direct.createTicket(ProjectId, item->payload, item->idempotencyKey, nullptr,
                            [&](const auto &) { done = true; });
        QTRY_VERIFY(done);
    }
    QCOMPARE(m_server->tickets().size(), 1);
    closeStore();

    openStore();
    QCOMPARE(onlyItem().state, OutboxState::Queued);
    m_engine->start();
    QTRY_COMPARE(onlyItem().state, OutboxState::Sent);
    QCOMPARE(m_server->createsReceived(), 2);
    QCOMPARE(m_server->tickets().size(), 1); // replayed, not doubled
    QCOMPARE(onlyItem().serverTicket->id, m_server->tickets().first().id);
    QCOMPARE(m_network->requests().last().header("Idempotency-Key"), item->idempotencyKey.toUtf8());
}

QTEST_MAIN(TestSyncEngine)
#include "tst_syncengine.moc"
