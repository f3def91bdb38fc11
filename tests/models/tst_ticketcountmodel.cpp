#include "models/ticketcountmodel.h"
#include "store/cachedatabase.h"
#include "store/storetestutil.h"
#include "store/ticketcache.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace td;

using Kind = TicketCountModel::Kind;

// The sidebar's numbers per status and per project, following the cache live.
class TestTicketCountModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_db = std::make_unique<CacheDatabase>();
        QCOMPARE(m_db->open(m_dir.filePath(u"counts-%1.sqlite"_s.arg(++m_files))).error,
                 StoreError::None);
        m_cache = std::make_unique<TicketCache>(m_db.get());
        // #1-#4 web (one closed), #5 mobile, #6 general inbox.
        m_tickets.clear();
        for (int n = 1; n <= 6; ++n)
            m_tickets.append(storetest::makeTicket(n, n == 2 ? u"Login fails"_s : QString()));
        m_tickets[3].status = TicketStatus::Closed;
        m_tickets[4].projectId = testdata::MobileProjectId;
        m_tickets[5].projectId.reset();
        QVERIFY(m_cache->applyTickets(m_tickets).ok());
        m_model = std::make_unique<TicketCountModel>(m_cache.get());
        m_tester = std::make_unique<QAbstractItemModelTester>(
                m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_model->setProjects({{testdata::WebProjectId, testdata::WebProjectName},
                              {testdata::OtherProjectId, u"Empty project"_s}},
                             true);
    }

    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
        m_cache.reset();
        m_db.reset();
    }

    void countsPerStatusAndProject()
    {
        QCOMPARE(m_model->countFor(Kind::All), 6);
        QCOMPARE(m_model->countFor(Kind::Status, u"new"_s), 5);
        QCOMPARE(m_model->countFor(Kind::Status, u"closed"_s), 1);
        QCOMPARE(m_model->countFor(Kind::Status, u"triaged"_s), 0);
        // Project rows count open tickets; listed projects come first, even when empty.
        QCOMPARE(m_model->countFor(Kind::Project, testdata::WebProjectId), 3);
        QCOMPARE(m_model->countFor(Kind::Project, testdata::OtherProjectId), 0);
        QCOMPARE(m_model->countFor(Kind::Project, testdata::MobileProjectId), 1);
        QCOMPARE(m_model->countFor(Kind::Inbox), 1);

        // Rows: all, 4 statuses, web, empty project, mobile (found in the cache), inbox.
        QCOMPARE(m_model->rowCount(), 9);
        const auto at = [this](int row, int role) { return m_model->index(row).data(role); };
        QCOMPARE(at(0, Qt::DisplayRole).toString(), u"all"_s);
        QCOMPARE(at(1, Qt::DisplayRole).toString(), u"new"_s);
        QCOMPARE(at(1, TicketCountModel::CountRole).toLongLong(), 5);
        QCOMPARE(at(5, Qt::DisplayRole).toString(), testdata::WebProjectName);
        QCOMPARE(at(5, TicketCountModel::KeyRole).toString(), testdata::WebProjectId);
        QCOMPARE(at(7, TicketCountModel::KeyRole).toString(), testdata::MobileProjectId);
        QCOMPARE(at(8, TicketCountModel::KindRole).toInt(), int(Kind::Inbox));
        // Selecting a row yields the filter the list should show.
        const auto filter = at(5, TicketCountModel::FilterRole).value<TicketFilter>();
        QCOMPARE(m_cache->count(filter), 4);
        const auto inbox = at(8, TicketCountModel::FilterRole).value<TicketFilter>();
        QCOMPARE(m_cache->count(inbox), 1);
    }

    void syncUpdatesTheNumbersInPlace()
    {
        QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        QVERIFY(m_cache->applyTickets(
                               {storetest::advanced(m_tickets[0], TicketStatus::Triaged, 100),
                                storetest::advanced(m_tickets[1], TicketStatus::Closed, 101)})
                        .ok());
        QVERIFY(m_cache->applyTickets({storetest::makeTicket(7)}).ok());
        // Recounting waits for the event loop, once for both pages.
        QCOMPARE(m_model->countFor(Kind::Status, u"new"_s), 5);
        QTRY_COMPARE(m_model->countFor(Kind::Status, u"new"_s), 4);
        QCOMPARE(m_model->countFor(Kind::Status, u"triaged"_s), 1);
        QCOMPARE(m_model->countFor(Kind::Status, u"closed"_s), 2);
        QCOMPARE(m_model->countFor(Kind::All), 7);
        QCOMPARE(m_model->countFor(Kind::Project, testdata::WebProjectId), 3);
        QCOMPARE(reset.count(), 0);
        // all, new, triaged, closed changed; web's open count went 3 -> 2 -> 3: no signal.
        QCOMPARE(changed.count(), 4);
    }

    void baseFilterNarrowsEveryNumber()
    {
        TicketFilter search;
        search.search = u"login"_s;
        const qint64 all = m_model->countFor(Kind::All);
        m_model->setBaseFilter(search);
        // Under a search the numbers are counted on the cache's reading thread: the last ones
        // stay until the new ones arrive.
        QCOMPARE(m_model->countFor(Kind::All), all);
        QTRY_COMPARE(m_model->countFor(Kind::All), 1);
        QCOMPARE(m_model->countFor(Kind::Status, u"new"_s), 1);
        QCOMPARE(m_model->countFor(Kind::Project, testdata::WebProjectId), 1);
        QCOMPARE(m_model->countFor(Kind::Inbox), 0);
        // A search replaced before its numbers arrived: they are dropped, never shown over
        // the newer ones.
        TicketFilter other;
        other.search = u"checkout"_s;
        m_model->setBaseFilter(other);
        m_model->setBaseFilter({});
        QCOMPARE(m_model->countFor(Kind::All), all);
        QObject probe; // read after the model's request: when it is done, so is the model's
        bool drained = false;
        m_cache->readInBackground(
                &probe, [](TicketSource &) {}, [&] { drained = true; });
        QTRY_VERIFY(drained);
        QCOMPARE(m_model->countFor(Kind::All), all);
        m_model->setBaseFilter(TicketFilter::inbox());
        QCOMPARE(m_model->countFor(Kind::All), 1);
        m_model->setProjectStatuses({TicketStatus::Closed});
        m_model->setBaseFilter({});
        QCOMPARE(m_model->countFor(Kind::Project, testdata::WebProjectId), 1);
    }

    // A saved view's number: its whole filter (several types, several priorities), not
    // narrowed by the list's base filter, following the cache like the others.
    void namedFiltersCountTheirOwnTickets()
    {
        QList<Ticket> more;
        const struct
        {
            RequestType type;
            Priority priority;
        } kinds[] = {{RequestType::Bug, Priority::High},
                     {RequestType::Question, Priority::Urgent},
                     {RequestType::Bug, Priority::Low},
                     {RequestType::General, Priority::High},
                     {RequestType::Question, Priority::Medium}};
        qint64 number = 100;
        for (const auto &kind : kinds) {
            Ticket ticket = storetest::makeTicket(++number);
            ticket.requestType = kind.type;
            ticket.priority = kind.priority;
            more.append(ticket);
        }
        QVERIFY(m_cache->applyTickets(more).ok());
        TicketFilter hot;
        hot.requestTypes = {RequestType::Bug, RequestType::Question};
        hot.priorities = {Priority::High, Priority::Urgent};
        // The fixture's six tickets are bugs of medium priority (makeTicket's defaults).
        TicketFilter medium;
        medium.priorities = {Priority::Medium};
        QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
        m_model->setNamedFilters({{u"1"_s, hot}, {u"2"_s, medium}});
        QCOMPARE(reset.count(), 1); // two rows more
        QCOMPARE(m_model->rowCount(), 11);
        // Counted on the cache's counting thread: not known before the event loop runs.
        QCOMPARE(m_model->countFor(Kind::Filter, u"1"_s), -1);
        QTRY_COMPARE(m_model->countFor(Kind::Filter, u"1"_s), 2); // bug/high, question/urgent
        QCOMPARE(m_model->countFor(Kind::Filter, u"2"_s), 7);
        // Renaming a view keeps its number; a changed filter is counted again.
        TicketFilter urgent;
        urgent.priorities = {Priority::Urgent};
        m_model->setNamedFilters({{u"1"_s, hot}, {u"2"_s, urgent}});
        QCOMPARE(m_model->countFor(Kind::Filter, u"1"_s), 2);
        QCOMPARE(m_model->countFor(Kind::Filter, u"2"_s), -1);
        QTRY_COMPARE(m_model->countFor(Kind::Filter, u"2"_s), 1);
        m_model->setNamedFilters({{u"1"_s, hot}, {u"2"_s, medium}});
        QTRY_COMPARE(m_model->countFor(Kind::Filter, u"2"_s), 7);
        const QModelIndex row = m_model->index(9);
        QCOMPARE(row.data(TicketCountModel::KindRole).toInt(), int(Kind::Filter));
        QCOMPARE(row.data(TicketCountModel::FilterRole).value<TicketFilter>(), hot);
        // The list's search does not narrow a saved view's number.
        TicketFilter search;
        search.search = u"login"_s;
        m_model->setBaseFilter(search);
        QObject probe; // read after the model's request: when it is done, so is the model's
        bool drained = false;
        m_cache->readInBackground(
                &probe, [](TicketSource &) {}, [&] { drained = true; });
        QTRY_VERIFY(drained);
        QCOMPARE(m_model->countFor(Kind::Filter, u"1"_s), 2);
        // A ticket that starts to match is counted after the next sync page, in place.
        const auto resets = reset.count();
        Ticket now = more.at(2); // bug, low
        now.priority = Priority::Urgent;
        now.version += 1;
        now.seq += 100;
        QVERIFY(m_cache->applyTickets({now}).ok());
        QTRY_COMPARE(m_model->countFor(Kind::Filter, u"1"_s), 3);
        QCOMPARE(reset.count(), resets);
    }

private:
    QTemporaryDir m_dir;
    int m_files = 0;
    QList<Ticket> m_tickets;
    std::unique_ptr<CacheDatabase> m_db;
    std::unique_ptr<TicketCache> m_cache;
    std::unique_ptr<TicketCountModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

QTEST_GUILESS_MAIN(TestTicketCountModel)
#include "tst_ticketcountmodel.moc"
