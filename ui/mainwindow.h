#pragma once

#include "connectdialog.h"
#include "core/savedview.h"
#include "core/ticketquery.h"
#include "session/accountsession.h"
#include "session/sessionfactory.h"
#include "shortcutsdialog.h"
#include "triagecontroller.h"

#include <QMainWindow>
#include <QPointer>
#include <QSet>

#include <functional>
#include <memory>
#include <optional>

class QAction;
class QActionGroup;
class QMenu;
class QFrame;
class QLabel;
class QPushButton;
class QDockWidget;
class QLineEdit;
class QSettings;
class QSplitter;
class QSystemTrayIcon;
class QTimer;
class QTreeView;

namespace td {

class DesktopNotifier;
class DetailPane;
class FilterButton;
class OutboxView;
class Sidebar;
class StatusBarWidget;
class SubmissionDialog;
class Theme;
class TicketCountModel;
class TicketListModel;
class TicketViewProxy;

// A failure in words for people (a storage problem, a refused token, the server's answer).
QString describeProblem(const Error &error);

// The main window: sidebar of views and projects, the ticket list, the detail pane, the
// outbox dock and the status bar. Owners triage here (actions from core's rules only);
// clients see their own tickets and submit new ones. It wires one AccountSession (which
// holds the cache, outbox and sync, and the use cases) to the views and keeps view state
// only: what the user can do is decided in the session, what it looks like here.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QSettings *settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Shows this account (started here) and tears the previous one down.
    void setSession(std::unique_ptr<AccountSession> session);
    AccountSession *session() const { return m_session.get(); }
    // Opens other accounts (File > Accounts, the demo's owner/client switch, sign in again).
    void setSessionFactory(SessionFactory *factory);
    void setDemoStarter(DemoStarter starter) { m_demoStarter = std::move(starter); }

    // For tests and benchmarks.
    QTreeView *ticketView() const { return m_view; }
    TicketListModel *listModel() const { return m_model; }
    TicketViewProxy *listProxy() const { return m_proxy; }
    TicketCountModel *countModel() const { return m_counts; }
    Sidebar *sidebar() const { return m_sidebar; }
    DetailPane *detailPane() const { return m_detail; }
    StatusBarWidget *statusWidget() const { return m_status; }
    OutboxView *outboxView() const { return m_outboxView; }
    QDockWidget *outboxDock() const { return m_outboxDock; }
    TriageController *triage() const { return m_triage; }
    Theme *theme() const { return m_theme; }
    QLineEdit *searchField() const { return m_search; }
    FilterButton *typeFilter() const { return m_typeFilter; }
    FilterButton *priorityFilter() const { return m_priorityFilter; }
    FilterButton *blockingFilter() const { return m_blockingFilter; }
    FilterButton *roleFilter() const { return m_roleFilter; }
    QAction *clearFiltersAction() const { return m_clearFilters; }
    // View > the views in sidebar order (built-in, then saved); the first nine have Ctrl+1…9.
    QList<QAction *> viewActions() const { return m_viewActions; }
    QAction *saveViewAction() const { return m_saveView; }
    QAction *renameViewAction() const { return m_renameView; }
    QAction *moveViewUpAction() const { return m_moveViewUp; }
    QAction *moveViewDownAction() const { return m_moveViewDown; }
    QAction *deleteViewAction() const { return m_deleteView; }
    // The sidebar's context menu for the line at `pos` (tree viewport coordinates), as a
    // right click or the menu key opens it; `answer` picks an entry while it is shown.
    void openSidebarMenu(const QPoint &pos, const std::function<void(QMenu *)> &answer = {});
    // What the list shows now, as a saved view would keep it.
    SavedViewSpec currentViewSpec() const;
    QAction *undoAction() const { return m_undo; }
    QAction *workOfflineAction() const { return m_workOffline; }
    QAction *newTicketAction() const { return m_newTicket; }
    QAction *signInAction() const { return m_signIn; }
    QAction *showDetailAction() const { return m_showDetail; }
    // The banner above the list while the account is signed out (tests read its text).
    QFrame *signInBanner() const { return m_signInBanner; }
    // Says so when the search or the filters hide every ticket, with the ways out.
    QFrame *emptyState() const { return m_emptyState; }
    QString emptyStateText() const;
    QString signInBannerText() const;
    QList<TicketRow> selectedRows() const;
    // The window's shortcuts by purpose, for the "?" sheet.
    QList<ShortcutGroup> shortcutGroups() const;
    // Selects the ticket with this number if it is loaded; false otherwise.
    bool selectTicketNumber(qint64 number);
    // Writes the current list (all matching rows, as shown) to `path`; false on I/O error.
    bool exportCsv(const QString &path);
    // The text of the last "new tickets" notification (tests).
    QString lastNotification() const { return m_lastNotification; }
    // Runs `fn` with each modal dialog this window would open (tests answer them).
    using DialogHook = std::function<void(QDialog *)>;
    void setDialogHook(DialogHook hook) { m_dialogHook = std::move(hook); }

public slots:
    void undoLast();
    void syncNow();
    void nextTicket();
    void previousTicket();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void buildMenus();
    void buildToolBar();
    void buildLayout();
    void restoreLayout();
    void saveLayout();
    void bindSession();
    void updateSignIn();
    void updateEmptyState();
    // Makes this ticket current in the list, or shows it in the detail pane if not loaded.
    void showTicket(const QString &ticketId);
    // The ticket the cursor moves to once the selected ones are dealt with (triage loop).
    QString ticketAfterSelection() const;
    bool filtersAreOn() const;
    QString filterSummary() const;
    void clearFilters();
    // ---- views: the sidebar's numbered entries and the saved views ----
    void loadSavedViews();
    void rebuildViewActions();
    // The View menu's check and the Edit menu's saved-view actions follow the sidebar.
    void updateViewActions();
    // The saved view stays highlighted only while the list shows exactly what it keeps.
    void followActiveView();
    void applySavedView(qint64 id);
    void saveCurrentView();
    void renameSavedView();
    void moveSavedView(int by);
    void deleteSavedView();
    // The saved view the Edit menu / context menu acts on.
    std::optional<qint64> savedViewTarget() const;
    const SavedView *savedView(qint64 id) const;
    void signInAgain();
    void applyFilters();
    void updateSelection();
    void putCursorOnFirstRow();
    // Moves a cursor the app placed to the (new) first row; leaves the user's choice alone.
    void followNewest();
    bool isSyncing() const;
    void updateUndo();
    void updateOutboxCount();
    void updateTitle();
    void loadDetail(const QString &ticketId);
    void queueTransitions(const QList<TransitionTarget> &targets, TicketStatus to,
                          const QString &note);
    void applyProjects();
    void notify(const QString &title, const QString &text);
    // User id → name for the people of `ticket` the app can name; the signed-in user as `me`.
    QHash<QString, QString> knownPeople(const Ticket &ticket, const QString &me) const;
    void resolveConflict(const OutboxItem &item);
    void editTransition(const OutboxItem &item);
    void editCreate(const OutboxItem &item);
    void newTicket();
    // The submission dialog for this account (projects, role, duplicates from the cache).
    std::unique_ptr<SubmissionDialog> makeSubmissionDialog();
    void runSubmission(SubmissionDialog *dialog);
    void reportProblem(const Error &error);
    void exportCsvInteractive();
    void showAccounts();
    void switchAccount(const QString &accountId);
    void showMessage(const QString &text);
    int execDialog(QDialog *dialog);
    bool isOwner() const;

    QSettings *m_settings;
    std::unique_ptr<AccountSession> m_session;
    SessionFactory *m_factory = nullptr;
    DemoStarter m_demoStarter;
    // The cursor is on the first row because the app put it there, not the user: while that
    // holds, newer tickets arriving on top take it, so the list opens on the newest ticket
    // even when the first sync brings several pages.
    bool m_cursorIsAutomatic = false;
    bool m_settingCursor = false;

    TicketListModel *m_model = nullptr;
    TicketViewProxy *m_proxy = nullptr;
    TicketCountModel *m_counts = nullptr;

    Sidebar *m_sidebar = nullptr;
    QTreeView *m_view = nullptr;
    DetailPane *m_detail = nullptr;
    QSplitter *m_splitter = nullptr;
    StatusBarWidget *m_status = nullptr;
    OutboxView *m_outboxView = nullptr;
    QDockWidget *m_outboxDock = nullptr;
    TriageController *m_triage = nullptr;
    QLineEdit *m_search = nullptr;
    QTimer *m_searchTimer = nullptr;
    FilterButton *m_typeFilter = nullptr;
    FilterButton *m_priorityFilter = nullptr;
    FilterButton *m_blockingFilter = nullptr;
    FilterButton *m_roleFilter = nullptr;
    QFrame *m_signInBanner = nullptr;
    QLabel *m_signInText = nullptr;
    QPushButton *m_signInButton = nullptr;
    QFrame *m_emptyState = nullptr;
    QLabel *m_emptyText = nullptr;
    QPushButton *m_clearSearchButton = nullptr;
    QPushButton *m_clearFiltersButton = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    DesktopNotifier *m_notifier = nullptr;
    Theme *m_theme = nullptr;

    QAction *m_newTicket = nullptr;
    QAction *m_export = nullptr;
    QAction *m_accounts = nullptr;
    QAction *m_switchDemo = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_undo = nullptr;
    QAction *m_find = nullptr;
    QAction *m_syncNow = nullptr;
    QAction *m_workOffline = nullptr;
    QAction *m_showOutbox = nullptr;
    QAction *m_showDetail = nullptr;
    QAction *m_next = nullptr;
    QAction *m_previous = nullptr;
    QAction *m_clearFilters = nullptr;
    QAction *m_shortcuts = nullptr;
    QAction *m_about = nullptr;
    QAction *m_signIn = nullptr;
    QList<QAction *> m_viewActions;
    QList<QAction *> m_builtInViewActions;
    QActionGroup *m_viewGroup = nullptr;
    QMenu *m_viewMenu = nullptr;
    QAction *m_viewMenuEnd = nullptr; // the separator after the views in the View menu
    QAction *m_saveView = nullptr;
    QAction *m_renameView = nullptr;
    QAction *m_moveViewUp = nullptr;
    QAction *m_moveViewDown = nullptr;
    QAction *m_deleteView = nullptr;
    QList<SavedView> m_savedViews;
    std::optional<qint64> m_viewTarget; // set while the sidebar's context menu is open
    bool m_applyingView = false;        // parts of a view are being set: one query at the end

    QString m_lastNotification;
    QString m_detailId;
    // Where the cursor goes once the current row has left the view (nearest first).
    QStringList m_leavingNext;
    DialogHook m_dialogHook;
};

} // namespace td
