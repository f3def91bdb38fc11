#include "accounts/accountmanager.h"

#include "api/apiclient.h"

#include <QPointer>

using namespace Qt::StringLiterals;

namespace td {

AccountManager::AccountManager(AccountStore *accounts, CredentialStore *keychain,
                               CredentialStore *session, QNetworkAccessManager *network,
                               QObject *parent)
    : QObject(parent)
    , m_accounts(accounts)
    , m_keychain(keychain)
    , m_session(session)
    , m_network(network)
{}

void AccountManager::signIn(const QUrl &serverUrl, const QString &token, TokenStorage storage,
                            QObject *context, SignInCallback done, const QString &accountId)
{
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    auto finish = [guard, hasContext, done = std::move(done)](const SignInResult &result) {
        if (!hasContext || guard)
            done(result);
    };
    auto *client = new ApiClient(m_network, serverUrl, token, this);
    client->me(this, [this, client, serverUrl, token, storage, finish,
                      accountId](const Result<MeInfo> &me) {
        client->deleteLater();
        if (!me.ok()) {
            SignInResult result;
            result.apiError = me.error();
            finish(result);
            return;
        }
        Account account;
        if (!accountId.isEmpty()) {
            account = m_accounts->account(accountId).value_or(Account{});
            account.id = accountId;
        } else if (auto existing = m_accounts->find(serverUrl, me.value().user.id)) {
            account = *existing;
        } else {
            account.id = AccountStore::newAccountId();
        }
        if (!account.addedAt.isValid())
            account.addedAt = QDateTime::currentDateTimeUtc();
        account.serverUrl = AccountStore::normalizedServerUrl(serverUrl);
        account.user = me.value().user;
        account.tenant = me.value().tenant;
        account.sessionOnlyToken = storage == TokenStorage::SessionOnly;
        account.paused = false;
        storeFor(account.sessionOnlyToken)
                ->writeToken(account.id, token, this,
                             [this, account, finish](const CredentialResult &stored) {
                                 SignInResult result;
                                 if (!stored.ok()) {
                                     result.credentialError = stored.error;
                                     finish(result);
                                     return;
                                 }
                                 m_accounts->save(account);
                                 result.account = m_accounts->account(account.id);
                                 finish(result);
                             });
    });
}

void AccountManager::token(const Account &account, QObject *context, CredentialStore::Callback done)
{
    storeFor(account.sessionOnlyToken)->readToken(account.id, context, std::move(done));
}

void AccountManager::remove(const QString &accountId, QObject *context,
                            CredentialStore::Callback done)
{
    const std::optional<Account> account = m_accounts->account(accountId);
    m_accounts->remove(accountId);
    const bool sessionOnly = account && account->sessionOnlyToken;
    storeFor(sessionOnly)->deleteToken(accountId, context, std::move(done));
}

void AccountManager::setPaused(const QString &accountId, bool paused)
{
    if (auto account = m_accounts->account(accountId); account && account->paused != paused) {
        account->paused = paused;
        m_accounts->save(*account);
    }
}

} // namespace td
