#pragma once

#include "storage.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace td::server {

// Reads a bootstrap file (CONTRACT 7): tenants, their projects and users, users' tokens
// (hashed here, so the storage never sees one). Nullopt with a readable error when the file
// does not describe a consistent set. `warnings` receives one line per token shorter than
// WeakTokenLength (naming the user, never the token).
std::optional<QList<BootstrapTenant>> parseBootstrap(const QByteArray &json, QString *error,
                                                     QStringList *warnings = nullptr);

// Below this a token can be guessed offline from a copy of the database's SHA-256 hashes
// (CONTRACT 7, v1.1); issued tokens have 43 random characters.
inline constexpr int WeakTokenLength = 32;

} // namespace td::server
