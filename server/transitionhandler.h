#pragma once

#include "requestcontext.h"
#include "storage.h"
#include "writework.h"

namespace td::server {

// POST /api/tickets/{id}/transitions (CONTRACT 4.5): the owner-driven status workflow, with
// core's checkTransition as the one rule, optimistic concurrency via expected_version, and
// Idempotency-Key replay as for creates (v1.1).
class TransitionHandler
{
public:
    explicit TransitionHandler(Storage &storage);

    Outcome transition(RequestContext &context);

private:
    Storage &m_storage;
};

} // namespace td::server
