#include "sqlcommon.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace td::server::sql {

QString bumpAuthEpochSql()
{
    return u"INSERT INTO settings (key, value) VALUES ('auth_epoch', '1') ON CONFLICT (key) DO "
           "UPDATE SET value = CAST(CAST(settings.value AS BIGINT) + 1 AS TEXT)"_s;
}

QString text(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

QString rolesToText(const QStringList &roles)
{
    return QString::fromUtf8(
            QJsonDocument(QJsonArray::fromStringList(roles)).toJson(QJsonDocument::Compact));
}

QStringList rolesFromText(const QString &textValue)
{
    QStringList roles;
    const QJsonArray array = QJsonDocument::fromJson(textValue.toUtf8()).array();
    for (const QJsonValue value : array)
        roles.append(value.toString());
    return roles;
}

QVariant nullable(const std::optional<QString> &value)
{
    return value ? QVariant(text(*value)) : QVariant(QMetaType::fromType<QString>());
}

QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

const QString ticketColumns
        = u"id, tenant, number, project_id, title, description, request_type, priority, roles, "
          "blocking, evidence, suggested_resolution, implementation_notes, requester_name, "
          "requester_email, actor_role, actor_id, source, agent_vendor, status, version, seq, "
          "created_at, updated_at"_s;

bool needsEscape(const QString &value)
{
    for (const QChar c : value) {
        if (c.unicode() <= 1)
            return true;
    }
    return false;
}

QString escapeText(const QString &value)
{
    QString out;
    out.reserve(value.size() + 8);
    for (const QChar c : value) {
        if (c.unicode() <= 1) {
            out += QChar(1);
            out += QChar(c.unicode() == 0 ? 3 : 2);
        } else {
            out += c;
        }
    }
    return out;
}

QString unescapeText(const QString &stored)
{
    if (!stored.contains(QChar(1)))
        return stored;
    QString out;
    out.reserve(stored.size());
    for (qsizetype i = 0; i < stored.size(); ++i) {
        if (stored.at(i).unicode() == 1 && i + 1 < stored.size()) {
            out += QChar(stored.at(++i).unicode() == 3 ? 0 : 1);
            continue;
        }
        out += stored.at(i);
    }
    return out;
}

QString textAt(const QSqlQuery &query, int column, TextCoding coding)
{
    const QString value = query.value(column).toString();
    return coding == TextCoding::NulEscaped ? unescapeText(value) : value;
}

std::optional<QString> optionalTextAt(const QSqlQuery &query, int column, TextCoding coding)
{
    const QVariant value = query.value(column);
    if (value.isNull())
        return std::nullopt;
    return coding == TextCoding::NulEscaped ? unescapeText(value.toString()) : value.toString();
}

WindowQuery windowQuery(const WindowKey &key)
{
    WindowQuery query;
    if (key.requesterUserId) {
        // Portal: the caller's own tickets in this project. Tickets store the user who asked,
        // so an email that another user shares (or that the capability was given) matches
        // nothing here.
        query.where = u"tenant = ? AND requester_user_id = ? AND project_id = ? AND title = ? "
                      "AND created_at >= ?"_s;
        query.values = {key.tenant, *key.requesterUserId, text(key.projectId.value_or(QString())),
                        text(key.title), key.notBeforeMs};
        query.lockName = u"window\nuser\n"_s + key.tenant + u'\n' + *key.requesterUserId + u'\n'
                         + key.projectId.value_or(QString()).toUpper() + u'\n' + key.title;
    } else {
        // Capability: only tickets that came through the capability, which are the ones with
        // no requesting user (a portal caller may set `source`, so that column proves nothing).
        query.where = u"tenant = ? AND requester_email_key = ? AND title = ? AND created_at >= ? "
                      "AND requester_user_id IS NULL"_s;
        query.values = {key.tenant, text(key.email.toLower()), text(key.title), key.notBeforeMs};
        query.lockName = u"window\ncapability\n"_s + key.tenant + u'\n' + key.email.toLower()
                         + u'\n' + key.title;
    }
    return query;
}

} // namespace td::server::sql
