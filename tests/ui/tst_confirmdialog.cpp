// The way a ticket is created from the desktop: form -> confirmation -> outbox -> server.
// Runs against the real triagedesk-server on 127.0.0.1.
#include "ui/confirmdialog.h"
#include "ui/detailpane.h"
#include "ui/submissiondialog.h"

#include "core/json.h"
#include "store/outbox.h"
#include "store/ticketcache.h"
#include "support/serverprocess.h"
#include "support/testdata.h"
#include "support/testhttpclient.h"
#include "support/testsession.h"

#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>
#include <QTreeWidget>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using namespace td;

class TestConfirmDialog : public QObject
{
    Q_OBJECT

private:
    // Tickets Carl can see on the server right now.
    int serverTicketCount()
    {
        test::TestHttpClient http(m_server->baseUrl());
        const test::HttpResult result
                = http.get(u"/api/tickets?limit=500"_s, testdata::ClientToken);
        if (result.status != 200)
            return -1;
        return int(result.json().value(u"tickets"_s).toArray().size());
    }

    void fill(SubmissionForm *form, const QString &title)
    {
        form->findChild<QLineEdit *>(u"title"_s)->setText(title);
        form->findChild<QPlainTextEdit *>(u"description"_s)->setPlainText(u"Steps: open, click."_s);
        auto *type = form->findChild<QComboBox *>(u"request_type"_s);
        type->setCurrentIndex(type->findData(u"bug"_s));
    }

    // Every outbox item of the session (tests only: the app reads the outbox by index).
    QList<OutboxItem> items() { return test::allOutboxItems(m_session->outbox()); }

    // Answers the confirmation dialog as soon as it is shown.
    void answerConfirmation(SubmissionDialog &dialog, std::function<void(ConfirmDialog *)> act)
    {
        QTimer::singleShot(0, this, [&dialog, act] {
            ConfirmDialog *confirm = dialog.confirmDialog();
            QVERIFY(confirm);
            QTRY_VERIFY(confirm->isVisible());
            act(confirm);
        });
    }

    // Tickets already in the local cache, as sync would have stored them.
    void cacheLoginTickets()
    {
        QList<Ticket> cached;
        const QStringList titles{u"Login button does nothing on Safari"_s, u"Login page slow"_s,
                                 u"Billing address typo"_s};
        for (int i = 0; i < titles.size(); ++i) {
            Ticket t;
            t.id = u"00000000-0000-4000-8000-00000000000%1"_s.arg(i + 1);
            t.number = 40 + i;
            t.tenant = testdata::TenantSlug;
            t.projectId = testdata::WebProjectId;
            t.title = titles.at(i);
            t.description = u"Seen on the sign-in page %1"_s.arg(i);
            t.requestType = RequestType::Bug;
            t.requester = {testdata::ClientName, testdata::ClientEmail};
            t.actorRole = u"user"_s;
            t.source = u"portal"_s;
            t.status = i == 0 ? TicketStatus::Triaged : TicketStatus::New;
            t.seq = 100 + i;
            t.createdAt = t.updatedAt = QDateTime::currentDateTimeUtc();
            cached << t;
        }
        QVERIFY(m_session->cache()->applyTickets(cached).ok());
    }

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<test::ServerProcess>();
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
    }

    // Carl, a client, signed in as the app does it, his session started: the dialog queues
    // through it and the session's own sync engine sends.
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_accounts = std::make_unique<test::TestAccounts>(&m_network, m_dir->path());
        QString error;
        m_session = m_accounts->signInAndOpen(m_server->baseUrl(), testdata::ClientToken, &error);
        QVERIFY2(m_session, qPrintable(error));
        m_session->start();
        QTRY_COMPARE(m_session->signInState(), SignInState::SignedIn);
        QTRY_VERIFY_WITH_TIMEOUT(!m_session->projects().isEmpty(), 10'000);
    }

    void cleanup()
    {
        m_session.reset();
        m_accounts.reset();
        m_dir.reset();
    }

    void submitCreatesExactlyOneTicket()
    {
        const int before = serverTicketCount();
        QVERIFY(before >= 0);
        SubmissionDialog dialog(m_session.get());
        QVERIFY(dialog.form()->setProjectId(testdata::WebProjectId));
        dialog.show();
        fill(dialog.form(), u"  Submit button greyed out on Firefox  "_s);
        QVERIFY(dialog.form()->submitButton()->isEnabled());

        QJsonObject previewed;
        answerConfirmation(dialog, [&](ConfirmDialog *confirm) {
            // The preview is the exact body: pretty JSON of what the bytes say, trimmed title.
            const auto json = confirm->findChild<QPlainTextEdit *>(u"json"_s)->toPlainText();
            previewed = QJsonDocument::fromJson(json.toUtf8()).object();
            QCOMPARE(previewed.value(u"title"_s).toString(),
                     u"Submit button greyed out on Firefox"_s);
            QCOMPARE(toCompactJson(previewed), confirm->bodyBytes());
            QVERIFY(confirm->findChild<QLabel *>(u"size"_s)->text().contains(
                    QString::number(confirm->bodyBytes().size())));
            confirm->submitButton()->click();
        });
        QTest::mouseClick(dialog.form()->submitButton(), Qt::LeftButton);

        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        // The session's engine sends it at once, exactly once.
        QTRY_COMPARE_WITH_TIMEOUT(serverTicketCount(), before + 1, 15'000);
        QTRY_COMPARE_WITH_TIMEOUT(items().first().state, OutboxState::Sent, 15'000);
        QTest::qWait(300);
        QCOMPARE(serverTicketCount(), before + 1);
        QCOMPARE(items().size(), 1);
        QCOMPARE(items().first().payload, previewed); // what was shown is what was sent
        QVERIFY(items().first().serverTicket);
        QCOMPARE(items().first().serverTicket->title, u"Submit button greyed out on Firefox"_s);
        // Made on the desktop, and it says so.
        QCOMPARE(previewed.value(u"source"_s).toString(), u"desktop"_s);
        QCOMPARE(items().first().serverTicket->source, u"desktop"_s);
    }

    void backCreatesNothing_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("back button") << u"back"_s;
        QTest::newRow("escape key") << u"escape"_s;
        QTest::newRow("window closed") << u"close"_s;
    }
    void backCreatesNothing()
    {
        QFETCH(QString, how);
        const int before = serverTicketCount();
        SubmissionDialog dialog(m_session.get());
        QVERIFY(dialog.form()->setProjectId(testdata::WebProjectId));
        dialog.show();
        fill(dialog.form(), u"Cancelled before it was created"_s);
        answerConfirmation(dialog, [&](ConfirmDialog *confirm) {
            if (how == u"back")
                confirm->backButton()->click();
            else if (how == u"escape")
                QTest::keyClick(confirm, Qt::Key_Escape);
            else
                confirm->close();
        });
        dialog.review();
        QVERIFY(items().isEmpty());
        QTest::qWait(300);
        QCOMPARE(serverTicketCount(), before);
        // Back to editing: the form still holds everything typed.
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.form()->findChild<QLineEdit *>(u"title"_s)->text(),
                 u"Cancelled before it was created"_s);
    }

    void keepInOutboxHoldsUntilTheUserSends()
    {
        const int before = serverTicketCount();
        SubmissionDialog dialog(m_session.get());
        QVERIFY(dialog.form()->setProjectId(testdata::WebProjectId));
        QSignalSpy queued(&dialog, &SubmissionDialog::queued);
        fill(dialog.form(), u"Held for later"_s);
        answerConfirmation(dialog, [](ConfirmDialog *confirm) { confirm->keepButton()->click(); });
        dialog.review();
        QCOMPARE(queued.size(), 1);
        QCOMPARE(queued.first().at(1).value<SubmitMode>(), SubmitMode::Hold);
        QCOMPARE(items().size(), 1);
        QCOMPARE(items().first().state, OutboxState::Held);
        QCOMPARE(items().first().projectId, testdata::WebProjectId);
        // Online, syncing, and still it waits: held means held.
        m_session->syncNow();
        QTest::qWait(1000);
        QCOMPARE(items().first().state, OutboxState::Held);
        QCOMPARE(serverTicketCount(), before);
        // Send now: out it goes, once.
        QVERIFY(m_session->sendHeld(items().first().id).ok());
        QTRY_COMPARE_WITH_TIMEOUT(items().first().state, OutboxState::Sent, 15'000);
        QCOMPARE(serverTicketCount(), before + 1);
    }

    void possibleDuplicatesFromTheCache()
    {
        cacheLoginTickets();

        const QJsonObject body{{u"title"_s, u"Login button broken on Safari"_s}};
        ConfirmDialog confirm(testdata::WebProjectName, body);
        confirm.findDuplicates(m_session->cache(), testdata::WebProjectId);
        QTreeWidget *view = confirm.duplicatesView();
        QVERIFY(view->topLevelItemCount() >= 1);
        QVERIFY(view->topLevelItemCount() <= ConfirmDialog::MaxDuplicates);
        // The closest title first, with its number and status.
        QCOMPARE(view->topLevelItem(0)->text(0), u"#40"_s);
        QCOMPARE(view->topLevelItem(0)->text(2), u"Login button does nothing on Safari"_s);
        for (int i = 0; i < view->topLevelItemCount(); ++i)
            QVERIFY(view->topLevelItem(i)->text(2) != u"Billing address typo"_s);
    }

    // Working offline, the confirmation says the ticket waits in the outbox; online it says
    // nothing of the kind.
    void offlineNoteSaysTheTicketWaits()
    {
        for (const bool offline : {true, false}) {
            m_session->setWorkOffline(offline);
            SubmissionDialog dialog(m_session.get());
            QVERIFY(dialog.form()->setProjectId(testdata::WebProjectId));
            dialog.show();
            fill(dialog.form(), u"Printer queue stuck"_s);
            bool shown = false;
            QString note;
            answerConfirmation(dialog, [&](ConfirmDialog *confirm) {
                shown = confirm->sendingNote()->isVisible();
                note = confirm->sendingNote()->text();
                confirm->backButton()->click();
            });
            dialog.review();
            QCOMPARE(shown, offline);
            if (offline) {
                QVERIFY2(note.contains(u"outbox"_s), qPrintable(note));
                QVERIFY2(note.contains(u"Ctrl+Shift+W"_s), qPrintable(note));
            }
        }
    }

    // Enter or a double-click on a listed duplicate opens it read-only over the confirmation,
    // which stays open, and tells the host which ticket it is; Enter does not submit.
    void duplicateOpensOnEnterAndDoubleClick()
    {
        cacheLoginTickets();
        SubmissionDialog dialog(m_session.get());
        QVERIFY(dialog.form()->setProjectId(testdata::WebProjectId));
        QSignalSpy opened(&dialog, &SubmissionDialog::duplicateOpened);
        dialog.show();
        fill(dialog.form(), u"Login button broken on Safari"_s);
        QString previewTitle, previewText;
        bool confirmStayed = false;
        int viaDoubleClick = 0;
        answerConfirmation(dialog, [&](ConfirmDialog *confirm) {
            // Whatever happens below, the confirmation is left (a failure must not hang).
            const auto leave = qScopeGuard([confirm] {
                if (confirm->duplicatePreview())
                    confirm->duplicatePreview()->reject();
                confirm->backButton()->click();
            });
            QTreeWidget *view = confirm->duplicatesView();
            QTRY_VERIFY(view->isVisible());
            view->setFocus();
            view->setCurrentItem(view->topLevelItem(0));
            QTest::keyClick(view, Qt::Key_Return);
            QTRY_VERIFY(confirm->duplicatePreview() && confirm->duplicatePreview()->isVisible());
            previewTitle = confirm->duplicatePreview()->windowTitle();
            previewText = confirm->duplicatePreview()
                                  ->findChild<DetailPane *>(u"duplicateText"_s)
                                  ->plainText();
            confirmStayed = confirm->isVisible();
            QTest::keyClick(confirm->duplicatePreview(), Qt::Key_Escape);
            QTRY_VERIFY(!confirm->duplicatePreview()->isVisible());
            QVERIFY(confirm->isVisible());
            const QRect rect = view->visualItemRect(view->topLevelItem(0));
            // A double-click, as the mouse sends it: a click, then the second press.
            QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
            QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, rect.center());
            QTRY_VERIFY(confirm->duplicatePreview()->isVisible());
            viaDoubleClick = int(opened.size());
        });
        dialog.review();
        QVERIFY(items().isEmpty()); // Enter on the list did not submit
        QVERIFY(confirmStayed);
        QCOMPARE(previewTitle, u"Ticket #40 (read-only)"_s);
        QVERIFY2(previewText.contains(u"Login button does nothing on Safari"_s),
                 qPrintable(previewText));
        QVERIFY2(previewText.contains(u"Seen on the sign-in page 0"_s), qPrintable(previewText));
        // Shown as the main window's detail pane shows it, the project by its name.
        QVERIFY2(previewText.contains(u"Web app"_s), qPrintable(previewText));
        QVERIFY(!previewText.contains(testdata::WebProjectId));
        QCOMPARE(viaDoubleClick, 2);
        QCOMPARE(opened.first().first().toString(), u"00000000-0000-4000-8000-000000000001"_s);
    }

private:
    std::unique_ptr<test::ServerProcess> m_server;
    QNetworkAccessManager m_network;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<test::TestAccounts> m_accounts;
    std::unique_ptr<AccountSession> m_session;
};

QTEST_MAIN(TestConfirmDialog)
#include "tst_confirmdialog.moc"
