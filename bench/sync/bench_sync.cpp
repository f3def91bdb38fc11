// bench_sync [tickets]   (default 100000)
// 1. Starts the real triagedesk-server on 127.0.0.1 (temp SQLite database), fills it with
//    `tickets` tickets through the API, then times a fresh client's full delta sync
//    (/api/changes pages of 1000, each stored in one transaction) and a small delta after it.
// 2. Times queuing outbox items durably (synchronous=FULL commit per item).
// BENCH_SYNC_SERVER_DB=/path/server.db: the first run saves the filled server database there,
// later runs with the same count start the server on a copy of it instead of filling it again
// (1,000,000 tickets take minutes to create through the API). `bench_sync N --fill-only`
// stops once it is saved.
#include "api/apiclient.h"
#include "core/json.h"
#include "store/cachedatabase.h"
#include "store/outbox.h"
#include "store/ticketcache.h"
#include "support/serverprocess.h"
#include "support/testdata.h"
#include "sync/syncengine.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;
using namespace td;

namespace {

QJsonObject body(int i, const QString &prefix = u"Bench ticket"_s)
{
    return {{u"title"_s, u"%1 %2"_s.arg(prefix).arg(i)},
            {u"description"_s, u"Generated for the sync benchmark; steps, logs and links."_s},
            {u"request_type"_s, u"bug"_s},
            {u"priority"_s, i % 7 == 0 ? u"urgent"_s : u"medium"_s},
            {u"roles"_s, QJsonArray{u"frontend"_s}}};
}

// Keeps `parallel` creates in flight until `count` are done. False on the first failure.
bool fill(ApiClient &api, int count, int parallel, const QString &prefix = u"Bench ticket"_s)
{
    int started = 0;
    int finished = 0;
    bool failed = false;
    std::function<void()> next = [&] {
        if (started >= count || failed)
            return;
        const int i = started++;
        api.createTicket(testdata::WebProjectId, body(i, prefix), {}, nullptr,
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
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    return !failed;
}

double syncSeconds(SyncEngine &engine, int *fetched)
{
    bool done = false;
    bool ok = false;
    *fetched = 0;
    QObject::connect(&engine, &SyncEngine::syncProgress, &engine,
                     [&](int soFar, int) { *fetched = soFar; });
    QObject::connect(&engine, &SyncEngine::syncFinished, &engine, [&] { done = ok = true; });
    QObject::connect(&engine, &SyncEngine::syncFailed, &engine, [&](const Error &error) {
        std::fprintf(stderr, "sync failed: %s\n", qPrintable(error.message));
        done = true;
    });
    QElapsedTimer clock;
    clock.start();
    engine.syncNow();
    while (!done)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    const double seconds = clock.nsecsElapsed() / 1e9;
    QObject::disconnect(&engine, nullptr, &engine, nullptr);
    return ok ? seconds : -1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int count = argc > 1 ? QByteArray(argv[1]).toInt() : 100000;
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
    const QString saved = qEnvironmentVariable("BENCH_SYNC_SERVER_DB");
    const auto copyDatabase = [&](const QString &from, const QString &to) {
        for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s}) {
            QFile::remove(to + suffix);
            if (QFile::exists(from + suffix) && !QFile::copy(from + suffix, to + suffix))
                return false;
        }
        return true;
    };
    const bool reuse = !saved.isEmpty() && QFile::exists(saved);
    if (reuse) {
        server.stop();
        if (!copyDatabase(saved, server.databasePath()) || !server.start(&error)) {
            std::fprintf(stderr, "cannot serve %s: %s\n", qPrintable(saved), qPrintable(error));
            return 1;
        }
    }
    QNetworkAccessManager network;
    auto writer = std::make_unique<ApiClient>(&network, server.baseUrl(), testdata::OwnerToken);
    QElapsedTimer clock;
    clock.start();
    if (!reuse) {
        if (!fill(*writer, count, 6))
            return 1;
        std::printf("generated %d tickets through the API in %.1f s\n", count,
                    clock.nsecsElapsed() / 1e9);
        if (!saved.isEmpty()) {
            if (!server.stop() || !copyDatabase(server.databasePath(), saved)
                || !server.restart(&error)) {
                std::fprintf(stderr, "cannot save the server database: %s\n", qPrintable(error));
                return 1;
            }
            writer = std::make_unique<ApiClient>(&network, server.baseUrl(), testdata::OwnerToken);
            if (app.arguments().contains(u"--fill-only"_s)) {
                server.stop();
                return 0;
            }
        }
    } else {
        std::printf("serving a copy of %s\n", qPrintable(saved));
    }

    // The network + JSON part alone: page through /api/changes without storing anything.
    {
        ApiClient reader(&network, server.baseUrl(), testdata::OwnerToken);
        reader.setTimeout(60000);
        qint64 since = 0;
        bool more = true;
        int seen = 0;
        QElapsedTimer fetchClock;
        fetchClock.start();
        while (more) {
            std::optional<Result<ChangesPage>> page;
            reader.changes(since, 1000, nullptr, [&](const auto &r) { page = r; });
            while (!page)
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
            if (!page->ok())
                return 1;
            seen += int(page->value().tickets.size());
            since = page->value().nextSince;
            more = page->value().hasMore;
        }
        std::printf("fetch + parse only (no store): %d tickets in %.2f s\n", seen,
                    fetchClock.nsecsElapsed() / 1e9);
    }

    QTemporaryDir dir;
    CacheDatabase db;
    if (db.open(dir.filePath(u"cache.sqlite"_s)).error != StoreError::None)
        return 1;
    TicketCache cache(&db);
    Outbox outbox(&db);
    ApiClient api(&network, server.baseUrl(), testdata::OwnerToken);
    api.setTimeout(60000);
    SyncEngine engine(&api, &cache, &outbox);
    int fetched = 0;
    const double full = syncSeconds(engine, &fetched);
    std::printf("full delta sync: %d tickets in %.2f s (%.0f tickets/s; target <= 5 s for "
                "100000)\n",
                fetched, full, fetched / full);
    if (cache.count({}) != count)
        std::printf("WARNING: cache holds %lld tickets, expected %d\n", cache.count({}), count);

    // The store part alone: the same tickets applied to a second, empty cache, 1000 a page,
    // as the sync's writer stores them: its own connection (synchronous=NORMAL) and each
    // ticket's JSON bytes as they came (read back from the first cache's json column).
    {
        const QString otherPath = dir.filePath(u"other.sqlite"_s);
        CacheDatabase otherPrimary;
        if (otherPrimary.open(otherPath).error != StoreError::None)
            return 1;
        CacheDatabase otherDb;
        if (otherDb.openAlongside(otherPath, CacheDatabase::Durability::AtCheckpoints).error
            != StoreError::None)
            return 1;
        TicketCache other(&otherDb);
        QList<Ticket> all;
        QList<QByteArray> allJson;
        QSqlQuery read(db.database());
        read.setForwardOnly(true);
        if (!read.exec(u"SELECT CAST(json AS BLOB) FROM tickets ORDER BY seq"_s))
            return 1;
        while (read.next()) {
            const QByteArray bytes = read.value(0).toByteArray();
            const auto json = parseJsonObject(bytes);
            const auto ticket = json ? Ticket::fromJson(*json) : std::nullopt;
            if (!ticket)
                return 1;
            all.append(*ticket);
            allJson.append(bytes);
        }
        QElapsedTimer storeClock;
        storeClock.start();
        for (qsizetype i = 0; i < all.size(); i += 1000)
            other.applyTickets(all.mid(i, 1000), SyncCursor{all.at(i).seq, {}}, false,
                               allJson.mid(i, 1000));
        std::printf("store only (applyTickets on the writer's connection, pages of 1000): %lld "
                    "tickets in %.2f s\n",
                    all.size(), storeClock.nsecsElapsed() / 1e9);
    }

    fill(*writer, 100, 6, u"Delta ticket"_s);
    const double delta = syncSeconds(engine, &fetched);
    std::printf("delta sync after 100 new tickets: %d tickets in %.3f s\n", fetched, delta);

    // Durable queuing: each enqueue commits with synchronous=FULL before it returns.
    engine.setWorkOffline(true); // measure the queue, not the sending
    QList<double> ms;
    for (int i = 0; i < 200; ++i) {
        QElapsedTimer one;
        one.start();
        if (!outbox.enqueueCreate(testdata::WebProjectId, body(i)))
            return 1;
        ms.append(one.nsecsElapsed() / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    std::printf("outbox enqueue (durable): median %.2f ms, p95 %.2f ms, max %.2f ms over %lld "
                "(target <= 20 ms)\n",
                ms.at(ms.size() / 2), ms.at(ms.size() * 95 / 100), ms.last(), ms.size());
    server.stop();
    return 0;
}
