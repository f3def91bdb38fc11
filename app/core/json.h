#pragma once

#include <QByteArrayView>
#include <QJsonObject>
#include <QList>
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

// The bytes of each element of the array that is the value of `key` in the top-level object
// of `document`, exactly as they appear there (whitespace, member order and members this
// build does not know included). For a document already known to be valid JSON (it has been
// parsed): this only scans for where each element starts and ends. nullopt when the object
// has no such member, has it twice, spells any top-level key with an escape (it could be
// `key` in disguise), or its value is not an array; the caller then serialises what it parsed.
std::optional<QList<QByteArrayView>> topLevelArrayElements(QByteArrayView document,
                                                           QByteArrayView key);

// Compact UTF-8 serialization, the form used for size limits (evidence <= 64 KiB).
QByteArray toCompactJson(const QJsonObject &object);

} // namespace td
