#include "singlekeyguard.h"

#include <QApplication>
#include <QKeyEvent>
#include <QWidget>

namespace td {

SingleKeyGuard::SingleKeyGuard(QWidget *window, const QList<QWidget *> &keyAreas)
    : QObject(window)
    , m_window(window)
{
    for (QWidget *area : keyAreas)
        m_keyAreas.append(area);
    // Shortcut overrides go to the widget with focus, so only an application-wide filter
    // sees them all; it returns at once for every other event.
    QCoreApplication::instance()->installEventFilter(this);
}

SingleKeyGuard::~SingleKeyGuard()
{
    if (QCoreApplication::instance())
        QCoreApplication::instance()->removeEventFilter(this);
}

bool SingleKeyGuard::inKeyArea(const QWidget *widget) const
{
    for (const QPointer<QWidget> &area : m_keyAreas) {
        if (area && (widget == area || area->isAncestorOf(widget)))
            return true;
    }
    return false;
}

bool SingleKeyGuard::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::ShortcutOverride || !watched->isWidgetType())
        return false;
    auto *widget = static_cast<QWidget *>(watched);
    // Judged once, where the key lands: an override nobody takes travels on to the parents.
    if (!m_window || widget != QApplication::focusWidget() || widget->window() != m_window)
        return false;
    auto *key = static_cast<QKeyEvent *>(event);
    const Qt::KeyboardModifiers chord
            = key->modifiers() & ~(Qt::ShiftModifier | Qt::KeypadModifier);
    const QString text = key->text();
    if (chord != Qt::NoModifier || text.size() != 1 || !text.at(0).isPrint()
        || text.at(0).isSpace())
        return false;
    if (inKeyArea(widget))
        return false;
    // Accepting the override makes the key an ordinary key press for this widget.
    event->accept();
    return true;
}

} // namespace td
