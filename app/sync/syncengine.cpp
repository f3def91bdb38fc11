#include "sync/syncengine.h"

#include <QLoggingCategory>
#include <QNetworkInformation>
#include <QRandomGenerator>
#include <QSet>

#include <cmath>
#include <utility>

using namespace Qt::StringLiterals;

namespace td {

namespace {

Q_LOGGING_CATEGORY(lcSync, "td.sync")

// An outbox write the engine cannot act on further (the item stays as it was on disk: an item
// left "sending" is queued again at the next open and resent with its key, so nothing is
// lost), logged so a full disk or a busy file is visible.
void logIfFailed(const Status &status, const char *what, qint64 itemId)
{
    if (!status.ok())
        qCWarning(lcSync) << "outbox item" << itemId << what
                          << "not recorded:" << toWire(status.error().storage)
                          << status.error().message;
}

OutboxError toOutboxError(const Error &error)
{
    OutboxError result;
    result.code = error.code;
    result.httpStatus = error.httpStatus;
    result.message = error.message.isEmpty() ? toName(error.network) : error.message;
    result.fieldErrors = error.fieldErrors;
    return result;
}

// Failures that say "the server cannot be reached", as opposed to "it answered badly".
bool meansUnreachable(const Error &error)
{
    switch (error.network) {
    case NetworkErrorKind::Timeout:
    case NetworkErrorKind::ConnectionRefused:
    case NetworkErrorKind::ConnectionReset:
    case NetworkErrorKind::HostNotFound:
    case NetworkErrorKind::Other:
        return true;
    default:
        return false;
    }
}

} // namespace

SyncEngine::SyncEngine(ApiClient *api, TicketCache *cache, Outbox *outbox, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_cache(cache)
    , m_outbox(outbox)
    , m_writer(new BackgroundWriter(cache, this))
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
    , m_random([] { return QRandomGenerator::global()->generateDouble(); })
{
    m_wakeTimer.setSingleShot(true);
    connect(&m_wakeTimer, &QTimer::timeout, this, &SyncEngine::processOutbox);
    // Changes made elsewhere arrive by polling /api/changes: cheap when nothing changed.
    connect(&m_pollTimer, &QTimer::timeout, this, &SyncEngine::syncNow);
    m_probeTimer.setSingleShot(true);
    connect(&m_probeTimer, &QTimer::timeout, this, &SyncEngine::probe);
    // New work queued by the user goes out without waiting for a timer.
    connect(m_outbox, &Outbox::changed, this, &SyncEngine::kick);
    m_lastSyncAt = m_cache->syncCursor().lastSyncAt;
    connect(m_writer, &BackgroundWriter::indexesBuilt, this, [this](int, bool complete) {
        // Incomplete (a busy file, a full disk): the note stays, the next sync's end
        // tries again.
        setIndexState(complete ? IndexState::Ready : IndexState::Deferred);
    });
    // An earlier run stopped in the middle of a first sync: its indexes are built first, before
    // any page this run stores.
    if (m_cache->indexesDeferred()) {
        m_indexState = IndexState::Building;
        m_writer->buildDeferredIndexes();
    }
}

SyncEngine::~SyncEngine()
{
    // An item in flight stays "sending" on disk; the next open puts it back in the queue and
    // it is resent with its key. Callbacks triggered by these aborts must not touch the store.
    m_shuttingDown = true;
    if (m_syncCall)
        m_syncCall->abort();
    if (m_sendCall)
        m_sendCall->abort();
    if (m_probeCall)
        m_probeCall->abort();
}

void SyncEngine::watchSystemNetwork()
{
    if (!QNetworkInformation::instance())
        QNetworkInformation::loadDefaultBackend();
    auto *info = QNetworkInformation::instance();
    if (!info || !info->supports(QNetworkInformation::Feature::Reachability))
        return;
    auto apply = [this](QNetworkInformation::Reachability reachability) {
        if (reachability == QNetworkInformation::Reachability::Unknown)
            return; // no opinion: keep relying on requests
        setNetworkReachable(reachability != QNetworkInformation::Reachability::Disconnected);
    };
    connect(info, &QNetworkInformation::reachabilityChanged, this, apply);
    apply(info->reachability());
}

SyncEngine::State SyncEngine::state() const
{
    if (m_paused)
        return State::Paused;
    if (m_workOffline || m_networkDown)
        return State::Offline;
    if (isSyncing() || m_sending)
        return State::Syncing;
    return State::Online;
}

void SyncEngine::setIndexState(IndexState state)
{
    if (m_indexState == state)
        return;
    m_indexState = state;
    Q_EMIT indexStateChanged(state);
}

void SyncEngine::updateState()
{
    const State current = state();
    if (current != m_lastState) {
        m_lastState = current;
        Q_EMIT stateChanged(current);
    }
}

qint64 SyncEngine::retryDelayMs(int attempts, std::optional<int> retryAfterSeconds, double random,
                                const Options &options)
{
    const int exponent = qBound(0, attempts - 1, 30);
    const double backoff = qMin(double(options.maxRetryMs),
                                double(options.baseRetryMs) * std::pow(2.0, exponent));
    // "Equal jitter": at least half the backoff, so retries spread out but never bunch at 0.
    qint64 delay = qint64(backoff * (0.5 + 0.5 * qBound(0.0, random, 1.0)));
    if (retryAfterSeconds)
        delay = qMax(delay, qint64(*retryAfterSeconds) * 1000);
    return delay;
}

// ---- delta sync ----------------------------------------------------------------------------

void SyncEngine::start()
{
    // Starting means there is a token: a hold for sign-in (or an earlier refusal) is over.
    m_paused = false;
    m_holdUntil = {};
    updateState();
    if (m_options.pollMs > 0)
        m_pollTimer.start(m_options.pollMs);
    syncNow();
    kick();
}

void SyncEngine::syncNow()
{
    if (!canUseNetwork())
        return;
    if (isSyncing()) {
        m_resyncRequested = true;
        return;
    }
    m_syncRunning = true;
    m_cancelRequested = false;
    m_resyncRequested = false;
    m_fetchDone = false;
    m_syncFailed = false;
    m_waitingPage.reset();
    m_initialSince = m_cache->syncCursor().nextSince;
    m_fetched = 0;
    m_newTickets = 0;
    updateState();
    m_mayDeferIndexes = m_initialSince == 0;
    fetchPage(m_initialSince);
}

void SyncEngine::cancelSync()
{
    if (!isSyncing())
        return;
    m_cancelRequested = true;
    if (m_syncCall)
        m_syncCall->abort();
}

void SyncEngine::fetchPage(qint64 since)
{
    m_syncCall = m_api->changes(
            since, m_options.pageSize, this,
            [this, since](const Result<ChangesPage> &result) { onPage(since, result); });
}

void SyncEngine::onPage(qint64 since, const Result<ChangesPage> &result)
{
    m_syncCall = nullptr;
    if (m_shuttingDown)
        return;
    if (m_cancelRequested) {
        m_fetchDone = true;
        maybeFinishSync();
        return;
    }
    if (!result.ok()) {
        noteFailure(result.error());
        Q_EMIT syncFailed(result.error());
        m_fetchDone = true;
        m_syncFailed = true;
        maybeFinishSync();
        return;
    }
    noteSuccess();
    const ChangesPage &page = result.value();
    const bool more = page.hasMore && page.nextSince > since;
    m_fetchDone = !more;
    if (m_storing) {
        // The writer is still on the previous page: this one waits (pages are stored in
        // order), and so does the next fetch, so memory holds two pages at most.
        m_waitingPage.emplace(page, more);
        return;
    }
    storePage(page, more);
}

void SyncEngine::storePage(const ChangesPage &page, bool more)
{
    m_storing = true;
    // A first sync with more than a page to come, into an empty cache, stores its rows without
    // the sort indexes and builds them once at its end: the writer drops them before it stores
    // this page (its queue is in order). A first sync of one page keeps them.
    if (std::exchange(m_mayDeferIndexes, false) && more && m_indexState == IndexState::Ready) {
        m_writer->deferIndexesIfEmpty([this](bool deferred) {
            if (!deferred || m_indexState != IndexState::Ready)
                return;
            setIndexState(IndexState::Deferred);
            if (!m_syncRunning) { // the sync ended before this arrived
                setIndexState(IndexState::Building);
                m_writer->buildDeferredIndexes();
            }
        });
    }
    const int count = int(page.tickets.size());
    const qint64 nextSince = page.nextSince;
    // Only a delta sync announces new tickets: the first full sync is not news.
    m_writer->applyPage(
            page.tickets, SyncCursor{nextSince, now()}, m_initialSince > 0,
            [this, count, more](const ApplyResult &applied) { onPageStored(applied, count, more); },
            page.ticketJson);
    // The server and the transfer proceed (on Qt's network thread) while the worker writes.
    // The cursor advances only with each stored page, so a failure loses nothing.
    if (more && !m_cancelRequested)
        fetchPage(nextSince);
}

void SyncEngine::onPageStored(const ApplyResult &applied, int count, bool more)
{
    m_storing = false;
    if (m_shuttingDown)
        return;
    if (!applied.ok()) {
        // The cache could not take it (a full disk, another writer): this computer's trouble,
        // not the server's or the network's.
        Q_EMIT syncFailed(Error::fromStore(applied.error, u"could not store a page of changes"_s));
        // Nothing after a page that was not stored may be stored, or the cursor would skip it.
        m_syncFailed = true;
        m_waitingPage.reset();
        m_fetchDone = true;
        if (m_syncCall) {
            m_cancelRequested = true;
            m_syncCall->abort(); // its callback finishes the sync
            return;
        }
        maybeFinishSync();
        return;
    }
    m_newTickets += applied.inserted;
    m_fetched += count;
    Q_EMIT syncProgress(m_fetched, m_fetched + (more ? m_options.pageSize : 0));
    if (!m_syncRunning)
        return; // cancelled (and finished) from a progress handler
    if (m_waitingPage && !m_cancelRequested) {
        const auto [page, pageMore] = std::move(*m_waitingPage);
        m_waitingPage.reset();
        storePage(page, pageMore);
        return;
    }
    m_waitingPage.reset();
    maybeFinishSync();
}

void SyncEngine::maybeFinishSync()
{
    // After a cancel nothing more is fetched, whatever the last page said.
    if (!m_syncRunning || m_syncCall || m_storing || !(m_fetchDone || m_cancelRequested))
        return;
    finishSync(!m_syncFailed && !m_cancelRequested);
}

void SyncEngine::finishSync(bool ok)
{
    m_syncRunning = false;
    m_syncCall = nullptr;
    m_waitingPage.reset();
    const bool cancelled = m_cancelRequested;
    m_cancelRequested = false;
    // Caught up, failed or cancelled: the indexes a first sync deferred are built now either
    // way (a later sync stores its pages with them, entry by entry, as usual).
    if (m_indexState == IndexState::Deferred) {
        setIndexState(IndexState::Building);
        m_writer->buildDeferredIndexes();
    }
    if (ok) {
        m_lastSyncAt = now();
        // Caught up (has_more false): a first sync leaves the search index in many segments,
        // which slows every search; the writer merges them on its thread when worthwhile.
        m_writer->mergeSearchIndexIfWorthwhile();
        Q_EMIT syncFinished(m_lastSyncAt);
        if (m_newTickets > 0)
            Q_EMIT newTicketsArrived(m_newTickets);
    }
    m_newTickets = 0;
    updateState();
    if (ok && m_resyncRequested && !cancelled) {
        syncNow();
        return;
    }
    if (ok)
        kick();
}

// ---- outbox ---------------------------------------------------------------------------------

void SyncEngine::kick()
{
    if (m_kickPending)
        return;
    m_kickPending = true;
    QMetaObject::invokeMethod(
            this,
            [this] {
                m_kickPending = false;
                processOutbox();
            },
            Qt::QueuedConnection);
}

QList<OutboxItem> SyncEngine::sendable()
{
    // The outbox answers from its indexes: what is due, oldest first, and each ticket's items
    // in the order they were queued ("triaged" then "in_progress" never the other way
    // round). Items go out one at a time, so one is all that is asked for.
    const Result<QList<OutboxItem>> due = m_outbox->sendable(1);
    if (!due) {
        qCWarning(lcSync) << "cannot read the outbox:" << toWire(due.error().storage);
        return {};
    }
    return due.value();
}

void SyncEngine::processOutbox()
{
    if (!canUseNetwork() || m_sending)
        return;
    if (m_holdUntil.isValid() && now() < m_holdUntil) {
        scheduleWake();
        return;
    }
    const QDateTime current = now();
    for (const OutboxItem &item : sendable()) {
        if (item.nextAttemptAt <= current) {
            sendItem(item);
            return;
        }
    }
    scheduleWake();
    updateState();
}

void SyncEngine::sendItem(const OutboxItem &item)
{
    if (const Status marked = m_outbox->markSending(item.id); !marked) {
        logIfFailed(marked, "markSending", item.id);
        scheduleWake();
        return;
    }
    m_sending = true;
    updateState();
    Q_EMIT outboxChanged();

    if (item.kind == OutboxKind::Create) {
        m_sendCall = m_api->createTicket(item.projectId, item.payload, item.idempotencyKey, this,
                                         [this, item](const Result<CreatedTicket> &result) {
                                             m_sendCall = nullptr;
                                             if (m_shuttingDown)
                                                 return;
                                             if (result.ok()) {
                                                 markSent(item, result.value().ticket,
                                                          result.value().replayed);
                                                 noteSuccess();
                                             } else {
                                                 onItemFailed(item, result.error());
                                             }
                                             itemDone();
                                         });
        return;
    }

    const std::optional<TicketStatus> to = item.transitionTo();
    if (!to) {
        // Not something this version can send; keep it for the user instead of guessing.
        OutboxError error;
        error.message = u"unreadable transition payload"_s;
        logIfFailed(m_outbox->markFailed(item.id, error), "markFailed", item.id);
        itemDone();
        return;
    }
    std::optional<int> expected;
    if (item.payload.contains(u"expected_version"_s))
        expected = item.payload.value(u"expected_version"_s).toInt();
    // The item's key goes with every try (CONTRACT 4.5, v1.1): after a lost answer the retry
    // is replayed by the server instead of colliding with its own first try.
    m_sendCall = m_api->transition(
            item.ticketId, *to, item.payload.value(u"note"_s).toString(), expected, this,
            [this, item](const Result<Ticket> &result) {
                m_sendCall = nullptr;
                if (m_shuttingDown)
                    return;
                if (result.ok()) {
                    markSent(item, result.value(), false);
                    noteSuccess();
                    itemDone();
                    return;
                }
                if (result.error().isConflict()) {
                    recordConflict(item, result.error()); // calls itemDone() itself
                    return;
                }
                onItemFailed(item, result.error());
                itemDone();
            },
            item.idempotencyKey);
}

void SyncEngine::markSent(const OutboxItem &item, const Ticket &ticket, bool replayed)
{
    const Status sent = m_outbox->markSent(item.id, ticket);
    logIfFailed(sent, "markSent", item.id);
    if (sent)
        Q_EMIT itemSent(item, ticket, replayed);
}

void SyncEngine::recordConflict(const OutboxItem &item, const Error &error)
{
    noteSuccess(); // the server answered
    const std::optional<TicketStatus> to = item.transitionTo();
    if (error.code == ErrorCode::VersionConflict && error.currentTicket && to
        && error.currentTicket->status == *to && !m_userId.isEmpty()) {
        // The ticket already is where this user wanted it. If this user's own change put it
        // there (a server without transition keys answering a retry, or the same owner on
        // another device), the change is done, not in conflict. The history says who.
        const Ticket current = *error.currentTicket;
        m_sendCall = m_api->events(
                item.ticketId, this,
                [this, item, error, current, to](const Result<QList<TicketEvent>> &events) {
                    m_sendCall = nullptr;
                    if (m_shuttingDown)
                        return;
                    const bool mine = events.ok() && !events.value().isEmpty()
                                      && events.value().last().to == to
                                      && events.value().last().actorId == m_userId;
                    if (mine) {
                        markSent(item, current, true);
                    } else {
                        logIfFailed(m_outbox->markConflict(item.id, current, toOutboxError(error)),
                                    "markConflict", item.id);
                    }
                    itemDone();
                });
        return;
    }
    if (error.currentTicket) {
        logIfFailed(m_outbox->markConflict(item.id, *error.currentTicket, toOutboxError(error)),
                    "markConflict", item.id);
        itemDone();
        return;
    }
    // invalid_transition carries only `allowed`: the conflict record needs the ticket itself.
    m_sendCall = m_api->ticket(item.ticketId, this,
                               [this, item, error](const Result<Ticket> &current) {
                                   m_sendCall = nullptr;
                                   if (m_shuttingDown)
                                       return;
                                   if (current.ok()) {
                                       logIfFailed(m_outbox->markConflict(item.id, current.value(),
                                                                          toOutboxError(error)),
                                                   "markConflict", item.id);
                                   } else {
                                       // Without the ticket, try the whole item again later.
                                       onItemFailed(item, current.error());
                                   }
                                   itemDone();
                               });
}

void SyncEngine::onItemFailed(const OutboxItem &item, const Error &error)
{
    const OutboxError record = toOutboxError(error);
    if (error.network == NetworkErrorKind::Cancelled) {
        // We stopped it (work offline): not a failure of the item, due again right away.
        logIfFailed(m_outbox->markFailed(item.id, record, now()), "markFailed", item.id);
        return;
    }
    if (error.isAuthProblem()) {
        // Not the item's fault: back to the queue, due as soon as the account is resumed.
        logIfFailed(m_outbox->markFailed(item.id, record, now()), "markFailed", item.id);
        pause(error.relinkGithub);
        return;
    }
    if (error.isTransient()) {
        const qint64 delay
                = retryDelayMs(item.attempts + 1, error.retryAfter, m_random(), m_options);
        const QDateTime retryAt = now().addMSecs(delay);
        logIfFailed(m_outbox->markFailed(item.id, record, retryAt), "markFailed", item.id);
        if (error.httpStatus == 429 || error.httpStatus == 503)
            m_holdUntil = error.retryAfter ? now().addSecs(*error.retryAfter) : retryAt;
        noteFailure(error);
        return;
    }
    // A refusal that sending again would not change: the user fixes or cancels it.
    logIfFailed(m_outbox->markFailed(item.id, record), "markFailed", item.id);
    noteSuccess();
}

void SyncEngine::itemDone()
{
    m_sending = false;
    Q_EMIT outboxChanged();
    updateState();
    if (canUseNetwork())
        kick();
}

void SyncEngine::scheduleWake()
{
    const Result<QDateTime> due = m_outbox->nextDueAt();
    if (!due)
        qCWarning(lcSync) << "cannot read the outbox:" << toWire(due.error().storage);
    QDateTime next = due ? due.value() : QDateTime();
    if (m_holdUntil.isValid() && next.isValid() && next < m_holdUntil)
        next = m_holdUntil;
    if (!next.isValid() || !canUseNetwork()) {
        m_wakeTimer.stop();
        return;
    }
    const qint64 wait = qBound(qint64(0), now().msecsTo(next), qint64(24 * 3600 * 1000));
    m_wakeTimer.start(int(wait));
}

// ---- online / offline / paused -------------------------------------------------------------

void SyncEngine::noteSuccess()
{
    m_probeFailures = 0;
    if (m_networkDown) {
        m_networkDown = false;
        m_probeTimer.stop();
        updateState();
    }
}

void SyncEngine::noteFailure(const Error &error)
{
    if (error.isAuthProblem()) {
        pause(error.relinkGithub);
        return;
    }
    if (!meansUnreachable(error))
        return;
    if (!m_networkDown) {
        m_networkDown = true;
        m_wakeTimer.stop();
        updateState();
    }
    scheduleProbe();
}

void SyncEngine::pause(bool relinkGithub)
{
    const bool wasPaused = m_paused;
    m_paused = true;
    m_wakeTimer.stop();
    m_probeTimer.stop();
    cancelSync();
    updateState();
    if (!wasPaused)
        Q_EMIT authProblem(relinkGithub);
}

void SyncEngine::holdForSignIn()
{
    m_paused = true;
    m_wakeTimer.stop();
    m_probeTimer.stop();
    cancelSync();
    updateState();
}

void SyncEngine::resume()
{
    m_paused = false;
    m_holdUntil = {};
    updateState();
    syncNow();
    kick();
}

void SyncEngine::setWorkOffline(bool offline)
{
    if (m_workOffline == offline)
        return;
    m_workOffline = offline;
    if (offline) {
        m_wakeTimer.stop();
        m_probeTimer.stop();
        cancelSync();
        if (m_sendCall)
            m_sendCall->abort(); // the item goes back to the queue as a transient failure
        if (m_probeCall)
            m_probeCall->abort();
        updateState();
        return;
    }
    updateState();
    if (m_networkDown) {
        probe();
        return;
    }
    syncNow();
    kick();
}

void SyncEngine::setNetworkReachable(bool reachable)
{
    if (!reachable) {
        if (!m_networkDown) {
            m_networkDown = true;
            m_wakeTimer.stop();
            updateState();
        }
        return;
    }
    if (m_networkDown && !m_workOffline && !m_paused) {
        m_probeFailures = 0;
        probe(); // the platform says yes; the server decides
    }
}

void SyncEngine::scheduleProbe()
{
    if (m_workOffline || m_paused)
        return;
    const qint64 wait = qMin(qint64(m_options.maxProbeMs), qint64(m_options.probeMs)
                                                                   << qMin(m_probeFailures, 10));
    m_probeTimer.start(int(wait));
}

void SyncEngine::probe()
{
    if (m_workOffline || m_paused || m_probeCall)
        return;
    m_probeTimer.stop();
    m_probeCall = m_api->healthz(this, [this](const Result<bool> &result) {
        m_probeCall = nullptr;
        if (m_shuttingDown)
            return;
        if (m_workOffline || m_paused)
            return;
        if (result.ok()) {
            noteSuccess();
            syncNow();
            kick();
            return;
        }
        ++m_probeFailures;
        scheduleProbe();
    });
}

} // namespace td
