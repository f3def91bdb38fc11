#pragma once

#include "requestcontext.h"
#include "storage.h"

#include <functional>

namespace td::server {

// The two ways a ticket is born: the portal endpoint (CONTRACT 4.2) and the agent capability
// (4.3). Both run the idempotency rules of section 5 (Idempotency-Key replay, the 60 s
// window of WindowKey) and the insert in one write transaction, so concurrent identical
// requests make exactly one ticket.
class CreateHandler
{
public:
    explicit CreateHandler(Storage &storage);

    http::Response createTicket(RequestContext &context);
    http::Response capability(RequestContext &context);

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
    http::Response run(Plan &plan, qint64 nowMs);

    Storage &m_storage;
};

} // namespace td::server
