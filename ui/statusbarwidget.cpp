#include "statusbarwidget.h"

#include "labels.h"
#include "theme.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QProgressBar>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace td {

StatusBarWidget::StatusBarWidget(QWidget *parent, Clock clock)
    : QWidget(parent)
    , m_clock(clock ? std::move(clock) : Clock([] { return QDateTime::currentDateTimeUtc(); }))
    , m_connection(new QLabel(this))
    , m_freshness(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_outbox(new QLabel(this))
    , m_tick(new QTimer(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(12);
    layout->addWidget(m_freshness);
    layout->addWidget(m_progress);
    layout->addWidget(m_outbox);
    layout->addWidget(m_connection);

    m_progress->setMaximumWidth(140);
    m_progress->setMaximumHeight(14);
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_progress->setAccessibleName(tr("Sync progress"));
    m_connection->setAccessibleName(tr("Connection"));
    m_freshness->setAccessibleName(tr("Last sync"));
    m_outbox->setAccessibleName(tr("Outbox"));
    m_outbox->setCursor(Qt::PointingHandCursor);
    m_outbox->setToolTip(tr("Show the outbox"));
    m_outbox->installEventFilter(this);

    // "synced 3 min ago" must age while nothing else happens.
    m_tick->setInterval(15'000);
    connect(m_tick, &QTimer::timeout, this, &StatusBarWidget::refresh);
    m_tick->start();
    refresh();
}

void StatusBarWidget::setOnline(bool online)
{
    m_online = online;
    refresh();
}

void StatusBarWidget::setWorkingOffline(bool workingOffline)
{
    m_workingOffline = workingOffline;
    refresh();
}

void StatusBarWidget::setLastSynced(const QDateTime &when)
{
    m_lastSynced = when;
    refresh();
}

void StatusBarWidget::setSyncProgress(qint64 done, qint64 total)
{
    if (total == 0 || (total > 0 && done >= total)) {
        setSyncing(false);
        return;
    }
    m_syncing = true;
    if (total < 0) {
        m_progress->setRange(0, 0);
    } else {
        // QProgressBar takes int; scale to per mille so huge totals still fit.
        m_progress->setRange(0, 1000);
        m_progress->setValue(int(done * 1000 / total));
    }
    refresh();
}

void StatusBarWidget::setSyncing(bool syncing)
{
    m_syncing = syncing;
    if (syncing && m_progress->maximum() != 0 && m_progress->value() <= 0)
        m_progress->setRange(0, 0);
    refresh();
}

void StatusBarWidget::setIndexing(Indexing indexing)
{
    m_indexing = indexing;
    refresh();
}

void StatusBarWidget::setOutboxCount(int count)
{
    m_outboxCount = count;
    refresh();
}

void StatusBarWidget::setSignedOut(const QString &why)
{
    m_signedOut = why;
    refresh();
}

QString StatusBarWidget::connectionText() const
{
    if (!m_signedOut.isEmpty())
        return tr("Signed out");
    if (m_workingOffline)
        return tr("Working offline");
    return m_online ? tr("Online") : tr("Offline");
}

void StatusBarWidget::setSyncProblem(const QString &problem)
{
    m_problem = problem;
    refresh();
}

QString StatusBarWidget::freshnessText() const
{
    if (m_syncing)
        return tr("Syncing…");
    if (m_indexing == Indexing::Building)
        return tr("Building sort indexes…");
    if (!m_problem.isEmpty())
        return tr("Sync failed");
    if (!m_lastSynced.isValid())
        return tr("Never synced");
    const qint64 secs = m_lastSynced.secsTo(m_clock());
    if (secs < 60)
        return tr("Synced just now");
    const qint64 minutes = secs / 60;
    if (minutes < 60)
        return tr("Synced %n min ago", nullptr, int(minutes));
    const qint64 hours = minutes / 60;
    if (hours < 48)
        return tr("Synced %n hour(s) ago", nullptr, int(hours));
    return tr("Synced %n day(s) ago", nullptr, int(hours / 24));
}

QString StatusBarWidget::freshnessToolTip() const
{
    if (!m_problem.isEmpty())
        return asWritten(m_problem);
    if (m_indexing != Indexing::None)
        return tr("The first sync stores the tickets first and builds the indexes for the other "
                  "sort orders at its end. Until then, sorting by a column other than Updated "
                  "may take a moment.");
    return {};
}

QString StatusBarWidget::outboxText() const
{
    if (m_outboxCount == 0)
        return tr("Outbox empty");
    return tr("%n unsent", nullptr, m_outboxCount);
}

bool StatusBarWidget::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_outbox && event->type() == QEvent::MouseButtonRelease) {
        emit outboxClicked();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

namespace {

// Bold and in a tone while it needs attention; plain otherwise. The text says it too.
void stress(QLabel *label, std::optional<Tone> tone)
{
    QFont font = label->font();
    if (font.bold() != tone.has_value()) {
        font.setBold(tone.has_value());
        label->setFont(font);
    }
    setTextTone(label, tone);
}

} // namespace

void StatusBarWidget::refresh()
{
    m_connection->setText(connectionText());
    const bool online = m_online && !m_workingOffline && m_signedOut.isEmpty();
    // Colour is only a second channel; the text says it too.
    stress(m_connection, online ? std::nullopt : std::optional(Tone::WarningText));
    m_connection->setToolTip(asWritten(m_signedOut)); // the server's words
    m_freshness->setText(freshnessText());
    m_freshness->setToolTip(freshnessToolTip());
    stress(m_freshness, m_problem.isEmpty() ? std::nullopt : std::optional(Tone::ErrorText));
    const bool building = !m_syncing && m_indexing == Indexing::Building;
    if (building && m_progress->maximum() != 0)
        m_progress->setRange(0, 0); // no steps to count: busy
    m_progress->setVisible(m_syncing || building);
    m_outbox->setText(outboxText());
    stress(m_outbox, m_outboxCount > 0 ? std::optional(Tone::QueuedText) : std::nullopt);
}

} // namespace td
