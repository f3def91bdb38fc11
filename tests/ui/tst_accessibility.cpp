// What a screen reader finds: the main window's accessibility tree is walked the way an AT-SPI
// client would, and every control a user can operate (buttons, check boxes, combo boxes and
// their popup lists, edits, lists, tables, menu items) must have a name to be read out, in
// the light theme and in the dark one (switched through View > Theme, as a user does).
#include "accounts/accountmanager.h"
#include "accounts/credentialstore.h"
#include "store/cachedatabase.h"
#include "store/outbox.h"
#include "store/storetestutil.h"
#include "store/ticketcache.h"
#include "support/serverprocess.h"
#include "support/testdata.h"
#include "support/testsession.h"
#include "ui/aboutdialog.h"
#include "ui/accountsdialog.h"
#include "ui/confirmdialog.h"
#include "ui/connectdialog.h"
#include "ui/mainwindow.h"
#include "ui/outboxconflictdialog.h"
#include "ui/shortcutsdialog.h"
#include "ui/submissiondialog.h"
#include "ui/triagenotedialog.h"
#include "ui/viewnamedialog.h"

#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QJsonArray>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace td;
namespace data = td::testdata;

namespace {

// The roles a user operates. Cells, rows and headers inside views are left out: their
// names are the data they show, and an empty cell is not an unnamed control.
bool isInteractive(QAccessible::Role role)
{
    switch (role) {
    case QAccessible::PushButton:
    case QAccessible::CheckBox:
    case QAccessible::RadioButton:
    case QAccessible::ButtonMenu:
    case QAccessible::ButtonDropDown:
    case QAccessible::ButtonDropGrid:
    case QAccessible::ComboBox:
    case QAccessible::EditableText:
    case QAccessible::SpinBox:
    case QAccessible::List:
    case QAccessible::Table:
    case QAccessible::Tree:
    case QAccessible::MenuItem:
    case QAccessible::PageTab:
    case QAccessible::Link:
        return true;
    default:
        return false;
    }
}

QString roleName(QAccessible::Role role)
{
    switch (role) {
    case QAccessible::PushButton:
        return u"button"_s;
    case QAccessible::CheckBox:
        return u"check box"_s;
    case QAccessible::ComboBox:
        return u"combo box"_s;
    case QAccessible::EditableText:
        return u"edit"_s;
    case QAccessible::List:
        return u"list"_s;
    case QAccessible::MenuItem:
        return u"menu item"_s;
    default:
        return u"role %1"_s.arg(int(role));
    }
}

// One step of a path: role, name and the object's class/objectName, so a failure says where.
QString describe(QAccessibleInterface *node)
{
    QString what = roleName(node->role());
    const QString name = node->text(QAccessible::Name);
    what += name.isEmpty() ? u" (unnamed)"_s : u" '%1'"_s.arg(name);
    if (QObject *object = node->object()) {
        what += u" ["_s + QString::fromLatin1(object->metaObject()->className());
        if (!object->objectName().isEmpty())
            what += u" #"_s + object->objectName();
        what += u"]"_s;
    }
    return what;
}

struct Walk
{
    QStringList unnamed; // paths of interactive nodes without a name
    int interactive = 0; // how many interactive nodes the walk saw
    int comboLists = 0;  // popup lists reached under combo boxes
    int menuButtons = 0; // buttons that open a menu (the list's filters)
    int editButtons = 0; // buttons reached inside line edits (clear buttons)
    QSet<QAccessibleInterface *> seen;
};

void walk(QAccessibleInterface *node, const QString &path, Walk &result, int depth = 0)
{
    if (!node || !node->isValid() || result.seen.contains(node) || depth > 40)
        return;
    result.seen.insert(node);
    const QAccessible::Role role = node->role();
    if (role == QAccessible::ButtonMenu)
        ++result.menuButtons;
    if (isInteractive(role)) {
        ++result.interactive;
        if (node->text(QAccessible::Name).trimmed().isEmpty())
            result.unnamed.append(path);
    }
    for (int i = 0; i < node->childCount(); ++i) {
        QAccessibleInterface *child = node->child(i);
        if (!child)
            continue;
        if (role == QAccessible::ComboBox && child->role() == QAccessible::List)
            ++result.comboLists;
        if (role == QAccessible::EditableText && child->role() == QAccessible::PushButton)
            ++result.editButtons;
        // Cells of a big list add nothing but time: they are data, never controls.
        if (role == QAccessible::Tree || role == QAccessible::Table) {
            const QAccessible::Role childRole = child->role();
            if (childRole == QAccessible::Cell || childRole == QAccessible::TreeItem
                || childRole == QAccessible::Row)
                continue;
        }
        walk(child, path + u" / "_s + describe(child), result, depth + 1);
    }
}

} // namespace

class TestAccessibility : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void everyControlOfTheMainWindowHasAName_data();
    void everyControlOfTheMainWindowHasAName();
    void everyControlOfEachDialogHasAName_data();
    void everyControlOfEachDialogHasAName();

private:
    std::unique_ptr<AccountSession> makeSession();
    // Switches the window to the theme of this row through its View > Theme action.
    void applyTheme(const QString &theme);

    std::unique_ptr<test::ServerProcess> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    QNetworkAccessManager m_network;
    std::unique_ptr<test::TestAccounts> m_accounts;
    std::unique_ptr<MainWindow> m_window;
};

void TestAccessibility::initTestCase()
{
    m_server = std::make_unique<test::ServerProcess>();
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
}

void TestAccessibility::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_settings
            = std::make_unique<QSettings>(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
    m_accounts = std::make_unique<test::TestAccounts>(&m_network, m_dir->path());
}

void TestAccessibility::cleanup()
{
    if (m_window) {
        m_window->close();
        m_window->setSession(nullptr);
    }
    m_window.reset();
    m_accounts.reset();
    m_settings.reset();
    m_dir.reset();
}

std::unique_ptr<AccountSession> TestAccessibility::makeSession()
{
    return m_accounts->signInAndOpen(m_server->baseUrl(), data::OwnerToken);
}

void TestAccessibility::applyTheme(const QString &theme)
{
    auto *action = m_window->findChild<QAction *>(u"actionTheme"_s + theme);
    QVERIFY2(action, qPrintable(theme));
    action->trigger();
    QVERIFY(action->isChecked());
    QCOMPARE(QApplication::palette().color(QPalette::Window).lightness() < 128, theme == u"Dark"_s);
}

void TestAccessibility::everyControlOfTheMainWindowHasAName_data()
{
    QTest::addColumn<QString>("theme");
    QTest::addColumn<bool>("signedIn");
    QTest::addColumn<QString>("search");
    for (const QString &theme : {u"Light"_s, u"Dark"_s}) {
        const QByteArray in = theme.toLower().toUtf8();
        QTest::addRow("no account yet (%s)", in.constData()) << theme << false << QString();
        QTest::addRow("owner signed in and synced (%s)", in.constData())
                << theme << true << QString();
        // The search field shows its clear button only while it holds text.
        QTest::addRow("owner searching (%s)", in.constData()) << theme << true << u"checkout"_s;
    }
}

void TestAccessibility::everyControlOfTheMainWindowHasAName()
{
    QFETCH(QString, theme);
    QFETCH(bool, signedIn);
    QFETCH(QString, search);
    m_window = std::make_unique<MainWindow>(m_settings.get());
    applyTheme(theme);
    if (QTest::currentTestFailed())
        return;
    if (signedIn) {
        auto session = makeSession();
        QVERIFY(session);
        QSignalSpy synced(session.get(), &AccountSession::syncFinished);
        m_window->setSession(std::move(session));
        m_window->show();
        QTRY_VERIFY_WITH_TIMEOUT(synced.count() >= 1, 15'000);
    } else {
        m_window->show();
    }
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    if (!search.isEmpty())
        QTest::keyClicks(m_window->searchField(), search);
    QCoreApplication::processEvents();

    QAccessibleInterface *root = QAccessible::queryAccessibleInterface(m_window.get());
    QVERIFY(root);
    Walk result;
    walk(root, describe(root), result);
    // The walk reached what the AT-SPI walk reported: the four filter buttons and the
    // search field's clear button (so an empty report means named, not unreached).
    QCOMPARE(result.menuButtons, 4);
    QCOMPARE(result.editButtons, 1);
    QVERIFY2(result.interactive > 20, qPrintable(QString::number(result.interactive)));
    for (const QString &path : std::as_const(result.unnamed))
        qWarning("unnamed: %s", qPrintable(path)); // QVERIFY2 cuts long messages short
    QVERIFY2(result.unnamed.isEmpty(),
             qPrintable(u"%1 unnamed control(s):\n"_s.arg(result.unnamed.size())
                        + result.unnamed.join(u'\n')));
}

void TestAccessibility::everyControlOfEachDialogHasAName_data()
{
    QTest::addColumn<QString>("theme");
    QTest::addColumn<QString>("dialog");
    for (const QString &theme : {u"Light"_s, u"Dark"_s}) {
        for (const char *name : {"About", "Keyboard shortcuts", "Connect", "Accounts", "New ticket",
                                 "Submit (standalone)", "Confirm submission", "Triage note",
                                 "Outbox conflict", "Save view"}) {
            QTest::addRow("%s (%s)", name, qPrintable(theme.toLower()))
                    << theme << QString::fromLatin1(name);
        }
    }
}

void TestAccessibility::everyControlOfEachDialogHasAName()
{
    QFETCH(QString, theme);
    QFETCH(QString, dialog);
    m_window = std::make_unique<MainWindow>(m_settings.get());
    applyTheme(theme);
    if (QTest::currentTestFailed())
        return;
    auto session = makeSession();
    QVERIFY(session);
    QSignalSpy synced(session.get(), &AccountSession::syncFinished);
    m_window->setSession(std::move(session));
    m_window->show();
    // The projects for the form come with the first sync.
    QTRY_VERIFY_WITH_TIMEOUT(synced.count() >= 1, 15'000);
    AccountManager &manager = m_accounts->manager();

    Walk result;
    auto check = [&](QWidget *shown) {
        QVERIFY(QTest::qWaitForWindowExposed(shown));
        QAccessibleInterface *root = QAccessible::queryAccessibleInterface(shown);
        QVERIFY(root);
        walk(root, describe(root), result);
    };
    std::unique_ptr<QDialog> box;
    if (dialog == u"New ticket"_s) {
        // The real path: File > New ticket opens the form in a modal dialog.
        bool opened = false;
        m_window->setDialogHook([&](QDialog *shown) {
            opened = true;
            check(shown);
            shown->reject();
        });
        m_window->findChild<QAction *>(u"actionNewTicket"_s)->trigger();
        QVERIFY(opened);
    } else {
        if (dialog == u"About"_s) {
            box = std::make_unique<AboutDialog>(m_window.get());
        } else if (dialog == u"Keyboard shortcuts"_s) {
            box = std::make_unique<ShortcutsDialog>(m_window->shortcutGroups(), m_window.get());
        } else if (dialog == u"Connect"_s) {
            box = std::make_unique<ConnectDialog>(&manager, m_window.get());
        } else if (dialog == u"Accounts"_s) {
            box = std::make_unique<AccountsDialog>(&manager, QString(), m_window.get());
        } else if (dialog == u"Submit (standalone)"_s) {
            box = std::make_unique<SubmissionDialog>(m_window->session(), m_window.get());
        } else if (dialog == u"Confirm submission"_s) {
            const QJsonObject body{
                    {u"title"_s, u"Checkout button does nothing"_s},
                    {u"description"_s, u"Steps: open the page, click Pay."_s},
                    {u"request_type"_s, u"bug"_s},
                    {u"priority"_s, u"high"_s},
                    {u"roles"_s, QJsonArray{u"frontend"_s}},
                    {u"evidence"_s, QJsonObject{{u"link"_s, u"https://example.com/log/1"_s}}}};
            box = std::make_unique<ConfirmDialog>(u"Web app"_s, body, m_window.get());
        } else if (dialog == u"Save view"_s) {
            box = std::make_unique<ViewNameDialog>(ViewNameDialog::Purpose::Save,
                                                   QStringList{u"Hot bugs"_s}, m_window.get());
        } else if (dialog == u"Triage note"_s) {
            box = std::make_unique<TriageNoteDialog>(2, m_window.get());
        } else if (dialog == u"Outbox conflict"_s) {
            OutboxItem item;
            item.kind = OutboxKind::Transition;
            item.ticketId = u"t-1"_s;
            item.payload = {{u"to"_s, u"triaged"_s}, {u"expected_version"_s, 1}};
            item.state = OutboxState::Conflict;
            Ticket theirs = storetest::makeTicket(7, u"Checkout button does nothing"_s);
            theirs.version = 2;
            item.serverTicket = theirs;
            box = std::make_unique<OutboxConflictDialog>(item, std::nullopt, m_window.get());
        }
        QVERIFY2(box, qPrintable(dialog));
        box->show();
        check(box.get());
    }
    QVERIFY2(result.interactive > 0, "the walk reached no control at all");
    for (const QString &path : std::as_const(result.unnamed))
        qWarning("unnamed: %s", qPrintable(path)); // QVERIFY2 cuts long messages short
    QVERIFY2(result.unnamed.isEmpty(),
             qPrintable(u"%1 unnamed control(s):\n"_s.arg(result.unnamed.size())
                        + result.unnamed.join(u'\n')));
}

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"
