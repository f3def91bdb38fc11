#pragma once

#include "api/apiclient.h"
#include "store/cachedatabase.h"
#include "store/outbox.h"
#include "store/ticketcache.h"
#include "support/testdata.h"
#include "sync/syncengine.h"
#include "ui/mainwindow.h"

#include <QDir>
#include <QNetworkAccessManager>

#include <memory>

namespace td::test {

// The demo tenant's owner signed in to a test server, put together as app/main.cpp does:
// a cache file in `cacheDir`, its outbox, an ApiClient with the owner's token and a sync
// engine. Null if the cache cannot be opened.
inline std::unique_ptr<AccountSession> ownerSession(const QString &accountId,
                                                    const QString &cacheDir,
                                                    QNetworkAccessManager *network,
                                                    const QUrl &serverUrl)
{
    using namespace Qt::StringLiterals;
    namespace data = td::testdata;
    auto s = std::make_unique<AccountSession>();
    s->account.id = accountId;
    s->account.serverUrl = serverUrl;
    s->account.user = {data::OwnerId, data::OwnerName, data::OwnerEmail, u"owner"_s};
    s->account.tenant = {data::TenantSlug, data::TenantName};
    s->owner = std::make_unique<QObject>();
    s->database = new CacheDatabase;
    const OpenReport report = s->database->open(QDir(cacheDir).filePath(accountId + u".sqlite"_s));
    if (report.error != StoreError::None)
        return nullptr;
    s->cache = new TicketCache(s->database);
    s->outbox = new Outbox(s->database);
    s->api = new ApiClient(network, serverUrl, data::OwnerToken);
    s->sync = new SyncEngine(s->api, s->cache, s->outbox);
    return s;
}

} // namespace td::test
