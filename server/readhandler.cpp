#include "readhandler.h"

#include "responses.h"

#include "core/json.h"

#include <QJsonArray>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace td::server {

namespace {

constexpr int DefaultListLimit = 100;
constexpr int MaxListLimit = 500;
constexpr int DefaultChangesLimit = 1000;
constexpr int MaxChangesLimit = 1000;

QJsonObject projectJson(const ProjectRecord &project)
{
    return {{u"id"_s, project.id},
            {u"name"_s, project.name},
            {u"roles"_s, QJsonArray::fromStringList(project.roles)}};
}

QJsonArray ticketsJson(const QList<Ticket> &tickets)
{
    QJsonArray array;
    for (const Ticket &ticket : tickets)
        array.append(ticket.toJson());
    return array;
}

// Query parameters, with "given but empty" kept apart from "absent".
std::optional<QString> queryValue(const QUrlQuery &query, const QString &key)
{
    if (!query.hasQueryItem(key))
        return std::nullopt;
    return query.queryItemValue(key, QUrl::FullyDecoded);
}

void addEnumIssue(ValidationIssues &issues, const QString &key, const QStringList &options,
                  const QString &received)
{
    QStringList quoted;
    for (const QString &option : options)
        quoted.append(u'\'' + option + u'\'');
    issues.add({{u"code"_s, u"invalid_enum_value"_s},
                {u"options"_s, QJsonArray::fromStringList(options)},
                {u"received"_s, received},
                {u"path"_s, QJsonArray{key}},
                {u"message"_s, QString(u"Invalid enum value. Expected "_s + quoted.join(u" | "_s)
                                       + u", received '"_s + received + u'\'')}});
}

// A comma-separated list of enum values ("new,triaged").
template<typename T>
QList<T> readEnumList(ValidationIssues &issues, const QUrlQuery &query, const QString &key,
                      const QStringList &options, std::optional<T> (*fromWire)(QStringView))
{
    QList<T> values;
    const auto raw = queryValue(query, key);
    if (!raw)
        return values;
    for (const QString &part : raw->split(u',')) {
        const auto value = fromWire(part.trimmed());
        if (!value) {
            addEnumIssue(issues, key, options, part);
            continue;
        }
        if (!values.contains(*value))
            values.append(*value);
    }
    return values;
}

// An integer parameter within [minimum, maximum]; the Zod-shaped issue otherwise.
qint64 readInteger(ValidationIssues &issues, const QUrlQuery &query, const QString &key,
                   qint64 fallback, qint64 minimum, qint64 maximum)
{
    const auto raw = queryValue(query, key);
    if (!raw)
        return fallback;
    bool ok = false;
    const qint64 value = raw->toLongLong(&ok);
    const QJsonArray path{key};
    if (!ok) {
        issues.add({{u"code"_s, u"invalid_type"_s},
                    {u"expected"_s, u"integer"_s},
                    {u"received"_s, raw->isEmpty() ? u"undefined"_s : u"string"_s},
                    {u"path"_s, path},
                    {u"message"_s, QString(u"Expected integer, received '"_s + *raw + u'\'')}});
        return fallback;
    }
    if (value < minimum || value > maximum) {
        const bool tooBig = value > maximum;
        issues.add({{u"code"_s, tooBig ? u"too_big"_s : u"too_small"_s},
                    {tooBig ? u"maximum"_s : u"minimum"_s, tooBig ? maximum : minimum},
                    {u"type"_s, u"number"_s},
                    {u"inclusive"_s, true},
                    {u"exact"_s, false},
                    {u"path"_s, path},
                    {u"message"_s,
                     tooBig ? u"Number must be less than or equal to %1"_s.arg(maximum)
                            : u"Number must be greater than or equal to %1"_s.arg(minimum)}});
        return fallback;
    }
    return value;
}

// Cursors are opaque to clients; inside they name the last ticket number of the page.
QString encodeCursor(qint64 number)
{
    return QString::fromLatin1(
            QByteArray("n:"_ba + QByteArray::number(number))
                    .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<qint64> decodeCursor(const QString &cursor)
{
    const auto decoded = QByteArray::fromBase64Encoding(
            cursor.toLatin1(),
            QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || !decoded.decoded.startsWith("n:"))
        return std::nullopt;
    bool ok = false;
    const qint64 number = decoded.decoded.mid(2).toLongLong(&ok);
    if (!ok || number < 1)
        return std::nullopt;
    return number;
}

} // namespace

bool isGranted(const UserRecord &user, const QString &projectId)
{
    return user.allProjects || user.projectIds.contains(projectId);
}

ReadHandler::ReadHandler(Storage &storage)
    : m_storage(storage)
{}

http::Response ReadHandler::me(RequestContext &context)
{
    const Caller &caller = *context.caller;
    QJsonArray projects;
    for (const ProjectRecord &project : m_storage.projects(caller.user.tenant)) {
        if (isGranted(caller.user, project.id))
            projects.append(projectJson(project));
    }
    return jsonResponse(200, {{u"user"_s, QJsonObject{{u"id"_s, caller.user.id},
                                                      {u"name"_s, caller.user.name},
                                                      {u"email"_s, caller.user.email},
                                                      {u"role"_s, toWire(caller.user.role)}}},
                              {u"tenant"_s, QJsonObject{{u"slug"_s, caller.tenant.slug},
                                                        {u"name"_s, caller.tenant.name}}},
                              {u"projects"_s, projects}});
}

http::Response ReadHandler::list(RequestContext &context)
{
    const UserRecord &user = context.caller->user;
    const QUrlQuery &query = context.request.query;
    TicketQuery q;
    q.visibility = Visibility::of(user);

    ValidationIssues issues;
    q.statuses = readEnumList<TicketStatus>(
            issues, query, u"status"_s,
            [] {
                QStringList names;
                for (auto s : allTicketStatuses())
                    names.append(toWire(s));
                return names;
            }(),
            &ticketStatusFromWire);
    q.requestTypes = readEnumList<RequestType>(issues, query, u"request_type"_s,
                                               requestTypeWireNames(), &requestTypeFromWire);
    q.priorities = readEnumList<Priority>(issues, query, u"priority"_s, priorityWireNames(),
                                          &priorityFromWire);
    q.limit = int(readInteger(issues, query, u"limit"_s, DefaultListLimit, 1, MaxListLimit));
    if (const auto cursor = queryValue(query, u"cursor"_s)) {
        q.beforeNumber = decodeCursor(*cursor);
        if (!q.beforeNumber) {
            issues.add({{u"code"_s, u"custom"_s},
                        {u"path"_s, QJsonArray{u"cursor"_s}},
                        {u"message"_s, u"Invalid cursor"_s}});
        }
    }
    const auto project = queryValue(query, u"project"_s);
    if (project && project->isEmpty()) {
        issues.add({{u"code"_s, u"custom"_s},
                    {u"path"_s, QJsonArray{u"project"_s}},
                    {u"message"_s, u"Expected a project UUID or 'inbox'"_s}});
    }
    if (!issues.isEmpty())
        return validationFailed(issues);

    if (project && *project == u"inbox") {
        // The general inbox belongs to owners granted every project ("*").
        if (user.role != CallerRole::Owner || !user.allProjects)
            return errorResponse(ErrorCode::Forbidden, u"The general inbox is for owners"_s);
        q.scope = TicketQuery::Scope::Inbox;
    } else if (project) {
        const auto record = m_storage.project(user.tenant, *project);
        if (!record)
            return errorResponse(ErrorCode::UnknownProject);
        if (!isGranted(user, record->id))
            return errorResponse(ErrorCode::Forbidden, u"You have no access to this project"_s);
        q.scope = TicketQuery::Scope::Project;
        q.projectId = record->id;
    }

    const TicketPage page = m_storage.tickets(q);
    const QJsonValue next = page.hasMore && !page.tickets.isEmpty()
                                    ? QJsonValue(encodeCursor(page.tickets.last().number))
                                    : QJsonValue(QJsonValue::Null);
    return jsonResponse(200, {{u"tickets"_s, ticketsJson(page.tickets)}, {u"next_cursor"_s, next}});
}

http::Response ReadHandler::ticket(RequestContext &context)
{
    const auto ticket
            = m_storage.ticket(Visibility::of(context.caller->user), context.params.value(0));
    if (!ticket)
        return errorResponse(ErrorCode::NotFound);
    auto cached = m_json.constFind(ticket->id);
    if (cached == m_json.constEnd() || cached->first != ticket->seq) {
        // Bounded memory: start over past 32 MB of cached JSON.
        QByteArray json = toCompactJson(ticket->toJson());
        if (m_jsonBytes + json.size() > 32 * 1024 * 1024) {
            m_json.clear();
            m_jsonBytes = 0;
        }
        if (cached != m_json.constEnd())
            m_jsonBytes -= cached->second.size();
        m_jsonBytes += json.size();
        cached = m_json.insert(ticket->id, {ticket->seq, std::move(json)});
    }
    return http::Response::json(200, cached->second);
}

http::Response ReadHandler::events(RequestContext &context)
{
    const auto ticket
            = m_storage.ticket(Visibility::of(context.caller->user), context.params.value(0));
    if (!ticket)
        return errorResponse(ErrorCode::NotFound);
    QJsonArray events;
    for (const TicketEvent &event : m_storage.events(ticket->id))
        events.append(event.toJson());
    return jsonResponse(200, {{u"events"_s, events}});
}

http::Response ReadHandler::changes(RequestContext &context)
{
    const QUrlQuery &query = context.request.query;
    ValidationIssues issues;
    const qint64 since
            = readInteger(issues, query, u"since"_s, 0, 0, std::numeric_limits<qint64>::max());
    const int limit
            = int(readInteger(issues, query, u"limit"_s, DefaultChangesLimit, 1, MaxChangesLimit));
    if (!issues.isEmpty())
        return validationFailed(issues);
    const TicketPage page = m_storage.changes(Visibility::of(context.caller->user), since, limit);
    const qint64 next = page.tickets.isEmpty() ? since : page.tickets.last().seq;
    return jsonResponse(200, {{u"tickets"_s, ticketsJson(page.tickets)},
                              {u"next_since"_s, next},
                              {u"has_more"_s, page.hasMore}});
}

} // namespace td::server
