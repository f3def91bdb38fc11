#include "testdata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace td::testdata {

namespace {

QJsonObject user(const QString &id, const QString &name, const QString &email, const QString &role,
                 const QJsonValue &projects, const QString &token)
{
    return QJsonObject{
            {u"id"_s, id},     {u"name"_s, name},         {u"email"_s, email},
            {u"role"_s, role}, {u"projects"_s, projects}, {u"tokens"_s, QJsonArray{token}}};
}

QJsonObject project(const QString &id, const QString &name, const QStringList &roles)
{
    return QJsonObject{
            {u"id"_s, id}, {u"name"_s, name}, {u"roles"_s, QJsonArray::fromStringList(roles)}};
}

} // namespace

QByteArray bootstrapJson()
{
    const QJsonObject switchback{
            {u"slug"_s, TenantSlug},
            {u"name"_s, TenantName},
            {u"projects"_s,
             QJsonArray{project(WebProjectId, WebProjectName, WebProjectRoles),
                        project(MobileProjectId, MobileProjectName, MobileProjectRoles)}},
            {u"users"_s,
             QJsonArray{
                     user(OwnerId, OwnerName, OwnerEmail, u"owner"_s, u"*"_s, OwnerToken),
                     user(MobileOwnerId, u"Oscar Owner"_s, MobileOwnerEmail, u"owner"_s,
                          QJsonArray{MobileProjectId}, MobileOwnerToken),
                     user(ClientId, ClientName, ClientEmail, u"client"_s, QJsonArray{WebProjectId},
                          ClientToken),
                     user(SecondClientId, u"Cora Client"_s, SecondClientEmail, u"client"_s,
                          QJsonArray{WebProjectId, MobileProjectId}, SecondClientToken),
                     user(BotId, u"Triage Bot"_s, BotEmail, u"bot"_s, QJsonArray{WebProjectId},
                          BotToken),
             }}};
    const QJsonObject driftline{
            {u"slug"_s, OtherTenantSlug},
            {u"name"_s, OtherTenantName},
            {u"projects"_s,
             QJsonArray{project(OtherProjectId, u"Brand site"_s, OtherProjectRoles)}},
            {u"users"_s,
             QJsonArray{user(OtherOwnerId, u"Dana Owner"_s, OtherOwnerEmail, u"owner"_s, u"*"_s,
                             OtherOwnerToken),
                        user(OtherClientId, u"Dave Client"_s, u"dave@client.test"_s, u"client"_s,
                             QJsonArray{OtherProjectId}, OtherClientToken)}}};
    return QJsonDocument(QJsonObject{{u"tenants"_s, QJsonArray{switchback, driftline}}})
            .toJson(QJsonDocument::Indented);
}

} // namespace td::testdata
