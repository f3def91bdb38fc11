// The way a ticket is created from the desktop: form -> confirmation -> outbox -> server.
// Runs against the real triagedesk-server on 127.0.0.1.
#include "ui/confirmdialog.h"
#include "ui/submissiondialog.h"

#include "api/apiclient.h"
#include "core/json.h"
#include "store/cachedatabase.h"
#include "store/outbox.h"
#include "store/ticketcache.h"
#include "support/serverprocess.h"
#include "support/testdata.h"
#include "support/testhttpclient.h"

#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using namespace td;

namespace {

// The store error a call ended with (None on success), so a failing QCOMPARE names it.
StoreError storeError(const Status &status)
{
    return status.ok() ? StoreError::None : status.error().storage;
}

} // namespace

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

    // What the sync engine does with a due create, kept minimal here: one POST with the
    // item's idempotency key, then markSent.
    void sendDue()
    {
        ApiClient api(&m_network, m_server->baseUrl(), testdata::ClientToken);
        const QList<OutboxItem> due = m_outbox->sendable(50).value();
        for (const OutboxItem &item : due) {
            QCOMPARE(storeError(m_outbox->markSending(item.id)), StoreError::None);
            bool done = false;
            api.createTicket(
                    item.projectId, item.payload, item.idempotencyKey, this,
                    [&](const Result<CreatedTicket> &result) {
                        done = true;
                        QVERIFY2(result.ok(), qPrintable(result.error().message));
                        QCOMPARE(storeError(m_outbox->markSent(item.id, result.value().ticket)),
                                 StoreError::None);
                    });
            QTRY_VERIFY_WITH_TIMEOUT(done, 15000);
        }
    }

    // Every item of this small outbox, oldest first: the sent history, then what waits.
    QList<OutboxItem> allItems()
    {
        const QList<OutboxItem> sent = m_outbox->recent(100).value();
        QList<OutboxItem> items(sent.crbegin(), sent.crend());
        items.append(m_outbox->unsent().value());
        return items;
    }

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

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<test::ServerProcess>();
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_db = std::make_unique<CacheDatabase>();
        QCOMPARE(m_db->open(m_dir->filePath(u"cache.sqlite"_s)).error, StoreError::None);
        m_outbox = std::make_unique<Outbox>(m_db.get());
        m_cache = std::make_unique<TicketCache>(m_db.get());
    }

    void cleanup()
    {
        m_cache.reset();
        m_outbox.reset();
        m_db.reset();
        m_dir.reset();
    }

    void submitCreatesExactlyOneTicket()
    {
        const int before = serverTicketCount();
        QVERIFY(before >= 0);
        SubmissionDialog dialog(m_outbox.get());
        int sends = 0;
        dialog.setSendNow([&] {
            ++sends;
            sendDue();
        });
        dialog.form()->setProjects(
                {{testdata::WebProjectId, testdata::WebProjectName, testdata::WebProjectRoles}});
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
        QCOMPARE(sends, 1);
        QCOMPARE(serverTicketCount(), before + 1);
        const QList<OutboxItem> items = allItems();
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.first().state, OutboxState::Sent);
        QCOMPARE(items.first().payload, previewed); // what was shown is what was sent
        QVERIFY(items.first().serverTicket);
        QCOMPARE(items.first().serverTicket->title, u"Submit button greyed out on Firefox"_s);
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
        SubmissionDialog dialog(m_outbox.get());
        int sends = 0;
        dialog.setSendNow([&] { ++sends; });
        dialog.form()->setProjects(
                {{testdata::WebProjectId, testdata::WebProjectName, testdata::WebProjectRoles}});
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
        QCOMPARE(sends, 0);
        QVERIFY(allItems().isEmpty());
        QCOMPARE(serverTicketCount(), before);
        // Back to editing: the form still holds everything typed.
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.form()->findChild<QLineEdit *>(u"title"_s)->text(),
                 u"Cancelled before it was created"_s);
    }

    void keepInOutboxQueuesWithoutSending()
    {
        SubmissionDialog dialog(m_outbox.get());
        int sends = 0;
        dialog.setSendNow([&] { ++sends; });
        dialog.form()->setProjects(
                {{testdata::WebProjectId, testdata::WebProjectName, testdata::WebProjectRoles}});
        QSignalSpy queued(&dialog, &SubmissionDialog::queued);
        fill(dialog.form(), u"Queued for later"_s);
        answerConfirmation(dialog, [](ConfirmDialog *confirm) { confirm->keepButton()->click(); });
        dialog.review();
        QCOMPARE(sends, 0);
        QCOMPARE(queued.size(), 1);
        QCOMPARE(queued.first().at(1).toBool(), false);
        const QList<OutboxItem> items = allItems();
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.first().state, OutboxState::Queued);
        QCOMPARE(items.first().projectId, testdata::WebProjectId);
    }

    void possibleDuplicatesFromTheCache()
    {
        // Tickets already in the local cache, as sync would have stored them.
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
            t.description = u"d"_s;
            t.requestType = RequestType::Bug;
            t.requester = {testdata::ClientName, testdata::ClientEmail};
            t.actorRole = u"user"_s;
            t.source = u"portal"_s;
            t.status = i == 0 ? TicketStatus::Triaged : TicketStatus::New;
            t.seq = 100 + i;
            t.createdAt = t.updatedAt = QDateTime::currentDateTimeUtc();
            cached << t;
        }
        m_cache->applyTickets(cached);

        const QJsonObject body{{u"title"_s, u"Login button broken on Safari"_s}};
        ConfirmDialog confirm(testdata::WebProjectName, body);
        confirm.findDuplicates(m_cache.get(), testdata::WebProjectId);
        QTreeWidget *view = confirm.duplicatesView();
        QVERIFY(view->topLevelItemCount() >= 1);
        QVERIFY(view->topLevelItemCount() <= ConfirmDialog::MaxDuplicates);
        // The closest title first, with its number and status.
        QCOMPARE(view->topLevelItem(0)->text(0), u"#40"_s);
        QCOMPARE(view->topLevelItem(0)->text(2), u"Login button does nothing on Safari"_s);
        for (int i = 0; i < view->topLevelItemCount(); ++i)
            QVERIFY(view->topLevelItem(i)->text(2) != u"Billing address typo"_s);
    }

private:
    std::unique_ptr<test::ServerProcess> m_server;
    QNetworkAccessManager m_network;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<CacheDatabase> m_db;
    std::unique_ptr<Outbox> m_outbox;
    std::unique_ptr<TicketCache> m_cache;
};

QTEST_MAIN(TestConfirmDialog)
#include "tst_confirmdialog.moc"
