// Prints how the local cache and the list model behave with a million tickets: time to the
// first rows after opening, search per keystroke (common and rare words, next to the same
// SQL in the sqlite3 shell), re-sorting, the sidebar counts, and the process's peak memory.
//
//   bench_cache [--count N] [--db PATH] [--regenerate] [--merge-index [--merge-step PAGES]]
//
// --merge-index: the search index's segments and search p95 before and after the merge the
// sync writer runs after a first sync (BackgroundWriter, on copies of the cache), with the
// worst UI-thread write meanwhile, next to one FTS5 'optimize'.
//
// The cache is generated once (in a child process, so its memory does not count) and reused.

#include "models/ticketcountmodel.h"
#include "models/ticketlistmodel.h"
#include "store/backgroundwriter.h"
#include "store/cachedatabase.h"
#include "store/ticketcache.h"
#include "store/ticketwriter.h"
#include "store/transaction.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QSqlQuery>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <random>

using namespace Qt::StringLiterals;
using namespace td;

namespace {

QTextStream out(stdout);

// A vocabulary with a Zipf-like spread: a few words are in a large share of tickets, most are
// rare. Words are made up from syllables so prefixes overlap the way real text does.
QStringList makeVocabulary(int size)
{
    static const char *const syllables[] = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo",
                                            "be", "da", "fi", "go", "hu", "je", "pe", "zu"};
    QStringList words = {u"error"_s,   u"login"_s,    u"printer"_s, u"invoice"_s, u"crash"_s,
                         u"slow"_s,    u"export"_s,   u"payment"_s, u"mobile"_s,  u"refund"_s,
                         u"timeout"_s, u"password"_s, u"upload"_s,  u"report"_s,  u"search"_s};
    std::mt19937 random(7);
    while (words.size() < size) {
        QString word;
        const int length = 2 + int(random() % 3);
        for (int i = 0; i < length; ++i)
            word += QLatin1StringView(syllables[random() % 16]);
        if (!words.contains(word))
            words.append(word);
    }
    return words;
}

class Generator
{
public:
    explicit Generator(const QStringList &vocabulary)
        : m_vocabulary(vocabulary)
        , m_zipf(0.0, 1.0)
    {}

    QString word()
    {
        // Zipf-Mandelbrot, P(rank r) ~ 1 / (r + 10), by inverse CDF: the commonest words are
        // in about a fifth of all tickets, words ranked past 10,000 in a few hundred.
        const double u = m_zipf(m_random);
        const double size = double(m_vocabulary.size());
        const int rank = int(10.0 * std::pow((size + 10.0) / 10.0, u) - 10.0);
        return m_vocabulary.at(std::clamp(rank, 0, int(m_vocabulary.size()) - 1));
    }

    QString words(int count)
    {
        QStringList list;
        for (int i = 0; i < count; ++i)
            list.append(word());
        return list.join(u' ');
    }

    Ticket ticket(qint64 number)
    {
        static const QStringList projects = {u"2489E9AD-2EE2-8E00-8EC9-32D5F69181C0"_s,
                                             u"7C3F6A2E-5B1D-4E8F-9A0B-1C2D3E4F5A6B"_s,
                                             u"1F2E3D4C-5B6A-4978-8695-A4B3C2D1E0F9"_s};
        static const QStringList people = {u"Carl Client"_s, u"Cora Customer"_s, u"Zoë Requester"_s,
                                           u"Ahmed Buyer"_s, u"Li Wei"_s};
        const QDateTime base(QDate(2025, 1, 1), QTime(0, 0), Qt::UTC);
        Ticket t;
        t.id = u"00000000-0000-4000-8000-%1"_s.arg(number, 12, 10, QLatin1Char('0'));
        t.number = number;
        t.tenant = u"switchback-engineering"_s;
        if (number % 10 != 0)
            t.projectId = projects.at(number % 3);
        t.title = words(5);
        t.description = words(14);
        t.requestType = RequestType(m_random() % 5);
        t.priority = Priority(m_random() % 4);
        t.status = TicketStatus(m_random() % 4);
        t.blocking = m_random() % 7 == 0;
        if (m_random() % 3 == 0)
            t.roles = {u"frontend"_s};
        const QString person = people.at(m_random() % people.size());
        t.requester = {person, person.section(u' ', 0, 0).toLower()
                                       + u"%1@example.test"_s.arg(number % 5000)};
        t.actorRole = u"user"_s;
        t.source = u"portal"_s;
        t.version = 1 + int(m_random() % 3);
        t.seq = number;
        t.createdAt = base.addSecs(number * 20);
        t.updatedAt = t.createdAt.addSecs(m_random() % 86400);
        return t;
    }

private:
    QStringList m_vocabulary;
    std::mt19937 m_random{42};
    std::uniform_real_distribution<double> m_zipf;
};

int generate(const QString &path, qint64 count)
{
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s})
        QFile::remove(path + suffix);
    CacheDatabase db;
    const OpenReport report = db.open(path);
    if (report.error != StoreError::None) {
        out << "cannot create " << path << ": " << report.detail << Qt::endl;
        return 1;
    }
    Generator generator(makeVocabulary(20000));
    QElapsedTimer timer;
    timer.start();
    {
        // The real write path (the sync's pages: upserts, index and counts), one transaction.
        Transaction transaction(db.database());
        TicketWriter writer(db.database());
        QList<Ticket> page;
        for (qint64 n = 1; n <= count; ++n) {
            page.append(generator.ticket(n));
            if (page.size() < 1000 && n < count)
                continue;
            TicketWriter::PageResult stored;
            if (!writer.writePage(page, &stored)) {
                out << "insert failed: " << writer.lastError().text() << Qt::endl;
                return 1;
            }
            page.clear();
        }
        if (!transaction.commit()) {
            out << "commit failed" << Qt::endl;
            return 1;
        }
    }
    const qint64 insertMs = timer.elapsed();
    QSqlQuery(db.database()).exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
    QSqlQuery(db.database()).exec(u"ANALYZE"_s);
    db.close();
    out << "generated " << count << " tickets in " << insertMs << " ms (one transaction), "
        << "total with checkpoint+ANALYZE " << timer.elapsed() << " ms, file "
        << QFileInfo(path).size() / (1024 * 1024) << " MiB" << Qt::endl;
    return 0;
}

qint64 statusKb(const char *field)
{
    QFile file(u"/proc/self/status"_s);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray key = QByteArray(field) + ':';
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype index
            = std::min<qsizetype>(values.size() - 1, qsizetype(std::ceil(p * values.size())) - 1);
    return values.at(std::max<qsizetype>(0, index));
}

QString ms(double value)
{
    return QString::number(value, 'f', 2) + u" ms"_s;
}

double timed(const std::function<void()> &work)
{
    QElapsedTimer timer;
    timer.start();
    work();
    return timer.nsecsElapsed() / 1e6;
}

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

// The sync writer's path alone: `count` new tickets stored a page of 1000 at a time, each page
// with its cursor in one transaction, on a second connection as BackgroundWriter opens it.
int storePages(const QString &path, qint64 count)
{
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s})
        QFile::remove(path + suffix);
    CacheDatabase primary;
    if (primary.open(path).error != StoreError::None)
        return 1;
    CacheDatabase db;
    if (db.openAlongside(path, CacheDatabase::Durability::AtCheckpoints).error != StoreError::None)
        return 1;
    TicketCache cache(&db);
    Generator generator(makeVocabulary(20000));
    QList<Ticket> page;
    double storeMs = 0;
    double worstPage = 0;
    // CPU time too: on a shared machine the wall time also counts other processes' turns.
    const auto cpuMs = [] {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
    };
    double cpu = 0;
    for (qint64 n = 1; n <= count; ++n) {
        page.append(generator.ticket(n));
        if (page.size() == 1000 || n == count) {
            const double cpuBefore = cpuMs();
            const double t = timed([&] {
                if (!cache.applyTickets(page, SyncCursor{n, QDateTime::currentDateTimeUtc()}).ok())
                    qFatal("store failed");
            });
            cpu += cpuMs() - cpuBefore;
            storeMs += t;
            worstPage = std::max(worstPage, t);
            page.clear();
        }
    }
    out << "stored " << count << " new tickets in pages of 1000: " << ms(storeMs) << " ("
        << QString::number(storeMs * 1000 / double(count), 'f', 1) << " us a ticket, slowest page "
        << ms(worstPage) << "; CPU " << ms(cpu) << ", "
        << QString::number(cpu * 1000 / double(count), 'f', 1) << " us a ticket)" << Qt::endl;
    return 0;
}

// The model's first-page query for a search, as the sqlite3 shell runs it.
double shellTime(const QString &path, const QString &match)
{
    QProcess shell;
    QString quoted = match;
    quoted.replace(u'\'', u"''"_s);
    const QString sql = u".timer on\n"
                        "SELECT t.id, t.number, t.title FROM tickets t WHERE t.rid IN "
                        "(SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH '%1') "
                        "ORDER BY t.updated_ms DESC, t.number DESC LIMIT 201;\n"_s.arg(quoted);
    // Three runs; the best one, as a warm shell would show it.
    shell.start(u"sqlite3"_s, {path});
    if (!shell.waitForStarted(5000))
        return -1;
    shell.write((sql + sql + sql).toUtf8());
    shell.closeWriteChannel();
    shell.waitForFinished(60000);
    const QString output = QString::fromUtf8(shell.readAllStandardOutput());
    double best = -1;
    static const QRegularExpression runTime(u"Run Time: real ([0-9.]+)"_s);
    for (auto it = runTime.globalMatch(output); it.hasNext();) {
        const double seconds = it.next().captured(1).toDouble();
        best = best < 0 ? seconds * 1000 : std::min(best, seconds * 1000);
    }
    return best;
}

int measure(const QString &path)
{
    out << "cache: " << path << " (" << QFileInfo(path).size() / (1024 * 1024) << " MiB)"
        << Qt::endl;
    const qint64 rssBefore = statusKb("VmRSS");

    // 1. Opening the cache and showing the first rows (warm OS page cache).
    CacheDatabase db;
    TicketCache *cache = nullptr;
    TicketListModel *model = nullptr;
    const double firstRows = timed([&] {
        const OpenReport report = db.open(path);
        if (report.error != StoreError::None)
            qFatal("cannot open the cache");
        cache = new TicketCache(&db, &db);
        model = new TicketListModel(cache, &db);
        (void)model->index(0, TicketListModel::Title).data();
    });
    qint64 total = 0;
    const double countMs = timed([&] { total = cache->count(TicketFilter::all()); });
    out << "tickets: " << total << " (count " << ms(countMs) << ")" << Qt::endl;
    out << "first rows after open: " << ms(firstRows) << " (" << model->rowCount()
        << " rows; target <= 300 ms)" << Qt::endl;

    TicketCountModel *counts = nullptr;
    const double countsMs = timed([&] { counts = new TicketCountModel(cache, &db); });
    out << "sidebar counts (per status, per project): " << ms(countsMs) << " ("
        << counts->rowCount() << " rows)" << Qt::endl;
    {
        // Saved views count their whole filter on every recount (after each sync page): four
        // typical ones, several values per filter, one with a search.
        TicketFilter hot;
        hot.requestTypes = {RequestType::Bug, RequestType::Question};
        hot.priorities = {Priority::High, Priority::Urgent};
        TicketFilter openBugs = hot;
        openBugs.priorities.clear();
        openBugs.statuses = {TicketStatus::New, TicketStatus::Triaged, TicketStatus::InProgress};
        TicketFilter blocking;
        blocking.blocking = true;
        blocking.statuses = {TicketStatus::New};
        TicketFilter searched = hot;
        searched.search = u"error"_s;
        counts->setNamedFilters(
                {{u"1"_s, hot}, {u"2"_s, openBugs}, {u"3"_s, blocking}, {u"4"_s, searched}});
        // The views are counted on the cache's counting thread: what the window's thread
        // spends, then how long until the four numbers arrive.
        const auto namedArrived = [&] {
            for (const QString &key : {u"1"_s, u"2"_s, u"3"_s, u"4"_s}) {
                if (counts->countFor(TicketCountModel::Kind::Filter, key) < 0)
                    return false;
            }
            return true;
        };
        QElapsedTimer firstCount; // the counting thread's first request opens its connection
        firstCount.start();
        while (!namedArrived() && firstCount.elapsed() < 60000)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        QElapsedTimer arrival;
        arrival.start();
        const double withViews = timed([&] { counts->refresh(); });
        double gapMs = 0;
        double uiCpuMs = 0;
        {
            // Until the recount's answer is in: the window's thread is free. A 1 ms timer on it
            // shows the longest wait for a turn (which includes the other processes' turns on
            // a loaded machine), and its CPU time what it spent.
            QObject probe;
            bool answered = false;
            cache->readInBackground(
                    &probe, [](TicketSource &) {}, [&] { answered = true; });
            QTimer tick;
            tick.setTimerType(Qt::PreciseTimer);
            tick.setInterval(1);
            QElapsedTimer sinceTick;
            sinceTick.start();
            QObject::connect(&tick, &QTimer::timeout, [&] {
                gapMs = std::max(gapMs, sinceTick.nsecsElapsed() / 1e6);
                sinceTick.start();
            });
            tick.start();
            const double cpuBefore = threadCpuMs();
            while (!answered && arrival.elapsed() < 60000)
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
            uiCpuMs = threadCpuMs() - cpuBefore;
        }
        const double namedArrivalMs = arrival.nsecsElapsed() / 1e6;
        // A search keystroke narrows the sidebar's numbers, not the saved views' counts.
        TicketFilter typed;
        typed.search = u"printer"_s;
        counts->setBaseFilter(typed); // the first search of a process sets up the word list
        counts->setBaseFilter({});
        typed.search = u"printers"_s;
        const double keystroke = timed([&] { counts->setBaseFilter(typed); });
        counts->setBaseFilter({});
        out << "sidebar recount for a search keystroke with 4 saved views (window's thread): "
            << ms(keystroke) << Qt::endl;
        counts->setNamedFilters({});
        const double without = timed([&] { counts->refresh(); });
        out << "sidebar recount with 4 saved views: window's thread " << ms(withViews)
            << " (without the views: " << ms(without) << "), the views' counts arrive after "
            << ms(namedArrivalMs) << " (counted on the cache's counting thread; longest "
            << "wait for a 1 ms timer on the window's thread meanwhile " << ms(gapMs)
            << ", that thread's CPU meanwhile " << ms(uiCpuMs) << ")" << Qt::endl;
    }

    // 2. Search, one model query per keystroke, as the user types each word.
    struct Word
    {
        QString text;
        qint64 matches = 0;
    };
    const auto classify = [&](const QStringList &candidates) {
        QList<Word> words;
        for (const QString &text : candidates) {
            TicketFilter filter;
            filter.search = text;
            words.append({text, cache->count(filter)});
        }
        return words;
    };
    const QStringList vocabulary = makeVocabulary(20000);
    const QList<Word> common = classify(vocabulary.mid(0, 6));
    const QList<Word> rare = classify(vocabulary.mid(15000, 6));
    const auto typeWords = [&](const QList<Word> &words, const char *label) {
        QList<double> keystrokes;
        double worst = 0;
        for (int round = 0; round < 3; ++round) {
            for (const Word &word : words) {
                for (int length = 1; length <= word.text.size(); ++length) {
                    const double t = timed([&] { model->setSearch(word.text.left(length)); });
                    keystrokes.append(t);
                    worst = std::max(worst, t);
                }
                model->setSearch({});
            }
        }
        QStringList described;
        for (const Word &word : words)
            described.append(u"%1 (%2 tickets)"_s.arg(word.text).arg(word.matches));
        out << "search keystrokes, " << label << " words [" << described.join(u", "_s) << "]: p50 "
            << ms(percentile(keystrokes, 0.5)) << ", p95 " << ms(percentile(keystrokes, 0.95))
            << ", max " << ms(worst) << ", n " << keystrokes.size() << " (target p95 <= 16 ms)"
            << Qt::endl;
        // The same full words, model vs the sqlite3 shell.
        for (const Word &word : words.mid(0, 3)) {
            const double modelMs = timed([&] { model->setSearch(word.text); });
            out << "    \"" << word.text << "\": model " << ms(modelMs) << ", sqlite3 shell "
                << ms(shellTime(path, TicketCache::ftsQuery(word.text))) << Qt::endl;
        }
        model->setSearch({});
    };
    typeWords(common, "common");
    typeWords(rare, "rare");

    // Single-letter and two-letter prefixes of the most common word.
    for (const QString &prefix : {u"e"_s, u"er"_s}) {
        const double t = timed([&] { model->setSearch(prefix); });
        out << "    prefix \"" << prefix << "\": " << ms(t) << Qt::endl;
    }
    model->setSearch({});

    // 3. Re-sorting by each sortable column, both directions.
    QList<double> sorts;
    for (int column = 0; column < TicketListModel::ColumnCount; ++column) {
        if (!TicketListModel::sortKeyFor(column))
            continue;
        for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            const double t = timed([&] {
                model->sort(column, order);
                (void)model->index(0, 0).data();
            });
            sorts.append(t);
        }
    }
    out << "re-sort (" << sorts.size() << " column/direction changes): max "
        << ms(percentile(sorts, 1.0)) << ", median " << ms(percentile(sorts, 0.5))
        << " (target <= 100 ms)" << Qt::endl;

    // Re-sort within a project and with a status filter (index choice matters here).
    TicketFilter scoped = TicketFilter::project(u"2489e9ad-2ee2-8e00-8ec9-32d5f69181c0"_s);
    scoped.statuses = {TicketStatus::New, TicketStatus::Triaged};
    model->setFilter(scoped);
    QList<double> scopedSorts;
    for (int column = 0; column < TicketListModel::ColumnCount; ++column) {
        if (!TicketListModel::sortKeyFor(column))
            continue;
        scopedSorts.append(timed([&] { model->sort(column, Qt::DescendingOrder); }));
    }
    out << "re-sort within a project + 2 statuses: max " << ms(percentile(scopedSorts, 1.0))
        << Qt::endl;
    model->setFilter({});

    // 3b. Every sort key, the cache's own query as the model pages it: the first page, and a
    // page deep in the order (after a ticket from the middle of the number range, which sits
    // anywhere in the other orders), each the best of three runs (warm), in both directions.
    {
        const QList<std::pair<TicketSortKey, const char *>> keys
                = {{TicketSortKey::Title, "title"},       {TicketSortKey::Type, "type"},
                   {TicketSortKey::Roles, "roles"},       {TicketSortKey::Requester, "requester"},
                   {TicketSortKey::Priority, "priority"}, {TicketSortKey::Status, "status"},
                   {TicketSortKey::Number, "number"},     {TicketSortKey::Updated, "updated"}};
        QList<TicketRow> middle;
        for (const qint64 number : {total / 2, total / 3, total * 3 / 4}) {
            const QList<TicketRow> found = cache->rows(
                    {u"00000000-0000-4000-8000-%1"_s.arg(number, 12, 10, QLatin1Char('0'))}, {});
            middle.append(found);
        }
        const auto best = [](const std::function<void()> &work) {
            double t = timed(work);
            for (int i = 0; i < 2; ++i)
                t = std::min(t, timed(work));
            return t;
        };
        for (const auto &[key, name] : keys) {
            for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                const TicketSort sort{key, order};
                int rows = 0;
                const double first = best([&] {
                    rows = int(cache->fetch(TicketFilter::all(), sort, std::nullopt, 201).size());
                });
                double deep = 0;
                for (const TicketRow &row : middle) {
                    deep = std::max(deep, best([&] {
                                        rows = std::min(
                                                rows,
                                                int(cache->fetch(TicketFilter::all(), sort,
                                                                 TicketCursor::after(row, key), 201)
                                                            .size()));
                                    }));
                }
                const double filtered
                        = best([&] { (void)cache->fetch(scoped, sort, std::nullopt, 201); });
                out << "sort by " << name << (order == Qt::AscendingOrder ? " asc" : " desc")
                    << ": first page (201 rows) " << ms(first) << ", deep page (worst of "
                    << middle.size() << " cursors mid-order) " << ms(deep)
                    << ", first page in a project + 2 statuses " << ms(filtered)
                    << (rows == 201 ? "" : " (short page!)") << Qt::endl;
            }
        }
    }

    // 4. Scrolling deep: 50 pages of fetchMore.
    QList<double> pages;
    for (int i = 0; i < 50 && model->canFetchMore({}); ++i)
        pages.append(timed([&] { model->fetchMore({}); }));
    out << "fetchMore page (200 rows) while scrolling to row " << model->rowCount() << ": p95 "
        << ms(percentile(pages, 0.95)) << Qt::endl;

    // 5. A sync page of 1000 changed tickets landing while the list is shown.
    {
        qint64 maxSeq = 0;
        QSqlQuery seq(db.database());
        if (seq.exec(u"SELECT max(seq) FROM tickets"_s) && seq.next())
            maxSeq = seq.value(0).toLongLong();
        seq.finish();
        QList<Ticket> page;
        for (qint64 n = 1; n <= 1000; ++n) {
            // Tickets the server moved on: same text, new status, version and seq.
            const qint64 number = n * 997 % total + 1;
            const auto cached = cache->ticket(
                    u"00000000-0000-4000-8000-%1"_s.arg(number, 12, 10, QLatin1Char('0')));
            if (!cached)
                continue;
            Ticket t = *cached;
            t.seq = maxSeq + n; // newer than anything cached, run after run
            t.version += 1;
            t.status = t.status == TicketStatus::Closed ? TicketStatus::New : TicketStatus::Closed;
            t.updatedAt = QDateTime::currentDateTimeUtc();
            page.append(t);
        }
        // The same page twice (newer seq the second time): once with the models not
        // listening (the store alone), once as in the app.
        ApplyResult result;
        double storeMs = 0;
        double storeCpuMs = 0;
        {
            const QSignalBlocker quiet(cache);
            const double cpuBefore = threadCpuMs();
            storeMs = timed([&] { result = cache->applyTickets(page); });
            storeCpuMs = threadCpuMs() - cpuBefore;
        }
        for (Ticket &t : page)
            t.seq += 1000;
        const double applyMs = timed([&] { result = cache->applyTickets(page); });
        const double rowsMs = timed([&] { (void)cache->rows(result.changedIds, {}); });
        const double countsRefresh = timed([&] { counts->refresh(); });
        // The same refresh under a common word's search: each changed row is checked alone.
        TicketFilter searching;
        searching.search = u"error"_s;
        const double searchRowsMs = timed([&] { (void)cache->rows(result.changedIds, searching); });
        out << "sync page of " << page.size() << " tickets: store alone " << ms(storeMs) << " (CPU "
            << ms(storeCpuMs) << "), reading them back under a search " << ms(searchRowsMs)
            << ", store + in-place list update " << ms(applyMs) << " (" << result.changedIds.size()
            << " changed, " << model->rowCount() << " rows loaded; reading them back alone "
            << ms(rowsMs) << "), sidebar recount " << ms(countsRefresh) << Qt::endl;
    }

    out << "memory: VmRSS " << statusKb("VmRSS") / 1024 << " MiB, VmHWM "
        << statusKb("VmHWM") / 1024 << " MiB (before opening: " << rssBefore / 1024
        << " MiB; target <= 150 MiB)" << Qt::endl;
    return 0;
}

// Search keystroke p95 (each prefix of 6 common and 6 rare words typed in turn, 3 rounds),
// through the list model as the window runs it: wall time, and the thread's CPU time, which
// other processes on the machine do not inflate.
struct SearchP95
{
    double commonMs = 0;
    double rareMs = 0;
    double commonCpuMs = 0;
    double rareCpuMs = 0;
};

SearchP95 searchP95(TicketListModel *model)
{
    const QStringList vocabulary = makeVocabulary(20000);
    const auto p95 = [&](const QStringList &words, double *cpuP95) {
        QList<double> keystrokes;
        QList<double> cpu;
        for (int round = 0; round < 3; ++round) {
            for (const QString &word : words) {
                for (int length = 1; length <= word.size(); ++length) {
                    const double cpuBefore = threadCpuMs();
                    keystrokes.append(timed([&] { model->setSearch(word.left(length)); }));
                    cpu.append(threadCpuMs() - cpuBefore);
                }
                model->setSearch({});
            }
        }
        *cpuP95 = percentile(cpu, 0.95);
        return percentile(keystrokes, 0.95);
    };
    SearchP95 result;
    result.commonMs = p95(vocabulary.mid(0, 6), &result.commonCpuMs);
    result.rareMs = p95(vocabulary.mid(15000, 6), &result.rareCpuMs);
    return result;
}

QString describe(const SearchP95 &p95)
{
    return u"search p95 common %1 (CPU %2), rare %3 (CPU %4)"_s.arg(
            ms(p95.commonMs), ms(p95.commonCpuMs), ms(p95.rareMs), ms(p95.rareCpuMs));
}

int mergeIndex(const QString &path, int stepPages)
{
    const QString merged = path + u".merge-steps"_s;
    const QString optimized = path + u".optimize"_s;
    for (const QString &copy : {merged, optimized}) {
        for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s}) {
            QFile::remove(copy + suffix);
            if (QFile::exists(path + suffix) && !QFile::copy(path + suffix, copy + suffix))
                qFatal("cannot copy the cache");
        }
    }
    {
        CacheDatabase db;
        if (db.open(merged).error != StoreError::None)
            qFatal("cannot open the copy");
        TicketCache cache(&db);
        TicketListModel model(&cache);
        (void)model.rowCount();
        const int before = cache.searchIndexSegments();
        const SearchP95 searchBefore = searchP95(&model);
        out << "search index: " << before << " segments, " << cache.searchIndexPages() << " pages; "
            << describe(searchBefore) << Qt::endl;

        BackgroundWriter writer(&cache);
        writer.setMergeAfterPages(0);
        if (stepPages > 0)
            writer.setMergeStepPages(stepPages);
        // A UI-thread write (one small transaction on the window's connection) every 100 ms
        // meanwhile, as the outbox or an edit would.
        double worstWrite = 0;
        int writes = 0;
        int failed = 0;
        QTimer probe;
        QObject::connect(&probe, &QTimer::timeout, [&] {
            const double t = timed([&] {
                if (cache.setSyncCursor({writes + 1, QDateTime::currentDateTimeUtc()})
                    != StoreError::None)
                    ++failed;
            });
            worstWrite = std::max(worstWrite, t);
            ++writes;
        });
        QEventLoop loop;
        int after = -1;
        int steps = 0;
        qint64 busyMs = 0;
        qint64 worstStepMs = 0;
        QObject::connect(&writer, &BackgroundWriter::searchIndexMerged, &loop,
                         [&](int, int segments, int stepCount, qint64 busy, qint64 worst) {
                             after = segments;
                             steps = stepCount;
                             busyMs = busy;
                             worstStepMs = worst;
                             loop.quit();
                         });
        QElapsedTimer wall;
        wall.start();
        probe.start(100);
        writer.mergeSearchIndexIfWorthwhile();
        loop.exec();
        probe.stop();
        const qint64 wallMs = wall.elapsed();
        const SearchP95 searchAfter = searchP95(&model);
        out << "merge in steps of " << writer.mergeStepPages()
            << " pages (BackgroundWriter): " << before << " -> " << after << " segments, " << steps
            << " steps, " << busyMs << " ms holding the write lock (longest step " << worstStepMs
            << " ms), " << wallMs << " ms in all; UI-thread writes " << writes << ", worst "
            << ms(worstWrite) << ", failed " << failed << Qt::endl;
        out << "after: " << describe(searchAfter) << " (target p95 <= 16 ms)" << Qt::endl;
    }
    {
        CacheDatabase db;
        if (db.open(optimized).error != StoreError::None)
            qFatal("cannot open the copy");
        TicketCache cache(&db);
        const int before = cache.searchIndexSegments();
        const double t = timed([&] {
            QSqlQuery(db.database())
                    .exec(u"INSERT INTO tickets_fts(tickets_fts) VALUES ('optimize')"_s);
        });
        out << "one 'optimize' for comparison: " << before << " -> " << cache.searchIndexSegments()
            << " segments in " << ms(t) << " (one transaction: the write lock all along)"
            << Qt::endl;
    }
    for (const QString &copy : {merged, optimized}) {
        for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s})
            QFile::remove(copy + suffix);
    }
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption countOption(u"count"_s, u"tickets to generate"_s, u"N"_s,
                                         u"1000000"_s);
    const QCommandLineOption dbOption(u"db"_s, u"cache file"_s, u"PATH"_s,
                                      QDir::temp().filePath(u"triagedesk-bench-cache.sqlite"_s));
    const QCommandLineOption regenerateOption(u"regenerate"_s, u"generate even if it exists"_s);
    const QCommandLineOption generateOnly(u"generate-only"_s, u"internal"_s);
    const QCommandLineOption storeOnly(u"store-pages"_s,
                                       u"only time storing --count new tickets as sync pages"_s);
    const QCommandLineOption mergeOption(
            u"merge-index"_s, u"the search index before and after the sync writer's merge"_s);
    const QCommandLineOption mergeStepOption(u"merge-step"_s, u"index pages a merge step"_s,
                                             u"PAGES"_s, u"0"_s);
    parser.addOptions({countOption, dbOption, regenerateOption, generateOnly, storeOnly,
                       mergeOption, mergeStepOption});
    parser.process(app);
    const QString path = parser.value(dbOption);
    const qint64 count = parser.value(countOption).toLongLong();
    if (parser.isSet(generateOnly))
        return generate(path, count);
    if (parser.isSet(storeOnly))
        return storePages(path, count);

    bool reuse = QFileInfo::exists(path) && !parser.isSet(regenerateOption);
    if (reuse) {
        // A cache from an older build is migrated here, once (and timed: users meet it once).
        const int version = CacheDatabase::schemaVersionOf(path);
        QElapsedTimer migration;
        migration.start();
        CacheDatabase probe;
        reuse = probe.open(path).error == StoreError::None
                && TicketCache(&probe).count(TicketFilter::all()) == count;
        if (version != CacheDatabase::SchemaVersion)
            out << "migrated the cache from schema " << version << " to "
                << CacheDatabase::SchemaVersion << " in " << migration.elapsed() << " ms"
                << Qt::endl;
    }
    if (!reuse) {
        // A child process, so generating does not inflate this process's peak memory.
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedChannels);
        child.start(QCoreApplication::applicationFilePath(),
                    {u"--generate-only"_s, u"--db"_s, path, u"--count"_s, QString::number(count)});
        if (!child.waitForFinished(-1) || child.exitCode() != 0)
            return 1;
    }
    if (parser.isSet(mergeOption))
        return mergeIndex(path, parser.value(mergeStepOption).toInt());
    return measure(path);
}
