#include "submissiondialog.h"

#include "confirmdialog.h"

#include "store/outbox.h"

#include <QMessageBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

SubmissionDialog::SubmissionDialog(Outbox *outbox, QWidget *parent)
    : QDialog(parent)
    , m_outbox(outbox)
{
    setWindowTitle(tr("New ticket"));
    setObjectName(u"submissionDialog"_s);
    auto *layout = new QVBoxLayout(this);
    m_form = new SubmissionForm;
    layout->addWidget(m_form);
    connect(m_form, &SubmissionForm::submitRequested, this, &SubmissionDialog::onConfirmed);
    connect(m_form, &SubmissionForm::cancelRequested, this, &QDialog::reject);
    resize(640, 720);
}

void SubmissionDialog::editOutboxItem(const OutboxItem &item)
{
    setWindowTitle(tr("Edit queued ticket"));
    m_editing = item.id;
    m_form->setDraftFile({}); // the new-ticket draft is not this item

    m_form->setProjectId(item.projectId);
    m_form->loadPayload(item.payload);
    if (item.lastError)
        m_form->setServerFieldErrors(item.lastError->fieldErrors);
}

void SubmissionDialog::onConfirmed()
{
    // The form emits only after the user chose Submit or Keep in outbox in the confirmation.
    const bool sendNow = m_form->confirmedChoice() == ConfirmDialog::Choice::Submit;
    if (queue(m_form->confirmedBody(), sendNow))
        accept();
}

bool SubmissionDialog::queue(const QJsonObject &body, bool sendNow)
{
    qint64 id = 0;
    bool ok = false;
    if (m_editing) {
        ok = m_outbox->updatePayload(*m_editing, body).ok();
        id = *m_editing;
    } else if (const auto item = m_outbox->enqueueCreate(m_form->projectId(), body)) {
        ok = true;
        id = item->id;
    }
    if (!ok) {
        // The draft stays, so nothing typed is lost.
        QMessageBox::warning(this, tr("Could not queue the ticket"),
                             tr("The ticket could not be saved to the outbox on this computer. "
                                "Your text is kept as a draft; try again."));
        return false;
    }
    m_form->discardDraft();
    emit queued(id, sendNow);
    if (sendNow && m_sendNow)
        m_sendNow();
    return true;
}

} // namespace td
