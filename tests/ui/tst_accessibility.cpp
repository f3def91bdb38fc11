// What a screen reader finds: the main window's accessibility tree is walked the way an AT-SPI
// client would, and every control a user can operate (buttons, check boxes, combo boxes and
// their popup lists, edits, lists, tables, menu items) must have a name to be read out.
#include "api/apiclient.h"
#include "store/cachedatabase.h"
#include "store/outbox.h"
#include "store/ticketcache.h"
#include "support/serverprocess.h"
#include "support/testdata.h"
#include "sync/syncengine.h"
#include "ui/mainwindow.h"

#include <QAccessible>
#include <QApplication>
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
    int editButtons = 0; // buttons reached inside line edits (clear buttons)
    QSet<QAccessibleInterface *> seen;
};

void walk(QAccessibleInterface *node, const QString &path, Walk &result, int depth = 0)
{
    if (!node || !node->isValid() || result.seen.contains(node) || depth > 40)
        return;
    result.seen.insert(node);
    const QAccessible::Role role = node->role();
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

private:
    std::unique_ptr<AccountSession> makeSession();

    std::unique_ptr<test::ServerProcess> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    QNetworkAccessManager m_network;
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
}

void TestAccessibility::cleanup()
{
    if (m_window) {
        m_window->close();
        m_window->setSession(nullptr);
    }
    m_window.reset();
    m_settings.reset();
    m_dir.reset();
}

std::unique_ptr<AccountSession> TestAccessibility::makeSession()
{
    auto s = std::make_unique<AccountSession>();
    s->account.id = u"acc-owner"_s;
    s->account.serverUrl = m_server->baseUrl();
    s->account.user = {data::OwnerId, data::OwnerName, data::OwnerEmail, u"owner"_s};
    s->account.tenant = {data::TenantSlug, data::TenantName};
    s->owner = std::make_unique<QObject>();
    s->database = new CacheDatabase;
    const OpenReport report = s->database->open(m_dir->filePath(s->account.id + u".sqlite"_s));
    if (report.error != StoreError::None)
        return nullptr;
    s->cache = new TicketCache(s->database);
    s->outbox = new Outbox(s->database);
    s->api = new ApiClient(&m_network, m_server->baseUrl(), data::OwnerToken);
    s->sync = new SyncEngine(s->api, s->cache, s->outbox);
    return s;
}

void TestAccessibility::everyControlOfTheMainWindowHasAName_data()
{
    QTest::addColumn<bool>("signedIn");
    QTest::addColumn<QString>("search");
    QTest::newRow("no account yet") << false << QString();
    QTest::newRow("owner signed in and synced") << true << QString();
    // The search field shows its clear button only while it holds text.
    QTest::newRow("owner searching") << true << u"checkout"_s;
}

void TestAccessibility::everyControlOfTheMainWindowHasAName()
{
    QFETCH(bool, signedIn);
    QFETCH(QString, search);
    m_window = std::make_unique<MainWindow>(m_settings.get());
    if (signedIn) {
        auto session = makeSession();
        QVERIFY(session);
        QSignalSpy synced(session->sync, &SyncEngine::syncFinished);
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
    // The walk reached what the AT-SPI walk reported: the filters' popup lists and the
    // search field's clear button (so an empty report means named, not unreached).
    QCOMPARE(result.comboLists, 4);
    QCOMPARE(result.editButtons, 1);
    QVERIFY2(result.interactive > 20, qPrintable(QString::number(result.interactive)));
    QVERIFY2(result.unnamed.isEmpty(),
             qPrintable(u"%1 unnamed control(s):\n"_s.arg(result.unnamed.size())
                        + result.unnamed.join(u'\n')));
}

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"
