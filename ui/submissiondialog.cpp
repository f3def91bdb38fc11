#include "submissiondialog.h"

#include "confirmdialog.h"
#include "labels.h"
#include "mainwindow.h"

#include "store/ticketcache.h"

#include <QMessageBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

SubmissionDialog::SubmissionDialog(AccountSession *session, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
{
    setWindowTitle(tr("New ticket"));
    setObjectName(u"submissionDialog"_s);
    auto *layout = new QVBoxLayout(this);
    m_form = new SubmissionForm;
    layout->addWidget(m_form);
    QList<ProjectChoice> choices;
    for (const ApiProject &p : session->projects())
        choices.append({p.id, p.name, p.roles});
    m_form->setCallerRole(session->isOwner() ? CallerRole::Owner : CallerRole::Client);
    m_form->setProjects(choices);
    m_form->setDuplicateSource(session->cache());
    connect(m_form, &SubmissionForm::submitRequested, this, &SubmissionDialog::onConfirmed);
    connect(m_form, &SubmissionForm::cancelRequested, this, &QDialog::reject);
    connect(m_form, &SubmissionForm::confirmationOpening, this,
            &SubmissionDialog::prepareConfirmation);
    resize(720, 760);
}

void SubmissionDialog::editOutboxItem(const OutboxItem &item)
{
    setWindowTitle(tr("Edit ticket before sending"));
    m_editing = item.id;
    m_form->setDraftFile({}); // the new-ticket draft is not this item
    m_form->setProjectId(item.projectId);
    m_form->loadPayload(item.payload);
    if (item.lastError)
        m_form->setServerFieldErrors(item.lastError->fieldErrors);
}

void SubmissionDialog::prepareConfirmation(ConfirmDialog *confirm)
{
    connect(confirm, &ConfirmDialog::duplicateOpened, this, &SubmissionDialog::duplicateOpened);
    QHash<QString, QString> projectNames;
    for (const ApiProject &p : m_session->projects())
        projectNames.insert(p.id, p.name);
    confirm->setProjectNames(projectNames);
    QString note;
    if (m_session->isSignedOut())
        note = tr("You are signed out: the ticket waits in the outbox and is sent once you "
                  "sign in again.");
    else if (m_session->isWorkingOffline())
        note = tr("Working offline: the ticket waits in the outbox and is sent when you go "
                  "back online (Ctrl+Shift+W).");
    else if (m_session->connectionState() == SyncEngine::State::Offline)
        note = tr("The server cannot be reached: the ticket waits in the outbox and is sent "
                  "as soon as it is reachable.");
    confirm->setSendingNote(note);
}

void SubmissionDialog::onConfirmed()
{
    // The form emits only after the user chose Submit or Keep in outbox in the confirmation,
    // and what goes out is the body that confirmation showed.
    const SubmitMode mode = m_form->confirmedChoice() == ConfirmDialog::Choice::Submit
                                    ? SubmitMode::SendNow
                                    : SubmitMode::Hold;
    const QJsonObject body = m_form->confirmedBody();
    qint64 id = 0;
    Status stored;
    if (m_editing) {
        stored = m_session->updateCreate(*m_editing, body, mode);
        id = *m_editing;
    } else {
        const Result<OutboxItem> item = m_session->submitTicket(m_form->projectId(), body, mode);
        if (item)
            id = item->id;
        else
            stored = item.error();
    }
    if (!stored) {
        // The form and its draft stay, so nothing typed is lost.
        m_form->saveDraft();
        QMessageBox::warning(this, tr("Could not queue the ticket"),
                             asWritten(tr("The ticket could not be saved to the outbox on "
                                          "this computer: %1 Your text is kept; try again.")
                                               .arg(describeProblem(stored.error()))));
        return;
    }
    m_form->discardDraft();
    emit queued(id, mode);
    accept();
}

} // namespace td
