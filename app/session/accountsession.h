#pragma once

#include "accounts/accountstore.h"
#include "api/apitypes.h"
#include "core/result.h"
#include "core/savedview.h"
#include "core/ticket.h"
#include "core/ticketstatus.h"
#include "store/cachedatabase.h"
#include "store/outbox.h"
#include "sync/syncengine.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace td {

class AccountData;
class AccountManager;
class ApiClient;
class TicketCache;

// One ticket of a transition request: what the user saw when deciding.
struct TransitionTarget
{
    QString id;
    qint64 number = 0;
    TicketStatus from = TicketStatus::New;
    int expectedVersion = 1;
};

// Whether the account can talk to its server. Not the same as online: a signed-out account
// works from its cache and keeps its outbox, but sends nothing until the user signs in.
enum class SignInState {
    WaitingForToken, // the keychain has not answered yet
    SignedIn,
    NoToken,      // no token could be read (a session-only token after a restart, a keychain)
    TokenRefused, // the server answered 401 (revoked, unknown)
    RelinkGithub, // 401 github_link_expired: re-linking GitHub on the server may fix it
};

// "Submit" sends at once; "Keep in outbox" holds the ticket until the user sends it.
enum class SubmitMode { SendNow, Hold };

// What one triage action queued, so it can be taken back while still waiting.
struct UndoEntry
{
    TicketStatus to = TicketStatus::Triaged;
    QList<qint64> numbers; // the tickets, as shown to people (#42)
    QList<qint64> itemIds; // their outbox items
};

struct UndoOutcome
{
    UndoEntry entry;
    int cancelled = 0;
    int tooLate = 0; // already sent: the server's now
};

// One signed-in account while the app shows it: its cache, outbox, API client and sync
// engine (built by SessionFactory), and the use cases the window calls. Everything here
// works without widgets, so tests drive the same code the app runs. The window only wires
// signals to views and turns results into words.
class AccountSession : public QObject
{
    Q_OBJECT
public:
    ~AccountSession() override;

    const Account &account() const { return m_account; }
    bool isOwner() const;
    bool isDemo() const { return !m_demoPeerId.isEmpty(); }
    // The demo's other account (owner <-> client); empty outside the demo.
    QString demoPeerAccountId() const { return m_demoPeerId; }
    const OpenReport &openReport() const { return m_openReport; }

    CacheDatabase *database() const { return m_database; }
    TicketCache *cache() const { return m_cache; }
    Outbox *outbox() const { return m_outbox; }
    ApiClient *api() const { return m_api; }
    SyncEngine *sync() const { return m_sync; }

    // ---- lifecycle ----
    // Reads the token, then syncs, sends the outbox and polls. Until then (and while signed
    // out) the account works from its cache.
    void start();
    // F5 / after the user queued work: send what is due, then fetch changes.
    void syncNow();
    void setWorkOffline(bool offline);
    bool isWorkingOffline() const;
    // Online, syncing, offline, or paused (signed out): what the status bar shows.
    using ConnectionState = SyncEngine::State;
    ConnectionState connectionState() const;
    bool isSyncing() const;
    QDateTime lastSyncAt() const;
    // Whether a first sync's sort indexes are deferred or being built (SyncEngine::IndexState):
    // the status bar says so, since sorting by another column is slower meanwhile.
    using IndexState = SyncEngine::IndexState;
    IndexState indexState() const;
    // Items not yet sent (queued, held, sending, failed, conflict).
    int pendingCount() const;

    // ---- signing in ----
    SignInState signInState() const { return m_signIn; }
    bool isSignedOut() const
    {
        return m_signIn != SignInState::SignedIn && m_signIn != SignInState::WaitingForToken;
    }
    // A new token for this account (the user signed in again): used at once, the outbox
    // drains and a sync runs.
    void useToken(const QString &token);
    // The account's token was replaced in its store (Accounts > Add for the same user).
    void reloadToken();

    // ---- projects (GET /api/me, kept in the account's cache for offline use) ----
    QList<ApiProject> projects() const { return m_projects; }
    void refreshProjects();

    // ---- saved views (kept in the account's cache file, in the user's order) ----
    // Empty when they cannot be read (problem() says why).
    QList<SavedView> savedViews() const;
    // A name in use (in any case) is saved over: the view keeps its place and gets `spec`.
    // The name is trimmed; an empty one is refused (InvalidState).
    Result<SavedView> saveView(const QString &name, const SavedViewSpec &spec);
    Status renameView(qint64 id, const QString &name);
    // To place `index` in the list (clamped).
    Status moveView(qint64 id, int index);
    Status deleteView(qint64 id);

    // ---- submitting ----
    // Queues a new ticket (CONTRACT 4.2 body). The outbox sends it with its idempotency
    // key, exactly once; SendNow asks for that at once, Hold keeps it until sendHeld().
    Result<OutboxItem> submitTicket(const QString &projectId, QJsonObject body, SubmitMode mode);
    // An unsent create edited (after the confirmation again).
    Status updateCreate(qint64 itemId, QJsonObject body, SubmitMode mode);
    Status sendHeld(qint64 itemId);
    Status discard(qint64 itemId);

    // ---- triage ----
    // Queues one transition per target. expected_version counts the transitions already
    // waiting for each ticket, so a chain (T then P) reaches the server in order.
    Result<UndoEntry> queueTransitions(const QList<TransitionTarget> &targets, TicketStatus to,
                                       const QString &note);
    // Edits a queued transition's note; a conflict resolved on top of the server's version.
    Status updateTransition(qint64 itemId, const QJsonObject &payload);
    std::optional<UndoEntry> undoable();
    Result<UndoOutcome> undo();

    // A ticket the cache does not hold yet (a pasted id the sync has not brought): asked of
    // the server, stored, then ticketFetched() or, when it cannot be had, ticketNotFound().
    void fetchTicket(const QString &ticketId);

    // ---- history ----
    // The cached events of a ticket. When they are behind the ticket's version (every change
    // appends one event), they are fetched, stored and historyChanged() follows.
    QList<TicketEvent> history(const QString &ticketId);
    // The same for a ticket the caller has just read from the cache (no second read).
    QList<TicketEvent> history(const Ticket &ticket);

Q_SIGNALS:
    // The sync engine's news, for the window (which does not drive the engine itself).
    void connectionStateChanged(td::SyncEngine::State state);
    void syncProgress(int ticketsSoFar, int estimate);
    void indexStateChanged(td::SyncEngine::IndexState state);
    void syncFinished(const QDateTime &at);
    void syncFailed(const td::Error &error);
    void newTicketsArrived(int count);
    void outboxChanged();

    void signInStateChanged(td::SignInState state);
    void projectsChanged();
    void savedViewsChanged();
    void historyChanged(const QString &ticketId);
    void undoChanged();
    // A ticket this account submitted reached the server.
    void ticketCreated(const td::Ticket &ticket);
    void ticketFetched(const QString &ticketId);
    void ticketNotFound(const QString &ticketId, const td::Error &why);
    // The server's duplicate window (CONTRACT 5.1) answered with an earlier ticket of the
    // same title: the user's text was not stored there, so it waits in the outbox, held,
    // as `heldItemId` for the user to change and send again.
    void submittedAsDuplicate(const td::Ticket &existing, qint64 heldItemId);
    // Something the use cases could not do on their own (storage trouble while sending).
    void problem(const td::Error &error);

private:
    friend class SessionFactory;
    AccountSession(Account account, AccountManager *manager, QObject *parent = nullptr);

    void setSignIn(SignInState state);
    void applyToken(const QString &token);
    void loadProjects();
    void onItemSent(const OutboxItem &item, const Ticket &ticket, bool replayed);

    Account m_account;
    AccountManager *m_manager = nullptr;
    QString m_demoPeerId;
    OpenReport m_openReport;
    CacheDatabase *m_database = nullptr;
    TicketCache *m_cache = nullptr;
    Outbox *m_outbox = nullptr;
    ApiClient *m_api = nullptr;
    SyncEngine *m_sync = nullptr;
    std::unique_ptr<AccountData> m_data;
    SignInState m_signIn = SignInState::WaitingForToken;
    bool m_started = false;
    QList<ApiProject> m_projects;
    QList<UndoEntry> m_undo;
    QSet<QString> m_historyRequested; // ticket ids with a history request in flight
};

} // namespace td

Q_DECLARE_METATYPE(td::TransitionTarget)
