#include "tickettreeview.h"

#include "ticketviewproxy.h"

#include <QApplication>
#include <QEvent>
#include <QHeaderView>
#include <QScopedValueRollback>
#include <QSignalBlocker>
#include <QStyle>
#include <QStyleOptionViewItem>
#include <QStyledItemDelegate>

using namespace Qt::StringLiterals;

namespace td {
namespace {

// A cell whose icon is drawn as usual but measured as its text alone: styles pad a cell with
// an icon (Fusion adds two pixels), and with uniform row heights the first row's height is
// every row's, so one marker would make the whole list taller.
class MarkerDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem text = option;
        initStyleOption(&text, index);
        text.features &= ~QStyleOptionViewItem::HasDecoration;
        const QWidget *widget = option.widget;
        QStyle *style = widget ? widget->style() : QApplication::style();
        return {QStyledItemDelegate::sizeHint(option, index).width(),
                style->sizeFromContents(QStyle::CT_ItemViewItem, &text, QSize(), widget).height()};
    }
};

} // namespace

void TicketTreeView::doItemsLayout()
{
    auto *proxy = qobject_cast<TicketViewProxy *>(model());
    const bool hold = proxy && proxy->rowCount() > 0;
    if (hold)
        proxy->setFetchHeld(true);
    QTreeView::doItemsLayout();
    if (hold)
        proxy->setFetchHeld(false);
}

void TicketTreeView::setFoldableColumns(const QList<int> &columnsInFoldOrder, int stretchMinimum)
{
    m_foldOrder = columnsInFoldOrder;
    m_stretchMinimum = stretchMinimum;
    m_folded.clear();
    fitColumns();
}

QByteArray TicketTreeView::saveColumns()
{
    QHeaderView *bar = header();
    const QScopedValueRollback fitting(m_fitting, true);
    const QSignalBlocker quiet(bar);
    for (auto it = m_folded.cbegin(); it != m_folded.cend(); ++it) {
        bar->showSection(it.key());
        bar->resizeSection(it.key(), it.value());
    }
    const QByteArray state = bar->saveState();
    for (auto it = m_folded.cbegin(); it != m_folded.cend(); ++it)
        bar->hideSection(it.key());
    return state;
}

void TicketTreeView::fitIconsToText()
{
    QStyleOptionViewItem option;
    initViewItemOption(&option);
    option.features = QStyleOptionViewItem::HasDisplay;
    option.text = u"Xg"_s;
    const int textRow
            = style()->sizeFromContents(QStyle::CT_ItemViewItem, &option, QSize(), this).height();
    setIconSize(QSize(textRow, textRow));
}

void TicketTreeView::setMarkerColumn(int column)
{
    setItemDelegateForColumn(column, new MarkerDelegate(this));
}

void TicketTreeView::changeEvent(QEvent *event)
{
    QTreeView::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        fitIconsToText();
}

void TicketTreeView::resizeEvent(QResizeEvent *event)
{
    QTreeView::resizeEvent(event);
    fitColumns();
}

void TicketTreeView::fitColumns()
{
    QHeaderView *bar = header();
    if (m_fitting || !model() || m_foldOrder.isEmpty() || bar->count() == 0)
        return;
    const QScopedValueRollback fitting(m_fitting, true);
    const int available = viewport()->width();
    // What the shown columns need besides the stretched ones, and the stretched minimum.
    auto needed = [&] {
        int width = 0;
        for (int c = 0; c < bar->count(); ++c) {
            if (bar->isSectionHidden(c))
                continue;
            width += bar->sectionResizeMode(c) == QHeaderView::Stretch ? m_stretchMinimum
                                                                       : bar->sectionSize(c);
        }
        return width;
    };
    int width = needed();
    // Unfold, last folded first, while the column fits again.
    for (auto it = m_foldOrder.crbegin(); it != m_foldOrder.crend(); ++it) {
        const auto folded = m_folded.constFind(*it);
        if (folded == m_folded.cend())
            continue;
        if (width + folded.value() > available)
            break;
        width += folded.value();
        const int column = *it;
        const int size = folded.value();
        m_folded.remove(column);
        bar->showSection(column);
        bar->resizeSection(column, size);
    }
    // Fold, first in order first, until the rest fits.
    for (int column : std::as_const(m_foldOrder)) {
        if (width <= available)
            break;
        if (m_folded.contains(column) || bar->isSectionHidden(column))
            continue;
        const int size = bar->sectionSize(column);
        m_folded.insert(column, size);
        bar->hideSection(column);
        width -= size;
    }
}

} // namespace td
