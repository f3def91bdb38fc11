#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

// The standard test tenants that ServerProcess bootstraps into every fresh server. Tests of
// every layer use these names instead of inventing their own, so a failure reads the same
// everywhere.
namespace td::testdata {

// Tenant 1: the seed's provider, with the seed's project and a second one.
inline const QString TenantSlug = QStringLiteral("switchback-engineering");
inline const QString TenantName = QStringLiteral("Switchback Engineering");
inline const QString WebProjectId = QStringLiteral("2489E9AD-2EE2-8E00-8EC9-32D5F69181C0");
inline const QString WebProjectName = QStringLiteral("Web app");
inline const QStringList WebProjectRoles = {QStringLiteral("frontend"), QStringLiteral("backend"),
                                            QStringLiteral("design"), QStringLiteral("qa")};
inline const QString MobileProjectId = QStringLiteral("7C3F6A2E-5B1D-4E8F-9A0B-1C2D3E4F5A6B");
inline const QString MobileProjectName = QStringLiteral("Mobile app");
inline const QStringList MobileProjectRoles = {QStringLiteral("ios"), QStringLiteral("android"),
                                               QStringLiteral("backend"), QStringLiteral("qa")};

// Owner of every project of tenant 1 ("*", which includes the general inbox).
inline const QString OwnerId = QStringLiteral("u-olive");
inline const QString OwnerName = QStringLiteral("Olive Owner");
inline const QString OwnerEmail = QStringLiteral("olive@switchback.test");
inline const QString OwnerToken = QStringLiteral("tok-olive-4c1f9a7e2b6d");
// Owner granted only the mobile project (no web project, no inbox).
inline const QString MobileOwnerId = QStringLiteral("u-oscar");
inline const QString MobileOwnerEmail = QStringLiteral("oscar@switchback.test");
inline const QString MobileOwnerToken = QStringLiteral("tok-oscar-8d2e6b1a5f3c");
// Client granted the web project only.
inline const QString ClientId = QStringLiteral("u-carl");
inline const QString ClientName = QStringLiteral("Carl Client");
inline const QString ClientEmail = QStringLiteral("carl@client.test");
inline const QString ClientToken = QStringLiteral("tok-carl-7e3a0d9c4b2f");
// A second client of the web (and mobile) project: must never see Carl's tickets.
inline const QString SecondClientId = QStringLiteral("u-cora");
inline const QString SecondClientEmail = QStringLiteral("cora@client.test");
inline const QString SecondClientToken = QStringLiteral("tok-cora-2b9f5c8e1d7a");
// An automation granted the web project; its tickets must carry roles.
inline const QString BotId = QStringLiteral("u-bot");
inline const QString BotEmail = QStringLiteral("bot@switchback.test");
inline const QString BotToken = QStringLiteral("tok-bot-9a6c3e1f8b4d");

// Tenant 2: another provider whose data tenant-1 callers must never see.
inline const QString OtherTenantSlug = QStringLiteral("driftline-design");
inline const QString OtherTenantName = QStringLiteral("Driftline Design");
inline const QString OtherProjectId = QStringLiteral("5E0B8C4D-3A2F-4B1E-8C7D-6F5A4B3C2D1E");
inline const QStringList OtherProjectRoles = {QStringLiteral("design"), QStringLiteral("frontend")};
inline const QString OtherOwnerId = QStringLiteral("u-dana");
inline const QString OtherOwnerEmail = QStringLiteral("dana@driftline.test");
inline const QString OtherOwnerToken = QStringLiteral("tok-dana-3f7b1e9d5c2a");
inline const QString OtherClientId = QStringLiteral("u-dave");
inline const QString OtherClientToken = QStringLiteral("tok-dave-6c4a2f8e0b1d");

// The bootstrap file (CONTRACT 7) describing all of the above.
QByteArray bootstrapJson();

} // namespace td::testdata
