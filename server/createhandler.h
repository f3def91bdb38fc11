#pragma once

#include "requestcontext.h"
#include "storage.h"
#include "writework.h"

#include <functional>

namespace td::server {

// The two ways a ticket is born: the portal endpoint (CONTRACT 4.2) and the agent capability
// (4.3). Both run the idempotency rules of section 5 (Idempotency-Key replay, the 60 s
// window of WindowKey) and the insert in one write transaction, so concurrent identical
// requests make exactly one ticket. Everything that needs no write lock is checked here, on
// the request thread; what needs it is returned as a WriteWork for the writer thread, which
// runs writes one after another (each in its own savepoint of a batch), so an identical
// request later in the same batch sees the first one's ticket and key.
class CreateHandler
{
public:
    explicit CreateHandler(Storage &storage);

    Outcome createTicket(RequestContext &context);
    Outcome capability(RequestContext &context);

private:
    struct Plan
    {
        QString scope; // idempotency scope: the caller, or (tenant, client address)
        QString key;   // Idempotency-Key, empty if none
        QByteArray requestHash;
        WindowKey window;
        NewTicket ticket;
        // Renders the answer for a new (201) or window (200) ticket.
        std::function<http::Response(const Ticket &, bool created)> render;
        http::Response keyReused;
    };
    static WriteWork work(Plan plan, qint64 nowMs);

    Storage &m_storage;
};

} // namespace td::server
