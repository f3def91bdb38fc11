#include "labels.h"

#include <QCoreApplication>
#include <QTextDocument>

namespace td {
namespace {
// Gives lupdate one context for these words.
class Labels
{
    Q_DECLARE_TR_FUNCTIONS(td::Labels)
};
} // namespace

QString statusLabel(TicketStatus status)
{
    switch (status) {
    case TicketStatus::New:
        return Labels::tr("New");
    case TicketStatus::Triaged:
        return Labels::tr("Triaged");
    case TicketStatus::InProgress:
        return Labels::tr("In progress");
    case TicketStatus::Closed:
        return Labels::tr("Closed");
    }
    return {};
}

QString requestTypeLabel(RequestType type)
{
    switch (type) {
    case RequestType::Bug:
        return Labels::tr("Bug");
    case RequestType::Question:
        return Labels::tr("Question");
    case RequestType::ChangeRequest:
        return Labels::tr("Change request");
    case RequestType::BillingQuestion:
        return Labels::tr("Billing question");
    case RequestType::General:
        return Labels::tr("General");
    }
    return {};
}

QString priorityLabel(Priority priority)
{
    switch (priority) {
    case Priority::Low:
        return Labels::tr("Low");
    case Priority::Medium:
        return Labels::tr("Medium");
    case Priority::High:
        return Labels::tr("High");
    case Priority::Urgent:
        return Labels::tr("Urgent");
    }
    return {};
}

QString transitionActionLabel(TicketStatus to)
{
    switch (to) {
    case TicketStatus::New:
        return Labels::tr("Reopen");
    case TicketStatus::Triaged:
        return Labels::tr("&Triage");
    case TicketStatus::InProgress:
        return Labels::tr("Start &progress");
    case TicketStatus::Closed:
        return Labels::tr("&Close ticket");
    }
    return {};
}

QString asWritten(const QString &text)
{
    if (!Qt::mightBeRichText(text))
        return text;
    // Escaped and wrapped in <p>, so the tooltip is rich text that draws the characters.
    return Qt::convertFromPlainText(text, Qt::WhiteSpaceNormal);
}

} // namespace td
