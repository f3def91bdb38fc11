#pragma once

#include "core/ticket.h"

#include <QSqlDatabase>
#include <QSqlQuery>

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
    // False on an SQL error; *changed tells whether the row was inserted or replaced.
    bool upsert(const Ticket &ticket, bool *changed);
    QSqlError lastError() const { return m_query.lastError(); }

private:
    QSqlQuery m_query;
    bool m_valid = false;
};

} // namespace td
