#include "writework.h"

#include "responses.h"

namespace td::server {

std::optional<http::Response> refusal(const std::optional<Caller> &caller)
{
    if (!caller)
        return unauthorized(ErrorCode::Unauthenticated);
    switch (caller->tokenState) {
    case TokenState::Revoked:
        return unauthorized(ErrorCode::TokenRevoked);
    case TokenState::GithubLinkExpired:
        return unauthorized(ErrorCode::GithubLinkExpired);
    case TokenState::Active:
        break;
    }
    return std::nullopt;
}

http::Response WriteWork::answer(WriteTransaction &tx) const
{
    // The same epoch: no token changed since the front's cache was current, so its caller is.
    if (authCheck && tx.authEpoch() != authCheck->epoch) {
        if (auto refused = refusal(tx.callerNow(authCheck->tokenHash)))
            return std::move(*refused);
    }
    return run(tx);
}

} // namespace td::server
