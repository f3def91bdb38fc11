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
    QPushButton *applyButton() const { return m_apply; }
    QPushButton *discardButton() const { return m_discard; }

private:
    OutboxItem m_item;
    Choice m_choice = Choice::None;
    QTextBrowser *m_mine = nullptr;
    QTextBrowser *m_theirs = nullptr;
    QLabel *m_verdict = nullptr;
    QPushButton *m_apply = nullptr;
    QPushButton *m_discard = nullptr;
};

} // namespace td
