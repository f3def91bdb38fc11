#include "store/cachedatabase.h"
#include "store/schema.h"
#include "store/ticketcache.h"
#include "storetestutil.h"

#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>
#include <random>

using namespace Qt::StringLiterals;
using namespace td;

namespace {

QList<qint64> numbers(const QList<TicketRow> &rows)
{
    QList<qint64> result;
    for (const TicketRow &row : rows)
        result.append(row.number);
    return result;
}

// Texts that differ only in case, in accents, in letters past the BMP (U+1D49C sorts after
// U+E000 by code point, before it by UTF-16 unit), in punctuation, and that are prefixes of
// each other.
QStringList sortTexts()
{
    return {u"apple"_s,
            u"Apple"_s,
            u"APPLE"_s,
            u"apple pie"_s,
            u"Äpfel"_s,
            u"äpfel"_s,
            u"Émile"_s,
            u"émile"_s,
            u"zoë"_s,
            u"Zoe"_s,
            u"a"_s,
            u"a b"_s,
            u"a, b"_s,
            u"a-x"_s,
            u"[bracket]"_s,
            u"_under"_s,
            QString::fromUcs4(U"\U0001D49Clpha"),
            QString::fromUcs4(U"\uE000private"),
            u"\u00DF"_s,
            u"SS"_s,
            u"Zebra"_s};
}

QList<QStringList> sortRoles()
{
    return {{},
            {u"qa"_s},
            {u"QA"_s},
            {u"frontend"_s, u"qa"_s},
            {u"frontend qa"_s},
            {u"Frontend"_s},
            {u"a-x"_s},
            {u"a"_s, u"b"_s},
            {u"Ärzte"_s}};
}

} // namespace

// The ticket cache as sync writes it and the list reads it.
class TestTicketCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_db = std::make_unique<CacheDatabase>();
        QCOMPARE(m_db->open(m_dir.filePath(u"cache-%1.sqlite"_s.arg(++m_files))).error,
                 StoreError::None);
        m_cache = std::make_unique<TicketCache>(m_db.get());
    }

    void cleanup()
    {
        m_cache.reset();
        m_db.reset();
    }

    void newerVersionWins_data()
    {
        QTest::addColumn<qint64>("incomingSeq");
        QTest::addColumn<int>("incomingVersion");
        QTest::addColumn<bool>("replaces");
        // The cached ticket has seq 10, version 2, status triaged.
        QTest::newRow("newer seq replaces") << qint64(11) << 3 << true;
        QTest::newRow("late older reply is ignored") << qint64(9) << 1 << false;
        QTest::newRow("same seq, same version is a no-op") << qint64(10) << 2 << false;
        QTest::newRow("same seq, higher version replaces") << qint64(10) << 3 << true;
        QTest::newRow("older seq with higher version is ignored") << qint64(9) << 5 << false;
    }

    void newerVersionWins()
    {
        QFETCH(qint64, incomingSeq);
        QFETCH(int, incomingVersion);
        QFETCH(bool, replaces);
        Ticket cached = storetest::advanced(storetest::makeTicket(1), TicketStatus::Triaged, 10);
        QCOMPARE(cached.version, 2);
        QVERIFY(m_cache->applyTickets({cached}).ok());

        Ticket incoming = cached;
        incoming.seq = incomingSeq;
        incoming.version = incomingVersion;
        incoming.status = TicketStatus::InProgress;
        QSignalSpy changed(m_cache.get(), &TicketSource::ticketsChanged);
        const ApplyResult result = m_cache->applyTickets({incoming});
        QVERIFY(result.ok());
        QCOMPARE(result.changedIds, replaces ? QStringList{cached.id} : QStringList{});
        QCOMPARE(result.skippedStale, replaces ? 0 : 1);
        QCOMPARE(changed.count(), replaces ? 1 : 0);
        QCOMPARE(m_cache->ticket(cached.id)->status,
                 replaces ? TicketStatus::InProgress : TicketStatus::Triaged);
        QCOMPARE(m_cache->count(TicketFilter::all()), 1);
    }

    void searchFollowsTheStoredText()
    {
        Ticket ticket = storetest::makeTicket(1, u"Printer jams"_s);
        QVERIFY(m_cache->applyTickets({ticket}).ok());
        TicketFilter printer;
        printer.search = u"printer"_s;
        TicketFilter scanner;
        scanner.search = u"scanner"_s;
        // A status change leaves the text (and its index entry) alone.
        QVERIFY(m_cache->applyTickets({storetest::advanced(ticket, TicketStatus::Triaged, 5)})
                        .ok());
        QCOMPARE(m_cache->count(printer), 1);
        // Replaced text is searchable under the new words only.
        Ticket renamed = storetest::advanced(ticket, TicketStatus::Triaged, 6);
        renamed.title = u"Scanner jams"_s;
        QVERIFY(m_cache->applyTickets({renamed}).ok());
        QCOMPARE(m_cache->count(printer), 0);
        QCOMPARE(m_cache->count(scanner), 1);
        QSqlQuery check(m_db->database());
        QVERIFY(check.exec(
                u"INSERT INTO tickets_fts(tickets_fts, rank) VALUES ('integrity-check', 1)"_s));
    }

    void pageIsOneTransactionWithItsCursor()
    {
        QVERIFY(m_cache->applyTickets({storetest::makeTicket(1)}, SyncCursor{1, {}}).ok());
        // A row the database refuses in the middle of a page (here a test trigger; in life a
        // full disk) must leave neither the rows before it nor the cursor behind.
        QSqlQuery query(m_db->database());
        QVERIFY(query.exec(uR"(CREATE TEMP TRIGGER refuse BEFORE INSERT ON main.tickets
WHEN new.title = 'refused' BEGIN SELECT RAISE(ABORT, 'refused'); END)"_s));
        QSignalSpy changed(m_cache.get(), &TicketSource::ticketsChanged);
        const ApplyResult failed = m_cache->applyTickets({storetest::makeTicket(2),
                                                          storetest::makeTicket(3, u"refused"_s),
                                                          storetest::makeTicket(4)},
                                                         SyncCursor{4, storetest::baseTime()});
        QVERIFY(!failed.ok());
        QCOMPARE(changed.count(), 0);
        QCOMPARE(m_cache->count(TicketFilter::all()), 1);
        QCOMPARE(m_cache->syncCursor().nextSince, 1);

        QVERIFY(query.exec(u"DROP TRIGGER refuse"_s));
        const ApplyResult applied = m_cache->applyTickets(
                {storetest::makeTicket(2), storetest::makeTicket(3), storetest::makeTicket(4)},
                SyncCursor{4, storetest::baseTime()});
        QVERIFY(applied.ok());
        QCOMPARE(changed.count(), 1); // one notification per page, not per ticket
        QCOMPARE(changed.first().first().toStringList().size(), 3);
        QCOMPARE(m_cache->count(TicketFilter::all()), 4);
        QCOMPARE(m_cache->syncCursor().nextSince, 4);
        QCOMPARE(m_cache->syncCursor().lastSyncAt, storetest::baseTime());
    }

    void fullTicketRoundTrips()
    {
        Ticket ticket = storetest::makeTicket(42, u"Crash on \"save\" — 100%"_s);
        ticket.evidence = QJsonObject{{u"logs"_s, u"https://example.test/log"_s}};
        ticket.roles = {u"frontend"_s, u"qa"_s};
        ticket.projectId.reset();
        ticket.actorId.reset();
        ticket.agentVendor = u"acme-agent"_s;
        ticket.updatedAt = ticket.updatedAt.addMSecs(123);
        QVERIFY(m_cache->applyTickets({ticket}).ok());
        QCOMPARE(m_cache->ticket(ticket.id), ticket);
        const QList<TicketRow> rows = m_cache->rows({ticket.id}, TicketFilter::all());
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().roles, ticket.roles);
        QCOMPARE(rows.first().updatedAt, ticket.updatedAt);
        QVERIFY(!rows.first().projectId);
        QCOMPARE(rows.first().syncState, SyncState::Synced);
    }

    void searchTakesAnyUserText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QList<qint64>>("expected");
        const QList<qint64> none;
        const QList<qint64> all{1, 2, 3};
        QTest::newRow("word prefix") << u"chec"_s << QList<qint64>{1};
        QTest::newRow("every word must match") << u"checkout saf"_s << QList<qint64>{1};
        QTest::newRow("case and accents") << u"ZOE"_s << QList<qint64>{3};
        QTest::newRow("description words") << u"vat"_s << QList<qint64>{2};
        QTest::newRow("requester email") << u"carl@client"_s << QList<qint64>{1, 2};
        QTest::newRow("leading quote") << u"\"checkout"_s << QList<qint64>{1};
        QTest::newRow("quote inside a word") << u"che\"ckout"_s << none;
        QTest::newRow("balanced phrase quotes") << u"\"checkout button\""_s << QList<qint64>{1};
        QTest::newRow("OR is a word, not an operator") << u"checkout OR invoice"_s << none;
        QTest::newRow("NOT is a word") << u"checkout NOT invoice"_s << none;
        QTest::newRow("NEAR( is a word") << u"NEAR(checkout invoice"_s << none;
        QTest::newRow("leading minus") << u"-checkout"_s << QList<qint64>{1};
        QTest::newRow("star alone narrows nothing") << u"*"_s << all;
        QTest::newRow("star after a word") << u"inv*"_s << QList<qint64>{2};
        QTest::newRow("column filter syntax") << u"title:checkout"_s << none;
        QTest::newRow("caret") << u"^invoice"_s << QList<qint64>{2};
        QTest::newRow("parentheses") << u"(invoice)"_s << QList<qint64>{2};
        QTest::newRow("only punctuation") << u" - \" ) ( "_s << all;
        QTest::newRow("sql quote") << u"'); DROP TABLE tickets; --"_s << none;
        QTest::newRow("whitespace only") << u"   \t"_s << all;
        QTest::newRow("no match") << u"zzzzz"_s << none;
    }

    void searchTakesAnyUserText()
    {
        QFETCH(QString, text);
        QFETCH(QList<qint64>, expected);
        Ticket checkout = storetest::makeTicket(1, u"Checkout button does nothing"_s);
        checkout.description = u"Safari only"_s;
        Ticket invoice = storetest::makeTicket(2, u"Invoice shows the wrong VAT"_s);
        invoice.description = u"VAT 21% instead of 19%"_s;
        Ticket question = storetest::makeTicket(3, u"How do I export?"_s);
        question.requester = {u"Zoë Requester"_s, u"zoe@example.test"_s};
        QVERIFY(m_cache->applyTickets({checkout, invoice, question}).ok());

        TicketFilter filter;
        filter.search = text;
        const TicketSort byNumber{TicketSortKey::Number, Qt::AscendingOrder};
        QCOMPARE(numbers(m_cache->fetch(filter, byNumber, std::nullopt, 50)), expected);
        QCOMPARE(m_cache->lastError(), StoreError::None);
        QCOMPARE(m_cache->count(filter), expected.size());
        QCOMPARE(m_cache->count(TicketFilter::all()), 3); // and the table is still there
    }

    void commonAndRareWordsPageAlike_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("expected");
        // More than 2000 matches walk the sort index; fewer are fetched and sorted.
        QTest::newRow("common word (broad plan)") << u"print"_s << 2600;
        QTest::newRow("common word, one letter") << u"p"_s << 2600;
        QTest::newRow("rare word (narrow plan)") << u"toner"_s << 13;
        QTest::newRow("common and rare together") << u"printer toner"_s << 13;
    }

    void commonAndRareWordsPageAlike()
    {
        QFETCH(QString, text);
        QFETCH(int, expected);
        QList<Ticket> tickets;
        for (int n = 1; n <= 2600; ++n) {
            Ticket ticket = storetest::makeTicket(n, n % 200 == 0 ? u"Printer toner empty"_s
                                                                  : u"Printer jams"_s);
            ticket.updatedAt = storetest::baseTime().addSecs((n * 7919) % 5000); // shuffled
            tickets.append(ticket);
        }
        QVERIFY(m_cache->applyTickets(tickets).ok());

        TicketFilter filter;
        filter.search = text;
        const TicketSort sort{TicketSortKey::Updated, Qt::DescendingOrder};
        QList<TicketRow> paged;
        std::optional<TicketCursor> after;
        while (true) {
            const QList<TicketRow> rows = m_cache->fetch(filter, sort, after, 200);
            QCOMPARE(m_cache->lastError(), StoreError::None);
            paged.append(rows);
            if (rows.size() < 200)
                break;
            after = TicketCursor::after(rows.last(), sort.key);
        }
        QCOMPARE(paged.size(), expected);
        QVERIFY(std::is_sorted(
                paged.cbegin(), paged.cend(),
                [&sort](const TicketRow &a, const TicketRow &b) { return rowBefore(a, b, sort); }));
        QCOMPARE(m_cache->count(filter), expected);
    }

    // A search in the default order walks the full-text index in rid order (schema v4); the
    // pages must be exactly rowBefore's order, also when a ticket has no exact order key.
    void searchPagesFollowTheListOrder_data()
    {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<int>("order");
        for (const char *variant :
             {"exact keys", "number past 2^22", "shared number and time", "date before 1950"}) {
            QTest::addRow("%s, newest first", variant)
                    << QString::fromLatin1(variant) << int(Qt::DescendingOrder);
            QTest::addRow("%s, oldest first", variant)
                    << QString::fromLatin1(variant) << int(Qt::AscendingOrder);
        }
    }

    void searchPagesFollowTheListOrder()
    {
        QFETCH(QString, variant);
        QFETCH(int, order);
        QList<Ticket> tickets;
        for (int n = 1; n <= 700; ++n) {
            Ticket ticket
                    = storetest::makeTicket(n, n % 3 == 0 ? u"Printer jams"_s : u"Login fails"_s);
            ticket.updatedAt = storetest::baseTime().addSecs((n * 37) % 101); // many ties
            // Few distinct texts, so a page boundary falls inside a run of equal keys, in
            // every case and with letters from outside ASCII and the BMP.
            ticket.title = sortTexts().at((n * 7) % sortTexts().size());
            ticket.requester.name = sortTexts().at((n * 11) % sortTexts().size());
            ticket.roles = sortRoles().at((n * 5) % sortRoles().size());
            ticket.requestType = RequestType((n / 2) % 5);
            tickets.append(ticket);
        }
        if (variant == u"number past 2^22"_s)
            tickets[5].number = (qint64(1) << 22) + 7;
        if (variant == u"shared number and time"_s) {
            tickets[6].number = tickets[9].number; // e.g. two rows not numbered by a server
            tickets[6].updatedAt = tickets[9].updatedAt;
        }
        if (variant == u"date before 1950"_s)
            tickets[8].updatedAt = QDateTime(QDate(1900, 1, 1), QTime(0, 0), Qt::UTC);
        QVERIFY(m_cache->applyTickets(tickets).ok());
        // And a later change of some of them (their order key moves with them).
        QList<Ticket> changed;
        for (int i = 0; i < 700; i += 50)
            changed.append(storetest::advanced(tickets.at(i), TicketStatus::Triaged, 1000 + i));
        QVERIFY(m_cache->applyTickets(changed).ok());

        const TicketSort sort{TicketSortKey::Updated, Qt::SortOrder(order)};
        // Short prefixes (indexed), long ones (named as their terms), several words, none.
        for (const QString &search : {u"print"_s, u"l"_s, u""_s, u"LOGIN fai"_s, u"jams pri"_s,
                                      u"printerx"_s, u"ticket 7"_s}) {
            TicketFilter filter;
            filter.search = search;
            QList<TicketRow> expected = m_cache->fetch(filter, {TicketSortKey::Number}, {}, 1000);
            std::sort(expected.begin(), expected.end(),
                      [&sort](const TicketRow &a, const TicketRow &b) {
                          return rowBefore(a, b, sort);
                      });
            QList<TicketRow> paged;
            std::optional<TicketCursor> after;
            for (int page = 0; page < 20; ++page) {
                const QList<TicketRow> rows = m_cache->fetch(filter, sort, after, 64);
                QCOMPARE(m_cache->lastError(), StoreError::None);
                paged.append(rows);
                if (rows.size() < 64)
                    break;
                after = TicketCursor::after(rows.last(), sort.key);
            }
            if (variant == u"shared number and time"_s) {
                // Two rows tie in every sort key: either order is right, none may be lost.
                QCOMPARE(paged.size(), expected.size());
            } else {
                QCOMPARE(numbers(paged), numbers(expected));
            }
            QCOMPARE(m_cache->count(filter), expected.size());
        }
    }

    void findsATicketByNumberOrId_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected"); // empty: not found
        const QString ticket319 = u"00000000-0000-4000-8000-000000000319"_s;
        QTest::newRow("number") << u"319"_s << ticket319;
        QTest::newRow("hash number") << u"#319"_s << ticket319;
        QTest::newRow("hash, space, number") << u"  # 319 "_s << ticket319;
        QTest::newRow("leading zeros") << u"#0319"_s << ticket319;
        QTest::newRow("id") << ticket319 << ticket319;
        QTest::newRow("id in braces") << u"{"_s + ticket319 + u"}"_s << ticket319;
        QTest::newRow("id in capitals") << ticket319.toUpper() << ticket319;
        QTest::newRow("server spelled the id in capitals")
                << u"00000000-0000-4000-8000-0000000000ab"_s
                << u"00000000-0000-4000-8000-0000000000AB"_s;
        QTest::newRow("number not cached") << u"#999"_s << QString();
        QTest::newRow("id not cached") << u"7b0c0000-0000-4000-8000-000000000001"_s << QString();
        QTest::newRow("zero") << u"#0"_s << QString();
        QTest::newRow("a word") << u"printer"_s << QString();
        QTest::newRow("number and a word") << u"319 printer"_s << QString();
        QTest::newRow("half an id") << u"00000000-0000-4000"_s << QString();
        QTest::newRow("empty") << QString() << QString();
    }

    void findsATicketByNumberOrId()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        Ticket upper = storetest::makeTicket(171);
        upper.id = u"00000000-0000-4000-8000-0000000000AB"_s;
        QVERIFY(m_cache->applyTickets({storetest::makeTicket(1), storetest::makeTicket(319),
                                       storetest::makeTicket(3190), upper})
                        .ok());
        const std::optional<QString> found = m_cache->findTicketId(text);
        QCOMPARE(found.value_or(QString()), expected);
    }

    void parsesReferences_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("number"); // 0: none
        QTest::addColumn<QString>("id");
        QTest::newRow("number") << u"42"_s << qint64(42) << QString();
        QTest::newRow("hash number") << u"#42"_s << qint64(42) << QString();
        QTest::newRow("id, any case, braces")
                << u"{7B0C1D2E-0000-4000-8000-00000000002A}"_s << qint64(0)
                << u"7b0c1d2e-0000-4000-8000-00000000002a"_s;
        QTest::newRow("negative") << u"-42"_s << qint64(0) << QString();
        QTest::newRow("huge") << u"#12345678901234567890"_s << qint64(0) << QString();
        QTest::newRow("url") << u"https://x/api/tickets/7b0c1d2e-0000-4000-8000-00000000002a"_s
                             << qint64(0) << QString();
    }

    void parsesReferences()
    {
        QFETCH(QString, text);
        QFETCH(qint64, number);
        QFETCH(QString, id);
        const auto reference = TicketCache::parseReference(text);
        QCOMPARE(reference.has_value(), number != 0 || !id.isEmpty());
        if (reference) {
            QCOMPARE(reference->number.value_or(0), number);
            QCOMPARE(reference->id, id);
        }
    }

    void filtersNarrowTheList_data()
    {
        QTest::addColumn<TicketFilter>("filter");
        QTest::addColumn<QList<qint64>>("expected");
        TicketFilter f;
        QTest::newRow("all") << f << QList<qint64>{1, 2, 3, 4, 5, 6};
        QTest::newRow("project, any spelling of the id")
                << TicketFilter::project(testdata::WebProjectId.toLower())
                << QList<qint64>{1, 2, 3, 4};
        QTest::newRow("other project")
                << TicketFilter::project(testdata::MobileProjectId) << QList<qint64>{5};
        QTest::newRow("general inbox") << TicketFilter::inbox() << QList<qint64>{6};
        f = {};
        f.statuses = {TicketStatus::New, TicketStatus::Closed};
        QTest::newRow("statuses") << f << QList<qint64>{1, 4, 5, 6};
        f = {};
        f.priorities = {Priority::Urgent};
        QTest::newRow("priority") << f << QList<qint64>{2};
        f = {};
        f.requestTypes = {RequestType::Question, RequestType::BillingQuestion};
        QTest::newRow("request types") << f << QList<qint64>{3};
        f = {};
        f.blocking = true;
        QTest::newRow("blocking") << f << QList<qint64>{2, 5};
        f.blocking = false;
        QTest::newRow("not blocking") << f << QList<qint64>{1, 3, 4, 6};
        f = {};
        f.role = u"qa"_s;
        QTest::newRow("role") << f << QList<qint64>{1, 5};
        f.role = u"q"_s;
        QTest::newRow("role is a whole name") << f << QList<qint64>{};
        f = TicketFilter::project(testdata::WebProjectId);
        f.statuses = {TicketStatus::New};
        f.search = u"ticket"_s;
        QTest::newRow("combined") << f << QList<qint64>{1};
    }

    void filtersNarrowTheList()
    {
        QFETCH(TicketFilter, filter);
        QFETCH(QList<qint64>, expected);
        QList<Ticket> tickets;
        for (int n = 1; n <= 6; ++n)
            tickets.append(storetest::makeTicket(n));
        tickets[0].roles = {u"frontend"_s, u"qa"_s};
        tickets[1].priority = Priority::Urgent;
        tickets[1].blocking = true;
        tickets[1].status = TicketStatus::Triaged;
        tickets[2].requestType = RequestType::Question;
        tickets[2].status = TicketStatus::InProgress;
        tickets[3].status = TicketStatus::Closed;
        tickets[4].projectId = testdata::MobileProjectId;
        tickets[4].blocking = true;
        tickets[4].roles = {u"qa"_s};
        tickets[5].projectId.reset();
        QVERIFY(m_cache->applyTickets(tickets).ok());

        const TicketSort byNumber{TicketSortKey::Number, Qt::AscendingOrder};
        QCOMPARE(numbers(m_cache->fetch(filter, byNumber, std::nullopt, 50)), expected);
        QCOMPARE(m_cache->count(filter), expected.size());
        // The per-status counts agree with the rows for the same filter.
        const auto counts = m_cache->countsByStatus(filter);
        qint64 sum = 0;
        for (const TicketStatus status : allTicketStatuses()) {
            if (filter.statuses.isEmpty() || filter.statuses.contains(status))
                sum += counts.value(status);
        }
        QCOMPARE(sum, expected.size());
    }

    void keysetPagesCoverEveryRowOnce_data()
    {
        QTest::addColumn<int>("key");
        QTest::addColumn<int>("order");
        QTest::addColumn<bool>("deferred"); // as a first sync stores pages: no sort indexes
        for (const auto &[key, name] : {std::pair{TicketSortKey::Number, "number"},
                                        {TicketSortKey::Priority, "priority"},
                                        {TicketSortKey::Status, "status"},
                                        {TicketSortKey::Updated, "updated"},
                                        {TicketSortKey::Title, "title"},
                                        {TicketSortKey::Type, "type"},
                                        {TicketSortKey::Roles, "roles"},
                                        {TicketSortKey::Requester, "requester"}}) {
            for (const bool deferred : {false, true}) {
                const char *indexes = deferred ? ", indexes deferred" : "";
                QTest::addRow("%s ascending%s", name, indexes)
                        << int(key) << int(Qt::AscendingOrder) << deferred;
                QTest::addRow("%s descending%s", name, indexes)
                        << int(key) << int(Qt::DescendingOrder) << deferred;
            }
        }
    }

    void keysetPagesCoverEveryRowOnce()
    {
        QFETCH(int, key);
        QFETCH(int, order);
        QFETCH(bool, deferred);
        const TicketSort sort{TicketSortKey(key), Qt::SortOrder(order)};
        if (deferred)
            QVERIFY(m_cache->deferIndexes(1000));
        QList<Ticket> tickets;
        for (int n = 1; n <= 450; ++n) {
            Ticket ticket = storetest::makeTicket(n);
            ticket.priority = Priority(n % 4);
            ticket.status = TicketStatus((n / 3) % 4);
            ticket.updatedAt = storetest::baseTime().addSecs((n * 37) % 101); // many ties
            // Few distinct texts, so a page boundary falls inside a run of equal keys, in
            // every case and with letters from outside ASCII and the BMP.
            ticket.title = sortTexts().at((n * 7) % sortTexts().size());
            ticket.requester.name = sortTexts().at((n * 11) % sortTexts().size());
            ticket.roles = sortRoles().at((n * 5) % sortRoles().size());
            ticket.requestType = RequestType((n / 2) % 5);
            tickets.append(ticket);
        }
        QVERIFY(m_cache->applyTickets(tickets).ok());

        QList<TicketRow> paged;
        std::optional<TicketCursor> after;
        for (int page = 0; page < 10; ++page) {
            const QList<TicketRow> rows = m_cache->fetch({}, sort, after, 200);
            paged.append(rows);
            if (rows.size() < 200)
                break;
            after = TicketCursor::after(rows.last(), sort.key);
        }
        QCOMPARE(paged.size(), 450);
        // The database's order is exactly rowBefore's, which the model relies on.
        QVERIFY(std::is_sorted(
                paged.cbegin(), paged.cend(),
                [&sort](const TicketRow &a, const TicketRow &b) { return rowBefore(a, b, sort); }));
        QList<qint64> seen = numbers(paged);
        std::sort(seen.begin(), seen.end());
        QVERIFY(std::adjacent_find(seen.cbegin(), seen.cend()) == seen.cend());
        if (!deferred)
            return;
        // Once the indexes are built, the same pages in the same order.
        for (int guard = 0; guard < 20 && m_cache->indexesDeferred(); ++guard)
            QCOMPARE(m_cache->buildDeferredIndex().error, StoreError::None);
        QVERIFY(!m_cache->indexesDeferred());
        QList<TicketRow> indexed;
        after.reset();
        for (int page = 0; page < 10; ++page) {
            const QList<TicketRow> rows = m_cache->fetch({}, sort, after, 200);
            indexed.append(rows);
            if (rows.size() < 200)
                break;
            after = TicketCursor::after(rows.last(), sort.key);
        }
        QCOMPARE(numbers(indexed), numbers(paged));
    }

    // A first sync drops the sort indexes and builds them at its end: they come back exactly
    // as the migrations made them, one a step, and only a (nearly) empty cache defers them.
    void deferredIndexesComeBackAsTheMigrationsMadeThem()
    {
        const auto indexSql = [this] {
            QSqlQuery query(m_db->database());
            query.exec(u"SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                       "AND tbl_name = 'tickets' AND sql IS NOT NULL"_s);
            QMap<QString, QString> sql;
            while (query.next())
                sql.insert(query.value(0).toString(),
                           query.value(1).toString().simplified().replace(u"( "_s, u"("_s));
            return sql;
        };
        const QMap<QString, QString> migrated = indexSql();
        QVERIFY(!m_cache->indexesDeferred());
        QList<Ticket> tickets;
        for (int n = 1; n <= 5; ++n)
            tickets.append(storetest::makeTicket(n));
        QVERIFY(m_cache->applyTickets(tickets).ok());
        QVERIFY(!m_cache->deferIndexes(5)); // 5 cached: not fewer than 5
        QCOMPARE(indexSql(), migrated);

        QVERIFY(m_cache->deferIndexes(6));
        QVERIFY(m_cache->indexesDeferred());
        QVERIFY(m_cache->deferIndexes(6)); // already deferred: still true, nothing else
        const QMap<QString, QString> without = indexSql();
        QCOMPARE(without.size(), migrated.size() - schema::deferrableIndexes().size());
        for (const schema::Index &index : schema::deferrableIndexes())
            QVERIFY2(migrated.contains(index.name) && !without.contains(index.name),
                     qPrintable(index.name));

        int steps = 0;
        for (;;) {
            const TicketCache::IndexStep step = m_cache->buildDeferredIndex();
            QCOMPARE(step.error, StoreError::None);
            ++steps;
            if (step.remaining == 0)
                break;
            QVERIFY(!step.built.isEmpty());
            QVERIFY(steps < 20);
        }
        QCOMPARE(steps, int(schema::deferrableIndexes().size()));
        QVERIFY(!m_cache->indexesDeferred());
        QCOMPARE(indexSql(), migrated);
        QCOMPARE(m_cache->buildDeferredIndex().remaining, 0); // nothing left: a no-op
    }

    // The list's text order (compareSortText, which rowBefore uses to place a changed row)
    // is the database's ORDER BY ... COLLATE NOCASE, pair by pair, for every text we sort.
    void textOrderIsTheDatabases()
    {
        QStringList texts = sortTexts();
        for (const QStringList &roles : sortRoles())
            texts.append(roles.isEmpty() ? u""_s : roles.join(u", "_s)); // not a NULL
        QSqlQuery query(m_db->database());
        QVERIFY(query.prepare(u"SELECT (? COLLATE NOCASE > ?) - (? COLLATE NOCASE < ?)"_s));
        for (const QString &a : std::as_const(texts)) {
            for (const QString &b : std::as_const(texts)) {
                query.bindValue(0, a);
                query.bindValue(1, b);
                query.bindValue(2, a);
                query.bindValue(3, b);
                QVERIFY2(query.exec() && query.next(), qPrintable(query.lastError().text()));
                const int database = query.value(0).toInt();
                const int list = compareSortText(a, b);
                QVERIFY2((list > 0) - (list < 0) == database,
                         qPrintable(u"%1 vs %2: list %3, database %4"_s.arg(a, b).arg(list).arg(
                                 database)));
            }
        }
    }

    // What NOCASE means to a user: ASCII letters ignore case, others do not, so accented
    // capitals sort after z; equal titles keep number order.
    void titlesSortIgnoringAsciiCase()
    {
        const QStringList titles = {u"banana"_s, u"Apple"_s, u"émile"_s,    u"apple"_s,
                                    u"Zebra"_s,  u"Émile"_s, u"APPLE pie"_s};
        QList<Ticket> tickets;
        for (int n = 0; n < titles.size(); ++n)
            tickets.append(storetest::makeTicket(n + 1, titles.at(n)));
        QVERIFY(m_cache->applyTickets(tickets).ok());
        QStringList ascending;
        for (const TicketRow &row :
             m_cache->fetch({}, {TicketSortKey::Title, Qt::AscendingOrder}, std::nullopt, 50))
            ascending.append(row.title);
        QCOMPARE(ascending, (QStringList{u"Apple"_s, u"apple"_s, u"APPLE pie"_s, u"banana"_s,
                                         u"Zebra"_s, u"Émile"_s, u"émile"_s}));
        QStringList descending;
        for (const TicketRow &row :
             m_cache->fetch({}, {TicketSortKey::Title, Qt::DescendingOrder}, std::nullopt, 50))
            descending.append(row.title);
        std::reverse(descending.begin(), descending.end());
        QCOMPARE(descending, ascending);
    }

    void countsFollowChanges()
    {
        QList<Ticket> tickets;
        for (int n = 1; n <= 5; ++n)
            tickets.append(storetest::makeTicket(n));
        tickets[4].projectId.reset();
        QVERIFY(m_cache->applyTickets(tickets).ok());
        QCOMPARE(m_cache->countsByStatus({}).value(TicketStatus::New), 5);
        QCOMPARE(m_cache->countsByProject({}).value(testdata::WebProjectId), 4);
        QCOMPARE(m_cache->countsByProject({}).value(QString()), 1);

        QVERIFY(m_cache->applyTickets({storetest::advanced(tickets[0], TicketStatus::Triaged, 20),
                                       storetest::advanced(tickets[4], TicketStatus::Triaged, 21)})
                        .ok());
        const auto byStatus = m_cache->countsByStatus({});
        QCOMPARE(byStatus.value(TicketStatus::New), 3);
        QCOMPARE(byStatus.value(TicketStatus::Triaged), 2);
        QCOMPARE(m_cache->countsByStatus(TicketFilter::inbox()).value(TicketStatus::Triaged), 1);
        TicketFilter open;
        open.statuses = {TicketStatus::New};
        QCOMPARE(m_cache->countsByProject(open).value(testdata::WebProjectId), 3);
        QVERIFY(!m_cache->countsByProject(open).contains(QString()));
        QCOMPARE(m_cache->count(TicketFilter::project(testdata::WebProjectId)), 4);
    }

    void statusOnlyChangeLeavesTheIndexAlone()
    {
        const Ticket ticket = storetest::makeTicket(1, u"Printer jams"_s);
        QVERIFY(m_cache->applyTickets({ticket, storetest::makeTicket(2)}).ok());
        const QList<qint64> before = indexPages();
        // The server moved the status on within the same millisecond: same text, same place
        // in the list (rid), so the full-text index is not written at all.
        Ticket triaged = ticket;
        triaged.status = TicketStatus::Triaged;
        triaged.version += 1;
        triaged.seq = 10;
        const ApplyResult result = m_cache->applyTickets({triaged});
        QVERIFY(result.ok());
        QCOMPARE(result.changedIds, QStringList{ticket.id});
        QCOMPARE(indexPages(), before);
        TicketFilter printer;
        printer.search = u"printer"_s;
        printer.statuses = {TicketStatus::Triaged};
        QCOMPARE(m_cache->count(printer), 1);
        QCOMPARE(numbers(m_cache->fetch(printer, TicketSort(), std::nullopt, 10)),
                 QList<qint64>{1});
        printer.statuses = {TicketStatus::New};
        QCOMPARE(m_cache->count(printer), 0);
        QVERIFY(indexIsConsistent());

        // A later status change moves the ticket to the top of the list: its entry moves
        // with it, and the search still finds it, first.
        const Ticket moved = storetest::advanced(triaged, TicketStatus::InProgress, 11);
        QVERIFY(m_cache->applyTickets({moved}).ok());
        QVERIFY(indexPages() != before);
        printer.statuses = {};
        QCOMPARE(numbers(m_cache->fetch(printer, TicketSort(), std::nullopt, 10)),
                 QList<qint64>{1});
        TicketFilter all;
        all.search = u"ticket"_s; // "Ticket 2", and every description
        QCOMPARE(numbers(m_cache->fetch(all, TicketSort(), std::nullopt, 10)),
                 (QList<qint64>{1, 2}));
        QVERIFY(indexIsConsistent());
    }

    void titleChangeReindexesWithinAPage()
    {
        const Ticket ticket = storetest::makeTicket(1, u"Printer jams"_s);
        QVERIFY(m_cache->applyTickets({ticket}).ok());
        // The same ticket twice in one page (two changes the server made between polls), the
        // second renaming it, next to a new ticket: the index ends with the last text only.
        Ticket renamed = storetest::advanced(ticket, TicketStatus::Triaged, 6);
        renamed.title = u"Scanner smokes"_s;
        Ticket renamedAgain = storetest::advanced(renamed, TicketStatus::Triaged, 7);
        renamedAgain.title = u"Scanner sparks"_s;
        const ApplyResult result = m_cache->applyTickets(
                {storetest::advanced(ticket, TicketStatus::Triaged, 5), renamed, renamedAgain,
                 storetest::makeTicket(2, u"Printer offline"_s)});
        QVERIFY(result.ok());
        QCOMPARE(result.changedIds.size(), 2);
        const auto found = [this](const QString &words) {
            TicketFilter filter;
            filter.search = words;
            return numbers(m_cache->fetch(filter, TicketSort(), std::nullopt, 10));
        };
        QCOMPARE(found(u"printer"_s), QList<qint64>{2});
        QCOMPARE(found(u"smokes"_s), QList<qint64>{});
        QCOMPARE(found(u"sparks"_s), QList<qint64>{1});
        QCOMPARE(found(u"scanner"_s), QList<qint64>{1});
        QCOMPARE(m_cache->ticket(ticket.id)->title, u"Scanner sparks"_s);
        // The list re-reads a sync page's rows under its search.
        TicketFilter scanner;
        scanner.search = u"scan"_s;
        QCOMPARE(numbers(m_cache->rows(result.changedIds, scanner)), QList<qint64>{1});
        scanner.search = u"offline print"_s;
        QCOMPARE(numbers(m_cache->rows(result.changedIds, scanner)), QList<qint64>{2});
        QVERIFY(indexIsConsistent());
    }

    void countsAndIndexStayExactOverMixedPages()
    {
        // Pages as a delta sync meets them: new tickets, status and project changes, renames,
        // same-millisecond changes, late replays and repeats within a page, in any order.
        std::mt19937 random(13);
        const QStringList projects = {testdata::WebProjectId, testdata::WebProjectId.toLower(),
                                      u"7C3F6A2E-5B1D-4E8F-9A0B-1C2D3E4F5A6B"_s, QString()};
        const QStringList words = {u"alpha"_s, u"bravo"_s, u"charlie"_s, u"delta"_s, u"echo"_s};
        QHash<qint64, Ticket> sent; // the newest copy the "server" sent of each ticket
        qint64 seq = 0;
        for (int round = 0; round < 12; ++round) {
            QList<Ticket> page;
            for (int i = 0; i < 30; ++i) {
                const qint64 number = 1 + qint64(random() % 60);
                Ticket ticket = sent.contains(number)
                                        ? sent.value(number)
                                        : storetest::makeTicket(number, words.at(number % 5));
                switch (random() % 6) {
                case 0: // a late, older copy: ignored
                    if (sent.contains(number)) {
                        Ticket stale = ticket;
                        stale.seq -= 1;
                        stale.status = TicketStatus::Closed;
                        page.append(stale);
                        continue;
                    }
                    break;
                case 1: // status only, same millisecond
                    ticket.status = TicketStatus(random() % 4);
                    break;
                case 2: // moved to another project (or the inbox)
                    ticket.projectId = projects.at(random() % projects.size());
                    if (ticket.projectId->isEmpty())
                        ticket.projectId.reset();
                    ticket.updatedAt = ticket.updatedAt.addSecs(1 + random() % 50);
                    break;
                case 3: // renamed
                    ticket.title = words.at(random() % 5) + u" "_s + words.at(random() % 5);
                    ticket.updatedAt = ticket.updatedAt.addSecs(1 + random() % 50);
                    break;
                default: // a status change that moves it up the list
                    ticket.status = TicketStatus(random() % 4);
                    ticket.updatedAt = ticket.updatedAt.addSecs(1 + random() % 50);
                }
                ticket.seq = ++seq;
                ticket.version += 1;
                sent.insert(number, ticket);
                page.append(ticket);
            }
            std::shuffle(page.begin(), page.end(), random);
            QVERIFY(m_cache->applyTickets(page).ok());
            QVERIFY2(countsAreExact(), qPrintable(u"round %1"_s.arg(round)));
            QVERIFY2(indexIsConsistent(), qPrintable(u"round %1"_s.arg(round)));
        }
        // Every ticket is as the server last sent it, and a search finds exactly the tickets
        // whose stored title has the word.
        QCOMPARE(m_cache->count(TicketFilter::all()), sent.size());
        for (const Ticket &ticket : std::as_const(sent)) {
            const auto stored = m_cache->ticket(ticket.id);
            QVERIFY(stored);
            QCOMPARE(stored->seq, ticket.seq);
            QCOMPARE(stored->status, ticket.status);
            QCOMPARE(stored->title, ticket.title);
        }
        for (const QString &word : words) {
            TicketFilter filter;
            filter.search = word;
            QList<qint64> expected;
            for (const Ticket &ticket : std::as_const(sent))
                if (ticket.title.split(u' ').contains(word))
                    expected.append(ticket.number);
            QList<qint64> found = numbers(m_cache->fetch(filter, TicketSort(), std::nullopt, 100));
            std::sort(expected.begin(), expected.end());
            std::sort(found.begin(), found.end());
            QCOMPARE(found, expected);
        }
    }

    void eventsAreKeptInOrder()
    {
        const QString id = storetest::makeTicket(1).id;
        TicketEvent created{1,           u"created"_s, std::nullopt,         TicketStatus::New,
                            u"u-carl"_s, {},           storetest::baseTime()};
        TicketEvent triaged{7,
                            u"status_changed"_s,
                            TicketStatus::New,
                            TicketStatus::Triaged,
                            u"u-olive"_s,
                            u"looks real"_s,
                            storetest::baseTime().addSecs(60)};
        QCOMPARE(m_cache->storeEvents(id, {triaged, created}), StoreError::None);
        QCOMPARE(m_cache->events(id), (QList<TicketEvent>{created, triaged}));
        QCOMPARE(m_cache->storeEvents(id, {created}), StoreError::None);
        QCOMPARE(m_cache->events(id).size(), 1);
    }

private:
    // The full-text index's stored pages (ids): unchanged when nothing was written to it.
    QList<qint64> indexPages()
    {
        QList<qint64> pages;
        QSqlQuery query(m_db->database());
        if (query.exec(u"SELECT id FROM tickets_fts_data ORDER BY id"_s)) {
            while (query.next())
                pages.append(query.value(0).toLongLong());
        }
        return pages;
    }

    // FTS5's own check that the index holds exactly the text of the tickets table.
    bool indexIsConsistent()
    {
        QSqlQuery check(m_db->database());
        return check.exec(
                u"INSERT INTO tickets_fts(tickets_fts, rank) VALUES ('integrity-check', 1)"_s);
    }

    // The kept counts against a count of the rows themselves.
    bool countsAreExact()
    {
        const auto rows = [this](const QString &sql) {
            QStringList out;
            QSqlQuery query(m_db->database());
            if (!query.exec(sql))
                return QStringList{u"error: "_s + query.lastError().text()};
            while (query.next())
                out.append(u"%1/%2=%3"_s.arg(query.value(0).toString(), query.value(1).toString(),
                                             query.value(2).toString()));
            return out;
        };
        const QStringList kept = rows(u"SELECT project_key, status, n FROM ticket_counts "
                                      "WHERE n <> 0 ORDER BY 1, 2"_s);
        const QStringList counted = rows(u"SELECT project_key, status, count(*) FROM tickets "
                                         "GROUP BY 1, 2 ORDER BY 1, 2"_s);
        if (kept != counted)
            qWarning() << "kept" << kept << "counted" << counted;
        return kept == counted;
    }

    QTemporaryDir m_dir;
    int m_files = 0;
    std::unique_ptr<CacheDatabase> m_db;
    std::unique_ptr<TicketCache> m_cache;
};

QTEST_GUILESS_MAIN(TestTicketCache)
#include "tst_ticketcache.moc"
