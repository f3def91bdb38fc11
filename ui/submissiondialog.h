#pragma once

#include "submissionform.h"

#include "session/accountsession.h"

#include <QDialog>

#include <optional>

namespace td {

// "New ticket", and editing a ticket that has not been sent yet: the submission form, then
// the confirmation, then the account's outbox through the session. The ticket is queued
// (with its idempotency key) and never posted from here, so a crash or a lost answer cannot
// make a second ticket. What is queued is exactly the body the user confirmed. The only
// submission UI of the app.
class SubmissionDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SubmissionDialog(AccountSession *session, QWidget *parent = nullptr);

    SubmissionForm *form() const { return m_form; }
    // Opens an unsent create (queued, held or failed): its body, and the server's field
    // errors when it was refused.
    void editOutboxItem(const OutboxItem &item);
    std::optional<qint64> editedItemId() const { return m_editing; }

    // The confirmation currently shown (tests and screenshots drive it); null otherwise.
    ConfirmDialog *confirmDialog() const { return m_form->confirmDialog(); }
    // Shows the confirmation for the form's body; returns once the user chose.
    void review() { m_form->review(); }

signals:
    // The ticket is in the outbox: sent at once (SendNow) or held until the user sends it.
    void queued(qint64 outboxId, td::SubmitMode mode);
    // A possible duplicate was opened from the confirmation (which stays open).
    void duplicateOpened(const QString &ticketId);

private:
    void onConfirmed();
    void prepareConfirmation(ConfirmDialog *confirm);

    AccountSession *m_session;
    SubmissionForm *m_form = nullptr;
    std::optional<qint64> m_editing; // outbox item id being edited
};

} // namespace td
