#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace td {

// Asks why a ticket is closed before it was worked on (CONTRACT 4.5: closing from new or
// triaged needs a note). The common reasons are one click away; OK stays disabled until there
// is text, the limit is shown, and Ctrl+Enter closes as OK does.
class TriageNoteDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Reason { Duplicate, Spam, WontFix };

    explicit TriageNoteDialog(int ticketCount, QWidget *parent = nullptr);

    QString note() const;
    void setNote(const QString &note);
    QPlainTextEdit *editor() const { return m_edit; }
    QPushButton *reasonButton(Reason reason) const;
    QPushButton *okButton() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void update();
    void useReason(Reason reason);

    QPlainTextEdit *m_edit = nullptr;
    QLabel *m_counter = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QList<QPushButton *> m_reasons;
};

} // namespace td
