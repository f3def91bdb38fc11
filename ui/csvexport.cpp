#include "csvexport.h"

#include <QAbstractItemModel>
#include <QIODevice>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace td {
namespace {

QString csvCell(QString text)
{
    if (!text.isEmpty()
        && (text.front() == u'=' || text.front() == u'+' || text.front() == u'-'
            || text.front() == u'@' || text.front() == u'\t' || text.front() == u'\r')) {
        text.prepend(u'\'');
    }
    const bool quote = text.contains(u',') || text.contains(u'"') || text.contains(u'\n')
                       || text.contains(u'\r') || text.startsWith(u' ') || text.endsWith(u' ');
    if (!quote)
        return text;
    text.replace(u"\""_s, u"\"\""_s);
    return u'"' + text + u'"';
}

} // namespace

bool writeCsv(QAbstractItemModel *model, QIODevice *out, const QList<int> &columns, int role)
{
    QList<int> cols = columns;
    if (cols.isEmpty()) {
        for (int c = 0; c < model->columnCount(); ++c)
            cols.append(c);
    }
    auto writeLine = [out](const QStringList &cells) {
        return out->write((cells.join(u',') + u"\r\n"_s).toUtf8()) >= 0;
    };
    QStringList header;
    for (int c : cols)
        header.append(csvCell(model->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString()));
    if (!writeLine(header))
        return false;
    while (model->canFetchMore({}))
        model->fetchMore({});
    const int rows = model->rowCount();
    for (int r = 0; r < rows; ++r) {
        QStringList cells;
        cells.reserve(cols.size());
        for (int c : cols)
            cells.append(csvCell(model->index(r, c).data(role).toString()));
        if (!writeLine(cells))
            return false;
    }
    return true;
}

} // namespace td
