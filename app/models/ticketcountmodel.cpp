#include "ticketcountmodel.h"

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace td {

TicketCountModel::TicketCountModel(TicketSource *source, QObject *parent)
    : QAbstractListModel(parent)
    , m_source(source)
    , m_projectStatuses{TicketStatus::New, TicketStatus::Triaged, TicketStatus::InProgress}
{
    // A sync lands page after page; recounting once per event-loop pass is enough.
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(0);
    connect(&m_refreshTimer, &QTimer::timeout, this, &TicketCountModel::recount);
    m_namedTimer.setSingleShot(true);
    connect(&m_namedTimer, &QTimer::timeout, this, &TicketCountModel::countNamedFilters);
    if (m_source) {
        connect(m_source, &TicketSource::ticketsChanged, this, &TicketCountModel::scheduleRefresh);
        connect(m_source, &TicketSource::reset, this, &TicketCountModel::scheduleRefresh);
    }
    m_entries = computeEntries();
}

TicketCountModel::~TicketCountModel() = default;

void TicketCountModel::setProjects(const QList<Project> &projects, bool showInbox)
{
    m_projects = projects;
    m_showInbox = showInbox;
    rebuild();
}

// The named filters do not depend on the base filter or the project statuses: their counts
// stay until the tickets change, so a search keystroke does not recount every saved view.
void TicketCountModel::setBaseFilter(const TicketFilter &filter)
{
    m_base = filter;
    recount();
}

void TicketCountModel::setProjectStatuses(const QList<TicketStatus> &statuses)
{
    m_projectStatuses = statuses;
    recount();
}

void TicketCountModel::setNamedFilters(const QList<NamedFilter> &filters)
{
    // A view whose filter is unchanged (renamed, moved) keeps its number until the next count.
    QList<qint64> counts;
    counts.reserve(filters.size());
    for (const NamedFilter &named : filters) {
        qint64 known = -1;
        for (qsizetype i = 0; i < m_namedFilters.size(); ++i) {
            if (m_namedFilters.at(i).key == named.key
                && m_namedFilters.at(i).filter == named.filter)
                known = m_namedCounts.value(i, -1);
        }
        counts.append(known);
    }
    m_namedFilters = filters;
    m_namedCounts = counts;
    ++m_namedSerial; // counts on their way are for other filters
    recount();       // a reset only when the rows change, so a rename keeps the views' state
    countNamedFilters();
}

void TicketCountModel::scheduleRefresh()
{
    m_refreshTimer.start();
    scheduleNamedCount();
}

// The saved views count a large share of the cache each time (seconds at a million tickets
// while a first sync has their index deferred): one count at a time, and the next one at
// least kNamedCountSpacingMs after the last answer, so the reading thread never takes a core
// for itself while a sync lands page after page.
void TicketCountModel::scheduleNamedCount()
{
    if (m_namedFilters.isEmpty())
        return;
    if (m_namedInFlight) {
        m_namedAgain = true;
        return;
    }
    if (m_namedTimer.isActive())
        return;
    const qint64 since = m_namedAnswered.isValid() ? m_namedAnswered.elapsed() : -1;
    if (since < 0 || since >= kNamedCountSpacingMs)
        m_namedTimer.start(0);
    else
        m_namedTimer.start(int(kNamedCountSpacingMs - since));
}

void TicketCountModel::countNamedFilters()
{
    m_namedTimer.stop();
    if (!m_source || m_namedFilters.isEmpty())
        return;
    if (m_namedInFlight) {
        m_namedAgain = true;
        return;
    }
    QList<TicketFilter> filters;
    filters.reserve(m_namedFilters.size());
    for (const NamedFilter &named : std::as_const(m_namedFilters)) {
        // Every status named rather than none: the same tickets, and the cache counts them
        // from its (status, type, priority, ...) index instead of reading every ticket.
        TicketFilter filter = named.filter;
        if (filter.statuses.isEmpty())
            filter.statuses = allTicketStatuses();
        filters.append(filter);
    }
    m_namedInFlight = true; // before asking: a source without a thread answers at once
    m_namedAgain = false;
    auto counts = std::make_shared<QList<qint64>>();
    m_source->readInBackground(
            this,
            [counts, filters](TicketSource &source) {
                for (const TicketFilter &filter : filters)
                    counts->append(source.count(filter));
            },
            [this, counts, serial = m_namedSerial] {
                m_namedInFlight = false;
                m_namedAnswered.start();
                if (serial != m_namedSerial) {
                    countNamedFilters(); // the views changed meanwhile: count them now
                    return;
                }
                applyNamedCounts(serial, *counts);
                if (m_namedAgain) {
                    m_namedAgain = false;
                    scheduleNamedCount();
                }
            });
}

void TicketCountModel::applyNamedCounts(quint64 serial, const QList<qint64> &counts)
{
    if (serial != m_namedSerial || counts.size() != m_namedFilters.size())
        return;
    m_namedCounts = counts;
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        Entry &entry = m_entries[i];
        if (entry.kind != Kind::Filter)
            continue;
        const qint64 count = countOfNamed(entry.key);
        if (entry.count == count)
            continue;
        entry.count = count;
        const QModelIndex changed = index(int(i));
        Q_EMIT dataChanged(changed, changed, {Qt::DisplayRole, CountRole});
    }
}

qint64 TicketCountModel::countOfNamed(const QString &key) const
{
    for (qsizetype i = 0; i < m_namedFilters.size(); ++i) {
        if (m_namedFilters.at(i).key == key)
            return m_namedCounts.value(i, -1);
    }
    return -1;
}

TicketCountModel::BaseCounts TicketCountModel::countBase(TicketSource &source,
                                                         const TicketFilter &base,
                                                         const QList<TicketStatus> &projectStatuses)
{
    BaseCounts counts;
    TicketFilter statusFilter = base;
    statusFilter.statuses.clear();
    counts.byStatus = source.countsByStatus(statusFilter);
    TicketFilter projectFilter = base;
    projectFilter.statuses = projectStatuses;
    counts.byProject = source.countsByProject(projectFilter);
    return counts;
}

QList<TicketCountModel::Entry> TicketCountModel::computeEntries()
{
    if (!m_source)
        return {};
    return entriesFrom(countBase(*m_source, m_base, m_projectStatuses));
}

QList<TicketCountModel::Entry> TicketCountModel::entriesFrom(const BaseCounts &counts) const
{
    QList<Entry> entries;
    const QMap<TicketStatus, qint64> &byStatus = counts.byStatus;
    qint64 total = 0;
    for (const qint64 n : byStatus)
        total += n;
    entries.append({Kind::All, {}, {}, total});
    for (const TicketStatus status : allTicketStatuses())
        entries.append({Kind::Status, toWire(status), {}, byStatus.value(status)});

    const QHash<QString, qint64> &byProject = counts.byProject;
    // Project ids match case-insensitively (CONTRACT 1).
    QHash<QString, qint64> byKey;
    QHash<QString, QString> storedId;
    for (auto it = byProject.cbegin(); it != byProject.cend(); ++it) {
        if (it.key().isEmpty())
            continue;
        byKey[it.key().toLower()] += it.value();
        storedId.insert(it.key().toLower(), it.key());
    }
    for (const Project &project : m_projects) {
        const QString key = project.id.toLower();
        entries.append({Kind::Project, project.id, project.name, byKey.value(key)});
        byKey.remove(key);
    }
    QStringList unknown = byKey.keys();
    std::sort(unknown.begin(), unknown.end());
    for (const QString &key : std::as_const(unknown))
        entries.append({Kind::Project, storedId.value(key), {}, byKey.value(key)});
    if (m_showInbox)
        entries.append({Kind::Inbox, {}, {}, byProject.value(QString())});
    for (qsizetype i = 0; i < m_namedFilters.size(); ++i)
        entries.append({Kind::Filter, m_namedFilters.at(i).key, {}, m_namedCounts.value(i, -1)});
    return entries;
}

void TicketCountModel::rebuild()
{
    beginResetModel();
    m_entries = computeEntries();
    endResetModel();
}

void TicketCountModel::refresh()
{
    recount();
    countNamedFilters();
}

void TicketCountModel::recount()
{
    m_refreshTimer.stop();
    ++m_baseSerial; // counts on their way are for an older filter or older tickets
    if (!m_source) {
        applyEntries({});
        return;
    }
    if (m_base.search.trimmed().isEmpty()) {
        applyEntries(computeEntries()); // indexed: a few milliseconds at 1,000,000 tickets
        return;
    }
    // Under a search every number reads the search index's matches: counted off the window's
    // thread, so a keystroke costs the window only the list's first page. The numbers shown
    // meanwhile are the last ones.
    auto counts = std::make_shared<BaseCounts>();
    m_source->readInBackground(
            &m_baseContext,
            [counts, base = m_base, statuses = m_projectStatuses](TicketSource &source) {
                *counts = countBase(source, base, statuses);
            },
            [this, counts, serial = m_baseSerial] {
                if (serial == m_baseSerial)
                    applyEntries(entriesFrom(*counts));
            });
}

void TicketCountModel::applyEntries(QList<Entry> fresh)
{
    const auto sameShape = [&] {
        if (fresh.size() != m_entries.size())
            return false;
        for (qsizetype i = 0; i < fresh.size(); ++i) {
            if (fresh.at(i).kind != m_entries.at(i).kind || fresh.at(i).key != m_entries.at(i).key)
                return false;
        }
        return true;
    };
    if (!sameShape()) {
        // A project appeared in the cache that the list did not have: rows change.
        beginResetModel();
        m_entries = std::move(fresh);
        endResetModel();
        return;
    }
    for (qsizetype i = 0; i < fresh.size(); ++i) {
        if (fresh.at(i).count == m_entries.at(i).count)
            continue;
        m_entries[i].count = fresh.at(i).count;
        const QModelIndex changed = index(int(i));
        Q_EMIT dataChanged(changed, changed, {Qt::DisplayRole, CountRole});
    }
}

qint64 TicketCountModel::countFor(Kind kind, const QString &key) const
{
    for (const Entry &entry : m_entries) {
        if (entry.kind == kind
            && (kind != Kind::Project || entry.key.compare(key, Qt::CaseInsensitive) == 0)
            && (kind != Kind::Status || entry.key == key)
            && (kind != Kind::Filter || entry.key == key))
            return entry.count;
    }
    return 0;
}

int TicketCountModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant TicketCountModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &entry = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        // Raw: the project's name (or id), the status wire name, "all" / "inbox".
        switch (entry.kind) {
        case Kind::All:
            return u"all"_s;
        case Kind::Inbox:
            return u"inbox"_s;
        case Kind::Status:
        case Kind::Filter:
            return entry.key;
        case Kind::Project:
            return entry.name.isEmpty() ? entry.key : entry.name;
        }
        return {};
    case KindRole:
        return static_cast<int>(entry.kind);
    case KeyRole:
        return entry.key;
    case CountRole:
        return entry.count;
    case StatusRole:
        if (entry.kind == Kind::Status) {
            if (const auto status = ticketStatusFromWire(entry.key))
                return static_cast<int>(*status);
        }
        return {};
    case FilterRole: {
        TicketFilter filter;
        switch (entry.kind) {
        case Kind::All:
            break;
        case Kind::Status:
            filter = m_base;
            filter.statuses.clear();
            if (const auto status = ticketStatusFromWire(entry.key))
                filter.statuses = {*status};
            break;
        case Kind::Project:
            filter = TicketFilter::project(entry.key);
            break;
        case Kind::Inbox:
            filter = TicketFilter::inbox();
            break;
        case Kind::Filter:
            for (const NamedFilter &named : m_namedFilters) {
                if (named.key == entry.key)
                    filter = named.filter;
            }
            break;
        }
        return QVariant::fromValue(filter);
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> TicketCountModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(KindRole, "kind");
    names.insert(KeyRole, "key");
    names.insert(CountRole, "count");
    names.insert(StatusRole, "status");
    names.insert(FilterRole, "filter");
    return names;
}

} // namespace td
