#pragma once

#include "api/apiclient.h"
#include "store/cachedatabase.h"
#include "store/outbox.h"
#include "store/ticketcache.h"
#include "sync/syncengine.h"

#include <QNetworkAccessManager>
#include <QTest>

#include <algorithm>
#include <memory>
#include <optional>

// Helpers shared by the client end-to-end tests: run a call to completion, count tickets on
// the real server, and one "desktop client" (cache + outbox + engine) on a cache file.
namespace td::e2e {

template<typename T, typename Start>
Result<T> await(Start start, int waitMs = 15000)
{
    std::optional<Result<T>> result;
    start([&](const Result<T> &r) { result = r; });
    (void)QTest::qWaitFor([&] { return result.has_value(); }, waitMs);
    if (!result)
        return Result<T>::failure(
                networkError(NetworkErrorKind::Other, QStringLiteral("no answer")));
    return *result;
}

// Every ticket the token can see, straight from the server (pages through the list).
inline QList<Ticket> serverTickets(ApiClient &api)
{
    QList<Ticket> all;
    QString cursor;
    for (int page = 0; page < 1000; ++page) {
        RemoteTicketFilter filter;
        filter.limit = 500;
        const auto result = await<TicketPage>(
                [&](auto done) { api.listTickets(filter, cursor, nullptr, done); });
        if (!result.ok())
            return all;
        all += result.value().tickets;
        if (!result.value().nextCursor)
            break;
        cursor = *result.value().nextCursor;
    }
    return all;
}

inline int countTitled(const QList<Ticket> &tickets, const QString &title)
{
    return int(std::count_if(tickets.begin(), tickets.end(),
                             [&](const Ticket &t) { return t.title == title; }));
}

inline QJsonObject createBody(const QString &title)
{
    return {{QStringLiteral("title"), title},
            {QStringLiteral("description"), QStringLiteral("Found while testing end to end")},
            {QStringLiteral("request_type"), QStringLiteral("bug")}};
}

// The desktop client's sync stack for one account, on a cache file that may be reopened.
struct Client
{
    Client(QNetworkAccessManager *network, const QUrl &url, const QString &token,
           const QString &cachePath)
        : api(network, url, token)
    {
        report = db.open(cachePath);
        cache = std::make_unique<TicketCache>(&db);
        outbox = std::make_unique<Outbox>(&db);
        engine = std::make_unique<SyncEngine>(&api, cache.get(), outbox.get());
        SyncEngine::Options options;
        options.baseRetryMs = 100; // keep retries quick; the policy itself is unit-tested
        options.probeMs = 100;
        options.maxProbeMs = 400;
        engine->setOptions(options);
    }
    ~Client()
    {
        engine.reset();
        outbox.reset();
        cache.reset();
    }
    bool syncAndWait(int waitMs = 30000)
    {
        bool done = false;
        bool ok = false;
        auto a = QObject::connect(engine.get(), &SyncEngine::syncFinished,
                                  [&] { done = ok = true; });
        auto b = QObject::connect(engine.get(), &SyncEngine::syncFailed, [&] { done = true; });
        engine->syncNow();
        (void)QTest::qWaitFor([&] { return done; }, waitMs);
        QObject::disconnect(a);
        QObject::disconnect(b);
        return ok;
    }

    ApiClient api;
    CacheDatabase db;
    OpenReport report;
    std::unique_ptr<TicketCache> cache;
    std::unique_ptr<Outbox> outbox;
    std::unique_ptr<SyncEngine> engine;
};

} // namespace td::e2e
