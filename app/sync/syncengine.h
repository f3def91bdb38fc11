#pragma once

#include "api/apiclient.h"
#include "store/backgroundwriter.h"
#include "store/outbox.h"
#include "store/ticketcache.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <optional>

namespace td {

// Keeps one account's cache in step with its server and delivers its outbox.
//
// Delta sync reads /api/changes?since= page by page; each page and the new cursor are stored
// in one transaction, so a crash or a cancel never loses or skips a change. Pages are stored
// on a worker thread (BackgroundWriter) one at a time, in order, while the next page is
// fetched: at most one page in flight and one waiting, and the thread this engine lives on
// (the UI's) only hands pages over. Outbox items are
// sent one at a time, oldest first: creates with the Idempotency-Key made when they were
// queued (a resend after a lost answer or a crash is replayed by the server, never doubled),
// transitions with their expected_version. Transient failures (network, 429, 5xx) go back to
// the queue with exponential backoff plus jitter, never sooner than Retry-After; refusals
// stay in the outbox for the user (validation errors with their fieldErrors, conflicts with
// the server's current ticket); a 401 pauses the account until the user signs in again.
// The clock and the jitter source are injected, so tests drive retries without sleeping.
class SyncEngine : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Online,  // idle, connected
        Syncing, // fetching changes or sending the outbox
        Offline, // no network, the server unreachable, or the user chose to work offline
        Paused,  // the server refused the token: nothing is sent until resume()
    };
    Q_ENUM(State)

    // The indexes a first sync builds at its end (BackgroundWriter::deferIndexesIfEmpty):
    // Deferred while the sync stores pages without them (sorting by a column other than
    // Updated, a status or project view and a saved view's count read every ticket), Building
    // while they are made, Ready otherwise.
    enum class IndexState { Ready, Deferred, Building };
    Q_ENUM(IndexState)

    struct Options
    {
        int pageSize = 1000;
        int baseRetryMs = 2000;         // first retry after 1-2 s (with jitter)
        int maxRetryMs = 5 * 60 * 1000; // backoff ceiling
        int probeMs = 5000;             // first health probe after going offline
        int maxProbeMs = 2 * 60 * 1000; // probe interval ceiling
        int pollMs = 60 * 1000;         // delta sync this often once started (0: never)
    };

    SyncEngine(ApiClient *api, TicketCache *cache, Outbox *outbox, QObject *parent = nullptr);
    ~SyncEngine() override;

    void setOptions(const Options &options) { m_options = options; }
    // "Now" in UTC; use the same clock as the Outbox.
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }
    // Uniform in [0, 1), for jitter.
    void setRandom(std::function<double()> random) { m_random = std::move(random); }
    // The signed-in user's id: a version_conflict that this user's own earlier change caused
    // (the ticket's last event is theirs, to the same status) counts as sent.
    void setUserId(const QString &userId) { m_userId = userId; }
    // Follows QNetworkInformation when a backend is available (absent headless: then request
    // failures and successes alone decide online/offline).
    void watchSystemNetwork();

    State state() const;
    bool isWorkingOffline() const { return m_workOffline; }
    bool isPaused() const { return m_paused; }
    bool isSyncing() const { return m_syncCall != nullptr || m_syncRunning; }
    // Sync pages go to a worker thread (false: stored on this thread, see BackgroundWriter).
    bool storesInBackground() const { return m_writer->isThreaded(); }
    QDateTime lastSyncAt() const { return m_lastSyncAt; }
    IndexState indexState() const { return m_indexState; }

    // The wait before retry number `attempts` (1 = first retry): base * 2^(attempts-1), capped,
    // scaled by jitter in [0.5, 1); never less than Retry-After when the server gave one.
    static qint64 retryDelayMs(int attempts, std::optional<int> retryAfterSeconds, double random,
                               const Options &options);

public Q_SLOTS:
    // First sync and outbox pass after opening the account (items a crash left "sending" are
    // back in the queue by then and go out with their original key).
    void start();
    void syncNow();       // fetch changes (no-op while offline, paused or already syncing)
    void cancelSync();    // stop after the page in flight; what was stored stays stored
    void processOutbox(); // send what is due now
    void setWorkOffline(bool offline);
    // The user signed in again (the ApiClient has a new token): sync and send again.
    void resume();
    // No token yet (or none at all): nothing is sent and no sync runs until resume(). Unlike
    // a refused token this is not news, so authProblem() is not emitted.
    void holdForSignIn();
    // Reachability from the platform (or a test). false: offline until it comes back.
    void setNetworkReachable(bool reachable);

Q_SIGNALS:
    void stateChanged(td::SyncEngine::State state);
    void syncProgress(int ticketsSoFar, int estimate);
    void syncFinished(const QDateTime &at);
    void indexStateChanged(td::SyncEngine::IndexState state);
    void syncFailed(const td::Error &error);
    void outboxChanged();
    void newTicketsArrived(int count);
    // The server refused the token; `relinkGithub`: re-linking GitHub may fix it.
    void authProblem(bool relinkGithub);
    // An outbox item reached the server. `replayed`: the server answered with an earlier
    // ticket (200) rather than making one (201).
    void itemSent(const td::OutboxItem &item, const td::Ticket &ticket, bool replayed);

private:
    bool canUseNetwork() const { return !m_workOffline && !m_paused && !m_networkDown; }
    void fetchPage(qint64 since);
    void onPage(qint64 since, const Result<ChangesPage> &result);
    void storePage(const ChangesPage &page, bool more);
    void onPageStored(const ApplyResult &applied, int count, bool more);
    void maybeFinishSync();
    void finishSync(bool ok);
    QList<OutboxItem> sendable();
    void sendItem(const OutboxItem &item);
    void onItemFailed(const OutboxItem &item, const Error &error);
    void recordConflict(const OutboxItem &item, const Error &error);
    void markSent(const OutboxItem &item, const Ticket &ticket, bool replayed);
    void itemDone();
    void noteSuccess();
    void noteFailure(const Error &error);
    void pause(bool relinkGithub);
    void scheduleWake();
    void scheduleProbe();
    void probe();
    void kick();
    void updateState();
    void setIndexState(IndexState state);
    QDateTime now() const { return m_clock(); }

    ApiClient *m_api;
    TicketCache *m_cache;
    Outbox *m_outbox;
    BackgroundWriter *m_writer;
    Options m_options;
    std::function<QDateTime()> m_clock;
    std::function<double()> m_random;
    QString m_userId;

    bool m_shuttingDown = false;
    bool m_workOffline = false;
    bool m_paused = false;
    bool m_networkDown = false;
    State m_lastState = State::Online;

    // Delta sync in progress.
    QPointer<ApiCall> m_syncCall;
    bool m_syncRunning = false;
    bool m_cancelRequested = false;
    bool m_resyncRequested = false;
    bool m_fetchDone = false;  // no page left to ask for (last page, failure or cancel)
    bool m_syncFailed = false; // a fetch or a store failed: this sync does not finish ok
    bool m_storing = false;    // a page is with the writer
    std::optional<std::pair<ChangesPage, bool>> m_waitingPage; // fetched, not yet handed over
    qint64 m_initialSince = 0;
    IndexState m_indexState = IndexState::Ready;
    bool m_mayDeferIndexes = false; // a first sync whose first page is not stored yet
    int m_fetched = 0;
    int m_newTickets = 0;
    QDateTime m_lastSyncAt;

    // Outbox sending.
    QPointer<ApiCall> m_sendCall;
    bool m_sending = false;
    bool m_kickPending = false;
    QDateTime m_holdUntil; // after a 429/503: nothing is sent before this
    QTimer m_wakeTimer;

    // Offline probing.
    QTimer m_pollTimer;
    QTimer m_probeTimer;
    int m_probeFailures = 0;
    QPointer<ApiCall> m_probeCall;
};

} // namespace td
