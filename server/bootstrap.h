#pragma once

#include "storage.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace td::server {

// Reads a bootstrap file (CONTRACT 7): tenants, their projects and users, users' tokens
// (hashed here, so the storage never sees one). Nullopt with a readable error when the file
// does not describe a consistent set.
std::optional<QList<BootstrapTenant>> parseBootstrap(const QByteArray &json, QString *error);

} // namespace td::server
