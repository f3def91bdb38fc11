#pragma once

#include <QList>
#include <Qt>

class QAbstractItemModel;
class QIODevice;

namespace td {

// CSV export of a list (RFC 4180: comma separated, CRLF, quotes doubled), each cell read
// from `role`. A cell that a spreadsheet would run as a formula (=, +, -, @, tab or carriage
// return first; OWASP's list) is prefixed with an apostrophe, because ticket titles come from
// strangers. Fetches lazily loaded rows as it goes. `columns` empty: every column, in model
// order. The header row is the model's horizontal DisplayRole header.
bool writeCsv(QAbstractItemModel *model, QIODevice *out, const QList<int> &columns = {},
              int role = Qt::DisplayRole);

} // namespace td
