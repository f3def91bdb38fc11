#pragma once

#include "core/ticketquery.h"
#include "session/accountsession.h"

#include <QHash>
#include <QList>
#include <QObject>

#include <functional>

class QAction;
class QWidget;

namespace td {

// Offers the triage actions that core's rules allow for the current selection, and only to
// owners. Bulk: an action is offered when it is allowed for every selected ticket. Closing
// early asks for the note first. The actions carry single-key shortcuts (T, P, C).
class TriageController : public QObject
{
    Q_OBJECT

public:
    // Returns the note, or nullopt when the user cancelled. Replaceable for tests.
    using NotePrompt = std::function<std::optional<QString>(int ticketCount)>;

    explicit TriageController(QWidget *dialogParent, QObject *parent = nullptr);

    void setOwner(bool owner);
    bool isOwner() const { return m_owner; }
    void setSelection(const QList<TicketRow> &rows);
    void setNotePrompt(NotePrompt prompt) { m_prompt = std::move(prompt); }

    // The statuses every selected ticket may move to (core's rules), empty for non-owners.
    QList<TicketStatus> offeredStatuses() const;
    QAction *action(TicketStatus to) const { return m_actions.value(to); }
    QList<QAction *> actions() const;

    // What the action for `to` does (also what its shortcut does); false if not offered or
    // the user cancelled the note.
    bool trigger(TicketStatus to);

signals:
    void transitionRequested(const QList<TransitionTarget> &targets, TicketStatus to,
                             const QString &note);

private:
    void updateActions();

    QWidget *m_dialogParent = nullptr;
    QHash<TicketStatus, QAction *> m_actions;
    QList<TicketRow> m_selection;
    NotePrompt m_prompt;
    bool m_owner = false;
};

} // namespace td
