#pragma once

#include "core/ticket.h"
#include "support/fakenetworkaccessmanager.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace td::test {

// An in-memory ticket service behind FakeNetworkAccessManager: /api/changes paging by seq,
// creates with Idempotency-Key replay, transitions with expected_version and the workflow
// rules, GET of one ticket. Just enough of CONTRACT 4 and 5 for SyncEngine's unit tests.
class FakeTicketServer
{
public:
    explicit FakeTicketServer(FakeNetworkAccessManager *network);

    // Adds `count` tickets as if created by someone else; returns the last one.
    Ticket addTickets(int count);
    // Someone changed a ticket on the server: version and seq go up.
    Ticket touch(const QString &id, TicketStatus to);
    const QList<Ticket> &tickets() const { return m_tickets; }
    std::optional<Ticket> ticket(const QString &id) const;
    int createsReceived() const { return m_createsReceived; }
    // The answer the server would give, for overrides that only change how it arrives.
    std::optional<FakeScript> handleForTest(const FakeRequest &request) { return handle(request); }

private:
    std::optional<FakeScript> handle(const FakeRequest &request);
    FakeScript changes(const FakeRequest &request) const;
    FakeScript create(const FakeRequest &request);
    FakeScript transition(const QString &id, const FakeRequest &request);

    QList<Ticket> m_tickets;        // in seq order of their last change
    QHash<QString, QString> m_keys; // idempotency key -> ticket id
    qint64 m_seq = 0;
    qint64 m_number = 0;
    int m_createsReceived = 0;
};

} // namespace td::test
