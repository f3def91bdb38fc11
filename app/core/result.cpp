#include "core/result.h"

using namespace Qt::StringLiterals;

namespace td {

QString toName(NetworkErrorKind kind)
{
    switch (kind) {
    case NetworkErrorKind::None:
        return u"none"_s;
    case NetworkErrorKind::Timeout:
        return u"timeout"_s;
    case NetworkErrorKind::ConnectionRefused:
        return u"connection_refused"_s;
    case NetworkErrorKind::ConnectionReset:
        return u"connection_reset"_s;
    case NetworkErrorKind::HostNotFound:
        return u"host_not_found"_s;
    case NetworkErrorKind::Tls:
        return u"tls"_s;
    case NetworkErrorKind::MalformedBody:
        return u"malformed_body"_s;
    case NetworkErrorKind::InsecureUrl:
        return u"insecure_url"_s;
    case NetworkErrorKind::Cancelled:
        return u"cancelled"_s;
    case NetworkErrorKind::Other:
        return u"other"_s;
    }
    return u"other"_s;
}

QString toWire(StoreError error)
{
    switch (error) {
    case StoreError::None:
        return u"none"_s;
    case StoreError::CannotOpen:
        return u"cannot_open"_s;
    case StoreError::NewerSchema:
        return u"newer_schema"_s;
    case StoreError::MigrationFailed:
        return u"migration_failed"_s;
    case StoreError::Corrupt:
        return u"corrupt"_s;
    case StoreError::Busy:
        return u"busy"_s;
    case StoreError::DiskFull:
        return u"disk_full"_s;
    case StoreError::QueryFailed:
        return u"query_failed"_s;
    case StoreError::NotFound:
        return u"not_found"_s;
    case StoreError::InvalidState:
        return u"invalid_state"_s;
    }
    return u"unknown"_s;
}

QString toName(CredentialError error)
{
    switch (error) {
    case CredentialError::None:
        return u"none"_s;
    case CredentialError::NotFound:
        return u"not_found"_s;
    case CredentialError::NoBackend:
        return u"no_backend"_s;
    case CredentialError::AccessDenied:
        return u"access_denied"_s;
    case CredentialError::Other:
        return u"other"_s;
    }
    return u"other"_s;
}

const Error &noError()
{
    static const Error none;
    return none;
}

Error Error::fromStore(StoreError error, QString detail)
{
    Error e;
    e.storage = error;
    e.message = std::move(detail);
    return e;
}

Error Error::fromCredential(CredentialError error, QString detail)
{
    Error e;
    e.credential = error;
    e.message = std::move(detail);
    return e;
}

Error::Kind Error::kind() const
{
    if (storage != StoreError::None)
        return Kind::Storage;
    if (isAuthProblem())
        return Kind::SignIn;
    if (network != NetworkErrorKind::None)
        return Kind::Network;
    return Kind::Server;
}

bool Error::isTransient() const
{
    if (storage != StoreError::None)
        return storage == StoreError::Busy;
    if (credential != CredentialError::None)
        return false;
    switch (network) {
    case NetworkErrorKind::Timeout:
    case NetworkErrorKind::ConnectionRefused:
    case NetworkErrorKind::ConnectionReset:
    case NetworkErrorKind::HostNotFound:
    case NetworkErrorKind::Other:
        return true;
    case NetworkErrorKind::MalformedBody:
        // A truncated or garbled answer from a proxy or a dying server: the next try may be
        // fine, and for creates the Idempotency-Key makes trying again safe.
        return true;
    case NetworkErrorKind::Tls:
    case NetworkErrorKind::InsecureUrl:
    case NetworkErrorKind::Cancelled:
        return false;
    case NetworkErrorKind::None:
        break;
    }
    return httpStatus == 429 || httpStatus >= 500 || httpStatus == 408;
}

} // namespace td
