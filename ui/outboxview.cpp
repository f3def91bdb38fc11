#include "outboxview.h"

#include "core/ticketquery.h"
#include "labels.h"
#include "store/outboxmodel.h"
#include "theme.h"

#include <QApplication>
#include <QBrush>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QIcon>
#include <QIdentityProxyModel>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStyle>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

// The model's values in words and icons: the store knows no translations, so the view says
// "Held" for "held" and "Triage" for a transition to triaged.
class OutboxLabels : public QIdentityProxyModel
{
public:
    using QIdentityProxyModel::QIdentityProxyModel;

    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
            return QIdentityProxyModel::headerData(section, orientation, role);
        switch (section) {
        case OutboxModel::WhatColumn:
            return OutboxView::tr("Change");
        case OutboxModel::TicketColumn:
            return OutboxView::tr("Ticket");
        case OutboxModel::StateColumn:
            return OutboxView::tr("State");
        case OutboxModel::AttemptsColumn:
            return OutboxView::tr("Attempts");
        case OutboxModel::ProblemColumn:
            return OutboxView::tr("Problem");
        case OutboxModel::QueuedColumn:
            return OutboxView::tr("Queued");
        }
        return {};
    }

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role == Qt::ForegroundRole && index.column() == OutboxModel::StateColumn)
            return stateBrush(OutboxState(index.data(OutboxModel::StateRole).toInt()));
        if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != Qt::DecorationRole)
            return QIdentityProxyModel::data(index, role);
        // Titles and the server's error messages are other people's words: shown as written.
        if (role == Qt::ToolTipRole) {
            const QVariant shown = data(index, Qt::DisplayRole);
            return shown.isValid() ? QVariant(asWritten(shown.toString())) : shown;
        }
        const auto state = OutboxState(index.data(OutboxModel::StateRole).toInt());
        if (role == Qt::DecorationRole)
            return index.column() == OutboxModel::StateColumn ? stateIcon(state) : QVariant();
        switch (index.column()) {
        case OutboxModel::WhatColumn: {
            if (OutboxKind(index.data(OutboxModel::KindRole).toInt()) == OutboxKind::Create)
                return OutboxView::tr("New ticket");
            const auto to
                    = ticketStatusFromWire(index.data(OutboxModel::TransitionToRole).toString());
            return to ? QString(transitionActionLabel(*to)).remove(u'&')
                      : OutboxView::tr("Transition");
        }
        case OutboxModel::StateColumn:
            return OutboxView::stateLabel(state);
        case OutboxModel::ProblemColumn: {
            const QString problem = QIdentityProxyModel::data(index, Qt::DisplayRole).toString();
            if (problem.isEmpty() && state != OutboxState::Sent
                && index.data(OutboxModel::NoConnectionRole).toBool())
                return OutboxView::tr("No connection");
            return problem;
        }
        case OutboxModel::QueuedColumn:
            return QLocale().toString(
                    QIdentityProxyModel::data(index, Qt::DisplayRole).toDateTime(),
                    QLocale::ShortFormat);
        default:
            return QIdentityProxyModel::data(index, Qt::DisplayRole);
        }
    }

private:
    // The state in the theme's colours, as the ticket list marks the same tickets.
    static QVariant stateBrush(OutboxState state)
    {
        const QPalette palette = QApplication::palette();
        switch (state) {
        case OutboxState::Queued:
        case OutboxState::Sending:
        case OutboxState::Held:
            return QBrush(toneColor(Tone::QueuedText, palette));
        case OutboxState::Failed:
            return QBrush(toneColor(Tone::ErrorText, palette));
        case OutboxState::Conflict:
            return QBrush(toneColor(Tone::WarningText, palette));
        case OutboxState::Sent:
            break;
        }
        return {};
    }

    // Made once: a style's standard icon is decoded from its image each time it is asked for,
    // which cost more than the rest of painting the dock.
    QIcon stateIcon(OutboxState state) const
    {
        auto cached = m_icons.constFind(int(state));
        if (cached == m_icons.cend())
            cached = m_icons.insert(int(state), makeIcon(state));
        return *cached;
    }

    static QIcon makeIcon(OutboxState state)
    {
        QStyle *style = QApplication::style();
        switch (state) {
        case OutboxState::Queued:
        case OutboxState::Sending:
            return style->standardIcon(QStyle::SP_ArrowUp);
        case OutboxState::Sent:
            return style->standardIcon(QStyle::SP_DialogApplyButton);
        case OutboxState::Failed:
            return style->standardIcon(QStyle::SP_MessageBoxCritical);
        case OutboxState::Conflict:
            return style->standardIcon(QStyle::SP_MessageBoxWarning);
        case OutboxState::Held:
            return style->standardIcon(QStyle::SP_MediaPause);
        }
        return {};
    }

    mutable QHash<int, QIcon> m_icons;
};

OutboxView::OutboxView(QWidget *parent)
    : QWidget(parent)
    , m_labels(new OutboxLabels(this))
    , m_list(new QTreeView(this))
    , m_summary(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_summary);
    layout->addWidget(m_list);
    auto *buttons = new QHBoxLayout;
    m_retry = new QPushButton(tr("Send &now"), this);
    m_edit = new QPushButton(tr("&Edit…"), this);
    m_resolve = new QPushButton(tr("Re&solve…"), this);
    m_cancel = new QPushButton(tr("&Discard"), this);
    for (QPushButton *b : {m_retry, m_edit, m_resolve, m_cancel})
        buttons->addWidget(b);
    buttons->addStretch();
    layout->addLayout(buttons);

    m_list->setModel(m_labels);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true); // row heights are never measured row by row
    m_list->setAlternatingRowColors(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setAllColumnsShowFocus(true);
    m_list->setAccessibleName(tr("Outbox items"));
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setDefaultSectionSize(90);
    m_retry->setAccessibleName(tr("Send now"));
    m_edit->setAccessibleName(tr("Edit item"));
    m_resolve->setAccessibleName(tr("Resolve conflict"));
    m_cancel->setAccessibleName(tr("Discard item"));
    setFocusProxy(m_list);

    connect(m_list, &QTreeView::activated, this, [this] {
        const auto item = currentItem();
        if (!item)
            return;
        if (item->state == OutboxState::Conflict)
            resolveCurrent();
        else if (m_edit->isEnabled())
            editCurrent();
    });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &OutboxView::updateButtons);
    connect(m_retry, &QPushButton::clicked, this, &OutboxView::retryCurrent);
    connect(m_edit, &QPushButton::clicked, this, &OutboxView::editCurrent);
    connect(m_resolve, &QPushButton::clicked, this, &OutboxView::resolveCurrent);
    connect(m_cancel, &QPushButton::clicked, this, &OutboxView::cancelCurrent);
    updateSummary();
    updateButtons();
}

OutboxView::~OutboxView()
{
    // The proxy goes before the model it reads.
    m_list->setModel(nullptr);
    m_labels->setSourceModel(nullptr);
}

void OutboxView::setOutbox(Outbox *outbox, TicketSource *tickets)
{
    m_labels->setSourceModel(nullptr);
    m_model.reset();
    m_outbox = outbox;
    m_tickets = tickets;
    m_wantedCurrent = 0;
    if (isVisible())
        ensureModel();
    updateSummary();
    updateButtons();
}

void OutboxView::ensureModel()
{
    if (m_model || !m_outbox)
        return;
    // Built on first show: until then a hidden dock has read nothing at all.
    m_model = std::make_unique<OutboxModel>(m_outbox, m_tickets);
    m_labels->setSourceModel(m_model.get());
    // Fixed widths instead of resizing to contents, which would measure every row.
    QHeaderView *header = m_list->header();
    header->resizeSection(OutboxModel::WhatColumn, 120);
    header->resizeSection(OutboxModel::TicketColumn, 260);
    header->resizeSection(OutboxModel::AttemptsColumn, 70);
    header->resizeSection(OutboxModel::QueuedColumn, 130);
    header->setSectionResizeMode(OutboxModel::ProblemColumn, QHeaderView::Stretch);
    connect(m_model.get(), &OutboxModel::unsentCountChanged, this, &OutboxView::updateSummary);
    connect(m_model.get(), &QAbstractItemModel::modelReset, this, &OutboxView::updateSummary);
    // Rows come and go while the user looks: keep the buttons true to the selection, and
    // select an item the window asked for as soon as it is listed.
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved}) {
        connect(m_model.get(), signal, this, [this] {
            if (m_wantedCurrent)
                setCurrentItem(m_wantedCurrent);
            updateButtons();
        });
    }
    connect(m_model.get(), &QAbstractItemModel::modelReset, this, &OutboxView::updateButtons);
    connect(m_model.get(), &QAbstractItemModel::dataChanged, this, &OutboxView::updateButtons);
}

void OutboxView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    ensureModel();
    if (m_model)
        m_model->setActive(true); // re-reads only if something changed while hidden
    if (m_wantedCurrent)
        setCurrentItem(m_wantedCurrent);
    updateSummary();
    updateButtons();
}

void OutboxView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    if (m_model)
        m_model->setActive(false);
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
    if (m_model && m_model->isActive())
        m_model->reload();
}

void OutboxView::updateSummary()
{
    if (!m_outbox) {
        m_summary->setText(tr("No account."));
        return;
    }
    if (!m_model)
        return; // not shown yet: nothing read, nothing to say
    if (m_model->lastError()) {
        m_summary->setText(tr("The outbox cannot be read from this computer's disk."));
        return;
    }
    const int pending = m_model->unsentCount();
    m_summary->setText(pending == 0 ? tr("Nothing waits to be sent.")
                                    : tr("%n item(s) not sent yet.", nullptr, pending));
}

int OutboxView::rowOf(qint64 itemId) const
{
    return m_model ? m_model->rowOf(itemId) : -1;
}

qint64 OutboxView::currentItemId() const
{
    const QModelIndex current = m_list->currentIndex();
    return current.isValid() ? current.data(OutboxModel::ItemIdRole).toLongLong() : 0;
}

void OutboxView::setCurrentItem(qint64 itemId)
{
    const int row = rowOf(itemId);
    if (row < 0) {
        m_wantedCurrent = itemId; // selected once it is listed (or the view is shown)
        return;
    }
    m_wantedCurrent = 0;
    m_list->setCurrentIndex(m_labels->index(row, OutboxModel::TicketColumn));
}

QString OutboxView::stateText(int row) const
{
    return m_labels->index(row, OutboxModel::StateColumn).data().toString();
}

std::optional<OutboxItem> OutboxView::currentItem() const
{
    if (!m_model)
        return std::nullopt;
    const OutboxItem *item = m_model->itemAt(m_list->currentIndex().row());
    return item ? std::optional(*item) : std::nullopt;
}

void OutboxView::updateButtons()
{
    const auto item = currentItem();
    const OutboxState state = item ? item->state : OutboxState::Sent;
    const bool create = item && item->kind == OutboxKind::Create;
    m_retry->setEnabled(item
                        && (state == OutboxState::Queued || state == OutboxState::Failed
                            || state == OutboxState::Held));
    m_retry->setToolTip(m_workingOffline             ? workingOfflineText()
                        : state == OutboxState::Held ? tr("Send this ticket now")
                                                     : tr("Try sending this item again now"));
    // Any new ticket not sent yet can be edited (it goes through the confirmation again);
    // a transition only once the server refused it.
    m_edit->setEnabled(item
                       && (create ? (state == OutboxState::Queued || state == OutboxState::Held
                                     || state == OutboxState::Failed)
                                  : state == OutboxState::Failed));
    m_resolve->setEnabled(item && state == OutboxState::Conflict);
    m_cancel->setEnabled(item
                         && (state == OutboxState::Queued || state == OutboxState::Failed
                             || state == OutboxState::Conflict || state == OutboxState::Held));
}

QString OutboxView::workingOfflineText()
{
    return tr("Working offline: nothing is sent until you go back online (Ctrl+Shift+W).");
}

void OutboxView::setWorkingOffline(bool offline)
{
    m_workingOffline = offline;
    updateButtons();
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
        emit message(sent.error().storage == StoreError::InvalidState
                                     || sent.error().storage == StoreError::NotFound
                             ? tr("This item can no longer be sent from here.")
                             : tr("The outbox on this computer refused the change."));
    else if (m_workingOffline)
        emit message(workingOfflineText());
}

void OutboxView::editCurrent()
{
    const auto item = currentItem();
    if (!item || !m_edit->isEnabled())
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
    const Status discarded = m_outbox->cancel(item->id);
    if (!discarded)
        emit message(discarded.error().storage == StoreError::InvalidState
                             ? tr("Too late: this item is being sent or was sent.")
                             : tr("The outbox on this computer refused the change."));
}

} // namespace td
