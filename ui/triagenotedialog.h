#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;

namespace td {

// Asks why a ticket is closed before it was worked on (CONTRACT 4.5: closing from new or
// triaged needs a note). OK stays disabled until there is text, and the limit is shown.
class TriageNoteDialog : public QDialog
{
    Q_OBJECT

public:
    explicit TriageNoteDialog(int ticketCount, QWidget *parent = nullptr);

    QString note() const;
    void setNote(const QString &note);
    QPlainTextEdit *editor() const { return m_edit; }

private:
    void update();

    QPlainTextEdit *m_edit = nullptr;
    QLabel *m_counter = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace td
