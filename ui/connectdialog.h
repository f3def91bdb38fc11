#pragma once

#include "accounts/accountmanager.h"
#include "session/sessionfactory.h"

#include <QDialog>

#include <functional>
#include <optional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace td {

// First start (and "Add account"): a server URL and a token, checked with GET /api/me before
// anything is saved, or "Try the demo" on the in-process demo server. Every failure is said
// in plain words: unreachable, not TLS, unknown/revoked token, GitHub link to renew, and no
// keychain (then the token can be kept for this session only).
class ConnectDialog : public QDialog
{
    Q_OBJECT

public:
    // Starts the embedded demo server (once) and returns its sign-in data. Injected by the
    // composition root, which owns the server.
    using DemoStarter = td::DemoStarter;

    explicit ConnectDialog(AccountManager *manager, QWidget *parent = nullptr);

    void setDemoStarter(DemoStarter starter);
    void setServerUrl(const QString &url);
    void setToken(const QString &token);

    // After accept(): the account signed in, and whether it is the demo.
    std::optional<Account> account() const { return m_account; }
    bool isDemo() const { return m_demo; }

    // What the user sees below the fields (tests read it).
    QString errorText() const;
    bool isBusy() const { return m_busy; }
    QPushButton *connectButton() const { return m_connect; }
    QPushButton *sessionOnlyButton() const { return m_sessionOnly; }
    QPushButton *demoButton() const { return m_demoButton; }
    QCheckBox *demoAsClient() const { return m_demoAsClient; }

    // Words for an API failure at sign-in (also used by the accounts view for paused accounts).
    static QString describe(const Error &error);
    static QString describe(CredentialError error);

public slots:
    void connectToServer();
    void keepForSessionOnly();
    void tryDemo();

private:
    // The typed address as a URL. Without a scheme, a loopback address (127.0.0.1:8080,
    // localhost) gets http:// (servers on this computer rarely have a certificate) and any
    // other https://; `guessed` is then set.
    static QUrl serverUrlFromText(const QString &typed, bool *guessed);
    void signIn(const QUrl &url, const QString &token, TokenStorage storage, bool demo);
    void showError(const QString &text);
    void fitContents();
    void setBusy(bool busy);

    AccountManager *m_manager;
    DemoStarter m_demoStarter;
    std::optional<Account> m_account;
    bool m_demo = false;
    bool m_busy = false;
    QString m_guessedHttps; // what was typed, when https:// was put in front of it

    QLineEdit *m_url = nullptr;
    QLineEdit *m_token = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_progress = nullptr;
    QPushButton *m_connect = nullptr;
    QPushButton *m_sessionOnly = nullptr;
    QPushButton *m_demoButton = nullptr;
    QCheckBox *m_demoAsClient = nullptr;
};

} // namespace td
