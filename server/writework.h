#pragma once

#include "http/httpfront.h"
#include "storage.h"

#include <QString>

#include <functional>
#include <optional>
#include <variant>

namespace td::server {

// A write a handler has decided on after every check that needs no write lock (auth, rate
// limits, validation, rights): what remains must run inside a write transaction. The server
// queues it to its writer thread, which commits many of them at once (group commit) and
// answers each after COMMIT. Everything it needs is captured by value: it runs on another
// thread, after the handler returned.
struct WriteWork
{
    QString tenant; // the tenant whose rows it writes (PostgreSQL locks its counter first)
    std::function<http::Response(WriteTransaction &)> run;
    http::Response failure; // the 500 to give when it throws (the capability keeps its shape)
    std::optional<AuthCheck> authCheck; // the caller's token, checked again in the transaction

    // What the writer runs in its transaction: the token check, when there is one, then run.
    http::Response answer(WriteTransaction &tx) const;
};

// The 401 for a caller that may not go on (unknown token, revoked, GitHub link expired).
std::optional<http::Response> refusal(const std::optional<Caller> &caller);

// What a route handler returns: an answer now, or a write whose answer comes after COMMIT.
using Outcome = std::variant<http::Response, WriteWork>;

} // namespace td::server
