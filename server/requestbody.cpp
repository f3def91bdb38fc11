#include "requestbody.h"

#include "core/json.h"

#include <QJsonArray>

namespace td::server {

bool isJsonMediaType(const QByteArray &contentType)
{
    const QList<QByteArray> parts = contentType.split(';');
    if (parts.first().trimmed().toLower() != "application/json")
        return false;
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArray parameter = parts.at(i).trimmed().toLower();
        if (parameter.startsWith("charset=")) {
            QByteArray charset = parameter.mid(8);
            if (charset.size() >= 2 && charset.startsWith('"') && charset.endsWith('"'))
                charset = charset.mid(1, charset.size() - 2);
            if (charset != "utf-8" && charset != "utf8")
                return false;
        }
    }
    return true;
}

namespace {

// RFC 8259 leaves no room for raw control characters inside strings; Qt's parser lets them
// through, so look for them before it runs.
bool hasRawControlCharacterInString(QByteArrayView bytes)
{
    bool inString = false;
    bool escaped = false;
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if (!inString) {
            inString = c == '"';
            continue;
        }
        if (escaped)
            escaped = false;
        else if (c == '\\')
            escaped = true;
        else if (c == '"')
            inString = false;
        else if (u < 0x20)
            return true;
    }
    return false;
}

// A "\ud800" escape decodes to half a surrogate pair, which no UTF-8 answer can carry.
bool isWellFormed(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String: {
        const QString text = value.toString();
        return QStringView(text).isValidUtf16();
    }
    case QJsonValue::Array:
        for (const QJsonValue item : value.toArray()) {
            if (!isWellFormed(item))
                return false;
        }
        return true;
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            if (!QStringView(it.key()).isValidUtf16() || !isWellFormed(it.value()))
                return false;
        }
        return true;
    }
    default:
        return true;
    }
}

} // namespace

JsonBody readJsonBody(const http::Request &request)
{
    JsonBody body;
    if (!isJsonMediaType(request.header("content-type"))) {
        body.problem = BodyProblem::UnsupportedMediaType;
        return body;
    }
    if (!hasRawControlCharacterInString(request.body)) {
        body.object = parseJsonObject(request.body);
        if (body.object && !isWellFormed(*body.object))
            body.object.reset();
    }
    if (!body.object)
        body.problem = BodyProblem::InvalidJson;
    return body;
}

} // namespace td::server
