#pragma once

#include "core/ticket.h"
#include "core/ticketquery.h"
#include "core/validation.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>

namespace td::server {

// A database fault (connection lost, disk full, constraint the code did not expect). Handlers
// let it travel up to the service, which answers 500 internal without its text.
class StorageError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

struct TenantRecord
{
    QString slug;
    QString name;
};

struct ProjectRecord
{
    QString id; // as stored (bootstrap spelling)
    QString tenant;
    QString name;
    QStringList roles;
};

struct UserRecord
{
    QString id;
    QString tenant;
    QString name;
    QString email;
    CallerRole role = CallerRole::Client;
    bool allProjects = false; // "*": every project and the general inbox
    QStringList projectIds;   // granted projects, as stored; empty when allProjects
};

enum class TokenState { Active, Revoked, GithubLinkExpired };

// Who a bearer token belongs to, with everything a handler needs to decide rights.
struct Caller
{
    UserRecord user;
    TenantRecord tenant;
    TokenState tokenState = TokenState::Active;
};

// Which tickets a caller may see (CONTRACT 3.1): owners see their projects (all, with the
// inbox, for "*"); clients and bots see the tickets they requested.
struct Visibility
{
    QString tenant;
    bool allProjects = false;               // owner with "*"
    QStringList projectIds;                 // owner: granted projects (as stored)
    std::optional<QString> requesterUserId; // client/bot: only their own tickets

    static Visibility of(const UserRecord &user);
};

// GET /api/tickets filters, already validated.
struct TicketQuery
{
    Visibility visibility;
    enum class Scope { Any, Project, Inbox } scope = Scope::Any;
    QString projectId;            // as stored, when scope == Project
    QList<TicketStatus> statuses; // empty: any
    QList<RequestType> requestTypes;
    QList<Priority> priorities;
    std::optional<qint64> beforeNumber; // cursor: tickets with a smaller number
    int limit = 100;
};

struct TicketPage
{
    QList<Ticket> tickets;
    bool hasMore = false;
};

// A ticket to insert; number, seq, status, version and times are assigned by the storage.
struct NewTicket
{
    QString id; // UUID chosen by the caller (so demo data can be deterministic)
    QString tenant;
    std::optional<QString> projectId; // as stored
    QString title;
    QString description;
    RequestType requestType = RequestType::General;
    Priority priority = Priority::Medium;
    QStringList roles;
    bool blocking = false;
    QJsonObject evidence;
    QString suggestedResolution;
    QString implementationNotes;
    Requester requester;
    std::optional<QString> requesterUserId; // the calling user; nullopt for the capability
    QString actorRole;
    std::optional<QString> actorId;
    QString source;
    std::optional<QString> agentVendor;
    qint64 createdAtMs = 0;

    // The ticket as every backend stores it on insert: status new, version 1, both times
    // the creation time.
    Ticket toTicket(qint64 number, qint64 seq) const;
};

// CONTRACT 5.1 (v1.1): an earlier ticket of the same requester with the same title, recent
// enough. The portal's requester is the calling user, so its window is keyed by user id, never
// by email: two users who share an email must not receive each other's tickets. The
// capability has no user and matches only tickets created through the capability, so an
// anonymous call can neither receive nor probe a portal ticket, nor plant a ticket that a
// later portal create would return.
struct WindowKey
{
    QString tenant;
    std::optional<QString> requesterUserId; // portal: the caller; nullopt: capability
    std::optional<QString> projectId;       // portal: the project, as stored; capability: unused
    QString email;                          // capability: compared case-insensitively
    QString title;
    qint64 notBeforeMs = 0;

    static WindowKey portal(const QString &tenant, const QString &userId, const QString &projectId,
                            const QString &title, qint64 notBeforeMs);
    static WindowKey capability(const QString &tenant, const QString &email, const QString &title,
                                qint64 notBeforeMs);
};

// A 2xx answer kept for an Idempotency-Key (CONTRACT 5.2).
struct StoredResponse
{
    QByteArray requestHash; // what the first request looked like
    int status = 0;
    QByteArray body;
    QByteArray location; // Location header, empty if none
};

// A status change to record; the storage bumps version and seq and appends the event.
struct StatusChange
{
    QString ticketId;
    TicketStatus to = TicketStatus::New;
    QString note;
    QString actorId;
    qint64 atMs = 0;

    // `current` as it is once this change is stored with feed number `seq` (one version more).
    Ticket appliedTo(const Ticket &current, qint64 seq) const;
};

// Operations that must run inside one write transaction. Only valid within Storage::write().
class WriteTransaction
{
public:
    virtual ~WriteTransaction() = default;

    virtual std::optional<StoredResponse> storedResponse(const QString &scope, const QString &key,
                                                         qint64 notBeforeMs)
            = 0;
    // Keeps (or replaces an expired) response for (scope, key).
    virtual void storeResponse(const QString &scope, const QString &key,
                               const StoredResponse &response, qint64 nowMs)
            = 0;
    virtual std::optional<Ticket> recentTicket(const WindowKey &key) = 0;
    // Assigns number and seq, appends the "created" event, returns the stored ticket.
    virtual Ticket insertTicket(const NewTicket &ticket) = 0;
    virtual std::optional<Ticket> ticket(const QString &tenant, const QString &id) = 0;
    virtual Ticket applyStatusChange(const Ticket &current, const StatusChange &change) = 0;
    // Read inside this transaction, never from a cache: the auth epoch (the settings row every
    // token issue, revoke and bootstrap bumps) and who a token is now. Asked for writes whose
    // caller the front took from its cache without reading the epoch (AuthCheck).
    virtual QString authEpoch() = 0;
    virtual std::optional<Caller> callerNow(const QByteArray &tokenHash) = 0;
};

// A write's caller came from the front's cache without reading the auth epoch for this
// request (Storage::checksAuthAtWrite): the write's transaction reads the epoch, and when it
// is not the one that cache belongs to, looks the token up again and refuses a revoked one.
struct AuthCheck
{
    QByteArray tokenHash;
    QString epoch;
};

// What bootstrap (CONTRACT 7) loads.
struct BootstrapUser
{
    UserRecord user;
    QList<QByteArray> tokenHashes;
};

struct BootstrapTenant
{
    TenantRecord tenant;
    QList<ProjectRecord> projects;
    QList<BootstrapUser> users;
};

struct BootstrapReport
{
    int created = 0; // rows inserted
    int updated = 0; // rows whose values changed
};

// How hard a commit tries to survive an OS crash or power loss (serve --durability). Both
// survive a crash of the server process. SQLite: synchronous=NORMAL or FULL (one fsync per
// commit, so with group commit one per batch). PostgreSQL always flushes its WAL on COMMIT.
enum class Durability { Normal, Full };

// Everything the server keeps. Handlers see only this interface, so a PostgreSQL backend
// slots in without touching them. Every method throws StorageError on a database fault.
// An instance is used from one thread only (the thread that opened it).
class Storage
{
public:
    virtual ~Storage() = default;

    // Connects and brings the schema to the current version (refusing a newer one).
    virtual bool open(QString *error) = 0;
    virtual void close() = 0;
    // True when the database answers a trivial query that touches its files.
    virtual bool ping() = 0;

    // Runs `work` in one transaction that holds the write lock from its first statement
    // (SQLite: BEGIN IMMEDIATE), commits when it returns, rolls back when it throws.
    virtual void write(const std::function<void(WriteTransaction &)> &work) = 0;

    // Group commit: runs every item in ONE transaction (each in its own savepoint, or, as
    // SQLite does, without savepoints first and again with them when an item threw, so an
    // item may run twice: its only effects may be on the transaction and its own result) and
    // commits once. An item that throws is rolled back alone (its exception lands in
    // failures[i], the others still commit); a failed BEGIN or COMMIT throws, and then
    // nothing was written.
    // `tenants` are the tenants the items may write to (PostgreSQL locks their counter rows
    // before the first write, in one order, so two instances' batches cannot deadlock). Items
    // must read before they act and only return what they decide: PostgreSQL gathers the
    // reads of a batch first, so an item may run up to its first read more than once. The
    // default runs one transaction per item, for backends that have nothing better.
    using WriteItem = std::function<void(WriteTransaction &)>;
    virtual void writeBatch(const QStringList &tenants, const QList<WriteItem> &items,
                            QList<std::exception_ptr> *failures);
    // Another connection to the same database, not yet opened (the writer thread's own: a
    // Qt Sql connection belongs to the thread that opened it). Null when the backend cannot.
    virtual std::unique_ptr<Storage> connectAnother() const { return nullptr; }
    // Called once on the writer's thread after open(): from now on this connection makes every
    // write of the server (SQLite moves checkpoints off it, onto a thread of their own).
    virtual void startWriting() {}
    // Before open(). Backends that always flush (PostgreSQL) ignore it.
    virtual void setDurability(Durability) {}

    virtual std::optional<Caller> callerByTokenHash(const QByteArray &tokenHash) = 0;
    // True where reading the auth epoch costs a round trip (PostgreSQL): a write's caller may
    // then come from callerForWrite, without it, and its transaction checks the token instead
    // (AuthCheck, with authEpochSeen). A revoked token is still refused on the next request.
    virtual bool checksAuthAtWrite() const { return false; }
    virtual std::optional<Caller> callerForWrite(const QByteArray &tokenHash)
    {
        return callerByTokenHash(tokenHash);
    }
    // The auth epoch the cached callers belong to.
    virtual QString authEpochSeen() const { return {}; }
    virtual std::optional<TenantRecord> tenant(const QString &slug) = 0;
    // Case-insensitive match of the UUID, within one tenant.
    virtual std::optional<ProjectRecord> project(const QString &tenant, const QString &projectId)
            = 0;
    virtual QList<ProjectRecord> projects(const QString &tenant) = 0;

    // The ticket if it exists and `visibility` may see it (so callers answer 404 otherwise).
    virtual std::optional<Ticket> ticket(const Visibility &visibility, const QString &id) = 0;
    virtual TicketPage tickets(const TicketQuery &query) = 0;
    // Visible tickets with seq > since, by seq, at most limit (+ whether more follow).
    virtual TicketPage changes(const Visibility &visibility, qint64 since, int limit) = 0;
    virtual QList<TicketEvent> events(const QString &ticketId) = 0;

    // Administration (CLI): bootstrap, tokens, small settings.
    virtual BootstrapReport applyBootstrap(const QList<BootstrapTenant> &tenants) = 0;
    virtual std::optional<UserRecord> user(const QString &id) = 0;
    virtual void addToken(const QString &userId, const QByteArray &tokenHash, qint64 nowMs) = 0;
    // False when no such token exists.
    virtual bool revokeToken(const QByteArray &tokenHash, TokenState reason, qint64 nowMs) = 0;
    virtual std::optional<QString> setting(const QString &key) = 0;
    virtual void setSetting(const QString &key, const QString &value) = 0;
    // Drops at most `limit` idempotency records older than `notBeforeMs` (bounded, so the
    // writer never stalls the queue behind millions of rows); returns how many.
    virtual int purgeStoredResponses(qint64 notBeforeMs, int limit) = 0;
};

// "sqlite:PATH" (or "postgresql://..." once that backend exists). Not yet opened.
std::unique_ptr<Storage> createStorage(const QString &databaseSpec, QString *error);

} // namespace td::server
