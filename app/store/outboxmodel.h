#pragma once

#include "outbox.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QPointer>

namespace td {

class TicketSource;

// The Outbox view's table: every item not sent yet (oldest first), then a bounded history of
// sent items (newest first). It reads the outbox once when it becomes active and then only the
// items Outbox::changed names, so a change costs the rows it touches, never a read of the
// whole table. While inactive (the dock is hidden) it ignores changes and re-reads on the
// next activation. Words and icons are the view's business (tr() lives in ui/): the State and
// Change columns hold wire names, and the roles below carry the values.
class OutboxModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        WhatColumn,
        TicketColumn,
        StateColumn,
        AttemptsColumn,
        ProblemColumn,
        QueuedColumn,
        ColumnCount
    };
    enum Role {
        ItemIdRole = Qt::UserRole + 1, // qint64
        KindRole,                      // int(OutboxKind)
        StateRole,                     // int(OutboxState)
        TransitionToRole,              // the wire status a transition asks for, else empty
        NoConnectionRole,              // bool: the last failure had no HTTP answer
    };

    // `tickets` (optional) labels transitions with the ticket's number and title.
    explicit OutboxModel(Outbox *outbox, TicketSource *tickets = nullptr,
                         QObject *parent = nullptr);
    ~OutboxModel() override;

    // How many sent items are listed (the newest); default 100.
    void setHistoryLimit(int limit);
    int historyLimit() const { return m_historyLimit; }
    // Inactive: changes are not read (the view is hidden). Becoming active re-reads what went
    // stale meanwhile.
    void setActive(bool active);
    bool isActive() const { return m_active; }
    // Reads the unsent items and the history again (bounded). False: the outbox could not be
    // read (lastError() says why); the rows are then empty.
    bool reload();
    std::optional<Error> lastError() const { return m_error; }

    int unsentCount() const { return int(m_unsent.size()); }
    int rowOf(qint64 itemId) const;
    // The item in `row`, as last read; nullptr for an invalid row.
    const OutboxItem *itemAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // The number of unsent rows changed (the view's summary line).
    void unsentCountChanged(int count);
    // A read failed; the rows stay as they were.
    void readFailed(const td::Error &error);

private:
    void onChanged(const QList<qint64> &ids);
    void apply(const OutboxItem &item);
    void remove(qint64 id);
    void insertRow(int row, const OutboxItem &item, bool unsent);
    void trimHistory();
    // "#42 Title" for a transition's ticket, from the item itself when it carries the server's
    // ticket, else from the ticket cache (one batch per read).
    void labelTickets(const QList<OutboxItem> &items);
    QString ticketLabel(const OutboxItem &item) const;

    QPointer<Outbox> m_outbox;
    QPointer<TicketSource> m_tickets;
    int m_historyLimit = 100;
    bool m_active = true;
    bool m_stale = false;
    std::optional<Error> m_error;
    QList<OutboxItem> m_unsent;             // id order
    QList<OutboxItem> m_sent;               // newest first
    QHash<QString, QString> m_ticketLabels; // ticket id -> "#42 Title"
};

} // namespace td
