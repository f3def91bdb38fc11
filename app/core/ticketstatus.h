#pragma once

#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace td {

// Owner-driven ticket states (seed 002): new -> triaged -> in_progress -> closed.
enum class TicketStatus { New, Triaged, InProgress, Closed };

QString toWire(TicketStatus status);
std::optional<TicketStatus> ticketStatusFromWire(QStringView wire);
QList<TicketStatus> allTicketStatuses();

enum class TransitionVerdict {
    Allowed,
    NoteRequired, // closing early (from new or triaged) needs a note saying why
    NotAllowed,
};

// The statuses reachable from `from` (CONTRACT 4.5), in workflow order. Includes `closed`
// from new and triaged (which then needs a note). Empty for closed.
QList<TicketStatus> allowedNextStatuses(TicketStatus from);

// The one transition rule. `note` counts as given when it has non-whitespace text.
TransitionVerdict checkTransition(TicketStatus from, TicketStatus to, const QString &note);

} // namespace td
