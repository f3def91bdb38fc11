// The submission form: every field of CONTRACT 4.2, live validation by the shared validator,
// counters, server field errors and drafts.
#include "ui/submissionform.h"

#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;
using namespace td;

namespace {

const QString WebId = u"2489E9AD-2EE2-8E00-8EC9-32D5F69181C0"_s;
const QString MobileId = u"7C3F6A2E-5B1D-4E8F-9A0B-1C2D3E4F5A6B"_s;

QList<ProjectChoice> projects()
{
    return {{WebId, u"Web app"_s, {u"frontend"_s, u"backend"_s, u"design"_s, u"qa"_s}},
            {MobileId, u"Mobile app"_s, {u"ios"_s, u"android"_s, u"backend"_s, u"qa"_s}}};
}

template<typename T>
T *child(QWidget *parent, const QString &name)
{
    T *widget = parent->findChild<T *>(name);
    if (!widget)
        qFatal("no child %s", qPrintable(name));
    return widget;
}

void checkRole(SubmissionForm &form, const QString &role, bool on = true)
{
    auto *list = child<QListWidget>(&form, u"roles"_s);
    const auto items = list->findItems(role, Qt::MatchExactly);
    QVERIFY2(!items.isEmpty(), qPrintable(role));
    items.first()->setCheckState(on ? Qt::Checked : Qt::Unchecked);
}

// A form a user has filled in correctly.
void fillValid(SubmissionForm &form)
{
    QTest::keyClicks(child<QLineEdit>(&form, u"title"_s), u"Login button does nothing"_s);
    child<QPlainTextEdit>(&form, u"description"_s)
            ->setPlainText(u"Clicking Login on Safari 17 shows no error and nothing happens."_s);
    auto *type = child<QComboBox>(&form, u"request_type"_s);
    type->setCurrentIndex(type->findData(u"bug"_s));
}

} // namespace

class TestSubmissionForm : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_form = std::make_unique<SubmissionForm>();
        m_form->setProjects(projects());
        m_form->show();
    }
    void cleanup() { m_form.reset(); }

    void everyContractFieldIsEdited()
    {
        fillValid(*m_form);
        checkRole(*m_form, u"frontend"_s);
        auto *priority = child<QComboBox>(m_form.get(), u"priority"_s);
        priority->setCurrentIndex(priority->findData(u"urgent"_s));
        child<QCheckBox>(m_form.get(), u"blocking"_s)->setChecked(true);
        child<QPlainTextEdit>(m_form.get(), u"evidence_links"_s)
                ->setPlainText(u"https://example.org/shot.png\n\n https://example.org/log.txt "_s);
        child<QPlainTextEdit>(m_form.get(), u"evidence"_s)
                ->setPlainText(u"{\"browser\": \"Safari 17\"}"_s);
        child<QPlainTextEdit>(m_form.get(), u"suggested_resolution"_s)->setPlainText(u"Retry"_s);
        child<QPlainTextEdit>(m_form.get(), u"implementation_notes"_s)->setPlainText(u"See log"_s);

        QVERIFY(m_form->isValid());
        const QJsonObject body = m_form->validation().value->toJson();
        QCOMPARE(body.value(u"title"_s).toString(), u"Login button does nothing"_s);
        QCOMPARE(body.value(u"request_type"_s).toString(), u"bug"_s);
        QCOMPARE(body.value(u"roles"_s).toArray(), QJsonArray{u"frontend"_s});
        QCOMPARE(body.value(u"priority"_s).toString(), u"urgent"_s);
        QCOMPARE(body.value(u"blocking"_s).toBool(), true);
        const QJsonObject evidence = body.value(u"evidence"_s).toObject();
        QCOMPARE(evidence.value(u"links"_s).toArray(),
                 (QJsonArray{u"https://example.org/shot.png"_s, u"https://example.org/log.txt"_s}));
        QCOMPARE(evidence.value(u"browser"_s).toString(), u"Safari 17"_s);
        QCOMPARE(body.value(u"suggested_resolution"_s).toString(), u"Retry"_s);
        QCOMPARE(body.value(u"implementation_notes"_s).toString(), u"See log"_s);
    }

    void projectChooserOffersTheProjectsRoles()
    {
        QVERIFY(m_form->setProjectId(MobileId.toLower()));
        QCOMPARE(m_form->projectId(), MobileId);
        auto *list = child<QListWidget>(m_form.get(), u"roles"_s);
        QStringList shown;
        for (int i = 0; i < list->count(); ++i)
            shown << list->item(i)->text();
        QCOMPARE(shown, (QStringList{u"ios"_s, u"android"_s, u"backend"_s, u"qa"_s}));
    }

    void liveValidation_data()
    {
        QTest::addColumn<QString>("title");
        QTest::addColumn<bool>("valid");
        QTest::newRow("200 chars") << QString(200, u'x') << true;
        QTest::newRow("201 chars") << QString(201, u'x') << false;
        QTest::newRow("spaces only") << u"    "_s << false;
        QTest::newRow("200 chars plus outer spaces (trimmed)")
                << u"  "_s + QString(200, u'x') + u"  "_s << true;
        // 😀 is two UTF-16 code units, as the server's Zod counts it.
        QTest::newRow("100 emoji = 200 units") << QString(u"😀"_s).repeated(100) << true;
        QTest::newRow("101 emoji = 202 units") << QString(u"😀"_s).repeated(101) << false;
    }
    void liveValidation()
    {
        QFETCH(QString, title);
        QFETCH(bool, valid);
        fillValid(*m_form);
        QVERIFY(m_form->submitButton()->isEnabled());
        QSignalSpy validity(m_form.get(), &SubmissionForm::validityChanged);
        auto *edit = child<QLineEdit>(m_form.get(), u"title"_s);
        edit->clear();
        edit->insert(title); // as pasted (QTest cannot type non-ASCII keys)
        QCOMPARE(m_form->isValid(), valid);
        QCOMPARE(m_form->submitButton()->isEnabled(), valid);
        QCOMPARE(m_form->fieldError(u"title"_s).isEmpty(), valid);
        if (!valid) {
            // The reason is where the user looks: beside the field, on the button, in the
            // status line.
            QVERIFY(!m_form->submitButton()->toolTip().isEmpty());
            QVERIFY(child<QLabel>(m_form.get(), u"status"_s)->text().contains(u"Title"_s));
            QVERIFY(!validity.isEmpty());
            // Fixing it enables Submit again.
            edit->setText(u"A fixed title"_s);
            QVERIFY(m_form->submitButton()->isEnabled());
            QVERIFY(m_form->fieldError(u"title"_s).isEmpty());
        }
    }

    void counterCountsUtf16Units()
    {
        auto *edit = child<QLineEdit>(m_form.get(), u"title"_s);
        edit->setText(u"😀ab"_s);
        QCOMPARE(child<QLabel>(m_form.get(), u"counter_title"_s)->text(), u"4 / 200"_s);
        child<QPlainTextEdit>(m_form.get(), u"description"_s)->setPlainText(QString(5001, u'd'));
        QCOMPARE(child<QLabel>(m_form.get(), u"counter_description"_s)->text(), u"5001 / 5000"_s);
        QVERIFY(!m_form->fieldError(u"description"_s).isEmpty());
    }

    void untouchedFieldsStayQuiet()
    {
        // A fresh form is not yet valid, but it does not shout at the user either.
        QVERIFY(!m_form->isValid());
        QVERIFY(!m_form->submitButton()->isEnabled());
        QVERIFY(m_form->fieldError(u"title"_s).isEmpty());
        QVERIFY(m_form->fieldError(u"description"_s).isEmpty());
        QVERIFY(!child<QLabel>(m_form.get(), u"status"_s)->text().isEmpty());
    }

    void evidenceMustBeAJsonObject_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("empty") << QString() << true;
        QTest::newRow("object") << u"{\"steps\": [1, 2]}"_s << true;
        QTest::newRow("array") << u"[1, 2]"_s << false;
        QTest::newRow("broken") << u"{\"steps\": "_s << false;
        QTest::newRow("over 64 KiB")
                << u"{\"log\": \"%1\"}"_s.arg(QString(64 * 1024, u'l')) << false;
    }
    void evidenceMustBeAJsonObject()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        fillValid(*m_form);
        child<QPlainTextEdit>(m_form.get(), u"evidence"_s)->setPlainText(text);
        QCOMPARE(m_form->isValid(), valid);
        QCOMPARE(m_form->fieldError(u"evidence"_s).isEmpty(), valid);
    }

    void unknownRoleIsRefusedBesideRoles()
    {
        fillValid(*m_form);
        // A failed outbox item may carry a role the project has since dropped.
        QJsonObject body = m_form->payload();
        body.insert(u"roles"_s, QJsonArray{u"frontend"_s, u"cobol"_s});
        m_form->loadPayload(body);
        QVERIFY(!m_form->isValid());
        QVERIFY(m_form->fieldError(u"roles"_s).contains(u"cobol"_s));
        checkRole(*m_form, u"cobol"_s, false);
        QVERIFY(m_form->isValid());
    }

    void serverFieldErrorsLandOnTheirFields()
    {
        fillValid(*m_form);
        checkRole(*m_form, u"qa"_s);
        m_form->setServerFieldErrors(QJsonObject{{u"title"_s, u"Title already used"_s},
                                                 {u"roles.0"_s, u"Unknown role 'qa'"_s},
                                                 {u"actor_id"_s, u"Not yours"_s}});
        QVERIFY(m_form->fieldError(u"title"_s).contains(u"Title already used"_s));
        QVERIFY(m_form->fieldError(u"roles"_s).contains(u"Unknown role 'qa'"_s));
        QVERIFY(m_form->fieldError(u"description"_s).isEmpty());
        QVERIFY(child<QLabel>(m_form.get(), u"error_general"_s)->text().contains(u"Not yours"_s));
        // Editing the title clears the server's title error, and only that one.
        QTest::keyClicks(child<QLineEdit>(m_form.get(), u"title"_s), u" again"_s);
        QVERIFY(m_form->fieldError(u"title"_s).isEmpty());
        QVERIFY(m_form->fieldError(u"roles"_s).contains(u"Unknown role 'qa'"_s));
    }

    void loadPayloadShowsEveryField()
    {
        const QJsonObject body{
                {u"title"_s, u"Export is slow"_s},
                {u"description"_s, u"Takes 3 minutes"_s},
                {u"request_type"_s, u"change_request"_s},
                {u"roles"_s, QJsonArray{u"backend"_s, u"qa"_s}},
                {u"priority"_s, u"high"_s},
                {u"blocking"_s, true},
                {u"evidence"_s,
                 QJsonObject{{u"links"_s, QJsonArray{u"https://x.test/a"_s}}, {u"rows"_s, 120000}}},
                {u"suggested_resolution"_s, u"Stream it"_s},
                {u"implementation_notes"_s, u"exporter.cpp"_s},
                {u"source"_s, u"desktop"_s}};
        m_form->setProjectId(WebId);
        m_form->loadPayload(body);
        QCOMPARE(child<QLineEdit>(m_form.get(), u"title"_s)->text(), u"Export is slow"_s);
        QCOMPARE(child<QPlainTextEdit>(m_form.get(), u"evidence_links"_s)->toPlainText(),
                 u"https://x.test/a"_s);
        QVERIFY(m_form->isValid());
        QCOMPARE(m_form->validation().value->toJson(), body);
    }

    void draftSurvivesRecreatingTheForm()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"profile/draft.json"_s);
        m_form->setDraftFile(path);
        m_form->setProjectId(MobileId);
        fillValid(*m_form);
        checkRole(*m_form, u"android"_s);
        child<QPlainTextEdit>(m_form.get(), u"evidence"_s)->setPlainText(u"{\"half\": "_s);
        const QJsonObject typed = m_form->payload();
        m_form.reset(); // the app quits with the form open

        m_form = std::make_unique<SubmissionForm>();
        m_form->setProjects(projects());
        m_form->setDraftFile(path);
        QCOMPARE(m_form->projectId(), MobileId);
        QCOMPARE(child<QLineEdit>(m_form.get(), u"title"_s)->text(),
                 u"Login button does nothing"_s);
        QCOMPARE(m_form->payload(), typed);
        // Half-typed JSON is kept as typed, not dropped.
        QCOMPARE(child<QPlainTextEdit>(m_form.get(), u"evidence"_s)->toPlainText(),
                 u"{\"half\": "_s);

        // Once queued, the draft is gone: the next form starts empty.
        m_form->discardDraft();
        QVERIFY(!QFile::exists(path));
        m_form = std::make_unique<SubmissionForm>();
        m_form->setProjects(projects());
        m_form->setDraftFile(path);
        QVERIFY(child<QLineEdit>(m_form.get(), u"title"_s)->text().isEmpty());
    }

    void submitIsOnlyEmittedAfterConfirmation_data()
    {
        QTest::addColumn<int>("choice");
        QTest::addColumn<bool>("emitted");
        QTest::newRow("back to editing") << int(ConfirmDialog::Choice::BackToEditing) << false;
        QTest::newRow("submit") << int(ConfirmDialog::Choice::Submit) << true;
        QTest::newRow("keep in outbox") << int(ConfirmDialog::Choice::KeepInOutbox) << true;
    }
    void submitIsOnlyEmittedAfterConfirmation()
    {
        QFETCH(int, choice);
        QFETCH(bool, emitted);
        fillValid(*m_form);
        // Padding that the contract trims: the confirmed body is the normalized one.
        child<QLineEdit>(m_form.get(), u"title"_s)->setText(u"  Login button does nothing "_s);
        QSignalSpy submitted(m_form.get(), &SubmissionForm::submitRequested);
        QTimer::singleShot(0, m_form.get(), [this, choice] {
            ConfirmDialog *confirm = m_form->confirmDialog();
            QVERIFY(confirm);
            if (choice == int(ConfirmDialog::Choice::Submit))
                confirm->submitButton()->click();
            else if (choice == int(ConfirmDialog::Choice::KeepInOutbox))
                confirm->keepButton()->click();
            else
                confirm->backButton()->click();
        });
        QTest::mouseClick(m_form->submitButton(), Qt::LeftButton);
        QCOMPARE(submitted.size(), emitted ? 1 : 0);
        QVERIFY(!m_form->confirmDialog());
        if (emitted) {
            QCOMPARE(int(m_form->confirmedChoice()), choice);
            QCOMPARE(m_form->confirmedBody().value(u"title"_s).toString(),
                     u"Login button does nothing"_s);
            // What a host sends with payload() is what the user confirmed.
            QCOMPARE(m_form->payload(), m_form->confirmedBody());
        }
    }

    void botMustChooseARole()
    {
        m_form->setCallerRole(CallerRole::Bot);
        fillValid(*m_form);
        QVERIFY(!m_form->isValid());
        checkRole(*m_form, u"backend"_s);
        QVERIFY(m_form->isValid());
    }

private:
    std::unique_ptr<SubmissionForm> m_form;
};

QTEST_MAIN(TestSubmissionForm)
#include "tst_submissionform.moc"
