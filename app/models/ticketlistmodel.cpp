#include "ticketlistmodel.h"

#include <QScopedValueRollback>

#include <functional>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace td {

TicketListModel::TicketListModel(TicketSource *source, QObject *parent)
    : QAbstractTableModel(parent)
    , m_source(source)
{
    if (m_source) {
        connect(m_source, &TicketSource::ticketsChanged, this, &TicketListModel::onTicketsChanged);
        connect(m_source, &TicketSource::reset, this, &TicketListModel::reload);
    }
    loadFirstPage();
}

TicketListModel::~TicketListModel() = default;

void TicketListModel::setFilter(const TicketFilter &filter)
{
    TicketFilter next = filter;
    next.search = m_filter.search;
    if (next == m_filter)
        return;
    m_filter = next;
    reload();
}

void TicketListModel::setSearch(const QString &text)
{
    if (text == m_filter.search)
        return;
    m_filter.search = text;
    reload();
}

void TicketListModel::setTicketSort(const TicketSort &sort)
{
    if (sort == m_sort)
        return;
    m_sort = sort;
    reload();
}

void TicketListModel::setPageSize(int rows)
{
    m_pageSize = std::max(1, rows);
}

void TicketListModel::reload()
{
    const QScopedValueRollback busy(m_busy, true);
    beginResetModel();
    loadFirstPage();
    endResetModel();
}

void TicketListModel::loadFirstPage()
{
    m_rows.clear();
    m_rowById.clear();
    m_indexDirty = false;
    m_hasMore = false;
    m_capacity = 0;
    if (!m_source)
        return;
    // One extra row tells whether another page exists without a COUNT over the cache.
    QList<TicketRow> page = m_source->fetch(m_filter, m_sort, std::nullopt, m_pageSize + 1);
    m_hasMore = page.size() > m_pageSize;
    if (m_hasMore)
        page.removeLast();
    m_rows = std::move(page);
    m_capacity = m_pageSize;
    reindexFrom(0);
}

void TicketListModel::appendPage()
{
    if (!m_source || !m_hasMore)
        return;
    const QScopedValueRollback busy(m_busy, true);
    std::optional<TicketCursor> after;
    if (!m_rows.isEmpty())
        after = TicketCursor::after(m_rows.constLast(), m_sort.key);
    QList<TicketRow> page = m_source->fetch(m_filter, m_sort, after, m_pageSize + 1);
    m_hasMore = page.size() > m_pageSize;
    if (m_hasMore)
        page.removeLast();
    m_capacity = std::max(m_capacity, int(m_rows.size()) + m_pageSize);
    // A row inserted in place since the last page may already be loaded; skip it.
    page.erase(std::remove_if(page.begin(), page.end(),
                              [this](const TicketRow &row) { return m_rowById.contains(row.id); }),
               page.end());
    if (page.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(page.size()) - 1);
    m_rows.append(page);
    reindexFrom(first);
    endInsertRows();
}

void TicketListModel::reindexFrom(int row)
{
    for (int i = row; i < m_rows.size(); ++i)
        m_rowById.insert(m_rows.at(i).id, i);
}

int TicketListModel::insertPosition(const TicketRow &row) const
{
    const auto it = std::lower_bound(
            m_rows.cbegin(), m_rows.cend(), row,
            [this](const TicketRow &a, const TicketRow &b) { return rowBefore(a, b, m_sort); });
    return int(it - m_rows.cbegin());
}

void TicketListModel::trimTo(int rows)
{
    if (m_rows.size() <= rows)
        return;
    const QScopedValueRollback trimming(m_trimming, true);
    Q_EMIT aboutToTrim(rows);
    beginRemoveRows({}, rows, int(m_rows.size()) - 1);
    for (int i = rows; i < m_rows.size(); ++i)
        m_rowById.remove(m_rows.at(i).id);
    m_rows.resize(rows);
    endRemoveRows();
    // The trimmed rows come back through fetchMore, after the (new) last row.
    m_hasMore = true;
}

bool TicketListModel::staysInPlace(int row, const TicketRow &updated) const
{
    // Most changes keep the row between its neighbours (a status change in a list sorted by
    // number); only the last loaded row moving later may leave the window.
    const bool afterPrevious = row == 0 || rowBefore(m_rows.at(row - 1), updated, m_sort);
    const bool beforeNext
            = row + 1 == m_rows.size() || rowBefore(updated, m_rows.at(row + 1), m_sort);
    const bool mayLeaveWindow
            = row + 1 == m_rows.size() && m_hasMore && rowBefore(m_rows.at(row), updated, m_sort);
    return afterPrevious && beforeNext && !mayLeaveWindow;
}

void TicketListModel::onTicketsChanged(const QStringList &ids)
{
    if (!m_source || ids.isEmpty())
        return;
    const QScopedValueRollback busy(m_busy, true);
    QHash<QString, TicketRow> matching;
    for (const TicketRow &row : m_source->rows(ids, m_filter))
        matching.insert(row.id, row);

    // A sync page touching many loaded rows: remove the ones that move in runs and re-insert
    // them in blocks, instead of one O(rows) move per ticket.
    if (ids.size() > 16) {
        applyBulkChange(ids, matching);
        return;
    }
    const int lastColumn = ColumnCount - 1;
    QList<TicketRow> incoming; // matching tickets not loaded yet
    for (const QString &id : ids) {
        const auto fresh = matching.constFind(id);
        if (m_rowById.contains(id)) {
            const int row = indexOf(id);
            if (fresh == matching.cend()) {
                // No longer matches the filter (e.g. closed while the list shows open ones).
                beginRemoveRows({}, row, row);
                m_rowById.remove(id);
                m_rows.removeAt(row);
                m_indexDirty = true;
                endRemoveRows();
                continue;
            }
            const TicketRow updated = fresh.value();
            if (updated == m_rows.at(row))
                continue;
            if (staysInPlace(row, updated)) {
                m_rows[row] = updated;
                Q_EMIT dataChanged(index(row, 0), index(row, lastColumn));
                continue;
            }
            // Where does the changed row belong among the others?
            const TicketRow old = m_rows.takeAt(row);
            int target = insertPosition(updated);
            m_rows.insert(row, old);
            const bool lastAndMore = target == m_rows.size() - 1 && m_hasMore;
            if (target == row && !lastAndMore) {
                m_rows[row] = updated;
                Q_EMIT dataChanged(index(row, 0), index(row, lastColumn));
                continue;
            }
            if (target == m_rows.size() - 1 && m_hasMore) {
                // It now sorts past the loaded window: the next page brings it back.
                beginRemoveRows({}, row, row);
                m_rowById.remove(id);
                m_rows.removeAt(row);
                m_indexDirty = true;
                endRemoveRows();
                continue;
            }
            // beginMoveRows takes the destination in pre-move coordinates.
            const int destination = target > row ? target + 1 : target;
            beginMoveRows({}, row, row, {}, destination);
            m_rows.removeAt(row);
            m_rows.insert(target, updated);
            m_indexDirty = true;
            endMoveRows();
            Q_EMIT dataChanged(index(target, 0), index(target, lastColumn));
            continue;
        }
        if (fresh != matching.cend())
            incoming.append(fresh.value());
    }
    insertNewRows(std::move(incoming));
}

void TicketListModel::applyBulkChange(const QStringList &ids,
                                      const QHash<QString, TicketRow> &matching)
{
    const int lastColumn = ColumnCount - 1;
    indexOf({}); // row numbers are exact from here until the removals below
    QList<int> removals;
    QList<TicketRow> incoming;
    for (const QString &id : ids) {
        const auto fresh = matching.constFind(id);
        const auto loaded = m_rowById.constFind(id);
        if (loaded == m_rowById.cend()) {
            if (fresh != matching.cend())
                incoming.append(fresh.value());
            continue;
        }
        const int row = loaded.value();
        if (fresh == matching.cend()) {
            removals.append(row);
            continue;
        }
        const TicketRow &updated = fresh.value();
        if (updated == m_rows.at(row))
            continue;
        if (staysInPlace(row, updated)) {
            m_rows[row] = updated;
            Q_EMIT dataChanged(index(row, 0), index(row, lastColumn));
            continue;
        }
        removals.append(row);
        incoming.append(updated);
    }
    // Bottom up, so the row numbers of the rows still to remove stay valid.
    std::sort(removals.begin(), removals.end(), std::greater<int>());
    removals.erase(std::unique(removals.begin(), removals.end()), removals.end());
    qsizetype i = 0;
    while (i < removals.size()) {
        int first = removals.at(i);
        const int last = first;
        while (i + 1 < removals.size() && removals.at(i + 1) == first - 1)
            first = removals.at(++i);
        ++i;
        beginRemoveRows({}, first, last);
        for (int row = first; row <= last; ++row)
            m_rowById.remove(m_rows.at(row).id);
        m_rows.remove(first, last - first + 1);
        m_indexDirty = true;
        endRemoveRows();
    }
    insertNewRows(std::move(incoming));
}

void TicketListModel::insertNewRows(QList<TicketRow> incoming)
{
    // New tickets land in runs (a sync page is mostly the newest tickets), so they are
    // inserted block by block in order: one beginInsertRows per run, not per ticket.
    std::sort(incoming.begin(), incoming.end(),
              [this](const TicketRow &a, const TicketRow &b) { return rowBefore(a, b, m_sort); });
    const int window = std::max(m_capacity, m_pageSize);
    qsizetype next = 0;
    while (next < incoming.size()) {
        const int target = insertPosition(incoming.at(next));
        if (target == m_rows.size() && m_hasMore)
            return; // this and the rest belong after the loaded window; fetchMore brings them
        if (target >= window) {
            // Past what the view asked for: drop the tail so the loaded rows stay a prefix of
            // the full order, and let fetchMore bring them back.
            trimTo(target);
            m_hasMore = true;
            return;
        }
        // The run: every following new row that also sorts before m_rows[target].
        qsizetype end = next + 1;
        while (end < incoming.size()
               && (target == m_rows.size()
                   || rowBefore(incoming.at(end), m_rows.at(target), m_sort)))
            ++end;
        const int count = int(std::min<qsizetype>(end - next, window - target));
        beginInsertRows({}, target, target + count - 1);
        QList<TicketRow> merged;
        merged.reserve(m_rows.size() + count);
        merged.append(m_rows.constBegin(), m_rows.constBegin() + target);
        for (qsizetype i = next; i < next + count; ++i) {
            merged.append(incoming.at(i));
            // Row numbers are refreshed lazily (indexOf), not once per inserted ticket.
            m_rowById.insert(incoming.at(i).id, -1);
        }
        merged.append(m_rows.constBegin() + target, m_rows.constEnd());
        m_rows = std::move(merged);
        m_indexDirty = true;
        endInsertRows();
        // A big sync must not grow the list past what the view asked for.
        trimTo(window);
        next += count;
    }
}

int TicketListModel::indexOf(const QString &ticketId) const
{
    if (m_indexDirty) {
        m_indexDirty = false;
        for (int i = 0; i < m_rows.size(); ++i)
            m_rowById.insert(m_rows.at(i).id, i);
    }
    return m_rowById.value(ticketId, -1);
}

int TicketListModel::rowOf(const QString &ticketId) const
{
    return indexOf(ticketId);
}

std::optional<TicketRow> TicketListModel::rowAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return std::nullopt;
    return m_rows.at(row);
}

qint64 TicketListModel::totalCount() const
{
    return m_source ? m_source->count(m_filter) : 0;
}

std::optional<TicketSortKey> TicketListModel::sortKeyFor(int column)
{
    switch (column) {
    case Number:
        return TicketSortKey::Number;
    case Priority:
        return TicketSortKey::Priority;
    case Status:
        return TicketSortKey::Status;
    case Updated:
        return TicketSortKey::Updated;
    case Title:
        return TicketSortKey::Title;
    case Type:
        return TicketSortKey::Type;
    case Roles:
        return TicketSortKey::Roles;
    case Requester:
        return TicketSortKey::Requester;
    default:
        return std::nullopt; // the sync marker: its state lives in the outbox, not indexed
    }
}

int TicketListModel::columnFor(TicketSortKey key)
{
    for (int column = 0; column < ColumnCount; ++column) {
        if (sortKeyFor(column) == key)
            return column;
    }
    return Updated;
}

int TicketListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TicketListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TicketListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TicketRow &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Number:
            return row.number;
        case Title:
            return row.title;
        case Type:
            return toWire(row.requestType);
        case Priority:
            return toWire(row.priority);
        case Roles:
            return row.roles;
        case Requester:
            return row.requester.name;
        case Status:
            return toWire(row.status);
        case Updated:
            return row.updatedAt;
        case SyncState:
            return toWire(row.syncState);
        default:
            return {};
        }
    case TicketIdRole:
        return row.id;
    case NumberRole:
        return row.number;
    case TitleRole:
        return row.title;
    case RequestTypeRole:
        return static_cast<int>(row.requestType);
    case PriorityRole:
        return static_cast<int>(row.priority);
    case StatusRole:
        return static_cast<int>(row.status);
    case RolesRole:
        return row.roles;
    case RequesterNameRole:
        return row.requester.name;
    case RequesterEmailRole:
        return row.requester.email;
    case UpdatedAtRole:
        return row.updatedAt;
    case BlockingRole:
        return row.blocking;
    case SyncStateRole:
        return static_cast<int>(row.syncState);
    case PendingStatusRole:
        return row.pendingStatus ? QVariant(static_cast<int>(*row.pendingStatus)) : QVariant();
    case ProjectIdRole:
        return row.projectId.value_or(QString());
    case VersionRole:
        return row.version;
    case RowRole:
        return QVariant::fromValue(row);
    default:
        return {};
    }
}

QVariant TicketListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0
        || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    // Raw column keys; ui/ shows translated titles.
    static const char *const keys[] = {"number",    "title",  "type",    "priority",  "roles",
                                       "requester", "status", "updated", "sync_state"};
    return QString::fromLatin1(keys[section]);
}

QHash<int, QByteArray> TicketListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(TicketIdRole, "ticketId");
    names.insert(NumberRole, "number");
    names.insert(TitleRole, "title");
    names.insert(RequestTypeRole, "requestType");
    names.insert(PriorityRole, "priority");
    names.insert(StatusRole, "status");
    names.insert(RolesRole, "roles");
    names.insert(RequesterNameRole, "requesterName");
    names.insert(RequesterEmailRole, "requesterEmail");
    names.insert(UpdatedAtRole, "updatedAt");
    names.insert(BlockingRole, "blocking");
    names.insert(SyncStateRole, "syncState");
    names.insert(PendingStatusRole, "pendingStatus");
    names.insert(ProjectIdRole, "projectId");
    names.insert(VersionRole, "version");
    names.insert(RowRole, "row");
    return names;
}

bool TicketListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_hasMore;
}

void TicketListModel::fetchMore(const QModelIndex &parent)
{
    // A view (or QAbstractItemModelTester) may ask from a slot connected to our own reset or
    // insert signals; inserting then would nest one change inside another. It asks again.
    if (!parent.isValid() && !m_busy)
        appendPage();
}

void TicketListModel::sort(int column, Qt::SortOrder order)
{
    const auto key = sortKeyFor(column);
    if (!key)
        return;
    setTicketSort({*key, order});
}

} // namespace td
