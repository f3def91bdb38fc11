// Sync pages stored on a worker thread: in order, each with its cursor, the UI thread told
// afterwards, and never made to wait for the write.
#include "store/backgroundwriter.h"
#include "store/cachedatabase.h"
#include "store/outbox.h"
#include "store/ticketcache.h"
#include "storetestutil.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace Qt::StringLiterals;
using namespace td;

namespace {

QList<Ticket> page(qint64 first, qint64 last)
{
    QList<Ticket> tickets;
    for (qint64 n = first; n <= last; ++n)
        tickets.append(storetest::makeTicket(n));
    return tickets;
}

SyncCursor cursorAt(qint64 since)
{
    return {since, storetest::baseTime().addSecs(since)};
}

} // namespace

class TestBackgroundWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(u"cache-%1.sqlite"_s.arg(++m_files));
        m_db = std::make_unique<CacheDatabase>();
        QCOMPARE(m_db->open(m_path).error, StoreError::None);
        m_cache = std::make_unique<TicketCache>(m_db.get());
    }

    void cleanup()
    {
        m_cache.reset();
        m_db.reset();
    }

    void pagesLandInOrderAndModelsHearOnTheirThread()
    {
        BackgroundWriter writer(m_cache.get());
        QVERIFY(writer.isThreaded());
        QList<QStringList> touched;
        bool touchedOnUiThread = true;
        connect(m_cache.get(), &TicketSource::ticketsChanged, this, [&](const QStringList &ids) {
            touched.append(ids);
            touchedOnUiThread &= QThread::currentThread() == qApp->thread();
        });
        QList<qint64> done;
        bool doneOnUiThread = true;
        for (int p = 0; p < 3; ++p) {
            const qint64 first = p * 100 + 1;
            writer.applyPage(page(first, first + 99), cursorAt(first + 99), false,
                             [&, p](const ApplyResult &result) {
                                 QVERIFY(result.ok());
                                 QCOMPARE(result.changedIds.size(), 100);
                                 // Each page's cursor is stored with it (the worker may
                                 // be a page further by the time this runs).
                                 QVERIFY(m_cache->syncCursor().nextSince >= p * 100 + 100);
                                 done.append(p);
                                 doneOnUiThread &= QThread::currentThread() == qApp->thread();
                             });
        }
        QCOMPARE(writer.pending(), 3);
        QTRY_COMPARE(done.size(), 3);
        QCOMPARE(done, (QList<qint64>{0, 1, 2}));
        QCOMPARE(writer.pending(), 0);
        QVERIFY(doneOnUiThread);
        QVERIFY(touchedOnUiThread);
        QCOMPARE(touched.size(), 3);
        QCOMPARE(touched.at(2).first(), storetest::makeTicket(201).id);
        QCOMPARE(m_cache->count({}), 300);
        QCOMPARE(m_cache->ticket(storetest::makeTicket(250).id)->title, u"Ticket 250"_s);
    }

    void theUiThreadNeverWaitsForAWrite()
    {
        BackgroundWriter writer(m_cache.get());
        QVERIFY(writer.isThreaded());
        // Another writer holds the file's write lock (here: the UI's own connection).
        QSqlQuery lock(m_db->database());
        QVERIFY(lock.exec(u"BEGIN IMMEDIATE"_s));
        bool stored = false;
        QElapsedTimer handOver;
        handOver.start();
        writer.applyPage(page(1, 200), cursorAt(200), false,
                         [&](const ApplyResult &result) { stored = result.ok(); });
        // Handing the page over returned at once, and the event loop keeps running while
        // the worker waits for the lock.
        QVERIFY2(handOver.elapsed() < 1000, "applyPage blocked the calling thread");
        QTest::qWait(300);
        QVERIFY(!stored);
        QCOMPARE(writer.pending(), 1);
        QVERIFY(lock.exec(u"COMMIT"_s));
        QTRY_VERIFY(stored);
        QCOMPARE(m_cache->count({}), 200);
    }

    void countsTicketsNewToTheCache()
    {
        QVERIFY(m_cache->applyTickets(page(1, 10)).ok());
        BackgroundWriter writer(m_cache.get());
        std::optional<ApplyResult> result;
        // A delta page: tickets 6-10 changed on the server, 11-15 are new.
        QList<Ticket> tickets;
        for (qint64 n = 6; n <= 10; ++n)
            tickets.append(
                    storetest::advanced(storetest::makeTicket(n), TicketStatus::Triaged, 100 + n));
        tickets.append(page(11, 15));
        writer.applyPage(tickets, cursorAt(115), true, [&](const ApplyResult &r) { result = r; });
        QTRY_VERIFY(result);
        QVERIFY(result->ok());
        QCOMPARE(result->inserted, 5);
        QCOMPARE(result->changedIds.size(), 10);
        // An older copy arriving late changes nothing, as with TicketCache::applyTickets.
        result.reset();
        writer.applyPage(page(6, 6), cursorAt(116), true,
                         [&](const ApplyResult &r) { result = r; });
        QTRY_VERIFY(result);
        QCOMPARE(result->skippedStale, 1);
        QCOMPARE(result->inserted, 0);
        QCOMPARE(m_cache->ticket(storetest::makeTicket(6).id)->status, TicketStatus::Triaged);
    }

    void closingMidSyncKeepsTheCursorHonest()
    {
        {
            BackgroundWriter writer(m_cache.get());
            for (int p = 0; p < 20; ++p) {
                const qint64 first = p * 250 + 1;
                writer.applyPage(page(first, first + 249), cursorAt(first + 249), false, {});
            }
            // Destroyed at once: the page being written finishes, the rest is dropped.
        }
        // Whatever landed is a prefix of the pages, and the cursor says exactly where it ends,
        // so the next sync asks for the rest and nothing is skipped.
        const qint64 since = m_cache->syncCursor().nextSince;
        QCOMPARE(since % 250, 0);
        QCOMPARE(m_cache->count({}), since);
        if (since > 0)
            QVERIFY(m_cache->ticket(storetest::makeTicket(since).id));
        QVERIFY(!m_cache->ticket(storetest::makeTicket(since + 1).id));
    }

    void withoutASecondConnectionPagesAreStoredHere()
    {
        CacheDatabase memory;
        QCOMPARE(memory.open(u":memory:"_s).error, StoreError::None);
        TicketCache cache(&memory);
        BackgroundWriter writer(&cache);
        QVERIFY(!writer.isThreaded());
        QSignalSpy touched(&cache, &TicketSource::ticketsChanged);
        bool stored = false;
        writer.applyPage(page(1, 5), cursorAt(5), false,
                         [&](const ApplyResult &result) { stored = result.ok(); });
        QVERIFY(!stored); // reported from the event loop, as the threaded path does
        QTRY_VERIFY(stored);
        QCOMPARE(touched.size(), 1);
        QCOMPARE(cache.count({}), 5);
        QCOMPARE(cache.syncCursor().nextSince, 5);
    }

    void aSecondConnectionNeverMigrates()
    {
        // A file at schema 1 is the primary connection's to migrate (and rescue); a second
        // connection refuses it and leaves it as it was.
        const QString path = m_dir.filePath(u"v1-%1.sqlite"_s.arg(++m_files));
        QVERIFY(QFile::copy(QFINDTESTDATA("data/cache-v1.sqlite"), path));
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        CacheDatabase second;
        const OpenReport report = second.openAlongside(path);
        QCOMPARE(report.error, StoreError::CannotOpen);
        QCOMPARE(report.fromVersion, 1);
        QCOMPARE(CacheDatabase::schemaVersionOf(path), 1);
    }

    void mergesTheSearchIndexWhileTheWindowWrites()
    {
        BackgroundWriter writer(m_cache.get());
        QVERIFY(writer.isThreaded());
        writer.setMergeAfterPages(10);
        writer.setMergeStepPages(1); // many short steps, so the window's writes fall between
        int stored = 0;
        for (int p = 0; p < 30; ++p) {
            const qint64 first = p * 20 + 1;
            writer.applyPage(page(first, first + 19), cursorAt(first + 19), false,
                             [&](const ApplyResult &result) {
                                 QVERIFY(result.ok());
                                 ++stored;
                             });
        }
        QTRY_COMPARE(stored, 30);
        const int before = m_cache->searchIndexSegments();
        QVERIFY2(before > 1, qPrintable(QString::number(before)));

        TicketFilter search;
        search.search = u"descrip tick"_s;
        TicketFilter rare;
        rare.search = u"ticket 417"_s;
        const auto ids = [&](const TicketFilter &filter) {
            QStringList found;
            for (const TicketRow &row : m_cache->fetch(filter, {}, std::nullopt, 1000))
                found.append(row.id);
            return found;
        };
        const QStringList common = ids(search);
        const QStringList one = ids(rare);
        QCOMPARE(common.size(), 600);
        QCOMPARE(one, QStringList{storetest::makeTicket(417).id});

        // The window keeps writing on its own connection (the outbox: a new ticket, committed
        // with synchronous=FULL) while the worker merges; none of it may fail as busy.
        Outbox outbox(m_db.get());
        QSignalSpy merged(&writer, &BackgroundWriter::searchIndexMerged);
        writer.mergeSearchIndexIfWorthwhile();
        // A few writes while it runs (pages stored meanwhile would add segments all along).
        int writes = 0;
        while (merged.isEmpty() && writes < 5) {
            const auto item = outbox.enqueueCreate(
                    testdata::WebProjectId, QJsonObject{{u"title"_s, u"Printer %1"_s.arg(writes)},
                                                        {u"description"_s, u"Out of toner"_s},
                                                        {u"request_type"_s, u"bug"_s}});
            QVERIFY2(item, "a window write failed during the merge");
            ++writes;
            QTest::qWait(50);
        }
        QVERIFY(!merged.isEmpty() || merged.wait(10000));
        const QList<QVariant> report = merged.takeFirst();
        QCOMPARE(report.at(0).toInt(), before);
        QCOMPARE(report.at(1).toInt(), 1); // all in one segment when the last step committed
        QVERIFY(report.at(2).toInt() > 1);
        QCOMPARE(writes, 5); // all of them during the merge

        // The same answers; the window's new tickets are found too.
        QCOMPARE(ids(search), common);
        QCOMPARE(ids(rare), one);
        TicketFilter printers;
        printers.search = u"printer"_s;
        QCOMPARE(m_cache->count(printers), writes);

        // Nothing stored since: a second call does not merge again.
        writer.mergeSearchIndexIfWorthwhile();
        QTest::qWait(2 * BackgroundWriter::kMergeGapMs);
        QVERIFY(merged.isEmpty());
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_files = 0;
    std::unique_ptr<CacheDatabase> m_db;
    std::unique_ptr<TicketCache> m_cache;
};

QTEST_GUILESS_MAIN(TestBackgroundWriter)
#include "tst_backgroundwriter.moc"
