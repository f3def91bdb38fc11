#pragma once

#include <QList>
#include <QString>

namespace td::schema {

// Statements that take a cache from version `from` to `from + 1`. Steps are never edited once
// released: a file written by an older build must go through exactly the steps it missed.
QList<QString> migrationStep(int from);

// The outbox columns in a stable order, used to rescue rows from a corrupt file.
QString outboxColumns();

} // namespace td::schema
