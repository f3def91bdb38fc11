#pragma once

#include <QTreeView>

namespace td {

// The ticket list's view. Qt 6's QTreeView fetches another page on every full relayout of
// its root (meant for trees whose children load lazily), and every sync page that inserts
// rows causes one: the list would load a page per sync page until it held the whole cache.
// Here a relayout of a list that already has rows fetches nothing; scrolling to the end
// (QAbstractItemView's scroll bar rule) and keyboard navigation still fetch as before.
class TicketTreeView : public QTreeView
{
    Q_OBJECT
public:
    using QTreeView::QTreeView;

    void doItemsLayout() override;
};

} // namespace td
