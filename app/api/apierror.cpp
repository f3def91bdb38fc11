#include "api/apierror.h"

#include "core/json.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace td {

std::optional<CapabilityError> capabilityErrorFromWire(QStringView wire)
{
    for (auto error : {CapabilityError::InvalidEmail, CapabilityError::InvalidInput,
                       CapabilityError::TenantNotFound, CapabilityError::UnknownProject}) {
        if (toWire(error) == wire)
            return error;
    }
    return std::nullopt;
}

std::optional<int> parseRetryAfter(const QByteArray &header, const QDateTime &now)
{
    const QByteArray trimmed = header.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qlonglong seconds = trimmed.toLongLong(&ok);
    if (ok)
        return seconds < 0 ? std::nullopt : std::optional<int>(int(qMin(seconds, 86400LL)));
    // IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
    QDateTime when = QLocale::c().toDateTime(QString::fromLatin1(trimmed),
                                             u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s);
    if (!when.isValid())
        return std::nullopt;
    when.setTimeSpec(Qt::UTC);
    return int(qBound(qint64(0), now.secsTo(when), qint64(86400)));
}

Error networkError(NetworkErrorKind kind, const QString &message)
{
    Error error;
    error.network = kind;
    error.message = message;
    return error;
}

Error malformedBody(int httpStatus, const QString &why)
{
    Error error = networkError(NetworkErrorKind::MalformedBody, why);
    error.httpStatus = httpStatus;
    return error;
}

Error apiErrorFromResponse(int httpStatus, QByteArrayView body, const QByteArray &retryAfterHeader,
                           const QDateTime &now)
{
    Error error;
    error.httpStatus = httpStatus;
    error.retryAfter = parseRetryAfter(retryAfterHeader, now);

    JsonParseFailure failure = JsonParseFailure::None;
    const std::optional<QJsonObject> parsed = parseJsonObject(body, &failure);
    if (!parsed) {
        // A proxy's HTML page or a cut-off body: keep the status so 5xx is still retried.
        error.network = NetworkErrorKind::MalformedBody;
        error.message = u"HTTP %1 with a body that is not a JSON object"_s.arg(httpStatus);
        return error;
    }
    const QJsonObject &json = *parsed;
    const QJsonValue code = json.value(u"code"_s);
    if (code.isString())
        error.code = errorCodeFromWire(code.toString());
    error.message = json.value(u"error"_s).toString();

    // The capability endpoint answers {"ok": false, "error": "<one of four>"} instead.
    if (json.value(u"ok"_s) == QJsonValue(false)) {
        if (auto capability = capabilityErrorFromWire(error.message)) {
            error.capabilityError = capability;
            error.code = (*capability == CapabilityError::InvalidEmail
                          || *capability == CapabilityError::InvalidInput)
                                 ? ErrorCode::ValidationFailed
                                 : (*capability == CapabilityError::UnknownProject
                                            ? ErrorCode::UnknownProject
                                            : ErrorCode::NotFound);
        }
    }
    if (error.message.isEmpty() && error.code != ErrorCode::Unknown)
        error.message = defaultMessage(error.code);

    error.fieldErrors = json.value(u"fieldErrors"_s).toObject();
    error.issues = json.value(u"issues"_s).toArray();
    const QJsonValue retryAfter = json.value(u"retryAfter"_s);
    if (retryAfter.isDouble() && retryAfter.toDouble() >= 0)
        error.retryAfter = int(qMin(retryAfter.toDouble(), 86400.0));
    error.relinkGithub = json.value(u"relinkGithub"_s).toBool(false);
    const QJsonArray allowed = json.value(u"allowed"_s).toArray();
    for (const QJsonValue &value : allowed) {
        if (auto status = ticketStatusFromWire(value.toString()))
            error.allowed.append(*status);
    }
    const QJsonValue ticket = json.value(u"ticket"_s);
    if (ticket.isObject())
        error.currentTicket = Ticket::fromJson(ticket.toObject());
    return error;
}

} // namespace td
