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

bool isTextSortKey(TicketSortKey key)
{
    return key == TicketSortKey::Title || key == TicketSortKey::Roles
           || key == TicketSortKey::Requester;
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
    case TicketSortKey::Type:
        return static_cast<qint64>(row.requestType);
    case TicketSortKey::Title:
    case TicketSortKey::Roles:
    case TicketSortKey::Requester:
        return 0;
    }
    return 0;
}

QString sortText(const TicketRow &row, TicketSortKey key)
{
    switch (key) {
    case TicketSortKey::Title:
        return row.title;
    case TicketSortKey::Requester:
        return row.requester.name;
    case TicketSortKey::Roles:
        return row.roles.join(u", "_s);
    default:
        return {};
    }
}

namespace {

// The next code point of `s` from `i` (a surrogate pair is one), ASCII A-Z folded to a-z as
// SQLite's NOCASE folds them. A lone surrogate counts as its own value.
char32_t nextFolded(QStringView s, qsizetype *i)
{
    const char16_t c = s.at(*i).unicode();
    ++*i;
    if (QChar::isHighSurrogate(c) && *i < s.size() && QChar::isLowSurrogate(s.at(*i).unicode()))
        return QChar::surrogateToUcs4(c, s.at((*i)++).unicode());
    if (c >= u'A' && c <= u'Z')
        return c + (u'a' - u'A');
    return c;
}

} // namespace

int compareSortText(QStringView a, QStringView b)
{
    // Code points compare as SQLite compares the UTF-8 bytes of a TEXT value (UTF-8 keeps
    // code point order; comparing UTF-16 units would put U+10000 and above before U+E000).
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < a.size() && j < b.size()) {
        const char32_t ca = nextFolded(a, &i);
        const char32_t cb = nextFolded(b, &j);
        if (ca != cb)
            return ca < cb ? -1 : 1;
    }
    if (i < a.size())
        return 1;
    return j < b.size() ? -1 : 0;
}

bool rowBefore(const TicketRow &a, const TicketRow &b, const TicketSort &sort)
{
    const bool ascending = sort.order == Qt::AscendingOrder;
    if (isTextSortKey(sort.key)) {
        if (const int c = compareSortText(sortText(a, sort.key), sortText(b, sort.key)); c != 0)
            return ascending ? c < 0 : c > 0;
    } else {
        const qint64 va = sortValue(a, sort.key);
        const qint64 vb = sortValue(b, sort.key);
        if (va != vb)
            return ascending ? va < vb : va > vb;
    }
    return ascending ? a.number < b.number : a.number > b.number;
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

void TicketSource::readInBackground(QObject *context, BackgroundRead read,
                                    std::function<void()> done)
{
    read(*this);
    if (context)
        done();
}

} // namespace td
