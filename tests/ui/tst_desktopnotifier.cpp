// New tickets that arrive while the window is in the background reach the desktop's
// notification service. The test is that service: it owns org.freedesktop.Notifications on
// the session bus through a connection of its own (a real D-Bus peer, messages go through the
// bus daemon), records each Notify call and clicks notifications by emitting ActionInvoked.
// The tickets come from the real triagedesk-server through the real sync.
#include "api/apiclient.h"
#include "store/cachedatabase.h"
#include "store/outbox.h"
#include "store/ticketcache.h"
#include "support/serverprocess.h"
#include "support/testdata.h"
#include "support/testhttpclient.h"
#include "support/testsession.h"
#include "sync/syncengine.h"
#include "ui/desktopnotifier.h"
#include "ui/mainwindow.h"
#include "ui/translations.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusReply>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace td;
namespace data = td::testdata;

namespace {

const QString NotificationService = u"org.freedesktop.Notifications"_s;
const QString NotificationPath = u"/org/freedesktop/Notifications"_s;

bool haveSessionBus()
{
    return QDBusConnection::sessionBus().isConnected();
}

// A desktop (or an earlier test) already serves notifications on this bus.
bool notificationServiceExists()
{
    QDBusConnectionInterface *bus = QDBusConnection::sessionBus().interface();
    if (!bus)
        return false;
    const QDBusReply<QStringList> activatable = bus->activatableServiceNames();
    return bus->isServiceRegistered(NotificationService).value()
           || (activatable.isValid() && activatable.value().contains(NotificationService));
}

} // namespace

// The notification server side of the Desktop Notifications Specification, recording calls.
class FakeNotificationServer : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    struct Call
    {
        QString appName;
        uint replacesId;
        QString summary;
        QString body;
        QStringList actions;
        QVariantMap hints;
    };
    QList<Call> calls;
    QList<uint> closed; // CloseNotification calls

    // Takes the well-known name on a connection of its own; false if that fails.
    bool start()
    {
        m_bus = std::make_unique<QDBusConnection>(
                QDBusConnection::connectToBus(QDBusConnection::SessionBus, m_connectionName));
        return m_bus->isConnected()
               && m_bus->registerObject(NotificationPath, this,
                                        QDBusConnection::ExportAllSlots
                                                | QDBusConnection::ExportAllSignals)
               && m_bus->registerService(NotificationService);
    }
    ~FakeNotificationServer() override
    {
        if (!m_bus)
            return;
        m_bus->unregisterService(NotificationService);
        m_bus->unregisterObject(NotificationPath);
        m_bus.reset();
        QDBusConnection::disconnectFromBus(m_connectionName);
    }

public slots:
    uint Notify(const QString &appName, uint replacesId, const QString &appIcon,
                const QString &summary, const QString &body, const QStringList &actions,
                const QVariantMap &hints, int expireTimeout)
    {
        Q_UNUSED(appIcon);
        Q_UNUSED(expireTimeout);
        calls.append({appName, replacesId, summary, body, actions, hints});
        return replacesId != 0 ? replacesId : ++m_lastId;
    }
    void CloseNotification(uint id)
    {
        closed.append(id);
        emit NotificationClosed(id, 3);
    }
    QStringList GetCapabilities() { return {u"actions"_s, u"body"_s}; }
    QString GetServerInformation(QString &vendor, QString &version, QString &specVersion)
    {
        vendor = u"TriageDesk tests"_s;
        version = u"1"_s;
        specVersion = u"1.2"_s;
        return u"tst_desktopnotifier"_s;
    }

signals:
    void ActionInvoked(uint id, const QString &actionKey);
    void NotificationClosed(uint id, uint reason);

private:
    const QString m_connectionName = u"tst_desktopnotifier-server"_s;
    std::unique_ptr<QDBusConnection> m_bus;
    uint m_lastId = 40;
};

class TestDesktopNotifier : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void newTicketsInTheBackgroundAreAnnounced_data();
    void newTicketsInTheBackgroundAreAnnounced();
    void clickingTheNotificationRaisesTheWindow();
    void aNewerNotificationReplacesTheOneOnScreen();
    void comingBackToTheWindowWithdrawsTheNotification();
    void withoutTheServiceTheTaskBarAsksForAttention();

private:
    void requireServer();
    bool createTicket(const QString &title);
    std::unique_ptr<AccountSession> makeSession();
    // Takes org.freedesktop.Notifications on the session bus; skips the test without a bus
    // or when a real service already has the name.
    bool startService();
    void openWindow();

    std::unique_ptr<test::ServerProcess> m_server;
    std::unique_ptr<test::TestHttpClient> m_http;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    QNetworkAccessManager m_network;
    std::unique_ptr<test::TestAccounts> m_accounts;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<QWidget> m_otherWindow; // takes the focus to put ours in the background
    std::unique_ptr<FakeNotificationServer> m_service;
    int m_counter = 0;
};

void TestDesktopNotifier::initTestCase()
{
    QApplication::setApplicationDisplayName(u"TriageDesk"_s);
}

void TestDesktopNotifier::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_settings
            = std::make_unique<QSettings>(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
    m_otherWindow = std::make_unique<QWidget>();
    m_otherWindow->setWindowTitle(u"Another application"_s);
}

void TestDesktopNotifier::cleanup()
{
    if (m_window) {
        m_window->close();
        m_window->setSession(nullptr);
    }
    m_window.reset();
    m_accounts.reset();
    m_otherWindow.reset();
    m_service.reset();
    m_settings.reset();
    m_dir.reset();
    installTranslations(*qApp, QLocale(QLocale::English));
}

void TestDesktopNotifier::cleanupTestCase()
{
    if (m_server)
        m_server->stop();
}

void TestDesktopNotifier::requireServer()
{
    if (m_server)
        return;
    m_server = std::make_unique<test::ServerProcess>();
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    m_http = std::make_unique<test::TestHttpClient>(m_server->baseUrl());
    // The first sync of a cache is no news; only tickets after it are announced.
    QVERIFY(createTicket(u"Already there"_s));
}

// A client submits a ticket to the owner's project.
bool TestDesktopNotifier::createTicket(const QString &title)
{
    const QJsonObject ticket{
            {u"title"_s, u"%1 %2"_s.arg(title).arg(++m_counter)},
            {u"description"_s, u"Steps: open the page, click Pay."_s},
            {u"request_type"_s, u"bug"_s},
            {u"priority"_s, u"medium"_s},
            {u"roles"_s, QJsonArray{u"frontend"_s}},
            {u"evidence"_s, QJsonObject{{u"link"_s, u"https://example.com/log/1"_s}}}};
    return m_http->post(u"/api/projects/%1/tickets"_s.arg(data::WebProjectId), ticket,
                        data::ClientToken)
                   .status
           == 201;
}

std::unique_ptr<AccountSession> TestDesktopNotifier::makeSession()
{
    m_accounts = std::make_unique<test::TestAccounts>(
            &m_network, m_dir->filePath(u"profile-%1"_s.arg(++m_counter)));
    return m_accounts->signInAndOpen(m_server->baseUrl(), data::OwnerToken);
}

bool TestDesktopNotifier::startService()
{
    if (!haveSessionBus()) {
        QTest::qSkip("no D-Bus session bus: run under dbus-run-session (scripts/test.sh does)",
                     __FILE__, __LINE__);
        return false;
    }
    if (notificationServiceExists()) {
        QTest::qSkip("this session bus already has a notification service; the test must be it",
                     __FILE__, __LINE__);
        return false;
    }
    m_service = std::make_unique<FakeNotificationServer>();
    if (!m_service->start()) {
        QTest::qFail("could not take org.freedesktop.Notifications", __FILE__, __LINE__);
        return false;
    }
    return true;
}

// The window, signed in as the owner, active and synced once.
void TestDesktopNotifier::openWindow()
{
    requireServer();
    m_window = std::make_unique<MainWindow>(m_settings.get());
    auto session = makeSession();
    QVERIFY(session);
    // Active before the first sync, which fills the cache: that is no news to announce.
    m_window->show();
    QApplication::setActiveWindow(m_window.get());
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QSignalSpy synced(session.get(), &AccountSession::syncFinished);
    m_window->setSession(std::move(session));
    QTRY_VERIFY_WITH_TIMEOUT(synced.count() >= 1, 15'000);
}

void TestDesktopNotifier::newTicketsInTheBackgroundAreAnnounced_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<bool>("inBackground");
    QTest::addColumn<int>("newTickets");
    QTest::addColumn<QString>("summary"); // empty: no notification expected
    QTest::addColumn<QString>("body");
    QTest::newRow("English, one ticket in the background")
            << u"en"_s << true << 1 << u"New tickets"_s << u"1 new ticket arrived."_s;
    QTest::newRow("English, three tickets in the background")
            << u"en"_s << true << 3 << u"New tickets"_s << u"3 new tickets arrived."_s;
    QTest::newRow("German, two tickets in the background")
            << u"de"_s << true << 2 << u"Neue Tickets"_s << u"2 neue Tickets eingetroffen."_s;
    QTest::newRow("window active: the user sees them already")
            << u"en"_s << false << 2 << QString() << QString();
}

void TestDesktopNotifier::newTicketsInTheBackgroundAreAnnounced()
{
    QFETCH(QString, language);
    QFETCH(bool, inBackground);
    QFETCH(int, newTickets);
    QFETCH(QString, summary);
    QFETCH(QString, body);
    if (!startService())
        return; // skipped or failed, with the reason
    installTranslations(*qApp, QLocale(language));
    openWindow();
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(m_service->calls.isEmpty(), "the first sync of an active window announced tickets");

    if (inBackground) {
        m_otherWindow->show();
        QApplication::setActiveWindow(m_otherWindow.get());
        QVERIFY(QTest::qWaitForWindowActive(m_otherWindow.get()));
        QVERIFY(!m_window->isActiveWindow());
    }
    for (int i = 0; i < newTickets; ++i)
        QVERIFY(createTicket(u"Arrived while away"_s));
    QSignalSpy arrived(m_window->session(), &AccountSession::newTicketsArrived);
    m_window->syncNow();
    QVERIFY(arrived.wait(10'000));
    QCOMPARE(arrived.first().first().toInt(), newTickets);

    if (summary.isEmpty()) {
        // Give a stray call the time to cross the bus before saying none came.
        QTest::qWait(300);
        QVERIFY2(m_service->calls.isEmpty(), qPrintable(m_service->calls.value(0).body));
        return;
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_service->calls.size(), 1, 5'000);
    const FakeNotificationServer::Call &call = m_service->calls.first();
    QCOMPARE(call.summary, summary);
    QCOMPARE(call.body, body);
    QCOMPARE(call.appName, u"TriageDesk"_s);
    // Clicking the notification itself must do something: the "default" action.
    QVERIFY2(call.actions.contains(u"default"_s), qPrintable(call.actions.join(u',')));
}

void TestDesktopNotifier::clickingTheNotificationRaisesTheWindow()
{
    if (!startService())
        return; // skipped or failed, with the reason
    QWidget window;
    window.setWindowTitle(u"TriageDesk"_s);
    DesktopNotifier notifier(&window);
    QSignalSpy delivered(&notifier, &DesktopNotifier::delivered);
    QSignalSpy activated(&notifier, &DesktopNotifier::activated);
    window.show();
    m_otherWindow->show();
    QApplication::setActiveWindow(m_otherWindow.get());
    QVERIFY(QTest::qWaitForWindowActive(m_otherWindow.get()));

    notifier.notify(u"New tickets"_s, u"1 new ticket arrived."_s);
    QVERIFY(delivered.wait(5'000));
    QCOMPARE(delivered.first().first().value<DesktopNotifier::Channel>(),
             DesktopNotifier::Channel::DesktopService);
    QCOMPARE(m_service->calls.size(), 1);
    // Another application's notification being clicked is none of our business.
    emit m_service->ActionInvoked(7, u"default"_s);
    QTest::qWait(200);
    QCOMPARE(activated.count(), 0);
    QVERIFY(!window.isActiveWindow());
    // Ours is: the window comes to the front.
    emit m_service->ActionInvoked(41, u"default"_s);
    QTRY_COMPARE_WITH_TIMEOUT(activated.count(), 1, 5'000);
    QTRY_VERIFY(window.isActiveWindow());
}

void TestDesktopNotifier::aNewerNotificationReplacesTheOneOnScreen()
{
    if (!startService())
        return; // skipped or failed, with the reason
    QWidget window;
    DesktopNotifier notifier(&window);
    QSignalSpy delivered(&notifier, &DesktopNotifier::delivered);
    notifier.notify(u"New tickets"_s, u"1 new ticket arrived."_s);
    QVERIFY(delivered.wait(5'000));
    notifier.notify(u"New tickets"_s, u"2 new tickets arrived."_s);
    QTRY_COMPARE_WITH_TIMEOUT(delivered.count(), 2, 5'000);
    QCOMPARE(m_service->calls.size(), 2);
    // A pile of "new tickets" bubbles would say less than the latest count.
    QCOMPARE(m_service->calls.at(0).replacesId, 0u);
    QCOMPARE(m_service->calls.at(1).replacesId, 41u);
    // Once the user dismissed it, the next one is a new notification again.
    emit m_service->NotificationClosed(41, 2);
    QTest::qWait(200);
    notifier.notify(u"New tickets"_s, u"1 new ticket arrived."_s);
    QTRY_COMPARE_WITH_TIMEOUT(delivered.count(), 3, 5'000);
    QCOMPARE(m_service->calls.at(2).replacesId, 0u);
}

void TestDesktopNotifier::comingBackToTheWindowWithdrawsTheNotification()
{
    if (!startService())
        return; // skipped or failed, with the reason
    QWidget window;
    DesktopNotifier notifier(&window);
    QSignalSpy delivered(&notifier, &DesktopNotifier::delivered);
    window.show();
    m_otherWindow->show();
    QApplication::setActiveWindow(m_otherWindow.get());
    QVERIFY(QTest::qWaitForWindowActive(m_otherWindow.get()));
    notifier.notify(u"New tickets"_s, u"1 new ticket arrived."_s);
    QVERIFY(delivered.wait(5'000));
    // Still away: the notification stays.
    QTest::qWait(100);
    QVERIFY(m_service->closed.isEmpty());
    // Back through the task bar (not the notification): the news is on screen now.
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTRY_COMPARE_WITH_TIMEOUT(m_service->closed, QList<uint>{41}, 5'000);
}

void TestDesktopNotifier::withoutTheServiceTheTaskBarAsksForAttention()
{
    // Also runs without any session bus: that is the same situation for the user.
    if (haveSessionBus() && notificationServiceExists())
        QSKIP("this session bus has a notification service, so there is nothing to fall back "
              "from");
    QWidget window;
    DesktopNotifier notifier(&window);
    // No tray either: the offscreen platform has none, like many Wayland desktops.
    notifier.setTrayIcon(nullptr);
    QSignalSpy delivered(&notifier, &DesktopNotifier::delivered);
    window.show();
    notifier.notify(u"New tickets"_s, u"1 new ticket arrived."_s);
    QTRY_COMPARE_WITH_TIMEOUT(delivered.count(), 1, 6'000);
    QCOMPARE(delivered.first().first().value<DesktopNotifier::Channel>(),
             DesktopNotifier::Channel::Attention);
}

QTEST_MAIN(TestDesktopNotifier)
#include "tst_desktopnotifier.moc"
