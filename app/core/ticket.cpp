#include "ticket.h"

#include "rfc3339.h"

#include <QJsonArray>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace td {

QString toWire(RequestType type)
{
    switch (type) {
    case RequestType::Bug:
        return u"bug"_s;
    case RequestType::Question:
        return u"question"_s;
    case RequestType::ChangeRequest:
        return u"change_request"_s;
    case RequestType::BillingQuestion:
        return u"billing_question"_s;
    case RequestType::General:
        return u"general"_s;
    }
    Q_UNREACHABLE();
    return {};
}

QList<RequestType> allRequestTypes()
{
    return {RequestType::Bug, RequestType::Question, RequestType::ChangeRequest,
            RequestType::BillingQuestion, RequestType::General};
}

std::optional<RequestType> requestTypeFromWire(QStringView wire)
{
    for (const RequestType type : allRequestTypes()) {
        if (toWire(type) == wire)
            return type;
    }
    return std::nullopt;
}

QStringList requestTypeWireNames()
{
    QStringList names;
    for (const RequestType type : allRequestTypes())
        names.append(toWire(type));
    return names;
}

QString toWire(Priority priority)
{
    switch (priority) {
    case Priority::Low:
        return u"low"_s;
    case Priority::Medium:
        return u"medium"_s;
    case Priority::High:
        return u"high"_s;
    case Priority::Urgent:
        return u"urgent"_s;
    }
    Q_UNREACHABLE();
    return {};
}

QList<Priority> allPriorities()
{
    return {Priority::Low, Priority::Medium, Priority::High, Priority::Urgent};
}

std::optional<Priority> priorityFromWire(QStringView wire)
{
    for (const Priority priority : allPriorities()) {
        if (toWire(priority) == wire)
            return priority;
    }
    return std::nullopt;
}

QStringList priorityWireNames()
{
    QStringList names;
    for (const Priority priority : allPriorities())
        names.append(toWire(priority));
    return names;
}

namespace {

QJsonValue optionalString(const std::optional<QString> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

// Reads the members of one JSON object and remembers the first thing that was wrong, so
// fromJson can read straight through and check once at the end.
class Reader
{
public:
    explicit Reader(const QJsonObject &object, QString prefix = {})
        : m_object(object)
        , m_prefix(std::move(prefix))
    {}

    const QString &error() const { return m_error; }
    bool ok() const { return m_error.isEmpty(); }

    QString string(const QString &key)
    {
        const QJsonValue value = member(key);
        if (!value.isString()) {
            wrongType(key, value, u"a string");
            return {};
        }
        return value.toString();
    }

    std::optional<QString> nullableString(const QString &key)
    {
        const QJsonValue value = member(key);
        if (value.isNull())
            return std::nullopt;
        if (!value.isString()) {
            wrongType(key, value, u"a string or null");
            return std::nullopt;
        }
        return value.toString();
    }

    qint64 integer(const QString &key, qint64 minimum, double maximum = 9007199254740992.0)
    {
        const QJsonValue value = member(key);
        // JSON numbers are doubles; only integers that a double holds exactly are accepted.
        // The default maximum, 2^53, is where doubles stop holding every integer.
        const double number = value.toDouble();
        if (!value.isDouble() || std::trunc(number) != number || number > maximum) {
            wrongType(key, value, u"an integer");
            return 0;
        }
        if (number < static_cast<double>(minimum)) {
            fail(u"member '%1' must be at least %2"_s.arg(path(key)).arg(minimum));
            return 0;
        }
        return static_cast<qint64>(number);
    }

    bool boolean(const QString &key)
    {
        const QJsonValue value = member(key);
        if (!value.isBool()) {
            wrongType(key, value, u"a boolean");
            return false;
        }
        return value.toBool();
    }

    QJsonObject object(const QString &key)
    {
        const QJsonValue value = member(key);
        if (!value.isObject()) {
            wrongType(key, value, u"an object");
            return {};
        }
        return value.toObject();
    }

    QStringList stringList(const QString &key)
    {
        const QJsonValue value = member(key);
        if (!value.isArray()) {
            wrongType(key, value, u"an array of strings");
            return {};
        }
        QStringList list;
        for (const QJsonValue item : value.toArray()) {
            if (!item.isString()) {
                wrongType(key, value, u"an array of strings");
                return {};
            }
            list.append(item.toString());
        }
        return list;
    }

    QDateTime time(const QString &key)
    {
        const QString text = string(key);
        if (!ok())
            return {};
        QDateTime parsed = fromRfc3339(text);
        if (!parsed.isValid())
            fail(u"member '%1' is not an RFC 3339 time"_s.arg(path(key)));
        return parsed;
    }

    template<typename Enum>
    Enum enumeration(const QString &key, std::optional<Enum> (*fromWire)(QStringView),
                     Enum fallback)
    {
        const QString text = string(key);
        if (!ok())
            return fallback;
        const std::optional<Enum> parsed = fromWire(text);
        if (!parsed) {
            fail(u"member '%1' has unknown value '%2'"_s.arg(path(key), text));
            return fallback;
        }
        return *parsed;
    }

    void fail(const QString &message)
    {
        if (m_error.isEmpty())
            m_error = message;
    }

private:
    QString path(const QString &key) const { return m_prefix + key; }

    QJsonValue member(const QString &key)
    {
        const auto it = m_object.constFind(key);
        if (it == m_object.constEnd()) {
            fail(u"member '%1' is missing"_s.arg(path(key)));
            return QJsonValue(QJsonValue::Undefined);
        }
        return *it;
    }

    void wrongType(const QString &key, const QJsonValue &value, QStringView expected)
    {
        if (value.isUndefined())
            return; // already reported as missing
        fail(u"member '%1' must be %2"_s.arg(path(key), expected));
    }

    QJsonObject m_object;
    QString m_prefix;
    QString m_error;
};

} // namespace

QJsonObject Ticket::toJson() const
{
    return QJsonObject{
            {u"id"_s, id},
            {u"number"_s, number},
            {u"tenant"_s, tenant},
            {u"project_id"_s, optionalString(projectId)},
            {u"title"_s, title},
            {u"description"_s, description},
            {u"request_type"_s, toWire(requestType)},
            {u"priority"_s, toWire(priority)},
            {u"roles"_s, QJsonArray::fromStringList(roles)},
            {u"blocking"_s, blocking},
            {u"evidence"_s, evidence},
            {u"suggested_resolution"_s, suggestedResolution},
            {u"implementation_notes"_s, implementationNotes},
            {u"requester"_s,
             QJsonObject{{u"name"_s, requester.name}, {u"email"_s, requester.email}}},
            {u"actor_role"_s, actorRole},
            {u"actor_id"_s, optionalString(actorId)},
            {u"source"_s, source},
            {u"agent_vendor"_s, optionalString(agentVendor)},
            {u"status"_s, toWire(status)},
            {u"version"_s, version},
            {u"seq"_s, seq},
            {u"created_at"_s, toRfc3339(createdAt)},
            {u"updated_at"_s, toRfc3339(updatedAt)},
    };
}

std::optional<Ticket> Ticket::fromJson(const QJsonObject &json, QString *error)
{
    Reader reader(json);
    Ticket ticket;
    ticket.id = reader.string(u"id"_s);
    ticket.number = reader.integer(u"number"_s, 0);
    ticket.tenant = reader.string(u"tenant"_s);
    ticket.projectId = reader.nullableString(u"project_id"_s);
    ticket.title = reader.string(u"title"_s);
    ticket.description = reader.string(u"description"_s);
    ticket.requestType
            = reader.enumeration(u"request_type"_s, &requestTypeFromWire, RequestType::General);
    ticket.priority = reader.enumeration(u"priority"_s, &priorityFromWire, Priority::Medium);
    ticket.roles = reader.stringList(u"roles"_s);
    ticket.blocking = reader.boolean(u"blocking"_s);
    ticket.evidence = reader.object(u"evidence"_s);
    ticket.suggestedResolution = reader.string(u"suggested_resolution"_s);
    ticket.implementationNotes = reader.string(u"implementation_notes"_s);
    const QJsonObject requester = reader.object(u"requester"_s);
    if (reader.ok()) {
        Reader requesterReader(requester, u"requester."_s);
        ticket.requester.name = requesterReader.string(u"name"_s);
        ticket.requester.email = requesterReader.string(u"email"_s);
        if (!requesterReader.ok())
            reader.fail(requesterReader.error());
    }
    ticket.actorRole = reader.string(u"actor_role"_s);
    ticket.actorId = reader.nullableString(u"actor_id"_s);
    ticket.source = reader.string(u"source"_s);
    ticket.agentVendor = reader.nullableString(u"agent_vendor"_s);
    ticket.status = reader.enumeration(u"status"_s, &ticketStatusFromWire, TicketStatus::New);
    ticket.version
            = static_cast<int>(reader.integer(u"version"_s, 1, std::numeric_limits<int>::max()));
    ticket.seq = reader.integer(u"seq"_s, 0);
    ticket.createdAt = reader.time(u"created_at"_s);
    ticket.updatedAt = reader.time(u"updated_at"_s);

    if (!reader.ok()) {
        if (error)
            *error = reader.error();
        return std::nullopt;
    }
    return ticket;
}

} // namespace td
