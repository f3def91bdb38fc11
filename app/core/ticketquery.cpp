#include "ticketquery.h"

#include "rfc3339.h"

#include <QJsonValue>

using namespace Qt::StringLiterals;

namespace td {

QString toWire(SyncState state)
{
    switch (state) {
    case SyncState::Synced:
        return u"synced"_s;
    case SyncState::Queued:
        return u"queued"_s;
    case SyncState::Conflict:
        return u"conflict"_s;
    case SyncState::Failed:
        return u"failed"_s;
    case SyncState::Outgoing:
        return u"outgoing"_s;
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<SyncState> syncStateFromWire(QStringView wire)
{
    for (const SyncState state : {SyncState::Synced, SyncState::Queued, SyncState::Conflict,
                                  SyncState::Failed, SyncState::Outgoing}) {
        if (toWire(state) == wire)
            return state;
    }
    return std::nullopt;
}

QString localTicketId(qint64 outboxItemId)
{
    return u"outbox-"_s + QString::number(outboxItemId);
}

bool isLocalTicketId(QStringView id)
{
    return id.startsWith(u"outbox-");
}

TicketFilter TicketFilter::inbox()
{
    TicketFilter filter;
    filter.scope = Scope::Inbox;
    return filter;
}

TicketFilter TicketFilter::project(const QString &projectId)
{
    TicketFilter filter;
    filter.scope = Scope::Project;
    filter.projectId = projectId;
    return filter;
}

qint64 sortValue(const TicketRow &row, TicketSortKey key)
{
    switch (key) {
    case TicketSortKey::Number:
        return row.number;
    case TicketSortKey::Priority:
        return static_cast<qint64>(row.priority);
    case TicketSortKey::Status:
        return static_cast<qint64>(row.status);
    case TicketSortKey::Updated:
        return row.updatedAt.toMSecsSinceEpoch();
    }
    return 0;
}

bool rowBefore(const TicketRow &a, const TicketRow &b, const TicketSort &sort)
{
    const qint64 va = sortValue(a, sort.key);
    const qint64 vb = sortValue(b, sort.key);
    if (va != vb)
        return sort.order == Qt::AscendingOrder ? va < vb : va > vb;
    return sort.order == Qt::AscendingOrder ? a.number < b.number : a.number > b.number;
}

QJsonObject TicketEvent::toJson() const
{
    const auto status = [](const std::optional<TicketStatus> &s) {
        return s ? QJsonValue(td::toWire(*s)) : QJsonValue(QJsonValue::Null);
    };
    return QJsonObject{
            {u"seq"_s, seq},
            {u"type"_s, type},
            {u"from"_s, status(from)},
            {u"to"_s, status(to)},
            {u"actor_id"_s, actorId ? QJsonValue(*actorId) : QJsonValue(QJsonValue::Null)},
            {u"note"_s, note},
            {u"at"_s, toRfc3339(at)},
    };
}

std::optional<TicketEvent> TicketEvent::fromJson(const QJsonObject &json)
{
    TicketEvent event;
    const QJsonValue seq = json.value(u"seq"_s);
    if (!seq.isDouble())
        return std::nullopt;
    event.seq = seq.toInteger();
    event.type = json.value(u"type"_s).toString();
    if (event.type.isEmpty())
        return std::nullopt;
    const auto status = [&json](const QString &key, std::optional<TicketStatus> *out) {
        const QJsonValue value = json.value(key);
        if (value.isNull() || value.isUndefined())
            return true;
        *out = ticketStatusFromWire(value.toString());
        return out->has_value();
    };
    if (!status(u"from"_s, &event.from) || !status(u"to"_s, &event.to))
        return std::nullopt;
    const QJsonValue actor = json.value(u"actor_id"_s);
    if (actor.isString())
        event.actorId = actor.toString();
    event.note = json.value(u"note"_s).toString();
    event.at = fromRfc3339(json.value(u"at"_s).toString());
    if (!event.at.isValid())
        return std::nullopt;
    return event;
}

TicketSource::~TicketSource() = default;

} // namespace td
