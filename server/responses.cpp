#include "responses.h"

#include "core/json.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace td::server {

http::Response jsonResponse(int status, const QJsonObject &body)
{
    return http::Response::json(status, toCompactJson(body));
}

http::Response errorResponse(ErrorCode code, const QString &message, const ValidationIssues *issues,
                             const QJsonObject &extra)
{
    return jsonResponse(httpStatus(code), errorBody(code, message, issues, extra));
}

http::Response validationFailed(const ValidationIssues &issues)
{
    return errorResponse(ErrorCode::ValidationFailed, {}, &issues);
}

http::Response unauthorized(ErrorCode code)
{
    http::Response response = errorResponse(
            code, {}, nullptr, {{u"relinkGithub"_s, code == ErrorCode::GithubLinkExpired}});
    response.headers.append({"WWW-Authenticate"_ba, "Bearer"_ba});
    return response;
}

http::Response rateLimited(int retryAfterSeconds)
{
    http::Response response = errorResponse(ErrorCode::RateLimited, {}, nullptr,
                                            {{u"retryAfter"_s, retryAfterSeconds}});
    response.headers.append({"Retry-After"_ba, QByteArray::number(retryAfterSeconds)});
    return response;
}

http::Response methodNotAllowed(const QByteArray &allow)
{
    http::Response response = errorResponse(ErrorCode::MethodNotAllowed);
    response.headers.append({"Allow"_ba, allow});
    return response;
}

bool isCapabilityPath(QStringView path)
{
    // /api/tenants/{tenant}/capabilities/projects.create_ticket
    const QList<QStringView> parts = path.split(u'/');
    return parts.size() == 6 && parts.at(0).isEmpty() && parts.at(1) == u"api"
           && parts.at(2) == u"tenants" && parts.at(4) == u"capabilities"
           && parts.at(5) == u"projects.create_ticket";
}

http::Response capabilityOk(int status, const QString &ticketId, const QString &ticketStatus)
{
    return jsonResponse(status,
                        {{u"ok"_s, true}, {u"ticket_id"_s, ticketId}, {u"status"_s, ticketStatus}});
}

http::Response capabilityError(int status, CapabilityError error)
{
    return jsonResponse(status, {{u"ok"_s, false}, {u"error"_s, toWire(error)}});
}

http::Response capabilityCode(ErrorCode code, int retryAfterSeconds)
{
    QJsonObject body{{u"ok"_s, false}, {u"code"_s, toWire(code)}};
    if (code == ErrorCode::RateLimited)
        body.insert(u"retryAfter"_s, retryAfterSeconds);
    http::Response response = jsonResponse(httpStatus(code), body);
    if (code == ErrorCode::RateLimited)
        response.headers.append({"Retry-After"_ba, QByteArray::number(retryAfterSeconds)});
    return response;
}

http::Response frontErrorBody(ErrorCode code, const QString &path)
{
    if (isCapabilityPath(path)) {
        // Malformed HTTP is, to the capability's caller, invalid input like malformed JSON.
        if (code == ErrorCode::InvalidJson || code == ErrorCode::ValidationFailed)
            return capabilityError(400, CapabilityError::InvalidInput);
        return capabilityCode(code);
    }
    return errorResponse(code);
}

} // namespace td::server
