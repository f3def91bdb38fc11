#include "models/ticketlistmodel.h"
#include "store/cachedatabase.h"
#include "store/outbox.h"
#include "store/storetestutil.h"
#include "store/ticketcache.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;
using namespace td;

namespace {

using Model = TicketListModel;

QList<qint64> numbersOf(const Model &model)
{
    QList<qint64> numbers;
    for (int row = 0; row < model.rowCount(); ++row)
        numbers.append(model.index(row, 0).data(Model::NumberRole).toLongLong());
    return numbers;
}

} // namespace

// The ticket list: lazy paging over the cache, re-query on filter/sort, in-place sync updates.
class TestTicketListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_db = std::make_unique<CacheDatabase>();
        QCOMPARE(m_db->open(m_dir.filePath(u"list-%1.sqlite"_s.arg(++m_files))).error,
                 StoreError::None);
        m_cache = std::make_unique<TicketCache>(m_db.get());
    }

    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
        m_cache.reset();
        m_db.reset();
    }

    void loadsPageByPageNeverEverything()
    {
        fill(450);
        makeModel();
        QCOMPARE(m_model->rowCount(), Model::DefaultPageSize);
        QVERIFY(m_model->canFetchMore({}));
        // Default order: most recently updated first.
        QCOMPARE(m_model->index(0, Model::Number).data().toLongLong(), 450);
        m_model->fetchMore({});
        QCOMPARE(m_model->rowCount(), 400);
        m_model->fetchMore({});
        QCOMPARE(m_model->rowCount(), 450);
        QVERIFY(!m_model->canFetchMore({}));
        QList<qint64> numbers = numbersOf(*m_model);
        QVERIFY(std::is_sorted(numbers.crbegin(), numbers.crend()));
        QCOMPARE(m_model->totalCount(), 450);
    }

    void sortingByAColumnReQueries_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("order");
        QTest::addColumn<bool>("sorts");
        QTest::newRow("number ascending") << int(Model::Number) << int(Qt::AscendingOrder) << true;
        QTest::newRow("priority descending")
                << int(Model::Priority) << int(Qt::DescendingOrder) << true;
        QTest::newRow("status ascending") << int(Model::Status) << int(Qt::AscendingOrder) << true;
        QTest::newRow("updated ascending")
                << int(Model::Updated) << int(Qt::AscendingOrder) << true;
        QTest::newRow("title ascending") << int(Model::Title) << int(Qt::AscendingOrder) << true;
        QTest::newRow("type descending") << int(Model::Type) << int(Qt::DescendingOrder) << true;
        QTest::newRow("roles ascending") << int(Model::Roles) << int(Qt::AscendingOrder) << true;
        QTest::newRow("requester descending")
                << int(Model::Requester) << int(Qt::DescendingOrder) << true;
        QTest::newRow("sync state does not sort")
                << int(Model::SyncState) << int(Qt::AscendingOrder) << false;
    }

    void sortingByAColumnReQueries()
    {
        QFETCH(int, column);
        QFETCH(int, order);
        QFETCH(bool, sorts);
        QList<Ticket> tickets;
        for (int n = 1; n <= 300; ++n) {
            Ticket ticket = storetest::makeTicket(n);
            ticket.priority = Priority(n * 7 % 4);
            ticket.status = TicketStatus(n * 5 % 4);
            setSortText(&ticket, n * 3);
            tickets.append(ticket);
        }
        QVERIFY(m_cache->applyTickets(tickets).ok());
        makeModel();
        QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
        m_model->sort(column, Qt::SortOrder(order));
        QCOMPARE(reset.count(), sorts ? 1 : 0);
        if (!sorts)
            return;
        const TicketSort sort{*Model::sortKeyFor(column), Qt::SortOrder(order)};
        QCOMPARE(m_model->ticketSort(), sort);
        QCOMPARE(m_model->rowCount(), Model::DefaultPageSize);
        m_model->fetchMore({});
        QCOMPARE(m_model->rowCount(), 300);
        for (int row = 1; row < m_model->rowCount(); ++row)
            QVERIFY(rowBefore(*m_model->rowAt(row - 1), *m_model->rowAt(row), sort));
    }

    void filterAndSearchReQuery()
    {
        QList<Ticket> tickets;
        for (int n = 1; n <= 30; ++n)
            tickets.append(storetest::makeTicket(n, n % 3 ? u"Printer jam"_s : u"Login fails"_s));
        tickets[0].status = TicketStatus::Closed;
        tickets[2].status = TicketStatus::Closed; // #3, a "Login fails"
        QVERIFY(m_cache->applyTickets(tickets).ok());
        makeModel();
        QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);

        m_model->setSearch(u"log"_s);
        QCOMPARE(m_model->rowCount(), 10);
        TicketFilter open;
        open.statuses = {TicketStatus::New};
        m_model->setFilter(open);
        QCOMPARE(m_model->search(), u"log"_s); // a new filter keeps what the user typed
        QCOMPARE(m_model->rowCount(), 9);
        m_model->setSearch(u"\"jam OR NEAR("_s);
        QCOMPARE(m_model->rowCount(), 0);
        m_model->setSearch({});
        QCOMPARE(m_model->rowCount(), 28);
        QCOMPARE(reset.count(), 4);
        m_model->setSearch({}); // nothing changed, nothing re-queried
        QCOMPARE(reset.count(), 4);
    }

    void displayValuesAreRaw()
    {
        Ticket ticket = storetest::makeTicket(42, u"Checkout broken"_s);
        ticket.requestType = RequestType::ChangeRequest;
        ticket.priority = Priority::Urgent;
        ticket.roles = {u"frontend"_s, u"qa"_s};
        ticket.blocking = true;
        ticket.status = TicketStatus::InProgress;
        QVERIFY(m_cache->applyTickets({ticket}).ok());
        makeModel();
        QCOMPARE(m_model->rowCount(), 1);
        const auto cell = [this](int column) { return m_model->index(0, column).data(); };
        QCOMPARE(cell(Model::Number).toLongLong(), 42);
        QCOMPARE(cell(Model::Title).toString(), u"Checkout broken"_s);
        QCOMPARE(cell(Model::Type).toString(), u"change_request"_s);
        QCOMPARE(cell(Model::Priority).toString(), u"urgent"_s);
        QCOMPARE(cell(Model::Roles).toStringList(), ticket.roles);
        QCOMPARE(cell(Model::Requester).toString(), testdata::ClientName);
        QCOMPARE(cell(Model::Status).toString(), u"in_progress"_s);
        QCOMPARE(cell(Model::Updated).toDateTime(), ticket.updatedAt);
        QCOMPARE(cell(Model::SyncState).toString(), u"synced"_s);
        const QModelIndex index = m_model->index(0, 0);
        QCOMPARE(index.data(Model::TicketIdRole).toString(), ticket.id);
        QCOMPARE(index.data(Model::BlockingRole).toBool(), true);
        QCOMPARE(index.data(Model::RequesterEmailRole).toString(), testdata::ClientEmail);
        QCOMPARE(index.data(Model::ProjectIdRole).toString(), testdata::WebProjectId);
        QCOMPARE(index.data(Model::StatusRole).toInt(), int(TicketStatus::InProgress));
        QVERIFY(!index.data(Model::PendingStatusRole).isValid());
        QCOMPARE(index.data(Model::RowRole).value<TicketRow>().id, ticket.id);
        QCOMPARE(m_model->headerData(Model::Requester, Qt::Horizontal).toString(), u"requester"_s);
    }

    void syncChangesRowsInPlace_data()
    {
        QTest::addColumn<QString>("change");
        QTest::newRow("status change keeps its row") << u"status"_s;
        QTest::newRow("new ticket appears at the top") << u"new-top"_s;
        QTest::newRow("updated ticket moves to the top") << u"move-top"_s;
        QTest::newRow("ticket leaving the filter goes") << u"leave"_s;
        QTest::newRow("ticket past the loaded rows waits for its page") << u"past-window"_s;
        QTest::newRow("queued transition shows at once") << u"queued"_s;
        QTest::newRow("stale reply changes nothing") << u"stale"_s;
    }

    void syncChangesRowsInPlace()
    {
        QFETCH(QString, change);
        fill(300);
        makeModel();
        TicketFilter notClosed;
        notClosed.statuses = {TicketStatus::New, TicketStatus::Triaged};
        m_model->setFilter(notClosed);
        QCOMPARE(m_model->rowCount(), 200); // #300 .. #101 by update time
        QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
        QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);
        const Ticket t250 = storetest::makeTicket(250); // at row 50
        QCOMPARE(m_model->rowOf(t250.id), 50);

        if (change == u"status"_s) {
            Ticket triaged = storetest::advanced(t250, TicketStatus::Triaged, 1000);
            triaged.updatedAt = t250.updatedAt; // same sort position
            QVERIFY(m_cache->applyTickets({triaged}).ok());
            QCOMPARE(changed.count(), 1);
            QCOMPARE(changed.first().at(0).value<QModelIndex>().row(), 50);
            QCOMPARE(m_model->index(50, Model::Status).data().toString(), u"triaged"_s);
            QCOMPARE(inserted.count() + removed.count() + moved.count(), 0);
        } else if (change == u"new-top"_s) {
            Ticket fresh = storetest::makeTicket(301);
            QVERIFY(m_cache->applyTickets({fresh}).ok());
            QCOMPARE(inserted.count(), 1);
            QCOMPARE(inserted.first().at(1).toInt(), 0);
            QCOMPARE(m_model->rowOf(fresh.id), 0);
            QCOMPARE(m_model->rowOf(t250.id), 51);
        } else if (change == u"move-top"_s) {
            // Updated after everything else (updatedAt = base + 3600 s + seq).
            QVERIFY(m_cache->applyTickets({storetest::advanced(t250, TicketStatus::Triaged, 20000)})
                            .ok());
            QCOMPARE(moved.count(), 1);
            QCOMPARE(m_model->rowOf(t250.id), 0);
            QCOMPARE(m_model->index(0, Model::Status).data().toString(), u"triaged"_s);
            QCOMPARE(m_model->index(1, Model::Number).data().toLongLong(), 300);
            QCOMPARE(m_model->rowCount(), 200);
        } else if (change == u"leave"_s) {
            Ticket closed = storetest::advanced(t250, TicketStatus::Closed, 1000);
            QVERIFY(m_cache->applyTickets({closed}).ok());
            QCOMPARE(removed.count(), 1);
            QCOMPARE(m_model->rowOf(t250.id), -1);
            QCOMPARE(m_model->rowCount(), 199);
        } else if (change == u"past-window"_s) {
            Ticket old = storetest::makeTicket(1000);
            old.updatedAt = storetest::baseTime().addSecs(-3600); // older than everything
            QVERIFY(m_cache->applyTickets({old}).ok());
            QCOMPARE(inserted.count(), 0);
            QCOMPARE(m_model->rowOf(old.id), -1);
            m_model->fetchMore({});
            QCOMPARE(m_model->rowCount(), 301);
            QCOMPARE(m_model->rowOf(old.id), 300);
        } else if (change == u"queued"_s) {
            Outbox outbox(m_db.get());
            QVERIFY(outbox.enqueueTransition(t250.id, TicketStatus::Triaged, {}, 1));
            QCOMPARE(changed.count(), 1);
            const QModelIndex index = m_model->index(50, Model::SyncState);
            QCOMPARE(index.data().toString(), u"queued"_s);
            QCOMPARE(index.data(Model::PendingStatusRole).toInt(), int(TicketStatus::Triaged));
            QCOMPARE(index.data(Model::StatusRole).toInt(), int(TicketStatus::New));
        } else if (change == u"stale"_s) {
            Ticket stale = t250;
            stale.title = u"An older title"_s;
            QVERIFY(m_cache->applyTickets({stale}).ok());
            QCOMPARE(changed.count() + inserted.count() + removed.count() + moved.count(), 0);
        }
        QCOMPARE(reset.count(), 0);
    }

    void bigSyncPageReordersLoadedRowsInPlace()
    {
        fill(300);
        makeModel();
        TicketFilter notClosed;
        notClosed.statuses = {TicketStatus::New, TicketStatus::Triaged};
        m_model->setFilter(notClosed);
        QCOMPARE(m_model->rowCount(), 200); // #300 .. #101
        QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
        QList<Ticket> page;
        qint64 seq = 20000;
        for (int n = 150; n < 200; ++n) // loaded rows triaged now: they move to the top
            page.append(
                    storetest::advanced(storetest::makeTicket(n), TicketStatus::Triaged, ++seq));
        for (int n = 250; n < 260; ++n) // loaded rows closed: they leave the list
            page.append(storetest::advanced(storetest::makeTicket(n), TicketStatus::Closed, ++seq));
        for (int n = 20; n < 25; ++n) // not loaded, now the newest: they come in at the top
            page.append(
                    storetest::advanced(storetest::makeTicket(n), TicketStatus::Triaged, ++seq));
        QVERIFY(m_cache->applyTickets(page).ok());
        QCOMPARE(reset.count(), 0);
        // Exactly what a fresh query would show, as far as it is loaded.
        const QList<TicketRow> expected = m_cache->fetch(notClosed, m_model->ticketSort(),
                                                         std::nullopt, m_model->rowCount());
        QCOMPARE(m_model->rowCount(), 195); // 200 - 10 closed - 50 moved + 55 in at the top
        for (int row = 0; row < m_model->rowCount(); ++row)
            QCOMPARE(m_model->rowAt(row)->id, expected.at(row).id);
        QCOMPARE(m_model->rowOf(storetest::makeTicket(24).id), 0);
        QCOMPARE(m_model->rowOf(storetest::makeTicket(255).id), -1);
        while (m_model->canFetchMore({}))
            m_model->fetchMore({});
        QCOMPARE(m_model->rowCount(), 290);
    }

    void bigSyncKeepsTheWindowSmall()
    {
        fill(450);
        makeModel();
        QCOMPARE(m_model->rowCount(), 200);
        QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
        // A view tells a trim from tickets that left the list: aboutToTrim comes first, and
        // isTrimming() holds while the rows go.
        QStringList events;
        connect(m_model.get(), &Model::aboutToTrim, this,
                [&](int firstRow) { events.append(u"trim from %1"_s.arg(firstRow)); });
        connect(m_model.get(), &QAbstractItemModel::rowsAboutToBeRemoved, this,
                [&](const QModelIndex &, int first, int last) {
                    events.append(u"remove %1-%2%3"_s.arg(first).arg(last).arg(
                            m_model->isTrimming() ? u" trimming"_s : u""_s));
                });
        // A first sync after a long time offline: 1000 tickets newer than anything shown.
        QList<Ticket> page;
        for (int n = 451; n <= 1450; ++n)
            page.append(storetest::makeTicket(n));
        QVERIFY(m_cache->applyTickets(page).ok());
        QCOMPARE(reset.count(), 0);
        QVERIFY(!events.isEmpty());
        QCOMPARE(events.first(), u"trim from 200"_s);
        QCOMPARE(events.at(1), u"remove 200-399 trimming"_s);
        QVERIFY(!m_model->isTrimming());
        QCOMPARE(m_model->rowCount(), 200);
        QCOMPARE(m_model->index(0, Model::Number).data().toLongLong(), 1450);
        QVERIFY(m_model->canFetchMore({}));
        while (m_model->canFetchMore({}))
            m_model->fetchMore({});
        QList<qint64> numbers = numbersOf(*m_model);
        QCOMPARE(numbers.size(), 1450);
        QVERIFY(std::is_sorted(numbers.crbegin(), numbers.crend())); // none twice, none lost
    }

    // Under every sort, a ticket whose sort key changes lands where a fresh query puts it
    // (the model places it with rowBefore, the cache orders with SQL: they must agree), one
    // ticket at a time and in a big sync page, for texts that differ in case and accents.
    void changedRowsLandWhereAFreshQueryPutsThem_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("order");
        for (const auto &[column, name] :
             {std::pair{Model::Title, "title"}, std::pair{Model::Type, "type"},
              std::pair{Model::Roles, "roles"}, std::pair{Model::Requester, "requester"}}) {
            QTest::addRow("%s ascending", name) << int(column) << int(Qt::AscendingOrder);
            QTest::addRow("%s descending", name) << int(column) << int(Qt::DescendingOrder);
        }
    }

    void changedRowsLandWhereAFreshQueryPutsThem()
    {
        QFETCH(int, column);
        QFETCH(int, order);
        QList<Ticket> tickets;
        for (int n = 1; n <= 450; ++n) {
            Ticket ticket = storetest::makeTicket(n);
            setSortText(&ticket, n);
            tickets.append(ticket);
        }
        QVERIFY(m_cache->applyTickets(tickets).ok());
        makeModel();
        m_model->sort(column, Qt::SortOrder(order));
        QCOMPARE(m_model->rowCount(), 200);
        QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
        const auto agreesWithAFreshQuery = [this] {
            const QList<TicketRow> expected = m_cache->fetch(
                    m_model->filter(), m_model->ticketSort(), std::nullopt, m_model->rowCount());
            QCOMPARE(m_model->rowCount(), expected.size());
            for (int row = 0; row < m_model->rowCount(); ++row)
                QCOMPARE(m_model->rowAt(row)->id, expected.at(row).id);
        };
        qint64 seq = 10000;
        // One at a time (moves within the window, out of it, in from past it).
        for (const int n : {7, 120, 333, 2, 449}) {
            const int loaded = m_model->rowOf(tickets.at(n - 1).id);
            Ticket changed = storetest::advanced(tickets.at(n - 1), TicketStatus::Triaged, ++seq);
            setSortText(&changed, n * 13 + 5);
            QVERIFY(m_cache->applyTickets({changed}).ok());
            agreesWithAFreshQuery();
            if (QTest::currentTestFailed())
                QFAIL(qPrintable(u"after changing #%1 (row %2)"_s.arg(n).arg(loaded)));
        }
        // A sync page of many (the bulk path).
        QList<Ticket> page;
        for (int n = 1; n <= 450; n += 9) {
            Ticket changed = storetest::advanced(tickets.at(n - 1), TicketStatus::Triaged, ++seq);
            setSortText(&changed, n * 5 + 1);
            page.append(changed);
        }
        QVERIFY(m_cache->applyTickets(page).ok());
        agreesWithAFreshQuery();
        QCOMPARE(reset.count(), 0);
        // The rest pages in after them, none twice, none lost.
        while (m_model->canFetchMore({}))
            m_model->fetchMore({});
        QCOMPARE(m_model->rowCount(), 450);
        agreesWithAFreshQuery();
    }

    void cacheResetReloads()
    {
        fill(3);
        makeModel();
        QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
        m_db->notifyReset();
        QCOMPARE(reset.count(), 1);
        QCOMPARE(m_model->rowCount(), 3);
    }

private:
    // Sort keys from small pools (many ties), in mixed case and with accents; `variant`
    // picks one of each.
    static void setSortText(Ticket *ticket, int variant)
    {
        static const QStringList texts
                = {u"printer"_s, u"Printer"_s, u"PRINTER jam"_s, u"Émile"_s, u"émile"_s, u"zoë"_s,
                   u"Zoe"_s,     u"a-b"_s,     u"a, b"_s,        u"Ärger"_s, u"apple"_s};
        static const QList<QStringList> roles = {
                {}, {u"qa"_s}, {u"QA"_s}, {u"frontend"_s, u"qa"_s}, {u"Frontend"_s}, {u"Ärzte"_s}};
        ticket->title = texts.at(variant % texts.size());
        ticket->requester.name = texts.at((variant * 7 + 3) % texts.size());
        ticket->roles = roles.at((variant * 5 + 1) % roles.size());
        ticket->requestType = RequestType((variant * 3) % 5);
    }

    void fill(int count)
    {
        QList<Ticket> tickets;
        for (int n = 1; n <= count; ++n)
            tickets.append(storetest::makeTicket(n));
        QVERIFY(m_cache->applyTickets(tickets).ok());
    }

    void makeModel()
    {
        m_model = std::make_unique<Model>(m_cache.get());
        // Owned by the test, so it watches every change until cleanup().
        m_tester = std::make_unique<QAbstractItemModelTester>(
                m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        // Attaching, the tester fetches pages like a scrolling view; start from one page.
        m_model->reload();
    }

    QTemporaryDir m_dir;
    int m_files = 0;
    std::unique_ptr<CacheDatabase> m_db;
    std::unique_ptr<TicketCache> m_cache;
    std::unique_ptr<Model> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

QTEST_GUILESS_MAIN(TestTicketListModel)
#include "tst_ticketlistmodel.moc"
