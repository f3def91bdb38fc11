#pragma once

#include <QLoggingCategory>

namespace td {
// SQL errors are logged here (with SQLite's text) and travel up as StoreError.
Q_DECLARE_LOGGING_CATEGORY(lcStore)
} // namespace td
