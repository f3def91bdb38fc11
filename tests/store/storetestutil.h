#pragma once

#include "core/ticket.h"
#include "core/ticketquery.h"
#include "support/testdata.h"

#include <QDateTime>
#include <QString>
#include <QTest>
#include <QUuid>

// Tickets as the server would send them, for the store and model tests.
namespace td::storetest {

using namespace Qt::StringLiterals;

inline QDateTime baseTime()
{
    return QDateTime(QDate(2026, 11, 22), QTime(9, 0), Qt::UTC);
}

// Ticket number n: a stable id, updated n minutes after baseTime(), in the web project.
inline Ticket makeTicket(qint64 number, const QString &title = {},
                         TicketStatus status = TicketStatus::New)
{
    Ticket ticket;
    ticket.id = u"00000000-0000-4000-8000-%1"_s.arg(number, 12, 10, QLatin1Char('0'));
    ticket.number = number;
    ticket.tenant = testdata::TenantSlug;
    ticket.projectId = testdata::WebProjectId;
    ticket.title = title.isEmpty() ? u"Ticket %1"_s.arg(number) : title;
    ticket.description = u"Description of ticket %1"_s.arg(number);
    ticket.requestType = RequestType::Bug;
    ticket.priority = Priority::Medium;
    ticket.requester = {testdata::ClientName, testdata::ClientEmail};
    ticket.actorRole = u"user"_s;
    ticket.actorId = testdata::ClientId;
    ticket.source = u"portal"_s;
    ticket.status = status;
    ticket.version = 1;
    ticket.seq = number;
    ticket.createdAt = baseTime().addSecs(60 * number);
    ticket.updatedAt = ticket.createdAt;
    return ticket;
}

// The same ticket after the server moved it on: new status, version + 1, a later seq/time.
inline Ticket advanced(Ticket ticket, TicketStatus to, qint64 seq)
{
    ticket.status = to;
    ticket.version += 1;
    ticket.seq = seq;
    ticket.updatedAt = baseTime().addSecs(3600 + seq);
    return ticket;
}

} // namespace td::storetest
