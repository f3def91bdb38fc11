#include "session/sessionfactory.h"

#include "accounts/accountmanager.h"
#include "api/apiclient.h"
#include "api/apierror.h"
#include "store/accountdata.h"
#include "store/outbox.h"
#include "store/privatefiles.h"
#include "store/ticketcache.h"

#include <QDir>
#include <QEventLoop>
#include <QHostAddress>
#include <QRandomGenerator>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace td {

namespace {

bool isLoopback(const QUrl &url)
{
    const QString host = url.host();
    if (host == u"localhost"_s)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace

SessionFactory::SessionFactory(SessionParts parts)
    : m_parts(std::move(parts))
{
    if (!m_parts.clock)
        m_parts.clock = [] { return QDateTime::currentDateTimeUtc(); };
    if (!m_parts.random)
        m_parts.random = [] { return QRandomGenerator::global()->generateDouble(); };
}

QString SessionFactory::cachePath(const QString &accountId) const
{
    return QDir(m_parts.profileDir).filePath(u"cache-"_s + accountId + u".sqlite"_s);
}

Result<std::unique_ptr<AccountSession>> SessionFactory::open(const QString &accountId) const
{
    const std::optional<Account> account
            = m_parts.accounts ? m_parts.accounts->accounts()->account(accountId) : std::nullopt;
    if (!account)
        return Error::fromStore(StoreError::NotFound, u"no account "_s + accountId);
    // The cache holds the account's tickets and unsent work: its folder is the user's only.
    if (Status folder = ensurePrivateDir(m_parts.profileDir); !folder)
        return folder.error();

    std::unique_ptr<AccountSession> s(new AccountSession(*account, m_parts.accounts));
    if (accountId == m_parts.demoOwnerId && !m_parts.demoClientId.isEmpty())
        s->m_demoPeerId = m_parts.demoClientId;
    else if (accountId == m_parts.demoClientId && !m_parts.demoOwnerId.isEmpty())
        s->m_demoPeerId = m_parts.demoOwnerId;

    s->m_database = new CacheDatabase(s.get());
    s->m_openReport = s->m_database->open(cachePath(accountId));
    if (s->m_openReport.error != StoreError::None)
        return Error::fromStore(s->m_openReport.error, s->m_openReport.detail);
    s->m_data = std::make_unique<AccountData>(s->m_database);
    s->m_cache = new TicketCache(s->m_database, s.get());
    s->m_outbox = new Outbox(s->m_database, s.get());
    s->m_outbox->setClock(m_parts.clock);
    // The token arrives when the session starts (a keychain may ask the user first).
    s->m_api = new ApiClient(m_parts.network, account->serverUrl, QString(), s.get());
    s->m_sync = new SyncEngine(s->m_api, s->m_cache, s->m_outbox, s.get());
    s->m_sync->setOptions(m_parts.syncOptions);
    s->m_sync->setClock(m_parts.clock);
    s->m_sync->setRandom(m_parts.random);
    s->m_sync->setUserId(account->user.id);
    if (m_parts.watchSystemNetwork && !isLoopback(account->serverUrl))
        s->m_sync->watchSystemNetwork();
    return s;
}

Status SessionFactory::signInDemo(const DemoLogin &demo) const
{
    if (!m_parts.accounts)
        return Error::fromCredential(CredentialError::Other, u"no account manager"_s);
    const std::pair<QString, QString> users[]
            = {{m_parts.demoOwnerId, demo.ownerToken}, {m_parts.demoClientId, demo.clientToken}};
    for (const auto &[accountId, token] : users) {
        if (accountId.isEmpty())
            continue;
        QEventLoop loop;
        std::optional<SignInResult> answer;
        m_parts.accounts->signIn(
                demo.baseUrl, token, TokenStorage::SessionOnly, &loop,
                [&](const SignInResult &result) {
                    answer = result;
                    loop.quit();
                },
                accountId);
        QTimer::singleShot(20'000, &loop, &QEventLoop::quit);
        if (!answer)
            loop.exec();
        if (!answer)
            return networkError(NetworkErrorKind::Timeout, u"the demo server did not answer"_s);
        if (!answer->ok()) {
            if (answer->apiError)
                return *answer->apiError;
            return Error::fromCredential(answer->credentialError);
        }
    }
    return {};
}

} // namespace td
