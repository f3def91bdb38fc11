#pragma once

#include "http/httpfront.h"
#include "requestcontext.h"
#include "writework.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace td::server {

// Maps (method, path pattern) to a handler. Patterns are literal segments and "{name}"
// placeholders ("/api/tickets/{id}/events"); a placeholder matches one non-empty segment.
class Router
{
public:
    using Handler = std::function<Outcome(RequestContext &)>;

    void add(const QByteArray &method, const QString &pattern, Handler handler);

    struct Match
    {
        enum class Kind { Found, NotFound, MethodNotAllowed } kind = Kind::NotFound;
        const Handler *handler = nullptr;
        QStringList params; // placeholder values in pattern order
        QString pattern;    // the matched route's pattern (for logs and rate classes)
        QByteArray allow;   // for MethodNotAllowed: "GET, POST"
    };

    // `path` is the path as the client sent it, still percent-encoded. It is split at '/'
    // first and each segment decoded after, so "%2F" never separates segments: a rule a proxy
    // writes on paths ("/api/tickets/*/events") means the same here (CONTRACT 1, v1.1).
    // Literal segments compare with the decoded segment; params are decoded.
    Match match(const QByteArray &method, const QString &path) const;

private:
    struct Route
    {
        QByteArray method;
        QString pattern;
        QStringList segments;
        Handler handler;
    };
    static bool segmentsMatch(const Route &route, const QStringList &segments, QStringList *params);

    QList<Route> m_routes;
};

} // namespace td::server
