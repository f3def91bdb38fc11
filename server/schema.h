#pragma once

#include <QStringList>

namespace td::server::schema {

// The one list of schema migrations, shared by the SQLite and PostgreSQL backends: step N
// brings a database from version N-1 to N. The SQL sticks to what both accept.
inline constexpr int CurrentVersion = 4;

// The statements of step `version` (1..CurrentVersion); empty for any other number.
QStringList migrationStatements(int version);

} // namespace td::server::schema
