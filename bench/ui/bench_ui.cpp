// bench_ui [tickets]   (default 100000; runs offscreen unless QT_QPA_PLATFORM is set)
// bench_ui --cold-only N   only part 2, over a cache filled directly with N tickets
// 1. Fills a real triagedesk-server (127.0.0.1, temp SQLite) with `tickets` tickets, opens the
//    main window on an empty cache and lets the sync engine bring them all in, while a 5 ms
//    timer records how late the event loop serves it (the UI must never stall > 50 ms).
// 2. Cold start: a fresh process opens that cache (N tickets) and shows the main window with
//    its first page; prints the time from main() to an interactive window, and the RSS then
//    and after paging through the whole list.
#include "api/apiclient.h"
#include "store/cachedatabase.h"
#include "store/ticketcache.h"
#include "support/serverprocess.h"
#include "support/testdata.h"
#include "support/testsession.h"
#include "sync/syncengine.h"
#include "ui/mainwindow.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>
#include <QUuid>

#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace Qt::StringLiterals;
using namespace td;

namespace {

QElapsedTimer g_sinceStart;

// CPU time of the calling thread: unlike wall time, it does not grow while other processes
// (a compiler, the server) have the cores, so it shows the UI thread's own work per gap.
qint64 threadCpuUs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000;
}

double rssMiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return -1;
}

QJsonObject body(int i)
{
    static const char *const words[] = {"Checkout", "Login", "Wishlist", "Invoice", "Search",
                                        "Push",     "Cart",  "Refund",   "Profile", "Sitemap"};
    return {{u"title"_s, u"%1 fails on step %2"_s.arg(QLatin1StringView(words[i % 10])).arg(i)},
            {u"description"_s, u"Generated for the UI benchmark; steps, logs and links."_s},
            {u"request_type"_s, i % 3 == 0 ? u"question"_s : u"bug"_s},
            {u"priority"_s, i % 7 == 0 ? u"urgent"_s : u"medium"_s},
            {u"roles"_s, QJsonArray{u"frontend"_s}}};
}

bool fill(ApiClient &api, int count, int parallel)
{
    int started = 0;
    int finished = 0;
    bool failed = false;
    std::function<void()> next = [&] {
        if (started >= count || failed)
            return;
        const int i = started++;
        api.createTicket(testdata::WebProjectId, body(i), {}, nullptr,
                         [&](const Result<CreatedTicket> &result) {
                             ++finished;
                             if (!result.ok()) {
                                 std::fprintf(stderr, "create failed: %s\n",
                                              qPrintable(result.error().message));
                                 failed = true;
                             }
                             next();
                         });
    };
    for (int i = 0; i < parallel; ++i)
        next();
    while (finished < started || (started < count && !failed))
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
    return !failed;
}

// The sessions main.cpp builds, with its sync options (BENCH_UI_PAGE overrides the page size).
SyncEngine::Options appOptions()
{
    SyncEngine::Options options;
    if (qEnvironmentVariableIntValue("BENCH_UI_PAGE") > 0)
        options.pageSize = qEnvironmentVariableIntValue("BENCH_UI_PAGE");
    return options;
}

// The owner's account in a profile folder without asking a server (cold starts, --cold-only).
QString addOwnerAccount(test::TestAccounts &accounts, const QUrl &url)
{
    Account account;
    account.id = u"bench"_s;
    account.serverUrl = url;
    account.user = {testdata::OwnerId, testdata::OwnerName, testdata::OwnerEmail, u"owner"_s};
    account.tenant = {testdata::TenantSlug, testdata::TenantName};
    account.addedAt = QDateTime::currentDateTimeUtc();
    accounts.accounts().save(account);
    return account.id;
}

// Child process: main() to an interactive window over an existing cache.
int coldStart(const QString &profileDir, const QString &accountId)
{
    QSettings settings(QDir(profileDir).filePath(u"settings.ini"_s), QSettings::IniFormat);
    QNetworkAccessManager network;
    test::TestAccounts accounts(&network, profileDir, appOptions());
    MainWindow window(&settings);
    window.setSessionFactory(&accounts.factory());
    auto session = accounts.open(accountId);
    if (!session)
        return 3;
    window.setSession(std::move(session));
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return 2;
    QCoreApplication::processEvents();
    const qint64 interactive = g_sinceStart.elapsed();
    const int firstRows = window.ticketView()->model()->rowCount();
    const double rssInteractive = rssMiB();
    // Worst case for memory: the user pages through every ticket.
    QAbstractItemModel *model = window.ticketView()->model();
    QElapsedTimer paging;
    paging.start();
    while (model->canFetchMore({}))
        model->fetchMore({});
    window.ticketView()->scrollToBottom();
    QCoreApplication::processEvents();
    std::printf("%lld %d %.1f %d %.1f %lld\n", interactive, firstRows, rssInteractive,
                model->rowCount(), rssMiB(), paging.elapsed());
    window.setSession(nullptr);
    return 0;
}

int coldStarts(const QString &profileDir, const QString &accountId)
{
    QList<qint64> starts;
    for (int run = 0; run < 3; ++run) {
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(),
                    {u"--cold-start"_s, profileDir, accountId});
        if (!child.waitForFinished(120'000) || child.exitCode() != 0) {
            std::fprintf(stderr, "cold start failed: %s\n",
                         child.readAllStandardError().constData());
            return 1;
        }
        const QList<QByteArray> f = child.readAllStandardOutput().trimmed().split(' ');
        if (f.size() < 6)
            return 1;
        starts.append(f.at(0).toLongLong());
        std::printf("cold start %d: interactive after %s ms (%s rows shown), RSS %s MiB; "
                    "after paging all %s rows (%s ms): RSS %s MiB\n",
                    run + 1, f.at(0).constData(), f.at(1).constData(), f.at(2).constData(),
                    f.at(3).constData(), f.at(5).constData(), f.at(4).constData());
    }
    std::sort(starts.begin(), starts.end());
    std::printf("cold start median: %lld ms (target <= 500 ms)\n", starts.at(1));
    return 0;
}

// Fills a cache directly (as a finished sync would leave it), for the cold-start figures
// without waiting for a sync of N tickets.
bool fillCache(const QString &cachePath, int count)
{
    CacheDatabase db;
    if (db.open(cachePath).error != StoreError::None)
        return false;
    TicketCache cache(&db);
    const QDateTime base = QDateTime::currentDateTimeUtc().addDays(-400);
    QList<Ticket> page;
    for (int i = 1; i <= count; ++i) {
        Ticket t;
        t.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        t.number = i;
        t.tenant = testdata::TenantSlug;
        t.projectId = i % 5 == 0 ? std::nullopt : std::optional<QString>(testdata::WebProjectId);
        const QJsonObject b = body(i);
        t.title = b.value(u"title"_s).toString();
        t.description = b.value(u"description"_s).toString();
        t.requestType = i % 3 == 0 ? RequestType::Question : RequestType::Bug;
        t.priority = i % 7 == 0 ? Priority::Urgent : Priority::Medium;
        t.roles = {u"frontend"_s};
        t.requester = {testdata::ClientName, testdata::ClientEmail};
        t.actorRole = u"user"_s;
        t.actorId = testdata::ClientId;
        t.source = u"portal"_s;
        t.status = TicketStatus(i % 4);
        t.seq = i;
        t.createdAt = base.addSecs(i * 300);
        t.updatedAt = t.createdAt;
        page.append(t);
        if (page.size() == 1000 || i == count) {
            if (!cache.applyTickets(page, SyncCursor{i, QDateTime::currentDateTimeUtc()}).ok())
                return false;
            page.clear();
        }
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    g_sinceStart.start();
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() >= 4 && args.at(1) == u"--cold-start"_s)
        return coldStart(args.at(2), args.at(3));

    if (args.size() >= 3 && args.at(1) == u"--cold-only"_s) {
        // Cold start and RSS over a cache of N tickets, without a server.
        QTemporaryDir dir;
        QString accountId;
        {
            QNetworkAccessManager network;
            test::TestAccounts accounts(&network, dir.path(), appOptions());
            accountId = addOwnerAccount(accounts, QUrl(u"http://127.0.0.1:9"_s));
            QElapsedTimer t;
            t.start();
            if (!fillCache(accounts.factory().cachePath(accountId), args.at(2).toInt()))
                return 1;
            std::printf("cache filled with %d tickets in %.1f s\n", args.at(2).toInt(),
                        t.elapsed() / 1000.0);
        }
        return coldStarts(dir.path(), accountId);
    }
    const int count = args.size() > 1 ? args.at(1).toInt() : 100'000;
#ifdef TD_BENCH_SERVER_BIN
    if (qEnvironmentVariableIsEmpty("TRIAGEDESK_SERVER_BIN"))
        qputenv("TRIAGEDESK_SERVER_BIN", TD_BENCH_SERVER_BIN);
#endif
    test::ServerProcess server({u"--create-rate"_s, u"100000000"_s, u"--request-rate"_s,
                                u"100000000"_s, u"--no-access-log"_s});
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "server: %s\n", qPrintable(error));
        return 1;
    }
    QNetworkAccessManager network;
    {
        ApiClient filler(&network, server.baseUrl(), testdata::ClientToken);
        QElapsedTimer t;
        t.start();
        if (!fill(filler, count, 16))
            return 1;
        std::printf("filled the server with %d tickets in %.1f s\n", count, t.elapsed() / 1000.0);
    }

    QTemporaryDir dir;
    QString accountId;
    {
        QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        test::TestAccounts accounts(&network, dir.path(), appOptions());
        MainWindow window(&settings);
        window.setSessionFactory(&accounts.factory());
        window.show();
        if (!QTest::qWaitForWindowExposed(&window))
            return 1;
        QString why;
        accountId = accounts.signIn(server.baseUrl(), testdata::OwnerToken, &why);
        auto s = accountId.isEmpty() ? nullptr : accounts.open(accountId, &why);
        if (!s) {
            std::fprintf(stderr, "session: %s\n", qPrintable(why));
            return 1;
        }
        AccountSession *sync = s.get();
        bool done = false;
        QObject::connect(sync, &AccountSession::syncFinished, &app, [&] { done = true; });
        QObject::connect(sync, &AccountSession::syncFailed, &app, [&](const Error &e) {
            std::fprintf(stderr, "sync failed: %s\n", qPrintable(e.message));
            done = true;
        });
        // A 5 ms heartbeat: how late it fires is how long the event loop was busy elsewhere.
        QList<qint64> gaps;
        QList<qint64> busyUs; // UI-thread CPU time within each gap
        QElapsedTimer beat;
        qint64 cpuAtBeat = 0;
        QTimer heartbeat;
        heartbeat.setTimerType(Qt::PreciseTimer);
        heartbeat.setInterval(5);
        QObject::connect(&heartbeat, &QTimer::timeout, &app, [&] {
            gaps.append(beat.restart());
            const qint64 cpu = threadCpuUs();
            busyUs.append(cpu - cpuAtBeat);
            cpuAtBeat = cpu;
        });
        QElapsedTimer syncTime;
        syncTime.start();
        beat.start();
        cpuAtBeat = threadCpuUs();
        heartbeat.start();
        window.setSession(std::move(s)); // starts the sync
        QEventLoop loop;
        QObject::connect(sync, &AccountSession::syncFinished, &loop, &QEventLoop::quit);
        QObject::connect(sync, &AccountSession::syncFailed, &loop, &QEventLoop::quit);
        if (!done)
            loop.exec();
        heartbeat.stop();
        const qint64 syncMs = syncTime.elapsed();
        std::sort(gaps.begin(), gaps.end());
        const qint64 worst = gaps.isEmpty() ? 0 : gaps.last();
        const qint64 p99 = gaps.isEmpty() ? 0 : gaps.at(qsizetype(gaps.size() * 0.99));
        const auto over
                = std::count_if(gaps.cbegin(), gaps.cend(), [](qint64 g) { return g > 50; });
        std::printf("sync of %d tickets with the window open: %.1f s\n", count, syncMs / 1000.0);
        std::printf("event loop while syncing: %lld beats, p99 gap %lld ms, worst gap %lld ms, "
                    "gaps > 50 ms: %lld (target: none)\n",
                    qint64(gaps.size()), p99, worst, qint64(over));
        std::sort(busyUs.begin(), busyUs.end());
        if (!busyUs.isEmpty()) {
            const auto busyOver = std::count_if(busyUs.cbegin(), busyUs.cend(),
                                                [](qint64 us) { return us > 50'000; });
            std::printf("UI-thread CPU per gap (load-independent): p99 %.1f ms, worst %.1f ms, "
                        "over 50 ms: %lld\n",
                        busyUs.at(qsizetype(busyUs.size() * 0.99)) / 1000.0, busyUs.last() / 1000.0,
                        qint64(busyOver));
        }
        std::printf("list rows loaded: %d, sidebar and list live during the sync\n",
                    window.ticketView()->model()->rowCount());
        window.close();
        window.setSession(nullptr);
    }

    return coldStarts(dir.path(), accountId);
}
