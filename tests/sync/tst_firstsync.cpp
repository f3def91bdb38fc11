// A first sync against the real triagedesk-server (ServerProcess, 127.0.0.1 port 0, its own
// temporary database), through the real ApiClient, cache and SyncEngine: the rows it stores
// carry the server's own bytes, and the indexes of the other sort orders are built once, at
// the sync's end, also when the run that began the sync stopped before it.
#include "api/apiclient.h"
#include "store/cachedatabase.h"
#include "store/outbox.h"
#include "store/schema.h"
#include "store/ticketcache.h"
#include "support/fakenetworkaccessmanager.h"
#include "support/serverprocess.h"
#include "support/testdata.h"
#include "sync/syncengine.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using namespace td;

namespace {

constexpr int TicketCount = 1200;

QStringList indexesOfTickets(CacheDatabase &db)
{
    QSqlQuery query(db.database());
    query.exec(u"SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets' "
               "AND sql IS NOT NULL ORDER BY name"_s);
    QStringList names;
    while (query.next())
        names.append(query.value(0).toString());
    return names;
}

QStringList deferrableNames()
{
    QStringList names;
    for (const schema::Index &index : schema::deferrableIndexes())
        names.append(index.name);
    return names;
}

} // namespace

class TestFirstSync : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void storesTheServersBytesAndBuildsIndexesAtItsEnd();
    void aLaterSyncKeepsItsIndexes();
    void aFirstSyncCutShortIsIndexedAtTheNextStart();

private:
    void openStore(ApiClient *api = nullptr);
    void closeStore();
    bool syncToEnd();

    std::unique_ptr<test::ServerProcess> m_server;
    QNetworkAccessManager m_network;
    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<CacheDatabase> m_db;
    std::unique_ptr<TicketCache> m_cache;
    std::unique_ptr<Outbox> m_outbox;
    std::unique_ptr<SyncEngine> m_engine;
};

void TestFirstSync::initTestCase()
{
    m_server = std::make_unique<test::ServerProcess>(
            QStringList{u"--create-rate"_s, u"100000000"_s, u"--request-rate"_s, u"100000000"_s});
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    m_api = std::make_unique<ApiClient>(&m_network, m_server->baseUrl(), testdata::OwnerToken);
    // Titles and priorities vary, so the title and priority orders differ from the list's.
    int started = 0;
    int finished = 0;
    bool failed = false;
    std::function<void()> next = [&] {
        if (started >= TicketCount || failed)
            return;
        const int i = started++;
        const QJsonObject body{
                {u"title"_s, u"%1 ticket %2"_s.arg(QChar(u'A' + (i * 7) % 26)).arg(i)},
                {u"description"_s, u"Made by the first-sync test."_s},
                {u"request_type"_s, i % 3 == 0 ? u"question"_s : u"bug"_s},
                {u"priority"_s, i % 5 == 0 ? u"urgent"_s : u"medium"_s}};
        m_api->createTicket(testdata::WebProjectId, body, {}, nullptr,
                            [&](const Result<CreatedTicket> &result) {
                                ++finished;
                                failed = failed || !result.ok();
                                next();
                            });
    };
    for (int i = 0; i < 6; ++i)
        next();
    QVERIFY(QTest::qWaitFor([&] { return failed || finished == TicketCount; }, 90'000));
    QVERIFY(!failed);
}

void TestFirstSync::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    openStore();
}

void TestFirstSync::cleanup()
{
    closeStore();
    m_dir.reset();
}

void TestFirstSync::openStore(ApiClient *api)
{
    m_db = std::make_unique<CacheDatabase>();
    QCOMPARE(m_db->open(m_dir->filePath(u"cache.sqlite"_s)).error, StoreError::None);
    m_cache = std::make_unique<TicketCache>(m_db.get());
    m_outbox = std::make_unique<Outbox>(m_db.get());
    m_engine = std::make_unique<SyncEngine>(api ? api : m_api.get(), m_cache.get(), m_outbox.get());
    SyncEngine::Options options;
    options.pageSize = 500; // three pages
    options.pollMs = 0;
    m_engine->setOptions(options);
}

void TestFirstSync::closeStore()
{
    m_engine.reset();
    m_outbox.reset();
    m_cache.reset();
    m_db.reset();
}

bool TestFirstSync::syncToEnd()
{
    QSignalSpy finished(m_engine.get(), &SyncEngine::syncFinished);
    m_engine->syncNow();
    return finished.wait(60'000);
}

void TestFirstSync::storesTheServersBytesAndBuildsIndexesAtItsEnd()
{
    QVERIFY(m_engine->storesInBackground());
    QCOMPARE(m_engine->indexState(), SyncEngine::IndexState::Ready);
    const QStringList allIndexes = indexesOfTickets(*m_db);
    for (const QString &name : deferrableNames())
        QVERIFY2(allIndexes.contains(name), qPrintable(name));

    // While the pages are stored the deferrable indexes are gone, and the window's queries
    // still answer: the list sorted by title is in title order.
    QSignalSpy states(m_engine.get(), &SyncEngine::indexStateChanged);
    QStringList duringSync;
    QList<TicketRow> sortedDuringSync;
    connect(m_engine.get(), &SyncEngine::syncProgress, this, [&](int soFar) {
        if (soFar != 500)
            return;
        duringSync = indexesOfTickets(*m_db);
        TicketSort byTitle;
        byTitle.key = TicketSortKey::Title;
        byTitle.order = Qt::AscendingOrder;
        sortedDuringSync = m_cache->fetch({}, byTitle, std::nullopt, 1000);
    });
    QVERIFY(syncToEnd());
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->indexState(), SyncEngine::IndexState::Ready, 30'000);
    QCOMPARE(states.size(), 3);
    QCOMPARE(states.at(0).at(0).value<SyncEngine::IndexState>(), SyncEngine::IndexState::Deferred);
    QCOMPARE(states.at(1).at(0).value<SyncEngine::IndexState>(), SyncEngine::IndexState::Building);
    QCOMPARE(states.at(2).at(0).value<SyncEngine::IndexState>(), SyncEngine::IndexState::Ready);
    for (const QString &name : deferrableNames())
        QVERIFY2(!duringSync.contains(name), qPrintable(name));
    QCOMPARE(sortedDuringSync.size(), 500);
    for (qsizetype i = 1; i < sortedDuringSync.size(); ++i)
        QVERIFY(sortedDuringSync.at(i - 1).title.compare(sortedDuringSync.at(i).title,
                                                         Qt::CaseInsensitive)
                <= 0);

    // Built again, all of them, exactly as before; the note is gone.
    QCOMPARE(indexesOfTickets(*m_db), allIndexes);
    QVERIFY(!m_cache->indexesDeferred());
    QCOMPARE(m_cache->count({}), TicketCount);

    // Each row's JSON is the server's own text of that ticket, byte for byte, and reads back
    // as the ticket the server serves.
    QNetworkRequest request(
            QUrl(m_server->baseUrl().toString() + u"/api/changes?since=0&limit=1000"_s));
    request.setRawHeader("Authorization", "Bearer " + testdata::OwnerToken.toUtf8());
    QNetworkReply *reply = m_network.get(request);
    QVERIFY(QTest::qWaitFor([reply] { return reply->isFinished(); }, 20'000));
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    QVERIFY(!body.isEmpty());
    QSqlQuery stored(m_db->database());
    QVERIFY(stored.exec(u"SELECT id, CAST(json AS BLOB), typeof(json) FROM tickets"_s));
    int checked = 0;
    while (stored.next()) {
        const QByteArray json = stored.value(1).toByteArray();
        QCOMPARE(stored.value(2).toString(), u"text"_s);
        QVERIFY(json.startsWith('{'));
        if (checked < 1000 && body.contains(json))
            ++checked;
    }
    QCOMPARE(checked, 1000); // every ticket of that page, as the server wrote it
}

void TestFirstSync::aLaterSyncKeepsItsIndexes()
{
    QVERIFY(syncToEnd());
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->indexState(), SyncEngine::IndexState::Ready, 30'000);
    const QStringList indexes = indexesOfTickets(*m_db);

    // A delta sync (the cursor is past 0) stores its pages with the indexes in place.
    const QJsonObject body{{u"title"_s, u"Delta after the first sync"_s},
                           {u"description"_s, u"One more."_s},
                           {u"request_type"_s, u"bug"_s}};
    bool created = false;
    m_api->createTicket(testdata::WebProjectId, body, {}, nullptr,
                        [&](const Result<CreatedTicket> &result) { created = result.ok(); });
    QTRY_VERIFY(created);
    QSignalSpy states(m_engine.get(), &SyncEngine::indexStateChanged);
    QVERIFY(syncToEnd());
    QTest::qWait(200);
    QCOMPARE(states.size(), 0);
    QCOMPARE(indexesOfTickets(*m_db), indexes);
    QCOMPARE(m_cache->count({}), TicketCount + 1);
}

void TestFirstSync::aFirstSyncCutShortIsIndexedAtTheNextStart()
{
    // The app quits after the first page of a first sync was stored: the engine goes away
    // with the indexes still deferred, and the note says so in the file. The pages after the
    // first never arrive (their answers are held back), so the sync cannot end, and build the
    // indexes, before the quit.
    test::ResponseDroppingNetworkAccessManager network;
    network.setHangAfterDrop(true);
    network.setDropResponse([](const test::FakeRequest &request) {
        return request.path() == u"/api/changes"_s
               && request.query().queryItemValue(u"since"_s) != u"0"_s;
    });
    ApiClient cutShortApi(&network, m_server->baseUrl(), testdata::OwnerToken);
    closeStore();
    openStore(&cutShortApi);
    m_engine->syncNow();
    QTRY_VERIFY_WITH_TIMEOUT(m_cache->indexesDeferred() && m_cache->count({}) > 0, 30'000);
    QTRY_COMPARE_WITH_TIMEOUT(network.dropped(), 1, 30'000);
    QCOMPARE(m_engine->indexState(), SyncEngine::IndexState::Deferred);
    closeStore();

    openStore(); // the next start: builds them before anything else
    QCOMPARE(m_engine->indexState(), SyncEngine::IndexState::Building);
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->indexState(), SyncEngine::IndexState::Ready, 30'000);
    QVERIFY(!m_cache->indexesDeferred());
    for (const QString &name : deferrableNames())
        QVERIFY2(indexesOfTickets(*m_db).contains(name), qPrintable(name));
    QVERIFY(m_cache->count({}) > 0); // what was stored before the close is still there

    // The rest comes with the indexes in place (the cursor is past 0: nothing deferred).
    QSignalSpy states(m_engine.get(), &SyncEngine::indexStateChanged);
    QVERIFY(syncToEnd());
    QCOMPARE(states.size(), 0);
    QVERIFY(m_cache->count({}) >= TicketCount);
}

QTEST_MAIN(TestFirstSync)
#include "tst_firstsync.moc"
