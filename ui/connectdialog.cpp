#include "connectdialog.h"

#include "api/apiclient.h"
#include "theme.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QFrame>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

ConnectDialog::ConnectDialog(AccountManager *manager, QWidget *parent)
    : QDialog(parent)
    , m_manager(manager)
{
    setWindowTitle(tr("Connect to a ticket server"));
    setObjectName(u"connectDialog"_s);
    auto *layout = new QVBoxLayout(this);

    auto *serverBox = new QGroupBox(tr("Your server"));
    auto *form = new QFormLayout(serverBox);
    m_url = new QLineEdit;
    m_url->setObjectName(u"serverUrl"_s);
    m_url->setPlaceholderText(u"https://tickets.example.org"_s);
    m_url->setToolTip(tr("https:// address of the ticket service (http:// only on this computer)"));
    form->addRow(tr("Server &address:"), m_url);
    m_token = new QLineEdit;
    m_token->setObjectName(u"token"_s);
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("The access token you were given"));
    form->addRow(tr("Access &token:"), m_token);
    // Labels made by addRow get their buddy so the mnemonics work.
    for (QLineEdit *edit : {m_url, m_token}) {
        if (auto *label = qobject_cast<QLabel *>(form->labelForField(edit)))
            label->setBuddy(edit);
    }
    m_connect = new QPushButton(tr("&Connect"));
    m_connect->setObjectName(u"connect"_s);
    m_connect->setDefault(true);
    form->addRow(QString(), m_connect);
    layout->addWidget(serverBox);

    m_error = new QLabel;
    m_error->setObjectName(u"error"_s);
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText); // may quote the server's answer
    setTextTone(m_error, Tone::ErrorText);
    m_error->setVisible(false);
    layout->addWidget(m_error);
    m_sessionOnly = new QPushButton(tr("Keep the token for this &session only"));
    m_sessionOnly->setObjectName(u"sessionOnly"_s);
    m_sessionOnly->setToolTip(
            tr("The token stays in memory until TriageDesk quits; you will be asked again "
               "next time"));
    m_sessionOnly->setVisible(false);
    layout->addWidget(m_sessionOnly);
    m_progress = new QLabel;
    m_progress->setObjectName(u"progress"_s);
    layout->addWidget(m_progress);

    auto *demoBox = new QGroupBox(tr("No server yet?"));
    auto *demo = new QVBoxLayout(demoBox);
    auto *demoText = new QLabel(tr("Try TriageDesk on a demo server that runs inside the app, "
                                   "with sample projects and tickets."));
    demoText->setWordWrap(true);
    demo->addWidget(demoText);
    auto *demoRow = new QHBoxLayout;
    m_demoButton = new QPushButton(tr("Try the &demo"));
    m_demoButton->setObjectName(u"demo"_s);
    m_demoAsClient = new QCheckBox(tr("as a client (submit tickets) instead of the owner"));
    m_demoAsClient->setObjectName(u"demoAsClient"_s);
    demoRow->addWidget(m_demoButton);
    demoRow->addWidget(m_demoAsClient, 1);
    demo->addLayout(demoRow);
    demoBox->setVisible(false);
    layout->addWidget(demoBox);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_connect, &QPushButton::clicked, this, &ConnectDialog::connectToServer);
    connect(m_sessionOnly, &QPushButton::clicked, this, &ConnectDialog::keepForSessionOnly);
    connect(m_demoButton, &QPushButton::clicked, this, &ConnectDialog::tryDemo);
    connect(m_url, &QLineEdit::returnPressed, this, &ConnectDialog::connectToServer);
    connect(m_token, &QLineEdit::returnPressed, this, &ConnectDialog::connectToServer);
    setMinimumWidth(480);
}

void ConnectDialog::setDemoStarter(DemoStarter starter)
{
    m_demoStarter = std::move(starter);
    m_demoButton->parentWidget()->setVisible(bool(m_demoStarter));
}

void ConnectDialog::setServerUrl(const QString &url)
{
    m_url->setText(url);
}

void ConnectDialog::setToken(const QString &token)
{
    m_token->setText(token);
}

QString ConnectDialog::errorText() const
{
    return m_error->isVisibleTo(this) ? m_error->text() : QString();
}

void ConnectDialog::showError(const QString &text)
{
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
    fitContents();
}

// A wrapped error text may squeeze the fields instead of growing the window: grow it.
void ConnectDialog::fitContents()
{
    layout()->activate();
    const int wanted = layout()->hasHeightForWidth() ? layout()->heightForWidth(width())
                                                     : sizeHint().height();
    if (wanted > height())
        resize(width(), wanted);
}

void ConnectDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_connect->setEnabled(!busy);
    m_demoButton->setEnabled(!busy);
    m_sessionOnly->setEnabled(!busy);
    m_progress->setText(busy ? tr("Checking the token with the server…") : QString());
}

void ConnectDialog::connectToServer()
{
    if (m_busy)
        return;
    m_sessionOnly->setVisible(false);
    const QString typed = m_url->text().trimmed();
    bool guessed = false;
    const QUrl url = serverUrlFromText(typed, &guessed);
    m_guessedHttps = guessed && url.scheme() == u"https"_s ? typed : QString();
    switch (ApiClient::checkServerUrl(url)) {
    case ApiClient::UrlCheck::Ok:
        break;
    case ApiClient::UrlCheck::Invalid:
        showError(tr("Enter the server's address, e.g. https://tickets.example.org"));
        return;
    case ApiClient::UrlCheck::UnsupportedScheme:
        showError(tr("The address must start with https://"));
        return;
    case ApiClient::UrlCheck::InsecureNotLoopback:
        showError(tr("This server needs a secure connection: use https:// (plain http:// is "
                     "only allowed to this computer, so your token never crosses a network "
                     "unencrypted)."));
        return;
    }
    if (m_token->text().trimmed().isEmpty()) {
        showError(tr("Enter your access token."));
        return;
    }
    signIn(url, m_token->text().trimmed(), TokenStorage::Keychain, false);
}

void ConnectDialog::keepForSessionOnly()
{
    signIn(serverUrlFromText(m_url->text().trimmed(), nullptr), m_token->text().trimmed(),
           TokenStorage::SessionOnly, false);
}

QUrl ConnectDialog::serverUrlFromText(const QString &typed, bool *guessed)
{
    if (guessed)
        *guessed = false;
    if (typed.isEmpty() || typed.contains(u"://"_s))
        return QUrl(typed);
    if (guessed)
        *guessed = true;
    // checkServerUrl() accepts plain http only to a loopback host.
    const QUrl plain(u"http://"_s + typed);
    if (ApiClient::checkServerUrl(plain) == ApiClient::UrlCheck::Ok)
        return plain;
    return QUrl(u"https://"_s + typed);
}

void ConnectDialog::tryDemo()
{
    if (m_busy || !m_demoStarter)
        return;
    m_guessedHttps.clear();
    setBusy(true);
    m_progress->setText(tr("Starting the demo server…"));
    const Result<DemoLogin> demo = m_demoStarter();
    if (!demo) {
        setBusy(false);
        showError(tr("The demo server could not start: %1").arg(demo.error().message));
        return;
    }
    setBusy(false);
    // Demo tokens are re-created with the demo database, so they never go to the keychain.
    signIn(demo->baseUrl, m_demoAsClient->isChecked() ? demo->clientToken : demo->ownerToken,
           TokenStorage::SessionOnly, true);
}

void ConnectDialog::signIn(const QUrl &url, const QString &token, TokenStorage storage, bool demo)
{
    setBusy(true);
    showError({});
    m_manager->signIn(url, token, storage, this, [this, demo](const SignInResult &result) {
        setBusy(false);
        if (result.ok()) {
            m_account = result.account;
            m_demo = demo;
            accept();
            return;
        }
        if (result.apiError) {
            QString text = describe(*result.apiError);
            // https:// was only a guess: a server that speaks plain http fails the
            // handshake (or drops the connection) rather than saying so.
            const NetworkErrorKind kind = result.apiError->network;
            if (!m_guessedHttps.isEmpty()
                && (kind == NetworkErrorKind::Tls || kind == NetworkErrorKind::ConnectionReset
                    || kind == NetworkErrorKind::ConnectionRefused
                    || kind == NetworkErrorKind::Other))
                text += u' '
                        + tr("It was tried as https://%1. Did you mean http://%1? (Plain "
                             "http:// is allowed only to this computer.)")
                                  .arg(m_guessedHttps);
            showError(text);
            return;
        }
        showError(describe(result.credentialError));
        m_sessionOnly->setVisible(result.credentialError == CredentialError::NoBackend
                                  || result.credentialError == CredentialError::AccessDenied);
        fitContents();
    });
}

QString ConnectDialog::describe(const Error &error)
{
    switch (error.network) {
    case NetworkErrorKind::None:
        break;
    case NetworkErrorKind::ConnectionRefused:
    case NetworkErrorKind::ConnectionReset:
        return tr("The server cannot be reached: nothing answers at this address. Check the "
                  "address and that the server is running.");
    case NetworkErrorKind::HostNotFound:
        return tr("The server cannot be reached: this host name is unknown. Check the "
                  "address.");
    case NetworkErrorKind::Timeout:
        return tr("The server cannot be reached: it did not answer in time.");
    case NetworkErrorKind::Tls:
        return tr("The secure connection failed (the server's certificate was not accepted).");
    case NetworkErrorKind::InsecureUrl:
        return tr("This server needs a secure connection: use https://.");
    case NetworkErrorKind::MalformedBody:
        return tr("This address answers, but not like a TriageDesk ticket server.");
    case NetworkErrorKind::Cancelled:
        return tr("Cancelled.");
    case NetworkErrorKind::Other:
        return tr("The server cannot be reached.");
    }
    if (error.relinkGithub || error.code == ErrorCode::GithubLinkExpired)
        return tr("Your GitHub link has expired: sign in to the portal again to re-link GitHub, "
                  "then use the new token here.");
    switch (error.code) {
    case ErrorCode::Unauthenticated:
        return tr("The server does not know this token. Check that you copied all of it.");
    case ErrorCode::TokenRevoked:
        return tr("This token has been revoked. Ask for a new one.");
    case ErrorCode::Forbidden:
        return tr("This token may not use the app.");
    case ErrorCode::RateLimited:
        return tr("Too many attempts: wait %n second(s) and try again.", nullptr,
                  error.retryAfter.value_or(1));
    case ErrorCode::Overloaded:
    case ErrorCode::Internal:
        return tr("The server has a problem right now (HTTP %1). Try again later.")
                .arg(error.httpStatus);
    default:
        break;
    }
    return tr("The server refused the sign-in (HTTP %1).").arg(error.httpStatus);
}

QString ConnectDialog::describe(CredentialError error)
{
    switch (error) {
    case CredentialError::None:
        return {};
    case CredentialError::NoBackend:
        return tr("The token is valid, but there is no keychain on this computer to keep it "
                  "safe (no Secret Service is running). You can keep it for this session "
                  "only: you will be asked for it again after TriageDesk quits.");
    case CredentialError::AccessDenied:
        return tr("The token is valid, but the keychain stayed locked, so it could not be "
                  "saved. Unlock it and try again, or keep the token for this session only.");
    case CredentialError::NotFound:
    case CredentialError::Other:
        break;
    }
    return tr("The token is valid, but the keychain could not save it.");
}

} // namespace td
