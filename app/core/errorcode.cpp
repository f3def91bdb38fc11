#include "errorcode.h"

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace td {

namespace {

struct ErrorCodeInfo
{
    ErrorCode code;
    QStringView wire;
    int status;
    QStringView message;
};

// One row per code keeps wire name, HTTP status and default text from drifting apart.
constexpr std::array<ErrorCodeInfo, 19> errorTable{{
        {ErrorCode::InvalidJson, u"invalid_json", 400, u"Invalid JSON"},
        {ErrorCode::ValidationFailed, u"validation_failed", 400, u"Validation failed"},
        {ErrorCode::Unauthenticated, u"unauthenticated", 401, u"Not authenticated"},
        {ErrorCode::TokenRevoked, u"token_revoked", 401, u"Token revoked"},
        {ErrorCode::GithubLinkExpired, u"github_link_expired", 401, u"GitHub link expired"},
        {ErrorCode::Forbidden, u"forbidden", 403, u"Forbidden"},
        {ErrorCode::ActorMismatch, u"actor_mismatch", 403, u"Actor mismatch"},
        {ErrorCode::NotFound, u"not_found", 404, u"Not found"},
        {ErrorCode::UnknownProject, u"unknown_project", 404, u"Unknown project"},
        {ErrorCode::MethodNotAllowed, u"method_not_allowed", 405, u"Method not allowed"},
        {ErrorCode::InvalidTransition, u"invalid_transition", 409, u"Invalid transition"},
        {ErrorCode::VersionConflict, u"version_conflict", 409, u"Version conflict"},
        {ErrorCode::PayloadTooLarge, u"payload_too_large", 413, u"Payload too large"},
        {ErrorCode::UnsupportedMediaType, u"unsupported_media_type", 415,
         u"Unsupported media type"},
        {ErrorCode::HeadersTooLarge, u"headers_too_large", 431, u"Request headers too large"},
        {ErrorCode::IdempotencyKeyReused, u"idempotency_key_reused", 422,
         u"Idempotency key reused with a different body"},
        {ErrorCode::RateLimited, u"rate_limited", 429, u"Too many requests"},
        {ErrorCode::Internal, u"internal", 500, u"Internal server error"},
        {ErrorCode::Overloaded, u"overloaded", 503, u"Server overloaded"},
}};

const ErrorCodeInfo *find(ErrorCode code)
{
    for (const auto &info : errorTable) {
        if (info.code == code)
            return &info;
    }
    return nullptr;
}

} // namespace

QString toWire(ErrorCode code)
{
    if (const auto *info = find(code))
        return info->wire.toString();
    return u"unknown"_s;
}

ErrorCode errorCodeFromWire(QStringView wire)
{
    for (const auto &info : errorTable) {
        if (info.wire == wire)
            return info.code;
    }
    return ErrorCode::Unknown;
}

int httpStatus(ErrorCode code)
{
    if (const auto *info = find(code))
        return info->status;
    // A code we do not know is, from our side, a server fault.
    return 500;
}

QString defaultMessage(ErrorCode code)
{
    if (const auto *info = find(code))
        return info->message.toString();
    return u"Unknown error"_s;
}

QString toWire(CapabilityError error)
{
    switch (error) {
    case CapabilityError::InvalidEmail:
        return u"invalid_email"_s;
    case CapabilityError::InvalidInput:
        return u"invalid_input"_s;
    case CapabilityError::TenantNotFound:
        return u"tenant_not_found"_s;
    case CapabilityError::UnknownProject:
        return u"unknown_project"_s;
    }
    Q_UNREACHABLE();
    return {};
}

} // namespace td
