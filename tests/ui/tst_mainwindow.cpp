// The main window driven like a user would: keys, menus and dialogs, against the real
// triagedesk-server (ServerProcess, 127.0.0.1 port 0) through the real cache, outbox and sync.
#include "models/ticketcountmodel.h"
#include "models/ticketlistmodel.h"
#include "server/embeddedserver.h"
#include "store/cachedatabase.h"
#include "store/outbox.h"
#include "store/storetestutil.h"
#include "store/ticketcache.h"
#include "support/serverprocess.h"
#include "support/testdata.h"
#include "support/testhttpclient.h"
#include "support/testsession.h"
#include "sync/syncengine.h"
#include "ui/confirmdialog.h"
#include "ui/connectdialog.h"
#include "ui/detailpane.h"
#include "ui/filterbutton.h"
#include "ui/mainwindow.h"
#include "ui/outboxconflictdialog.h"
#include "ui/outboxview.h"
#include "ui/shortcutsdialog.h"
#include "ui/sidebar.h"
#include "ui/statusbarwidget.h"
#include "ui/submissiondialog.h"
#include "ui/submissionform.h"
#include "ui/ticketviewproxy.h"
#include "ui/translations.h"
#include "ui/triagenotedialog.h"
#include "ui/viewnamedialog.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFile>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QScrollBar>
#include <QSettings>
#include <QSignalBlocker>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>
#include <QTimer>
#include <QTreeView>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>

using namespace Qt::StringLiterals;
using namespace td;
namespace data = td::testdata;

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void showsSyncedTicketsWithCounts();
    void newTicketsAboveTheCurrentOneKeepThePlace();
    void theNewestTicketIsCurrentUntilTheUserPicksOne();
    void aSyncThatCannotStoreSaysSoAndLosesNothing();
    void triageThroughAllStatesWithKeyboard();
    void closeEarlyAsksForNote_data();
    void closeEarlyAsksForNote();
    void offlineTransitionLandsOnceWhenBackOnline();
    void undoWhileStillInOutbox();
    void versionConflictShownAndResolved();
    void theConflictNamesTheRequesterWhoChangedIt();
    void searchFiltersTheList();
    void csvExportHasTheVisibleRows();
    void layoutIsRemembered();
    void everyColumnSortsAndTheArrowSurvivesARestart();
    void demoOwnerThenClient();
    void historyFollowsAClose();
    void newTicketFromTheWindowIsCreatedOnce();
    void signedOutSaysWhatToDoAndSigningInSends();
    void aHeldTicketIsEditedAndSentFromTheOutbox();
    void sendNowWhileWorkingOfflineSaysWhy();
    void aNumberInTheSearchShowsThatTicket_data();
    void aNumberInTheSearchShowsThatTicket();
    void aPastedIdNotSyncedYetIsFetched();
    void anEmptyListSaysWhyAndOffersTheWayBack();
    void matchedWordsAreMarkedInTheDetail();
    void afterTriageTheNextTicketIsShown();
    void singleKeysAreTypingOutsideTheList();
    void closeNoteReasonsAndFocusComesBack();
    void theShortcutSheetIsGroupedAndListsEachKeyOnce();
    void theDetailPaneCanBeHiddenAndStaysHidden();
    void aNarrowWindowKeepsNumberTitleStatusAndTime();
    void germanHeadingsAreNotCutOff();
    void aRowWithASyncMarkerIsAsHighAsTheOthers();
    void csvExportWritesValuesAndGuardsFormulas();
    void tooltipsShowOtherPeoplesTextAsWritten();
    void theNewTicketFormDoesNotMoveWhenAnErrorShows();
    void theHighlightIsAlwaysWhatTheListShows();
    void severalValuesPerFilterListExactlyTheirTickets();
    void aSavedViewComesBackAfterARestartWithItsCount();
    void savedViewsAreRenamedMovedAndDeleted();
    void aClientSeesMyTicketsNotInbox();

private:
    QJsonObject createTicket(const QString &title, const QString &priority = u"medium"_s,
                             const QString &type = u"bug"_s);
    // A ticket through the tenant's public intake (no account: the name and subject are the
    // sender's words, untrimmed); its id.
    QString intakeTicket(const QString &subject, const QString &requesterName);
    // Closes the window, keeping its settings, and opens a new one on them.
    void reopenWindow();
    // The sidebar line whose name is `name`, clicked; false when there is none.
    bool clickSidebarLine(const QString &name);
    // Types into the search field and presses Return, as a user looking for `text`.
    void search(const QString &text);
    // The next view-name dialog is answered with `name` (and OK).
    void answerViewName(const QString &name);
    QStringList listedTitles() const;
    QList<TicketStatus> listedStatuses() const { return m_window->listModel()->filter().statuses; }
    QJsonObject serverTicket(const QString &id);
    bool serverTransition(const QString &id, const QString &to, const QString &note = {});
    std::unique_ptr<AccountSession> makeSession();
    void openWindow();
    // The window as main.cpp builds it: the session factory set, sessions opened through it.
    void makeWindow();
    bool waitSynced();
    bool selectByTitle(const QString &title);
    void press(Qt::Key key);
    // The next submission dialog the window opens is filled in as a user would and confirmed
    // with Submit, or with Keep in outbox when `keep`.
    void answerTicketForm(const QString &title, bool keep);
    int pendingOutbox() const { return m_window->session()->outbox()->pendingCount().value(); }
    // The Status column of the current row, as the list shows it.
    QString currentStatusText() const
    {
        return m_window->ticketView()
                ->currentIndex()
                .siblingAtColumn(TicketListModel::Status)
                .data()
                .toString();
    }

    std::unique_ptr<test::ServerProcess> m_server;
    std::unique_ptr<test::TestHttpClient> m_http;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    QNetworkAccessManager m_network;
    std::unique_ptr<test::TestAccounts> m_accounts;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<QAbstractItemModelTester> m_listTester;
    std::unique_ptr<QAbstractItemModelTester> m_proxyTester;
    std::unique_ptr<QAbstractItemModelTester> m_countTester;
    int m_counter = 0;
};

void TestMainWindow::initTestCase()
{
    // Every case here creates tickets with the one client token: the per-token create limit
    // (a default of 30 a minute, tested in tst_ratelimit) is not what these cases are about.
    m_server = std::make_unique<test::ServerProcess>(QStringList{u"--create-rate"_s, u"0"_s});
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    m_http = std::make_unique<test::TestHttpClient>(m_server->baseUrl());
}

void TestMainWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_settings
            = std::make_unique<QSettings>(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
    SyncEngine::Options options = test::TestAccounts::quickOptions();
    options.baseRetryMs = 200;
    options.probeMs = 200;
    m_accounts = std::make_unique<test::TestAccounts>(&m_network, m_dir->path(), options,
                                                      u"demo-owner"_s, u"demo-client"_s);
}

void TestMainWindow::cleanup()
{
    m_listTester.reset();
    m_proxyTester.reset();
    m_countTester.reset();
    if (m_window) {
        m_window->close();
        m_window->setSession(nullptr);
    }
    m_window.reset();
    m_accounts.reset();
    m_settings.reset();
    m_dir.reset();
}

QJsonObject TestMainWindow::createTicket(const QString &title, const QString &priority,
                                         const QString &type)
{
    const QJsonObject body{
            {u"title"_s, title},
            {u"description"_s, u"Steps: open the page, click Pay."_s},
            {u"request_type"_s, type},
            {u"priority"_s, priority},
            {u"roles"_s, QJsonArray{u"frontend"_s}},
            {u"evidence"_s, QJsonObject{{u"link"_s, u"https://example.com/log/1"_s}}}};
    const auto result = m_http->post(u"/api/projects/%1/tickets"_s.arg(data::WebProjectId), body,
                                     data::ClientToken);
    if (result.status != 201)
        qWarning("create failed: %d %s", result.status, result.body.constData());
    return result.json();
}

QString TestMainWindow::intakeTicket(const QString &subject, const QString &requesterName)
{
    const QJsonObject body{{u"requester_name"_s, requesterName},
                           {u"requester_email"_s, u"rita@example.com"_s},
                           {u"kind"_s, u"question"_s},
                           {u"subject"_s, subject},
                           {u"body"_s, u"Sent from the web form."_s}};
    const auto result = m_http->post(
            u"/api/tenants/%1/capabilities/projects.create_ticket"_s.arg(data::TenantSlug), body);
    if (result.status != 201)
        qWarning("intake failed: %d %s", result.status, result.body.constData());
    return result.json().value(u"ticket_id"_s).toString();
}

void TestMainWindow::reopenWindow()
{
    m_listTester.reset();
    m_proxyTester.reset();
    m_countTester.reset();
    m_window->close();
    m_window->setSession(nullptr);
    m_window.reset();
    openWindow();
}

QJsonObject TestMainWindow::serverTicket(const QString &id)
{
    return m_http->get(u"/api/tickets/"_s + id, data::OwnerToken).json();
}

bool TestMainWindow::serverTransition(const QString &id, const QString &to, const QString &note)
{
    QJsonObject body{{u"to"_s, to}};
    if (!note.isEmpty())
        body.insert(u"note"_s, note);
    return m_http->post(u"/api/tickets/%1/transitions"_s.arg(id), body, data::OwnerToken).status
           == 200;
}

std::unique_ptr<AccountSession> TestMainWindow::makeSession()
{
    QString error;
    auto s = m_accounts->signInAndOpen(m_server->baseUrl(), data::OwnerToken, &error);
    if (!s)
        qWarning("no session: %s", qPrintable(error));
    return s;
}

void TestMainWindow::makeWindow()
{
    m_window = std::make_unique<MainWindow>(m_settings.get());
    m_window->setSessionFactory(&m_accounts->factory());
}

void TestMainWindow::openWindow()
{
    makeWindow();
    auto session = makeSession();
    QVERIFY(session);
    QSignalSpy synced(session.get(), &AccountSession::syncFinished);
    m_window->setSession(std::move(session));
    m_listTester = std::make_unique<QAbstractItemModelTester>(m_window->listModel());
    m_proxyTester = std::make_unique<QAbstractItemModelTester>(m_window->listProxy());
    m_countTester = std::make_unique<QAbstractItemModelTester>(m_window->countModel());
    m_window->show();
    QApplication::setActiveWindow(m_window.get());
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTRY_VERIFY_WITH_TIMEOUT(synced.count() >= 1, 15'000);
    m_window->sidebar()->setView(Sidebar::View::All);
}

bool TestMainWindow::waitSynced()
{
    QSignalSpy synced(m_window->session(), &AccountSession::syncFinished);
    m_window->syncNow();
    return synced.wait(10'000) || synced.count() > 0;
}

bool TestMainWindow::selectByTitle(const QString &title)
{
    QAbstractItemModel *model = m_window->ticketView()->model();
    for (int r = 0; r < model->rowCount(); ++r) {
        const QModelIndex index = model->index(r, TicketListModel::Title);
        if (index.data().toString() == title) {
            // As the user does: a click on the row.
            QTreeView *view = m_window->ticketView();
            view->scrollTo(index);
            QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                              view->visualRect(index).center());
            view->setFocus();
            return view->currentIndex().row() == r;
        }
    }
    return false;
}

void TestMainWindow::answerTicketForm(const QString &title, bool keep)
{
    m_window->setDialogHook([title, keep](QDialog *dialog) {
        auto *submission = qobject_cast<SubmissionDialog *>(dialog);
        QVERIFY(submission);
        SubmissionForm *form = submission->form();
        QVERIFY(form->setProjectId(data::WebProjectId));
        form->findChild<QLineEdit *>(u"title"_s)->setText(title);
        form->findChild<QPlainTextEdit *>(u"description"_s)->setPlainText(u"Typed here."_s);
        auto *type = form->findChild<QComboBox *>(u"request_type"_s);
        type->setCurrentIndex(type->findData(u"bug"_s));
        QTimer::singleShot(0, submission, [submission, keep] {
            QTRY_VERIFY(submission->confirmDialog() && submission->confirmDialog()->isVisible());
            if (keep)
                submission->confirmDialog()->keepButton()->click();
            else
                submission->confirmDialog()->submitButton()->click();
        });
        submission->review();
    });
}

bool TestMainWindow::clickSidebarLine(const QString &name)
{
    QTreeWidget *tree = m_window->sidebar()->tree();
    for (QTreeWidgetItemIterator it(tree); *it; ++it) {
        if ((*it)->text(0) == name) {
            tree->scrollToItem(*it);
            QTest::mouseClick(tree->viewport(), Qt::LeftButton, {},
                              tree->visualItemRect(*it).center());
            return true;
        }
    }
    return false;
}

void TestMainWindow::search(const QString &text)
{
    m_window->searchField()->setFocus();
    m_window->searchField()->selectAll();
    QTest::keyClicks(m_window->searchField(), text);
    QTest::keyClick(m_window->searchField(), Qt::Key_Return);
}

void TestMainWindow::answerViewName(const QString &name)
{
    m_window->setDialogHook([name](QDialog *dialog) {
        auto *ask = qobject_cast<ViewNameDialog *>(dialog);
        QVERIFY(ask);
        ask->nameField()->selectAll();
        QTest::keyClicks(ask->nameField(), name);
        QVERIFY(ask->okButton()->isEnabled());
        ask->okButton()->click();
    });
}

QStringList TestMainWindow::listedTitles() const
{
    QStringList titles;
    QAbstractItemModel *model = m_window->ticketView()->model();
    for (int r = 0; r < model->rowCount(); ++r)
        titles.append(model->index(r, TicketListModel::Title).data().toString());
    titles.sort();
    return titles;
}

void TestMainWindow::press(Qt::Key key)
{
    QTest::keyClick(m_window->ticketView(), key);
}

void TestMainWindow::showsSyncedTicketsWithCounts()
{
    const QString title
            = u"Checkout button does nothing %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    const QJsonObject created = createTicket(title, u"urgent"_s);
    QVERIFY(!created.isEmpty());
    openWindow();
    QVERIFY(selectByTitle(title));
    // The detail pane shows every field, the evidence link clickable.
    const QString detail = m_window->detailPane()->plainText();
    QVERIFY2(detail.contains(title), qPrintable(detail));
    QVERIFY(detail.contains(u"Urgent"_s));
    QVERIFY(detail.contains(data::ClientEmail));
    QVERIFY(detail.contains(u"Steps: open the page"_s));
    QVERIFY(m_window->detailPane()->html().contains(u"href=\"https://example.com/log/1\""_s));
    // The sidebar counts what the server has: every ticket of the owner in "All".
    const auto list = m_http->get(u"/api/tickets?limit=500"_s, data::OwnerToken).json();
    const qsizetype total = list.value(u"tickets"_s).toArray().size();
    QTRY_COMPARE(m_window->sidebar()->lineText(Sidebar::View::All), u"All %1"_s.arg(total));
    // The status bar says it is online and fresh.
    QCOMPARE(m_window->statusWidget()->connectionText(), u"Online"_s);
    QCOMPARE(m_window->statusWidget()->freshnessText(), u"Synced just now"_s);
    // The history arrives from the server.
    QTRY_VERIFY_WITH_TIMEOUT(
            m_window->detailPane()->plainText().contains(u"History"_s)
                    && !m_window->detailPane()->plainText().contains(u"History not loaded"_s),
            10'000);
}

void TestMainWindow::newTicketsAboveTheCurrentOneKeepThePlace()
{
    const QString title
            = u"Read me while a sync runs %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    QVERIFY(!createTicket(title).isEmpty());
    openWindow();
    QTreeView *view = m_window->ticketView();
    QVERIFY(selectByTitle(title));
    QTRY_VERIFY(m_window->detailPane()->plainText().contains(title));
    // Let the answers the window asked for at start-up (the user's projects, this ticket's
    // history) land first, so only the sync below moves anything.
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->detailPane()->plainText().contains(u"History not loaded"_s),
                             10'000);
    QTest::qWait(200);
    view->scrollToTop();
    QCOMPARE(view->verticalScrollBar()->value(), 0);
    const int loaded = view->model()->rowCount();
    QVERIFY(loaded > 0);

    // A sync brings pages of tickets newer than anything shown (the list is newest first):
    // they land above the current ticket and push it past the loaded part of the list.
    const QDateTime later = QDateTime::currentDateTimeUtc().addSecs(3600);
    qint64 number = 900'000;
    for (int p = 0; p < 4; ++p) {
        QList<Ticket> page;
        for (int i = 0; i < 150; ++i) {
            Ticket ticket = storetest::makeTicket(++number, u"Arrived during the sync"_s);
            ticket.updatedAt = later.addSecs(number - 900'000);
            page.append(ticket);
        }
        QVERIFY(m_window->session()->cache()->applyTickets(page).ok());
        QTest::qWait(20); // the view lays out and paints between pages, as during a sync
    }
    // The list showed the news without loading page after page to follow the old ticket,
    // stayed where the user was, and the detail pane still shows what they were reading.
    QCOMPARE(m_window->listModel()->index(0, TicketListModel::Number).data().toLongLong(), number);
    const int window = std::max(loaded, int(TicketListModel::DefaultPageSize));
    QVERIFY2(view->model()->rowCount() <= window,
             qPrintable(u"%1 rows loaded, at most %2 expected"_s.arg(view->model()->rowCount())
                                .arg(window)));
    QCOMPARE(view->verticalScrollBar()->value(), 0);
    QVERIFY(m_window->detailPane()->plainText().contains(title));
    // Scrolling down still brings the rest, the old ticket among it.
    bool found = false;
    for (int round = 0; round < 50 && !found; ++round) {
        view->scrollToBottom();
        QCoreApplication::processEvents();
        for (int r = 0; r < view->model()->rowCount() && !found; ++r)
            found = view->model()->index(r, TicketListModel::Title).data().toString() == title;
    }
    QVERIFY(found);
}

void TestMainWindow::theNewestTicketIsCurrentUntilTheUserPicksOne()
{
    QVERIFY(!createTicket(u"Older one"_s).isEmpty());
    openWindow();
    QTreeView *view = m_window->ticketView();
    QTRY_COMPARE(view->currentIndex().row(), 0);
    // Newer tickets arrive (another sync page): the app's cursor follows the newest...
    auto arrive = [this](qint64 number, const QString &title) {
        Ticket ticket = storetest::makeTicket(number, title);
        ticket.updatedAt = QDateTime::currentDateTimeUtc().addSecs(number);
        return m_window->session()->cache()->applyTickets({ticket}).ok();
    };
    QVERIFY(arrive(800'001, u"Newest now"_s));
    QTRY_COMPARE(view->currentIndex().data().toString(), u"Newest now"_s);
    QTRY_VERIFY(m_window->detailPane()->plainText().contains(u"Newest now"_s));
    // ...until the user picks one; then it stays on theirs.
    QVERIFY(selectByTitle(u"Older one"_s));
    QVERIFY(arrive(800'002, u"Even newer"_s));
    QTest::qWait(50);
    QCOMPARE(view->currentIndex().data().toString(), u"Older one"_s);
    QVERIFY(m_window->detailPane()->plainText().contains(u"Older one"_s));
    QCOMPARE(m_window->listModel()->index(0, TicketListModel::Title).data().toString(),
             u"Even newer"_s);
}

void TestMainWindow::aSyncThatCannotStoreSaysSoAndLosesNothing()
{
    openWindow();
    // Something else holds the cache's write lock past the busy timeout (as a full disk or a
    // stuck process would make every write fail): the page cannot be stored.
    QSqlQuery lock(m_window->session()->database()->database());
    QVERIFY(lock.exec(u"BEGIN IMMEDIATE"_s));
    const QString title = u"Arrives while the cache is stuck %1"_s.arg(m_counter);
    const QString id = createTicket(title).value(u"id"_s).toString();
    QVERIFY(!id.isEmpty());
    QSignalSpy failed(m_window->session(), &AccountSession::syncFailed);
    m_window->syncNow();
    QVERIFY(failed.wait(15'000));
    StatusBarWidget *status = m_window->statusWidget();
    QCOMPARE(status->freshnessText(), u"Sync failed"_s);
    // It names the cause (another writer holds the cache, not a guess at a full disk) and
    // says that nothing is lost.
    QVERIFY2(status->syncProblem().contains(u"holding the local cache"_s),
             qPrintable(status->syncProblem()));
    QVERIFY2(status->syncProblem().contains(u"Nothing was lost"_s),
             qPrintable(status->syncProblem()));
    QCOMPARE(status->connectionText(), u"Online"_s); // the server is fine; this computer is not
    QVERIFY(lock.exec(u"ROLLBACK"_s));
    // The next sync brings the ticket after all, once, and the warning goes.
    QVERIFY(waitSynced());
    QVERIFY(m_window->session()->cache()->ticket(id));
    QCOMPARE(status->freshnessText(), u"Synced just now"_s);
    QVERIFY(status->syncProblem().isEmpty());
}

void TestMainWindow::triageThroughAllStatesWithKeyboard()
{
    const QString title = u"Triage me with keys %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    const QString id = createTicket(title).value(u"id"_s).toString();
    openWindow();
    QVERIFY(selectByTitle(title));
    QVERIFY(m_window->triage()->action(TicketStatus::Triaged)->isEnabled());
    QVERIFY(!m_window->triage()->action(TicketStatus::InProgress)->isEnabled());

    const struct
    {
        Qt::Key key;
        const char *status;
        int version;
    } steps[]
            = {{Qt::Key_T, "triaged", 2}, {Qt::Key_P, "in_progress", 3}, {Qt::Key_C, "closed", 4}};
    for (const auto &step : steps) {
        QVERIFY(selectByTitle(title));
        press(step.key);
        QTRY_COMPARE_WITH_TIMEOUT(serverTicket(id).value(u"status"_s).toString(),
                                  QString::fromLatin1(step.status), 10'000);
        QCOMPARE(serverTicket(id).value(u"version"_s).toInt(), step.version);
        QTRY_COMPARE_WITH_TIMEOUT(pendingOutbox(), 0, 10'000);
        QVERIFY(waitSynced());
    }
    // Closed is final: no action is offered any more.
    QVERIFY(selectByTitle(title));
    QVERIFY(m_window->triage()->offeredStatuses().isEmpty());
    for (QAction *a : m_window->triage()->actions())
        QVERIFY(!a->isEnabled());
    // j/k walk the list.
    const int row = m_window->ticketView()->currentIndex().row();
    press(Qt::Key_J);
    if (m_window->ticketView()->model()->rowCount() > row + 1)
        QCOMPARE(m_window->ticketView()->currentIndex().row(), row + 1);
    press(Qt::Key_K);
    QCOMPARE(m_window->ticketView()->currentIndex().row(), row);
}

void TestMainWindow::closeEarlyAsksForNote_data()
{
    QTest::addColumn<bool>("triageFirst");
    QTest::addColumn<bool>("giveNote");
    QTest::newRow("from new, with note") << false << true;
    QTest::newRow("from triaged, with note") << true << true;
    QTest::newRow("from new, cancelled") << false << false;
}

void TestMainWindow::closeEarlyAsksForNote()
{
    QFETCH(bool, triageFirst);
    QFETCH(bool, giveNote);
    const QString title = u"Duplicate of #1 %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    const QString id = createTicket(title).value(u"id"_s).toString();
    if (triageFirst)
        QVERIFY(serverTransition(id, u"triaged"_s));
    openWindow();
    QVERIFY(selectByTitle(title));
    int prompts = 0;
    const QString note = u"Duplicate of an older report"_s;
    m_window->triage()->setNotePrompt([&](int count) -> std::optional<QString> {
        ++prompts;
        // The real dialog refuses an empty note: OK is disabled until there is text.
        TriageNoteDialog dialog(count, m_window.get());
        auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        if (ok->isEnabled())
            return std::nullopt;
        if (!giveNote)
            return std::nullopt;
        QTest::keyClicks(dialog.editor(), note);
        if (!ok->isEnabled())
            return std::nullopt;
        return dialog.note();
    });
    press(Qt::Key_C);
    QCOMPARE(prompts, 1);
    if (!giveNote) {
        QCOMPARE(pendingOutbox(), 0);
        QTest::qWait(300);
        QCOMPARE(serverTicket(id).value(u"status"_s).toString(), u"new"_s);
        return;
    }
    QTRY_COMPARE_WITH_TIMEOUT(serverTicket(id).value(u"status"_s).toString(), u"closed"_s, 10'000);
    const auto events = m_http->get(u"/api/tickets/%1/events"_s.arg(id), data::OwnerToken)
                                .json()
                                .value(u"events"_s)
                                .toArray();
    QCOMPARE(events.last().toObject().value(u"note"_s).toString(), note);
}

void TestMainWindow::offlineTransitionLandsOnceWhenBackOnline()
{
    const QString title = u"Queued while offline %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    const QString id = createTicket(title).value(u"id"_s).toString();
    openWindow();
    m_window->workOfflineAction()->trigger();
    QVERIFY(m_window->workOfflineAction()->isChecked());
    QCOMPARE(m_window->statusWidget()->connectionText(), u"Working offline"_s);
    QVERIFY(selectByTitle(title));
    press(Qt::Key_T);
    QCOMPARE(pendingOutbox(), 1);
    QCOMPARE(m_window->statusWidget()->outboxText(), u"1 unsent"_s);
    // The list marks the ticket and shows where it is heading, the server has not seen it.
    QVERIFY(selectByTitle(title));
    const QModelIndex current = m_window->ticketView()->currentIndex();
    const QModelIndex marker = current.siblingAtColumn(TicketListModel::SyncState);
    QCOMPARE(marker.data().toString(), u"Unsent"_s);
    QVERIFY(!marker.data(Qt::DecorationRole).isNull());
    QCOMPARE(current.siblingAtColumn(TicketListModel::Status).data().toString(),
             u"New → Triaged"_s);
    QTest::qWait(500);
    QCOMPARE(serverTicket(id).value(u"status"_s).toString(), u"new"_s);
    // The outbox view lists it.
    m_window->findChild<QAction *>(u"actionShowOutbox"_s)->trigger();
    QVERIFY(m_window->outboxDock()->isVisible());
    QCOMPARE(m_window->outboxView()->list()->model()->rowCount(), 1);
    QCOMPARE(m_window->outboxView()->stateText(0), u"Waiting"_s);

    m_window->workOfflineAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(serverTicket(id).value(u"status"_s).toString(), u"triaged"_s, 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(pendingOutbox(), 0, 10'000);
    QVERIFY(waitSynced());
    QTest::qWait(300);
    // Exactly once: one created event and one transition, version 2.
    QCOMPARE(serverTicket(id).value(u"version"_s).toInt(), 2);
    const auto events = m_http->get(u"/api/tickets/%1/events"_s.arg(id), data::OwnerToken)
                                .json()
                                .value(u"events"_s)
                                .toArray();
    QCOMPARE(events.size(), 2);
    QCOMPARE(m_window->statusWidget()->outboxText(), u"Outbox empty"_s);
    QVERIFY(selectByTitle(title));
    QCOMPARE(currentStatusText(), u"Triaged"_s);
}

void TestMainWindow::undoWhileStillInOutbox()
{
    const QString title = u"Undo me %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    const QString id = createTicket(title).value(u"id"_s).toString();
    openWindow();
    m_window->workOfflineAction()->trigger();
    QVERIFY(selectByTitle(title));
    QVERIFY(!m_window->undoAction()->isEnabled());
    press(Qt::Key_T);
    QCOMPARE(pendingOutbox(), 1);
    QVERIFY(m_window->undoAction()->isEnabled());
    QVERIFY(m_window->undoAction()->text().contains(u"Triage"_s));
    QTest::keySequence(m_window->ticketView(), QKeySequence::Undo);
    QCOMPARE(pendingOutbox(), 0);
    QVERIFY(!m_window->undoAction()->isEnabled());
    QVERIFY(selectByTitle(title));
    QCOMPARE(currentStatusText(), u"New"_s);
    m_window->workOfflineAction()->trigger();
    QVERIFY(waitSynced());
    QTest::qWait(300);
    QCOMPARE(serverTicket(id).value(u"status"_s).toString(), u"new"_s);
}

void TestMainWindow::versionConflictShownAndResolved()
{
    const QString title = u"Two owners at once %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    const QString id = createTicket(title).value(u"id"_s).toString();
    openWindow();
    m_window->workOfflineAction()->trigger();
    QVERIFY(selectByTitle(title));
    // Closing from new with a note, based on version 1...
    int prompts = 0;
    m_window->triage()->setNotePrompt([&prompts](int) {
        ++prompts;
        return std::optional<QString>(u"Spam"_s);
    });
    QVERIFY(m_window->triage()->action(TicketStatus::Closed)->isEnabled());
    press(Qt::Key_C);
    QCOMPARE(prompts, 1);
    QCOMPARE(pendingOutbox(), 1);
    // ...while it is triaged on the server (version 2), from Olive's other computer.
    QVERIFY(serverTransition(id, u"triaged"_s, u"Reproduced on staging"_s));
    m_window->workOfflineAction()->trigger();
    // The refusal is shown: the outbox item and the list row say conflict.
    QTRY_COMPARE_WITH_TIMEOUT(test::allOutboxItems(m_window->session()->outbox()).constLast().state,
                              OutboxState::Conflict, 10'000);
    m_window->findChild<QAction *>(u"actionShowOutbox"_s)->trigger();
    OutboxView *view = m_window->outboxView();
    const qint64 itemId = test::allOutboxItems(m_window->session()->outbox()).constLast().id;
    QTRY_COMPARE(view->stateText(view->rowOf(itemId)), u"Conflict"_s);
    QVERIFY(selectByTitle(title));
    QCOMPARE(m_window->ticketView()
                     ->currentIndex()
                     .siblingAtColumn(TicketListModel::SyncState)
                     .data()
                     .toString(),
             u"Conflict"_s);
    // Resolve: the dialog shows theirs beside mine; closing from triaged with the note is
    // still allowed, so the change is applied on the server's version.
    QString mine;
    QString theirs;
    QString lastChange;
    m_window->setDialogHook([&](QDialog *dialog) {
        auto *conflict = qobject_cast<OutboxConflictDialog *>(dialog);
        QVERIFY(conflict);
        // Who changed it (Olive herself, so "you"), and their note, from the history.
        QTRY_VERIFY_WITH_TIMEOUT(conflict->lastChangeText().contains(u"Reproduced on staging"_s),
                                 10'000);
        lastChange = conflict->lastChangeText();
        mine = conflict->mineText();
        theirs = conflict->theirsText();
        QVERIFY(conflict->applyButton()->isEnabled());
        conflict->applyButton()->click();
    });
    view->setCurrentItem(itemId);
    QVERIFY(view->resolveButton()->isEnabled());
    view->resolveButton()->click();
    QVERIFY2(mine.contains(u"Closed"_s) && mine.contains(u"version 1"_s), qPrintable(mine));
    QVERIFY2(theirs.contains(u"Triaged"_s) && theirs.contains(u"2"_s), qPrintable(theirs));
    QVERIFY2(lastChange.startsWith(u"Changed by you on "_s), qPrintable(lastChange));
    QTRY_COMPARE_WITH_TIMEOUT(serverTicket(id).value(u"status"_s).toString(), u"closed"_s, 10'000);
    QCOMPARE(serverTicket(id).value(u"version"_s).toInt(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(pendingOutbox(), 0, 10'000);
}

void TestMainWindow::theConflictNamesTheRequesterWhoChangedIt()
{
    // Oscar, an owner of the mobile project, reports a ticket there himself: he is its
    // requester, and its actor as a user (contract 3.3).
    const QString title
            = u"Reported and triaged by Oscar %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    const QJsonObject body{{u"title"_s, title},
                           {u"description"_s, u"Crashes on start."_s},
                           {u"request_type"_s, u"bug"_s},
                           {u"roles"_s, QJsonArray{u"ios"_s}}};
    const auto created = m_http->post(u"/api/projects/%1/tickets"_s.arg(data::MobileProjectId),
                                      body, data::MobileOwnerToken);
    QCOMPARE(created.status, 201);
    const QString id = created.json().value(u"id"_s).toString();
    openWindow();
    m_window->workOfflineAction()->trigger();
    QVERIFY(selectByTitle(title));
    m_window->triage()->setNotePrompt([](int) { return std::optional<QString>(u"Dup"_s); });
    press(Qt::Key_C);
    QCOMPARE(pendingOutbox(), 1);
    // Meanwhile Oscar triages it, with a note.
    QCOMPARE(m_http->post(u"/api/tickets/%1/transitions"_s.arg(id),
                          QJsonObject{{u"to"_s, u"triaged"_s}, {u"note"_s, u"Seen on iOS 18"_s}},
                          data::MobileOwnerToken)
                     .status,
             200);
    m_window->workOfflineAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(test::allOutboxItems(m_window->session()->outbox()).constLast().state,
                              OutboxState::Conflict, 10'000);
    m_window->findChild<QAction *>(u"actionShowOutbox"_s)->trigger();
    OutboxView *view = m_window->outboxView();
    const qint64 itemId = test::allOutboxItems(m_window->session()->outbox()).constLast().id;
    QString lastChange;
    m_window->setDialogHook([&](QDialog *dialog) {
        auto *conflict = qobject_cast<OutboxConflictDialog *>(dialog);
        QVERIFY(conflict);
        const auto leave = qScopeGuard([conflict] { conflict->discardButton()->click(); });
        QTRY_VERIFY_WITH_TIMEOUT(conflict->lastChangeText().contains(u"Seen on iOS 18"_s), 10'000);
        lastChange = conflict->lastChangeText();
    });
    view->setCurrentItem(itemId);
    QTRY_VERIFY(view->resolveButton()->isEnabled());
    view->resolveButton()->click();
    m_window->setDialogHook({});
    QVERIFY2(lastChange.startsWith(u"Changed by Oscar Owner on "_s), qPrintable(lastChange));
    QTRY_COMPARE_WITH_TIMEOUT(pendingOutbox(), 0, 10'000);
    QCOMPARE(serverTicket(id).value(u"status"_s).toString(), u"triaged"_s);
}

void TestMainWindow::searchFiltersTheList()
{
    const QString word = u"zebrafish%1"_s.arg(QDateTime::currentMSecsSinceEpoch() % 100000);
    createTicket(u"The %1 page is blank"_s.arg(word));
    createTicket(u"Something else entirely"_s);
    openWindow();
    QVERIFY(m_window->ticketView()->model()->rowCount() >= 2);
    m_window->searchField()->setFocus();
    QTest::keyClicks(m_window->searchField(), word.left(8));
    // Debounced: typing does not query at once, the pause does.
    QTRY_COMPARE_WITH_TIMEOUT(m_window->ticketView()->model()->rowCount(), 1, 2'000);
    QVERIFY(m_window->ticketView()
                    ->model()
                    ->index(0, TicketListModel::Title)
                    .data()
                    .toString()
                    .contains(word));
    m_window->searchField()->clear();
    QTRY_VERIFY(m_window->ticketView()->model()->rowCount() >= 2);
    // A filter narrows too: ticking Urgent in the priority menu leaves urgent tickets only.
    m_window->priorityFilter()->optionAction(int(Priority::Urgent))->trigger();
    for (int r = 0; r < m_window->ticketView()->model()->rowCount(); ++r)
        QCOMPARE(m_window->ticketView()
                         ->model()
                         ->index(r, TicketListModel::Priority)
                         .data()
                         .toString(),
                 u"Urgent"_s);
}

void TestMainWindow::csvExportHasTheVisibleRows()
{
    const QString title
            = u"Comma, \"quote\" and =SUM(A1) %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    createTicket(title);
    openWindow();
    const QString path = m_dir->filePath(u"out.csv"_s);
    QVERIFY(m_window->exportCsv(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString csv = QString::fromUtf8(file.readAll());
    const QStringList lines = csv.split(u"\r\n"_s, Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), m_window->ticketView()->model()->rowCount() + 1);
    QVERIFY(lines.first().startsWith(u"#,Title,Type,Priority"_s));
    QString quoted = title;
    quoted.replace(u"\""_s, u"\"\""_s);
    QVERIFY2(csv.contains(u"\""_s + quoted + u"\""_s), qPrintable(csv.left(400)));
}

void TestMainWindow::layoutIsRemembered()
{
    openWindow();
    QHeaderView *header = m_window->ticketView()->header();
    header->resizeSection(TicketListModel::Requester, 211);
    header->moveSection(header->visualIndex(TicketListModel::Status), 2);
    m_window->resize(1111, 777);
    m_window->close();
    m_window->setSession(nullptr);
    m_window.reset();
    openWindow();
    header = m_window->ticketView()->header();
    QCOMPARE(header->sectionSize(TicketListModel::Requester), 211);
    QCOMPARE(header->visualIndex(TicketListModel::Status), 2);
    QCOMPARE(m_window->size(), QSize(1111, 777));
}

namespace {

// The rows of the list as they are shown, checked against the column's own values: the order
// a user expects from that column, told independently of the cache. Titles here are ASCII,
// so case-insensitive means toLower().
bool shownInOrder(QAbstractItemModel *model, int column, Qt::SortOrder order, QString *why)
{
    const auto key = [&](int row) -> QVariant {
        const QModelIndex index = model->index(row, column);
        switch (column) {
        case TicketListModel::Number:
            return index.data(TicketListModel::NumberRole);
        case TicketListModel::Type:
            return index.data(TicketListModel::RequestTypeRole);
        case TicketListModel::Priority:
            return index.data(TicketListModel::PriorityRole);
        case TicketListModel::Status:
            return index.data(TicketListModel::StatusRole);
        case TicketListModel::Updated:
            return index.data(TicketListModel::UpdatedAtRole).toDateTime().toMSecsSinceEpoch();
        default: // Title, Roles, Requester: the text shown
            return index.data().toString().toLower();
        }
    };
    for (int row = 1; row < model->rowCount(); ++row) {
        QVariant a = key(row - 1);
        QVariant b = key(row);
        if (order == Qt::DescendingOrder)
            std::swap(a, b);
        const auto comparison = QVariant::compare(a, b);
        const qint64 na = model->index(row - 1, 0).data(TicketListModel::NumberRole).toLongLong();
        const qint64 nb = model->index(row, 0).data(TicketListModel::NumberRole).toLongLong();
        const bool tieInOrder = order == Qt::AscendingOrder ? na < nb : na > nb;
        if (comparison == QPartialOrdering::Greater
            || (comparison == QPartialOrdering::Equivalent && !tieInOrder)) {
            *why = u"rows %1 and %2: %3 then %4"_s.arg(row - 1).arg(row).arg(
                    key(row - 1).toString(), key(row).toString());
            return false;
        }
    }
    return true;
}

} // namespace

void TestMainWindow::everyColumnSortsAndTheArrowSurvivesARestart()
{
    // Tickets that differ in every column: titles in mixed case, each type, roles, three
    // requesters.
    const QStringList types
            = {u"bug"_s, u"question"_s, u"change_request"_s, u"billing_question"_s, u"general"_s};
    const QList<QJsonArray> roles = {QJsonArray{u"frontend"_s}, QJsonArray{u"qa"_s},
                                     QJsonArray{u"design"_s, u"backend"_s}, QJsonArray{}};
    const QStringList titles = {u"apple pie"_s,   u"Banana split"_s, u"APPLE crumble"_s,
                                u"cherry tart"_s, u"Apple pie"_s,    u"banana bread"_s};
    const QStringList tokens = {data::ClientToken, data::SecondClientToken, data::OwnerToken};
    for (int i = 0; i < titles.size(); ++i) {
        const QJsonObject body{{u"title"_s, titles.at(i)},
                               {u"description"_s, u"Sorting check."_s},
                               {u"request_type"_s, types.at(i % types.size())},
                               {u"priority"_s, i % 2 ? u"high"_s : u"low"_s},
                               {u"roles"_s, roles.at(i % roles.size())}};
        const auto created = m_http->post(u"/api/projects/%1/tickets"_s.arg(data::WebProjectId),
                                          body, tokens.at(i % tokens.size()));
        QVERIFY2(created.status == 201, created.body.constData());
    }
    openWindow();
    m_window->resize(1600, 700);
    QTreeView *view = m_window->ticketView();
    QHeaderView *header = view->header();
    QAbstractItemModel *shown = view->model();
    QTRY_VERIFY(shown->rowCount() >= titles.size());
    while (shown->canFetchMore({}))
        shown->fetchMore({});
    // Clicked as a user clicks: on the header section.
    const auto click = [&](int column) {
        view->scrollTo(shown->index(0, column)); // brings the column into sight
        const QPoint at(header->sectionViewportPosition(column) + header->sectionSize(column) / 2,
                        header->height() / 2);
        QVERIFY(header->viewport()->rect().contains(at));
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at);
    };
    const auto loadAll = [&] {
        while (shown->canFetchMore({}))
            shown->fetchMore({});
    };
    QString why;
    for (int column = 0; column < TicketListModel::ColumnCount; ++column) {
        if (column == TicketListModel::SyncState)
            continue;
        for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            click(column);
            if (header->sortIndicatorSection() == column && header->sortIndicatorOrder() != order)
                click(column); // the column was already sorted the other way
            QCOMPARE(header->sortIndicatorSection(), column);
            QCOMPARE(header->sortIndicatorOrder(), order);
            QVERIFY(header->isSortIndicatorShown());
            loadAll();
            QVERIFY2(shownInOrder(shown, column, order, &why),
                     qPrintable(u"column %1: "_s.arg(column) + why));
        }
    }
    // The sync marker does not sort: a click leaves the arrow and the order as they were.
    click(TicketListModel::Title);
    click(TicketListModel::Title); // descending
    const QString firstBefore = shown->index(0, TicketListModel::Title).data().toString();
    click(TicketListModel::SyncState);
    QCOMPARE(header->sortIndicatorSection(), int(TicketListModel::Title));
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    QCOMPARE(shown->index(0, TicketListModel::Title).data().toString(), firstBefore);

    // A restart shows the same arrow and applies that order.
    click(TicketListModel::Requester);
    click(TicketListModel::Requester); // descending
    m_window->close();
    m_window->setSession(nullptr);
    m_window.reset();
    openWindow();
    view = m_window->ticketView();
    header = view->header();
    shown = view->model();
    QCOMPARE(header->sortIndicatorSection(), int(TicketListModel::Requester));
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    loadAll();
    QVERIFY(shown->rowCount() >= titles.size());
    QVERIFY2(shownInOrder(shown, TicketListModel::Requester, Qt::DescendingOrder, &why),
             qPrintable(why));

    // A layout saved with the arrow on a column that does not sort (as older builds saved
    // it) comes back as the default order, most recently updated first, arrow included.
    {
        const QSignalBlocker quiet(header);
        header->setSortIndicator(TicketListModel::SyncState, Qt::AscendingOrder);
        m_settings->setValue(u"mainWindow/columns"_s, header->saveState());
    }
    m_window->setSession(nullptr);
    m_window.reset();
    makeWindow();
    m_window->setSession(makeSession());
    header = m_window->ticketView()->header();
    shown = m_window->ticketView()->model();
    QCOMPARE(header->sortIndicatorSection(), int(TicketListModel::Updated));
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    QTRY_VERIFY(shown->rowCount() >= titles.size());
    loadAll();
    QVERIFY2(shownInOrder(shown, TicketListModel::Updated, Qt::DescendingOrder, &why),
             qPrintable(why));
}

void TestMainWindow::demoOwnerThenClient()
{
    // The in-process demo server, as `triagedesk --demo` runs it, with its database in the
    // profile folder, and its two users signed in by the factory as main.cpp does.
    server::EmbeddedServer demo;
    QString error;
    QVERIFY2(demo.start(m_dir->filePath(u"demo.sqlite"_s), &error), qPrintable(error));
    const server::DemoAccount account = demo.account();
    const Status signedIn = m_accounts->factory().signInDemo(
            DemoLogin{account.baseUrl, account.ownerToken, account.clientToken});
    QVERIFY2(signedIn.ok(), qPrintable(signedIn.ok() ? QString() : signedIn.error().message));
    makeWindow();
    auto owner = m_accounts->open(u"demo-owner"_s);
    QVERIFY(owner);
    QVERIFY(owner->isOwner());
    QVERIFY(owner->isDemo());
    m_window->setSession(std::move(owner));
    m_window->show();
    m_window->sidebar()->setView(Sidebar::View::All);
    // The demo has a few hundred tickets; they arrive and the sidebar counts them.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->ticketView()->model()->rowCount() > 50, 15'000);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->countModel()->countFor(TicketCountModel::Kind::All) > 100,
                             15'000);
    QVERIFY(m_window->windowTitle().contains(u"demo"_s));
    QVERIFY(m_window->triage()->isOwner());
    // File > Switch to the demo client: same window, the client's own tickets, no triage.
    QAction *switchDemo = m_window->findChild<QAction *>(u"actionSwitchDemo"_s);
    QVERIFY(switchDemo->isVisible());
    switchDemo->trigger();
    QCOMPARE(m_window->session()->account().id, u"demo-client"_s);
    QVERIFY(!m_window->triage()->isOwner());
    for (QAction *a : m_window->triage()->actions())
        QVERIFY(!a->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->ticketView()->model()->rowCount() > 0, 15'000);
    const qint64 clientAll = m_window->countModel()->countFor(TicketCountModel::Kind::All);
    QVERIFY(clientAll > 0);
    m_window->setSession(nullptr);
    m_window.reset();
}

void TestMainWindow::historyFollowsAClose()
{
    // Select a ticket, close it with a note: the History shows the close, also after
    // selecting another ticket and coming back (it used to stay at "Created").
    const QString title = u"Close me with a note %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    const QString id = createTicket(title).value(u"id"_s).toString();
    const QString other = u"Another ticket %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    QVERIFY(!createTicket(other).isEmpty());
    openWindow();
    QVERIFY(selectByTitle(title));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->detailPane()->plainText().contains(u"Created"_s), 10'000);
    m_window->triage()->setNotePrompt(
            [](int) { return std::optional<QString>(u"Duplicate of #281"_s); });
    press(Qt::Key_C);
    QTRY_COMPARE_WITH_TIMEOUT(serverTicket(id).value(u"status"_s).toString(), u"closed"_s, 10'000);
    QVERIFY(waitSynced());
    QVERIFY(selectByTitle(other));
    QVERIFY(selectByTitle(title));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->detailPane()->plainText().contains(u"Duplicate of #281"_s),
                             10'000);
    // People by name where known, not by id: the client who filed it (the caller is the
    // requester), and the owner who closed it, who is the one signed in.
    const QString detail = m_window->detailPane()->plainText();
    QVERIFY2(detail.contains(u"Created (%1)"_s.arg(data::ClientName)), qPrintable(detail));
    QVERIFY2(detail.contains(u"(%1 (you))"_s.arg(data::OwnerName)), qPrintable(detail));
    QVERIFY2(detail.contains(u"%1 (user)"_s.arg(data::ClientName)), qPrintable(detail));
    QVERIFY(!detail.contains(data::ClientId));
    QVERIFY(!detail.contains(data::OwnerId));
}

void TestMainWindow::newTicketFromTheWindowIsCreatedOnce()
{
    openWindow();
    const QString title = u"Filed from the window %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    // As a user: File > New ticket, type, Review, Submit in the confirmation.
    answerTicketForm(title, false);
    m_window->newTicketAction()->trigger();
    m_window->setDialogHook({});
    // It is sent at once and the status bar says which number it got.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->statusBar()->currentMessage().contains(u"created"_s),
                             15'000);
    const auto tickets
            = m_http->get(u"/api/tickets?limit=500"_s, data::OwnerToken).json().value(u"tickets"_s);
    int found = 0;
    QString number;
    for (const QJsonValue &t : tickets.toArray()) {
        if (t.toObject().value(u"title"_s).toString() == title) {
            ++found;
            number = QString::number(t.toObject().value(u"number"_s).toInteger());
            QCOMPARE(t.toObject().value(u"source"_s).toString(), u"desktop"_s);
        }
    }
    QCOMPARE(found, 1);
    QVERIFY2(m_window->statusBar()->currentMessage().contains(u"#"_s + number),
             qPrintable(m_window->statusBar()->currentMessage()));
    QCOMPARE(pendingOutbox(), 0);
}

void TestMainWindow::signedOutSaysWhatToDoAndSigningInSends()
{
    // A token the server will revoke, for this test only.
    const QString token = m_server->issueToken(data::OwnerId);
    const QString title = u"Triaged while signed out %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    const QString id = createTicket(title).value(u"id"_s).toString();
    makeWindow();
    auto session = m_accounts->signInAndOpen(m_server->baseUrl(), token);
    QVERIFY(session);
    QSignalSpy synced(session.get(), &AccountSession::syncFinished);
    m_window->setSession(std::move(session));
    m_window->show();
    QVERIFY(synced.wait(15'000));
    m_window->sidebar()->setView(Sidebar::View::All);
    QVERIFY(!m_window->signInBanner()->isVisible());

    QVERIFY(m_server->revokeToken(token));
    QVERIFY(selectByTitle(title));
    press(Qt::Key_T);
    // The server refuses the token: the window says so, and what to do, until signed in.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->signInBanner()->isVisible(), 10'000);
    QVERIFY2(m_window->signInBannerText().contains(u"Sign in again to send 1 queued change"_s),
             qPrintable(m_window->signInBannerText()));
    QCOMPARE(m_window->statusWidget()->connectionText(), u"Signed out"_s);
    QVERIFY(m_window->signInAction()->isVisible());
    QTest::qWait(300);
    QCOMPARE(serverTicket(id).value(u"status"_s).toString(), u"new"_s);

    // Sign in again (the connect dialog, a new token): the outbox drains at once.
    const QString fresh = m_server->issueToken(data::OwnerId);
    m_window->setDialogHook([&](QDialog *dialog) {
        auto *connect = qobject_cast<ConnectDialog *>(dialog);
        QVERIFY(connect);
        connect->setToken(fresh);
        connect->connectButton()->click();
    });
    m_window->signInAction()->trigger();
    m_window->setDialogHook({});
    QTRY_COMPARE_WITH_TIMEOUT(serverTicket(id).value(u"status"_s).toString(), u"triaged"_s, 10'000);
    QTRY_VERIFY(!m_window->signInBanner()->isVisible());
    QTRY_COMPARE(m_window->statusWidget()->connectionText(), u"Online"_s);
    QTRY_COMPARE(pendingOutbox(), 0);
}

void TestMainWindow::sendNowWhileWorkingOfflineSaysWhy()
{
    openWindow();
    const QString title = u"Sent later %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    m_window->workOfflineAction()->trigger();
    answerTicketForm(title, true);
    m_window->newTicketAction()->trigger();
    m_window->setDialogHook({});
    QCOMPARE(pendingOutbox(), 1);
    m_window->findChild<QAction *>(u"actionShowOutbox"_s)->trigger();
    OutboxView *view = m_window->outboxView();
    const qint64 itemId = test::allOutboxItems(m_window->session()->outbox()).constLast().id;
    QTRY_VERIFY(view->rowOf(itemId) >= 0);
    view->setCurrentItem(itemId);
    QTRY_VERIFY(view->retryButton()->isEnabled());
    // Send now while working offline: the item is due, and the status bar says why it stays.
    QVERIFY2(view->retryButton()->toolTip().contains(u"Ctrl+Shift+W"_s),
             qPrintable(view->retryButton()->toolTip()));
    view->retryButton()->click();
    const QString said = m_window->statusBar()->currentMessage();
    QVERIFY2(said.startsWith(u"Working offline: nothing is sent"_s), qPrintable(said));
    QVERIFY2(said.contains(u"Ctrl+Shift+W"_s), qPrintable(said));
    QCOMPARE(view->stateText(view->rowOf(itemId)), OutboxView::stateLabel(OutboxState::Queued));
    QTest::qWait(500);
    QCOMPARE(pendingOutbox(), 1);
    // Back online it goes out, and Send now is plain again.
    m_window->workOfflineAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(pendingOutbox(), 0, 15'000);
    QVERIFY(!view->retryButton()->toolTip().contains(u"Ctrl+Shift+W"_s));
}

void TestMainWindow::aHeldTicketIsEditedAndSentFromTheOutbox()
{
    openWindow();
    const QString stamp = QString::number(QDateTime::currentMSecsSinceEpoch());
    const QString draft = u"Kept for later "_s + stamp;
    const QString edited = u"Edited before sending "_s + stamp;
    // File > New ticket, then "Keep in outbox" in the confirmation.
    answerTicketForm(draft, true);
    m_window->newTicketAction()->trigger();
    QCOMPARE(pendingOutbox(), 1);
    QTest::qWait(500);
    QCOMPARE(pendingOutbox(), 1); // held: not sent while online
    // The list shows it already, as a new ticket that is not sent yet.
    QVERIFY(selectByTitle(draft));
    QTRY_VERIFY(m_window->detailPane()->plainText().contains(u"Not sent yet"_s));
    QVERIFY(!m_window->triage()->action(TicketStatus::Triaged)->isEnabled());

    // The Outbox dock lists it as held; Edit reopens it, the user retitles it and submits.
    m_window->findChild<QAction *>(u"actionShowOutbox"_s)->trigger();
    OutboxView *view = m_window->outboxView();
    const qint64 itemId = test::allOutboxItems(m_window->session()->outbox()).constLast().id;
    QTRY_VERIFY(view->rowOf(itemId) >= 0);
    QCOMPARE(view->stateText(view->rowOf(itemId)), OutboxView::stateLabel(OutboxState::Held));
    view->setCurrentItem(itemId);
    QTRY_VERIFY(view->editButton()->isEnabled());
    answerTicketForm(edited, false);
    view->editButton()->click();
    m_window->setDialogHook({});
    QTRY_COMPARE_WITH_TIMEOUT(pendingOutbox(), 0, 15'000);
    const auto tickets
            = m_http->get(u"/api/tickets?limit=500"_s, data::OwnerToken).json().value(u"tickets"_s);
    int drafts = 0;
    int edits = 0;
    for (const QJsonValue &t : tickets.toArray()) {
        drafts += t.toObject().value(u"title"_s).toString() == draft;
        edits += t.toObject().value(u"title"_s).toString() == edited;
    }
    QCOMPARE(drafts, 0);
    QCOMPARE(edits, 1);
}

void TestMainWindow::aNumberInTheSearchShowsThatTicket_data()
{
    QTest::addColumn<QString>("form"); // %1: the number, %2: the id
    QTest::newRow("number") << u"%1"_s;
    QTest::newRow("#number") << u"#%1"_s;
    QTest::newRow("pasted id") << u"  %2 "_s;
}

void TestMainWindow::aNumberInTheSearchShowsThatTicket()
{
    QFETCH(QString, form);
    const QString title = u"Find me by number %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    const QJsonObject created = createTicket(title);
    const QString other = u"Somewhere else %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    QVERIFY(!createTicket(other).isEmpty());
    openWindow();
    QVERIFY(selectByTitle(other));
    const QString text = form.arg(created.value(u"number"_s).toInteger())
                                 .arg(created.value(u"id"_s).toString());
    m_window->searchField()->setFocus();
    QTest::keyClicks(m_window->searchField(), text);
    QTest::keyClick(m_window->searchField(), Qt::Key_Return);
    // The ticket is shown (and current in the list), not searched for as text.
    QTRY_VERIFY(m_window->detailPane()->plainText().contains(title));
    QCOMPARE(m_window->ticketView()->currentIndex().siblingAtColumn(TicketListModel::Title).data(),
             QVariant(title));
    QVERIFY(m_window->emptyStateText().isEmpty());
    QVERIFY(m_window->ticketView()->model()->rowCount() > 1);
}

void TestMainWindow::aPastedIdNotSyncedYetIsFetched()
{
    openWindow();
    // Filed after the window's last sync: the cache does not have it yet.
    const QString title = u"Pasted from a chat %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    const QString id = createTicket(title).value(u"id"_s).toString();
    QVERIFY(!m_window->session()->cache()->ticket(id));
    QTest::keyClicks(m_window->searchField(), id);
    QTest::keyClick(m_window->searchField(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->detailPane()->plainText().contains(title), 10'000);
    QVERIFY(m_window->session()->cache()->ticket(id));
}

void TestMainWindow::anEmptyListSaysWhyAndOffersTheWayBack()
{
    QVERIFY(!createTicket(u"Anything at all"_s).isEmpty());
    openWindow();
    QVERIFY(m_window->emptyState()->isHidden());
    QTest::keyClicks(m_window->searchField(), u"zqxjvw"_s);
    QTest::keyClick(m_window->searchField(), Qt::Key_Return);
    QTRY_COMPARE(m_window->ticketView()->model()->rowCount(), 0);
    QTRY_VERIFY(m_window->emptyState()->isVisible());
    QVERIFY2(m_window->emptyStateText().contains(u"No tickets match “zqxjvw”"_s),
             qPrintable(m_window->emptyStateText()));
    auto *clearSearch = m_window->emptyState()->findChild<QPushButton *>(u"clearSearchButton"_s);
    auto *clearFilters = m_window->emptyState()->findChild<QPushButton *>(u"clearFiltersButton"_s);
    QVERIFY(clearSearch->isVisible());
    QVERIFY(!clearFilters->isVisible());
    QTest::mouseClick(clearSearch, Qt::LeftButton);
    QTRY_VERIFY(m_window->ticketView()->model()->rowCount() > 0);
    QVERIFY(m_window->searchField()->text().isEmpty());
    QTRY_VERIFY(m_window->emptyState()->isHidden());
    // A filter that hides everything: the way back is clearing the filters.
    FilterButton *role = m_window->roleFilter();
    QList<FilterButton::Option> roles = role->options();
    roles.append({u"nobody-has-this-role"_s, u"nobody-has-this-role"_s});
    role->setOptions(roles);
    role->optionAction(u"nobody-has-this-role"_s)->trigger();
    QTRY_VERIFY(m_window->emptyState()->isVisible());
    QVERIFY2(m_window->emptyStateText().contains(u"filters"_s),
             qPrintable(m_window->emptyStateText()));
    QVERIFY(clearFilters->isVisible());
    QTest::mouseClick(clearFilters, Qt::LeftButton);
    QTRY_VERIFY(m_window->emptyState()->isHidden());
    QVERIFY(!role->isActive());
    QCOMPARE(role->text(), u"Any role"_s);
}

void TestMainWindow::matchedWordsAreMarkedInTheDetail()
{
    const QString word = u"Quuxfrob%1"_s.arg(QDateTime::currentMSecsSinceEpoch() % 100000);
    const QString title = u"Checkout %1 button"_s.arg(word);
    QVERIFY(!createTicket(title).isEmpty());
    openWindow();
    // Typing the start of the word finds the ticket; the detail pane marks what matched.
    QTest::keyClicks(m_window->searchField(), word.left(6).toLower());
    QTest::keyClick(m_window->searchField(), Qt::Key_Return);
    QTRY_COMPARE(m_window->ticketView()->model()->rowCount(), 1);
    QVERIFY(selectByTitle(title));
    QTRY_VERIFY(m_window->detailPane()->plainText().contains(title));
    const QString html = m_window->detailPane()->html();
    QVERIFY2(html.contains(u">"_s + word.left(6) + u"</span>"_s), qPrintable(html.left(600)));
    QVERIFY(html.contains(u"background-color"_s));
    // Without a search nothing is marked.
    m_window->searchField()->clear();
    QTest::keyClick(m_window->searchField(), Qt::Key_Return);
    QVERIFY(selectByTitle(title));
    QTRY_VERIFY(!m_window->detailPane()->html().contains(word.left(6) + u"</span>"_s));
}

void TestMainWindow::afterTriageTheNextTicketIsShown()
{
    const qint64 stamp = QDateTime::currentMSecsSinceEpoch();
    QStringList titles; // oldest first
    QStringList ids;
    for (int i = 0; i < 5; ++i) {
        titles.append(u"Triage loop %1 %2"_s.arg(i).arg(stamp));
        ids.append(createTicket(titles.last()).value(u"id"_s).toString());
        QVERIFY(!ids.last().isEmpty());
    }
    openWindow();
    m_window->sidebar()->setView(Sidebar::View::Inbox);
    // Offline, so the changes wait and the list stays still while we look.
    m_window->workOfflineAction()->trigger();
    QTreeView *view = m_window->ticketView();
    auto titleAt = [view](int row) {
        return view->model()->index(row, TicketListModel::Title).data().toString();
    };
    auto current = [view, titleAt] { return titleAt(view->currentIndex().row()); };
    auto showsAlone = [this, view, current](const QString &title) {
        return current() == title && view->selectionModel()->selectedRows().size() == 1
               && m_window->detailPane()->plainText().contains(title);
    };
    // Newest first: 4, 3, 2, 1, 0. T on 3 moves on to 2, and the detail pane follows instead
    // of going blank.
    QVERIFY(selectByTitle(titles[3]));
    press(Qt::Key_T);
    QCOMPARE(pendingOutbox(), 1);
    QVERIFY2(showsAlone(titles[2]), qPrintable(current()));
    QVERIFY(view->hasFocus());

    // A bulk action on 2 and 1 moves on to the ticket after them, alone.
    QTest::keyClick(view, Qt::Key_Down, Qt::ShiftModifier);
    QCOMPARE(view->selectionModel()->selectedRows().size(), 2);
    press(Qt::Key_T);
    QCOMPARE(pendingOutbox(), 3);
    QVERIFY2(showsAlone(titles[0]), qPrintable(current()));

    // Once the server has the changes, the triaged tickets leave the Inbox; the cursor stays
    // on the ticket being read, it does not jump to the top.
    m_window->workOfflineAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(pendingOutbox(), 0, 10'000);
    QVERIFY(waitSynced());
    QTRY_VERIFY(m_window->listModel()->rowOf(ids[3]) < 0);
    QVERIFY(m_window->listModel()->rowOf(ids[1]) < 0);
    QVERIFY2(showsAlone(titles[0]), qPrintable(current()));

    // When the ticket being read leaves the view (someone else triaged it), the cursor moves
    // on to the next one, selected and shown, instead of to the top with nothing selected.
    const int row = view->currentIndex().row();
    const QString next = row + 1 < view->model()->rowCount() ? titleAt(row + 1) : titleAt(row - 1);
    QVERIFY(serverTransition(ids[0], u"triaged"_s));
    QVERIFY(waitSynced());
    QTRY_VERIFY(m_window->listModel()->rowOf(ids[0]) < 0);
    QTRY_VERIFY2(showsAlone(next), qPrintable(current() + u" instead of "_s + next));
}

void TestMainWindow::singleKeysAreTypingOutsideTheList()
{
    const QString title = u"Keys typed elsewhere %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    QVERIFY(!createTicket(title).isEmpty());
    openWindow();
    QVERIFY(selectByTitle(title));
    // In the search field the letters are text.
    m_window->searchField()->setFocus();
    QTest::keyClicks(m_window->searchField(), u"tpcjk"_s);
    QCOMPARE(m_window->searchField()->text(), u"tpcjk"_s);
    m_window->searchField()->clear();
    // In the sidebar and the filters a letter is a keyboard search, not a triage.
    QTreeWidget *sidebar = m_window->sidebar()->tree();
    sidebar->setFocus();
    QTest::keyClick(sidebar, Qt::Key_C);
    QCOMPARE(m_window->sidebar()->view(), Sidebar::View::Closed); // type-ahead found "Closed"
    QVERIFY(m_window->priorityFilter());
    m_window->priorityFilter()->setFocus();
    QTest::keyClick(m_window->priorityFilter(), Qt::Key_P);
    QCOMPARE(pendingOutbox(), 0);
    // In the list (and the detail pane) the same key triages.
    m_window->sidebar()->setView(Sidebar::View::All);
    QVERIFY(selectByTitle(title));
    press(Qt::Key_T);
    QCOMPARE(pendingOutbox(), 1);
}

void TestMainWindow::closeNoteReasonsAndFocusComesBack()
{
    const QString title = u"Spam to close %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    const QString id = createTicket(title).value(u"id"_s).toString();
    openWindow();
    QVERIFY(selectByTitle(title));
    QTreeView *view = m_window->ticketView();
    QVERIFY(view->hasFocus());
    // C from new asks why; a common reason is one click, Ctrl+Enter closes.
    bool asked = false;
    m_window->setDialogHook([&asked](QDialog *dialog) {
        auto *note = qobject_cast<TriageNoteDialog *>(dialog);
        QVERIFY(note);
        asked = true;
        // Whatever the checks say, the dialog goes, so a failure cannot hang the test.
        const auto leave = qScopeGuard([note] {
            if (note->isVisible())
                note->reject();
        });
        QVERIFY(!note->okButton()->isEnabled());
        note->reasonButton(TriageNoteDialog::Reason::Spam)->click();
        QVERIFY(note->okButton()->isEnabled());
        QCOMPARE(note->focusWidget(), note->editor());
        QTest::keyClick(note->editor(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(!note->isVisible());
    });
    press(Qt::Key_C);
    QVERIFY(asked);
    QCOMPARE(pendingOutbox(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(serverTicket(id).value(u"status"_s).toString(), u"closed"_s, 10'000);
    const auto events = m_http->get(u"/api/tickets/%1/events"_s.arg(id), data::OwnerToken)
                                .json()
                                .value(u"events"_s)
                                .toArray();
    QCOMPARE(events.last().toObject().value(u"note"_s).toString(), u"Spam"_s);
    // Focus is back in the list, so the next key acts there. (The window manager activates
    // the window again when a dialog closes; the offscreen platform has none, so the test
    // does.)
    auto backInWindow = [this] {
        QApplication::setActiveWindow(m_window.get());
        return QTest::qWaitForWindowActive(m_window.get());
    };
    QVERIFY(backInWindow());
    QTRY_VERIFY(view->hasFocus());
    // The same for the shortcut list (?) and a cancelled New ticket form.
    bool shown = false;
    m_window->setDialogHook([&shown](QDialog *dialog) {
        shown = true;
        dialog->reject();
    });
    QTest::keyClick(view, '?');
    QVERIFY(shown);
    QVERIFY(backInWindow());
    QTRY_VERIFY(view->hasFocus());
    shown = false;
    m_window->searchField()->setFocus();
    QTest::keySequence(m_window->searchField(), QKeySequence::New);
    QVERIFY(shown);
    QVERIFY(backInWindow());
    QTRY_VERIFY(m_window->searchField()->hasFocus());
}

void TestMainWindow::theShortcutSheetIsGroupedAndListsEachKeyOnce()
{
    openWindow();
    QStringList lines;
    m_window->setDialogHook([&lines](QDialog *dialog) {
        auto *sheet = qobject_cast<ShortcutsDialog *>(dialog);
        if (sheet)
            lines = sheet->lines();
        dialog->reject();
    });
    QTest::keyClick(m_window->ticketView(), '?');
    QVERIFY(!lines.isEmpty());
    // Grouped by purpose, the triage keys apart from the views.
    QStringList groups;
    QStringList keys;
    for (const QString &line : std::as_const(lines)) {
        const QString group = line.section(u": "_s, 0, 0);
        if (!groups.contains(group))
            groups << group;
        for (const QString &key : line.section(u" = "_s, 1).split(u" or "_s))
            keys << key;
    }
    QCOMPARE(groups.mid(0, 4),
             (QStringList{u"Navigation"_s, u"Triage"_s, u"Views"_s, u"Editing"_s}));
    QVERIFY2(lines.contains(u"Triage: Close ticket = C"_s), qPrintable(lines.join(u'\n')));
    QVERIFY2(lines.contains(u"Views: Closed = Ctrl+4"_s), qPrintable(lines.join(u'\n')));
    QVERIFY(lines.contains(u"Navigation: Keyboard shortcuts = F1 or ?"_s));
    // Each key once.
    QCOMPARE(QSet<QString>(keys.cbegin(), keys.cend()).size(), keys.size());
    // The toolbar says what the action does to the ticket, not "Close" as for a window.
    QCOMPARE(m_window->triage()->action(TicketStatus::Closed)->text().remove(u'&'),
             u"Close ticket"_s);
}

namespace {

// The text a tooltip puts on screen: QToolTip renders what Qt::mightBeRichText() takes for
// HTML, and shows anything else as it is.
QString shownAsToolTip(const QString &tip)
{
    if (!Qt::mightBeRichText(tip))
        return tip;
    QTextDocument document;
    document.setHtml(tip);
    return document.toPlainText();
}

// Where the columns of the list lie in its viewport: [left, right) per shown column.
bool columnInView(QTreeView *view, int column)
{
    QHeaderView *header = view->header();
    const int left = header->sectionViewportPosition(column);
    return !header->isSectionHidden(column) && left >= 0
           && left + header->sectionSize(column) <= view->viewport()->width();
}

} // namespace

void TestMainWindow::theDetailPaneCanBeHiddenAndStaysHidden()
{
    createTicket(u"Read with the pane hidden %1"_s.arg(QDateTime::currentMSecsSinceEpoch()));
    openWindow();
    QAction *show = m_window->showDetailAction();
    QVERIFY(show->isCheckable());
    QVERIFY(show->isChecked());
    QVERIFY(m_window->detailPane()->isVisible());
    const int listWidth = m_window->ticketView()->width();
    // View > Show detail pane, by its shortcut.
    QTest::keyClick(m_window.get(), Qt::Key_F8);
    QVERIFY(!show->isChecked());
    QVERIFY(!m_window->detailPane()->isVisible());
    QTRY_VERIFY(m_window->ticketView()->width() > listWidth); // the list takes the room

    reopenWindow();
    QVERIFY(!m_window->showDetailAction()->isChecked());
    QVERIFY(!m_window->detailPane()->isVisible());
    // Opening a ticket (Enter) brings it back: that is what the user asked to see.
    QTRY_VERIFY(m_window->ticketView()->currentIndex().isValid());
    press(Qt::Key_Return);
    QVERIFY(m_window->detailPane()->isVisible());
    QVERIFY(m_window->showDetailAction()->isChecked());
    reopenWindow();
    QVERIFY(m_window->detailPane()->isVisible());
}

void TestMainWindow::aNarrowWindowKeepsNumberTitleStatusAndTime()
{
    createTicket(u"Seen in a small window %1"_s.arg(QDateTime::currentMSecsSinceEpoch()));
    openWindow();
    QTreeView *view = m_window->ticketView();
    QHeaderView *header = view->header();
    const int columns[] = {TicketListModel::Number, TicketListModel::Title, TicketListModel::Status,
                           TicketListModel::Updated};
    m_window->resize(800, 600);
    QTRY_COMPARE(m_window->size(), QSize(800, 600));
    for (int column : columns) {
        QTRY_VERIFY2(columnInView(view, column),
                     qPrintable(u"column %1 at %2 + %3 in %4"_s.arg(column)
                                        .arg(header->sectionViewportPosition(column))
                                        .arg(header->sectionSize(column))
                                        .arg(view->viewport()->width())));
    }
    // The title is readable, not squeezed to a sliver.
    QVERIFY2(header->sectionSize(TicketListModel::Title) >= 100,
             qPrintable(QString::number(header->sectionSize(TicketListModel::Title))));
    // No horizontal scrolling needed for what is shown.
    QCOMPARE(header->length(), view->viewport()->width());

    // Wide again: every column is back and the title has the spare width.
    m_window->resize(1600, 900);
    QTRY_COMPARE(m_window->size(), QSize(1600, 900));
    QTRY_VERIFY(!header->isSectionHidden(TicketListModel::Requester));
    for (int column = 0; column < header->count(); ++column)
        QVERIFY2(columnInView(view, column), qPrintable(QString::number(column)));
    int others = 0;
    for (int column = 0; column < header->count(); ++column) {
        if (column != TicketListModel::Title)
            others += header->sectionSize(column);
    }
    QCOMPARE(header->sectionSize(TicketListModel::Title), view->viewport()->width() - others);
    // The CSV still has every column, whatever the width of the window was.
    m_window->resize(800, 600);
    QTRY_VERIFY(header->isSectionHidden(TicketListModel::Roles));
    const QString path = m_dir->filePath(u"narrow.csv"_s);
    QVERIFY(m_window->exportCsv(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readLine().trimmed(), "#,Title,Type,Priority,Roles,Requester,Status,Updated"_ba);
}

void TestMainWindow::germanHeadingsAreNotCutOff()
{
    auto *app = qobject_cast<QApplication *>(QCoreApplication::instance());
    QVERIFY(installTranslations(*app, QLocale(QLocale::German, QLocale::Germany)));
    auto english = qScopeGuard([app] { installTranslations(*app, QLocale(QLocale::English)); });
    openWindow();
    m_window->resize(1600, 900);
    QTRY_COMPARE(m_window->size(), QSize(1600, 900));
    QHeaderView *header = m_window->ticketView()->header();
    QCOMPARE(header->model()->headerData(TicketListModel::Requester, Qt::Horizontal).toString(),
             u"Anfragende Person"_s);
    int checked = 0;
    for (int column = 0; column < header->count(); ++column) {
        const QString label = header->model()->headerData(column, Qt::Horizontal).toString();
        if (label.isEmpty() || header->isSectionHidden(column))
            continue;
        const int text = header->fontMetrics().horizontalAdvance(label);
        QVERIFY2(header->sectionSize(column) >= text,
                 qPrintable(u"%1: %2 px for %3 px of text"_s.arg(label)
                                    .arg(header->sectionSize(column))
                                    .arg(text)));
        ++checked;
    }
    QCOMPARE(checked, header->count() - 1); // every heading but the icon column's
}

void TestMainWindow::aRowWithASyncMarkerIsAsHighAsTheOthers()
{
    const QString synced = u"Plain row %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    createTicket(synced);
    openWindow();
    QTreeView *view = m_window->ticketView();
    QVERIFY(selectByTitle(synced));
    const int plainHeight = view->visualRect(view->currentIndex()).height();
    QVERIFY(plainHeight > 0);
    // A ticket kept in the outbox shows the marker (and becomes the first row).
    const QString held = u"Held row %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    answerTicketForm(held, true);
    m_window->newTicketAction()->trigger();
    m_window->setDialogHook({});
    QVERIFY(selectByTitle(held));
    const QModelIndex marked = view->currentIndex().siblingAtColumn(TicketListModel::SyncState);
    QVERIFY(!marked.data(Qt::DecorationRole).value<QIcon>().isNull());
    // The first row sets every row's height (uniform rows): the marker must not raise it.
    QCOMPARE(marked.row(), 0);
    QCOMPARE(view->visualRect(marked).height(), plainHeight);
    QVERIFY(selectByTitle(synced));
    QCOMPARE(view->sizeHintForRow(marked.row()), view->sizeHintForRow(view->currentIndex().row()));
}

void TestMainWindow::csvExportWritesValuesAndGuardsFormulas()
{
    const QString stamp = QString::number(QDateTime::currentMSecsSinceEpoch());
    // Titles a spreadsheet would run: through the app's API, and (tab, carriage return first,
    // which the API trims away) through the public intake, which takes the words as sent.
    QHash<QString, QString> guarded; // title → its cell
    for (const QString &lead : {u"="_s, u"+"_s, u"-"_s, u"@"_s}) {
        const QString title = lead + u"SUM(A1) "_s + stamp;
        QVERIFY(!createTicket(title).value(u"id"_s).toString().isEmpty());
        guarded.insert(title, u"'"_s + title);
    }
    for (const QString &lead : {u"\t"_s, u"\r"_s}) {
        const QString title = lead + u"=cmd "_s + stamp;
        QVERIFY(!intakeTicket(title, u"Rita Requester"_s).isEmpty());
        // A cell with a carriage return is quoted as well (RFC 4180).
        const QString cell = u"'"_s + title;
        guarded.insert(title, lead == u"\r"_s ? QString(u'"' + cell + u'"') : cell);
    }
    const QString plain = u"Today's ticket "_s + stamp;
    const QJsonObject created = createTicket(plain);
    openWindow();
    QVERIFY(selectByTitle(plain));
    // On screen: today's time and a number with #.
    const QModelIndex row = m_window->ticketView()->currentIndex();
    const QString shownTime = row.siblingAtColumn(TicketListModel::Updated).data().toString();
    QVERIFY2(!shownTime.contains(u'-') && shownTime.contains(u':'), qPrintable(shownTime));
    QVERIFY(row.siblingAtColumn(TicketListModel::Number).data().toString().startsWith(u'#'));

    const QString path = m_dir->filePath(u"values.csv"_s);
    QVERIFY(m_window->exportCsv(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString csv = QString::fromUtf8(file.readAll());
    for (auto it = guarded.cbegin(); it != guarded.cend(); ++it)
        QVERIFY2(csv.contains(u","_s + it.value() + u","_s), qPrintable(it.key()));

    const QStringList lines = csv.split(u"\r\n"_s);
    const QStringList header = lines.first().split(u',');
    QString line;
    for (const QString &l : lines) {
        if (l.contains(plain))
            line = l;
    }
    QVERIFY(!line.isEmpty());
    const QStringList cells = line.split(u',');
    QCOMPARE(cells.size(), header.size());
    QCOMPARE(cells.at(header.indexOf(u"#"_s)),
             QString::number(created.value(u"number"_s).toInteger()));
    const QString updated = cells.at(header.indexOf(u"Updated"_s));
    QVERIFY2(QRegularExpression(u"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$"_s)
                     .match(updated)
                     .hasMatch(),
             qPrintable(updated));
    const QDateTime server
            = QDateTime::fromString(created.value(u"updated_at"_s).toString(), Qt::ISODateWithMs);
    QVERIFY(server.isValid());
    QCOMPARE(QDateTime::fromString(updated, Qt::ISODate),
             server.toUTC().addMSecs(-server.time().msec()));
}

void TestMainWindow::tooltipsShowOtherPeoplesTextAsWritten()
{
    const QString stamp = QString::number(QDateTime::currentMSecsSinceEpoch());
    const QString name = u"<b>x</b> <img src=\"https://example.com/p.png\"> & co"_s;
    const QString title = u"Hello from the form "_s + stamp;
    QVERIFY(!intakeTicket(title, name).isEmpty());
    openWindow();
    QVERIFY(selectByTitle(title));
    const QModelIndex requester
            = m_window->ticketView()->currentIndex().siblingAtColumn(TicketListModel::Requester);
    QCOMPARE(requester.data().toString(), name);
    const QString tip = requester.data(Qt::ToolTipRole).toString();
    QCOMPARE(shownAsToolTip(tip), name + u" <rita@example.com>"_s);

    // The outbox: a held ticket's title, as its tooltip.
    const QString held = u"<i>tilted</i> <img src=x> "_s + stamp;
    answerTicketForm(held, true);
    m_window->newTicketAction()->trigger();
    m_window->setDialogHook({});
    m_window->findChild<QAction *>(u"actionShowOutbox"_s)->trigger();
    OutboxView *outbox = m_window->outboxView();
    const qint64 itemId = test::allOutboxItems(m_window->session()->outbox()).constLast().id;
    QTRY_VERIFY(outbox->rowOf(itemId) >= 0);
    auto *table = outbox->findChild<QTreeView *>();
    QVERIFY(table);
    bool found = false;
    for (int column = 0; column < table->model()->columnCount(); ++column) {
        const QModelIndex cell = table->model()->index(outbox->rowOf(itemId), column);
        const QString shown = cell.data().toString();
        QCOMPARE(shownAsToolTip(cell.data(Qt::ToolTipRole).toString()), shown);
        found = found || shown == held;
    }
    QVERIFY(found);

    // The status bar: a sync problem in the server's words.
    const QString problem = u"<img src=x> refused"_s;
    m_window->statusWidget()->setSyncProblem(problem);
    const QList<QLabel *> labels = m_window->statusWidget()->findChildren<QLabel *>();
    QVERIFY(std::any_of(labels.cbegin(), labels.cend(), [&](QLabel *label) {
        return shownAsToolTip(label->toolTip()) == problem;
    }));
}

void TestMainWindow::theNewTicketFormDoesNotMoveWhenAnErrorShows()
{
    openWindow();
    bool answered = false;
    m_window->setDialogHook([&answered](QDialog *dialog) {
        auto *submission = qobject_cast<SubmissionDialog *>(dialog);
        QVERIFY(submission);
        SubmissionForm *form = submission->form();
        QVERIFY(form->setProjectId(data::WebProjectId));
        // Nothing in the evidence fields is nothing to send.
        const QString evidenceSize = form->findChild<QLabel *>(u"counter_evidence"_s)->text();
        QVERIFY2(evidenceSize.startsWith(u"0 "_s), qPrintable(evidenceSize));
        auto *type = form->findChild<QComboBox *>(u"request_type"_s);
        type->setCurrentIndex(type->findData(u"bug"_s));
        QApplication::processEvents();
        const QStringList fields{u"title"_s,
                                 u"description"_s,
                                 u"request_type"_s,
                                 u"roles"_s,
                                 u"priority"_s,
                                 u"blocking"_s,
                                 u"evidence_links"_s,
                                 u"evidence"_s,
                                 u"suggested_resolution"_s,
                                 u"implementation_notes"_s};
        auto where = [form, &fields] {
            QList<QRect> places;
            for (const QString &name : fields) {
                auto *widget = form->findChild<QWidget *>(name);
                places.append(widget ? QRect(widget->mapTo(form, QPoint()), widget->size())
                                     : QRect());
            }
            return places;
        };
        const QList<QRect> before = where();
        // Errors under a field with a counter, under one without, and under the evidence.
        QTest::keyClicks(form->findChild<QLineEdit *>(u"title"_s), QString(260, u'x'));
        type->setCurrentIndex(0); // "Choose a type…"
        form->findChild<QPlainTextEdit *>(u"evidence"_s)->setPlainText(u"{not json"_s);
        QApplication::processEvents();
        QVERIFY(!form->fieldError(u"title"_s).isEmpty());
        QVERIFY(!form->fieldError(u"request_type"_s).isEmpty());
        QVERIFY(!form->fieldError(u"evidence"_s).isEmpty());
        const QList<QRect> after = where();
        for (qsizetype i = 0; i < fields.size(); ++i) {
            QVERIFY2(before.at(i) == after.at(i),
                     qPrintable(u"%1 moved from %2,%3 to %4,%5"_s.arg(fields.at(i))
                                        .arg(before.at(i).y())
                                        .arg(before.at(i).height())
                                        .arg(after.at(i).y())
                                        .arg(after.at(i).height())));
        }
        answered = true;
        form->findChild<QPushButton *>(u"cancel"_s)->click();
    });
    m_window->newTicketAction()->trigger();
    m_window->setDialogHook({});
    QVERIFY(answered);
}

void TestMainWindow::theHighlightIsAlwaysWhatTheListShows()
{
    openWindow();
    Sidebar *sidebar = m_window->sidebar();
    QTRY_VERIFY_WITH_TIMEOUT(
            !sidebar->projectLineText(TicketFilter::Scope::Project, data::WebProjectId).isEmpty(),
            10'000);
    const auto highlighted = [sidebar] { return sidebar->highlightedLineText(); };
    const auto ctrl = [this](Qt::Key key) {
        QTest::keyClick(m_window->ticketView(), key, Qt::ControlModifier);
    };
    // Click Closed, press Ctrl+1: the list shows the inbox and the inbox is highlighted...
    QVERIFY(clickSidebarLine(u"Closed"_s));
    QCOMPARE(listedStatuses(), QList<TicketStatus>{TicketStatus::Closed});
    QVERIFY2(highlighted().startsWith(u"Closed "_s), qPrintable(highlighted()));
    ctrl(Qt::Key_1);
    QCOMPARE(listedStatuses(), QList<TicketStatus>{TicketStatus::New});
    QVERIFY2(highlighted().startsWith(u"Inbox "_s), qPrintable(highlighted()));
    QVERIFY(m_window->viewActions().at(0)->isChecked());
    // ...so clicking Closed again shows Closed.
    QVERIFY(clickSidebarLine(u"Closed"_s));
    QCOMPARE(listedStatuses(), QList<TicketStatus>{TicketStatus::Closed});
    QVERIFY2(highlighted().startsWith(u"Closed "_s), qPrintable(highlighted()));
    QVERIFY(m_window->viewActions().at(3)->isChecked());
    // A project narrows the view in effect; a number then picks a view within it.
    QVERIFY(clickSidebarLine(data::WebProjectName));
    QCOMPARE(m_window->listModel()->filter().scope, TicketFilter::Scope::Project);
    QVERIFY2(highlighted().startsWith(data::WebProjectName), qPrintable(highlighted()));
    ctrl(Qt::Key_2);
    QCOMPARE(listedStatuses(), QList<TicketStatus>{TicketStatus::Triaged});
    QCOMPARE(m_window->listModel()->filter().projectId, data::WebProjectId);
    QVERIFY2(highlighted().startsWith(u"Triaged "_s), qPrintable(highlighted()));
    // The View menu, the same.
    m_window->viewActions().at(4)->trigger();
    QCOMPARE(listedStatuses(), QList<TicketStatus>{});
    QVERIFY2(highlighted().startsWith(u"All "_s), qPrintable(highlighted()));
    // A section title is not a choice: clicking it changes neither the list nor the highlight.
    QVERIFY(clickSidebarLine(u"Views"_s));
    QCOMPARE(listedStatuses(), QList<TicketStatus>{});
    QVERIFY2(highlighted().startsWith(u"All "_s), qPrintable(highlighted()));
    // The arrow keys step over titles: from All (the last view) down to All projects.
    sidebar->tree()->setFocus();
    QTest::keyClick(sidebar->tree(), Qt::Key_Down);
    QVERIFY2(highlighted().startsWith(u"All projects "_s), qPrintable(highlighted()));
    QCOMPARE(m_window->listModel()->filter().scope, TicketFilter::Scope::All);
    QTest::keyClick(sidebar->tree(), Qt::Key_Up);
    QVERIFY2(highlighted().startsWith(u"All "_s), qPrintable(highlighted()));
    // Every view has its number in its tooltip.
    for (QTreeWidgetItemIterator it(sidebar->tree()); *it; ++it) {
        if ((*it)->text(0) == u"Closed"_s)
            QCOMPARE((*it)->toolTip(0), u"Closed (Ctrl+4)"_s);
    }
}

void TestMainWindow::severalValuesPerFilterListExactlyTheirTickets()
{
    const QString word = u"Kiwi%1"_s.arg(QDateTime::currentMSecsSinceEpoch() % 1000000);
    const struct
    {
        const char16_t *type;
        const char16_t *priority;
    } made[] = {{u"bug", u"high"},
                {u"question", u"urgent"},
                {u"bug", u"low"},
                {u"change_request", u"high"},
                {u"question", u"medium"}};
    for (const auto &m : made) {
        const QString title = u"%1 %2 %3"_s.arg(word, QString::fromUtf16(m.type),
                                                QString::fromUtf16(m.priority));
        QVERIFY(!createTicket(title, QString::fromUtf16(m.priority), QString::fromUtf16(m.type))
                         .isEmpty());
    }
    openWindow();
    search(word);
    QTRY_COMPARE(m_window->ticketView()->model()->rowCount(), 5);
    // Bug or Question, High or Urgent: ticked in each filter's menu.
    FilterButton *type = m_window->typeFilter();
    FilterButton *priority = m_window->priorityFilter();
    type->optionAction(int(RequestType::Bug))->trigger();
    type->optionAction(int(RequestType::Question))->trigger();
    priority->optionAction(int(Priority::High))->trigger();
    priority->optionAction(int(Priority::Urgent))->trigger();
    // The buttons say the choice at a glance; the list holds exactly the matching tickets.
    QCOMPARE(type->text(), u"Type: Bug, Question"_s);
    QCOMPARE(priority->text(), u"Priority: High, Urgent"_s);
    QCOMPARE(type->accessibleName(), u"Filter by type"_s);
    QCOMPARE(m_window->blockingFilter()->text(), u"Blocking or not"_s);
    QTRY_COMPARE(listedTitles(),
                 (QStringList{word + u" bug high"_s, word + u" question urgent"_s}));
    QCOMPARE(m_window->listModel()->filter().requestTypes,
             (QList<RequestType>{RequestType::Bug, RequestType::Question}));
    // Unticking one value widens again.
    priority->optionAction(int(Priority::Urgent))->trigger();
    QTRY_COMPARE(listedTitles(), (QStringList{word + u" bug high"_s}));
    // Filters that hide everything: the list says so and names them.
    type->optionAction(int(RequestType::Bug))->trigger();
    type->optionAction(int(RequestType::Question))->trigger();
    type->optionAction(int(RequestType::BillingQuestion))->trigger();
    QTRY_COMPARE(m_window->ticketView()->model()->rowCount(), 0);
    QTRY_VERIFY(m_window->emptyState()->isVisible());
    QVERIFY2(m_window->emptyStateText().contains(u"Type: Billing question; Priority: High"_s),
             qPrintable(m_window->emptyStateText()));
    // One action clears every filter (and the search): Ctrl+Shift+L.
    QVERIFY(m_window->clearFiltersAction()->isEnabled());
    QTest::keyClick(m_window->ticketView(), Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);
    for (FilterButton *button :
         {type, priority, m_window->blockingFilter(), m_window->roleFilter()})
        QVERIFY2(!button->isActive(), qPrintable(button->text()));
    QCOMPARE(type->text(), u"Any type"_s);
    QVERIFY(m_window->searchField()->text().isEmpty());
    QTRY_VERIFY(m_window->emptyState()->isHidden());
    QVERIFY(m_window->ticketView()->model()->rowCount() >= 5);
    QVERIFY(!m_window->clearFiltersAction()->isEnabled());
}

void TestMainWindow::aSavedViewComesBackAfterARestartWithItsCount()
{
    const QString word = u"Mango%1"_s.arg(QDateTime::currentMSecsSinceEpoch() % 1000000);
    QVERIFY(!createTicket(word + u" bug urgent"_s, u"urgent"_s, u"bug"_s).isEmpty());
    QVERIFY(!createTicket(word + u" question high"_s, u"high"_s, u"question"_s).isEmpty());
    QVERIFY(!createTicket(word + u" bug low"_s, u"low"_s, u"bug"_s).isEmpty());
    openWindow();
    search(word);
    m_window->typeFilter()->optionAction(int(RequestType::Bug))->trigger();
    m_window->priorityFilter()->optionAction(int(Priority::High))->trigger();
    m_window->priorityFilter()->optionAction(int(Priority::Urgent))->trigger();
    QTRY_COMPARE(listedTitles(), QStringList{word + u" bug urgent"_s});
    // Sorted by priority with a click on its column header.
    QHeaderView *header = m_window->ticketView()->header();
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {},
                      QPoint(header->sectionViewportPosition(TicketListModel::Priority) + 10,
                             header->height() / 2));
    QCOMPARE(header->sortIndicatorSection(), int(TicketListModel::Priority));
    const Qt::SortOrder order = header->sortIndicatorOrder();

    // View > Save current view (Ctrl+Shift+S), named in the dialog.
    answerViewName(u"Hot bugs"_s);
    QTest::keyClick(m_window->ticketView(), Qt::Key_S, Qt::ControlModifier | Qt::ShiftModifier);
    m_window->setDialogHook({});
    QCOMPARE(m_window->session()->savedViews().size(), 1);
    const SavedView saved = m_window->session()->savedViews().first();
    QCOMPARE(saved.spec.sortKey, u"priority"_s);
    Sidebar *sidebar = m_window->sidebar();
    QTRY_COMPARE(sidebar->savedViewLineText(saved.id), u"Hot bugs 1"_s);
    QCOMPARE(sidebar->highlightedLineText(), u"Hot bugs 1"_s);
    // It is the sixth entry of the numbered list: Ctrl+6, checked in the View menu.
    QAction *entry = m_window->viewActions().at(5);
    QCOMPARE(entry->text(), u"Hot bugs"_s);
    QCOMPARE(entry->shortcut(), QKeySequence(u"Ctrl+6"_s));
    QVERIFY(entry->isChecked());
    // Another filter value: the list no longer shows the saved view, nor does the highlight.
    m_window->typeFilter()->optionAction(int(RequestType::Question))->trigger();
    QTRY_COMPARE(m_window->ticketView()->model()->rowCount(), 2);
    QVERIFY2(sidebar->highlightedLineText().startsWith(u"All "_s),
             qPrintable(sidebar->highlightedLineText()));
    QVERIFY(!entry->isChecked());

    // Restart: a new window and session through the factory, on the same profile.
    m_window->close();
    m_window->setSession(nullptr);
    m_window.reset();
    openWindow();
    sidebar = m_window->sidebar();
    QTRY_COMPARE(sidebar->savedViewLineText(saved.id), u"Hot bugs 1"_s);
    QVERIFY(!m_window->typeFilter()->isActive());
    QTRY_VERIFY(m_window->ticketView()->model()->rowCount() >= 3);
    // Ctrl+6 brings all of it back: filters, search, sort; highlighted and checked.
    QTest::keyClick(m_window->ticketView(), Qt::Key_6, Qt::ControlModifier);
    QCOMPARE(m_window->typeFilter()->text(), u"Type: Bug"_s);
    QCOMPARE(m_window->priorityFilter()->text(), u"Priority: High, Urgent"_s);
    QCOMPARE(m_window->searchField()->text(), word);
    header = m_window->ticketView()->header();
    QCOMPARE(header->sortIndicatorSection(), int(TicketListModel::Priority));
    QCOMPARE(header->sortIndicatorOrder(), order);
    QCOMPARE(m_window->listModel()->ticketSort().key, TicketSortKey::Priority);
    QTRY_COMPARE(listedTitles(), QStringList{word + u" bug urgent"_s});
    QCOMPARE(sidebar->highlightedLineText(), u"Hot bugs 1"_s);
    QVERIFY(m_window->viewActions().at(5)->isChecked());
    // The count is live: a ticket that matches arrives with the next sync.
    QVERIFY(!createTicket(word + u" bug high"_s, u"high"_s, u"bug"_s).isEmpty());
    QVERIFY(waitSynced());
    QTRY_COMPARE(sidebar->savedViewLineText(saved.id), u"Hot bugs 2"_s);
    QTRY_COMPARE(m_window->ticketView()->model()->rowCount(), 2);
    QCOMPARE(sidebar->highlightedLineText(), u"Hot bugs 2"_s);
}

void TestMainWindow::savedViewsAreRenamedMovedAndDeleted()
{
    openWindow();
    answerViewName(u"First"_s);
    m_window->saveViewAction()->trigger();
    QTest::keyClick(m_window->ticketView(), Qt::Key_4, Qt::ControlModifier); // Closed
    answerViewName(u"Second"_s);
    m_window->saveViewAction()->trigger();
    m_window->setDialogHook({});
    const auto names = [this] {
        QStringList out;
        for (const SavedView &view : m_window->session()->savedViews())
            out.append(view.name);
        return out;
    };
    QCOMPARE(names(), (QStringList{u"First"_s, u"Second"_s}));
    Sidebar *sidebar = m_window->sidebar();
    QVERIFY2(sidebar->highlightedLineText().startsWith(u"Second "_s),
             qPrintable(sidebar->highlightedLineText()));
    QVERIFY(m_window->moveViewUpAction()->isEnabled());
    QVERIFY(!m_window->moveViewDownAction()->isEnabled());
    // Edit > Move saved view up: Second becomes Ctrl+6 and stays highlighted.
    m_window->moveViewUpAction()->trigger();
    QCOMPARE(names(), (QStringList{u"Second"_s, u"First"_s}));
    QCOMPARE(m_window->viewActions().at(5)->text(), u"Second"_s);
    QCOMPARE(m_window->viewActions().at(5)->shortcut(), QKeySequence(u"Ctrl+6"_s));
    QCOMPARE(m_window->viewActions().at(6)->shortcut(), QKeySequence(u"Ctrl+7"_s));
    QVERIFY2(sidebar->highlightedLineText().startsWith(u"Second "_s),
             qPrintable(sidebar->highlightedLineText()));
    QVERIFY(!m_window->moveViewUpAction()->isEnabled());

    // The sidebar's context menu on First: Rename, with the keyboard. A name in use is refused.
    QTreeWidget *tree = sidebar->tree();
    QPoint firstLine;
    for (QTreeWidgetItemIterator it(tree); *it; ++it) {
        if ((*it)->text(0) == u"First"_s)
            firstLine = tree->visualItemRect(*it).center();
    }
    QVERIFY(!firstLine.isNull());
    bool refused = false;
    m_window->setDialogHook([&refused](QDialog *dialog) {
        auto *ask = qobject_cast<ViewNameDialog *>(dialog);
        QVERIFY(ask);
        ask->nameField()->selectAll();
        QTest::keyClicks(ask->nameField(), u"second"_s);
        refused = !ask->okButton()->isEnabled() && ask->hintText().contains(u"second"_s);
        ask->nameField()->selectAll();
        QTest::keyClicks(ask->nameField(), u"Renamed"_s);
        ask->okButton()->click();
    });
    m_window->openSidebarMenu(firstLine, [](QMenu *menu) {
        QAction *rename = nullptr;
        for (QAction *a : menu->actions())
            rename = a->objectName() == u"actionRenameView"_s ? a : rename;
        QVERIFY(rename && rename->isEnabled());
        menu->setActiveAction(rename);
        QTest::keyClick(menu, Qt::Key_Return);
    });
    m_window->setDialogHook({});
    QVERIFY(refused);
    QCOMPARE(names(), (QStringList{u"Second"_s, u"Renamed"_s}));
    QCOMPARE(m_window->viewActions().at(6)->text(), u"Renamed"_s);

    // Ctrl+7 shows it; Delete on its sidebar line asks first, then it is gone.
    QApplication::setActiveWindow(m_window.get()); // the menu and the dialog had the keyboard
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keyClick(m_window->ticketView(), Qt::Key_7, Qt::ControlModifier);
    QVERIFY2(sidebar->highlightedLineText().startsWith(u"Renamed "_s),
             qPrintable(sidebar->highlightedLineText()));
    m_window->setDialogHook([](QDialog *dialog) {
        auto *ask = qobject_cast<QMessageBox *>(dialog);
        QVERIFY(ask);
        QVERIFY(ask->text().contains(u"Renamed"_s));
        for (QAbstractButton *button : ask->buttons()) {
            if (button->text() == u"Delete"_s)
                button->click();
        }
    });
    QVERIFY(m_window->deleteViewAction()->isEnabled()); // Edit > Delete saved view does the same
    sidebar->tree()->setFocus();
    QTest::keyClick(sidebar->tree(), Qt::Key_Delete);
    m_window->setDialogHook({});
    QCOMPARE(names(), QStringList{u"Second"_s});
    QCOMPARE(m_window->viewActions().size(), 6);
    QVERIFY(sidebar->highlightedLineText().startsWith(u"All "_s));
    QCOMPARE(listedStatuses(), QList<TicketStatus>{});
    QVERIFY(!m_window->deleteViewAction()->isEnabled());
}

void TestMainWindow::aClientSeesMyTicketsNotInbox()
{
    const QString title = u"Mine and triaged %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    const QString id = createTicket(title).value(u"id"_s).toString();
    QVERIFY(serverTransition(id, u"triaged"_s));
    makeWindow();
    auto session = m_accounts->signInAndOpen(m_server->baseUrl(), data::ClientToken);
    QVERIFY(session);
    QVERIFY(!session->isOwner());
    QSignalSpy synced(session.get(), &AccountSession::syncFinished);
    m_window->setSession(std::move(session));
    m_window->show();
    QTRY_VERIFY_WITH_TIMEOUT(synced.count() >= 1, 15'000);
    Sidebar *sidebar = m_window->sidebar();
    // The first view is "My tickets": the client's open tickets, triaged ones too.
    QVERIFY2(sidebar->lineText(Sidebar::View::Inbox).startsWith(u"My tickets "_s),
             qPrintable(sidebar->lineText(Sidebar::View::Inbox)));
    QCOMPARE(m_window->viewActions().first()->text(), u"My tickets"_s);
    QVERIFY2(sidebar->highlightedLineText().startsWith(u"My tickets "_s),
             qPrintable(sidebar->highlightedLineText()));
    QCOMPARE(listedStatuses(), (QList<TicketStatus>{TicketStatus::New, TicketStatus::Triaged,
                                                    TicketStatus::InProgress}));
    QTRY_VERIFY(listedTitles().contains(title));
    for (QTreeWidgetItemIterator it(sidebar->tree()); *it; ++it)
        QVERIFY((*it)->text(0) != u"Inbox"_s);
    QCOMPARE(sidebar->lineText(Sidebar::View::Inbox),
             u"My tickets %1"_s.arg(m_window->ticketView()->model()->rowCount()));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
