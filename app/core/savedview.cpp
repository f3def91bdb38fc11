#include "savedview.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace td {

namespace {

QString scopeName(TicketFilter::Scope scope)
{
    switch (scope) {
    case TicketFilter::Scope::All:
        return u"all"_s;
    case TicketFilter::Scope::Project:
        return u"project"_s;
    case TicketFilter::Scope::Inbox:
        return u"inbox"_s;
    }
    return u"all"_s;
}

template<typename T>
QJsonArray wireList(const QList<T> &values)
{
    QJsonArray out;
    for (const T &value : values)
        out.append(toWire(value));
    return out;
}

// Values this build does not know (a newer build's) are left out rather than failing the view.
template<typename T, typename Parse>
QList<T> parseList(const QJsonValue &value, Parse parse)
{
    QList<T> out;
    for (const QJsonValue &item : value.toArray()) {
        if (const std::optional<T> parsed = parse(item.toString());
            parsed && !out.contains(*parsed))
            out.append(*parsed);
    }
    return out;
}

} // namespace

QString sortKeyName(TicketSortKey key)
{
    switch (key) {
    case TicketSortKey::Number:
        return u"number"_s;
    case TicketSortKey::Priority:
        return u"priority"_s;
    case TicketSortKey::Status:
        return u"status"_s;
    case TicketSortKey::Updated:
        return u"updated"_s;
    case TicketSortKey::Title:
        return u"title"_s;
    case TicketSortKey::Type:
        return u"type"_s;
    case TicketSortKey::Roles:
        return u"roles"_s;
    case TicketSortKey::Requester:
        return u"requester"_s;
    }
    return {};
}

std::optional<TicketSortKey> sortKeyFromName(QStringView name)
{
    for (const TicketSortKey key :
         {TicketSortKey::Number, TicketSortKey::Priority, TicketSortKey::Status,
          TicketSortKey::Updated, TicketSortKey::Title, TicketSortKey::Type, TicketSortKey::Roles,
          TicketSortKey::Requester}) {
        if (sortKeyName(key) == name)
            return key;
    }
    return std::nullopt;
}

QJsonObject SavedViewSpec::toJson() const
{
    QJsonObject json{
            {u"scope"_s, scopeName(filter.scope)},
            {u"statuses"_s, wireList(filter.statuses)},
            {u"request_types"_s, wireList(filter.requestTypes)},
            {u"priorities"_s, wireList(filter.priorities)},
            {u"blocking"_s, filter.blocking ? QJsonValue(*filter.blocking) : QJsonValue()},
            {u"role"_s, filter.role},
            {u"search"_s, filter.search},
    };
    if (filter.scope == TicketFilter::Scope::Project)
        json.insert(u"project_id"_s, filter.projectId);
    if (!sortKey.isEmpty()) {
        json.insert(
                u"sort"_s,
                QJsonObject{{u"key"_s, sortKey},
                            {u"order"_s, sortOrder == Qt::AscendingOrder ? u"asc"_s : u"desc"_s}});
    }
    return json;
}

SavedViewSpec SavedViewSpec::fromJson(const QJsonObject &json)
{
    SavedViewSpec spec;
    const QString scope = json.value(u"scope"_s).toString();
    if (scope == u"project"_s) {
        spec.filter.scope = TicketFilter::Scope::Project;
        spec.filter.projectId = json.value(u"project_id"_s).toString();
    } else if (scope == u"inbox"_s) {
        spec.filter.scope = TicketFilter::Scope::Inbox;
    }
    spec.filter.statuses = parseList<TicketStatus>(
            json.value(u"statuses"_s), [](const QString &s) { return ticketStatusFromWire(s); });
    spec.filter.requestTypes
            = parseList<RequestType>(json.value(u"request_types"_s),
                                     [](const QString &s) { return requestTypeFromWire(s); });
    spec.filter.priorities = parseList<Priority>(
            json.value(u"priorities"_s), [](const QString &s) { return priorityFromWire(s); });
    if (const QJsonValue blocking = json.value(u"blocking"_s); blocking.isBool())
        spec.filter.blocking = blocking.toBool();
    spec.filter.role = json.value(u"role"_s).toString();
    spec.filter.search = json.value(u"search"_s).toString();
    const QJsonObject sort = json.value(u"sort"_s).toObject();
    spec.sortKey = sort.value(u"key"_s).toString();
    spec.sortOrder = sort.value(u"order"_s).toString() == u"asc"_s ? Qt::AscendingOrder
                                                                   : Qt::DescendingOrder;
    return spec;
}

} // namespace td
