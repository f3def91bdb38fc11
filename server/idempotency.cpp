#include "idempotency.h"

#include "core/json.h"

#include <QCryptographicHash>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace td::server::idempotency {

namespace {

QByteArray header(const http::Response &response, QByteArrayView name)
{
    for (const auto &[key, value] : response.headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

http::Response replay(const StoredResponse &stored)
{
    http::Response response = http::Response::json(stored.status, stored.body);
    if (!stored.location.isEmpty())
        response.headers.append({"Location"_ba, stored.location});
    response.headers.append({"Idempotent-Replayed"_ba, "true"_ba});
    return response;
}

} // namespace

QByteArray requestHash(const http::Request &request, const QJsonObject &body)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(request.method);
    hash.addData(" ");
    hash.addData(request.path.toLower().toUtf8());
    hash.addData("\n");
    hash.addData(toCompactJson(body));
    return hash.result().toHex();
}

std::optional<QString> key(const http::Request &request, bool *ok)
{
    *ok = true;
    bool present = false;
    for (const auto &[name, value] : request.headers) {
        if (name.compare("idempotency-key", Qt::CaseInsensitive) == 0) {
            present = true;
            break;
        }
    }
    if (!present)
        return std::nullopt;
    const QString value = QString::fromUtf8(request.header("idempotency-key").trimmed());
    if (value.isEmpty() || value.size() > limits::IdempotencyKeyMax)
        *ok = false;
    return value;
}

ValidationIssues keyIssues(const QString &key)
{
    ValidationIssues issues;
    const bool tooBig = key.size() > limits::IdempotencyKeyMax;
    const int bound = tooBig ? limits::IdempotencyKeyMax : 1;
    issues.add({{u"code"_s, tooBig ? u"too_big"_s : u"too_small"_s},
                {tooBig ? u"maximum"_s : u"minimum"_s, bound},
                {u"type"_s, u"string"_s},
                {u"inclusive"_s, true},
                {u"exact"_s, false},
                {u"path"_s, QJsonArray{u"Idempotency-Key"_s}},
                {u"message"_s, tooBig ? u"String must contain at most 255 character(s)"_s
                                      : u"String must contain at least 1 character(s)"_s}});
    return issues;
}

std::optional<http::Response> lookup(WriteTransaction &tx, const QString &scope, const QString &key,
                                     const QByteArray &requestHash, const http::Response &keyReused,
                                     qint64 nowMs)
{
    if (key.isEmpty())
        return std::nullopt;
    const auto stored = tx.storedResponse(scope, key, nowMs - KeyLifetimeMs);
    if (!stored)
        return std::nullopt;
    return stored->requestHash == requestHash ? replay(*stored) : keyReused;
}

void keep(WriteTransaction &tx, const QString &scope, const QString &key,
          const QByteArray &requestHash, const http::Response &response, qint64 nowMs)
{
    if (key.isEmpty() || response.status < 200 || response.status >= 300)
        return;
    tx.storeResponse(scope, key,
                     {requestHash, response.status, response.body, header(response, "location")},
                     nowMs);
}

} // namespace td::server::idempotency
