#pragma once

#include "accounts/accountstore.h"
#include "accounts/credentialstore.h"
#include "api/apierror.h"

#include <QObject>

#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace td {

enum class TokenStorage { Keychain, SessionOnly };

struct SignInResult
{
    std::optional<Account> account; // set on success
    std::optional<Error> apiError;  // the server refused the token, or could not be reached
    // The server accepted the token but it could not be stored. NoBackend: offer SessionOnly.
    CredentialError credentialError = CredentialError::None;
    bool ok() const { return account.has_value(); }
};

// Signing in and out: checks a token against GET /api/me, stores it (keychain or memory) and
// records the account. An account is saved only once its token is stored, so the list never
// shows an account that cannot sync.
class AccountManager : public QObject
{
    Q_OBJECT
public:
    using SignInCallback = std::function<void(const SignInResult &)>;

    AccountManager(AccountStore *accounts, CredentialStore *keychain, CredentialStore *session,
                   QNetworkAccessManager *network, QObject *parent = nullptr);

    AccountStore *accounts() const { return m_accounts; }

    // `accountId`: sign in under this local id (the demo's fixed ids); empty: the existing
    // account of this user on this server, or a new id.
    void signIn(const QUrl &serverUrl, const QString &token, TokenStorage storage, QObject *context,
                SignInCallback done, const QString &accountId = {});
    void token(const Account &account, QObject *context, CredentialStore::Callback done);
    // Forgets the account and its token (from whichever store holds it).
    void remove(const QString &accountId, QObject *context, CredentialStore::Callback done);
    void setPaused(const QString &accountId, bool paused);

private:
    CredentialStore *storeFor(bool sessionOnly) const
    {
        return sessionOnly ? m_session : m_keychain;
    }

    AccountStore *m_accounts;
    CredentialStore *m_keychain;
    CredentialStore *m_session;
    QNetworkAccessManager *m_network;
};

} // namespace td
