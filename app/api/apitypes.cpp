#include "api/apitypes.h"

#include "core/json.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace td {

namespace {

template<typename T>
std::optional<T> fail(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return std::nullopt;
}

bool readString(const QJsonObject &json, const QString &key, QString *out)
{
    const QJsonValue value = json.value(key);
    if (!value.isString())
        return false;
    *out = value.toString();
    return true;
}

// A JSON number that is an exact integer (the contract's seq/number/version).
bool readInteger(const QJsonObject &json, const QString &key, qint64 *out)
{
    const QJsonValue value = json.value(key);
    if (!value.isDouble())
        return false;
    const double number = value.toDouble();
    if (number != double(qint64(number)))
        return false;
    *out = qint64(number);
    return true;
}

std::optional<QList<Ticket>> readTickets(const QJsonObject &json, QString *error)
{
    const QJsonValue value = json.value(u"tickets"_s);
    if (!value.isArray())
        return fail<QList<Ticket>>(error, u"\"tickets\" is not an array"_s);
    const QJsonArray array = value.toArray();
    QList<Ticket> tickets;
    tickets.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        QString why;
        auto ticket = Ticket::fromJson(array.at(i).toObject(), &why);
        if (!ticket)
            return fail<QList<Ticket>>(error, u"tickets[%1]: %2"_s.arg(i).arg(why));
        tickets.append(std::move(*ticket));
    }
    return tickets;
}

template<typename T>
QString joinWire(const QList<T> &values)
{
    QStringList wire;
    for (const T &value : values)
        wire.append(toWire(value));
    return wire.join(u',');
}

} // namespace

std::optional<MeInfo> parseMe(const QJsonObject &json, QString *error)
{
    MeInfo me;
    const QJsonObject user = json.value(u"user"_s).toObject();
    if (!readString(user, u"id"_s, &me.user.id) || !readString(user, u"name"_s, &me.user.name)
        || !readString(user, u"email"_s, &me.user.email)
        || !readString(user, u"role"_s, &me.user.role))
        return fail<MeInfo>(error, u"\"user\" needs id, name, email and role strings"_s);
    const QJsonObject tenant = json.value(u"tenant"_s).toObject();
    if (!readString(tenant, u"slug"_s, &me.tenant.slug)
        || !readString(tenant, u"name"_s, &me.tenant.name))
        return fail<MeInfo>(error, u"\"tenant\" needs slug and name strings"_s);
    const QJsonValue projects = json.value(u"projects"_s);
    if (!projects.isArray())
        return fail<MeInfo>(error, u"\"projects\" is not an array"_s);
    for (const QJsonValue &value : projects.toArray()) {
        const QJsonObject object = value.toObject();
        ApiProject project;
        if (!readString(object, u"id"_s, &project.id)
            || !readString(object, u"name"_s, &project.name) || !object.value(u"roles"_s).isArray())
            return fail<MeInfo>(error, u"a project needs id, name and roles"_s);
        for (const QJsonValue &role : object.value(u"roles"_s).toArray())
            project.roles.append(role.toString());
        me.projects.append(project);
    }
    return me;
}

std::optional<TicketPage> parseTicketPage(const QJsonObject &json, QString *error)
{
    auto tickets = readTickets(json, error);
    if (!tickets)
        return std::nullopt;
    TicketPage page;
    page.tickets = std::move(*tickets);
    const QJsonValue cursor = json.value(u"next_cursor"_s);
    if (cursor.isString())
        page.nextCursor = cursor.toString();
    else if (!cursor.isNull() && !cursor.isUndefined())
        return fail<TicketPage>(error, u"\"next_cursor\" is neither a string nor null"_s);
    return page;
}

std::optional<ChangesPage> parseChangesPage(const QJsonObject &json, QString *error,
                                            QByteArrayView body)
{
    auto tickets = readTickets(json, error);
    if (!tickets)
        return std::nullopt;
    ChangesPage page;
    page.tickets = std::move(*tickets);
    // Each ticket's own bytes, found by a scan of the body Qt has just parsed (it keeps no
    // positions). Only when they are as many as the tickets parsed: anything the scan cannot
    // be sure of leaves the list empty, and the cache then serialises the parsed tickets.
    if (!body.isEmpty() && !page.tickets.isEmpty()) {
        const auto elements = topLevelArrayElements(body, "tickets");
        if (elements && elements->size() == page.tickets.size()) {
            page.ticketJson.reserve(elements->size());
            for (const QByteArrayView element : *elements)
                page.ticketJson.append(element.toByteArray());
        }
    }
    if (!readInteger(json, u"next_since"_s, &page.nextSince) || page.nextSince < 0)
        return fail<ChangesPage>(error, u"\"next_since\" is not a non-negative integer"_s);
    const QJsonValue hasMore = json.value(u"has_more"_s);
    if (!hasMore.isBool())
        return fail<ChangesPage>(error, u"\"has_more\" is not a boolean"_s);
    page.hasMore = hasMore.toBool();
    return page;
}

std::optional<QList<TicketEvent>> parseEvents(const QJsonObject &json, QString *error)
{
    const QJsonValue events = json.value(u"events"_s);
    if (!events.isArray())
        return fail<QList<TicketEvent>>(error, u"\"events\" is not an array"_s);
    QList<TicketEvent> result;
    for (const QJsonValue &value : events.toArray()) {
        auto event = TicketEvent::fromJson(value.toObject());
        if (!event)
            return fail<QList<TicketEvent>>(
                    error, u"event %1 lacks seq, type or a valid at/from/to"_s.arg(result.size()));
        result.append(std::move(*event));
    }
    return result;
}

std::optional<CapabilityResult> parseCapabilityResult(const QJsonObject &json, QString *error)
{
    CapabilityResult result;
    if (json.value(u"ok"_s) != QJsonValue(true)
        || !readString(json, u"ticket_id"_s, &result.ticketId)
        || !readString(json, u"status"_s, &result.status))
        return fail<CapabilityResult>(error, u"expected {ok: true, ticket_id, status}"_s);
    return result;
}

QUrlQuery ticketListQuery(const RemoteTicketFilter &filter, const QString &cursor)
{
    QUrlQuery query;
    if (!filter.project.isEmpty())
        query.addQueryItem(u"project"_s, filter.project);
    if (!filter.statuses.isEmpty())
        query.addQueryItem(u"status"_s, joinWire(filter.statuses));
    if (!filter.requestTypes.isEmpty())
        query.addQueryItem(u"request_type"_s, joinWire(filter.requestTypes));
    if (!filter.priorities.isEmpty())
        query.addQueryItem(u"priority"_s, joinWire(filter.priorities));
    query.addQueryItem(u"limit"_s, QString::number(qBound(1, filter.limit, 500)));
    if (!cursor.isEmpty())
        query.addQueryItem(u"cursor"_s, cursor);
    return query;
}

QJsonObject transitionBody(TicketStatus to, const QString &note, std::optional<int> expectedVersion)
{
    QJsonObject body{{u"to"_s, toWire(to)}};
    if (!note.isEmpty())
        body.insert(u"note"_s, note);
    if (expectedVersion)
        body.insert(u"expected_version"_s, *expectedVersion);
    return body;
}

} // namespace td
