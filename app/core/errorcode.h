#pragma once

#include <QString>
#include <QStringView>

namespace td {

// The stable machine-readable error codes of CONTRACT section 2. They travel as enums through
// core, api and server and become text for people only in ui/.
enum class ErrorCode {
    InvalidJson,
    ValidationFailed,
    Unauthenticated,
    TokenRevoked,
    GithubLinkExpired,
    Forbidden,
    ActorMismatch,
    NotFound,
    UnknownProject,
    MethodNotAllowed,
    InvalidTransition,
    VersionConflict,
    PayloadTooLarge,
    UnsupportedMediaType,
    HeadersTooLarge,
    IdempotencyKeyReused,
    RateLimited,
    Internal,
    Overloaded,
    Unknown, // a code this client does not know (a newer server); never sent by ours
};

// Wire string, e.g. ErrorCode::ValidationFailed -> "validation_failed".
QString toWire(ErrorCode code);
// Unknown strings map to ErrorCode::Unknown.
ErrorCode errorCodeFromWire(QStringView wire);
// The HTTP status a server answers with for this code (CONTRACT section 2 table).
int httpStatus(ErrorCode code);
// The English human-readable "error" message the reference server sends by default.
QString defaultMessage(ErrorCode code);

// The four `error` values of the projects.create_ticket capability output (seed 002).
enum class CapabilityError { InvalidEmail, InvalidInput, TenantNotFound, UnknownProject };
QString toWire(CapabilityError error);

} // namespace td
