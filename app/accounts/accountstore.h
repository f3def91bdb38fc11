#pragma once

#include "api/apitypes.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <optional>

class QSettings;

namespace td {

// One signed-in identity on one server. Who it is comes from GET /api/me at sign-in; the
// token is NOT part of it (it lives in a CredentialStore under `id`).
struct Account
{
    QString id; // local, stable: names the keychain entry and the cache file
    QUrl serverUrl;
    ApiUser user;
    ApiTenant tenant;
    bool sessionOnlyToken = false; // the token was kept in memory: ask again after a restart
    bool paused = false;           // a 401 stopped syncing until the user signs in again
    QDateTime addedAt;             // UTC

    friend bool operator==(const Account &, const Account &) = default;
};

// The list of accounts, persisted in an injected QSettings (never a token in there).
class AccountStore : public QObject
{
    Q_OBJECT
public:
    explicit AccountStore(QSettings *settings, QObject *parent = nullptr);

    QList<Account> accounts() const; // in the order they were added
    std::optional<Account> account(const QString &id) const;
    // The account of this user on this server, if already added (signing in twice updates it).
    std::optional<Account> find(const QUrl &serverUrl, const QString &userId) const;

    // Adds (new id) or replaces (same id) an account and writes it through.
    void save(const Account &account);
    bool remove(const QString &id);

    static QString newAccountId();
    // "https://Host/" and "https://host" are one server.
    static QUrl normalizedServerUrl(const QUrl &url);

Q_SIGNALS:
    void accountsChanged();

private:
    QSettings *m_settings;
};

} // namespace td
