#pragma once

#include <QDateTime>
#include <QWidget>

#include <functional>

class QLabel;
class QProgressBar;
class QTimer;

namespace td {

// The permanent right-hand part of the status bar: online/offline, how fresh the cache is
// (or the progress of a running sync) and how much unsent work waits in the outbox. It only
// displays what it is told, so the main window can feed it from the sync engine.
class StatusBarWidget : public QWidget
{
    Q_OBJECT

public:
    using Clock = std::function<QDateTime()>;
    explicit StatusBarWidget(QWidget *parent = nullptr, Clock clock = {});

    void setOnline(bool online);
    void setWorkingOffline(bool workingOffline);
    void setLastSynced(const QDateTime &when);
    // total < 0: size unknown (busy indicator); done == total or total == 0: finished.
    void setSyncProgress(qint64 done, qint64 total);
    void setSyncing(bool syncing);
    void setOutboxCount(int count);
    // Why the last sync failed, in a sentence (empty: it did not). Shown until a sync works.
    void setSyncProblem(const QString &problem);
    // Signed out (no token, or the server refused it): shown instead of online/offline until
    // the user signs in again; `why` is the tooltip. Empty: signed in.
    void setSignedOut(const QString &why);
    bool isSignedOut() const { return !m_signedOut.isEmpty(); }
    // A first sync stores its tickets before it builds the indexes of the other sort orders:
    // Deferred while it runs, Building afterwards (a busy indicator), None otherwise.
    enum class Indexing { None, Deferred, Building };
    void setIndexing(Indexing indexing);
    QString syncProblem() const { return m_problem; }

    QString connectionText() const;
    QString freshnessText() const;
    QString freshnessToolTip() const;
    QString outboxText() const;

signals:
    void outboxClicked();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refresh();

    Clock m_clock;
    QLabel *m_connection = nullptr;
    QLabel *m_freshness = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_outbox = nullptr;
    QTimer *m_tick = nullptr;
    QDateTime m_lastSynced;
    bool m_online = false;
    Indexing m_indexing = Indexing::None;
    bool m_workingOffline = false;
    QString m_signedOut;
    bool m_syncing = false;
    int m_outboxCount = 0;
    QString m_problem;
};

} // namespace td
