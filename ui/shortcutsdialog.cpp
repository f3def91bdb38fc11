#include "shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeySequence>
#include <QSet>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

namespace {

// "&Export list as CSV…" as a line of the sheet: "Export list as CSV".
QString plainName(const QAction *action)
{
    QString name = action->text();
    name.remove(u'&');
    if (name.endsWith(u"…"_s))
        name.chop(1);
    else if (name.endsWith(u"..."_s))
        name.chop(3);
    return name;
}

} // namespace

ShortcutsDialog::ShortcutsDialog(const QList<ShortcutGroup> &groups, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Keyboard shortcuts"));
    setObjectName(u"shortcutsDialog"_s);
    auto *layout = new QVBoxLayout(this);
    m_view = new QTreeWidget;
    m_view->setObjectName(u"shortcuts"_s);
    m_view->setAccessibleName(tr("Keyboard shortcuts"));
    m_view->setHeaderLabels({tr("Action"), tr("Keys")});
    m_view->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_view->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_view->setRootIsDecorated(false);
    m_view->setItemsExpandable(false);
    QSet<QKeySequence> listed;
    for (const ShortcutGroup &group : groups) {
        QTreeWidgetItem *heading = nullptr;
        for (const QAction *action : group.actions) {
            if (!action || !action->isVisible())
                continue;
            QStringList keys;
            for (const QKeySequence &key : action->shortcuts()) {
                if (!key.isEmpty() && !listed.contains(key)) {
                    listed.insert(key);
                    keys << key.toString(QKeySequence::NativeText);
                }
            }
            if (keys.isEmpty())
                continue;
            if (!heading) {
                heading = new QTreeWidgetItem(m_view);
                heading->setText(0, group.title);
                heading->setFirstColumnSpanned(true);
                heading->setFlags(Qt::ItemIsEnabled);
                QFont bold = heading->font(0);
                bold.setBold(true);
                heading->setFont(0, bold);
            }
            auto *item = new QTreeWidgetItem(heading);
            item->setText(0, plainName(action));
            item->setText(1, keys.join(tr(" or ")));
        }
    }
    m_view->expandAll();
    layout->addWidget(m_view);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(460, 560);
}

QStringList ShortcutsDialog::lines() const
{
    QStringList lines;
    for (int g = 0; g < m_view->topLevelItemCount(); ++g) {
        const QTreeWidgetItem *heading = m_view->topLevelItem(g);
        for (int i = 0; i < heading->childCount(); ++i) {
            lines << u"%1: %2 = %3"_s.arg(heading->text(0), heading->child(i)->text(0),
                                          heading->child(i)->text(1));
        }
    }
    return lines;
}

} // namespace td
