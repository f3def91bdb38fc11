// The first-start connect dialog against the real server: what a user sees for each way a
// sign-in can fail, and the session-only way out when there is no keychain.
#include "ui/accountsdialog.h"
#include "ui/connectdialog.h"

#include "support/serverprocess.h"
#include "support/testdata.h"

#include <QApplication>
#include <QCheckBox>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;
using namespace td;

class TestConnectDialog : public QObject
{
    Q_OBJECT

private:
    // Fills in and clicks Connect; waits until the answer is shown (or the dialog accepted).
    void connectWith(ConnectDialog &dialog, const QString &url, const QString &token)
    {
        dialog.findChild<QLineEdit *>(u"serverUrl"_s)->setText(url);
        dialog.findChild<QLineEdit *>(u"token"_s)->setText(token);
        QTest::mouseClick(dialog.connectButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy(), 20000);
    }

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<test::ServerProcess>();
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        m_revoked = m_server->issueToken(testdata::ClientId);
        m_github = m_server->issueToken(testdata::ClientId);
        QVERIFY(!m_revoked.isEmpty() && !m_github.isEmpty());
        QVERIFY(m_server->revokeToken(m_revoked));
        QVERIFY(m_server->revokeToken(m_github, true));
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_settings = std::make_unique<QSettings>(m_dir->filePath(u"accounts.ini"_s),
                                                 QSettings::IniFormat);
        m_store = std::make_unique<AccountStore>(m_settings.get());
        m_keychain = std::make_unique<MemoryCredentialStore>();
        m_session = std::make_unique<MemoryCredentialStore>();
        m_manager = std::make_unique<AccountManager>(m_store.get(), m_keychain.get(),
                                                     m_session.get(), &m_network);
    }

    void cleanup()
    {
        m_manager.reset();
        m_session.reset();
        m_keychain.reset();
        m_store.reset();
        m_settings.reset();
        m_dir.reset();
    }

    void refusedSignInSaysWhy_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("expected"); // a phrase the error must contain
        QTest::newRow("unknown token")
                << QString() << u"tok-nobody-000000"_s << u"does not know this token"_s;
        QTest::newRow("revoked token") << QString() << u"@revoked"_s << u"revoked"_s;
        QTest::newRow("GitHub link expired") << QString() << u"@github"_s << u"re-link GitHub"_s;
        QTest::newRow("nothing listening")
                << u"http://127.0.0.1:@closed"_s << testdata::ClientToken << u"cannot be reached"_s;
        QTest::newRow("plain http to another host")
                << u"http://tickets.example.org"_s << testdata::ClientToken
                << u"secure connection"_s;
        QTest::newRow("no token") << QString() << QString() << u"access token"_s;
    }
    void refusedSignInSaysWhy()
    {
        QFETCH(QString, url);
        QFETCH(QString, token);
        QFETCH(QString, expected);
        if (url.isEmpty())
            url = m_server->baseUrl().toString();
        if (url.contains(u"@closed"_s)) {
            QTcpServer probe; // a port that was free a moment ago: nothing listens there now
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            const quint16 port = probe.serverPort();
            probe.close();
            url.replace(u"@closed"_s, QString::number(port));
        }
        if (token == u"@revoked")
            token = m_revoked;
        if (token == u"@github")
            token = m_github;

        ConnectDialog dialog(m_manager.get());
        dialog.show();
        connectWith(dialog, url, token);
        QVERIFY2(dialog.errorText().contains(expected, Qt::CaseInsensitive),
                 qPrintable(dialog.errorText()));
        QVERIFY(dialog.isVisible());
        QVERIFY(!dialog.account());
        QVERIFY(m_store->accounts().isEmpty()); // nothing saved for a refused sign-in
        QVERIFY(!dialog.sessionOnlyButton()->isVisible());
    }

    void goodTokenSignsIn()
    {
        ConnectDialog dialog(m_manager.get());
        dialog.show();
        connectWith(dialog, m_server->baseUrl().toString(), testdata::ClientToken);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(dialog.account());
        QCOMPARE(dialog.account()->user.id, testdata::ClientId);
        QCOMPARE(m_store->accounts().size(), 1);
        QVERIFY(!dialog.account()->sessionOnlyToken);
    }

    // An address typed without a scheme: on this computer it is tried with http://, and
    // signs in; elsewhere https:// is tried, and when that fails the error asks whether
    // http:// was meant.
    void addressWithoutSchemeOnThisComputerUsesHttp()
    {
        const QUrl base = m_server->baseUrl();
        QCOMPARE(base.host(), u"127.0.0.1"_s);
        ConnectDialog dialog(m_manager.get());
        dialog.show();
        connectWith(dialog, u"127.0.0.1:%1"_s.arg(base.port()), testdata::ClientToken);
        QVERIFY2(dialog.result() == QDialog::Accepted, qPrintable(dialog.errorText()));
        QVERIFY(dialog.account());
        QCOMPARE(dialog.account()->serverUrl.scheme(), u"http"_s);
        QCOMPARE(dialog.account()->user.id, testdata::ClientId);
    }
    void addressWithoutSchemeElsewhereAsksForHttp()
    {
        // The same plain-http server under an address that is not loopback by its spelling
        // (IPv4-mapped IPv6): https:// is tried, and its handshake fails.
        const QString typed = u"[::ffff:127.0.0.1]:%1"_s.arg(m_server->baseUrl().port());
        ConnectDialog dialog(m_manager.get());
        dialog.show();
        connectWith(dialog, typed, testdata::ClientToken);
        QVERIFY(dialog.isVisible());
        QVERIFY(!dialog.account());
        QVERIFY2(dialog.errorText().contains(u"Did you mean http://"_s + typed + u"?"_s),
                 qPrintable(dialog.errorText()));
        // Typed with https:// on purpose, the same failure does not guess.
        connectWith(dialog, u"https://"_s + typed, testdata::ClientToken);
        QVERIFY(!dialog.errorText().isEmpty());
        QVERIFY2(!dialog.errorText().contains(u"Did you mean"_s), qPrintable(dialog.errorText()));
    }

    void noKeychainOffersSessionOnly()
    {
        m_keychain->setFailure(CredentialError::NoBackend);
        ConnectDialog dialog(m_manager.get());
        dialog.show();
        connectWith(dialog, m_server->baseUrl().toString(), testdata::OwnerToken);
        QVERIFY2(dialog.errorText().contains(u"no keychain"_s), qPrintable(dialog.errorText()));
        QVERIFY(dialog.sessionOnlyButton()->isVisible());
        QVERIFY(m_store->accounts().isEmpty());

        QTest::mouseClick(dialog.sessionOnlyButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy(), 20000);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(dialog.account());
        QVERIFY(dialog.account()->sessionOnlyToken);
        QCOMPARE(dialog.account()->user.id, testdata::OwnerId);
    }

    void demoSignsInAsOwnerOrClient_data()
    {
        QTest::addColumn<bool>("asClient");
        QTest::newRow("owner") << false;
        QTest::newRow("client") << true;
    }
    void demoSignsInAsOwnerOrClient()
    {
        QFETCH(bool, asClient);
        // The embedded server is the same code as this real one; the dialog only needs its
        // address and tokens.
        ConnectDialog dialog(m_manager.get());
        int starts = 0;
        dialog.setDemoStarter([&]() -> Result<DemoLogin> {
            ++starts;
            DemoLogin demo;
            demo.baseUrl = m_server->baseUrl();
            demo.ownerToken = testdata::OwnerToken;
            demo.clientToken = testdata::ClientToken;
            return demo;
        });
        dialog.show();
        QVERIFY(dialog.demoButton()->isVisible());
        dialog.demoAsClient()->setChecked(asClient);
        QTest::mouseClick(dialog.demoButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy(), 20000);
        QCOMPARE(starts, 1);
        QVERIFY(dialog.account());
        QVERIFY(dialog.isDemo());
        QCOMPARE(dialog.account()->user.id, asClient ? testdata::ClientId : testdata::OwnerId);
    }

    void accountsCanBeSwitchedAndRemoved()
    {
        // Two real sign-ins: the client and the owner.
        for (const QString &token : {testdata::ClientToken, testdata::OwnerToken}) {
            ConnectDialog dialog(m_manager.get());
            connectWith(dialog, m_server->baseUrl().toString(), token);
            QVERIFY(dialog.account());
        }
        const QList<Account> accounts = m_store->accounts();
        QCOMPARE(accounts.size(), 2);
        AccountsDialog dialog(m_manager.get(), accounts.at(0).id);
        dialog.show();
        QListWidget *list = dialog.list();
        QCOMPARE(list->count(), 2);
        QVERIFY(list->item(0)->text().contains(testdata::ClientName));
        QVERIFY(list->item(0)->text().contains(u"[current]"_s));
        QVERIFY(list->item(1)->text().contains(testdata::OwnerName));

        QSignalSpy switched(&dialog, &AccountsDialog::switchRequested);
        list->setCurrentRow(1);
        dialog.switchToSelected();
        QCOMPARE(switched.size(), 1);
        QCOMPARE(switched.first().first().toString(), accounts.at(1).id);

        // Remove asks first; "No" keeps the account, "Yes" forgets it and its token.
        QSignalSpy removed(&dialog, &AccountsDialog::accountRemoved);
        for (const auto answer : {QMessageBox::No, QMessageBox::Yes}) {
            QTimer::singleShot(0, this, [answer] {
                auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                QVERIFY(box);
                box->button(answer)->click();
            });
            list->setCurrentRow(0);
            dialog.removeSelected();
        }
        QTRY_COMPARE(removed.size(), 1);
        QCOMPARE(m_store->accounts().size(), 1);
        QCOMPARE(list->count(), 1);
        bool read = false;
        m_keychain->readToken(accounts.at(0).id, this, [&](const CredentialResult &result) {
            read = true;
            QCOMPARE(result.error, CredentialError::NotFound);
        });
        QTRY_VERIFY(read);
    }

private:
    std::unique_ptr<test::ServerProcess> m_server;
    QString m_revoked;
    QString m_github;
    QNetworkAccessManager m_network;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<AccountStore> m_store;
    std::unique_ptr<MemoryCredentialStore> m_keychain;
    std::unique_ptr<MemoryCredentialStore> m_session;
    std::unique_ptr<AccountManager> m_manager;
};

QTEST_MAIN(TestConnectDialog)
#include "tst_connectdialog.moc"
