#include "triagenotedialog.h"

#include "core/validation.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextCursor>
#include <QVBoxLayout>

namespace td {

TriageNoteDialog::TriageNoteDialog(int ticketCount, QWidget *parent)
    : QDialog(parent)
    , m_edit(new QPlainTextEdit(this))
    , m_counter(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Close ticket", nullptr, ticketCount));
    auto *layout = new QVBoxLayout(this);
    auto *prompt = new QLabel(
            tr("Closing before work started needs a reason (duplicate, spam, won't fix…). "
               "Why are you closing %n ticket(s)?",
               nullptr, ticketCount),
            this);
    prompt->setWordWrap(true);
    prompt->setBuddy(m_edit);
    layout->addWidget(prompt);

    // The usual reasons, one click each; the text stays editable ("Duplicate of #" waits for
    // the number).
    auto *reasons = new QHBoxLayout;
    reasons->addWidget(new QLabel(tr("Common reasons:"), this));
    const struct
    {
        Reason reason;
        QString text;
    } specs[] = {{Reason::Duplicate, tr("Duplicate of #…")},
                 {Reason::Spam, tr("Spam")},
                 {Reason::WontFix, tr("Won't fix")}};
    for (const auto &spec : specs) {
        auto *button = new QPushButton(spec.text, this);
        button->setAutoDefault(false);
        button->setAccessibleName(tr("Reason: %1").arg(spec.text));
        const Reason reason = spec.reason;
        connect(button, &QPushButton::clicked, this, [this, reason] { useReason(reason); });
        reasons->addWidget(button);
        m_reasons.append(button);
    }
    reasons->addStretch(1);
    layout->addLayout(reasons);
    layout->addWidget(m_edit);
    layout->addWidget(m_counter);
    layout->addWidget(m_buttons);
    m_edit->setAccessibleName(tr("Reason for closing"));
    m_edit->setTabChangesFocus(true);
    m_edit->installEventFilter(this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Close ticket", nullptr, ticketCount));
    m_buttons->button(QDialogButtonBox::Ok)->setToolTip(tr("Ctrl+Enter"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_edit, &QPlainTextEdit::textChanged, this, &TriageNoteDialog::update);
    resize(480, 260);
    m_edit->setFocus();
    update();
}

QString TriageNoteDialog::note() const
{
    return m_edit->toPlainText().trimmed();
}

void TriageNoteDialog::setNote(const QString &note)
{
    m_edit->setPlainText(note);
}

QPushButton *TriageNoteDialog::reasonButton(Reason reason) const
{
    return m_reasons.value(int(reason));
}

QPushButton *TriageNoteDialog::okButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

void TriageNoteDialog::useReason(Reason reason)
{
    switch (reason) {
    case Reason::Duplicate:
        m_edit->setPlainText(tr("Duplicate of #"));
        break;
    case Reason::Spam:
        m_edit->setPlainText(tr("Spam"));
        break;
    case Reason::WontFix:
        m_edit->setPlainText(tr("Won't fix: "));
        break;
    }
    // The cursor waits at the end, for the number or the why.
    m_edit->moveCursor(QTextCursor::End);
    m_edit->setFocus();
}

bool TriageNoteDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && (key->modifiers() & Qt::ControlModifier)) {
            if (okButton()->isEnabled())
                accept();
            return true; // never a line break: Ctrl+Enter means "done"
        }
    }
    return QDialog::eventFilter(watched, event);
}

void TriageNoteDialog::update()
{
    const QString text = m_edit->toPlainText();
    const bool tooLong = text.size() > limits::NoteMax;
    m_counter->setText(
            tooLong ? tr("%1 / %2 characters — too long").arg(text.size()).arg(limits::NoteMax)
                    : tr("%1 / %2 characters").arg(text.size()).arg(limits::NoteMax));
    okButton()->setEnabled(!text.trimmed().isEmpty() && !tooLong);
}

} // namespace td
