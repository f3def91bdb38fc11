#pragma once

#include "submissionform.h"

#include <QDialog>

#include <functional>
#include <optional>

namespace td {

class Outbox;
class TicketSource;
struct OutboxItem;

// "New ticket": the submission form, then the confirmation dialog, then the outbox. The ticket
// is queued in the outbox (with its idempotency key) and never posted from here, so a crash or
// a lost answer cannot make a second ticket; "Submit" also asks for an immediate send.
// Editing a failed outbox item goes through the same form and confirmation.
class SubmissionDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SubmissionDialog(Outbox *outbox, QWidget *parent = nullptr);

    SubmissionForm *form() const { return m_form; }
    // The local cache, searched for possible duplicates before confirming.
    void setDuplicateSource(TicketSource *source) { m_form->setDuplicateSource(source); }
    // Called after "Submit" queued the ticket (e.g. SyncEngine: send the outbox now).
    void setSendNow(std::function<void()> sendNow) { m_sendNow = std::move(sendNow); }
    // Opens a queued/failed item for editing: its body, and the server's field errors.
    void editOutboxItem(const OutboxItem &item);

    // The confirmation currently shown (tests and screenshots drive it); null otherwise.
    ConfirmDialog *confirmDialog() const { return m_form->confirmDialog(); }
    // Shows the confirmation for the form's body; returns once the user chose.
    void review() { m_form->review(); }

signals:
    // A ticket went into the outbox: `sendNow` when the user chose Submit.
    void queued(qint64 outboxId, bool sendNow);

private:
    void onConfirmed();
    bool queue(const QJsonObject &body, bool sendNow);

    Outbox *m_outbox;
    SubmissionForm *m_form = nullptr;
    std::function<void()> m_sendNow;
    std::optional<qint64> m_editing; // outbox item id being edited
};

} // namespace td
