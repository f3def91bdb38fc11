#pragma once

#include "core/ticketquery.h"

#include <QAbstractListModel>
#include <QElapsedTimer>
#include <QList>
#include <QPointer>
#include <QTimer>

namespace td {

// The sidebar's numbers: one row for all tickets, one per status, then one per project and
// one for the general inbox, then one per named filter (the saved views). Counts follow the cache
// live: a sync that lands changes the numbers with dataChanged (recounts are coalesced to one per
// event-loop pass). Display values are raw (the status wire name, the project id or name); ui/
// words them.
class TicketCountModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum class Kind { All, Status, Project, Inbox, Filter };
    Q_ENUM(Kind)

    enum Role {
        KindRole = Qt::UserRole + 1, // int (Kind)
        KeyRole,                     // QString: status wire name, project id or filter key
        CountRole,                   // qint64
        StatusRole,                  // int (td::TicketStatus), Status rows only
        FilterRole,                  // td::TicketFilter selecting this row's tickets
    };
    Q_ENUM(Role)

    struct Project
    {
        QString id;
        QString name;
    };
    // A count of its own (a saved view): the whole filter, not narrowed by the base filter.
    struct NamedFilter
    {
        QString key;
        TicketFilter filter;
    };

    explicit TicketCountModel(TicketSource *source, QObject *parent = nullptr);
    ~TicketCountModel() override;

    // Projects listed even with no tickets (from /api/me), in this order. Projects found in
    // the cache but not listed here follow, by id. The inbox row is shown when `showInbox`.
    void setProjects(const QList<Project> &projects, bool showInbox);
    // Narrows what is counted (e.g. the current search or priority filter). Status rows
    // count within `scope`'s project/inbox; project rows count the statuses in `projectStatuses`.
    // With a search in it, the numbers are counted off the window's thread and arrive by
    // dataChanged (the search index's matches can be a large share of the cache).
    void setBaseFilter(const TicketFilter &filter);
    // Which statuses the project and inbox rows count (default: all but closed).
    void setProjectStatuses(const QList<TicketStatus> &statuses);
    // The Filter rows, in this order.
    // Their counts read much more of the cache than the other rows, so they are made off the
    // window's thread where the source can (TicketSource::readInBackground) and arrive by
    // dataChanged; until a view's first count arrives its count is -1 (not known yet).
    // One count at a time; after the tickets changed, they are counted again no sooner than
    // kNamedCountSpacingMs after the last count arrived.
    void setNamedFilters(const QList<NamedFilter> &filters);
    static constexpr int kNamedCountSpacingMs = 1000;

    qint64 countFor(Kind kind, const QString &key = {}) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

public Q_SLOTS:
    void refresh(); // recount now (the saved views: ask for their counts now)

private:
    struct Entry
    {
        Kind kind = Kind::All;
        QString key;
        QString name;
        qint64 count = 0;
    };
    void scheduleRefresh();
    void rebuild();
    struct BaseCounts
    {
        QMap<TicketStatus, qint64> byStatus;
        QHash<QString, qint64> byProject;
    };
    // What every row but the named filters' needs; runs on the source's reading thread too.
    static BaseCounts countBase(TicketSource &source, const TicketFilter &base,
                                const QList<TicketStatus> &projectStatuses);
    QList<Entry> entriesFrom(const BaseCounts &counts) const;
    void applyEntries(QList<Entry> fresh);
    void recount(); // keeps the named filters' counts; under a search, in the background
    QList<Entry> computeEntries(); // at once
    void scheduleNamedCount();
    void countNamedFilters();
    void applyNamedCounts(quint64 serial, const QList<qint64> &counts);
    qint64 countOfNamed(const QString &key) const;

    QPointer<TicketSource> m_source;
    QList<Project> m_projects;
    bool m_showInbox = true;
    TicketFilter m_base;
    QList<TicketStatus> m_projectStatuses;
    QList<NamedFilter> m_namedFilters;
    QList<qint64> m_namedCounts; // parallel to m_namedFilters; -1: not counted yet
    quint64 m_namedSerial = 0;   // which m_namedFilters a count on its way was made for
    QElapsedTimer m_namedAnswered;
    bool m_namedInFlight = false;
    bool m_namedAgain = false; // the tickets changed while a count was on its way
    QTimer m_namedTimer;
    QList<Entry> m_entries;
    QTimer m_refreshTimer;
    QObject m_baseContext;    // the requester of the base counts made in the background
    quint64 m_baseSerial = 0; // which recount those were asked for
};

} // namespace td
