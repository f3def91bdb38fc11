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

// Text from the server or from other people (titles, names, error messages) for a place that
// guesses its format (Qt::AutoText: tooltips, message boxes), shown exactly as written. Those
// render anything Qt::mightBeRichText() takes for HTML, so a requester called "<img src=…>"
// would otherwise be drawn, not read. Text that would be shown as plain anyway is returned
// as it is.
QString asWritten(const QString &text);

} // namespace td
