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

namespace {

// A cursor over bytes known to be valid JSON; each step returns false when it runs off the
// end or meets something it does not expect, and the scan then gives up.
struct JsonScanner
{
    QByteArrayView bytes;
    qsizetype at = 0;

    bool atEnd() const { return at >= bytes.size(); }
    char peek() const { return bytes.at(at); }
    void skipSpace()
    {
        while (!atEnd()) {
            const char c = peek();
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                return;
            ++at;
        }
    }
    // At an opening quote: moves past the closing one. *escaped tells whether a backslash
    // was met (the raw bytes then differ from the string's value).
    bool skipString(bool *escaped = nullptr)
    {
        if (atEnd() || peek() != '"')
            return false;
        ++at;
        while (!atEnd()) {
            const char c = bytes.at(at++);
            if (c == '"')
                return true;
            if (c == '\\') {
                if (escaped)
                    *escaped = true;
                ++at;
            }
        }
        return false;
    }
    // Moves past one value of any kind.
    bool skipValue()
    {
        if (atEnd())
            return false;
        const char first = peek();
        if (first == '"')
            return skipString();
        if (first == '{' || first == '[') {
            int depth = 0;
            while (!atEnd()) {
                const char c = peek();
                if (c == '"') {
                    if (!skipString())
                        return false;
                    continue;
                }
                ++at;
                if (c == '{' || c == '[') {
                    ++depth;
                } else if (c == '}' || c == ']') {
                    if (--depth == 0)
                        return true;
                }
            }
            return false;
        }
        // A number, true, false or null: up to the next delimiter.
        const qsizetype start = at;
        while (!atEnd()) {
            const char c = peek();
            if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r')
                break;
            ++at;
        }
        return at > start;
    }
};

} // namespace

std::optional<QList<QByteArrayView>> topLevelArrayElements(QByteArrayView document,
                                                           QByteArrayView key)
{
    JsonScanner scan{document};
    scan.skipSpace();
    if (scan.atEnd() || scan.peek() != '{')
        return std::nullopt;
    ++scan.at;
    std::optional<QList<QByteArrayView>> elements;
    for (;;) {
        scan.skipSpace();
        if (scan.atEnd())
            return std::nullopt;
        if (scan.peek() == '}')
            break;
        const qsizetype keyStart = scan.at + 1;
        bool escaped = false;
        if (!scan.skipString(&escaped) || escaped)
            return std::nullopt;
        const QByteArrayView name = document.sliced(keyStart, scan.at - 1 - keyStart);
        scan.skipSpace();
        if (scan.atEnd() || scan.peek() != ':')
            return std::nullopt;
        ++scan.at;
        scan.skipSpace();
        if (name != key) {
            if (!scan.skipValue())
                return std::nullopt;
        } else {
            if (elements || scan.atEnd() || scan.peek() != '[')
                return std::nullopt; // twice, or not an array
            ++scan.at;
            elements.emplace();
            scan.skipSpace();
            if (!scan.atEnd() && scan.peek() == ']') {
                ++scan.at;
            } else {
                for (;;) {
                    scan.skipSpace();
                    const qsizetype start = scan.at;
                    if (!scan.skipValue())
                        return std::nullopt;
                    elements->append(document.sliced(start, scan.at - start));
                    scan.skipSpace();
                    if (scan.atEnd())
                        return std::nullopt;
                    const char next = document.at(scan.at++);
                    if (next == ']')
                        break;
                    if (next != ',')
                        return std::nullopt;
                }
            }
        }
        scan.skipSpace();
        if (scan.atEnd())
            return std::nullopt;
        const char next = scan.peek();
        ++scan.at;
        if (next == '}')
            break;
        if (next != ',')
            return std::nullopt;
    }
    return elements;
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
