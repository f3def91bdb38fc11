#include "bootstrap.h"

#include "core/json.h"
#include "tokens.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace td::server {

namespace {

bool isUuid(const QString &text)
{
    return text.size() == 36 && !QUuid::fromString(text).isNull();
}

} // namespace

std::optional<QList<BootstrapTenant>> parseBootstrap(const QByteArray &json, QString *error,
                                                     QStringList *warnings)
{
    auto fail = [error](const QString &why) -> std::optional<QList<BootstrapTenant>> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    JsonParseFailure failure = JsonParseFailure::None;
    const auto root = parseJsonObject(json, &failure, 64);
    if (!root)
        return fail(u"not a JSON object"_s);
    if (!root->value(u"tenants"_s).isArray())
        return fail(u"\"tenants\" must be an array"_s);

    static const QRegularExpression slugPattern(u"^[a-z0-9][a-z0-9-]{0,62}$"_s);
    QList<BootstrapTenant> tenants;
    QSet<QString> slugs, projectKeys, userIds, tokens;
    const QJsonArray tenantArray = root->value(u"tenants"_s).toArray();
    for (qsizetype ti = 0; ti < tenantArray.size(); ++ti) {
        const QJsonObject t = tenantArray.at(ti).toObject();
        const QString where = u"tenants[%1]"_s.arg(ti);
        BootstrapTenant tenant;
        tenant.tenant.slug = t.value(u"slug"_s).toString();
        tenant.tenant.name = t.value(u"name"_s).toString();
        if (!slugPattern.match(tenant.tenant.slug).hasMatch())
            return fail(where + u": slug must be lowercase letters, digits and dashes"_s);
        if (tenant.tenant.name.trimmed().isEmpty())
            return fail(where + u": name is required"_s);
        if (slugs.contains(tenant.tenant.slug))
            return fail(where + u": duplicate slug "_s + tenant.tenant.slug);
        slugs.insert(tenant.tenant.slug);

        const QJsonArray projects = t.value(u"projects"_s).toArray();
        for (qsizetype pi = 0; pi < projects.size(); ++pi) {
            const QJsonObject p = projects.at(pi).toObject();
            const QString pwhere = where + u".projects[%1]"_s.arg(pi);
            ProjectRecord project;
            project.id = p.value(u"id"_s).toString();
            project.tenant = tenant.tenant.slug;
            project.name = p.value(u"name"_s).toString();
            if (!isUuid(project.id))
                return fail(pwhere + u": id must be a UUID"_s);
            if (projectKeys.contains(project.id.toUpper()))
                return fail(pwhere + u": duplicate project id "_s + project.id);
            projectKeys.insert(project.id.toUpper());
            if (project.name.trimmed().isEmpty())
                return fail(pwhere + u": name is required"_s);
            for (const QJsonValue role : p.value(u"roles"_s).toArray()) {
                if (!role.isString() || role.toString().isEmpty())
                    return fail(pwhere + u": roles must be non-empty strings"_s);
                if (!project.roles.contains(role.toString()))
                    project.roles.append(role.toString());
            }
            tenant.projects.append(project);
        }

        const QJsonArray users = t.value(u"users"_s).toArray();
        for (qsizetype ui = 0; ui < users.size(); ++ui) {
            const QJsonObject u = users.at(ui).toObject();
            const QString uwhere = where + u".users[%1]"_s.arg(ui);
            BootstrapUser entry;
            UserRecord &user = entry.user;
            user.id = u.value(u"id"_s).toString();
            user.tenant = tenant.tenant.slug;
            user.name = u.value(u"name"_s).toString();
            user.email = u.value(u"email"_s).toString();
            if (user.id.isEmpty() || user.id.size() > limits::ActorIdMax)
                return fail(uwhere + u": id is required (at most 128 characters)"_s);
            if (userIds.contains(user.id))
                return fail(uwhere + u": duplicate user id "_s + user.id);
            userIds.insert(user.id);
            if (user.name.trimmed().isEmpty())
                return fail(uwhere + u": name is required"_s);
            if (!isValidEmail(user.email))
                return fail(uwhere + u": email is not valid"_s);
            const auto role = callerRoleFromWire(u.value(u"role"_s).toString());
            if (!role)
                return fail(uwhere + u": role must be owner, client or bot"_s);
            user.role = *role;
            const QJsonValue grants = u.value(u"projects"_s);
            if (grants.isString() && grants.toString() == u"*") {
                user.allProjects = true;
            } else if (grants.isArray() || grants.isUndefined()) {
                for (const QJsonValue id : grants.toArray()) {
                    const QString pid = id.toString();
                    bool known = false;
                    for (const ProjectRecord &p : std::as_const(tenant.projects))
                        known = known || p.id.compare(pid, Qt::CaseInsensitive) == 0;
                    if (!known)
                        return fail(uwhere + u": unknown project "_s + pid);
                    user.projectIds.append(pid);
                }
            } else {
                return fail(uwhere + u": projects must be \"*\" or an array of project ids"_s);
            }
            for (const QJsonValue token : u.value(u"tokens"_s).toArray()) {
                const QString text = token.toString();
                if (text.size() < 8)
                    return fail(uwhere + u": tokens must be strings of at least 8 characters"_s);
                if (tokens.contains(text))
                    return fail(uwhere + u": a token is listed twice"_s);
                tokens.insert(text);
                // The hash is unsalted SHA-256 (looked up on every request), so only a long
                // random token resists guessing once someone has a copy of the database.
                if (text.size() < WeakTokenLength && warnings) {
                    warnings->append(u"%1 (%2): a token has only %3 characters; use at least %4 "
                                     "random ones (`token issue` makes 43)"_s.arg(uwhere, user.id)
                                             .arg(text.size())
                                             .arg(WeakTokenLength));
                }
                entry.tokenHashes.append(hashToken(text));
            }
            tenant.users.append(entry);
        }
        tenants.append(tenant);
    }
    return tenants;
}

} // namespace td::server
