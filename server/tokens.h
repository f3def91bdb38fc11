#pragma once

#include <QByteArray>
#include <QString>

namespace td::server {

// A new random bearer token ("tdk_" + 43 base64url characters, 256 bits).
QString generateToken();
// What the database keeps instead of the token: lowercase hex SHA-256 of its UTF-8 bytes.
QByteArray hashToken(QStringView token);

} // namespace td::server
