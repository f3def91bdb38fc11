#include "ticketviewproxy.h"

#include "labels.h"
#include "models/ticketlistmodel.h"
#include "theme.h"

#include <QApplication>
#include <QBrush>
#include <QDateTime>
#include <QFont>
#include <QLocale>
#include <QStyle>

using namespace Qt::StringLiterals;

namespace td {

TicketViewProxy::TicketViewProxy(QObject *parent, Clock clock)
    : QIdentityProxyModel(parent)
    , m_clock(clock ? std::move(clock) : Clock([] { return QDateTime::currentDateTimeUtc(); }))
{}

bool TicketViewProxy::canFetchMore(const QModelIndex &parent) const
{
    return !m_fetchHeld && QIdentityProxyModel::canFetchMore(parent);
}

void TicketViewProxy::fetchMore(const QModelIndex &parent)
{
    if (!m_fetchHeld)
        QIdentityProxyModel::fetchMore(parent);
}

QString TicketViewProxy::formatUpdated(const QDateTime &utc) const
{
    if (!utc.isValid())
        return {};
    const QDateTime local = utc.toLocalTime();
    const QLocale locale;
    if (local.date() == m_clock().toLocalTime().date())
        return locale.toString(local.time(), u"HH:mm"_s);
    return locale.toString(local.date(), QLocale::ShortFormat);
}

QVariant TicketViewProxy::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (role == Qt::ToolTipRole) {
        const QVariant tip = shown(index, role);
        return tip.isValid() ? QVariant(asWritten(tip.toString())) : tip;
    }
    if (role == ExportRole) {
        const QModelIndex src = mapToSource(index);
        switch (index.column()) {
        case TicketListModel::Number:
            if (SyncState(src.data(TicketListModel::SyncStateRole).toInt()) == SyncState::Outgoing)
                return QString(); // no number until the server takes it in
            return QString::number(src.data(TicketListModel::NumberRole).toLongLong());
        case TicketListModel::Updated:
            return src.data(TicketListModel::UpdatedAtRole)
                    .toDateTime()
                    .toUTC()
                    .toString(Qt::ISODate);
        default:
            return shown(index, Qt::DisplayRole);
        }
    }
    return shown(index, role);
}

QVariant TicketViewProxy::shown(const QModelIndex &index, int role) const
{
    const QModelIndex src = mapToSource(index);
    const int column = index.column();
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole || role == Qt::AccessibleTextRole) {
        switch (column) {
        case TicketListModel::Number:
            // The server numbers a ticket when it takes it in.
            if (SyncState(src.data(TicketListModel::SyncStateRole).toInt()) == SyncState::Outgoing)
                return tr("new");
            if (role == Qt::DisplayRole || role == Qt::AccessibleTextRole)
                return QString(
                        u"#"_s
                        + QString::number(src.data(TicketListModel::NumberRole).toLongLong()));
            break;
        case TicketListModel::Type:
            return requestTypeLabel(
                    RequestType(src.data(TicketListModel::RequestTypeRole).toInt()));
        case TicketListModel::Priority:
            return priorityLabel(Priority(src.data(TicketListModel::PriorityRole).toInt()));
        case TicketListModel::Roles:
            return src.data(TicketListModel::RolesRole).toStringList().join(u", "_s);
        case TicketListModel::Requester: {
            const QString name = src.data(TicketListModel::RequesterNameRole).toString();
            if (role == Qt::ToolTipRole)
                return QString(name + u" <"_s
                               + src.data(TicketListModel::RequesterEmailRole).toString() + u">"_s);
            return name;
        }
        case TicketListModel::Status: {
            const QString now
                    = statusLabel(TicketStatus(src.data(TicketListModel::StatusRole).toInt()));
            const QVariant pending = src.data(TicketListModel::PendingStatusRole);
            if (pending.isValid())
                return tr("%1 → %2").arg(now, statusLabel(TicketStatus(pending.toInt())));
            return now;
        }
        case TicketListModel::Updated: {
            const QDateTime at = src.data(TicketListModel::UpdatedAtRole).toDateTime();
            if (role == Qt::ToolTipRole)
                return QLocale().toString(at.toLocalTime(), QLocale::LongFormat);
            return formatUpdated(at);
        }
        case TicketListModel::SyncState:
            switch (SyncState(src.data(TicketListModel::SyncStateRole).toInt())) {
            case SyncState::Synced:
                return role == Qt::DisplayRole ? QString() : tr("Up to date");
            case SyncState::Queued:
                return role == Qt::DisplayRole ? tr("Unsent") : tr("A change waits in the outbox");
            case SyncState::Conflict:
                return role == Qt::DisplayRole ? tr("Conflict")
                                               : tr("The server changed this ticket meanwhile; "
                                                    "resolve it in the outbox");
            case SyncState::Failed:
                return role == Qt::DisplayRole ? tr("Failed")
                                               : tr("The server refused a change; see the outbox");
            case SyncState::Outgoing:
                return role == Qt::DisplayRole
                               ? tr("Outgoing")
                               : tr("This new ticket is not sent yet; see the outbox");
            }
            return {};
        default:
            break;
        }
    }
    if (role == Qt::ForegroundRole
        && (column == TicketListModel::SyncState
            || (column == TicketListModel::Status
                && src.data(TicketListModel::PendingStatusRole).isValid()))) {
        // The outbox markers in the theme's colours (the application palette is the list's).
        std::optional<Tone> tone;
        switch (SyncState(src.data(TicketListModel::SyncStateRole).toInt())) {
        case SyncState::Synced:
            break;
        case SyncState::Queued:
        case SyncState::Outgoing:
            tone = Tone::QueuedText;
            break;
        case SyncState::Conflict:
            tone = Tone::WarningText;
            break;
        case SyncState::Failed:
            tone = Tone::ErrorText;
            break;
        }
        if (tone)
            return QBrush(toneColor(*tone, QApplication::palette()));
        if (column == TicketListModel::Status)
            return QBrush(toneColor(Tone::QueuedText, QApplication::palette()));
        return {};
    }
    if (role == Qt::DecorationRole && column == TicketListModel::SyncState) {
        QStyle *style = QApplication::style();
        switch (SyncState(src.data(TicketListModel::SyncStateRole).toInt())) {
        case SyncState::Synced:
            return {};
        case SyncState::Queued:
            return style->standardIcon(QStyle::SP_ArrowUp);
        case SyncState::Conflict:
            return style->standardIcon(QStyle::SP_MessageBoxWarning);
        case SyncState::Failed:
            return style->standardIcon(QStyle::SP_MessageBoxCritical);
        case SyncState::Outgoing:
            return style->standardIcon(QStyle::SP_ArrowUp);
        }
    }
    if (role == Qt::FontRole && column == TicketListModel::Title
        && TicketStatus(src.data(TicketListModel::StatusRole).toInt()) == TicketStatus::New) {
        QFont font;
        font.setBold(true); // unread-like: what still needs a decision stands out
        return font;
    }
    return QIdentityProxyModel::data(index, role);
}

QVariant TicketViewProxy::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole) {
        switch (section) {
        case TicketListModel::Number:
            return tr("#");
        case TicketListModel::Title:
            return tr("Title");
        case TicketListModel::Type:
            return tr("Type");
        case TicketListModel::Priority:
            return tr("Priority");
        case TicketListModel::Roles:
            return tr("Roles");
        case TicketListModel::Requester:
            return tr("Requester");
        case TicketListModel::Status:
            return tr("Status");
        case TicketListModel::Updated:
            return tr("Updated");
        case TicketListModel::SyncState:
            return QString(); // an icon column; the tooltip names it
        default:
            break;
        }
    }
    if (orientation == Qt::Horizontal && section == TicketListModel::SyncState
        && (role == Qt::ToolTipRole || role == Qt::AccessibleTextRole))
        return tr("Unsent or conflicting changes");
    return QIdentityProxyModel::headerData(section, orientation, role);
}

} // namespace td
