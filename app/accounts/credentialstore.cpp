#include "accounts/credentialstore.h"

#include <QMetaObject>

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace td {

void MemoryCredentialStore::answer(QObject *context, Callback done, CredentialResult result)
{
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    QMetaObject::invokeMethod(
            this,
            [guard, hasContext, done = std::move(done), result = std::move(result)] {
                if (!hasContext || guard)
                    done(result);
            },
            Qt::QueuedConnection);
}

void MemoryCredentialStore::readToken(const QString &accountId, QObject *context, Callback done)
{
    CredentialResult result;
    if (m_failure != CredentialError::None)
        result.error = m_failure;
    else if (!m_tokens.contains(accountId))
        result.error = CredentialError::NotFound;
    else
        result.token = m_tokens.value(accountId);
    answer(context, std::move(done), result);
}

void MemoryCredentialStore::writeToken(const QString &accountId, const QString &token,
                                       QObject *context, Callback done)
{
    CredentialResult result;
    if (m_failure != CredentialError::None)
        result.error = m_failure;
    else
        m_tokens.insert(accountId, token);
    answer(context, std::move(done), result);
}

void MemoryCredentialStore::deleteToken(const QString &accountId, QObject *context, Callback done)
{
    CredentialResult result;
    if (m_failure != CredentialError::None)
        result.error = m_failure;
    else if (m_tokens.remove(accountId) == 0)
        result.error = CredentialError::NotFound;
    answer(context, std::move(done), result);
}

KeychainCredentialStore::KeychainCredentialStore(QObject *parent, QString service)
    : CredentialStore(parent)
    , m_service(service.isEmpty() ? QString::fromLatin1(Service) : std::move(service))
{}

CredentialError KeychainCredentialStore::mapError(int keychainError, const QString &message)
{
    switch (keychainError) {
    case QKeychain::NoError:
        return CredentialError::None;
    case QKeychain::EntryNotFound:
        return CredentialError::NotFound;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return CredentialError::AccessDenied;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return CredentialError::NoBackend;
    default:
        break;
    }
    // Linux reports an unreachable Secret Service as a generic D-Bus failure (OtherError).
    static const QStringList noServiceHints{u"autolaunch"_s,
                                            u"D-Bus"_s,
                                            u"DBus"_s,
                                            u"org.freedesktop.secrets"_s,
                                            u"org.freedesktop.DBus.Error.ServiceUnknown"_s,
                                            u"No such interface"_s,
                                            u"secret service"_s,
                                            u"kwallet"_s};
    for (const QString &hint : noServiceHints) {
        if (message.contains(hint, Qt::CaseInsensitive))
            return CredentialError::NoBackend;
    }
    return CredentialError::Other;
}

namespace {

// Runs one QtKeychain job and turns its outcome into a CredentialResult.
void runJob(QKeychain::Job *job, QObject *owner, QObject *context, CredentialStore::Callback done)
{
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    QObject::connect(job, &QKeychain::Job::finished, owner,
                     [guard, hasContext, done = std::move(done)](QKeychain::Job *finished) {
                         CredentialResult result;
                         result.error = KeychainCredentialStore::mapError(int(finished->error()),
                                                                          finished->errorString());
                         if (result.error != CredentialError::None)
                             result.detail = finished->errorString();
                         if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(finished);
                             read && result.ok())
                             result.token = read->textData();
                         if (!hasContext || guard)
                             done(result);
                     });
    job->start();
}

} // namespace

void KeychainCredentialStore::readToken(const QString &accountId, QObject *context, Callback done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(accountId);
    runJob(job, this, context, std::move(done));
}

void KeychainCredentialStore::writeToken(const QString &accountId, const QString &token,
                                         QObject *context, Callback done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(accountId);
    job->setTextData(token);
    runJob(job, this, context, std::move(done));
}

void KeychainCredentialStore::deleteToken(const QString &accountId, QObject *context, Callback done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(accountId);
    runJob(job, this, context, std::move(done));
}

} // namespace td
