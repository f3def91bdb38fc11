#include "json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace td {

int jsonNestingDepth(QByteArrayView bytes, int limit)
{
    // Brackets inside strings do not nest; a backslash escapes the next byte, which is all
    // we need to know about escapes to find where a string ends.
    int depth = 0;
    int deepest = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : bytes) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            break;
        case '[':
        case '{':
            if (++depth > limit)
                return -1;
            deepest = std::max(deepest, depth);
            break;
        case ']':
        case '}':
            --depth;
            break;
        default:
            break;
        }
    }
    return deepest;
}

std::optional<QJsonObject> parseJsonObject(QByteArrayView bytes, JsonParseFailure *failure,
                                           int maxDepth)
{
    auto fail = [failure](JsonParseFailure why) -> std::optional<QJsonObject> {
        if (failure)
            *failure = why;
        return std::nullopt;
    };
    if (jsonNestingDepth(bytes, maxDepth) < 0)
        return fail(JsonParseFailure::TooDeep);

    QJsonParseError error;
    const QByteArray data = bytes.toByteArray();
    const QJsonDocument document = QJsonDocument::fromJson(data, &error);
    if (error.error != QJsonParseError::NoError) {
        // Qt refuses a bare scalar at top level; that is valid JSON, just not an object.
        // Wrapping it in an array tells the two apart.
        const QByteArray trimmed = data.trimmed();
        if (trimmed.isEmpty() || trimmed.front() == '{' || trimmed.front() == '[')
            return fail(JsonParseFailure::Malformed);
        QJsonParseError wrappedError;
        const QJsonDocument wrapped = QJsonDocument::fromJson('[' + trimmed + ']', &wrappedError);
        const bool oneScalar
                = wrappedError.error == QJsonParseError::NoError && wrapped.array().size() == 1;
        return fail(oneScalar ? JsonParseFailure::NotAnObject : JsonParseFailure::Malformed);
    }
    if (!document.isObject())
        return fail(JsonParseFailure::NotAnObject);
    if (failure)
        *failure = JsonParseFailure::None;
    return document.object();
}

QByteArray toCompactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace td
