#pragma once

#include "core/ticketquery.h"

#include <QDialog>
#include <QHash>
#include <QJsonObject>
#include <QList>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace td {

class DetailPane;

// Shown before every ticket is created: exactly the body that will be sent (pretty JSON and a
// summary for people), its size, and tickets in the local cache that may already report the
// same thing. Nothing is created unless the user picks Submit or Keep in outbox.
class ConfirmDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Choice { BackToEditing, Submit, KeepInOutbox };

    ConfirmDialog(const QString &projectName, const QJsonObject &body, QWidget *parent = nullptr);

    // Up to five rows from the local cache with similar titles.
    void setDuplicates(const QList<TicketRow> &rows);
    // Looks the title up with full-text search in `source` (the local cache).
    void findDuplicates(TicketSource *source, const QString &projectId);
    // Says how the ticket will travel when that is not "now" (working offline, server
    // unreachable, signed out); empty hides it.
    void setSendingNote(const QString &text);
    QLabel *sendingNote() const { return m_sendingNote; }
    // The read-only view of the duplicate last opened (null before one was opened).
    QDialog *duplicatePreview() const { return m_preview; }
    // Project id → name, for the preview of a duplicate.
    void setProjectNames(const QHash<QString, QString> &idToName) { m_projectNames = idToName; }

signals:
    // A listed duplicate was opened (double-click or Enter). The dialog stays open: the user
    // is still deciding whether to submit; the duplicate is shown read-only over it.
    void duplicateOpened(const QString &ticketId);

public:
    Choice choice() const { return m_choice; }
    QByteArray bodyBytes() const { return m_bytes; } // what goes on the wire

    QPushButton *submitButton() const { return m_submit; }
    QPushButton *keepButton() const { return m_keep; }
    QPushButton *backButton() const { return m_back; }
    QTreeWidget *duplicatesView() const { return m_duplicates; }

    static constexpr int MaxDuplicates = 5;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void openDuplicate(QTreeWidgetItem *item);
    QString summaryHtml(const QString &projectName, const QJsonObject &body) const;

    Choice m_choice = Choice::BackToEditing;
    QJsonObject m_body;
    QByteArray m_bytes;
    TicketSource *m_source = nullptr;
    QLabel *m_duplicatesCaption = nullptr;
    QLabel *m_sendingNote = nullptr;
    QDialog *m_preview = nullptr;
    DetailPane *m_previewPane = nullptr;
    QHash<QString, QString> m_projectNames;
    QTreeWidget *m_duplicates = nullptr;
    QPushButton *m_submit = nullptr;
    QPushButton *m_keep = nullptr;
    QPushButton *m_back = nullptr;
};

} // namespace td
