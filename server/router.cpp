#include "router.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace td::server {

void Router::add(const QByteArray &method, const QString &pattern, Handler handler)
{
    m_routes.append({method, pattern, pattern.split(u'/', Qt::KeepEmptyParts), std::move(handler)});
}

bool Router::segmentsMatch(const Route &route, const QStringList &segments, QStringList *params)
{
    if (route.segments.size() != segments.size())
        return false;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QString &expected = route.segments.at(i);
        if (expected.startsWith(u'{') && expected.endsWith(u'}')) {
            if (segments.at(i).isEmpty())
                return false;
            if (params)
                params->append(segments.at(i));
        } else if (expected != segments.at(i)) {
            return false;
        }
    }
    return true;
}

Router::Match Router::match(const QByteArray &method, const QString &path) const
{
    QStringList segments = path.split(u'/', Qt::KeepEmptyParts);
    for (QString &segment : segments) {
        if (segment.contains(u'%'))
            segment = QUrl::fromPercentEncoding(segment.toUtf8());
    }
    Match result;
    QList<QByteArray> allowed;
    for (const Route &route : m_routes) {
        if (!segmentsMatch(route, segments, nullptr))
            continue;
        if (route.method == method) {
            result.kind = Match::Kind::Found;
            result.handler = &route.handler;
            result.pattern = route.pattern;
            segmentsMatch(route, segments, &result.params);
            return result;
        }
        if (!allowed.contains(route.method))
            allowed.append(route.method);
    }
    if (!allowed.isEmpty()) {
        result.kind = Match::Kind::MethodNotAllowed;
        std::sort(allowed.begin(), allowed.end());
        result.allow = allowed.join(", ");
    }
    return result;
}

} // namespace td::server
