#pragma once

#include "confirmdialog.h"

#include "core/validation.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace td {

// A project the caller may submit to, as /api/me lists it.
struct ProjectChoice
{
    QString id;
    QString name;
    QStringList roles;
};

// The ticket submission form (CONTRACT 4.2): one editor per field, validated as the user
// types by the shared core validator, so the form refuses exactly what the server refuses.
// It keeps a draft on disk so an unfinished ticket survives a restart.
class SubmissionForm : public QWidget
{
    Q_OBJECT

public:
    explicit SubmissionForm(QWidget *parent = nullptr);
    ~SubmissionForm() override;

    void setCallerRole(CallerRole role);
    void setProjects(const QList<ProjectChoice> &projects);
    QString projectId() const;
    QString projectName() const;
    bool setProjectId(const QString &id);

    // The body to send: when the form is valid, exactly the normalized body the confirmation
    // shows (trimmed title, defaults filled in); otherwise what is typed so far. Evidence text
    // that is not JSON is left out and reported beside the evidence editor instead.
    QJsonObject payload() const;
    Validated<CreateTicketInput> validation() const;
    bool isValid() const;
    // Why Submit is disabled, for people ("Title: at most 200 characters"); empty when valid.
    QString blockingReason() const;
    // The error text shown beside a field ("title", "roles", ...); empty when none.
    QString fieldError(const QString &field) const;

    // Fills every editor from a body (e.g. a failed outbox item being edited).
    void loadPayload(const QJsonObject &body);
    // Errors the server gave for this body (a 400's fieldErrors); shown on the matching
    // fields until the user edits them.
    void setServerFieldErrors(const QJsonObject &fieldErrors);

    // Where the draft is kept; loads it if present. Empty path: no drafts.
    void setDraftFile(const QString &path);
    void saveDraft() const;
    void discardDraft(); // empties the form and removes the draft (after a successful queue)

    QPushButton *submitButton() const { return m_submit; }

    // The local cache, searched for possible duplicates in the confirmation.
    void setDuplicateSource(TicketSource *source) { m_duplicates = source; }
    // After submitRequested(): the body the user confirmed and what they chose.
    QJsonObject confirmedBody() const { return m_confirmedBody; }
    ConfirmDialog::Choice confirmedChoice() const { return m_confirmedChoice; }
    // The confirmation while it is shown (tests and screenshots drive it); null otherwise.
    ConfirmDialog *confirmDialog() const { return m_confirm; }

public slots:
    // Shows the confirmation for the current body (what the Review button does). Returns
    // after the user chose; emits submitRequested() only for Submit or Keep in outbox.
    void review();

signals:
    // The user confirmed the ticket in the ConfirmDialog: nothing reaches this signal
    // without that confirmation, so every host of the form keeps the "always confirm" rule.
    void submitRequested();
    // The confirmation is about to be shown: hosts add what they know (e.g. that the app is
    // offline) and follow its signals.
    void confirmationOpening(td::ConfirmDialog *confirm);
    void validityChanged(bool valid);
    void cancelRequested();

private:
    void buildUi();
    void onProjectChanged();
    void onEdited(const QString &field);
    void revalidate();
    void updateCounters();
    void scheduleDraftSave();
    QString describeIssue(const QJsonObject &issue) const;
    QString fieldLabel(const QString &field) const;
    QStringList checkedRoles() const;
    void setRoleChoices(const QStringList &roles, const QStringList &checked);
    QJsonObject evidenceObject(QString *parseError) const;
    QJsonObject rawPayload() const;

    CallerRole m_role = CallerRole::Client;
    QList<ProjectChoice> m_projects;
    bool m_loading = false;
    bool m_lastValid = false;
    QString m_draftPath;
    QHash<QString, bool> m_touched;
    QJsonObject m_serverErrors;
    QHash<QString, QString> m_shownErrors;
    Validated<CreateTicketInput> m_result;
    QString m_evidenceParseError;
    TicketSource *m_duplicates = nullptr;
    QPointer<ConfirmDialog> m_confirm;
    QJsonObject m_confirmedBody;
    ConfirmDialog::Choice m_confirmedChoice = ConfirmDialog::Choice::BackToEditing;

    QComboBox *m_project = nullptr;
    QLineEdit *m_title = nullptr;
    QPlainTextEdit *m_description = nullptr;
    QComboBox *m_requestType = nullptr;
    QListWidget *m_roles = nullptr;
    QComboBox *m_priority = nullptr;
    QCheckBox *m_blocking = nullptr;
    QPlainTextEdit *m_links = nullptr;
    QPlainTextEdit *m_evidence = nullptr;
    QPlainTextEdit *m_suggested = nullptr;
    QPlainTextEdit *m_notes = nullptr;
    QHash<QString, QLabel *> m_errorLabels;
    QHash<QString, QLabel *> m_counters;
    QLabel *m_generalError = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_submit = nullptr;
    QPushButton *m_cancel = nullptr;
    QTimer *m_draftTimer = nullptr;
};

} // namespace td
