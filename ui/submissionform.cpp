#include "submissionform.h"

#include "labels.h"
#include "theme.h"

#include "core/json.h"
#include "core/ticket.h"

#include <QAbstractItemView>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

namespace {

const QString kTitle = u"title"_s;
const QString kDescription = u"description"_s;
const QString kRequestType = u"request_type"_s;
const QString kRoles = u"roles"_s;
const QString kPriority = u"priority"_s;
const QString kBlocking = u"blocking"_s;
const QString kEvidence = u"evidence"_s;
const QString kSuggested = u"suggested_resolution"_s;
const QString kNotes = u"implementation_notes"_s;

// The fields this form edits, in the order of CONTRACT 4.2 (and of the status line).
const QStringList &formFields()
{
    static const QStringList fields{kTitle,    kDescription, kRequestType, kRoles, kPriority,
                                    kBlocking, kEvidence,    kSuggested,   kNotes};
    return fields;
}

// "roles.1" -> "roles": the editor that owns an issue path.
QString fieldOfPath(const QString &path)
{
    return path.section(u'.', 0, 0);
}

QString pathOfIssue(const QJsonObject &issue)
{
    QStringList parts;
    for (const QJsonValue &part : issue.value(u"path"_s).toArray())
        parts << (part.isDouble() ? QString::number(part.toInteger()) : part.toString());
    return parts.join(u'.');
}

// A form caption ("&Title:") as an accessible name ("Title"), on the editor and, for a
// combo box, on its popup list too.
void nameForScreenReaders(QWidget *editor, QString caption)
{
    caption.remove(u'&');
    if (caption.endsWith(u':'))
        caption.chop(1);
    editor->setAccessibleName(caption);
    if (auto *combo = qobject_cast<QComboBox *>(editor))
        combo->view()->setAccessibleName(caption);
}

QLabel *makeErrorLabel(const QString &field)
{
    auto *label = new QLabel;
    label->setObjectName(u"error_"_s + field);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText); // may quote the server's answer
    setTextTone(label, Tone::ErrorText);
    // The line is there, empty, before any error: the form does not jump when one appears.
    label->setMinimumHeight(label->fontMetrics().lineSpacing());
    return label;
}

QLabel *makeCounter(const QString &field)
{
    auto *label = new QLabel;
    label->setObjectName(u"counter_"_s + field);
    label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return label;
}

} // namespace

SubmissionForm::SubmissionForm(QWidget *parent)
    : QWidget(parent)
{
    buildUi();
    m_draftTimer = new QTimer(this);
    m_draftTimer->setSingleShot(true);
    m_draftTimer->setInterval(400);
    connect(m_draftTimer, &QTimer::timeout, this, &SubmissionForm::saveDraft);
    revalidate();
}

SubmissionForm::~SubmissionForm()
{
    if (m_draftTimer->isActive())
        saveDraft();
}

void SubmissionForm::buildUi()
{
    auto *outer = new QVBoxLayout(this);
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *content = new QWidget;
    auto *form = new QFormLayout(content);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    scroll->setWidget(content);
    outer->addWidget(scroll);

    m_generalError = makeErrorLabel(u"general"_s);
    form->addRow(m_generalError);

    // One cell per field: the editor, its counter and the error text right below it.
    auto addField = [&](const QString &field, const QString &label, QWidget *editor, bool counted) {
        auto *cell = new QWidget;
        auto *box = new QVBoxLayout(cell);
        box->setContentsMargins(0, 0, 0, 0);
        box->setSpacing(2);
        box->addWidget(editor);
        auto *below = new QHBoxLayout;
        auto *error = makeErrorLabel(field);
        m_errorLabels.insert(field, error);
        below->addWidget(error, 1);
        if (counted) {
            auto *counter = makeCounter(field);
            m_counters.insert(field, counter);
            below->addWidget(counter);
        }
        box->addLayout(below);
        auto *caption = new QLabel(label);
        caption->setBuddy(editor);
        form->addRow(caption, cell);
        // The caption sits in another widget than the editor (which is inside `cell`), so
        // assistive technology does not find it: the editor carries the name itself.
        nameForScreenReaders(editor, label);
    };

    m_project = new QComboBox;
    m_project->setObjectName(u"project"_s);
    m_project->setToolTip(tr("The project this ticket is for"));
    form->addRow(new QLabel(tr("&Project:")), m_project);
    qobject_cast<QLabel *>(form->labelForField(m_project))->setBuddy(m_project);
    nameForScreenReaders(m_project, tr("&Project:"));

    m_title = new QLineEdit;
    m_title->setObjectName(kTitle);
    m_title->setPlaceholderText(tr("A short summary people will recognise in a list"));
    addField(kTitle, tr("&Title:"), m_title, true);

    m_description = new QPlainTextEdit;
    m_description->setObjectName(kDescription);
    m_description->setPlaceholderText(tr("What happened, what you expected, how to reproduce it"));
    m_description->setTabChangesFocus(true);
    addField(kDescription, tr("&Description:"), m_description, true);

    m_requestType = new QComboBox;
    m_requestType->setObjectName(kRequestType);
    m_requestType->addItem(tr("Choose a type…"), QString());
    for (RequestType type : allRequestTypes())
        m_requestType->addItem(requestTypeLabel(type), toWire(type));
    addField(kRequestType, tr("T&ype:"), m_requestType, false);

    m_roles = new QListWidget;
    m_roles->setObjectName(kRoles);
    m_roles->setToolTip(tr("Who should work on it (the project's roles)"));
    m_roles->setMaximumHeight(110);
    addField(kRoles, tr("&Roles:"), m_roles, false);

    m_priority = new QComboBox;
    m_priority->setObjectName(kPriority);
    for (Priority priority : allPriorities())
        m_priority->addItem(priorityLabel(priority), toWire(priority));
    m_priority->setCurrentIndex(m_priority->findData(toWire(Priority::Medium)));
    addField(kPriority, tr("Pri&ority:"), m_priority, false);

    m_blocking = new QCheckBox(tr("This blocks our work"));
    m_blocking->setObjectName(kBlocking);
    addField(kBlocking, tr("&Blocking:"), m_blocking, false);

    auto *evidenceBox = new QWidget;
    auto *evidenceLayout = new QVBoxLayout(evidenceBox);
    evidenceLayout->setContentsMargins(0, 0, 0, 0);
    m_links = new QPlainTextEdit;
    m_links->setObjectName(u"evidence_links"_s);
    m_links->setPlaceholderText(tr("Links, one per line (screenshots, logs, pages)"));
    m_links->setTabChangesFocus(true);
    m_links->setMaximumHeight(70);
    m_evidence = new QPlainTextEdit;
    m_evidence->setObjectName(kEvidence);
    m_evidence->setPlaceholderText(tr("More evidence as a JSON object, e.g. {\"steps\": [\"…\"]}"));
    m_evidence->setTabChangesFocus(true);
    m_evidence->setMaximumHeight(90);
    m_links->setAccessibleName(tr("Evidence links"));
    m_evidence->setAccessibleName(tr("Evidence as JSON"));
    evidenceLayout->addWidget(m_links);
    evidenceLayout->addWidget(m_evidence);
    addField(kEvidence, tr("&Evidence:"), evidenceBox, true);

    m_suggested = new QPlainTextEdit;
    m_suggested->setObjectName(kSuggested);
    m_suggested->setPlaceholderText(tr("Optional: how you think it could be fixed"));
    m_suggested->setTabChangesFocus(true);
    m_suggested->setMaximumHeight(90);
    addField(kSuggested, tr("&Suggested resolution:"), m_suggested, true);

    m_notes = new QPlainTextEdit;
    m_notes->setObjectName(kNotes);
    m_notes->setPlaceholderText(tr("Optional: guidance for whoever picks it up"));
    m_notes->setTabChangesFocus(true);
    m_notes->setMaximumHeight(90);
    addField(kNotes, tr("&Implementation notes:"), m_notes, true);

    auto *buttons = new QHBoxLayout;
    m_status = new QLabel;
    m_status->setObjectName(u"status"_s);
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    buttons->addWidget(m_status, 1);
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setObjectName(u"cancel"_s);
    m_submit = new QPushButton(tr("Re&view and submit…"));
    m_submit->setObjectName(u"submit"_s);
    m_submit->setDefault(true);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_submit);
    outer->addLayout(buttons);

    connect(m_submit, &QPushButton::clicked, this, &SubmissionForm::review);
    connect(m_cancel, &QPushButton::clicked, this, &SubmissionForm::cancelRequested);
    connect(m_project, &QComboBox::currentIndexChanged, this, &SubmissionForm::onProjectChanged);
    connect(m_title, &QLineEdit::textChanged, this, [this] { onEdited(kTitle); });
    connect(m_description, &QPlainTextEdit::textChanged, this, [this] { onEdited(kDescription); });
    connect(m_requestType, &QComboBox::currentIndexChanged, this,
            [this] { onEdited(kRequestType); });
    connect(m_roles, &QListWidget::itemChanged, this, [this] { onEdited(kRoles); });
    connect(m_priority, &QComboBox::currentIndexChanged, this, [this] { onEdited(kPriority); });
    connect(m_blocking, &QCheckBox::toggled, this, [this] { onEdited(kBlocking); });
    connect(m_links, &QPlainTextEdit::textChanged, this, [this] { onEdited(kEvidence); });
    connect(m_evidence, &QPlainTextEdit::textChanged, this, [this] { onEdited(kEvidence); });
    connect(m_suggested, &QPlainTextEdit::textChanged, this, [this] { onEdited(kSuggested); });
    connect(m_notes, &QPlainTextEdit::textChanged, this, [this] { onEdited(kNotes); });
}

void SubmissionForm::setCallerRole(CallerRole role)
{
    m_role = role;
    revalidate();
}

void SubmissionForm::setProjects(const QList<ProjectChoice> &projects)
{
    const QString previous = projectId();
    m_projects = projects;
    {
        const QSignalBlocker blocker(m_project);
        m_project->clear();
        for (const ProjectChoice &project : projects)
            m_project->addItem(project.name, project.id);
    }
    if (!setProjectId(previous))
        onProjectChanged();
}

QString SubmissionForm::projectId() const
{
    return m_project->currentData().toString();
}

QString SubmissionForm::projectName() const
{
    return m_project->currentText();
}

bool SubmissionForm::setProjectId(const QString &id)
{
    for (int i = 0; i < m_project->count(); ++i) {
        if (m_project->itemData(i).toString().compare(id, Qt::CaseInsensitive) == 0) {
            if (m_project->currentIndex() == i)
                onProjectChanged();
            else
                m_project->setCurrentIndex(i);
            return true;
        }
    }
    return false;
}

void SubmissionForm::onProjectChanged()
{
    const int index = m_project->currentIndex();
    const QStringList roles
            = index >= 0 && index < m_projects.size() ? m_projects.at(index).roles : QStringList();
    setRoleChoices(roles, checkedRoles());
    revalidate();
    scheduleDraftSave();
}

void SubmissionForm::setRoleChoices(const QStringList &roles, const QStringList &checked)
{
    m_loading = true;
    m_roles->clear();
    QStringList all = roles;
    // A role the project no longer has stays visible (and checked), so the validator can say
    // why it is refused instead of the form silently dropping it.
    for (const QString &role : checked) {
        if (!all.contains(role))
            all << role;
    }
    for (const QString &role : all) {
        auto *item = new QListWidgetItem(role, m_roles);
        item->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
        item->setCheckState(checked.contains(role) ? Qt::Checked : Qt::Unchecked);
    }
    m_loading = false;
}

QStringList SubmissionForm::checkedRoles() const
{
    QStringList roles;
    for (int i = 0; i < m_roles->count(); ++i) {
        if (m_roles->item(i)->checkState() == Qt::Checked)
            roles << m_roles->item(i)->text();
    }
    return roles;
}

QJsonObject SubmissionForm::evidenceObject(QString *parseError) const
{
    QJsonObject evidence;
    const QString text = m_evidence->toPlainText().trimmed();
    if (!text.isEmpty()) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError) {
            if (parseError)
                *parseError = tr("Not valid JSON: %1").arg(error.errorString());
        } else if (!doc.isObject()) {
            if (parseError)
                *parseError = tr("Must be a JSON object: {…}");
        } else {
            evidence = doc.object();
        }
    }
    QJsonArray links;
    const QStringList lines = m_links->toPlainText().split(u'\n');
    for (const QString &line : lines) {
        if (!line.trimmed().isEmpty())
            links.append(line.trimmed());
    }
    if (!links.isEmpty())
        evidence.insert(u"links"_s, links);
    return evidence;
}

QJsonObject SubmissionForm::payload() const
{
    const Validated<CreateTicketInput> result = validation();
    QString evidenceError;
    evidenceObject(&evidenceError);
    return result.ok() && evidenceError.isEmpty() ? result.value->toJson() : rawPayload();
}

void SubmissionForm::review()
{
    const Validated<CreateTicketInput> result = validation();
    if (!result.ok() || !isValid())
        return;
    const QJsonObject body = result.value->toJson();
    ConfirmDialog confirm(projectName(), body, this);
    m_confirm = &confirm;
    confirm.findDuplicates(m_duplicates, projectId());
    emit confirmationOpening(&confirm);
    confirm.exec();
    m_confirm = nullptr;
    if (confirm.choice() == ConfirmDialog::Choice::BackToEditing)
        return;
    m_confirmedBody = body;
    m_confirmedChoice = confirm.choice();
    emit submitRequested();
}

QJsonObject SubmissionForm::rawPayload() const
{
    QJsonObject body;
    body.insert(kTitle, m_title->text());
    body.insert(kDescription, m_description->toPlainText());
    const QString type = m_requestType->currentData().toString();
    if (!type.isEmpty())
        body.insert(kRequestType, type);
    body.insert(kRoles, QJsonArray::fromStringList(checkedRoles()));
    body.insert(kPriority, m_priority->currentData().toString());
    body.insert(kBlocking, m_blocking->isChecked());
    body.insert(kEvidence, evidenceObject(nullptr));
    body.insert(kSuggested, m_suggested->toPlainText());
    body.insert(kNotes, m_notes->toPlainText());
    // Tickets made here say so (the contract's default is "portal"), and the confirmation
    // shows it, since it shows exactly what is sent.
    body.insert(u"source"_s, u"desktop"_s);
    return body;
}

Validated<CreateTicketInput> SubmissionForm::validation() const
{
    CreateTicketContext context;
    context.callerRole = m_role;
    const int index = m_project->currentIndex();
    if (index >= 0 && index < m_projects.size())
        context.projectRoles = m_projects.at(index).roles;
    return validateCreateTicket(rawPayload(), context);
}

bool SubmissionForm::isValid() const
{
    return m_result.ok() && m_evidenceParseError.isEmpty() && !projectId().isEmpty();
}

QString SubmissionForm::fieldLabel(const QString &field) const
{
    if (field == kTitle)
        return tr("Title");
    if (field == kDescription)
        return tr("Description");
    if (field == kRequestType)
        return tr("Type");
    if (field == kRoles)
        return tr("Roles");
    if (field == kPriority)
        return tr("Priority");
    if (field == kBlocking)
        return tr("Blocking");
    if (field == kEvidence)
        return tr("Evidence");
    if (field == kSuggested)
        return tr("Suggested resolution");
    if (field == kNotes)
        return tr("Implementation notes");
    return field;
}

// Zod issues carry English messages; people get a sentence in their language built from the
// issue's code and parameters (the rule itself stays in core).
QString SubmissionForm::describeIssue(const QJsonObject &issue) const
{
    const QString code = issue.value(u"code"_s).toString();
    const QString path = pathOfIssue(issue);
    if (code == u"invalid_type") {
        if (issue.value(u"received"_s).toString() == u"undefined")
            return tr("Required");
        if (issue.value(u"expected"_s).toString() == u"object")
            return tr("Must be a JSON object: {…}");
        return tr("Has the wrong type");
    }
    if (code == u"too_small") {
        const int minimum = issue.value(u"minimum"_s).toInt();
        if (issue.value(u"type"_s).toString() == u"array")
            return tr("Choose at least %n role(s)", nullptr, minimum);
        if (minimum <= 1)
            return tr("Required");
        return tr("At least %n character(s)", nullptr, minimum);
    }
    if (code == u"too_big") {
        const int maximum = issue.value(u"maximum"_s).toInt();
        const QString type = issue.value(u"type"_s).toString();
        if (type == u"array")
            return tr("At most %n role(s)", nullptr, maximum);
        if (fieldOfPath(path) == kEvidence)
            return tr("Too large: at most %1 KiB as JSON").arg(maximum / 1024);
        return tr("At most %n character(s)", nullptr, maximum);
    }
    if (code == u"invalid_enum_value")
        return tr("Choose one of the listed values");
    if (code == u"unrecognized_keys") {
        QStringList keys;
        for (const QJsonValue &key : issue.value(u"keys"_s).toArray())
            keys << key.toString();
        return tr("Unknown fields: %1").arg(keys.join(u", "_s));
    }
    if (fieldOfPath(path) == kRoles && path.contains(u'.')) {
        const int index = path.section(u'.', 1, 1).toInt();
        const QStringList roles = checkedRoles();
        const QString role = index >= 0 && index < roles.size() ? roles.at(index) : QString();
        if (roles.count(role) > 1)
            return tr("“%1” is chosen twice").arg(role);
        return tr("“%1” is not a role of this project").arg(role);
    }
    if (fieldOfPath(path) == kEvidence)
        return tr("Too large: at most %1 KiB as JSON").arg(limits::EvidenceMaxBytes / 1024);
    if (fieldOfPath(path) == kRoles && m_role == CallerRole::Bot)
        return tr("Choose at least one role");
    return tr("Not accepted: %1").arg(issue.value(u"message"_s).toString());
}

void SubmissionForm::onEdited(const QString &field)
{
    if (m_loading)
        return;
    m_touched.insert(field, true);
    m_serverErrors.remove(field);
    // A server error on "roles.1" belongs to the roles editor too.
    const QStringList keys = m_serverErrors.keys();
    for (const QString &key : keys) {
        if (fieldOfPath(key) == field)
            m_serverErrors.remove(key);
    }
    revalidate();
    scheduleDraftSave();
}

void SubmissionForm::revalidate()
{
    if (!m_status)
        return;
    m_result = validation();
    m_evidenceParseError.clear();
    evidenceObject(&m_evidenceParseError);

    // First issue per field, translated; untouched fields stay quiet until edited.
    QHash<QString, QString> live;
    QStringList general;
    for (const QJsonValue &value : m_result.issues.issues()) {
        const QJsonObject issue = value.toObject();
        const QString field = fieldOfPath(pathOfIssue(issue));
        const QString text = describeIssue(issue);
        if (formFields().contains(field)) {
            if (!live.contains(field))
                live.insert(field, text);
        } else {
            general << text;
        }
    }
    if (!m_evidenceParseError.isEmpty())
        live.insert(kEvidence, m_evidenceParseError);

    m_shownErrors.clear();
    for (const QString &field : formFields()) {
        QString text;
        if (live.contains(field) && m_touched.value(field))
            text = live.value(field);
        for (auto it = m_serverErrors.constBegin(); it != m_serverErrors.constEnd(); ++it) {
            if (fieldOfPath(it.key()) == field && text.isEmpty())
                text = tr("Server: %1").arg(it.value().toString());
        }
        QLabel *label = m_errorLabels.value(field);
        label->setText(text);
        if (!text.isEmpty())
            m_shownErrors.insert(field, text);
    }
    QStringList serverGeneral;
    for (auto it = m_serverErrors.constBegin(); it != m_serverErrors.constEnd(); ++it) {
        if (!formFields().contains(fieldOfPath(it.key())))
            serverGeneral << tr("Server: %1: %2").arg(it.key(), it.value().toString());
    }
    general << serverGeneral;
    m_generalError->setText(general.join(u'\n'));

    updateCounters();

    const QString reason = blockingReason();
    m_submit->setEnabled(reason.isEmpty());
    m_submit->setToolTip(reason.isEmpty() ? tr("Review exactly what will be sent, then submit")
                                          : asWritten(reason));
    m_status->setText(reason.isEmpty() ? tr("Ready to submit.") : reason);
    const bool valid = isValid();
    if (valid != m_lastValid) {
        m_lastValid = valid;
        emit validityChanged(valid);
    }
}

QString SubmissionForm::blockingReason() const
{
    if (projectId().isEmpty())
        return tr("Choose a project first.");
    for (const QString &field : formFields()) {
        QString text = m_shownErrors.value(field);
        if (text.isEmpty()) {
            for (const QJsonValue &value : m_result.issues.issues()) {
                const QJsonObject issue = value.toObject();
                if (fieldOfPath(pathOfIssue(issue)) == field) {
                    text = describeIssue(issue);
                    break;
                }
            }
        }
        if (text.isEmpty() && field == kEvidence)
            text = m_evidenceParseError;
        if (!text.isEmpty()) {
            //: Status line under the form: "<field>: <what is wrong>"
            return tr("Cannot submit yet: %1: %2").arg(fieldLabel(field), text);
        }
    }
    if (!m_result.ok())
        return tr("Cannot submit yet: %1").arg(m_generalError->text());
    return {};
}

QString SubmissionForm::fieldError(const QString &field) const
{
    const QLabel *label = m_errorLabels.value(field);
    return label && label->isVisibleTo(const_cast<SubmissionForm *>(this)) ? label->text()
                                                                           : QString();
}

void SubmissionForm::updateCounters()
{
    auto show = [this](const QString &field, qsizetype used, int maximum) {
        QLabel *counter = m_counters.value(field);
        //: Characters used / allowed under a text field
        counter->setText(tr("%1 / %2").arg(used).arg(maximum));
        setTextTone(counter, used > maximum ? std::optional(Tone::ErrorText) : std::nullopt);
    };
    // QString::size() counts UTF-16 code units, as the contract's Zod validation does.
    show(kTitle, m_title->text().trimmed().size(), limits::TitleMax);
    show(kDescription, m_description->toPlainText().size(), limits::DescriptionMax);
    show(kSuggested, m_suggested->toPlainText().size(), limits::SuggestedResolutionMax);
    show(kNotes, m_notes->toPlainText().size(), limits::ImplementationNotesMax);
    QLabel *evidence = m_counters.value(kEvidence);
    // Nothing entered is nothing sent, not the two bytes of "{}".
    const QJsonObject evidenceValue = evidenceObject(nullptr);
    const qsizetype bytes = evidenceValue.isEmpty() ? 0 : toCompactJson(evidenceValue).size();
    evidence->setText(tr("%1 / %2").arg(QLocale().formattedDataSize(bytes),
                                        QLocale().formattedDataSize(limits::EvidenceMaxBytes)));
    setTextTone(evidence,
                bytes > limits::EvidenceMaxBytes ? std::optional(Tone::ErrorText) : std::nullopt);
}

void SubmissionForm::loadPayload(const QJsonObject &body)
{
    m_loading = true;
    m_title->setText(body.value(kTitle).toString());
    m_description->setPlainText(body.value(kDescription).toString());
    const int type = m_requestType->findData(body.value(kRequestType).toString());
    m_requestType->setCurrentIndex(type >= 0 ? type : 0);
    const int priority
            = m_priority->findData(body.value(kPriority).toString(toWire(Priority::Medium)));
    m_priority->setCurrentIndex(priority >= 0 ? priority : 1);
    m_blocking->setChecked(body.value(kBlocking).toBool());
    QStringList roles;
    for (const QJsonValue &role : body.value(kRoles).toArray())
        roles << role.toString();
    const int index = m_project->currentIndex();
    setRoleChoices(index >= 0 && index < m_projects.size() ? m_projects.at(index).roles
                                                           : QStringList(),
                   roles);
    QJsonObject evidence = body.value(kEvidence).toObject();
    QStringList links;
    const QJsonArray linkArray = evidence.value(u"links"_s).toArray();
    bool plainLinks = evidence.contains(u"links"_s);
    for (const QJsonValue &link : linkArray) {
        if (!link.isString() || link.toString().contains(u'\n'))
            plainLinks = false;
        links << link.toString();
    }
    if (plainLinks && !links.isEmpty())
        evidence.remove(u"links"_s);
    else
        links.clear();
    m_links->setPlainText(links.join(u'\n'));
    m_evidence->setPlainText(evidence.isEmpty() ? QString()
                                                : QString::fromUtf8(QJsonDocument(evidence).toJson(
                                                        QJsonDocument::Indented)));
    m_suggested->setPlainText(body.value(kSuggested).toString());
    m_notes->setPlainText(body.value(kNotes).toString());
    m_loading = false;
    // A loaded body is shown with all its problems at once: the user came here to fix them.
    for (const QString &field : formFields())
        m_touched.insert(field, !body.isEmpty());
    revalidate();
    scheduleDraftSave();
}

void SubmissionForm::setServerFieldErrors(const QJsonObject &fieldErrors)
{
    m_serverErrors = fieldErrors;
    revalidate();
}

void SubmissionForm::setDraftFile(const QString &path)
{
    m_draftPath = path;
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    const std::optional<QJsonObject> draft = parseJsonObject(file.readAll());
    if (!draft)
        return;
    const QString project = draft->value(u"project_id"_s).toString();
    if (!project.isEmpty())
        setProjectId(project);
    const QJsonObject body = draft->value(u"body"_s).toObject();
    loadPayload(body);
    if (draft->contains(u"evidence_text"_s)) {
        m_loading = true;
        m_evidence->setPlainText(draft->value(u"evidence_text"_s).toString());
        m_loading = false;
    }
    // A restored draft is not "touched": errors appear as the user resumes editing.
    m_touched.clear();
    revalidate();
    m_draftTimer->stop();
}

void SubmissionForm::scheduleDraftSave()
{
    if (!m_draftPath.isEmpty() && !m_loading)
        m_draftTimer->start();
}

void SubmissionForm::saveDraft() const
{
    m_draftTimer->stop();
    if (m_draftPath.isEmpty())
        return;
    const bool empty = m_title->text().isEmpty() && m_description->toPlainText().isEmpty()
                       && m_links->toPlainText().isEmpty() && m_evidence->toPlainText().isEmpty()
                       && m_suggested->toPlainText().isEmpty() && m_notes->toPlainText().isEmpty()
                       && checkedRoles().isEmpty() && m_requestType->currentIndex() <= 0;
    if (empty) {
        QFile::remove(m_draftPath);
        return;
    }
    QJsonObject body = rawPayload();
    // The evidence editor may hold half-typed JSON: keep the text, not the parsed object.
    body.insert(kEvidence, evidenceObject(nullptr));
    QJsonObject draft{{u"project_id"_s, projectId()}, {u"body"_s, body}};
    if (!m_evidenceParseError.isEmpty())
        draft.insert(u"evidence_text"_s, m_evidence->toPlainText());
    QDir().mkpath(QFileInfo(m_draftPath).absolutePath());
    QSaveFile file(m_draftPath);
    if (!file.open(QIODevice::WriteOnly))
        return;
    file.write(QJsonDocument(draft).toJson(QJsonDocument::Indented));
    file.commit();
}

void SubmissionForm::discardDraft()
{
    m_draftTimer->stop();
    loadPayload({});
    m_draftTimer->stop();
    m_touched.clear();
    m_serverErrors = {};
    revalidate();
    if (!m_draftPath.isEmpty())
        QFile::remove(m_draftPath);
}

} // namespace td
