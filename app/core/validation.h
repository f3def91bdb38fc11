#pragma once

#include "errorcode.h"
#include "ticket.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace td {

// Validation in the shape of Zod v3 issues (CONTRACT section 2), shared by the server (which
// answers with it) and the app (whose form shows it as the user types).
class ValidationIssues
{
public:
    void add(QJsonObject issue); // one Zod-shaped issue: code, path, message, extras
    bool isEmpty() const { return m_issues.isEmpty(); }
    qsizetype size() const { return m_issues.size(); }
    const QJsonArray &issues() const { return m_issues; }
    // Issue path joined with "." -> first message for that path; empty paths left out.
    QJsonObject fieldErrors() const;
    // True when every issue concerns exactly `path` (e.g. only "requester_email" is wrong).
    bool onlyConcerns(const QString &path) const;

private:
    QJsonArray m_issues;
};

enum class CallerRole { Owner, Client, Bot };
QString toWire(CallerRole role);
std::optional<CallerRole> callerRoleFromWire(QStringView wire);

// What the portal create endpoint (CONTRACT 4.2) needs to know about the call.
struct CreateTicketContext
{
    CallerRole callerRole = CallerRole::Client;
    QStringList projectRoles; // the roles tickets of this project may be assigned to
};

// A valid, normalized body of POST /api/projects/{uuid}/tickets with defaults applied.
// actorRole/actorId/source stay nullopt when not sent (the server fills in 3.3 defaults).
struct CreateTicketInput
{
    QString title; // trimmed
    QString description;
    RequestType requestType = RequestType::General;
    QStringList roles;
    Priority priority = Priority::Medium;
    bool blocking = false;
    QJsonObject evidence;
    QString suggestedResolution;
    QString implementationNotes;
    std::optional<QString> actorRole;
    std::optional<QString> actorId;
    std::optional<QString> source;

    QJsonObject toJson() const; // the request body the app sends
    friend bool operator==(const CreateTicketInput &, const CreateTicketInput &) = default;
};

// The projects.create_ticket capability input (seed 002 schema, additionalProperties false).
struct CapabilityInput
{
    QString requesterName;
    QString requesterEmail;
    RequestType kind = RequestType::General;
    QString subject;
    QString body;
    std::optional<QString> projectId;
    std::optional<QString> agentVendor;
};

// A transition request (CONTRACT 4.5).
struct TransitionInput
{
    TicketStatus to = TicketStatus::Triaged;
    QString note;
    std::optional<int> expectedVersion;
};

template<typename T>
struct Validated
{
    std::optional<T> value; // set exactly when issues is empty
    ValidationIssues issues;
    bool ok() const { return value.has_value(); }
};

// Limits of CONTRACT 4.2, in UTF-16 code units (QString::size()), as Zod counts.
namespace limits {
inline constexpr int TitleMax = 200;
inline constexpr int DescriptionMax = 5000;
inline constexpr int RolesMax = 10;
inline constexpr int EvidenceMaxBytes = 64 * 1024;
inline constexpr int SuggestedResolutionMax = 5000;
inline constexpr int ImplementationNotesMax = 5000;
inline constexpr int ActorRoleMax = 64;
inline constexpr int ActorIdMax = 128;
inline constexpr int SourceMax = 64;
inline constexpr int SubjectMax = 200;
inline constexpr int BodyMax = 5000;
inline constexpr int NoteMax = 2000;
inline constexpr int IdempotencyKeyMax = 255;
} // namespace limits

// Every issue of the body is reported at once, in field-table order, then unrecognized keys.
Validated<CreateTicketInput> validateCreateTicket(const QJsonObject &body,
                                                  const CreateTicketContext &context);
Validated<CapabilityInput> validateCapabilityInput(const QJsonObject &body);
// The capability's `error` for a failed input (CONTRACT 4.3): invalid_email when the only
// problem is requester_email, else invalid_input.
CapabilityError capabilityInputError(const ValidationIssues &issues);
Validated<TransitionInput> validateTransition(const QJsonObject &body);

// Email check used for requester_email (Zod's email rule, practical subset).
bool isValidEmail(const QString &email);

// The one place that builds the section-2 error body:
// {"error": message, "code": wire(code), "fieldErrors"?, "issues"?} plus `extra` members
// (retryAfter, relinkGithub, allowed, ticket). fieldErrors/issues only when issues given.
QJsonObject errorBody(ErrorCode code, const QString &message = {},
                      const ValidationIssues *issues = nullptr, const QJsonObject &extra = {});

} // namespace td
