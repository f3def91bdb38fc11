#include "outboxview.h"

#include "core/ticketquery.h"
#include "labels.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {
namespace {
enum Column { WhatColumn, TicketColumn, StateColumn, AttemptsColumn, ErrorColumn, TimeColumn };
constexpr int IdRole = Qt::UserRole + 1;
} // namespace

OutboxView::OutboxView(QWidget *parent)
    : QWidget(parent)
    , m_list(new QTreeWidget(this))
    , m_summary(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_summary);
    layout->addWidget(m_list);
    auto *buttons = new QHBoxLayout;
    m_retry = new QPushButton(tr("&Retry now"), this);
    m_edit = new QPushButton(tr("&Edit…"), this);
    m_resolve = new QPushButton(tr("Re&solve…"), this);
    m_cancel = new QPushButton(tr("Ca&ncel item"), this);
    for (QPushButton *b : {m_retry, m_edit, m_resolve, m_cancel})
        buttons->addWidget(b);
    buttons->addStretch();
    layout->addLayout(buttons);

    m_list->setHeaderLabels(
            {tr("Change"), tr("Ticket"), tr("State"), tr("Attempts"), tr("Problem"), tr("Queued")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->setAccessibleName(tr("Outbox items"));
    m_list->header()->setSectionResizeMode(ErrorColumn, QHeaderView::Stretch);
    m_list->header()->setStretchLastSection(false);
    m_retry->setAccessibleName(tr("Retry now"));
    m_edit->setAccessibleName(tr("Edit item"));
    m_resolve->setAccessibleName(tr("Resolve conflict"));
    m_cancel->setAccessibleName(tr("Cancel item"));
    setFocusProxy(m_list);

    connect(m_list, &QTreeWidget::currentItemChanged, this, &OutboxView::updateButtons);
    connect(m_list, &QTreeWidget::itemActivated, this, [this] {
        const auto item = currentItem();
        if (!item)
            return;
        if (item->state == OutboxState::Conflict)
            resolveCurrent();
        else if (item->state == OutboxState::Failed)
            editCurrent();
    });
    connect(m_retry, &QPushButton::clicked, this, &OutboxView::retryCurrent);
    connect(m_edit, &QPushButton::clicked, this, &OutboxView::editCurrent);
    connect(m_resolve, &QPushButton::clicked, this, &OutboxView::resolveCurrent);
    connect(m_cancel, &QPushButton::clicked, this, &OutboxView::cancelCurrent);
    reload();
}

void OutboxView::setOutbox(Outbox *outbox, TicketSource *tickets)
{
    if (m_outbox)
        disconnect(m_outbox, nullptr, this, nullptr);
    m_outbox = outbox;
    m_tickets = tickets;
    if (outbox)
        connect(outbox, &Outbox::changed, this, &OutboxView::reload);
    reload();
}

QString OutboxView::stateLabel(OutboxState state)
{
    switch (state) {
    case OutboxState::Queued:
        return tr("Waiting");
    case OutboxState::Sending:
        return tr("Sending");
    case OutboxState::Sent:
        return tr("Sent");
    case OutboxState::Failed:
        return tr("Failed");
    case OutboxState::Conflict:
        return tr("Conflict");
    case OutboxState::Held:
        return tr("Held");
    }
    return {};
}

void OutboxView::reload()
{
    const qint64 keep = currentItemId();
    m_list->clear();
    if (!m_outbox) {
        m_summary->setText(tr("No account."));
        updateButtons();
        return;
    }
    // The unsent items and a bounded history of sent ones, both read by index.
    const Result<QList<OutboxItem>> unsent = m_outbox->unsent();
    const Result<QList<OutboxItem>> recent = m_outbox->recent(200);
    if (!unsent || !recent) {
        m_summary->setText(tr("The outbox cannot be read from this computer's disk."));
        updateButtons();
        return;
    }
    QList<OutboxItem> items(recent.value().crbegin(), recent.value().crend());
    items.append(unsent.value());
    int pending = 0;
    QStyle *style = QApplication::style();
    for (const OutboxItem &item : items) {
        auto *row = new QTreeWidgetItem(m_list);
        row->setData(0, IdRole, item.id);
        QString what;
        QString ticket;
        if (item.kind == OutboxKind::Create) {
            what = tr("New ticket");
            ticket = item.payload.value(u"title"_s).toString();
        } else {
            const auto to = item.transitionTo();
            what = to ? QString(transitionActionLabel(*to)).remove(u'&') : tr("Transition");
            const auto t = m_tickets ? m_tickets->ticket(item.ticketId) : std::nullopt;
            ticket = t ? u"#"_s + QString::number(t->number) + u" "_s + t->title : item.ticketId;
        }
        row->setText(WhatColumn, what);
        row->setText(TicketColumn, ticket);
        row->setToolTip(TicketColumn, ticket);
        row->setText(StateColumn, stateLabel(item.state));
        row->setText(AttemptsColumn, QString::number(item.attempts));
        if (item.lastError && item.state != OutboxState::Sent) {
            QString problem = item.lastError->message;
            if (item.lastError->httpStatus == 0 && problem.isEmpty())
                problem = tr("No connection");
            row->setText(ErrorColumn, problem);
            row->setToolTip(ErrorColumn, problem);
        }
        row->setText(TimeColumn,
                     QLocale().toString(item.createdAt.toLocalTime(), QLocale::ShortFormat));
        switch (item.state) {
        case OutboxState::Queued:
        case OutboxState::Sending:
            row->setIcon(StateColumn, style->standardIcon(QStyle::SP_ArrowUp));
            ++pending;
            break;
        case OutboxState::Sent:
            row->setIcon(StateColumn, style->standardIcon(QStyle::SP_DialogApplyButton));
            break;
        case OutboxState::Failed:
            row->setIcon(StateColumn, style->standardIcon(QStyle::SP_MessageBoxCritical));
            ++pending;
            break;
        case OutboxState::Conflict:
            row->setIcon(StateColumn, style->standardIcon(QStyle::SP_MessageBoxWarning));
            ++pending;
            break;
        case OutboxState::Held:
            row->setIcon(StateColumn, style->standardIcon(QStyle::SP_MediaPause));
            ++pending;
            break;
        }
    }
    for (int c = 0; c < m_list->columnCount(); ++c) {
        if (c != ErrorColumn)
            m_list->resizeColumnToContents(c);
    }
    m_summary->setText(pending == 0 ? tr("Nothing waits to be sent.")
                                    : tr("%n item(s) not sent yet.", nullptr, pending));
    if (keep)
        setCurrentItem(keep);
    updateButtons();
}

int OutboxView::rowOf(qint64 itemId) const
{
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        if (m_list->topLevelItem(i)->data(0, IdRole).toLongLong() == itemId)
            return i;
    }
    return -1;
}

qint64 OutboxView::currentItemId() const
{
    QTreeWidgetItem *item = m_list->currentItem();
    return item ? item->data(0, IdRole).toLongLong() : 0;
}

void OutboxView::setCurrentItem(qint64 itemId)
{
    const int row = rowOf(itemId);
    if (row >= 0)
        m_list->setCurrentItem(m_list->topLevelItem(row));
}

QString OutboxView::stateText(int row) const
{
    QTreeWidgetItem *item = m_list->topLevelItem(row);
    return item ? item->text(StateColumn) : QString();
}

std::optional<OutboxItem> OutboxView::currentItem() const
{
    const qint64 id = currentItemId();
    if (!id || !m_outbox)
        return std::nullopt;
    const Result<std::optional<OutboxItem>> item = m_outbox->item(id);
    if (!item)
        return std::nullopt; // unreadable: no action is offered; reload() says why
    return item.value();     // empty: gone meanwhile (sent and pruned, or cancelled)
}

void OutboxView::updateButtons()
{
    const auto item = currentItem();
    const OutboxState state = item ? item->state : OutboxState::Sent;
    m_retry->setEnabled(item
                        && (state == OutboxState::Queued || state == OutboxState::Failed
                            || state == OutboxState::Held));
    m_edit->setEnabled(item && state == OutboxState::Failed);
    m_resolve->setEnabled(item && state == OutboxState::Conflict);
    m_cancel->setEnabled(item
                         && (state == OutboxState::Queued || state == OutboxState::Failed
                             || state == OutboxState::Conflict || state == OutboxState::Held));
}

void OutboxView::retryCurrent()
{
    const auto item = currentItem();
    if (!item || !m_outbox)
        return;
    // A held ticket is released as it is; otherwise the same payload is due now with its
    // error cleared (and keeps its idempotency key: the same body is the same request).
    const Status sent = item->state == OutboxState::Held
                                ? m_outbox->release(item->id)
                                : m_outbox->updatePayload(item->id, item->payload);
    if (!sent)
        emit message(tr("This item can no longer be retried."));
}

void OutboxView::editCurrent()
{
    const auto item = currentItem();
    if (!item)
        return;
    if (item->kind == OutboxKind::Create)
        emit editCreateRequested(*item);
    else
        emit editTransitionRequested(*item);
}

void OutboxView::resolveCurrent()
{
    const auto item = currentItem();
    if (item && item->state == OutboxState::Conflict)
        emit resolveRequested(*item);
}

void OutboxView::cancelCurrent()
{
    const auto item = currentItem();
    if (!item || !m_outbox)
        return;
    if (!m_outbox->cancel(item->id))
        emit message(tr("Too late: this item is being sent or was sent."));
}

} // namespace td
