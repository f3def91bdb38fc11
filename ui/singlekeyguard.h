#pragma once

#include <QList>
#include <QObject>
#include <QPointer>

class QWidget;

namespace td {

// Single-key shortcuts (J, K, T, P, C) belong to the ticket list and the detail pane, where a
// plain letter means nothing else. Everywhere else in the window a plain letter is typing: a
// filter's keyboard search, the sidebar's type-ahead, a text field. There the widget with
// focus gets the key, and the shortcut does not act. (Dialogs are windows of their own: the
// main window's shortcuts never act in them.)
class SingleKeyGuard : public QObject
{
    Q_OBJECT
public:
    // Watches the application's key events for `window`; `keyAreas` (and their children)
    // keep the single-key shortcuts.
    SingleKeyGuard(QWidget *window, const QList<QWidget *> &keyAreas);
    ~SingleKeyGuard() override;

    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool inKeyArea(const QWidget *widget) const;

    QPointer<QWidget> m_window;
    QList<QPointer<QWidget>> m_keyAreas;
};

} // namespace td
