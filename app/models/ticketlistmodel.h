#pragma once

#include "core/ticketquery.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QPointer>

namespace td {

// The ticket list: a lazy table over a TicketSource. It holds only the pages the view has
// asked for (canFetchMore/fetchMore, keyset paging), never the whole cache. A new filter,
// search or sort re-queries (a model reset); a sync that changes tickets updates the loaded
// rows in place (dataChanged, moves, inserts where the rows belong), never a reset.
// Display values are raw (numbers, wire names, UTC times); ui/ formats and translates them.
class TicketListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Number,
        Title,
        Type,
        Priority,
        Roles,
        Requester,
        Status,
        Updated,
        SyncState,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        TicketIdRole = Qt::UserRole + 1, // QString
        NumberRole,                      // qint64
        TitleRole,                       // QString
        RequestTypeRole,                 // int (td::RequestType)
        PriorityRole,                    // int (td::Priority)
        StatusRole,                      // int (td::TicketStatus)
        RolesRole,                       // QStringList
        RequesterNameRole,               // QString
        RequesterEmailRole,              // QString
        UpdatedAtRole,                   // QDateTime (UTC)
        BlockingRole,                    // bool
        SyncStateRole,                   // int (td::SyncState)
        PendingStatusRole,               // int (td::TicketStatus) or invalid QVariant
        ProjectIdRole,                   // QString, empty for the general inbox
        VersionRole,                     // int
        RowRole,                         // td::TicketRow
    };
    Q_ENUM(Role)

    static constexpr int DefaultPageSize = 200;

    explicit TicketListModel(TicketSource *source, QObject *parent = nullptr);
    ~TicketListModel() override;

    TicketFilter filter() const { return m_filter; }
    void setFilter(const TicketFilter &filter); // keeps the current search text
    QString search() const { return m_filter.search; }
    void setSearch(const QString &text);
    TicketSort ticketSort() const { return m_sort; }
    void setTicketSort(const TicketSort &sort);
    void setPageSize(int rows);
    int pageSize() const { return m_pageSize; }

    // Row of a loaded ticket, -1 if not loaded.
    int rowOf(const QString &ticketId) const;
    std::optional<TicketRow> rowAt(int row) const;
    // True while rows are removed only because a sync pushed them past the loaded window
    // (they still exist and come back through fetchMore), as opposed to tickets that no
    // longer match. A view keeps its place then instead of following the current row.
    bool isTrimming() const { return m_trimming; }
    // Matching tickets in total (a COUNT query; not needed for display).
    qint64 totalCount() const;

    // The sort key a column sorts by; nullopt for columns that do not sort (SyncState).
    static std::optional<TicketSortKey> sortKeyFor(int column);
    // The column that sorts by `key` (the inverse of sortKeyFor).
    static int columnFor(TicketSortKey key);

    // QAbstractItemModel
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

public Q_SLOTS:
    void reload(); // re-query from scratch (a reset)

Q_SIGNALS:
    // Emitted before rows from `firstRow` on are trimmed (see isTrimming()), before any
    // rowsAboutToBeRemoved, so a view can let go of a current row there first.
    void aboutToTrim(int firstRow);

private:
    void onTicketsChanged(const QStringList &ids);
    void loadFirstPage();
    void appendPage();
    int insertPosition(const TicketRow &row) const;
    // True when `updated` (the new content of `row`) still sorts between its neighbours.
    bool staysInPlace(int row, const TicketRow &updated) const;
    void insertNewRows(QList<TicketRow> incoming);
    void applyBulkChange(const QStringList &ids, const QHash<QString, TicketRow> &matching);
    void reindexFrom(int row);
    int indexOf(const QString &ticketId) const; // renumbers first if rows moved
    void trimTo(int rows);

    QPointer<TicketSource> m_source;
    TicketFilter m_filter;
    TicketSort m_sort;
    int m_pageSize = DefaultPageSize;
    int m_capacity = 0; // rows the view has asked for; in-place inserts never grow past it
    bool m_hasMore = false;
    bool m_busy = false; // inside a change of our own: fetchMore waits
    bool m_trimming = false;
    QList<TicketRow> m_rows;
    // Every loaded id; the row numbers are exact only while !m_indexDirty.
    mutable QHash<QString, int> m_rowById;
    mutable bool m_indexDirty = false;
};

} // namespace td
