#pragma once

#include "core/ticket.h"

#include <QString>

namespace td {

// The words people see for the contract's enums (translated; the wire names stay below ui/).
QString statusLabel(TicketStatus status);
QString requestTypeLabel(RequestType type);
QString priorityLabel(Priority priority);
// Verb for the action that moves a ticket to `to`, e.g. "Start progress", with a mnemonic.
QString transitionActionLabel(TicketStatus to);

} // namespace td
