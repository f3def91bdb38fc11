#include "mainwindow.h"

#include "aboutdialog.h"
#include "accountsdialog.h"
#include "csvexport.h"
#include "desktopnotifier.h"
#include "detailpane.h"
#include "filterbutton.h"
#include "labels.h"
#include "models/ticketcountmodel.h"
#include "models/ticketlistmodel.h"
#include "outboxconflictdialog.h"
#include "outboxview.h"
#include "shortcutsdialog.h"
#include "sidebar.h"
#include "singlekeyguard.h"
#include "statusbarwidget.h"
#include "store/ticketcache.h"
#include "submissiondialog.h"
#include "theme.h"
#include "tickettreeview.h"
#include "ticketviewproxy.h"
#include "triagenotedialog.h"
#include "viewnamedialog.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QScopedValueRollback>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

namespace {

// "Triage #12", "Close 3 tickets": what an undo entry did, for the Edit menu and messages.
QString undoLabel(const UndoEntry &entry)
{
    const QString what = QString(transitionActionLabel(entry.to)).remove(u'&');
    return entry.numbers.size() == 1
                   ? MainWindow::tr("%1 #%2").arg(what).arg(entry.numbers.first())
                   : MainWindow::tr("%1 %n tickets", nullptr, int(entry.numbers.size())).arg(what);
}

} // namespace

QString describeProblem(const Error &error)
{
    switch (error.kind()) {
    case Error::Kind::Storage:
        switch (error.storage) {
        case StoreError::DiskFull:
            return MainWindow::tr("The disk is full: nothing more can be saved on this computer "
                                  "until there is free space.");
        case StoreError::Busy:
            return MainWindow::tr("Another program is holding the local cache; try again in a "
                                  "moment.");
        case StoreError::Corrupt:
            return MainWindow::tr("The local cache is damaged; restart the app to rebuild it "
                                  "(unsent work is kept).");
        case StoreError::NewerSchema:
            return MainWindow::tr("The local cache was written by a newer TriageDesk.");
        case StoreError::NotFound:
            return MainWindow::tr("That item no longer exists.");
        case StoreError::InvalidState:
            return MainWindow::tr("That item is being sent or was sent already.");
        default:
            return MainWindow::tr("The local cache could not be written (%1).")
                    .arg(toWire(error.storage));
        }
    case Error::Kind::SignIn:
        return MainWindow::tr("Signed out: sign in again.");
    case Error::Kind::Network:
    case Error::Kind::Server:
        break;
    }
    return ConnectDialog::describe(error);
}

MainWindow::MainWindow(QSettings *settings, QWidget *parent)
    : QMainWindow(parent)
    , m_settings(settings)
{
    setObjectName(u"MainWindow"_s);
    // First, so that every widget below is made in the chosen style and palette.
    m_theme = new Theme(settings, this);
    m_triage = new TriageController(this, this);
    m_triage->setNotePrompt([this](int count) -> std::optional<QString> {
        TriageNoteDialog dialog(count, this);
        if (execDialog(&dialog) != QDialog::Accepted)
            return std::nullopt;
        return dialog.note();
    });
    connect(m_triage, &TriageController::transitionRequested, this, &MainWindow::queueTransitions);
    m_proxy = new TicketViewProxy(this);
    m_searchTimer = new QTimer(this);
    m_searchTimer->setSingleShot(true);
    // Type-ahead: one query per pause, not per key, so typing never waits on the cache.
    m_searchTimer->setInterval(150);
    connect(m_searchTimer, &QTimer::timeout, this, &MainWindow::applyFilters);
    buildActions();
    buildLayout();
    buildToolBar();
    buildMenus();
    new SingleKeyGuard(this, {m_view, m_detail});

    connect(m_workOffline, &QAction::toggled, this, [this](bool offline) {
        if (m_settings)
            m_settings->setValue(u"workOffline"_s, offline);
        m_status->setWorkingOffline(offline);
        m_outboxView->setWorkingOffline(offline);
        if (m_session)
            m_session->setWorkOffline(offline);
        showMessage(offline ? tr("Working offline: changes wait in the outbox.")
                            : tr("Back online: sending the outbox and syncing."));
    });

    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(windowIcon().isNull()
                                             ? style()->standardIcon(QStyle::SP_ComputerIcon)
                                             : windowIcon(),
                                     this);
        m_tray->setToolTip(tr("TriageDesk"));
        connect(m_tray, &QSystemTrayIcon::activated, this, [this] {
            showNormal();
            raise();
            activateWindow();
        });
        m_tray->show();
    }
    m_notifier = new DesktopNotifier(this);
    m_notifier->setTrayIcon(m_tray);
    resize(1380, 860);
    restoreLayout();
    updateTitle();
    updateSelection();
}

MainWindow::~MainWindow()
{
    // Views first: they hold models over the session's cache.
    setSession(nullptr);
}

void MainWindow::buildActions()
{
    auto make = [this](const QString &text, const QString &name, const QKeySequence &key = {}) {
        auto *action = new QAction(text, this);
        action->setObjectName(name);
        if (!key.isEmpty())
            action->setShortcut(key);
        addAction(action);
        return action;
    };
    m_newTicket = make(tr("&New ticket…"), u"actionNewTicket"_s, QKeySequence::New);
    connect(m_newTicket, &QAction::triggered, this, &MainWindow::newTicket);
    m_export = make(tr("&Export list as CSV…"), u"actionExportCsv"_s, QKeySequence(u"Ctrl+E"_s));
    connect(m_export, &QAction::triggered, this, &MainWindow::exportCsvInteractive);
    m_accounts = make(tr("&Accounts…"), u"actionAccounts"_s);
    connect(m_accounts, &QAction::triggered, this, &MainWindow::showAccounts);
    m_switchDemo = make(tr("Switch to the demo &client"), u"actionSwitchDemo"_s);
    m_switchDemo->setVisible(false);
    connect(m_switchDemo, &QAction::triggered, this, [this] {
        if (m_session && m_session->isDemo())
            switchAccount(m_session->demoPeerAccountId());
    });
    m_signIn = make(tr("Sign &in again…"), u"actionSignIn"_s);
    m_signIn->setVisible(false);
    connect(m_signIn, &QAction::triggered, this, &MainWindow::signInAgain);
    m_quit = make(tr("&Quit"), u"actionQuit"_s, QKeySequence::Quit);
    connect(m_quit, &QAction::triggered, this, &QWidget::close);

    m_undo = make(tr("&Undo"), u"actionUndo"_s, QKeySequence::Undo);
    connect(m_undo, &QAction::triggered, this, &MainWindow::undoLast);
    m_find = make(tr("&Find"), u"actionFind"_s, QKeySequence::Find);

    m_syncNow = make(tr("&Sync now"), u"actionSyncNow"_s, QKeySequence::Refresh);
    connect(m_syncNow, &QAction::triggered, this, &MainWindow::syncNow);
    m_workOffline
            = make(tr("Work &offline"), u"actionWorkOffline"_s, QKeySequence(u"Ctrl+Shift+W"_s));
    m_workOffline->setCheckable(true);
    m_showOutbox = make(tr("&Outbox"), u"actionShowOutbox"_s, QKeySequence(u"Ctrl+Shift+O"_s));
    // F8 as in mail clients' message pane.
    m_showDetail
            = make(tr("Show &detail pane"), u"actionShowDetailPane"_s, QKeySequence(Qt::Key_F8));
    m_showDetail->setCheckable(true);
    m_showDetail->setChecked(true);
    m_clearFilters
            = make(tr("C&lear filters"), u"actionClearFilters"_s, QKeySequence(u"Ctrl+Shift+L"_s));

    m_next = make(tr("&Next ticket"), u"actionNextTicket"_s, QKeySequence(Qt::Key_J));
    connect(m_next, &QAction::triggered, this, &MainWindow::nextTicket);
    m_previous = make(tr("&Previous ticket"), u"actionPreviousTicket"_s, QKeySequence(Qt::Key_K));
    connect(m_previous, &QAction::triggered, this, &MainWindow::previousTicket);
    for (QAction *a : m_triage->actions())
        addAction(a);

    // The sidebar's views are one numbered list: the built-in views, then the saved views in
    // the user's order; Ctrl+1…9 reach the first nine (rebuildViewActions). The View menu
    // checks the one the list shows.
    m_viewGroup = new QActionGroup(this);
    m_viewGroup->setExclusionPolicy(QActionGroup::ExclusionPolicy::Exclusive);
    int n = 1;
    for (Sidebar::View view : Sidebar::builtInViews()) {
        auto *action = make(Sidebar::viewName(view), u"actionView%1"_s.arg(n),
                            QKeySequence(u"Ctrl+%1"_s.arg(n)));
        action->setCheckable(true);
        m_viewGroup->addAction(action);
        connect(action, &QAction::triggered, this, [this, view] {
            m_sidebar->setView(view);
            updateViewActions();
        });
        m_builtInViewActions.append(action);
        ++n;
    }
    m_viewActions = m_builtInViewActions;
    m_saveView
            = make(tr("Save current &view…"), u"actionSaveView"_s, QKeySequence(u"Ctrl+Shift+S"_s));
    connect(m_saveView, &QAction::triggered, this, &MainWindow::saveCurrentView);
    m_renameView = make(tr("&Rename saved view…"), u"actionRenameView"_s);
    connect(m_renameView, &QAction::triggered, this, &MainWindow::renameSavedView);
    m_moveViewUp = make(tr("Move saved view &up"), u"actionMoveViewUp"_s);
    connect(m_moveViewUp, &QAction::triggered, this, [this] { moveSavedView(-1); });
    m_moveViewDown = make(tr("Move saved view do&wn"), u"actionMoveViewDown"_s);
    connect(m_moveViewDown, &QAction::triggered, this, [this] { moveSavedView(1); });
    m_deleteView = make(tr("&Delete saved view…"), u"actionDeleteView"_s);
    connect(m_deleteView, &QAction::triggered, this, &MainWindow::deleteSavedView);
    m_shortcuts = make(tr("&Keyboard shortcuts"), u"actionShortcuts"_s);
    m_shortcuts->setShortcuts({QKeySequence(u"F1"_s), QKeySequence(u"?"_s)});
    connect(m_shortcuts, &QAction::triggered, this, [this] {
        ShortcutsDialog dialog(shortcutGroups(), this);
        execDialog(&dialog);
    });
    m_about = make(tr("&About TriageDesk"), u"actionAbout"_s);
    connect(m_about, &QAction::triggered, this, [this] {
        AboutDialog dialog(this);
        execDialog(&dialog);
    });
}

QList<ShortcutGroup> MainWindow::shortcutGroups() const
{
    // What the keys are for, so C (close ticket) and Ctrl+4 (the Closed view) are apart.
    QList<ShortcutGroup> groups;
    groups.append({tr("Navigation"),
                   {m_next, m_previous, m_find, m_showOutbox, m_showDetail, m_shortcuts}});
    groups.append({tr("Triage"), m_triage->actions()});
    QList<QAction *> views = m_viewActions;
    views << m_saveView << m_renameView << m_deleteView << m_clearFilters << m_syncNow
          << m_workOffline;
    groups.append({tr("Views"), views});
    groups.append({tr("Editing"), {m_newTicket, m_undo, m_export, m_quit}});
    // Anything added later without a place above still shows up.
    QList<QAction *> listed;
    for (const ShortcutGroup &group : std::as_const(groups))
        listed << group.actions;
    QList<QAction *> other;
    for (QAction *action : actions()) {
        if (!listed.contains(action) && !action->shortcuts().isEmpty())
            other << action;
    }
    groups.append({tr("Other"), other});
    return groups;
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_newTicket);
    file->addAction(m_export);
    file->addSeparator();
    file->addAction(m_accounts);
    file->addAction(m_signIn);
    file->addAction(m_switchDemo);
    file->addSeparator();
    file->addAction(m_quit);
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_undo);
    edit->addSeparator();
    edit->addAction(m_find);
    edit->addAction(m_clearFilters);
    edit->addSeparator();
    edit->addAction(m_renameView);
    edit->addAction(m_moveViewUp);
    edit->addAction(m_moveViewDown);
    edit->addAction(m_deleteView);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_viewMenu = view;
    for (QAction *a : std::as_const(m_viewActions))
        view->addAction(a);
    m_viewMenuEnd = view->addSeparator();
    view->addAction(m_saveView);
    view->addSeparator();
    view->addAction(m_showOutbox);
    view->addAction(m_showDetail);
    view->addAction(m_syncNow);
    view->addAction(m_workOffline);
    view->addSeparator();
    QMenu *theme = view->addMenu(tr("&Theme"));
    theme->setObjectName(u"themeMenu"_s);
    theme->addActions(m_theme->actions());
    QMenu *ticket = menuBar()->addMenu(tr("&Ticket"));
    for (QAction *a : m_triage->actions())
        ticket->addAction(a);
    ticket->addSeparator();
    ticket->addAction(m_next);
    ticket->addAction(m_previous);
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_shortcuts);
    help->addAction(m_about);
}

void MainWindow::buildToolBar()
{
    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(u"mainToolBar"_s);
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    // Qt's own parts of a tool bar, a line edit and a combo box carry no names; a screen
    // reader would announce them as a bare "toggle button", "button" or "list".
    if (auto *more = bar->findChild<QToolButton *>(u"qt_toolbar_ext_button"_s))
        more->setAccessibleName(tr("More tools"));
    m_search = new QLineEdit(bar);
    m_search->setObjectName(u"searchField"_s);
    m_search->setPlaceholderText(tr("Search tickets (Ctrl+F)"));
    m_search->setAccessibleName(tr("Search tickets"));
    m_search->setClearButtonEnabled(true);
    for (QToolButton *clear : m_search->findChildren<QToolButton *>())
        clear->setAccessibleName(tr("Clear search"));
    m_search->setMinimumWidth(220);
    m_search->setMaximumWidth(360);
    bar->addWidget(m_search);
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_searchTimer->start(); });
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_searchTimer->stop();
        applyFilters();
        m_view->setFocus();
    });
    connect(m_find, &QAction::triggered, this, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });

    // Each filter is a button whose text says what it lets through; a menu of check marks
    // picks several values (Bug or Question; High or Urgent).
    auto picker = [this, bar](FilterButton::Mode mode, const QString &name, const QString &any,
                              const QString &format, const QString &accessible) {
        auto *button = new FilterButton(mode, any, format, accessible, bar);
        button->setObjectName(name);
        bar->addSeparator();
        bar->addWidget(button);
        connect(button, &FilterButton::changed, this, &MainWindow::applyFilters);
        return button;
    };
    m_typeFilter = picker(FilterButton::Mode::Several, u"typeFilter"_s, tr("Any type"),
                          tr("Type: %1"), tr("Filter by type"));
    QList<FilterButton::Option> types;
    for (RequestType t : allRequestTypes())
        types.append({requestTypeLabel(t), int(t)});
    m_typeFilter->setOptions(types);
    m_priorityFilter = picker(FilterButton::Mode::Several, u"priorityFilter"_s, tr("Any priority"),
                              tr("Priority: %1"), tr("Filter by priority"));
    QList<FilterButton::Option> priorities;
    for (Priority p : allPriorities())
        priorities.append({priorityLabel(p), int(p)});
    m_priorityFilter->setOptions(priorities);
    m_blockingFilter = picker(FilterButton::Mode::One, u"blockingFilter"_s, tr("Blocking or not"),
                              u"%1"_s, tr("Filter by blocking"));
    m_blockingFilter->setOptions({{tr("Blocking only"), true}, {tr("Not blocking"), false}});
    m_roleFilter = picker(FilterButton::Mode::One, u"roleFilter"_s, tr("Any role"), tr("Role: %1"),
                          tr("Filter by role"));
    m_clearFilters->setToolTip(
            tr("Clear the filters and the search (%1)")
                    .arg(m_clearFilters->shortcut().toString(QKeySequence::NativeText)));
    connect(m_clearFilters, &QAction::triggered, this, [this] {
        const QScopedValueRollback applying(m_applyingView, true);
        clearFilters();
        m_search->clear();
        m_applyingView = false;
        applyFilters();
        showMessage(tr("Filters and search cleared."));
    });
    bar->addAction(m_clearFilters);
    bar->addSeparator();
    for (QAction *a : m_triage->actions())
        bar->addAction(a);
    auto *spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);
    bar->addAction(m_workOffline);
}

void MainWindow::buildLayout()
{
    m_sidebar = new Sidebar(this);
    m_sidebar->setObjectName(u"sidebar"_s);
    m_view = new TicketTreeView(this);
    m_view->setObjectName(u"ticketView"_s);
    m_view->setAccessibleName(tr("Tickets"));
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true); // lets the view skip measuring 100,000 rows
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAllColumnsShowFocus(true);
    m_view->setSortingEnabled(true);
    // A column that does not sort (the sync marker) never keeps the arrow: a click on it, or
    // a saved layout naming it, puts the arrow back where the list's order really comes from.
    // The view has already passed the click to the model, which ignored it.
    connect(m_view->header(), &QHeaderView::sortIndicatorChanged, this,
            [this](int section, Qt::SortOrder order) {
                if (!m_model
                    || (TicketListModel::sortKeyFor(section)
                        && (order == Qt::AscendingOrder || order == Qt::DescendingOrder)))
                    return;
                const TicketSort applied = m_model->ticketSort();
                m_view->header()->setSortIndicator(TicketListModel::columnFor(applied.key),
                                                   applied.order);
            });
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    static_cast<TicketTreeView *>(m_view)->fitIconsToText(); // the sync marker
    static_cast<TicketTreeView *>(m_view)->setMarkerColumn(TicketListModel::SyncState);
    m_detail = new DetailPane(this);
    m_detail->setObjectName(u"detailPane"_s);

    // Signed out is not offline: the banner says what to do, above the list it concerns.
    m_signInBanner = new QFrame(this);
    m_signInBanner->setObjectName(u"signInBanner"_s);
    m_signInBanner->setFrameShape(QFrame::StyledPanel);
    m_signInBanner->setAccessibleName(tr("Sign-in problem"));
    auto *bannerLayout = new QHBoxLayout(m_signInBanner);
    m_signInText = new QLabel(m_signInBanner);
    m_signInText->setWordWrap(true);
    m_signInText->setTextFormat(Qt::PlainText);
    m_signInButton = new QPushButton(tr("Sign in…"), m_signInBanner);
    m_signInButton->setObjectName(u"signInButton"_s);
    m_signInButton->setAccessibleName(tr("Sign in…"));
    connect(m_signInButton, &QPushButton::clicked, m_signIn, &QAction::trigger);
    bannerLayout->addWidget(m_signInText, 1);
    bannerLayout->addWidget(m_signInButton);
    m_signInBanner->hide();
    // An empty list says why and offers the way back, instead of just being empty.
    m_emptyState = new QFrame(this);
    m_emptyState->setObjectName(u"emptyState"_s);
    m_emptyState->setFrameShape(QFrame::StyledPanel);
    m_emptyState->setAccessibleName(tr("No matching tickets"));
    auto *emptyLayout = new QHBoxLayout(m_emptyState);
    m_emptyText = new QLabel(m_emptyState);
    m_emptyText->setWordWrap(true);
    m_emptyText->setTextFormat(Qt::PlainText);
    m_clearSearchButton = new QPushButton(tr("Clear search"), m_emptyState);
    m_clearSearchButton->setObjectName(u"clearSearchButton"_s);
    m_clearSearchButton->setAccessibleName(tr("Clear search"));
    connect(m_clearSearchButton, &QPushButton::clicked, this, [this] {
        m_search->clear();
        applyFilters();
    });
    m_clearFiltersButton = new QPushButton(tr("Clear filters"), m_emptyState);
    m_clearFiltersButton->setObjectName(u"clearFiltersButton"_s);
    m_clearFiltersButton->setAccessibleName(tr("Clear filters"));
    connect(m_clearFiltersButton, &QPushButton::clicked, this, [this] {
        clearFilters();
        applyFilters();
    });
    emptyLayout->addWidget(m_emptyText, 1);
    emptyLayout->addWidget(m_clearSearchButton);
    emptyLayout->addWidget(m_clearFiltersButton);
    m_emptyState->hide();

    auto *listArea = new QWidget(this);
    auto *listLayout = new QVBoxLayout(listArea);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->setSpacing(4);
    listLayout->addWidget(m_signInBanner);
    listLayout->addWidget(m_emptyState);
    listLayout->addWidget(m_view, 1);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(u"mainSplitter"_s);
    m_splitter->addWidget(m_sidebar);
    m_splitter->addWidget(listArea);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setStretchFactor(2, 2);
    m_splitter->setSizes({180, 800, 400});
    m_splitter->setChildrenCollapsible(false);
    setCentralWidget(m_splitter);
    connect(m_sidebar, &Sidebar::filterChanged, this, &MainWindow::applyFilters);
    connect(m_sidebar, &Sidebar::savedViewActivated, this, &MainWindow::applySavedView);
    connect(m_sidebar, &Sidebar::renameRequested, this, [this](qint64 id) {
        m_viewTarget = id;
        renameSavedView();
        m_viewTarget.reset();
        updateViewActions();
    });
    connect(m_sidebar, &Sidebar::deleteRequested, this, [this](qint64 id) {
        m_viewTarget = id;
        deleteSavedView();
        m_viewTarget.reset();
        updateViewActions();
    });
    m_sidebar->tree()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_sidebar->tree(), &QWidget::customContextMenuRequested, this,
            [this](const QPoint &pos) { openSidebarMenu(pos); });
    connect(m_view->header(), &QHeaderView::sortIndicatorChanged, this, [this] {
        if (!m_applyingView)
            followActiveView();
    });

    m_status = new StatusBarWidget(this);
    statusBar()->addPermanentWidget(m_status);
    m_outboxView = new OutboxView(this);
    m_outboxView->setObjectName(u"outboxView"_s);
    m_outboxDock = new QDockWidget(tr("Outbox"), this);
    m_outboxDock->setObjectName(u"outboxDock"_s);
    m_outboxDock->setWidget(m_outboxView);
    m_outboxDock->setAllowedAreas(Qt::BottomDockWidgetArea | Qt::RightDockWidgetArea);
    addDockWidget(Qt::BottomDockWidgetArea, m_outboxDock);
    m_outboxDock->hide();
    connect(m_showOutbox, &QAction::triggered, this, [this] {
        m_outboxDock->show();
        m_outboxDock->raise();
        m_outboxView->setFocus();
    });
    connect(m_status, &StatusBarWidget::outboxClicked, m_showOutbox, &QAction::trigger);
    connect(m_outboxView, &OutboxView::resolveRequested, this, &MainWindow::resolveConflict);
    connect(m_outboxView, &OutboxView::editTransitionRequested, this, &MainWindow::editTransition);
    connect(m_outboxView, &OutboxView::editCreateRequested, this, &MainWindow::editCreate);
    connect(m_outboxView, &OutboxView::message, this, &MainWindow::showMessage);
    connect(m_view, &QTreeView::activated, this, [this] {
        m_showDetail->setChecked(true); // opening a ticket shows it, even with the pane hidden
        m_detail->setFocus();
    });
    connect(m_showDetail, &QAction::toggled, this, [this](bool shown) {
        m_detail->setVisible(shown);
        if (m_settings)
            m_settings->setValue(u"mainWindow/detailPane"_s, shown);
    });
}

void MainWindow::restoreLayout()
{
    if (!m_settings)
        return;
    m_settings->beginGroup(u"mainWindow"_s);
    restoreGeometry(m_settings->value(u"geometry"_s).toByteArray());
    restoreState(m_settings->value(u"state"_s).toByteArray());
    m_splitter->restoreState(m_settings->value(u"splitter"_s).toByteArray());
    const bool detail = m_settings->value(u"detailPane"_s, true).toBool();
    m_settings->endGroup();
    m_showDetail->setChecked(detail);
    m_detail->setVisible(detail);
}

void MainWindow::saveLayout()
{
    if (!m_settings)
        return;
    m_settings->beginGroup(u"mainWindow"_s);
    m_settings->setValue(u"geometry"_s, saveGeometry());
    m_settings->setValue(u"state"_s, saveState());
    m_settings->setValue(u"splitter"_s, m_splitter->saveState());
    if (m_view->model())
        m_settings->setValue(u"columns"_s, static_cast<TicketTreeView *>(m_view)->saveColumns());
    m_settings->endGroup();
    m_settings->sync();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    if (m_tray)
        m_tray->hide();
    event->accept();
}

bool MainWindow::isOwner() const
{
    return m_session && m_session->isOwner();
}

void MainWindow::setSessionFactory(SessionFactory *factory)
{
    m_factory = factory;
    m_accounts->setEnabled(factory && factory->accountManager());
}

void MainWindow::setSession(std::unique_ptr<AccountSession> session)
{
    // Tear the old account down view-first, so no view asks a deleted cache for data.
    if (m_model && m_view->model())
        saveLayout();
    if (m_session)
        m_session->disconnect(this);
    m_view->setModel(nullptr);
    m_proxy->setSourceModel(nullptr);
    m_sidebar->setCountModel(nullptr);
    m_outboxView->setOutbox(nullptr, nullptr);
    delete m_model;
    m_model = nullptr;
    delete m_counts;
    m_counts = nullptr;
    m_detailId.clear();
    m_detail->setTicket(std::nullopt);
    m_session = std::move(session);

    if (m_session) {
        TicketCache *cache = m_session->cache();
        m_model = new TicketListModel(cache, this);
        m_counts = new TicketCountModel(cache, this);
        // The ticket being read leaves the view (triaged by someone, or by the sync of our own
        // change): the cursor moves on to the next ticket, selected, and the detail pane
        // follows, as after an action here. (Left alone, the selection model would put the
        // cursor on the row above with nothing selected, and the detail pane would go blank.)
        // Connected before the view sees the model, so this runs before the selection model
        // has moved the cursor.
        connect(m_model, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                [this](const QModelIndex &, int first, int last) {
                    const int current = m_view->currentIndex().row();
                    if (m_model->isTrimming() || current < first || current > last
                        || selectedRows().size() > 1 || !m_leavingNext.isEmpty())
                        return;
                    // The rows around may leave in the same change: a few candidates, nearest
                    // below first (the triage direction), then above; the first one still
                    // listed once the change is done wins.
                    auto idAt = [this](int row) {
                        return m_proxy->index(row, TicketListModel::Number)
                                .data(TicketListModel::TicketIdRole)
                                .toString();
                    };
                    for (int row = last + 1; row < m_proxy->rowCount() && row <= last + 8; ++row)
                        m_leavingNext.append(idAt(row));
                    for (int row = first - 1; row >= 0 && row >= first - 8; --row)
                        m_leavingNext.append(idAt(row));
                    if (m_leavingNext.isEmpty())
                        return;
                    QTimer::singleShot(0, this, [this] {
                        const QStringList candidates = std::exchange(m_leavingNext, {});
                        if (!m_model || m_view->selectionModel()->hasSelection())
                            return; // the user (or the app) chose meanwhile
                        for (const QString &id : candidates) {
                            if (m_model->rowOf(id) >= 0) {
                                showTicket(id);
                                return;
                            }
                        }
                    });
                });
        m_proxy->setSourceModel(m_model);
        m_view->setModel(m_proxy);
        connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
                &MainWindow::updateSelection);
        connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
                &MainWindow::updateSelection);
        connect(m_model, &QAbstractItemModel::dataChanged, this, &MainWindow::updateSelection);
        connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
            if (!m_settingCursor)
                m_cursorIsAutomatic = false; // the user chose a ticket
        });
        // Clicking the ticket that is already current changes no row, but it is a choice too.
        connect(m_view, &QAbstractItemView::pressed, this, [this] { m_cursorIsAutomatic = false; });
        // The first sync fills an empty list: put the cursor on the first ticket so the
        // keyboard works at once. A ticket the user picked stays in the detail pane (below).
        auto selectFirst = [this] {
            const bool untouched = !m_view->currentIndex().isValid() && m_detailId.isEmpty();
            if (m_proxy->rowCount() > 0 && (untouched || !isSyncing()))
                followNewest();
        };
        // Newer tickets arriving above the current one push it down and, past the loaded
        // window, out of the list (it still exists further down). Left alone, the selection
        // model would move the cursor to the last loaded row and the view would scroll after
        // it, loading page after page for the whole sync. Instead the list keeps its place
        // and the detail pane keeps the ticket the user was reading.
        connect(m_model, &TicketListModel::aboutToTrim, this, [this](int firstRow) {
            if (m_view->currentIndex().row() >= firstRow) {
                const QScopedValueRollback setting(m_settingCursor, true);
                m_view->selectionModel()->clearCurrentIndex();
            }
        });
        connect(m_model, &QAbstractItemModel::rowsInserted, this, selectFirst,
                Qt::QueuedConnection);
        connect(m_model, &QAbstractItemModel::modelReset, this, selectFirst, Qt::QueuedConnection);
        for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
            connect(m_model, signal, this, &MainWindow::updateEmptyState, Qt::QueuedConnection);
        connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::updateEmptyState,
                Qt::QueuedConnection);
        QHeaderView *header = m_view->header();
        header->setSectionsMovable(true);
        header->setStretchLastSection(false);
        header->setSectionResizeMode(QHeaderView::Interactive);
        header->setSectionResizeMode(TicketListModel::Title, QHeaderView::Stretch);
        header->setMinimumSectionSize(22);
        const QList<std::pair<int, int>> widths{
                {TicketListModel::Number, 48},  {TicketListModel::SyncState, 24},
                {TicketListModel::Type, 96},    {TicketListModel::Priority, 62},
                {TicketListModel::Roles, 84},   {TicketListModel::Requester, 100},
                {TicketListModel::Status, 112}, {TicketListModel::Updated, 92}};
        for (const auto &[column, width] : widths)
            header->resizeSection(column, width);
        // The marker goes first: it is what the eye should catch.
        header->moveSection(header->visualIndex(TicketListModel::SyncState), 0);
        header->setSortIndicator(TicketListModel::Updated, Qt::DescendingOrder);
        if (m_settings) {
            const QByteArray columns = m_settings->value(u"mainWindow/columns"_s).toByteArray();
            if (!columns.isEmpty())
                header->restoreState(columns);
            // The arrow that came back is the order applied, or the default if it names a
            // column that does not sort.
            const int section = header->sortIndicatorSection();
            const Qt::SortOrder order = header->sortIndicatorOrder();
            const auto key = TicketListModel::sortKeyFor(section);
            if (key && (order == Qt::AscendingOrder || order == Qt::DescendingOrder))
                m_model->setTicketSort({*key, order});
            else
                header->setSortIndicator(TicketListModel::Updated, Qt::DescendingOrder);
            m_settings->setValue(u"lastAccount"_s, m_session->account().id);
        }
        // Wide enough for its heading in this language ("Anfragende Person"), also when the
        // widths were saved under another one.
        for (const auto &[column, width] : widths) {
            if (header->sectionResizeMode(column) != QHeaderView::Stretch)
                header->resizeSection(column, std::max(header->sectionSize(column),
                                                       header->sectionSizeHint(column)));
        }
        // A narrow window keeps the number, the title, the status and the time; the title
        // takes what is left over.
        static_cast<TicketTreeView *>(m_view)->setFoldableColumns(
                {TicketListModel::Roles, TicketListModel::Priority, TicketListModel::Type,
                 TicketListModel::Requester},
                m_view->fontMetrics().averageCharWidth() * 18);
        m_sidebar->setCountModel(m_counts);
        // A change of the shown ticket re-reads it; its history follows its version.
        connect(cache, &TicketSource::ticketsChanged, this, [this](const QStringList &ids) {
            if (ids.contains(m_detailId))
                loadDetail(m_detailId);
        });
        m_outboxView->setOutbox(m_session->outbox(), cache);
        bindSession();
    }
    m_triage->setOwner(isOwner());
    {
        // The other account's saved views are not this one's (their ids may even be equal).
        const QScopedValueRollback applying(m_applyingView, true);
        m_sidebar->clearActiveSavedView();
        m_sidebar->setOwnTickets(m_session && !isOwner());
    }
    loadSavedViews();
    if (m_session)
        connect(m_session.get(), &AccountSession::savedViewsChanged, this,
                &MainWindow::loadSavedViews);
    m_switchDemo->setVisible(m_session && m_session->isDemo());
    if (m_session) {
        m_switchDemo->setText(m_session->isOwner() ? tr("Switch to the demo &client")
                                                   : tr("Switch to the demo &owner"));
    }
    applyProjects();
    applyFilters();
    updateOutboxCount();
    updateUndo();
    updateTitle();
    updateSignIn();
    updateSelection();
    if (m_view->model() && m_proxy->rowCount() > 0)
        putCursorOnFirstRow();
}

void MainWindow::followNewest()
{
    const QModelIndex current = m_view->currentIndex();
    const bool untouched = !current.isValid() && m_detailId.isEmpty();
    if (m_proxy->rowCount() > 0 && (untouched || (m_cursorIsAutomatic && current.row() != 0)))
        putCursorOnFirstRow();
}

bool MainWindow::isSyncing() const
{
    return m_session && m_session->isSyncing();
}

void MainWindow::putCursorOnFirstRow()
{
    const QScopedValueRollback setting(m_settingCursor, true);
    m_view->setCurrentIndex(m_proxy->index(0, TicketListModel::Title));
    m_cursorIsAutomatic = true;
}

void MainWindow::applyProjects()
{
    const QList<ApiProject> projects = m_session ? m_session->projects() : QList<ApiProject>();
    if (!m_counts)
        return;
    QList<TicketCountModel::Project> list;
    QHash<QString, QString> names;
    QStringList roles;
    for (const ApiProject &p : projects) {
        list.append({p.id, p.name});
        names.insert(p.id, p.name);
        for (const QString &r : p.roles) {
            if (!roles.contains(r))
                roles.append(r);
        }
    }
    // Only owners see the general inbox (a client cannot list it).
    m_counts->setProjects(list, isOwner());
    m_detail->setProjectNames(names);
    roles.sort();
    QList<FilterButton::Option> options;
    for (const QString &r : std::as_const(roles))
        options.append({r, r});
    m_roleFilter->setOptions(options);
}

void MainWindow::applyFilters()
{
    if (m_applyingView)
        return; // the parts of a view are being set; the caller applies them at once
    m_searchTimer->stop();
    m_clearFilters->setEnabled(filtersAreOn() || !m_search->text().trimmed().isEmpty());
    followActiveView();
    if (!m_model)
        return;
    TicketFilter filter = currentViewSpec().filter;
    // "319", "#319" or a pasted id names a ticket: show that one (the list unfiltered by
    // text, the ticket current if loaded, else in the detail pane) rather than search for it.
    std::optional<QString> named;
    if (!filter.search.isEmpty()) {
        if (const auto reference = TicketCache::parseReference(filter.search)) {
            named = m_session->cache()->findTicketId(filter.search);
            if (named)
                filter.search.clear();
            else if (!reference->id.isEmpty())
                m_session->fetchTicket(reference->id); // pasted, not synced yet: ask
        }
    }
    if (filter == m_model->filter()) {
        if (named)
            showTicket(*named);
        updateEmptyState();
        return;
    }
    const QString keepId = named.value_or(m_detailId);
    m_model->setFilter(filter);
    m_model->setSearch(filter.search);
    m_detail->setSearchText(filter.search);
    // The counts narrow with the chips and the search, so the sidebar says what a click shows.
    TicketFilter base = filter;
    base.statuses.clear();
    m_counts->setBaseFilter(base);
    // A ticket the user chose stays current if it is in the new list; a cursor the app put
    // on the first row goes to the new first row.
    if (named) {
        showTicket(*named);
    } else {
        const int row = keepId.isEmpty() || m_cursorIsAutomatic ? -1 : m_model->rowOf(keepId);
        if (row >= 0)
            m_view->setCurrentIndex(m_proxy->index(row, TicketListModel::Title));
        else if (m_proxy->rowCount() > 0 && !m_search->hasFocus())
            putCursorOnFirstRow();
    }
    updateSelection();
    updateEmptyState();
}

void MainWindow::showTicket(const QString &ticketId)
{
    const int row = m_model->rowOf(ticketId);
    if (row >= 0) {
        m_cursorIsAutomatic = false;
        m_view->setCurrentIndex(m_proxy->index(row, TicketListModel::Title));
    } else {
        m_view->selectionModel()->clearSelection();
        loadDetail(ticketId); // further down the list than is loaded: shown on the right
    }
}

bool MainWindow::filtersAreOn() const
{
    for (const FilterButton *button :
         {m_typeFilter, m_priorityFilter, m_blockingFilter, m_roleFilter}) {
        if (button->isActive())
            return true;
    }
    return false;
}

// "Type: Bug, Question; Priority: Urgent": the filters that are on, as their buttons say.
QString MainWindow::filterSummary() const
{
    QStringList parts;
    for (const FilterButton *button :
         {m_typeFilter, m_priorityFilter, m_blockingFilter, m_roleFilter}) {
        if (button->isActive())
            parts.append(button->text());
    }
    return parts.join(u"; "_s);
}

void MainWindow::clearFilters()
{
    const QScopedValueRollback applying(m_applyingView, true);
    for (FilterButton *button : {m_typeFilter, m_priorityFilter, m_blockingFilter, m_roleFilter})
        button->clear();
}

void MainWindow::updateEmptyState()
{
    const QString search = m_model ? m_model->filter().search : QString();
    const bool filtering = filtersAreOn();
    const bool empty = m_model && m_proxy->rowCount() == 0 && (!search.isEmpty() || filtering);
    m_emptyState->setVisible(empty);
    if (!empty)
        return;
    QString text = search.isEmpty()
                           ? tr("No tickets match these filters (%1).").arg(filterSummary())
                           : tr("No tickets match “%1”.").arg(search);
    if (!search.isEmpty() && filtering)
        text += u' ' + tr("The filters narrow the list too (%1).").arg(filterSummary());
    m_emptyText->setText(text);
    m_clearSearchButton->setVisible(!search.isEmpty());
    m_clearFiltersButton->setVisible(filtering);
}

QString MainWindow::emptyStateText() const
{
    return m_emptyState->isVisible() ? m_emptyText->text() : QString();
}

QList<TicketRow> MainWindow::selectedRows() const
{
    QList<TicketRow> rows;
    if (!m_model || !m_view->selectionModel())
        return rows;
    const QModelIndexList selected = m_view->selectionModel()->selectedRows();
    for (const QModelIndex &index : selected) {
        if (const auto row = m_model->rowAt(m_proxy->mapToSource(index).row()))
            rows.append(*row);
    }
    return rows;
}

bool MainWindow::selectTicketNumber(qint64 number)
{
    if (!m_model)
        return false;
    for (int r = 0; r < m_model->rowCount(); ++r) {
        if (m_model->index(r, 0).data(TicketListModel::NumberRole).toLongLong() == number) {
            m_view->setCurrentIndex(m_proxy->index(r, TicketListModel::Title));
            return true;
        }
    }
    return false;
}

void MainWindow::updateSelection()
{
    if (m_model && m_model->isTrimming())
        return; // rows leaving the loaded window are not a change of selection
    const QList<TicketRow> rows = selectedRows();
    m_triage->setSelection(rows);
    if (rows.size() == 1) {
        // Content changes of the shown ticket arrive through ticketsChanged; only a new
        // selection reads the cache here.
        if (rows.first().id != m_detailId || !m_detail->ticket())
            loadDetail(rows.first().id);
        const TicketRow &row = rows.first();
        QString pending;
        if (row.syncState == SyncState::Queued && row.pendingStatus)
            pending = tr("Waiting in the outbox: move to %1.").arg(statusLabel(*row.pendingStatus));
        else if (row.syncState == SyncState::Conflict)
            pending = tr("Conflict: the server changed this ticket. Resolve it in the outbox.");
        else if (row.syncState == SyncState::Failed)
            pending = tr("The server refused a change to this ticket. See the outbox.");
        m_detail->setPendingNote(pending);
    } else {
        m_detailId.clear();
        m_detail->setTicket(std::nullopt);
        m_detail->setSelectionCount(int(rows.size()));
        m_detail->setPendingNote({});
    }
}

void MainWindow::loadDetail(const QString &ticketId)
{
    if (!m_session)
        return;
    m_detailId = ticketId;
    const std::optional<Ticket> ticket = m_session->cache()->ticket(ticketId);
    m_detail->setPeople(
            ticket ? knownPeople(*ticket, tr("%1 (you)").arg(m_session->account().user.name))
                   : QHash<QString, QString>());
    m_detail->setTicket(ticket);
    // The session fetches the history when the cached one is behind the ticket's version;
    // historyChanged() brings it here then.
    const QList<TicketEvent> events = ticket ? m_session->history(*ticket) : QList<TicketEvent>();
    m_detail->setEvents(events, !events.isEmpty());
}

void MainWindow::queueTransitions(const QList<TransitionTarget> &targets, TicketStatus to,
                                  const QString &note)
{
    if (!m_session)
        return;
    // The triage loop: the ticket after the ones acted on is the next to judge. Found before
    // the change, since the acted-on rows may move or leave the view once it is queued.
    const QString next = ticketAfterSelection();
    const Result<UndoEntry> queued = m_session->queueTransitions(targets, to, note);
    if (!queued) {
        showMessage(tr("Could not queue the change: %1").arg(describeProblem(queued.error())));
        return;
    }
    showMessage(tr("Queued: %1").arg(undoLabel(queued.value())));
    updateUndo();
    if (!next.isEmpty())
        showTicket(next);
}

QString MainWindow::ticketAfterSelection() const
{
    if (!m_view->selectionModel())
        return {};
    QList<int> selected;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        selected.append(index.row());
    if (selected.isEmpty())
        return {};
    std::sort(selected.begin(), selected.end());
    auto idAt = [this](int row) {
        return m_proxy->index(row, TicketListModel::Number)
                .data(TicketListModel::TicketIdRole)
                .toString();
    };
    // The first row below the last selected one that is not selected itself; at the end of
    // the list, the nearest one above.
    for (int row = selected.last() + 1; row < m_proxy->rowCount(); ++row) {
        if (!std::binary_search(selected.cbegin(), selected.cend(), row))
            return idAt(row);
    }
    for (int row = selected.first() - 1; row >= 0; --row) {
        if (!std::binary_search(selected.cbegin(), selected.cend(), row))
            return idAt(row);
    }
    return {};
}

void MainWindow::updateUndo()
{
    const std::optional<UndoEntry> entry = m_session ? m_session->undoable() : std::nullopt;
    m_undo->setEnabled(entry.has_value());
    m_undo->setText(entry ? tr("&Undo %1").arg(undoLabel(*entry)) : tr("&Undo"));
}

void MainWindow::undoLast()
{
    if (!m_session)
        return;
    const Result<UndoOutcome> outcome = m_session->undo();
    if (!outcome) {
        if (outcome.error().storage != StoreError::NotFound)
            showMessage(tr("Could not undo: %1").arg(describeProblem(outcome.error())));
        updateUndo();
        return;
    }
    if (outcome->tooLate == 0)
        showMessage(tr("Undone: %1").arg(undoLabel(outcome->entry)));
    else
        showMessage(tr("Partly undone: %n change(s) had already been sent.", nullptr,
                       outcome->tooLate));
    updateUndo();
    updateSelection();
}

void MainWindow::updateOutboxCount()
{
    m_status->setOutboxCount(m_session ? m_session->pendingCount() : 0);
}

void MainWindow::updateTitle()
{
    if (!m_session) {
        setWindowTitle(tr("TriageDesk"));
        return;
    }
    const Account &a = m_session->account();
    const QString role = m_session->isOwner() ? tr("owner") : tr("client");
    QString title = tr("%1 (%2) — %3").arg(a.user.name, role, a.tenant.name);
    if (m_session->isDemo())
        title += u" — "_s + tr("demo");
    setWindowTitle(title);
}

void MainWindow::nextTicket()
{
    if (!m_view->model())
        return;
    const QModelIndex current = m_view->currentIndex();
    int row = current.isValid() ? current.row() + 1 : 0;
    if (row >= m_proxy->rowCount() && m_proxy->canFetchMore({}))
        m_proxy->fetchMore({});
    if (row < m_proxy->rowCount())
        m_view->setCurrentIndex(m_proxy->index(row, TicketListModel::Title));
}

void MainWindow::previousTicket()
{
    if (!m_view->model())
        return;
    const QModelIndex current = m_view->currentIndex();
    const int row = current.isValid() ? current.row() - 1 : 0;
    if (row >= 0 && row < m_proxy->rowCount())
        m_view->setCurrentIndex(m_proxy->index(row, TicketListModel::Title));
}

bool MainWindow::exportCsv(const QString &path)
{
    if (!m_view->model())
        return false;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    // The columns in the order and visibility the user arranged (a narrow window's folded
    // columns count as shown), sync marker left out.
    QList<int> columns;
    QHeaderView *header = m_view->header();
    const auto *list = static_cast<TicketTreeView *>(m_view);
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if ((!header->isSectionHidden(logical) || list->isFolded(logical))
            && logical != TicketListModel::SyncState)
            columns.append(logical);
    }
    // Values, not the list's short forms: plain numbers, times as ISO 8601 UTC.
    if (!writeCsv(m_proxy, &file, columns, TicketViewProxy::ExportRole))
        return false;
    return file.commit();
}

void MainWindow::exportCsvInteractive()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export list as CSV"),
                                                      tr("tickets.csv"), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    if (exportCsv(path))
        showMessage(tr("Exported %n ticket(s).", nullptr, m_proxy->rowCount()));
    else
        QMessageBox::warning(this, tr("Export failed"),
                             asWritten(tr("Could not write %1.").arg(path)));
}

void MainWindow::notify(const QString &title, const QString &text)
{
    m_lastNotification = text;
    m_notifier->notify(title, text);
}

void MainWindow::showMessage(const QString &text)
{
    statusBar()->showMessage(text, 6000);
}

int MainWindow::execDialog(QDialog *dialog)
{
    // Focus goes back where it was when the dialog closes (the list, the search field), even
    // if the dialog's work moved the cursor or changed which widgets are shown.
    const QPointer<QWidget> focus = QApplication::focusWidget();
    if (m_dialogHook) {
        QTimer::singleShot(0, dialog, [this, dialog] { m_dialogHook(dialog); });
    }
    const int result = dialog->exec();
    if (focus && focus->window() == this && focus->isVisible() && focus->isEnabled())
        focus->setFocus(Qt::OtherFocusReason);
    return result;
}

QHash<QString, QString> MainWindow::knownPeople(const Ticket &ticket, const QString &me) const
{
    // The app has no directory of people: it knows the signed-in user, and a ticket's caller,
    // who is its requester when a user (not a bot on someone's behalf) acted (CONTRACT 3.3).
    QHash<QString, QString> people;
    if (ticket.actorId && ticket.actorRole == u"user"_s && !ticket.requester.name.isEmpty())
        people.insert(*ticket.actorId, ticket.requester.name);
    if (m_session)
        people.insert(m_session->account().user.id, me);
    return people;
}

void MainWindow::resolveConflict(const OutboxItem &item)
{
    if (!m_session)
        return;
    OutboxConflictDialog dialog(item, std::nullopt, this);
    // Who changed it, when and why: the latest event of the ticket's history. When the cached
    // history is behind the server's version it is fetched, and the dialog follows.
    const auto describeLastChange = [this, &dialog, &item] {
        if (!item.serverTicket)
            return;
        const Ticket &ticket = *item.serverTicket;
        const QList<TicketEvent> events = m_session->history(ticket);
        if (events.size() < ticket.version || events.isEmpty())
            return;
        const TicketEvent &last = events.constLast();
        const QString actor = last.actorId.value_or(QString());
        //: The signed-in user, in "Changed by %1 on %2."
        const QString you = tr("you");
        //: In "Changed by %1 on %2."
        const QString nobody = tr("someone unnamed");
        const QString who = actor.isEmpty() ? nobody : knownPeople(ticket, you).value(actor, actor);
        dialog.setLastChange(who, last.at, last.note);
    };
    describeLastChange();
    const QMetaObject::Connection followHistory
            = connect(m_session.get(), &AccountSession::historyChanged, &dialog,
                      [&item, describeLastChange](const QString &ticketId) {
                          if (item.serverTicket && ticketId == item.serverTicket->id)
                              describeLastChange();
                      });
    const int result = execDialog(&dialog);
    disconnect(followHistory);
    if (result != QDialog::Accepted)
        return;
    if (dialog.choice() == OutboxConflictDialog::Choice::Discard) {
        if (const Status discarded = m_session->discard(item.id); !discarded)
            reportProblem(discarded.error());
        else
            showMessage(tr("Your change was discarded; the server's version stays."));
    } else if (dialog.choice() == OutboxConflictDialog::Choice::ApplyOnServerVersion) {
        if (const Status queued = m_session->updateTransition(item.id, dialog.resolvedPayload());
            !queued)
            reportProblem(queued.error());
        else
            showMessage(tr("Your change is queued again on top of the server's version."));
    }
}

void MainWindow::editTransition(const OutboxItem &item)
{
    if (!m_session)
        return;
    TriageNoteDialog dialog(1, this);
    dialog.setWindowTitle(tr("Edit queued change"));
    dialog.setNote(item.payload.value(u"note"_s).toString());
    if (execDialog(&dialog) != QDialog::Accepted)
        return;
    QJsonObject payload = item.payload;
    payload.insert(u"note"_s, dialog.note());
    if (const Status updated = m_session->updateTransition(item.id, payload); !updated)
        reportProblem(updated.error());
}

void MainWindow::runSubmission(SubmissionDialog *dialog)
{
    connect(dialog, &SubmissionDialog::queued, this, [this](qint64, SubmitMode mode) {
        if (mode == SubmitMode::Hold)
            showMessage(tr("Ticket kept in the outbox; send it from there when you are ready."));
        else if (m_session && m_session->isSignedOut())
            showMessage(tr("Ticket queued; it is sent once you sign in again."));
        else if (m_session && m_session->connectionState() == SyncEngine::State::Offline)
            showMessage(tr("Ticket queued; it is sent as soon as the server is reachable."));
        else
            showMessage(tr("Sending the ticket…"));
    });
    // A possible duplicate opened in the confirmation is also selected here, so it is still
    // at hand when the user goes back without submitting.
    connect(dialog, &SubmissionDialog::duplicateOpened, this, &MainWindow::showTicket);
    if (execDialog(dialog) != QDialog::Accepted)
        dialog->form()->saveDraft(); // nothing typed is lost by closing the dialog
}

void MainWindow::editCreate(const OutboxItem &item)
{
    if (!m_session)
        return;
    SubmissionDialog dialog(m_session.get(), this);
    dialog.editOutboxItem(item);
    runSubmission(&dialog);
}

void MainWindow::newTicket()
{
    if (!m_session)
        return;
    SubmissionDialog dialog(m_session.get(), this);
    if (m_settings) {
        const QString dir = QFileInfo(m_settings->fileName()).absolutePath();
        dialog.form()->setDraftFile(dir + u"/draft-"_s + m_session->account().id + u".json"_s);
    }
    runSubmission(&dialog);
}

void MainWindow::showAccounts()
{
    if (!m_factory || !m_factory->accountManager())
        return;
    AccountsDialog dialog(m_factory->accountManager(),
                          m_session ? m_session->account().id : QString(), this);
    dialog.setDemoStarter(m_demoStarter);
    QString target;
    connect(&dialog, &AccountsDialog::switchRequested, this, [&](const QString &id) {
        target = id;
        dialog.accept();
    });
    connect(&dialog, &AccountsDialog::accountAdded, this,
            [&](const Account &account, bool) { target = account.id; });
    execDialog(&dialog);
    if (target.isEmpty())
        return;
    if (m_session && target == m_session->account().id) {
        // The same account signed in again (a new token): the running session takes it.
        m_session->reloadToken();
        return;
    }
    switchAccount(target);
}

void MainWindow::switchAccount(const QString &accountId)
{
    if (!m_factory || accountId.isEmpty())
        return;
    Result<std::unique_ptr<AccountSession>> opened = m_factory->open(accountId);
    if (!opened) {
        QMessageBox::warning(this, tr("Switch account"),
                             asWritten(tr("Could not open that account: %1")
                                               .arg(describeProblem(opened.error()))));
        return;
    }
    setSession(std::move(opened).value());
}

void MainWindow::signInAgain()
{
    if (!m_session || !m_factory || !m_factory->accountManager())
        return;
    ConnectDialog dialog(m_factory->accountManager(), this);
    dialog.setServerUrl(m_session->account().serverUrl.toString());
    dialog.setDemoStarter(m_demoStarter);
    if (execDialog(&dialog) != QDialog::Accepted || !dialog.account())
        return;
    if (dialog.account()->id == m_session->account().id)
        m_session->reloadToken(); // the outbox drains as soon as the token is in
    else
        switchAccount(dialog.account()->id);
}

QString MainWindow::signInBannerText() const
{
    return m_signInText->text();
}

void MainWindow::updateSignIn()
{
    const bool signedOut = m_session && m_session->isSignedOut();
    m_signIn->setVisible(signedOut);
    m_signInBanner->setVisible(signedOut);
    if (!signedOut) {
        m_status->setSignedOut({});
        return;
    }
    QString why;
    switch (m_session->signInState()) {
    case SignInState::NoToken:
        why = tr("This computer has no saved sign-in for this account.");
        break;
    case SignInState::RelinkGithub:
        why = tr("Your GitHub link has expired: link GitHub again on the server's website, "
                 "then sign in with a new token.");
        break;
    case SignInState::TokenRefused:
    case SignInState::WaitingForToken:
    case SignInState::SignedIn:
        why = tr("The server no longer accepts this account's token.");
        break;
    }
    const int pending = m_session->pendingCount();
    const QString todo
            = pending > 0 ? tr("Sign in again to send %n queued change(s).", nullptr, pending)
                          : tr("Sign in again to sync.");
    m_signInText->setText(why + u' ' + todo);
    const QString action = m_session->signInState() == SignInState::RelinkGithub
                                   ? tr("Link GitHub again…")
                                   : tr("Sign in…");
    m_signInButton->setText(action);
    m_signInButton->setAccessibleName(action);
    m_status->setSignedOut(why);
}

void MainWindow::reportProblem(const Error &error)
{
    showMessage(describeProblem(error));
}

void MainWindow::syncNow()
{
    if (!m_session)
        return;
    if (m_session->isSignedOut()) {
        showMessage(m_signInText->text());
        return;
    }
    m_session->syncNow();
}

void MainWindow::bindSession()
{
    AccountSession *session = m_session.get();
    m_status->setLastSynced(session->lastSyncAt());
    auto applyState = [this](SyncEngine::State state) {
        m_status->setOnline(state == SyncEngine::State::Online
                            || state == SyncEngine::State::Syncing);
        m_status->setSyncing(state == SyncEngine::State::Syncing);
    };
    applyState(session->connectionState());
    connect(session, &AccountSession::connectionStateChanged, this, applyState);
    auto applyIndexState = [this](SyncEngine::IndexState state) {
        m_status->setIndexing(
                state == SyncEngine::IndexState::Building   ? StatusBarWidget::Indexing::Building
                : state == SyncEngine::IndexState::Deferred ? StatusBarWidget::Indexing::Deferred
                                                            : StatusBarWidget::Indexing::None);
    };
    applyIndexState(session->indexState());
    connect(session, &AccountSession::indexStateChanged, this, applyIndexState);
    connect(session, &AccountSession::syncProgress, m_status, [this](int soFar, int estimate) {
        m_status->setSyncProgress(soFar, estimate > 0 ? estimate : -1);
    });
    connect(session, &AccountSession::syncFinished, this, [this](const QDateTime &at) {
        m_status->setSyncing(false);
        m_status->setSyncProblem({});
        m_status->setLastSynced(at);
        // While pages arrive the app's cursor waits (moving it re-renders the detail pane and
        // asks for a history each page); now it goes to the newest ticket.
        followNewest();
        if (!m_detailId.isEmpty())
            loadDetail(m_detailId); // fetches the history if it is behind
    });
    connect(session, &AccountSession::syncFailed, this, [this](const Error &error) {
        m_status->setSyncing(false);
        qWarning("sync failed: HTTP %d, %s", error.httpStatus, qPrintable(error.message));
        if (error.isNetworkError() || error.isAuthProblem())
            return; // "Offline" or the sign-in banner already says what happened
        // Nothing is lost either way: the cursor only moves with stored pages, and the next
        // sync (the poll, or the user's) asks again from there.
        const QString problem
                = error.isStorageError()
                          ? describeProblem(error) + u' '
                                    + tr("Nothing was lost; the next sync tries again.")
                          : tr("The server could not send the changes (HTTP %1). Nothing was "
                               "lost; the next sync tries again.")
                                    .arg(error.httpStatus);
        m_status->setSyncProblem(problem);
        showMessage(problem);
    });
    connect(session, &AccountSession::outboxChanged, this, &MainWindow::updateOutboxCount);
    connect(session, &AccountSession::outboxChanged, this, &MainWindow::updateSignIn);
    connect(session, &AccountSession::undoChanged, this, &MainWindow::updateUndo);
    connect(session, &AccountSession::newTicketsArrived, this, [this](int count) {
        if (count > 0 && !isActiveWindow())
            notify(tr("New tickets"), tr("%n new ticket(s) arrived.", nullptr, count));
    });
    connect(session, &AccountSession::signInStateChanged, this, &MainWindow::updateSignIn);
    connect(session, &AccountSession::projectsChanged, this, &MainWindow::applyProjects);
    connect(session, &AccountSession::historyChanged, this, [this](const QString &ticketId) {
        if (ticketId == m_detailId && m_session)
            m_detail->setEvents(m_session->cache()->events(ticketId), true);
    });
    connect(session, &AccountSession::ticketCreated, this, [this](const Ticket &ticket) {
        showMessage(tr("Ticket #%1 created: %2").arg(ticket.number).arg(ticket.title));
    });
    connect(session, &AccountSession::submittedAsDuplicate, this,
            [this](const Ticket &existing, qint64 heldItemId) {
                // The server kept the earlier ticket; the user's text waits, held, to be
                // changed and sent again. Show both.
                showMessage(tr("A ticket titled “%1” was created less than a minute ago (#%2): "
                               "the server returned it instead of a new one. Your text is kept "
                               "in the outbox, held, to edit and send again.")
                                    .arg(existing.title)
                                    .arg(existing.number));
                selectTicketNumber(existing.number);
                m_outboxDock->show();
                m_outboxView->setCurrentItem(heldItemId);
            });
    connect(session, &AccountSession::problem, this, &MainWindow::reportProblem);
    // A pasted id the cache did not hold: once fetched, the search shows it like any other.
    connect(session, &AccountSession::ticketFetched, this, [this] { applyFilters(); });
    connect(session, &AccountSession::ticketNotFound, this,
            [this](const QString &, const Error &why) {
                showMessage(why.httpStatus == 404 ? tr("No ticket with that id is visible to you.")
                                                  : describeProblem(why));
            });

    const QSignalBlocker block(m_workOffline);
    const bool offline = m_settings && m_settings->value(u"workOffline"_s, false).toBool();
    m_workOffline->setChecked(offline);
    session->setWorkOffline(offline);
    m_status->setWorkingOffline(offline);
    m_outboxView->setWorkingOffline(offline);
    // Reads the token, then syncs, sends and polls; the window works from the cache meanwhile.
    session->start();
}

// ---- views -------------------------------------------------------------------------------------

SavedViewSpec MainWindow::currentViewSpec() const
{
    SavedViewSpec spec;
    spec.filter = m_sidebar->filter();
    for (const QVariant &value : m_typeFilter->values())
        spec.filter.requestTypes.append(RequestType(value.toInt()));
    for (const QVariant &value : m_priorityFilter->values())
        spec.filter.priorities.append(Priority(value.toInt()));
    if (const QVariantList blocking = m_blockingFilter->values(); !blocking.isEmpty())
        spec.filter.blocking = blocking.first().toBool();
    if (const QVariantList role = m_roleFilter->values(); !role.isEmpty())
        spec.filter.role = role.first().toString();
    spec.filter.search = m_search->text().trimmed();
    if (m_view->model()) {
        const QHeaderView *header = m_view->header();
        if (const auto key = TicketListModel::sortKeyFor(header->sortIndicatorSection())) {
            spec.sortKey = sortKeyName(*key);
            spec.sortOrder = header->sortIndicatorOrder();
        }
    }
    return spec;
}

const SavedView *MainWindow::savedView(qint64 id) const
{
    for (const SavedView &view : m_savedViews) {
        if (view.id == id)
            return &view;
    }
    return nullptr;
}

void MainWindow::loadSavedViews()
{
    m_savedViews = m_session ? m_session->savedViews() : QList<SavedView>();
    if (m_counts) {
        QList<TicketCountModel::NamedFilter> counted;
        for (const SavedView &view : std::as_const(m_savedViews))
            counted.append({Sidebar::savedViewKey(view.id), view.spec.filter});
        m_counts->setNamedFilters(counted);
    }
    m_sidebar->setSavedViews(m_savedViews);
    rebuildViewActions();
    followActiveView();
}

void MainWindow::rebuildViewActions()
{
    for (qsizetype i = m_builtInViewActions.size(); i < m_viewActions.size(); ++i)
        delete m_viewActions.at(i); // leaves the menu, the group and the window with it
    m_viewActions = m_builtInViewActions;
    const QList<Sidebar::View> builtIn = Sidebar::builtInViews();
    for (qsizetype i = 0; i < builtIn.size(); ++i)
        m_builtInViewActions.at(i)->setText(m_sidebar->displayName(builtIn.at(i)));
    for (const SavedView &view : std::as_const(m_savedViews)) {
        auto *action = new QAction(view.name, this);
        action->setObjectName(u"actionSavedView%1"_s.arg(view.id));
        action->setCheckable(true);
        const int number = int(m_viewActions.size()) + 1;
        if (number <= Sidebar::ShortcutCount)
            action->setShortcut(QKeySequence(u"Ctrl+%1"_s.arg(number)));
        const qint64 id = view.id;
        connect(action, &QAction::triggered, this, [this, id] { applySavedView(id); });
        m_viewGroup->addAction(action);
        addAction(action);
        if (m_viewMenu)
            m_viewMenu->insertAction(m_viewMenuEnd, action);
        m_viewActions.append(action);
    }
    updateViewActions();
}

void MainWindow::updateViewActions()
{
    const std::optional<qint64> active = m_sidebar->activeSavedView();
    QAction *checked = nullptr;
    if (active) {
        checked = findChild<QAction *>(u"actionSavedView%1"_s.arg(*active),
                                       Qt::FindDirectChildrenOnly);
    }
    if (!checked) {
        checked = m_builtInViewActions.value(Sidebar::builtInViews().indexOf(m_sidebar->view()));
    }
    if (checked)
        checked->setChecked(true);
    const std::optional<qint64> target = savedViewTarget();
    qsizetype index = -1;
    for (qsizetype i = 0; target && i < m_savedViews.size(); ++i) {
        if (m_savedViews.at(i).id == *target)
            index = i;
    }
    m_saveView->setEnabled(m_session != nullptr);
    m_renameView->setEnabled(index >= 0);
    m_deleteView->setEnabled(index >= 0);
    m_moveViewUp->setEnabled(index > 0);
    m_moveViewDown->setEnabled(index >= 0 && index + 1 < m_savedViews.size());
}

void MainWindow::followActiveView()
{
    if (const std::optional<qint64> active = m_sidebar->activeSavedView()) {
        const SavedView *view = savedView(*active);
        SavedViewSpec now = currentViewSpec();
        if (view && !sortKeyFromName(view->spec.sortKey)) {
            now.sortKey = view->spec.sortKey; // a sort this build does not know: not compared
            now.sortOrder = view->spec.sortOrder;
        }
        if (!view || !(now == view->spec))
            m_sidebar->clearActiveSavedView();
    }
    updateViewActions();
}

void MainWindow::applySavedView(qint64 id)
{
    const SavedView *view = savedView(id);
    if (!view)
        return;
    const SavedViewSpec spec = view->spec;
    {
        const QScopedValueRollback applying(m_applyingView, true);
        auto values = [](const auto &list) {
            QVariantList out;
            for (const auto &value : list)
                out.append(int(value));
            return out;
        };
        m_typeFilter->setValues(values(spec.filter.requestTypes));
        m_priorityFilter->setValues(values(spec.filter.priorities));
        m_blockingFilter->setValues(spec.filter.blocking ? QVariantList{*spec.filter.blocking}
                                                         : QVariantList{});
        if (!spec.filter.role.isEmpty() && !m_roleFilter->optionAction(spec.filter.role)) {
            // A role no project lists any more: offered still, so the view shows what it kept.
            QList<FilterButton::Option> options = m_roleFilter->options();
            options.append({spec.filter.role, spec.filter.role});
            m_roleFilter->setOptions(options);
        }
        m_roleFilter->setValues(spec.filter.role.isEmpty() ? QVariantList{}
                                                           : QVariantList{spec.filter.role});
        m_search->setText(spec.filter.search);
        if (const auto key = sortKeyFromName(spec.sortKey); key && m_view->model()) {
            for (int column = 0; column < m_view->model()->columnCount(); ++column) {
                if (TicketListModel::sortKeyFor(column) == key) {
                    m_view->sortByColumn(column, spec.sortOrder);
                    break;
                }
            }
        }
        m_sidebar->choose(m_sidebar->viewFor(spec.filter.statuses), spec.filter.scope,
                          spec.filter.projectId, id);
    }
    applyFilters();
    showMessage(tr("Showing the saved view “%1”.").arg(view->name));
}

std::optional<qint64> MainWindow::savedViewTarget() const
{
    return m_viewTarget ? m_viewTarget : m_sidebar->activeSavedView();
}

void MainWindow::saveCurrentView()
{
    if (!m_session)
        return;
    QStringList names;
    for (const SavedView &view : std::as_const(m_savedViews))
        names.append(view.name);
    ViewNameDialog dialog(ViewNameDialog::Purpose::Save, names, this);
    if (const std::optional<qint64> active = m_sidebar->activeSavedView()) {
        if (const SavedView *view = savedView(*active))
            dialog.setName(view->name);
    }
    if (execDialog(&dialog) != QDialog::Accepted)
        return;
    const SavedViewSpec spec = currentViewSpec();
    const Result<SavedView> saved = m_session->saveView(dialog.name(), spec);
    if (!saved) {
        showMessage(tr("Could not save the view: %1").arg(describeProblem(saved.error())));
        return;
    }
    // The list already shows it: highlight it (savedViewsChanged has listed it by now).
    {
        const QScopedValueRollback applying(m_applyingView, true);
        m_sidebar->choose(m_sidebar->view(), m_sidebar->scope(), m_sidebar->projectId(), saved->id);
    }
    updateViewActions();
    const int number = int(Sidebar::builtInViews().size() + m_savedViews.indexOf(*saved)) + 1;
    showMessage(number >= 1 && number <= Sidebar::ShortcutCount
                        ? tr("Saved the view “%1” (%2).")
                                  .arg(saved->name, QKeySequence(u"Ctrl+%1"_s.arg(number))
                                                            .toString(QKeySequence::NativeText))
                        : tr("Saved the view “%1”.").arg(saved->name));
}

void MainWindow::renameSavedView()
{
    const std::optional<qint64> id = savedViewTarget();
    const SavedView *view = id ? savedView(*id) : nullptr;
    if (!m_session || !view)
        return;
    QStringList names;
    for (const SavedView &other : std::as_const(m_savedViews)) {
        if (other.id != view->id)
            names.append(other.name);
    }
    ViewNameDialog dialog(ViewNameDialog::Purpose::Rename, names, this);
    dialog.setName(view->name);
    if (execDialog(&dialog) != QDialog::Accepted || dialog.name() == view->name)
        return;
    const QString name = dialog.name();
    if (const Status renamed = m_session->renameView(*id, name); !renamed)
        showMessage(tr("Could not rename the view: %1").arg(describeProblem(renamed.error())));
    else
        showMessage(tr("Renamed the view to “%1”.").arg(name));
}

void MainWindow::moveSavedView(int by)
{
    const std::optional<qint64> id = savedViewTarget();
    if (!m_session || !id)
        return;
    qsizetype index = -1;
    for (qsizetype i = 0; i < m_savedViews.size(); ++i) {
        if (m_savedViews.at(i).id == *id)
            index = i;
    }
    const qsizetype to = index + by;
    if (index < 0 || to < 0 || to >= m_savedViews.size())
        return;
    if (const Status moved = m_session->moveView(*id, int(to)); !moved)
        showMessage(tr("Could not move the view: %1").arg(describeProblem(moved.error())));
}

void MainWindow::deleteSavedView()
{
    const std::optional<qint64> id = savedViewTarget();
    const SavedView *view = id ? savedView(*id) : nullptr;
    if (!m_session || !view)
        return;
    const QString name = view->name;
    QMessageBox ask(QMessageBox::Question, tr("Delete saved view"),
                    tr("Delete the saved view “%1”? The tickets stay as they are.").arg(name),
                    QMessageBox::NoButton, this);
    QPushButton *remove = ask.addButton(tr("Delete"), QMessageBox::DestructiveRole);
    remove->setAccessibleName(tr("Delete"));
    ask.addButton(QMessageBox::Cancel)->setAccessibleName(tr("Cancel"));
    ask.setDefaultButton(remove);
    execDialog(&ask);
    if (ask.clickedButton() != remove)
        return;
    if (const Status deleted = m_session->deleteView(*id); !deleted)
        showMessage(tr("Could not delete the view: %1").arg(describeProblem(deleted.error())));
    else
        showMessage(tr("Deleted the saved view “%1”.").arg(name));
}

void MainWindow::openSidebarMenu(const QPoint &pos, const std::function<void(QMenu *)> &answer)
{
    const std::optional<qint64> id = m_sidebar->savedViewAt(pos);
    QMenu menu(this);
    menu.setAccessibleName(tr("Saved view"));
    if (id) {
        m_viewTarget = id;
        updateViewActions();
        menu.addAction(m_renameView);
        menu.addAction(m_moveViewUp);
        menu.addAction(m_moveViewDown);
        menu.addAction(m_deleteView);
        menu.addSeparator();
    }
    menu.addAction(m_saveView);
    if (answer)
        QTimer::singleShot(0, &menu, [&menu, answer] { answer(&menu); });
    menu.exec(m_sidebar->tree()->viewport()->mapToGlobal(pos));
    m_viewTarget.reset();
    updateViewActions();
}

} // namespace td
