#pragma once

#include "store/outbox.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace td {

class TicketSource;

// The queued work of this account (creates and transitions) with its state, newest last.
// Retry sends a waiting or failed item now; Edit reopens a failed item (a create in the
// submission form, a transition's note); Resolve shows a conflict side by side; Cancel drops
// an item that has not been sent yet.
class OutboxView : public QWidget
{
    Q_OBJECT

public:
    explicit OutboxView(QWidget *parent = nullptr);

    void setOutbox(Outbox *outbox, TicketSource *tickets);
    Outbox *outbox() const { return m_outbox; }

    QTreeWidget *list() const { return m_list; }
    // Row of the item with this id, -1 if not listed.
    int rowOf(qint64 itemId) const;
    qint64 currentItemId() const;
    void setCurrentItem(qint64 itemId);
    QString stateText(int row) const;

    QPushButton *retryButton() const { return m_retry; }
    QPushButton *editButton() const { return m_edit; }
    QPushButton *resolveButton() const { return m_resolve; }
    QPushButton *cancelButton() const { return m_cancel; }

    static QString stateLabel(OutboxState state);

public slots:
    void reload();
    void retryCurrent();
    void editCurrent();
    void resolveCurrent();
    void cancelCurrent();

signals:
    // A failed create: the main window opens it in the submission form.
    void editCreateRequested(const td::OutboxItem &item);
    // Resolve: the main window shows the conflict dialog (so tests can drive it too).
    void resolveRequested(const td::OutboxItem &item);
    void editTransitionRequested(const td::OutboxItem &item);
    void message(const QString &text);

private:
    void updateButtons();
    std::optional<OutboxItem> currentItem() const;

    QPointer<Outbox> m_outbox;
    QPointer<TicketSource> m_tickets;
    QTreeWidget *m_list = nullptr;
    QLabel *m_summary = nullptr;
    QPushButton *m_retry = nullptr;
    QPushButton *m_edit = nullptr;
    QPushButton *m_resolve = nullptr;
    QPushButton *m_cancel = nullptr;
};

} // namespace td
