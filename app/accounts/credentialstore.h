#pragma once

#include "core/result.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>

namespace td {

struct CredentialResult
{
    CredentialError error = CredentialError::None;
    QString token;  // read: the token
    QString detail; // the backend's own message, for logs (never contains the token)
    bool ok() const { return error == CredentialError::None; }
};

// Where account tokens live, keyed by the local account id. Asynchronous because keychains
// may prompt the user; every callback runs later on this thread, never inside the call, and
// not at all once `context` is destroyed.
class CredentialStore : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const CredentialResult &)>;
    using QObject::QObject;

    virtual void readToken(const QString &accountId, QObject *context, Callback done) = 0;
    virtual void writeToken(const QString &accountId, const QString &token, QObject *context,
                            Callback done)
            = 0;
    virtual void deleteToken(const QString &accountId, QObject *context, Callback done) = 0;
};

// Tokens in this process's memory only: for tests, and the "keep for this session only"
// choice when no keychain is available. Forgotten when the app quits.
class MemoryCredentialStore : public CredentialStore
{
    Q_OBJECT
public:
    using CredentialStore::CredentialStore;

    void readToken(const QString &accountId, QObject *context, Callback done) override;
    void writeToken(const QString &accountId, const QString &token, QObject *context,
                    Callback done) override;
    void deleteToken(const QString &accountId, QObject *context, Callback done) override;

    // Makes every later call fail with `error` (tests simulate a broken keychain with it).
    void setFailure(CredentialError error) { m_failure = error; }

private:
    void answer(QObject *context, Callback done, CredentialResult result);

    QHash<QString, QString> m_tokens;
    CredentialError m_failure = CredentialError::None;
};

// The system keychain (Secret Service on Linux, Keychain on macOS, Credential Manager on
// Windows) through QtKeychain: service "TriageDesk", key = account id. Never falls back to
// writing the token in plain text (QtKeychain's insecure fallback stays off).
class KeychainCredentialStore : public CredentialStore
{
    Q_OBJECT
public:
    static constexpr auto Service = "TriageDesk";

    explicit KeychainCredentialStore(QObject *parent = nullptr, QString service = {});

    void readToken(const QString &accountId, QObject *context, Callback done) override;
    void writeToken(const QString &accountId, const QString &token, QObject *context,
                    Callback done) override;
    void deleteToken(const QString &accountId, QObject *context, Callback done) override;

    // QtKeychain's error code and message -> ours. Pure, for tests: a missing Secret Service
    // shows up as NoBackendAvailable or as OtherError "Cannot autolaunch D-Bus without X11
    // $DISPLAY" / "org.freedesktop.secrets was not provided", depending on the platform.
    static CredentialError mapError(int keychainError, const QString &message);

private:
    QString m_service;
};

} // namespace td
