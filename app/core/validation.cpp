#include "validation.h"

#include "json.h"

#include <QRegularExpression>
#include <QSet>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace td {

// ---- ValidationIssues ----------------------------------------------------------------------

namespace {

QString joinPath(const QJsonArray &path)
{
    QStringList parts;
    for (const QJsonValue part : path)
        parts.append(part.isString() ? part.toString() : QString::number(part.toInteger()));
    return parts.join(u'.');
}

} // namespace

void ValidationIssues::add(QJsonObject issue)
{
    m_issues.append(issue);
}

QJsonObject ValidationIssues::fieldErrors() const
{
    QJsonObject errors;
    for (const QJsonValue issue : m_issues) {
        const QJsonObject object = issue.toObject();
        const QString key = joinPath(object.value(u"path"_s).toArray());
        if (key.isEmpty() || errors.contains(key))
            continue;
        errors.insert(key, object.value(u"message"_s));
    }
    return errors;
}

bool ValidationIssues::onlyConcerns(const QString &path) const
{
    // "Only the email is wrong" presumes something is wrong: no issues concern nothing.
    if (m_issues.isEmpty())
        return false;
    for (const QJsonValue issue : m_issues) {
        if (joinPath(issue.toObject().value(u"path"_s).toArray()) != path)
            return false;
    }
    return true;
}

QString toWire(CallerRole role)
{
    switch (role) {
    case CallerRole::Owner:
        return u"owner"_s;
    case CallerRole::Client:
        return u"client"_s;
    case CallerRole::Bot:
        return u"bot"_s;
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<CallerRole> callerRoleFromWire(QStringView wire)
{
    for (const CallerRole role : {CallerRole::Owner, CallerRole::Client, CallerRole::Bot}) {
        if (toWire(role) == wire)
            return role;
    }
    return std::nullopt;
}

// ---- Zod v3 issue shapes -------------------------------------------------------------------

namespace {

// Zod's getParsedType() names, as they appear in "received".
QString parsedType(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Bool:
        return u"boolean"_s;
    case QJsonValue::Double:
        return u"number"_s;
    case QJsonValue::String:
        return u"string"_s;
    case QJsonValue::Array:
        return u"array"_s;
    case QJsonValue::Object:
        return u"object"_s;
    case QJsonValue::Undefined:
        break;
    }
    return u"undefined"_s;
}

QJsonArray pathOf(const QString &key)
{
    return QJsonArray{key};
}

QString quotedList(const QStringList &values, QStringView separator)
{
    QStringList quoted;
    for (const QString &value : values)
        quoted.append(u'\'' + value + u'\'');
    return quoted.join(separator);
}

QJsonObject invalidType(const QJsonArray &path, const QString &expected, const QJsonValue &value)
{
    const QString received = parsedType(value);
    return QJsonObject{
            {u"code"_s, u"invalid_type"_s},
            {u"expected"_s, expected},
            {u"received"_s, received},
            {u"path"_s, path},
            {u"message"_s, value.isUndefined()
                                   ? u"Required"_s
                                   : u"Expected "_s + expected + u", received "_s + received},
    };
}

// Zod's too_small/too_big for strings ("character(s)"), arrays ("element(s)") and numbers.
QJsonObject sizeIssue(const QJsonArray &path, bool tooBig, const QString &type, qint64 bound)
{
    QString message;
    const QString number = QString::number(bound);
    if (type == u"string") {
        message = tooBig ? u"String must contain at most "_s + number + u" character(s)"_s
                         : u"String must contain at least "_s + number + u" character(s)"_s;
    } else if (type == u"array") {
        message = tooBig ? u"Array must contain at most "_s + number + u" element(s)"_s
                         : u"Array must contain at least "_s + number + u" element(s)"_s;
    } else {
        message = tooBig ? u"Number must be less than or equal to "_s + number
                         : u"Number must be greater than or equal to "_s + number;
    }
    return QJsonObject{
            {u"code"_s, tooBig ? u"too_big"_s : u"too_small"_s},
            {tooBig ? u"maximum"_s : u"minimum"_s, bound},
            {u"type"_s, type},
            {u"inclusive"_s, true},
            {u"exact"_s, false},
            {u"path"_s, path},
            {u"message"_s, message},
    };
}

QJsonObject customIssue(const QJsonArray &path, const QString &message)
{
    return QJsonObject{{u"code"_s, u"custom"_s}, {u"path"_s, path}, {u"message"_s, message}};
}

struct StringRule
{
    bool required = true;
    bool trim = false;
    int min = 0; // 0: no lower bound
    int max = 0; // 0: no upper bound
    bool email = false;
};

// One string member. Returns the (trimmed) value when it is present and valid, nullopt when
// it is absent (and optional) or wrong; every problem lands in `issues`.
std::optional<QString> readString(ValidationIssues &issues, const QJsonObject &body,
                                  const QString &key, const StringRule &rule)
{
    const QJsonValue value = body.value(key);
    // Built only for an issue: a QJsonArray per member of every valid body was ~30,000
    // instructions of a create on the server's busiest thread.
    const auto path = [&key] { return pathOf(key); };
    if (value.isUndefined() && !rule.required)
        return std::nullopt;
    if (!value.isString()) {
        issues.add(invalidType(path(), u"string"_s, value));
        return std::nullopt;
    }
    QString text = value.toString();
    if (rule.trim)
        text = text.trimmed();
    const qsizetype before = issues.size();
    // Zod runs every check of a string and reports each failure.
    if (rule.min > 0 && text.size() < rule.min)
        issues.add(sizeIssue(path(), false, u"string"_s, rule.min));
    if (rule.max > 0 && text.size() > rule.max)
        issues.add(sizeIssue(path(), true, u"string"_s, rule.max));
    if (rule.email && !isValidEmail(text)) {
        issues.add(QJsonObject{{u"code"_s, u"invalid_string"_s},
                               {u"validation"_s, u"email"_s},
                               {u"path"_s, path()},
                               {u"message"_s, u"Invalid email"_s}});
    }
    if (issues.size() != before)
        return std::nullopt;
    return text;
}

// A z.enum(): wrong type is invalid_type with the options as "expected"; an unknown string is
// invalid_enum_value. Absent optional members return nullopt without an issue.
std::optional<QString> readEnum(ValidationIssues &issues, const QJsonObject &body,
                                const QString &key, const QStringList &options, bool required)
{
    const QJsonValue value = body.value(key);
    const auto path = [&key] { return pathOf(key); }; // only for an issue, as above
    if (value.isUndefined() && !required)
        return std::nullopt;
    if (!value.isString()) {
        issues.add(invalidType(path(), quotedList(options, u" | "), value));
        return std::nullopt;
    }
    const QString text = value.toString();
    if (!options.contains(text)) {
        issues.add(QJsonObject{
                {u"code"_s, u"invalid_enum_value"_s},
                {u"options"_s, QJsonArray::fromStringList(options)},
                {u"received"_s, text},
                {u"path"_s, path()},
                {u"message"_s,
                 QString(u"Invalid enum value. Expected "_s + quotedList(options, u" | ")
                         + u", received '"_s + text + u'\'')},
        });
        return std::nullopt;
    }
    return text;
}

// z.object({...}).strict(): keys outside `known`, sorted (QJsonObject keeps keys sorted).
void checkUnrecognizedKeys(ValidationIssues &issues, const QJsonObject &body,
                           const QStringList &known)
{
    QStringList unknown;
    for (auto it = body.constBegin(); it != body.constEnd(); ++it) {
        if (!known.contains(it.key()))
            unknown.append(it.key());
    }
    if (unknown.isEmpty())
        return;
    issues.add(QJsonObject{
            {u"code"_s, u"unrecognized_keys"_s},
            {u"keys"_s, QJsonArray::fromStringList(unknown)},
            {u"path"_s, QJsonArray()},
            {u"message"_s,
             QString(u"Unrecognized key(s) in object: "_s + quotedList(unknown, u", "))},
    });
}

QStringList statusWireNames()
{
    QStringList names;
    for (const TicketStatus status : allTicketStatuses())
        names.append(toWire(status));
    return names;
}

} // namespace

// ---- Create ticket (CONTRACT 4.2) ----------------------------------------------------------

Validated<CreateTicketInput> validateCreateTicket(const QJsonObject &body,
                                                  const CreateTicketContext &context)
{
    Validated<CreateTicketInput> result;
    ValidationIssues &issues = result.issues;
    CreateTicketInput input;

    // Field-table order, which is also the order of the issues.
    if (auto title
        = readString(issues, body, u"title"_s, {.trim = true, .min = 1, .max = limits::TitleMax}))
        input.title = *title;
    if (auto description
        = readString(issues, body, u"description"_s, {.min = 1, .max = limits::DescriptionMax}))
        input.description = *description;
    if (auto type = readEnum(issues, body, u"request_type"_s, requestTypeWireNames(), true))
        input.requestType = *requestTypeFromWire(*type);

    // roles: an array of strings, at most 10, each a unique role of the project. Like Zod,
    // the element refinements run only once every element is a string.
    const QJsonValue roles = body.value(u"roles"_s);
    bool rolesReadable = true;
    if (!roles.isUndefined() && !roles.isArray()) {
        issues.add(invalidType(pathOf(u"roles"_s), u"array"_s, roles));
        rolesReadable = false;
    } else if (roles.isArray()) {
        const QJsonArray array = roles.toArray();
        if (array.size() > limits::RolesMax)
            issues.add(sizeIssue(pathOf(u"roles"_s), true, u"array"_s, limits::RolesMax));
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!array.at(i).isString()) {
                issues.add(invalidType(QJsonArray{u"roles"_s, i}, u"string"_s, array.at(i)));
                rolesReadable = false;
            }
        }
        if (rolesReadable) {
            QSet<QString> seen;
            for (qsizetype i = 0; i < array.size(); ++i) {
                const QString role = array.at(i).toString();
                const QJsonArray path{u"roles"_s, i};
                if (!context.projectRoles.contains(role))
                    issues.add(customIssue(path, u"Unknown role '"_s + role + u'\''));
                else if (seen.contains(role))
                    issues.add(customIssue(path, u"Duplicate role '"_s + role + u'\''));
                seen.insert(role);
                input.roles.append(role);
            }
        }
    }
    if (rolesReadable && context.callerRole == CallerRole::Bot && input.roles.isEmpty()) {
        // Seed: explicit role assignments are required for MCP bot ticket creation.
        issues.add(customIssue(pathOf(u"roles"_s),
                               u"At least one role is required for bot tickets"_s));
    }

    if (auto priority = readEnum(issues, body, u"priority"_s, priorityWireNames(), false))
        input.priority = *priorityFromWire(*priority);

    const QJsonValue blocking = body.value(u"blocking"_s);
    if (!blocking.isUndefined() && !blocking.isBool())
        issues.add(invalidType(pathOf(u"blocking"_s), u"boolean"_s, blocking));
    input.blocking = blocking.toBool(false);

    const QJsonValue evidence = body.value(u"evidence"_s);
    if (!evidence.isUndefined() && !evidence.isObject()) {
        issues.add(invalidType(pathOf(u"evidence"_s), u"object"_s, evidence));
    } else if (evidence.isObject()) {
        input.evidence = evidence.toObject();
        if (toCompactJson(input.evidence).size() > limits::EvidenceMaxBytes) {
            issues.add(
                    customIssue(pathOf(u"evidence"_s),
                                u"Evidence must be at most %1 bytes when serialized as JSON"_s.arg(
                                        limits::EvidenceMaxBytes)));
        }
    }

    if (auto text = readString(issues, body, u"suggested_resolution"_s,
                               {.required = false, .max = limits::SuggestedResolutionMax}))
        input.suggestedResolution = *text;
    if (auto text = readString(issues, body, u"implementation_notes"_s,
                               {.required = false, .max = limits::ImplementationNotesMax}))
        input.implementationNotes = *text;
    input.actorRole = readString(issues, body, u"actor_role"_s,
                                 {.required = false, .max = limits::ActorRoleMax});
    input.actorId = readString(issues, body, u"actor_id"_s,
                               {.required = false, .max = limits::ActorIdMax});
    input.source
            = readString(issues, body, u"source"_s, {.required = false, .max = limits::SourceMax});

    checkUnrecognizedKeys(issues, body,
                          {u"title"_s, u"description"_s, u"request_type"_s, u"roles"_s,
                           u"priority"_s, u"blocking"_s, u"evidence"_s, u"suggested_resolution"_s,
                           u"implementation_notes"_s, u"actor_role"_s, u"actor_id"_s, u"source"_s});

    if (issues.isEmpty())
        result.value = input;
    return result;
}

QJsonObject CreateTicketInput::toJson() const
{
    QJsonObject body{
            {u"title"_s, title},
            {u"description"_s, description},
            {u"request_type"_s, td::toWire(requestType)},
            {u"roles"_s, QJsonArray::fromStringList(roles)},
            {u"priority"_s, td::toWire(priority)},
            {u"blocking"_s, blocking},
            {u"evidence"_s, evidence},
            {u"suggested_resolution"_s, suggestedResolution},
            {u"implementation_notes"_s, implementationNotes},
    };
    // Unset actor fields stay out so the server applies its defaults (CONTRACT 3.3).
    if (actorRole)
        body.insert(u"actor_role"_s, *actorRole);
    if (actorId)
        body.insert(u"actor_id"_s, *actorId);
    if (source)
        body.insert(u"source"_s, *source);
    return body;
}

// ---- Capability input (CONTRACT 4.3, seed 002) ---------------------------------------------

Validated<CapabilityInput> validateCapabilityInput(const QJsonObject &body)
{
    Validated<CapabilityInput> result;
    ValidationIssues &issues = result.issues;
    CapabilityInput input;

    if (auto name = readString(issues, body, u"requester_name"_s, {.min = 1}))
        input.requesterName = *name;
    if (auto email = readString(issues, body, u"requester_email"_s, {.email = true}))
        input.requesterEmail = *email;
    if (auto kind = readEnum(issues, body, u"kind"_s, requestTypeWireNames(), true))
        input.kind = *requestTypeFromWire(*kind);
    if (auto subject
        = readString(issues, body, u"subject"_s, {.min = 1, .max = limits::SubjectMax}))
        input.subject = *subject;
    if (auto text = readString(issues, body, u"body"_s, {.min = 1, .max = limits::BodyMax}))
        input.body = *text;
    input.projectId = readString(issues, body, u"project_id"_s, {.required = false});
    input.agentVendor = readString(issues, body, u"agent_vendor"_s, {.required = false});

    checkUnrecognizedKeys(issues, body,
                          {u"requester_name"_s, u"requester_email"_s, u"kind"_s, u"subject"_s,
                           u"body"_s, u"project_id"_s, u"agent_vendor"_s});

    if (issues.isEmpty())
        result.value = input;
    return result;
}

CapabilityError capabilityInputError(const ValidationIssues &issues)
{
    return issues.onlyConcerns(u"requester_email"_s) ? CapabilityError::InvalidEmail
                                                     : CapabilityError::InvalidInput;
}

// ---- Transition (CONTRACT 4.5) -------------------------------------------------------------

Validated<TransitionInput> validateTransition(const QJsonObject &body)
{
    Validated<TransitionInput> result;
    ValidationIssues &issues = result.issues;
    TransitionInput input;

    if (auto to = readEnum(issues, body, u"to"_s, statusWireNames(), true))
        input.to = *ticketStatusFromWire(*to);
    if (auto note
        = readString(issues, body, u"note"_s, {.required = false, .max = limits::NoteMax}))
        input.note = *note;

    // z.number().int().min(1).optional()
    const QJsonValue version = body.value(u"expected_version"_s);
    const QJsonArray path = pathOf(u"expected_version"_s);
    if (!version.isUndefined()) {
        if (!version.isDouble()) {
            issues.add(invalidType(path, u"number"_s, version));
        } else {
            const double number = version.toDouble();
            const qsizetype before = issues.size();
            if (std::trunc(number) != number) {
                issues.add(QJsonObject{{u"code"_s, u"invalid_type"_s},
                                       {u"expected"_s, u"integer"_s},
                                       {u"received"_s, u"float"_s},
                                       {u"path"_s, path},
                                       {u"message"_s, u"Expected integer, received float"_s}});
            }
            if (number < 1)
                issues.add(sizeIssue(path, false, u"number"_s, 1));
            if (number > std::numeric_limits<int>::max())
                issues.add(sizeIssue(path, true, u"number"_s, std::numeric_limits<int>::max()));
            if (issues.size() == before)
                input.expectedVersion = static_cast<int>(number);
        }
    }

    // z.object({...}).strict() since contract v1.1, as for creates: a client that sends a
    // member the server does not know (a misspelt "expected_version") learns it, instead of
    // having the transition applied without the check it meant to ask for.
    checkUnrecognizedKeys(issues, body, {u"to"_s, u"note"_s, u"expected_version"_s});

    if (issues.isEmpty())
        result.value = input;
    return result;
}

// ---- Email and error bodies ----------------------------------------------------------------

bool isValidEmail(const QString &email)
{
    // A practical rule in the spirit of Zod's: a local part of common characters that neither
    // starts nor ends with a dot, "@", then dot-separated labels ending in a 2+ letter TLD.
    static const QRegularExpression pattern(
            uR"(^(?!\.)(?!.*\.\.)[A-Za-z0-9_'+\-.]*[A-Za-z0-9_+\-]@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}\z)"_s);
    return pattern.match(email).hasMatch();
}

QJsonObject errorBody(ErrorCode code, const QString &message, const ValidationIssues *issues,
                      const QJsonObject &extra)
{
    QJsonObject body{
            {u"error"_s, message.isEmpty() ? defaultMessage(code) : message},
            {u"code"_s, toWire(code)},
    };
    if (issues) {
        body.insert(u"fieldErrors"_s, issues->fieldErrors());
        body.insert(u"issues"_s, issues->issues());
    }
    for (auto it = extra.constBegin(); it != extra.constEnd(); ++it)
        body.insert(it.key(), it.value());
    return body;
}

} // namespace td
