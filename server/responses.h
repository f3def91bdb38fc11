#pragma once

#include "core/errorcode.h"
#include "core/validation.h"
#include "http/httpfront.h"

#include <QJsonObject>
#include <QString>

namespace td::server {

// Builders for every answer shape the server sends, so each shape lives in one place.

http::Response jsonResponse(int status, const QJsonObject &body);
// The section-2 error body (core's errorBody) with the code's HTTP status.
http::Response errorResponse(ErrorCode code, const QString &message = {},
                             const ValidationIssues *issues = nullptr,
                             const QJsonObject &extra = {});
http::Response validationFailed(const ValidationIssues &issues);
// 401 with WWW-Authenticate: Bearer; relinkGithub true only for github_link_expired.
http::Response unauthorized(ErrorCode code);
// 429 with Retry-After and retryAfter.
http::Response rateLimited(int retryAfterSeconds);
http::Response methodNotAllowed(const QByteArray &allow);

// The agent capability keeps the seed's output shape on every answer (CONTRACT 4.3).
bool isCapabilityPath(QStringView path);
http::Response capabilityOk(int status, const QString &ticketId, const QString &ticketStatus);
http::Response capabilityError(int status, CapabilityError error);
// {"ok":false,"code":...} for what the seed's four errors do not cover (413/415/429/500/503).
http::Response capabilityCode(ErrorCode code, int retryAfterSeconds = 0);

// The HTTP front's ErrorBodyFactory: answers the front gives by itself (413, 431, 503,
// malformed HTTP) in the shape of the path they were meant for.
http::Response frontErrorBody(ErrorCode code, const QString &path);

} // namespace td::server
