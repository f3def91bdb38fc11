#pragma once

#include "api/apiclient.h"
#include "store/cachedatabase.h"
#include "store/outbox.h"
#include "store/ticketcache.h"
#include "support/testsession.h"
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

// The desktop client's sync stack for one account, built as the app builds it: signed in
// through the AccountManager, opened through the SessionFactory, on a profile folder that
// may be opened again (another run of the app, another process). The tests drive the
// session's engine directly.
struct Client
{
    Client(QNetworkAccessManager *network, const QUrl &url, const QString &token,
           const QString &profileDir)
        : accounts(network, profileDir)
    {
        QString error;
        session = accounts.signInAndOpen(url, token, &error);
        if (!session) {
            qWarning("e2e client: %s", qPrintable(error));
            return;
        }
        report = session->openReport();
        api = session->api();
        cache = session->cache();
        outbox = session->outbox();
        engine = session->sync();
        // The engine is driven by the test (start(), syncNow()); it needs the token the
        // session would read from the store when started.
        api->setToken(token);
    }
    bool ok() const { return session && report.error == StoreError::None; }
    bool syncAndWait(int waitMs = 30000)
    {
        bool done = false;
        bool ok = false;
        auto a = QObject::connect(engine, &SyncEngine::syncFinished, [&] { done = ok = true; });
        auto b = QObject::connect(engine, &SyncEngine::syncFailed, [&] { done = true; });
        engine->syncNow();
        (void)QTest::qWaitFor([&] { return done; }, waitMs);
        QObject::disconnect(a);
        QObject::disconnect(b);
        return ok;
    }

    test::TestAccounts accounts;
    std::unique_ptr<AccountSession> session;
    OpenReport report;
    ApiClient *api = nullptr;
    TicketCache *cache = nullptr;
    Outbox *outbox = nullptr;
    SyncEngine *engine = nullptr;
};

} // namespace td::e2e
