#include "shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

ShortcutsDialog::ShortcutsDialog(const QList<QAction *> &actions, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Keyboard shortcuts"));
    setObjectName(u"shortcutsDialog"_s);
    auto *layout = new QVBoxLayout(this);
    m_view = new QTreeWidget;
    m_view->setObjectName(u"shortcuts"_s);
    m_view->setAccessibleName(tr("Keyboard shortcuts"));
    m_view->setRootIsDecorated(false);
    m_view->setHeaderLabels({tr("Action"), tr("Keys")});
    m_view->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_view->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    QStringList seen;
    for (const QAction *action : actions) {
        if (!action || action->shortcuts().isEmpty())
            continue;
        QString name = action->text();
        name.remove(u'&');
        if (name.endsWith(u"…"_s) || name.endsWith(u"..."_s))
            name.chop(name.endsWith(u"…"_s) ? 1 : 3);
        QStringList keys;
        for (const QKeySequence &key : action->shortcuts())
            keys << key.toString(QKeySequence::NativeText);
        if (seen.contains(name))
            continue;
        seen << name;
        auto *item = new QTreeWidgetItem(m_view);
        item->setText(0, name);
        item->setText(1, keys.join(tr(" or ")));
    }
    auto *help = new QTreeWidgetItem(m_view);
    help->setText(0, tr("Show this list"));
    help->setText(1, u"?"_s);
    m_view->sortItems(0, Qt::AscendingOrder);
    layout->addWidget(m_view);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(440, 480);
}

} // namespace td
