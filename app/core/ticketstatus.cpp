#include "ticketstatus.h"

using namespace Qt::StringLiterals;

namespace td {

QString toWire(TicketStatus status)
{
    switch (status) {
    case TicketStatus::New:
        return u"new"_s;
    case TicketStatus::Triaged:
        return u"triaged"_s;
    case TicketStatus::InProgress:
        return u"in_progress"_s;
    case TicketStatus::Closed:
        return u"closed"_s;
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<TicketStatus> ticketStatusFromWire(QStringView wire)
{
    for (const TicketStatus status : allTicketStatuses()) {
        if (toWire(status) == wire)
            return status;
    }
    return std::nullopt;
}

QList<TicketStatus> allTicketStatuses()
{
    return {TicketStatus::New, TicketStatus::Triaged, TicketStatus::InProgress,
            TicketStatus::Closed};
}

QList<TicketStatus> allowedNextStatuses(TicketStatus from)
{
    switch (from) {
    case TicketStatus::New:
        return {TicketStatus::Triaged, TicketStatus::Closed};
    case TicketStatus::Triaged:
        return {TicketStatus::InProgress, TicketStatus::Closed};
    case TicketStatus::InProgress:
        return {TicketStatus::Closed};
    case TicketStatus::Closed:
        return {};
    }
    return {};
}

TransitionVerdict checkTransition(TicketStatus from, TicketStatus to, const QString &note)
{
    if (!allowedNextStatuses(from).contains(to))
        return TransitionVerdict::NotAllowed;
    // Closing before work started (duplicate, spam, won't fix) must say why; finishing work
    // in progress speaks for itself.
    const bool closingEarly = to == TicketStatus::Closed
                              && (from == TicketStatus::New || from == TicketStatus::Triaged);
    if (closingEarly && note.trimmed().isEmpty())
        return TransitionVerdict::NoteRequired;
    return TransitionVerdict::Allowed;
}

} // namespace td
