#pragma once

#include "core/errorcode.h"
#include "core/ticket.h"
#include "core/ticketstatus.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace td {

// Why a request produced no usable HTTP answer. Kept apart from ErrorCode (which is what a
// server said) because the retry policy differs: the server's refusals are final, transport
// trouble is retried.
enum class NetworkErrorKind {
    None,              // an HTTP answer arrived (see Error::code / httpStatus)
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

// What can go wrong in the local cache. ui/ turns these into words.
enum class StoreError {
    None,
    CannotOpen,  // the file or its folder is not writable, or SQLite refused it
    NewerSchema, // written by a newer TriageDesk; we refuse rather than damage it
    MigrationFailed,
    Corrupt,  // detected and could not be rescued (see CacheDatabase::open)
    Busy,     // another process holds the write lock longer than the busy timeout
    DiskFull, // SQLITE_FULL: nothing was written, the user has to make room
    QueryFailed,
    NotFound,
    InvalidState, // e.g. cancelling an outbox item that is already being sent
};
QString toWire(StoreError error);

// Why a token could not be stored or read. NoBackend is the headless case (no Secret Service
// on the session bus, or no session bus at all): ui/ says so plainly and offers to keep the
// token for this session only.
enum class CredentialError {
    None,
    NotFound,     // no token stored for this account
    NoBackend,    // no keychain service reachable
    AccessDenied, // the keychain is locked and the user refused to unlock it
    Other,
};
QString toName(CredentialError error); // stable identifier for logs and tests

// The one error type of app/: what failed, in the terms a user acts on. Exactly one of the
// four sources is set: the network (no usable answer), the server (its contract code and
// section-2 body), local storage, or signing in (the token or the keychain). Words for people
// are made in ui/ only.
struct Error
{
    enum class Kind {
        Network, // no usable HTTP answer: retry later
        Server,  // the server answered with a refusal (code, httpStatus, body fields)
        Storage, // the local cache or outbox: disk full, busy, corrupt …
        SignIn,  // the server refused the token (401), or no token could be had
    };

    // Server (and Network, where an answer arrived but was unusable).
    ErrorCode code = ErrorCode::Unknown;
    int httpStatus = 0; // 0 when no HTTP answer arrived
    NetworkErrorKind network = NetworkErrorKind::None;
    StoreError storage = StoreError::None;
    CredentialError credential = CredentialError::None;
    QString message; // server's "error" text, Qt's or SQLite's description: for logs
    QJsonObject fieldErrors;
    QJsonArray issues;
    std::optional<int> retryAfter; // seconds, from the body or the Retry-After header
    bool relinkGithub = false;
    QList<TicketStatus> allowed;         // invalid_transition
    std::optional<Ticket> currentTicket; // version_conflict: the server's current state
    std::optional<CapabilityError> capabilityError;

    static Error fromStore(StoreError error, QString detail = {});
    static Error fromCredential(CredentialError error, QString detail = {});

    Kind kind() const;
    bool isNetworkError() const { return network != NetworkErrorKind::None; }
    bool isStorageError() const { return storage != StoreError::None; }
    // 401 of any flavour, or no token at all: the account must stop until the user acts.
    bool isAuthProblem() const { return httpStatus == 401 || credential != CredentialError::None; }
    bool isConflict() const
    {
        return code == ErrorCode::VersionConflict || code == ErrorCode::InvalidTransition;
    }
    // Worth sending again later unchanged: transport trouble, 429, 5xx, a busy cache. Never
    // a 4xx refusal, which would only be refused again.
    bool isTransient() const;
};

// What error() answers for a success.
const Error &noError();

// A value or an Error, never both; [[nodiscard]] so no failure is dropped silently.
template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    {}
    Result(Error error)
        : m_data(std::in_place_index<1>, std::move(error))
    {}
    static Result success(T value) { return Result(std::move(value)); }
    static Result failure(Error error) { return Result(std::move(error)); }

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return std::get<0>(m_data); }
    T &value() & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    const T *operator->() const { return &value(); }
    const T &operator*() const { return value(); }
    // A default Error when ok(), so a message built before the check (QVERIFY2) is harmless.
    const Error &error() const { return ok() ? noError() : std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

// A call that only succeeds or fails.
template<>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
    {}
    static Result success() { return {}; }
    static Result failure(Error error) { return Result(std::move(error)); }

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return m_error ? *m_error : noError(); }

private:
    std::optional<Error> m_error;
};

using Status = Result<void>;

} // namespace td
