#pragma once

#include "accounts/accountmanager.h"
#include "accounts/accountstore.h"
#include "accounts/credentialstore.h"
#include "session/sessionfactory.h"
#include "store/outbox.h"

#include <QNetworkAccessManager>
#include <QSettings>
#include <QString>
#include <QUrl>

#include <memory>

namespace td::test {

// The app's composition for tests and benchmarks: an account list in a settings file of the
// profile folder, tokens in memory (keychain and session-only alike), an AccountManager and
// the SessionFactory main.cpp uses. Accounts are added by signing in through GET /api/me,
// as the connect dialog does, and opened through the factory, so a test runs the sessions
// the app runs.
class TestAccounts
{
public:
    // Retries and probes quick enough for tests; the policy itself is unit-tested.
    static SyncEngine::Options quickOptions();

    TestAccounts(QNetworkAccessManager *network, const QString &profileDir,
                 SyncEngine::Options options = quickOptions(), QString demoOwnerId = {},
                 QString demoClientId = {});

    SessionFactory &factory() { return *m_factory; }
    AccountManager &manager() { return m_manager; }
    AccountStore &accounts() { return m_accounts; }
    MemoryCredentialStore &tokens() { return m_keychain; }

    // Signs in with this token (waits for the server); the account id, empty on failure
    // (`error` says why).
    QString signIn(const QUrl &serverUrl, const QString &token, QString *error = nullptr);
    // Opens an account through the factory (not started); null on failure.
    std::unique_ptr<AccountSession> open(const QString &accountId, QString *error = nullptr);
    // Both: the usual start of a test.
    std::unique_ptr<AccountSession> signInAndOpen(const QUrl &serverUrl, const QString &token,
                                                  QString *error = nullptr);

private:
    QSettings m_settings;
    AccountStore m_accounts;
    MemoryCredentialStore m_keychain;
    MemoryCredentialStore m_sessionTokens;
    AccountManager m_manager;
    std::unique_ptr<SessionFactory> m_factory;
};

// Every item of an outbox, unsent and sent, oldest first (tests only: the app reads the
// outbox by index, never whole).
QList<OutboxItem> allOutboxItems(Outbox *outbox);

} // namespace td::test
