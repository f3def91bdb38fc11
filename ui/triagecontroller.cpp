#include "triagecontroller.h"

#include "labels.h"
#include "triagenotedialog.h"

#include <QAction>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace td {

TriageController::TriageController(QWidget *dialogParent, QObject *parent)
    : QObject(parent)
    , m_dialogParent(dialogParent)
{
    m_prompt = [this](int count) -> std::optional<QString> {
        TriageNoteDialog dialog(count, m_dialogParent);
        if (dialog.exec() != QDialog::Accepted)
            return std::nullopt;
        return dialog.note();
    };
    const struct
    {
        TicketStatus to;
        QKeySequence key;
        QString objectName;
    } specs[] = {
            {TicketStatus::Triaged, QKeySequence(Qt::Key_T), u"actionTriage"_s},
            {TicketStatus::InProgress, QKeySequence(Qt::Key_P), u"actionStartProgress"_s},
            {TicketStatus::Closed, QKeySequence(Qt::Key_C), u"actionClose"_s},
    };
    for (const auto &spec : specs) {
        auto *action = new QAction(transitionActionLabel(spec.to), this);
        action->setObjectName(spec.objectName);
        action->setShortcut(spec.key);
        action->setToolTip(tr("%1 (%2)").arg(QString(transitionActionLabel(spec.to)).remove(u'&'),
                                             spec.key.toString(QKeySequence::NativeText)));
        const TicketStatus to = spec.to;
        connect(action, &QAction::triggered, this, [this, to] { trigger(to); });
        m_actions.insert(spec.to, action);
    }
    updateActions();
}

void TriageController::setOwner(bool owner)
{
    m_owner = owner;
    updateActions();
}

void TriageController::setSelection(const QList<TicketRow> &rows)
{
    m_selection = rows;
    updateActions();
}

QList<TicketStatus> TriageController::offeredStatuses() const
{
    if (!m_owner || m_selection.isEmpty())
        return {};
    // A new ticket still in the outbox has no number on the server yet: nothing to triage.
    for (const TicketRow &row : m_selection) {
        if (row.syncState == SyncState::Outgoing)
            return {};
    }
    // A ticket with a transition still waiting in the outbox is judged by the status it is
    // heading to, since that is what the server will see next.
    auto effective = [](const TicketRow &row) { return row.pendingStatus.value_or(row.status); };
    QList<TicketStatus> offered = allowedNextStatuses(effective(m_selection.first()));
    for (const TicketRow &row : m_selection) {
        const QList<TicketStatus> allowed = allowedNextStatuses(effective(row));
        offered.removeIf([&allowed](TicketStatus s) { return !allowed.contains(s); });
    }
    return offered;
}

QList<QAction *> TriageController::actions() const
{
    return {m_actions.value(TicketStatus::Triaged), m_actions.value(TicketStatus::InProgress),
            m_actions.value(TicketStatus::Closed)};
}

bool TriageController::trigger(TicketStatus to)
{
    if (!offeredStatuses().contains(to))
        return false;
    bool needsNote = false;
    for (const TicketRow &row : std::as_const(m_selection)) {
        const TicketStatus from = row.pendingStatus.value_or(row.status);
        if (checkTransition(from, to, QString()) == TransitionVerdict::NoteRequired)
            needsNote = true;
    }
    QString note;
    if (needsNote) {
        const std::optional<QString> given = m_prompt(int(m_selection.size()));
        if (!given || checkTransition(TicketStatus::New, to, *given) != TransitionVerdict::Allowed)
            return false;
        note = *given;
    }
    QList<TransitionTarget> targets;
    for (const TicketRow &row : std::as_const(m_selection)) {
        targets.append({row.id, row.number, row.pendingStatus.value_or(row.status), row.version});
    }
    emit transitionRequested(targets, to, note);
    return true;
}

void TriageController::updateActions()
{
    const QList<TicketStatus> offered = offeredStatuses();
    for (auto it = m_actions.cbegin(); it != m_actions.cend(); ++it) {
        it.value()->setVisible(m_owner);
        it.value()->setEnabled(offered.contains(it.key()));
    }
}

} // namespace td
