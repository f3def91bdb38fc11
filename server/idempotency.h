#pragma once

#include "http/httpfront.h"
#include "storage.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

// Idempotency-Key (CONTRACT 5.2), the same for every endpoint that takes one: both creates
// and, since v1.1, transitions. A key belongs to a scope (the caller, or for the capability
// its tenant and client address); the first 2xx answer under it is replayed for 24 h.
namespace td::server::idempotency {

inline constexpr qint64 KeyLifetimeMs = 24LL * 60 * 60 * 1000;

// What makes two requests "the same" for a key: method, route and body, the body compared as
// canonical JSON (QJsonObject sorts its keys) so whitespace does not matter.
QByteArray requestHash(const http::Request &request, const QJsonObject &body);

// The Idempotency-Key header: nullopt when absent. *ok is false when it is present but not
// 1-255 characters (the value is then returned for keyIssues()).
std::optional<QString> key(const http::Request &request, bool *ok);
// The validation issue for a key that key() refused.
ValidationIssues keyIssues(const QString &key);

// Inside a write transaction, before doing anything: the answer to give when `key` was
// already used in `scope` within 24 h (the stored answer marked as a replay, or `keyReused`
// for a different request), else nullopt.
std::optional<http::Response> lookup(WriteTransaction &tx, const QString &scope, const QString &key,
                                     const QByteArray &requestHash, const http::Response &keyReused,
                                     qint64 nowMs);
// In the same transaction, after answering: keeps `response` for `key` if it is a 2xx, so a
// retry after a refusal (429, 5xx, 409) is processed anew.
void keep(WriteTransaction &tx, const QString &scope, const QString &key,
          const QByteArray &requestHash, const http::Response &response, qint64 nowMs);

} // namespace td::server::idempotency
