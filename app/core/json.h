#pragma once

#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace td {

// CONTRACT 1: JSON nesting deeper than this is refused as invalid_json.
inline constexpr int MaxJsonDepth = 32;

enum class JsonParseFailure { None, Malformed, NotAnObject, TooDeep };

// Parses a request/response body that must be one JSON object of depth <= maxDepth.
// The depth is checked by a scan over the bytes before Qt's parser runs, so a hostile
// "[[[[...]]]]" costs one pass and no allocation.
std::optional<QJsonObject> parseJsonObject(QByteArrayView bytes,
                                           JsonParseFailure *failure = nullptr,
                                           int maxDepth = MaxJsonDepth);

// Depth of the deepest array/object nesting in `bytes` (strings skipped); -1 if the scan
// stops early because it passed `limit`.
int jsonNestingDepth(QByteArrayView bytes, int limit = MaxJsonDepth);

// Compact UTF-8 serialization, the form used for size limits (evidence <= 64 KiB).
QByteArray toCompactJson(const QJsonObject &object);

} // namespace td
