#include "filterbutton.h"

#include <QActionGroup>
#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>

using namespace Qt::StringLiterals;

namespace td {

namespace {

// Ticking one value of several leaves the menu open for the next (a click or Space); Return
// ticks and closes as usual.
class StayOpenMenu : public QMenu
{
public:
    using QMenu::QMenu;

protected:
    void mouseReleaseEvent(QMouseEvent *event) override
    {
        QAction *action = actionAt(event->position().toPoint());
        if (action && action->property("stayOpen").toBool() && action->isEnabled()) {
            action->trigger();
            return;
        }
        QMenu::mouseReleaseEvent(event);
    }
    void keyPressEvent(QKeyEvent *event) override
    {
        QAction *action = activeAction();
        if (event->key() == Qt::Key_Space && action && action->property("stayOpen").toBool()) {
            action->trigger();
            return;
        }
        QMenu::keyPressEvent(event);
    }
};

} // namespace

FilterButton::FilterButton(Mode mode, const QString &anyText, const QString &format,
                           const QString &accessibleName, QWidget *parent)
    : QToolButton(parent)
    , m_mode(mode)
    , m_anyText(anyText)
    , m_format(format)
    , m_name(accessibleName)
{
    setPopupMode(QToolButton::InstantPopup);
    setToolButtonStyle(Qt::ToolButtonTextOnly);
    setAccessibleName(accessibleName);
    auto *menu = new StayOpenMenu(this);
    menu->setAccessibleName(accessibleName);
    setMenu(menu);
    m_any = menu->addAction(anyText);
    m_any->setCheckable(true);
    m_any->setChecked(true);
    menu->addSeparator();
    if (mode == Mode::One) {
        m_group = new QActionGroup(this);
        m_group->setExclusionPolicy(QActionGroup::ExclusionPolicy::Exclusive);
        m_group->addAction(m_any);
    }
    connect(m_any, &QAction::triggered, this, &FilterButton::clear);
    updateText();
}

void FilterButton::setOptions(const QList<Option> &options)
{
    const QVariantList chosen = values();
    for (QAction *action : std::as_const(m_actions))
        delete action;
    m_actions.clear();
    m_options = options;
    for (const Option &option : options) {
        QAction *action = menu()->addAction(option.first);
        action->setCheckable(true);
        action->setData(option.second);
        action->setProperty("stayOpen", m_mode == Mode::Several);
        if (m_group)
            m_group->addAction(action);
        connect(action, &QAction::triggered, this, [this, action] { onToggled(action); });
        m_actions.append(action);
    }
    setValues(chosen);
}

QVariantList FilterButton::values() const
{
    QVariantList out;
    for (const QAction *action : m_actions) {
        if (action->isChecked())
            out.append(action->data());
    }
    return out;
}

void FilterButton::setValues(const QVariantList &values)
{
    bool any = true;
    for (QAction *action : std::as_const(m_actions)) {
        bool on = values.contains(action->data());
        if (on && m_mode == Mode::One && !any)
            on = false; // one at most
        action->setChecked(on);
        any = any && !on;
    }
    m_any->setChecked(any);
    updateText();
}

QString FilterButton::summary() const
{
    QStringList labels;
    for (const QAction *action : m_actions) {
        if (action->isChecked())
            labels.append(action->text());
    }
    return labels.join(u", "_s);
}

QAction *FilterButton::optionAction(const QVariant &value) const
{
    for (QAction *action : m_actions) {
        if (action->data() == value)
            return action;
    }
    return nullptr;
}

void FilterButton::clear()
{
    const bool was = isActive();
    setValues({});
    if (was)
        Q_EMIT changed();
}

void FilterButton::onToggled(QAction *)
{
    m_any->setChecked(!isActive());
    updateText();
    Q_EMIT changed();
}

void FilterButton::updateText()
{
    const QString chosen = summary();
    const QString text = chosen.isEmpty() ? m_anyText : m_format.arg(chosen);
    setText(text);
    setToolTip(chosen.isEmpty() ? m_name : m_name + u": "_s + chosen);
    setAccessibleDescription(text);
    // Bold while it narrows the list, so a filter left on is seen.
    QFont bold = font();
    bold.setBold(!chosen.isEmpty());
    setFont(bold);
}

} // namespace td
