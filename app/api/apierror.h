#pragma once

#include "core/errorcode.h"
#include "core/result.h"
#include "core/ticket.h"
#include "core/ticketstatus.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace td {

// The capability endpoint's own error vocabulary (seed 002), which is not section 2's.
std::optional<CapabilityError> capabilityErrorFromWire(QStringView wire);

// Pure mappings, so each rule is testable without a network.

// A non-2xx answer (or a 2xx whose caller found the body unusable) -> Error. `now` turns an
// HTTP-date Retry-After into seconds.
Error apiErrorFromResponse(int httpStatus, QByteArrayView body, const QByteArray &retryAfterHeader,
                           const QDateTime &now = QDateTime::currentDateTimeUtc());

// Retry-After header: delta-seconds or an HTTP-date (RFC 9110 10.2.3). nullopt if neither.
std::optional<int> parseRetryAfter(const QByteArray &header, const QDateTime &now);

Error networkError(NetworkErrorKind kind, const QString &message = {});
Error malformedBody(int httpStatus, const QString &why);

} // namespace td
