#pragma once

#include <QDialog>
#include <QList>

class QAction;
class QTreeWidget;

namespace td {

// The keyboard cheat sheet shown on "?": built from the window's own actions, so it cannot
// drift from the shortcuts that actually work.
class ShortcutsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ShortcutsDialog(const QList<QAction *> &actions, QWidget *parent = nullptr);

    QTreeWidget *view() const { return m_view; }

private:
    QTreeWidget *m_view = nullptr;
};

} // namespace td
