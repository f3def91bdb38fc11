#include "outboxmodel.h"

#include "core/ticketquery.h"

using namespace Qt::StringLiterals;

namespace td {

namespace {

bool isUnsent(const OutboxItem &item)
{
    return item.state != OutboxState::Sent;
}

QString numberAndTitle(qint64 number, const QString &title)
{
    return u"#"_s + QString::number(number) + u" "_s + title;
}

} // namespace

OutboxModel::OutboxModel(Outbox *outbox, TicketSource *tickets, QObject *parent)
    : QAbstractTableModel(parent)
    , m_outbox(outbox)
    , m_tickets(tickets)
{
    if (m_outbox)
        connect(m_outbox, &Outbox::changed, this, &OutboxModel::onChanged);
    reload();
}

OutboxModel::~OutboxModel() = default;

void OutboxModel::setHistoryLimit(int limit)
{
    m_historyLimit = qMax(0, limit);
    if (m_active)
        reload();
    else
        m_stale = true;
}

void OutboxModel::setActive(bool active)
{
    if (m_active == active)
        return;
    m_active = active;
    if (m_active && m_stale)
        reload();
}

bool OutboxModel::reload()
{
    m_stale = false;
    QList<OutboxItem> unsent;
    QList<OutboxItem> sent;
    m_error.reset();
    if (m_outbox) {
        Result<QList<OutboxItem>> readUnsent = m_outbox->unsent();
        Result<QList<OutboxItem>> readSent = m_outbox->recent(m_historyLimit);
        if (!readUnsent)
            m_error = readUnsent.error();
        else if (!readSent)
            m_error = readSent.error();
        if (m_error) {
            Q_EMIT readFailed(*m_error);
        } else {
            unsent = std::move(readUnsent).value();
            sent = std::move(readSent).value();
        }
    }
    const int before = unsentCount();
    beginResetModel();
    m_unsent = std::move(unsent);
    m_sent = std::move(sent);
    m_ticketLabels.clear();
    labelTickets(m_unsent);
    labelTickets(m_sent);
    endResetModel();
    if (unsentCount() != before)
        Q_EMIT unsentCountChanged(unsentCount());
    return !m_error;
}

void OutboxModel::onChanged(const QList<qint64> &ids)
{
    if (!m_active) {
        m_stale = true; // read once, when the view is shown again
        return;
    }
    if (ids.isEmpty())
        return;
    const Result<QList<OutboxItem>> read = m_outbox->items(ids);
    if (!read) {
        m_error = read.error();
        m_stale = true;
        Q_EMIT readFailed(read.error());
        return;
    }
    const int before = unsentCount();
    QHash<qint64, const OutboxItem *> found;
    for (const OutboxItem &item : read.value())
        found.insert(item.id, &item);
    labelTickets(read.value());
    for (qint64 id : ids) {
        if (const OutboxItem *item = found.value(id))
            apply(*item);
        else
            remove(id); // cancelled, discarded or pruned
    }
    trimHistory();
    if (unsentCount() != before)
        Q_EMIT unsentCountChanged(unsentCount());
}

void OutboxModel::apply(const OutboxItem &item)
{
    const int row = rowOf(item.id);
    const bool unsent = isUnsent(item);
    if (row >= 0 && (row < unsentCount()) == unsent) {
        // Same section: the row changes in place.
        if (unsent)
            m_unsent[row] = item;
        else
            m_sent[row - unsentCount()] = item;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    if (row >= 0)
        remove(item.id);
    if (unsent) {
        // Unsent items stay in the order they were queued.
        int at = 0;
        while (at < m_unsent.size() && m_unsent.at(at).id < item.id)
            ++at;
        insertRow(at, item, true);
    } else {
        // The history is newest first; a change always makes an item the newest.
        insertRow(unsentCount(), item, false);
    }
}

void OutboxModel::remove(qint64 id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    if (row < unsentCount())
        m_unsent.removeAt(row);
    else
        m_sent.removeAt(row - unsentCount());
    endRemoveRows();
}

void OutboxModel::insertRow(int row, const OutboxItem &item, bool unsent)
{
    beginInsertRows({}, row, row);
    if (unsent)
        m_unsent.insert(row, item);
    else
        m_sent.insert(row - unsentCount(), item);
    endInsertRows();
}

void OutboxModel::trimHistory()
{
    if (m_sent.size() <= m_historyLimit)
        return;
    const int first = unsentCount() + m_historyLimit;
    beginRemoveRows({}, first, unsentCount() + int(m_sent.size()) - 1);
    m_sent.resize(m_historyLimit);
    endRemoveRows();
}

void OutboxModel::labelTickets(const QList<OutboxItem> &items)
{
    QStringList missing;
    for (const OutboxItem &item : items) {
        if (item.kind != OutboxKind::Transition || item.ticketId.isEmpty())
            continue;
        if (item.serverTicket && item.serverTicket->id == item.ticketId) {
            m_ticketLabels.insert(item.ticketId, numberAndTitle(item.serverTicket->number,
                                                                item.serverTicket->title));
        } else if (!m_ticketLabels.contains(item.ticketId)) {
            missing.append(item.ticketId);
        }
    }
    if (missing.isEmpty() || !m_tickets)
        return;
    missing.removeDuplicates();
    // One indexed lookup for all of them.
    for (const TicketRow &row : m_tickets->rows(missing, TicketFilter::all()))
        m_ticketLabels.insert(row.id, numberAndTitle(row.number, row.title));
}

QString OutboxModel::ticketLabel(const OutboxItem &item) const
{
    if (item.kind == OutboxKind::Create)
        return item.payload.value(u"title"_s).toString();
    return m_ticketLabels.value(item.ticketId, item.ticketId);
}

int OutboxModel::rowOf(qint64 itemId) const
{
    for (int i = 0; i < m_unsent.size(); ++i) {
        if (m_unsent.at(i).id == itemId)
            return i;
    }
    for (int i = 0; i < m_sent.size(); ++i) {
        if (m_sent.at(i).id == itemId)
            return unsentCount() + i;
    }
    return -1;
}

const OutboxItem *OutboxModel::itemAt(int row) const
{
    if (row < 0)
        return nullptr;
    if (row < m_unsent.size())
        return &m_unsent.at(row);
    if (row - unsentCount() < m_sent.size())
        return &m_sent.at(row - unsentCount());
    return nullptr;
}

int OutboxModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_unsent.size() + m_sent.size());
}

int OutboxModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OutboxModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const OutboxItem *item = itemAt(index.row());
    if (!item)
        return {};
    switch (role) {
    case ItemIdRole:
        return item->id;
    case KindRole:
        return int(item->kind);
    case StateRole:
        return int(item->state);
    case TransitionToRole:
        return item->kind == OutboxKind::Transition ? item->payload.value(u"to"_s).toString()
                                                    : QString();
    case NoConnectionRole:
        return item->lastError && item->lastError->httpStatus == 0
               && item->lastError->message.isEmpty();
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case WhatColumn:
        return toWire(item->kind);
    case TicketColumn:
        return ticketLabel(*item);
    case StateColumn:
        return toWire(item->state);
    case AttemptsColumn:
        return item->attempts;
    case ProblemColumn:
        // A refusal of a sent item is history: the server took it in the end.
        return item->lastError && item->state != OutboxState::Sent ? item->lastError->message
                                                                   : QString();
    case QueuedColumn:
        return item->createdAt.toLocalTime();
    default:
        return {};
    }
}

} // namespace td
