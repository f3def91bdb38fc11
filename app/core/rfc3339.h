#pragma once

#include <QDateTime>
#include <QString>
#include <QStringView>

namespace td {

// CONTRACT 1: times are RFC 3339 UTC with milliseconds, "2026-11-22T09:15:02.120Z".
QString toRfc3339(const QDateTime &time);
// Accepts any RFC 3339 time (offset or Z, with or without fraction); invalid on error.
QDateTime fromRfc3339(QStringView text);

} // namespace td
