#pragma once

#include "http/httpfront.h"

#include <QJsonObject>

#include <optional>

namespace td::server {

enum class BodyProblem { None, UnsupportedMediaType, InvalidJson };

// The body of a JSON request (CONTRACT 1): application/json (charset, if given, UTF-8), one
// JSON object, nesting <= 32, valid UTF-8. Parsed by core's parseJsonObject.
struct JsonBody
{
    std::optional<QJsonObject> object;
    BodyProblem problem = BodyProblem::None;
};

JsonBody readJsonBody(const http::Request &request);
bool isJsonMediaType(const QByteArray &contentType);

} // namespace td::server
