#pragma once

#include <QList>

class QAbstractItemModel;
class QIODevice;

namespace td {

// CSV export of what the list shows (RFC 4180: comma separated, CRLF, quotes doubled).
// A cell that a spreadsheet would run as a formula (=, +, -, @ first) is prefixed with an
// apostrophe, because ticket titles come from strangers.
// Fetches lazily loaded rows as it goes. `columns` empty: every column, in model order.
bool writeCsv(QAbstractItemModel *model, QIODevice *out, const QList<int> &columns = {});

} // namespace td
