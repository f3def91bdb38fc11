#include "desktopnotifier.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QEvent>
#include <QSystemTrayIcon>
#include <QVariantMap>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace td {

namespace {

// The Desktop Notifications Specification, version 1.2.
const QString Service = u"org.freedesktop.Notifications"_s;
const QString Path = u"/org/freedesktop/Notifications"_s;
const QString Interface = u"org.freedesktop.Notifications"_s;
// Installed as hicolor/scalable/apps/triagedesk.svg (packaging/CMakeLists.txt).
const QString IconName = u"triagedesk"_s;
// Long enough for a notification daemon started on demand (D-Bus activation).
constexpr int CallTimeoutMs = 5000;

} // namespace

DesktopNotifier::DesktopNotifier(QWidget *window)
    : QObject(window)
    , m_window(window)
{
    m_window->installEventFilter(this);
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return;
    bus.connect(Service, Path, Interface, u"ActionInvoked"_s, this,
                SLOT(onActionInvoked(uint, QString)));
    bus.connect(Service, Path, Interface, u"NotificationClosed"_s, this,
                SLOT(onNotificationClosed(uint, uint)));
}

void DesktopNotifier::setTrayIcon(QSystemTrayIcon *tray)
{
    m_tray = tray;
}

void DesktopNotifier::notify(const QString &summary, const QString &body)
{
    const quint64 generation = ++m_generation;
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        fallBack(summary, body);
        return;
    }
    QDBusMessage call = QDBusMessage::createMethodCall(Service, Path, Interface, u"Notify"_s);
    QVariantMap hints{{u"urgency"_s, QVariant::fromValue(uchar(1))}}; // normal
    if (!QGuiApplication::desktopFileName().isEmpty())
        hints.insert(u"desktop-entry"_s, QGuiApplication::desktopFileName());
    // "default" is what the server invokes when the notification itself is clicked.
    const QStringList actions{u"default"_s, tr("Show")};
    call << QGuiApplication::applicationDisplayName() << m_shownId << IconName << summary << body
         << actions << hints << qint32(-1);
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(call, CallTimeoutMs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, generation, summary, body](QDBusPendingCallWatcher *finished) {
                finished->deleteLater();
                const QDBusPendingReply<uint> reply = *finished;
                if (reply.isError()) {
                    // No service (or it hung): a newer notification decides for itself.
                    if (generation == m_generation)
                        fallBack(summary, body);
                    return;
                }
                m_shownId = reply.value();
                emit delivered(Channel::DesktopService);
                if (m_window->isActiveWindow())
                    withdraw(); // the user came back while the service was answering
            });
}

void DesktopNotifier::fallBack(const QString &summary, const QString &body)
{
    if (m_tray && m_tray->isVisible() && QSystemTrayIcon::supportsMessages()) {
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, &DesktopNotifier::raiseWindow,
                Qt::UniqueConnection);
        m_tray->showMessage(summary, body, QSystemTrayIcon::Information, 8000);
        emit delivered(Channel::TrayMessage);
        return;
    }
    QApplication::alert(m_window); // the task bar entry asks for attention instead
    emit delivered(Channel::Attention);
}

void DesktopNotifier::onActionInvoked(uint id, const QString &actionKey)
{
    // Every client on the bus hears this signal: only our own notification counts.
    if (id == 0 || id != m_shownId || actionKey != u"default"_s)
        return;
    raiseWindow();
}

void DesktopNotifier::onNotificationClosed(uint id, uint reason)
{
    Q_UNUSED(reason);
    if (id == m_shownId)
        m_shownId = 0; // the next one is new rather than replacing a closed one
}

bool DesktopNotifier::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window && event->type() == QEvent::WindowActivate)
        withdraw();
    return QObject::eventFilter(watched, event);
}

void DesktopNotifier::withdraw()
{
    if (m_shownId == 0)
        return;
    QDBusMessage call
            = QDBusMessage::createMethodCall(Service, Path, Interface, u"CloseNotification"_s);
    call << m_shownId;
    m_shownId = 0;
    QDBusConnection::sessionBus().asyncCall(call, CallTimeoutMs); // nothing to do if it fails
}

void DesktopNotifier::raiseWindow()
{
    if (m_window->isMinimized())
        m_window->showNormal();
    else
        m_window->show();
    m_window->raise();
    m_window->activateWindow();
    emit activated();
}

} // namespace td
