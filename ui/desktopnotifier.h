#pragma once

#include <QObject>
#include <QPointer>

class QSystemTrayIcon;
class QWidget;

namespace td {

// Tells the user about news while the window is in the background, the way the desktop
// expects it: a notification through the freedesktop service on the session bus (GNOME, KDE,
// XFCE, dunst, ...), else the tray icon's message, else the task bar entry asks for
// attention. Clicking the notification raises the window; coming back to the window by any
// other way withdraws it, since the user has seen the news by then.
class DesktopNotifier : public QObject
{
    Q_OBJECT

public:
    enum class Channel { DesktopService, TrayMessage, Attention };
    Q_ENUM(Channel)

    explicit DesktopNotifier(QWidget *window);

    // Used when the desktop has no notification service.
    void setTrayIcon(QSystemTrayIcon *tray);
    // Shows `summary` and `body`; a newer notification replaces the one still on screen.
    // The service answers asynchronously: delivered() says which way it went.
    void notify(const QString &summary, const QString &body);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

signals:
    void delivered(td::DesktopNotifier::Channel channel);
    // The user clicked the notification; the window has been raised.
    void activated();

private slots:
    // Signals of org.freedesktop.Notifications (connected by name, hence slots).
    void onActionInvoked(uint id, const QString &actionKey);
    void onNotificationClosed(uint id, uint reason);

private:
    void fallBack(const QString &summary, const QString &body);
    void raiseWindow();
    void withdraw();

    QWidget *m_window;
    QPointer<QSystemTrayIcon> m_tray;
    uint m_shownId = 0;       // the service's id for our notification on screen, 0 if none
    quint64 m_generation = 0; // only the newest call may fall back when the service fails
};

} // namespace td
