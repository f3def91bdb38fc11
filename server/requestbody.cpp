#include "requestbody.h"

#include "core/json.h"

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

JsonBody readJsonBody(const http::Request &request)
{
    JsonBody body;
    if (!isJsonMediaType(request.header("content-type"))) {
        body.problem = BodyProblem::UnsupportedMediaType;
        return body;
    }
    body.object = parseJsonObject(request.body);
    if (!body.object)
        body.problem = BodyProblem::InvalidJson;
    return body;
}

} // namespace td::server
