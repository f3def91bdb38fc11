#include "ticketcountmodel.h"

#include <algorithm>

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
    connect(&m_refreshTimer, &QTimer::timeout, this, &TicketCountModel::refresh);
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
    m_namedFilters = filters;
    refresh(); // a reset only when the rows change, so a rename keeps the views' state
}

void TicketCountModel::scheduleRefresh()
{
    m_namedCounts.clear(); // the tickets changed
    m_refreshTimer.start();
}

QList<TicketCountModel::Entry> TicketCountModel::computeEntries()
{
    QList<Entry> entries;
    if (!m_source)
        return entries;
    TicketFilter statusFilter = m_base;
    statusFilter.statuses.clear();
    const QMap<TicketStatus, qint64> byStatus = m_source->countsByStatus(statusFilter);
    qint64 total = 0;
    for (const qint64 n : byStatus)
        total += n;
    entries.append({Kind::All, {}, {}, total});
    for (const TicketStatus status : allTicketStatuses())
        entries.append({Kind::Status, toWire(status), {}, byStatus.value(status)});

    TicketFilter projectFilter = m_base;
    projectFilter.statuses = m_projectStatuses;
    const QHash<QString, qint64> byProject = m_source->countsByProject(projectFilter);
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
    if (m_namedCounts.size() != m_namedFilters.size()) {
        m_namedCounts.clear();
        for (const NamedFilter &named : std::as_const(m_namedFilters)) {
            // Every status named rather than none: the same tickets, and the cache counts them
            // from its (status, type, priority, ...) index instead of reading every ticket.
            TicketFilter filter = named.filter;
            if (filter.statuses.isEmpty())
                filter.statuses = allTicketStatuses();
            m_namedCounts.append(m_source->count(filter));
        }
    }
    for (qsizetype i = 0; i < m_namedFilters.size(); ++i)
        entries.append({Kind::Filter, m_namedFilters.at(i).key, {}, m_namedCounts.at(i)});
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
    m_namedCounts.clear();
    recount();
}

void TicketCountModel::recount()
{
    m_refreshTimer.stop();
    QList<Entry> fresh = computeEntries();
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
