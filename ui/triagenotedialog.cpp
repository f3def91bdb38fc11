#include "triagenotedialog.h"

#include "core/validation.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
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
    layout->addWidget(m_edit);
    layout->addWidget(m_counter);
    layout->addWidget(m_buttons);
    m_edit->setAccessibleName(tr("Reason for closing"));
    m_edit->setTabChangesFocus(true);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Close ticket", nullptr, ticketCount));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_edit, &QPlainTextEdit::textChanged, this, &TriageNoteDialog::update);
    resize(440, 240);
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

void TriageNoteDialog::update()
{
    const QString text = m_edit->toPlainText();
    const bool tooLong = text.size() > limits::NoteMax;
    m_counter->setText(
            tooLong ? tr("%1 / %2 characters — too long").arg(text.size()).arg(limits::NoteMax)
                    : tr("%1 / %2 characters").arg(text.size()).arg(limits::NoteMax));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!text.trimmed().isEmpty() && !tooLong);
}

} // namespace td
