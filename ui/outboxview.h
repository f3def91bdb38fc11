#pragma once

#include "store/outbox.h"

#include <QPointer>
#include <QWidget>

#include <memory>

class QLabel;
class QPushButton;
class QTreeView;

namespace td {

class OutboxModel;
class OutboxLabels;
class TicketSource;

// The account's outbox: what is not sent yet (queued, held, failed, in conflict), then the
// newest sent items. Send now sends a held, waiting or failed item at once; Edit reopens an
// unsent new ticket in the submission form (a transition's note when it failed); Resolve
// shows a conflict side by side; Discard drops what has not gone out. The rows come from an
// OutboxModel that follows the outbox item by item, and only while the view is shown: a
// hidden dock costs nothing, and showing it reads the unsent items and a bounded history.
class OutboxView : public QWidget
{
    Q_OBJECT

public:
    explicit OutboxView(QWidget *parent = nullptr);
    ~OutboxView() override;

    void setOutbox(Outbox *outbox, TicketSource *tickets);
    Outbox *outbox() const { return m_outbox; }
    // Null until the view was first shown with an outbox.
    OutboxModel *model() const { return m_model.get(); }

    QTreeView *list() const { return m_list; }
    // Row of the item with this id, -1 if not listed.
    int rowOf(qint64 itemId) const;
    qint64 currentItemId() const;
    // Selects the item (e.g. a held ticket the window just created) once it is listed.
    void setCurrentItem(qint64 itemId);
    QString stateText(int row) const;

    QPushButton *retryButton() const { return m_retry; } // "Send now"
    QPushButton *editButton() const { return m_edit; }
    QPushButton *resolveButton() const { return m_resolve; }
    QPushButton *cancelButton() const { return m_cancel; } // "Discard"

    static QString stateLabel(OutboxState state);

    // The user chose to work offline: Send now still makes the item due, and says that it
    // goes out only once they are back online.
    void setWorkingOffline(bool offline);

public slots:
    void reload();
    void retryCurrent();
    void editCurrent();
    void resolveCurrent();
    void cancelCurrent();

signals:
    // An unsent new ticket (queued, held or failed): the window reopens it in the submission
    // form and its confirmation, then calls Outbox::updatePayload.
    void editCreateRequested(const td::OutboxItem &item);
    // Resolve: the main window shows the conflict dialog (so tests can drive it too).
    void resolveRequested(const td::OutboxItem &item);
    void editTransitionRequested(const td::OutboxItem &item);
    void message(const QString &text);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    static QString workingOfflineText();
    void ensureModel();
    void updateSummary();
    void updateButtons();
    std::optional<OutboxItem> currentItem() const;

    QPointer<Outbox> m_outbox;
    QPointer<TicketSource> m_tickets;
    std::unique_ptr<OutboxModel> m_model;
    OutboxLabels *m_labels = nullptr;
    bool m_workingOffline = false;
    qint64 m_wantedCurrent = 0; // setCurrentItem() before the item was listed
    QTreeView *m_list = nullptr;
    QLabel *m_summary = nullptr;
    QPushButton *m_retry = nullptr;
    QPushButton *m_edit = nullptr;
    QPushButton *m_resolve = nullptr;
    QPushButton *m_cancel = nullptr;
};

} // namespace td
