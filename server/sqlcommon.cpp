#include "sqlcommon.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlRecord>
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

BootstrapReport writeBootstrap(const Session &sql, const QList<BootstrapTenant> &tenants)
{
    BootstrapReport report;
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    // Upserts that touch a row only when a value differs, so a second run changes nothing.
    auto upsert = [&](const QString &selectSql, const QVariantList &key, const QVariantList &wanted,
                      const QString &insertSql, const QString &updateSql) {
        QSqlQuery &sel = sql.prepared(selectSql);
        for (const QVariant &v : key)
            sel.addBindValue(v);
        sql.exec(sel);
        std::optional<QVariantList> current;
        {
            Finisher finisher(sel);
            if (sel.next()) {
                QVariantList row;
                for (int i = 0; i < sel.record().count(); ++i)
                    row.append(sel.value(i));
                current = row;
            }
        }
        if (!current) {
            QSqlQuery &ins = sql.prepared(insertSql);
            for (const QVariant &v : key)
                ins.addBindValue(v);
            for (const QVariant &v : wanted)
                ins.addBindValue(v);
            sql.exec(ins);
            ++report.created;
            return;
        }
        bool same = current->size() == wanted.size();
        for (qsizetype i = 0; same && i < wanted.size(); ++i)
            same = current->at(i).toString() == wanted.at(i).toString();
        if (same)
            return;
        QSqlQuery &upd = sql.prepared(updateSql);
        for (const QVariant &v : wanted)
            upd.addBindValue(v);
        for (const QVariant &v : key)
            upd.addBindValue(v);
        sql.exec(upd);
        ++report.updated;
    };

    for (const BootstrapTenant &bt : tenants) {
        upsert(u"SELECT name FROM tenants WHERE slug = ?"_s, {bt.tenant.slug},
               {text(bt.tenant.name)}, u"INSERT INTO tenants (slug, name) VALUES (?, ?)"_s,
               u"UPDATE tenants SET name = ? WHERE slug = ?"_s);
        int position = 0;
        for (const ProjectRecord &p : bt.projects) {
            // A project UUID names one project on the whole server.
            QSqlQuery &owner = sql.prepared(u"SELECT id, tenant FROM projects WHERE id_key = ?"_s);
            owner.addBindValue(p.id.toUpper());
            sql.exec(owner);
            QString storedId = p.id;
            {
                Finisher finisher(owner);
                if (owner.next()) {
                    if (sql.textAt(owner, 1) != bt.tenant.slug)
                        throw StorageError("project " + p.id.toStdString()
                                           + " already belongs to another tenant");
                    storedId = sql.textAt(owner, 0);
                }
            }
            upsert(u"SELECT id_key, tenant, name, roles, position FROM projects WHERE id = ?"_s,
                   {storedId},
                   {storedId.toUpper(), bt.tenant.slug, text(p.name), rolesToText(p.roles),
                    position++},
                   u"INSERT INTO projects (id, id_key, tenant, name, roles, position) "
                   "VALUES (?, ?, ?, ?, ?, ?)"_s,
                   u"UPDATE projects SET id_key = ?, tenant = ?, name = ?, roles = ?, "
                   "position = ? WHERE id = ?"_s);
        }
        for (const BootstrapUser &bu : bt.users) {
            const UserRecord &u = bu.user;
            QSqlQuery &existing = sql.prepared(u"SELECT tenant FROM users WHERE id = ?"_s);
            existing.addBindValue(u.id);
            sql.exec(existing);
            {
                Finisher finisher(existing);
                if (existing.next() && sql.textAt(existing, 0) != bt.tenant.slug)
                    throw StorageError("user " + u.id.toStdString()
                                       + " already belongs to another tenant");
            }
            upsert(u"SELECT tenant, name, email, role, all_projects FROM users WHERE id = ?"_s,
                   {u.id},
                   {bt.tenant.slug, text(u.name), text(u.email), toWire(u.role),
                    u.allProjects ? 1 : 0},
                   u"INSERT INTO users (id, tenant, name, email, role, all_projects) "
                   "VALUES (?, ?, ?, ?, ?, ?)"_s,
                   u"UPDATE users SET tenant = ?, name = ?, email = ?, role = ?, "
                   "all_projects = ? WHERE id = ?"_s);
            // Grants: exactly the listed projects.
            QStringList wanted;
            if (!u.allProjects) {
                for (const QString &pid : u.projectIds) {
                    const auto p = sql.project(bt.tenant.slug, pid);
                    if (!p)
                        throw StorageError("user " + u.id.toStdString()
                                           + " is granted unknown project " + pid.toStdString());
                    wanted.append(p->id);
                }
            }
            const QStringList current = sql.grantedProjects(u.id);
            for (const QString &pid : current) {
                if (wanted.contains(pid))
                    continue;
                QSqlQuery &del = sql.prepared(
                        u"DELETE FROM user_projects WHERE user_id = ? AND project_id = ?"_s);
                del.addBindValue(u.id);
                del.addBindValue(pid);
                sql.exec(del);
                ++report.updated;
            }
            for (const QString &pid : std::as_const(wanted)) {
                if (current.contains(pid))
                    continue;
                QSqlQuery &ins = sql.prepared(
                        u"INSERT INTO user_projects (user_id, project_id) VALUES (?, ?)"_s);
                ins.addBindValue(u.id);
                ins.addBindValue(pid);
                sql.exec(ins);
                ++report.created;
            }
            // Tokens are only ever added: re-running bootstrap must not revive a token
            // that was revoked since.
            for (const QByteArray &hash : bu.tokenHashes) {
                QSqlQuery &sel = sql.prepared(u"SELECT user_id FROM tokens WHERE hash = ?"_s);
                sel.addBindValue(QString::fromLatin1(hash));
                sql.exec(sel);
                {
                    Finisher finisher(sel);
                    if (sel.next()) {
                        if (sql.textAt(sel, 0) != u.id)
                            throw StorageError("a token of user " + u.id.toStdString()
                                               + " belongs to another user");
                        continue;
                    }
                }
                QSqlQuery &ins = sql.prepared(
                        u"INSERT INTO tokens (hash, user_id, created_at) VALUES (?, ?, ?)"_s);
                ins.addBindValue(QString::fromLatin1(hash));
                ins.addBindValue(u.id);
                ins.addBindValue(nowMs);
                sql.exec(ins);
                ++report.created;
            }
        }
    }
    return report;
}

} // namespace td::server::sql
