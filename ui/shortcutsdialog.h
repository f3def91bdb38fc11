#pragma once

#include <QDialog>
#include <QList>
#include <QString>

class QAction;
class QTreeWidget;

namespace td {

// One heading of the cheat sheet and the actions under it, in the order given.
struct ShortcutGroup
{
    QString title;
    QList<QAction *> actions;
};

// The keyboard cheat sheet shown on "?": built from the window's own actions, so it cannot
// drift from the shortcuts that actually work. Grouped by what the keys are for; each key is
// listed once, under the first action that has it.
class ShortcutsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ShortcutsDialog(const QList<ShortcutGroup> &groups, QWidget *parent = nullptr);

    QTreeWidget *view() const { return m_view; }
    // "Triage: Close ticket = C", one line per shortcut in the order shown (tests).
    QStringList lines() const;

private:
    QTreeWidget *m_view = nullptr;
};

} // namespace td
