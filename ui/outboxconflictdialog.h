#pragma once

#include "store/outbox.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QTextBrowser;

namespace td {

// A version_conflict, side by side: the change the user queued (and the ticket as they saw
// it) beside the ticket as the server has it now. They either re-apply their change on top
// of the server's version (when core's rules still allow it from there) or drop it.
class OutboxConflictDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Choice { None, ApplyOnServerVersion, Discard };

    OutboxConflictDialog(const OutboxItem &item, const std::optional<Ticket> &cachedBefore,
                         QWidget *parent = nullptr);

    Choice choice() const { return m_choice; }
    // The payload to queue again for ApplyOnServerVersion (expected_version = server's).
    QJsonObject resolvedPayload() const;
    bool canApply() const;
    QString mineText() const;
    QString theirsText() const;
    // Who made the server's latest change, when, and their note (from the ticket's history).
    // An empty `who` says the history is not known yet.
    void setLastChange(const QString &who, const QDateTime &at, const QString &note);
    QString lastChangeText() const;
    QPushButton *applyButton() const { return m_apply; }
    QPushButton *discardButton() const { return m_discard; }

private:
    OutboxItem m_item;
    Choice m_choice = Choice::None;
    QTextBrowser *m_mine = nullptr;
    QTextBrowser *m_theirs = nullptr;
    QLabel *m_verdict = nullptr;
    QLabel *m_lastChange = nullptr;
    QPushButton *m_apply = nullptr;
    QPushButton *m_discard = nullptr;
};

} // namespace td
