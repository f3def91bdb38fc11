#pragma once

#include "ticketquery.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace td {

// What a saved view brings back: the sidebar's scope and status view (filter.scope,
// filter.projectId, filter.statuses), the filter values, the search text and the sort. The
// sort key is kept by name ("updated", "priority"...), so a file written by a build with
// other sort keys still reads: an unknown name leaves the list's sort as it is.
struct SavedViewSpec
{
    TicketFilter filter;
    QString sortKey; // sortKeyName(); empty: the view does not change the sort
    Qt::SortOrder sortOrder = Qt::DescendingOrder;

    QJsonObject toJson() const;
    static SavedViewSpec fromJson(const QJsonObject &json);
    friend bool operator==(const SavedViewSpec &, const SavedViewSpec &) = default;
};

// One saved view of an account, in the order the user gave them.
struct SavedView
{
    qint64 id = 0;
    QString name;
    SavedViewSpec spec;
    friend bool operator==(const SavedView &, const SavedView &) = default;
};

// The stable names of the sort keys, as saved views store them.
QString sortKeyName(TicketSortKey key);
std::optional<TicketSortKey> sortKeyFromName(QStringView name);

} // namespace td

Q_DECLARE_METATYPE(td::SavedView)
