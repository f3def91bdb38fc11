#pragma once

#include "core/ticket.h"

#include <QSqlDatabase>
#include <QSqlQuery>

#include <optional>

namespace td {

// The one prepared upsert of a ticket into the cache, shared by the sync path (TicketCache)
// and the outbox (a sent or conflicting item carries the server's ticket).
// Newer wins: a cached row is replaced only by a greater seq, or an equal seq with a greater
// version, so a late reply can never roll a ticket back.
class TicketWriter
{
public:
    explicit TicketWriter(const QSqlDatabase &db);
    bool isValid() const { return m_valid; }

    // The ticket's rid (schema v4): its place in the list's default order, most recently
    // updated first, ties by number. Exact for numbers below 2^22 and dates 1950-2089;
    // nullopt otherwise (the row then gets max(rid) + 1 and the cache stops relying on rid
    // order, see TicketCache).
    static std::optional<qint64> orderKey(qint64 updatedMs, qint64 number);
    // False on an SQL error; *changed tells whether the row was inserted or replaced.
    bool upsert(const Ticket &ticket, bool *changed);
    QSqlError lastError() const { return m_query.lastError(); }

private:
    bool run(const Ticket &ticket, std::optional<qint64> key, bool *changed);

    QSqlQuery m_query;
    bool m_valid = false;
};

} // namespace td
