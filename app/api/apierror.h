#pragma once

#include "core/errorcode.h"
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

// Why a request produced no usable HTTP answer. Kept apart from ErrorCode (which is what a
// server said) because the retry policy differs: the server's refusals are final, transport
// trouble is retried.
enum class NetworkErrorKind {
    None,              // an HTTP answer arrived (see ApiError::code / httpStatus)
    Timeout,           // no byte for the transfer timeout
    ConnectionRefused, // nothing listens there
    ConnectionReset,   // the peer closed mid-request or mid-body
    HostNotFound,
    Tls,           // handshake or certificate failure
    MalformedBody, // an answer arrived but its body is not what the contract promises
    InsecureUrl,   // http:// to a host that is not loopback: refused before sending
    Cancelled,     // aborted by us
    Other,
};

QString toName(NetworkErrorKind kind); // stable identifier, for logs and tests

// The capability endpoint's own error vocabulary (seed 002), which is not section 2's.
std::optional<CapabilityError> capabilityErrorFromWire(QStringView wire);

// One failed API call: either the section-2 error body of the server's answer or what went
// wrong on the way. Carries everything a caller branches on; text for people is made in ui/.
struct ApiError
{
    ErrorCode code = ErrorCode::Unknown;
    int httpStatus = 0; // 0 when no HTTP answer arrived
    NetworkErrorKind network = NetworkErrorKind::None;
    QString message; // server's "error" text, or Qt's description of a transport failure
    QJsonObject fieldErrors;
    QJsonArray issues;
    std::optional<int> retryAfter; // seconds, from the body or the Retry-After header
    bool relinkGithub = false;
    QList<TicketStatus> allowed;         // invalid_transition
    std::optional<Ticket> currentTicket; // version_conflict: the server's current state
    std::optional<CapabilityError> capabilityError;

    bool isNetworkError() const { return network != NetworkErrorKind::None; }
    // 401 of any flavour: the account must stop until the user acts.
    bool isAuthProblem() const { return httpStatus == 401; }
    bool isConflict() const
    {
        return code == ErrorCode::VersionConflict || code == ErrorCode::InvalidTransition;
    }
    // Worth sending again later unchanged: transport trouble, 429, 5xx. Never a 4xx refusal,
    // which would only be refused again.
    bool isTransient() const;
};

// Pure mappings, so each rule is testable without a network.

// A non-2xx answer (or a 2xx whose caller found the body unusable) -> ApiError. `now` turns an
// HTTP-date Retry-After into seconds.
ApiError apiErrorFromResponse(int httpStatus, QByteArrayView body,
                              const QByteArray &retryAfterHeader,
                              const QDateTime &now = QDateTime::currentDateTimeUtc());

// Retry-After header: delta-seconds or an HTTP-date (RFC 9110 10.2.3). nullopt if neither.
std::optional<int> parseRetryAfter(const QByteArray &header, const QDateTime &now);

ApiError networkError(NetworkErrorKind kind, const QString &message = {});
ApiError malformedBody(int httpStatus, const QString &why);

} // namespace td
