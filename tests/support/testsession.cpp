#include "support/testsession.h"

#include <QDir>
#include <QTest>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace td::test {

SyncEngine::Options TestAccounts::quickOptions()
{
    SyncEngine::Options options;
    options.baseRetryMs = 100;
    options.probeMs = 100;
    options.maxProbeMs = 400;
    return options;
}

TestAccounts::TestAccounts(QNetworkAccessManager *network, const QString &profileDir,
                           SyncEngine::Options options, QString demoOwnerId, QString demoClientId)
    : m_settings(QDir(profileDir).filePath(u"accounts.ini"_s), QSettings::IniFormat)
    , m_accounts(&m_settings)
    , m_manager(&m_accounts, &m_keychain, &m_sessionTokens, network)
{
    SessionParts parts;
    parts.network = network;
    parts.accounts = &m_manager;
    parts.profileDir = profileDir;
    parts.syncOptions = options;
    parts.watchSystemNetwork = false; // tests talk to 127.0.0.1 only
    parts.demoOwnerId = std::move(demoOwnerId);
    parts.demoClientId = std::move(demoClientId);
    m_factory = std::make_unique<SessionFactory>(parts);
}

QString TestAccounts::signIn(const QUrl &serverUrl, const QString &token, QString *error)
{
    std::optional<SignInResult> answer;
    m_manager.signIn(serverUrl, token, TokenStorage::Keychain, nullptr,
                     [&](const SignInResult &result) { answer = result; });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, 20'000)) {
        if (error)
            *error = u"sign-in timed out"_s;
        return {};
    }
    if (!answer->ok()) {
        if (error) {
            *error = answer->apiError ? answer->apiError->message : toName(answer->credentialError);
        }
        return {};
    }
    return answer->account->id;
}

std::unique_ptr<AccountSession> TestAccounts::open(const QString &accountId, QString *error)
{
    Result<std::unique_ptr<AccountSession>> opened = m_factory->open(accountId);
    if (!opened) {
        if (error)
            *error = toWire(opened.error().storage) + u": "_s + opened.error().message;
        return nullptr;
    }
    return std::move(opened).value();
}

std::unique_ptr<AccountSession> TestAccounts::signInAndOpen(const QUrl &serverUrl,
                                                            const QString &token, QString *error)
{
    const QString id = signIn(serverUrl, token, error);
    return id.isEmpty() ? nullptr : open(id, error);
}

QList<OutboxItem> allOutboxItems(Outbox *outbox)
{
    QList<OutboxItem> all = outbox->unsent().value() + outbox->recent(100'000).value();
    std::sort(all.begin(), all.end(),
              [](const OutboxItem &a, const OutboxItem &b) { return a.id < b.id; });
    return all;
}

} // namespace td::test
