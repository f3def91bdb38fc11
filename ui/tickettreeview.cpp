#include "tickettreeview.h"

#include "ticketviewproxy.h"

namespace td {

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

} // namespace td
