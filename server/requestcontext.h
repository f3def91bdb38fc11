#pragma once

#include "http/httpfront.h"
#include "storage.h"

#include <QByteArray>
#include <QHostAddress>
#include <QStringList>

#include <optional>

namespace td::server {

// One request as the handlers see it, after routing and authentication.
struct RequestContext
{
    const http::Request &request;
    QStringList params;           // route placeholders in pattern order
    qint64 nowMs = 0;             // one clock reading for the whole request
    std::optional<Caller> caller; // set (and its token active) on routes that need a token
    QByteArray rateKey;           // "t:<token hash>" or "a:<http::addressKey(clientAddress)>"
    // Who sent the request: the peer, or behind a trusted proxy the address it reports.
    QHostAddress clientAddress;
    // Set when `caller` came from the cache without this request reading the auth epoch: its
    // write is checked again in the write transaction (Storage::checksAuthAtWrite).
    std::optional<AuthCheck> authCheck;
};

} // namespace td::server
