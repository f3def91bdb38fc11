#include "session/accountsession.h"

#include "accounts/accountmanager.h"
#include "api/apiclient.h"
#include "core/ticketquery.h"
#include "store/accountdata.h"
#include "store/outbox.h"
#include "store/ticketcache.h"
#include "sync/syncengine.h"

#include <QJsonArray>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace td {

namespace {

Q_LOGGING_CATEGORY(lcSession, "td.session")

const QString ProjectsKey = u"projects"_s;

QJsonArray projectsToJson(const QList<ApiProject> &projects)
{
    QJsonArray out;
    for (const ApiProject &p : projects) {
        out.append(QJsonObject{{u"id"_s, p.id},
                               {u"name"_s, p.name},
                               {u"roles"_s, QJsonArray::fromStringList(p.roles)}});
    }
    return out;
}

QList<ApiProject> projectsFromJson(const QJsonArray &array)
{
    QList<ApiProject> out;
    for (const auto &value : array) {
        const QJsonObject o = value.toObject();
        ApiProject p;
        p.id = o.value(u"id"_s).toString();
        p.name = o.value(u"name"_s).toString();
        for (const auto &r : o.value(u"roles"_s).toArray())
            p.roles.append(r.toString());
        if (!p.id.isEmpty())
            out.append(p);
    }
    return out;
}

// Tickets made in this app say so (CONTRACT 4.2 `source`, default "portal").
QJsonObject fromDesktop(QJsonObject body)
{
    if (!body.contains(u"source"_s))
        body.insert(u"source"_s, u"desktop"_s);
    return body;
}

} // namespace

AccountSession::AccountSession(Account account, AccountManager *manager, QObject *parent)
    : QObject(parent)
    , m_account(std::move(account))
    , m_manager(manager)
{}

AccountSession::~AccountSession()
{
    // The engine first (it aborts its calls; an item in flight stays "sending" on disk and
    // goes out again with its key next time), then what it used, the database last.
    delete m_sync;
    m_sync = nullptr;
    delete m_api;
    delete m_outbox;
    delete m_cache;
    m_data.reset();
    delete m_database;
}

bool AccountSession::isOwner() const
{
    return m_account.user.role == u"owner"_s;
}

// ---- saved views ------------------------------------------------------------------------------

QList<SavedView> AccountSession::savedViews() const
{
    Result<QList<SavedView>> views = m_data->savedViews();
    if (!views) {
        qCWarning(lcSession, "saved views unreadable: %s", qPrintable(views.error().message));
        return {};
    }
    return std::move(views).value();
}

Result<SavedView> AccountSession::saveView(const QString &name, const SavedViewSpec &spec)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return Error::fromStore(StoreError::InvalidState, u"a saved view needs a name"_s);
    Result<SavedView> saved = m_data->saveView(trimmed, spec);
    if (saved)
        Q_EMIT savedViewsChanged();
    return saved;
}

Status AccountSession::renameView(qint64 id, const QString &name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return Error::fromStore(StoreError::InvalidState, u"a saved view needs a name"_s);
    Status renamed = m_data->renameView(id, trimmed);
    if (renamed)
        Q_EMIT savedViewsChanged();
    return renamed;
}

Status AccountSession::moveView(qint64 id, int index)
{
    Status moved = m_data->moveView(id, index);
    if (moved)
        Q_EMIT savedViewsChanged();
    return moved;
}

Status AccountSession::deleteView(qint64 id)
{
    Status deleted = m_data->deleteView(id);
    if (deleted)
        Q_EMIT savedViewsChanged();
    return deleted;
}

// ---- lifecycle -------------------------------------------------------------------------------

void AccountSession::start()
{
    if (m_started)
        return;
    m_started = true;
    loadProjects();
    connect(m_sync, &SyncEngine::authProblem, this, [this](bool relinkGithub) {
        if (m_manager)
            m_manager->setPaused(m_account.id, true); // the Accounts dialog shows it too
        setSignIn(relinkGithub ? SignInState::RelinkGithub : SignInState::TokenRefused);
    });
    connect(m_sync, &SyncEngine::itemSent, this, &AccountSession::onItemSent);
    connect(m_sync, &SyncEngine::stateChanged, this, &AccountSession::connectionStateChanged);
    connect(m_sync, &SyncEngine::syncProgress, this, &AccountSession::syncProgress);
    connect(m_sync, &SyncEngine::indexStateChanged, this, &AccountSession::indexStateChanged);
    connect(m_sync, &SyncEngine::syncFinished, this, &AccountSession::syncFinished);
    connect(m_sync, &SyncEngine::syncFailed, this, &AccountSession::syncFailed);
    connect(m_sync, &SyncEngine::newTicketsArrived, this, &AccountSession::newTicketsArrived);
    connect(m_outbox, &Outbox::changed, this, &AccountSession::outboxChanged);
    connect(m_outbox, &Outbox::changed, this, &AccountSession::undoChanged);
    // Nothing goes to the server without a token: the engine waits, the cache works.
    m_sync->holdForSignIn();
    reloadToken();
}

void AccountSession::reloadToken()
{
    if (!m_manager) {
        setSignIn(SignInState::NoToken);
        return;
    }
    m_manager->token(m_account, this, [this](const CredentialResult &result) {
        if (!result.ok() || result.token.isEmpty()) {
            qCInfo(lcSession, "no token for account %s: %s", qPrintable(m_account.id),
                   qPrintable(toName(result.error)));
            setSignIn(SignInState::NoToken);
            return;
        }
        applyToken(result.token);
    });
}

void AccountSession::useToken(const QString &token)
{
    applyToken(token);
}

void AccountSession::applyToken(const QString &token)
{
    m_api->setToken(token);
    if (m_manager)
        m_manager->setPaused(m_account.id, false);
    setSignIn(SignInState::SignedIn);
    m_sync->start(); // first sync, the outbox at once, then the poll loop
    refreshProjects();
}

void AccountSession::setSignIn(SignInState state)
{
    if (m_signIn == state)
        return;
    m_signIn = state;
    Q_EMIT signInStateChanged(state);
}

void AccountSession::syncNow()
{
    if (isSignedOut())
        return;
    m_sync->processOutbox();
    m_sync->syncNow();
}

void AccountSession::setWorkOffline(bool offline)
{
    m_sync->setWorkOffline(offline);
}

bool AccountSession::isWorkingOffline() const
{
    return m_sync->isWorkingOffline();
}

AccountSession::ConnectionState AccountSession::connectionState() const
{
    return m_sync->state();
}

bool AccountSession::isSyncing() const
{
    return m_sync->isSyncing();
}

QDateTime AccountSession::lastSyncAt() const
{
    return m_sync->lastSyncAt();
}

AccountSession::IndexState AccountSession::indexState() const
{
    return m_sync->indexState();
}

int AccountSession::pendingCount() const
{
    const Result<int> count = m_outbox->pendingCount();
    return count.ok() ? count.value() : 0;
}

// ---- projects --------------------------------------------------------------------------------

void AccountSession::loadProjects()
{
    const Result<QJsonValue> stored = m_data->value(ProjectsKey);
    if (!stored.ok()) {
        Q_EMIT problem(stored.error());
        return;
    }
    m_projects = projectsFromJson(stored.value().toArray());
    Q_EMIT projectsChanged();
}

void AccountSession::refreshProjects()
{
    if (!m_api->hasToken())
        return; // a request without a token would only be refused
    m_api->me(this, [this](const Result<MeInfo> &result) {
        if (!result.ok())
            return; // the cached list stays; a 401 reaches the engine's next call too
        m_projects = result.value().projects;
        if (const Status saved = m_data->setValue(ProjectsKey, projectsToJson(m_projects));
            !saved.ok()) {
            qCWarning(lcSession, "projects not kept for offline use: %s",
                      qPrintable(toWire(saved.error().storage)));
        }
        Q_EMIT projectsChanged();
    });
}

// ---- submitting ------------------------------------------------------------------------------

Result<OutboxItem> AccountSession::submitTicket(const QString &projectId, QJsonObject body,
                                                SubmitMode mode)
{
    Result<OutboxItem> queued = m_outbox->enqueueCreate(projectId, fromDesktop(std::move(body)),
                                                        mode == SubmitMode::Hold);
    if (queued.ok() && mode == SubmitMode::SendNow)
        syncNow();
    return queued;
}

Status AccountSession::updateCreate(qint64 itemId, QJsonObject body, SubmitMode mode)
{
    Status updated = m_outbox->updatePayload(itemId, fromDesktop(std::move(body)),
                                             mode == SubmitMode::Hold);
    if (updated.ok() && mode == SubmitMode::SendNow)
        syncNow();
    return updated;
}

Status AccountSession::sendHeld(qint64 itemId)
{
    Status released = m_outbox->release(itemId);
    if (released.ok())
        syncNow();
    return released;
}

Status AccountSession::discard(qint64 itemId)
{
    return m_outbox->cancel(itemId);
}

void AccountSession::onItemSent(const OutboxItem &item, const Ticket &ticket, bool replayed)
{
    if (item.kind != OutboxKind::Create)
        return;
    // A replay of our own key returns our own text; the duplicate window returns an earlier
    // ticket of the same title, whose text is not what this user typed.
    const bool textLost
            = replayed && ticket.description != item.payload.value(u"description"_s).toString();
    if (!textLost) {
        Q_EMIT ticketCreated(ticket);
        return;
    }
    Result<OutboxItem> kept = m_outbox->enqueueCreate(item.projectId, item.payload, true);
    if (!kept.ok()) {
        Q_EMIT problem(kept.error());
        return;
    }
    Q_EMIT submittedAsDuplicate(ticket, kept.value().id);
}

// ---- triage ----------------------------------------------------------------------------------

Result<UndoEntry> AccountSession::queueTransitions(const QList<TransitionTarget> &targets,
                                                   TicketStatus to, const QString &note)
{
    QStringList ids;
    for (const TransitionTarget &t : targets)
        ids.append(t.id);
    // A ticket that already has transitions waiting will be that many versions further on
    // when this one reaches the server.
    const Result<QHash<QString, int>> waiting = m_outbox->pendingTransitionCounts(ids);
    if (!waiting.ok())
        return waiting.error();
    QHash<QString, int> ahead = waiting.value();
    UndoEntry entry;
    entry.to = to;
    for (const TransitionTarget &t : targets) {
        const int expected = t.expectedVersion + ahead.value(t.id);
        const Result<OutboxItem> queued = m_outbox->enqueueTransition(t.id, to, note, expected);
        if (!queued.ok()) {
            // What was queued stays queued (and undoable); the rest is reported.
            if (!entry.itemIds.isEmpty())
                break;
            return queued.error();
        }
        ahead[t.id] += 1;
        entry.itemIds.append(queued.value().id);
        entry.numbers.append(t.number);
    }
    m_undo.append(entry);
    if (m_undo.size() > 50)
        m_undo.removeFirst();
    Q_EMIT undoChanged();
    syncNow();
    return entry;
}

Status AccountSession::updateTransition(qint64 itemId, const QJsonObject &payload)
{
    Status updated = m_outbox->updatePayload(itemId, payload, false);
    if (updated.ok())
        syncNow();
    return updated;
}

std::optional<UndoEntry> AccountSession::undoable()
{
    // Only what is still waiting can be taken back; once sent it is the server's. One
    // indexed lookup per item of the newest entries, never a read of the whole outbox.
    while (!m_undo.isEmpty()) {
        for (qint64 id : std::as_const(m_undo.last().itemIds)) {
            const Result<std::optional<OutboxItem>> item = m_outbox->item(id);
            if (item.ok() && item.value() && item.value()->state != OutboxState::Sending
                && item.value()->state != OutboxState::Sent)
                return m_undo.last();
        }
        m_undo.removeLast();
    }
    return std::nullopt;
}

Result<UndoOutcome> AccountSession::undo()
{
    if (!undoable())
        return Error::fromStore(StoreError::NotFound);
    UndoOutcome outcome;
    outcome.entry = m_undo.takeLast();
    // Newest first, so a chain of transitions on one ticket unwinds in order.
    for (auto it = outcome.entry.itemIds.crbegin(); it != outcome.entry.itemIds.crend(); ++it) {
        const Status cancelled = m_outbox->cancel(*it);
        if (cancelled.ok())
            ++outcome.cancelled;
        else if (cancelled.error().storage == StoreError::InvalidState
                 || cancelled.error().storage == StoreError::NotFound)
            ++outcome.tooLate;
        else
            return cancelled.error();
    }
    Q_EMIT undoChanged();
    return outcome;
}

void AccountSession::fetchTicket(const QString &ticketId)
{
    if (!m_api->hasToken()) {
        Q_EMIT ticketNotFound(ticketId, Error::fromCredential(CredentialError::NotFound));
        return;
    }
    m_api->ticket(ticketId, this, [this, ticketId](const Result<Ticket> &result) {
        if (!result.ok()) {
            Q_EMIT ticketNotFound(ticketId, result.error()); // 404 also for another's ticket
            return;
        }
        const ApplyResult stored = m_cache->applyTickets({result.value()});
        if (!stored.ok()) {
            Q_EMIT ticketNotFound(ticketId, Error::fromStore(stored.error));
            return;
        }
        Q_EMIT ticketFetched(ticketId);
    });
}

// ---- history ---------------------------------------------------------------------------------

QList<TicketEvent> AccountSession::history(const QString &ticketId)
{
    const std::optional<Ticket> ticket = m_cache->ticket(ticketId);
    return ticket ? history(*ticket) : m_cache->events(ticketId);
}

QList<TicketEvent> AccountSession::history(const Ticket &ticket)
{
    const QString ticketId = ticket.id;
    const QList<TicketEvent> events = m_cache->events(ticketId);
    // Version 1 is the "created" event; every transition adds one event and one version.
    const bool complete = events.size() >= ticket.version;
    // A ticket still in the outbox has no history on the server to ask for.
    if (complete || isLocalTicketId(ticketId) || !m_api->hasToken()
        || m_historyRequested.contains(ticketId))
        return events;
    m_historyRequested.insert(ticketId);
    m_api->events(ticketId, this, [this, ticketId](const Result<QList<TicketEvent>> &result) {
        m_historyRequested.remove(ticketId);
        if (!result.ok())
            return; // offline or refused: the cached history stays, asked again next time
        const StoreError stored = m_cache->storeEvents(ticketId, result.value());
        if (stored != StoreError::None) {
            Q_EMIT problem(Error::fromStore(stored));
            return;
        }
        Q_EMIT historyChanged(ticketId);
    });
    return events;
}

} // namespace td
