#include "sqlitestorage.h"

#include "schema.h"
#include "sqlcommon.h"
#include "sqlitewriter.h"

#include <QAtomicInt>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlRecord>
#include <QVariant>

#include <condition_variable>
#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;

namespace td::server {

namespace {

using sql::Finisher;
using sql::text;

const QString ticketColumns
        = u"id, tenant, number, project_id, title, description, request_type, priority, roles, "
          "blocking, evidence, suggested_resolution, implementation_notes, requester_name, "
          "requester_email, actor_role, actor_id, source, agent_vendor, status, version, seq, "
          "created_at, updated_at"_s;

std::optional<QString> optionalText(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    return value.toString();
}

QStringList rolesFromText(const QString &textValue)
{
    QStringList roles;
    const QJsonArray array = QJsonDocument::fromJson(textValue.toUtf8()).array();
    for (const QJsonValue value : array)
        roles.append(value.toString());
    return roles;
}

QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QString revokeReasonWire(TokenState state)
{
    return state == TokenState::GithubLinkExpired ? u"github"_s : u"revoked"_s;
}

QAtomicInt connectionCounter;

constexpr QFile::Permissions OwnerOnlyFile = QFile::ReadOwner | QFile::WriteOwner;
constexpr QFile::Permissions OwnerOnlyFolder = OwnerOnlyFile | QFile::ExeOwner;

// The database holds token hashes and every ticket (CONTRACT 7, v1.1: readable by its owner
// only). SQLite creates it, and later its -wal and -shm files, with 0644 minus the umask, and
// gives the -wal/-shm files the database file's own mode. So the server creates the empty
// file itself, 0600, before SQLite opens it (an empty file is a valid database), and any
// folders on the way 0700. An existing file keeps the mode its operator gave it.
bool createOwnerOnly(const QString &path, QString *error)
{
    if (path == u":memory:" || path.startsWith(u"file:") || QFileInfo::exists(path))
        return true;
    const QFileInfo info(path);
    QStringList missing;
    for (QDir dir = info.absoluteDir(); !dir.exists(); dir.setPath(QFileInfo(dir.path()).path())) {
        missing.prepend(dir.path());
        if (dir.isRoot())
            break;
    }
    for (const QString &folder : std::as_const(missing)) {
        if (!QDir().mkdir(folder, OwnerOnlyFolder) && !QFileInfo(folder).isDir()) {
            *error = u"cannot create folder %1"_s.arg(folder);
            return false;
        }
    }
    QFile file(path);
    // NewOnly: if someone else created it meanwhile, theirs is used as it is.
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, OwnerOnlyFile)
        && !QFileInfo::exists(path)) {
        *error = u"cannot create %1: %2"_s.arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace

void restrictToOwner(const QString &databasePath)
{
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s, u"-journal"_s}) {
        QFile file(databasePath + suffix);
        if (file.exists())
            file.setPermissions(OwnerOnlyFile);
    }
}

Visibility Visibility::of(const UserRecord &user)
{
    Visibility visibility;
    visibility.tenant = user.tenant;
    if (user.role == CallerRole::Owner) {
        visibility.allProjects = user.allProjects;
        visibility.projectIds = user.projectIds;
    } else {
        visibility.requesterUserId = user.id;
    }
    return visibility;
}

// The write transaction handed to Storage::write() and writeBatch(): the connection's
// SqliteWriter (the sqlite3 C API, statements prepared once), plus the reader caches' upkeep.
class SqliteStorage::Transaction final : public WriteTransaction
{
public:
    explicit Transaction(SqliteStorage &storage)
        : m_s(storage)
        , m_w(storage.writer())
    {}

    std::optional<StoredResponse> storedResponse(const QString &scope, const QString &key,
                                                 qint64 notBeforeMs) override
    {
        return m_w.storedResponse(scope, key, notBeforeMs);
    }

    void storeResponse(const QString &scope, const QString &key, const StoredResponse &response,
                       qint64 nowMs) override
    {
        m_w.storeResponse(scope, key, response, nowMs);
    }

    std::optional<Ticket> recentTicket(const WindowKey &key) override
    {
        return m_w.recentTicket(key);
    }

    Ticket insertTicket(const NewTicket &t) override { return m_w.insertTicket(t); }

    std::optional<Ticket> ticket(const QString &tenant, const QString &id) override
    {
        return m_w.ticket(tenant, id);
    }

    Ticket applyStatusChange(const Ticket &current, const StatusChange &change) override
    {
        Ticket updated = m_w.applyStatusChange(current, change);
        m_s.m_tickets.remove(current.id.toLower());
        m_s.m_changedTickets.append(current.id.toLower());
        return updated;
    }

private:
    SqliteStorage &m_s;
    SqliteWriter &m_w;
};

// Checkpoints the WAL into the database on a connection and thread of its own, so the writer
// never pays for one inside a commit (a checkpoint with its fdatasync inside some request's
// COMMIT made the latency spikes). PASSIVE checkpoints take no lock the writer needs; a
// RESTART now and then (below) makes the writer wait a moment so the WAL stays bounded.
class SqliteStorage::Checkpointer
{
public:
    static constexpr qint64 HardLimit = 64LL * 1024 * 1024; // journal_size_limit
    static constexpr qint64 RestartFrames = 4096;           // ~16 MiB of 4 KiB pages

    explicit Checkpointer(QString path)
        : m_path(std::move(path))
        , m_thread([this] { run(); })
    {}
    ~Checkpointer()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_one();
        m_thread.join();
    }

private:
    void run()
    {
        const QString name
                = u"td-sqlite-checkpoint-%1"_s.arg(connectionCounter.fetchAndAddRelaxed(1));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            db.setDatabaseName(m_path);
            db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
            if (db.open())
                loop(db);
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }

    void loop(QSqlDatabase &db)
    {
        QSqlQuery passive(db);
        passive.prepare(u"PRAGMA wal_checkpoint(PASSIVE)"_s);
        QSqlQuery restart(db);
        restart.prepare(u"PRAGMA wal_checkpoint(RESTART)"_s);
        std::unique_lock lock(m_mutex);
        while (!m_wake.wait_for(lock, std::chrono::milliseconds(200), [this] { return m_stop; })) {
            lock.unlock();
            // PASSIVE copies what was committed since the last tick without blocking anyone.
            // But under a steady stream of commits the WAL is never found fully copied when
            // the writer begins, so it would only ever be appended to (file growth, block
            // allocation on every page). Once it holds RestartFrames, a RESTART copies the
            // little PASSIVE left and makes the writer start the WAL over: it stays bounded
            // (~16 MiB) and its pages are overwritten instead of allocated.
            qint64 frames = 0;
            if (passive.exec() && passive.next())
                frames = passive.value(1).toLongLong();
            passive.finish();
            if (frames > RestartFrames) {
                restart.exec();
                restart.finish();
            }
            lock.lock();
        }
    }

    QString m_path;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    std::thread m_thread; // last: starts once the rest is ready
};

// Tickets changed by one connection of this process, for the others' caches. Bounded: past
// MaxIds the readers simply drop their whole ticket cache once.
struct SqliteStorage::SharedChanges
{
    static constexpr qsizetype MaxIds = 4096;
    std::mutex mutex;
    quint64 generation = 0;
    QStringList ids;
    quint64 idsFrom = 0; // the generation before the first of `ids`
};

SqliteStorage::SqliteStorage(QString path)
    : SqliteStorage(std::move(path), std::make_shared<SharedChanges>())
{}

SqliteStorage::SqliteStorage(QString path, std::shared_ptr<SharedChanges> shared)
    : m_shared(std::move(shared))
    , m_path(std::move(path))
    , m_connectionName(u"td-sqlite-%1"_s.arg(connectionCounter.fetchAndAddRelaxed(1)))
{}

SqliteStorage::~SqliteStorage()
{
    close();
}

void SqliteStorage::close()
{
    m_checkpointer.reset();
    m_writer.reset(); // its statements must be finalized before the connection closes
    m_statements.clear();
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

QSqlQuery &SqliteStorage::prepared(const QString &sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        auto query = std::make_shared<QSqlQuery>(m_db);
        query->setForwardOnly(true);
        if (!query->prepare(sql))
            throw StorageError("prepare failed: " + query->lastError().text().toStdString());
        it = m_statements.insert(sql, query);
    }
    return *it.value();
}

void SqliteStorage::exec(QSqlQuery &query)
{
    if (!query.exec()) {
        const QString message = query.lastError().text();
        query.finish();
        throw StorageError(message.toStdString());
    }
}

void SqliteStorage::execSql(const QString &sql)
{
    QSqlQuery query(m_db);
    if (!query.exec(sql))
        throw StorageError(query.lastError().text().toStdString());
}

bool SqliteStorage::open(QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (m_path.isEmpty())
        return fail(u"no database path given"_s);
    QString createError;
    if (!createOwnerOnly(m_path, &createError))
        return fail(createError);
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    m_db.setDatabaseName(m_path);
    // Another process (the CLI) may hold the write lock for a moment: wait for it.
    m_db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!m_db.open())
        return fail(u"cannot open %1: %2"_s.arg(m_path, m_db.lastError().text()));
    try {
        // WAL lets readers and the one writer run side by side and lets the CLI write while
        // a server runs. NORMAL sync in WAL mode survives a process crash (only an OS crash
        // or power loss may lose the last commits), which is what makes thousands of
        // creates a second possible without group commit.
        QSqlQuery mode(m_db);
        if (!mode.exec(u"PRAGMA journal_mode=WAL"_s) || !mode.next()
            || mode.value(0).toString().compare(u"wal"_s, Qt::CaseInsensitive) != 0)
            return fail(u"cannot switch %1 to WAL mode"_s.arg(m_path));
        mode.finish();
        // FULL (serve --durability full) also survives an OS crash: one fsync per commit,
        // which group commit turns into one per batch.
        execSql(m_durability == Durability::Full ? u"PRAGMA synchronous=FULL"_s
                                                 : u"PRAGMA synchronous=NORMAL"_s);
        // Checkpoint (and fsync) every ~16 MB of WAL instead of every 4 MB.
        execSql(u"PRAGMA wal_autocheckpoint=4000"_s);
        execSql(u"PRAGMA foreign_keys=ON"_s);
        return migrate(error);
    } catch (const StorageError &e) {
        return fail(QString::fromStdString(e.what()));
    }
}

bool SqliteStorage::migrate(QString *error)
{
    execSql(u"BEGIN IMMEDIATE"_s);
    m_inTransaction = true;
    try {
        execSql(u"CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"_s);
        int version = 0;
        {
            QSqlQuery q(m_db);
            if (!q.exec(u"SELECT version FROM schema_version"_s))
                throw StorageError(q.lastError().text().toStdString());
            if (q.next())
                version = q.value(0).toInt();
            else
                execSql(u"INSERT INTO schema_version (version) VALUES (0)"_s);
        }
        if (version > SchemaVersion) {
            rollback();
            if (error)
                *error = u"database schema version %1 is newer than this server supports (%2); "
                         "use a newer triagedesk-server"_s.arg(version)
                                 .arg(SchemaVersion);
            return false;
        }
        for (int step = version + 1; step <= SchemaVersion; ++step) {
            const QStringList statements = schema::migrationStatements(step);
            for (const QString &statement : statements)
                execSql(statement);
        }
        if (version != SchemaVersion) {
            QSqlQuery q(m_db);
            q.prepare(u"UPDATE schema_version SET version = ?"_s);
            q.addBindValue(SchemaVersion);
            if (!q.exec())
                throw StorageError(q.lastError().text().toStdString());
        }
        commit();
        return true;
    } catch (const StorageError &e) {
        rollback();
        if (error)
            *error = u"migration failed: "_s + QString::fromStdString(e.what());
        return false;
    }
}

void SqliteStorage::begin()
{
    execSql(u"BEGIN IMMEDIATE"_s);
    m_inTransaction = true;
}

void SqliteStorage::commit()
{
    execSql(u"COMMIT"_s);
    m_inTransaction = false;
}

void SqliteStorage::rollback()
{
    if (!m_inTransaction)
        return;
    m_inTransaction = false;
    QSqlQuery q(m_db);
    q.exec(u"ROLLBACK"_s);
}

bool SqliteStorage::ping()
{
    // SQLite keeps working on a deleted file through its open descriptor; a database whose
    // file is gone is unreachable for every other process, so report it.
    if (!m_db.isOpen() || !QFileInfo::exists(m_path))
        return false;
    try {
        QSqlQuery &q = prepared(u"SELECT version FROM schema_version"_s);
        exec(q);
        Finisher finisher(q);
        return q.next();
    } catch (const StorageError &) {
        return false;
    }
}

void SqliteStorage::write(const std::function<void(WriteTransaction &)> &work)
{
    if (m_inTransaction)
        throw StorageError("nested write transaction");
    syncCaches(); // before our own commit hides what others committed since
    begin();
    try {
        Transaction transaction(*this);
        work(transaction);
        commit();
    } catch (...) {
        rollback();
        publishChanges(); // over-telling is harmless
        throw;
    }
    publishChanges();
}

void SqliteStorage::writeBatch(const QStringList &, const QList<WriteItem> &items,
                               QList<std::exception_ptr> *failures)
{
    if (m_inTransaction)
        throw StorageError("nested write transaction");
    // No syncCaches() here (it cost a PRAGMA and a SELECT per batch): the items see only the
    // Transaction, which reads nothing cached, and whoever reads through this connection
    // later syncs first; our own commits do not move data_version.
    // First without savepoints: a savepoint copies every page an item touches into its
    // statement journal (~10 pages of 4 KiB per create), which was the writer's largest cost
    // after the statements themselves. Items almost never fail; when one does, the whole
    // transaction is rolled back and the batch runs again with a savepoint per item, so the
    // failing one is undone alone and the rest still commit (items may run twice: their only
    // effects are on the transaction and their own answer).
    if (!runBatch(items, failures, false))
        runBatch(items, failures, true);
}

bool SqliteStorage::runBatch(const QList<WriteItem> &items, QList<std::exception_ptr> *failures,
                             bool savepoints)
{
    failures->clear();
    SqliteWriter &w = writer();
    w.begin();
    m_inTransaction = true;
    try {
        Transaction transaction(*this);
        for (const WriteItem &item : items) {
            if (!savepoints) {
                try {
                    item(transaction);
                } catch (...) {
                    m_inTransaction = false;
                    w.rollback();
                    m_tickets.clear(); // what an item read into it may be what it wrote
                    return false;
                }
                failures->append(nullptr);
                continue;
            }
            w.savepoint();
            try {
                item(transaction);
                w.release();
                failures->append(nullptr);
            } catch (...) {
                failures->append(std::current_exception());
                w.rollbackToSavepoint();
                w.release();
                m_tickets.clear();
            }
        }
        w.commit();
        m_inTransaction = false;
    } catch (...) {
        m_inTransaction = false;
        w.rollback();
        m_tickets.clear();
        publishChanges();
        throw;
    }
    publishChanges();
    return true;
}

SqliteWriter &SqliteStorage::writer()
{
    if (!m_writer)
        m_writer = std::make_unique<SqliteWriter>(SqliteWriter::handleOf(m_db.driver()->handle()));
    return *m_writer;
}

void SqliteStorage::publishChanges()
{
    if (m_changedTickets.isEmpty())
        return;
    std::lock_guard lock(m_shared->mutex);
    if (m_shared->ids.size() + m_changedTickets.size() > SharedChanges::MaxIds) {
        m_shared->ids.clear();
        m_shared->idsFrom = m_shared->generation; // readers further back drop everything
    }
    m_shared->ids += m_changedTickets;
    m_shared->generation += quint64(m_changedTickets.size());
    m_changedTickets.clear();
}

void SqliteStorage::startWriting()
{
    execSql(u"PRAGMA wal_autocheckpoint=0"_s);
    // Each batch item runs in a savepoint, whose statement journal would otherwise be a
    // temporary file created and unlinked per batch.
    execSql(u"PRAGMA temp_store=MEMORY"_s);
    // After a checkpoint the WAL is reused from its start; past this size it is also cut back.
    execSql(u"PRAGMA journal_size_limit=%1"_s.arg(Checkpointer::HardLimit));
    m_checkpointer = std::make_unique<Checkpointer>(m_path);
}

std::unique_ptr<Storage> SqliteStorage::connectAnother() const
{
    auto other = std::make_unique<SqliteStorage>(m_path, m_shared);
    other->setDurability(m_durability);
    return other;
}

QStringList SqliteStorage::grantedProjects(const QString &userId)
{
    QSqlQuery &q = prepared(u"SELECT p.id FROM user_projects up JOIN projects p ON p.id = "
                            "up.project_id WHERE up.user_id = ? ORDER BY p.position"_s);
    q.addBindValue(userId);
    exec(q);
    Finisher finisher(q);
    QStringList ids;
    while (q.next())
        ids.append(q.value(0).toString());
    return ids;
}

std::optional<UserRecord> SqliteStorage::readUser(QSqlQuery &query, int offset)
{
    UserRecord user;
    user.id = query.value(offset).toString();
    user.tenant = query.value(offset + 1).toString();
    user.name = query.value(offset + 2).toString();
    user.email = query.value(offset + 3).toString();
    const auto role = callerRoleFromWire(query.value(offset + 4).toString());
    if (!role)
        return std::nullopt;
    user.role = *role;
    user.allProjects = query.value(offset + 5).toInt() != 0;
    return user;
}

void SqliteStorage::syncCaches()
{
    {
        std::lock_guard lock(m_shared->mutex);
        if (m_seenGeneration != m_shared->generation) {
            if (m_seenGeneration < m_shared->idsFrom) {
                m_tickets.clear();
            } else {
                const qsizetype from = qsizetype(m_seenGeneration - m_shared->idsFrom);
                for (qsizetype i = from; i < m_shared->ids.size(); ++i)
                    m_tickets.remove(m_shared->ids.at(i));
            }
            m_seenGeneration = m_shared->generation;
        }
    }
    QSqlQuery &q = prepared(u"PRAGMA data_version"_s);
    exec(q);
    qint64 version = -2;
    {
        Finisher finisher(q);
        if (q.next())
            version = q.value(0).toLongLong();
    }
    if (version == m_dataVersion)
        return;
    m_dataVersion = version;
    // Another connection committed: the writer (most of the time) or a CLI command. Only the
    // latter moves the epoch.
    QSqlQuery &e = prepared(u"SELECT value FROM settings WHERE key = 'auth_epoch'"_s);
    exec(e);
    QString epoch;
    {
        Finisher finisher(e);
        if (e.next())
            epoch = e.value(0).toString();
    }
    if (epoch != m_authEpoch) {
        m_callers.clear();
        m_projects.clear();
        m_authEpoch = epoch;
    }
}

bool SqliteStorage::isVisible(const Visibility &visibility, const CachedTicket &cached)
{
    if (cached.ticket.tenant != visibility.tenant)
        return false;
    if (visibility.requesterUserId)
        return cached.requesterUserId == visibility.requesterUserId;
    if (visibility.allProjects)
        return true;
    return cached.ticket.projectId && visibility.projectIds.contains(*cached.ticket.projectId);
}

std::optional<Caller> SqliteStorage::callerByTokenHash(const QByteArray &tokenHash)
{
    syncCaches();
    if (const auto it = m_callers.constFind(tokenHash); it != m_callers.constEnd())
        return it.value();
    QSqlQuery &q = prepared(
            u"SELECT t.revoked_at, t.revoke_reason, u.id, u.tenant, u.name, u.email, u.role, "
            "u.all_projects, n.name FROM tokens t JOIN users u ON u.id = t.user_id "
            "JOIN tenants n ON n.slug = u.tenant WHERE t.hash = ?"_s);
    q.addBindValue(QString::fromLatin1(tokenHash));
    exec(q);
    Caller caller;
    {
        Finisher finisher(q);
        if (!q.next())
            return std::nullopt;
        if (!q.value(0).isNull()) {
            caller.tokenState = q.value(1).toString() == u"github" ? TokenState::GithubLinkExpired
                                                                   : TokenState::Revoked;
        }
        const auto user = readUser(q, 2);
        if (!user)
            return std::nullopt;
        caller.user = *user;
        caller.tenant = {caller.user.tenant, q.value(8).toString()};
    }
    if (!caller.user.allProjects)
        caller.user.projectIds = grantedProjects(caller.user.id);
    if (m_callers.size() > 10'000)
        m_callers.clear();
    m_callers.insert(tokenHash, caller);
    return caller;
}

std::optional<UserRecord> SqliteStorage::user(const QString &id)
{
    QSqlQuery &q = prepared(
            u"SELECT id, tenant, name, email, role, all_projects FROM users WHERE id = ?"_s);
    q.addBindValue(id);
    exec(q);
    std::optional<UserRecord> user;
    {
        Finisher finisher(q);
        if (!q.next())
            return std::nullopt;
        user = readUser(q, 0);
    }
    if (user && !user->allProjects)
        user->projectIds = grantedProjects(user->id);
    return user;
}

std::optional<TenantRecord> SqliteStorage::tenant(const QString &slug)
{
    QSqlQuery &q = prepared(u"SELECT slug, name FROM tenants WHERE slug = ?"_s);
    q.addBindValue(slug);
    exec(q);
    Finisher finisher(q);
    if (!q.next())
        return std::nullopt;
    return TenantRecord{q.value(0).toString(), q.value(1).toString()};
}

std::optional<ProjectRecord> SqliteStorage::project(const QString &tenant, const QString &projectId)
{
    syncCaches();
    const QString key = tenant + u'\n' + projectId.toUpper();
    if (const auto it = m_projects.constFind(key); it != m_projects.constEnd())
        return it.value();
    QSqlQuery &q = prepared(
            u"SELECT id, tenant, name, roles FROM projects WHERE id_key = ? AND tenant = ?"_s);
    q.addBindValue(projectId.toUpper());
    q.addBindValue(tenant);
    exec(q);
    Finisher finisher(q);
    if (!q.next())
        return std::nullopt; // not cached: unknown ids must not grow the cache
    ProjectRecord project{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                          rolesFromText(q.value(3).toString())};
    if (m_projects.size() >= 4'096)
        m_projects.clear();
    m_projects.insert(key, project);
    return project;
}

QList<ProjectRecord> SqliteStorage::projects(const QString &tenant)
{
    QSqlQuery &q = prepared(
            u"SELECT id, tenant, name, roles FROM projects WHERE tenant = ? ORDER BY position"_s);
    q.addBindValue(tenant);
    exec(q);
    Finisher finisher(q);
    QList<ProjectRecord> result;
    while (q.next()) {
        result.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                       rolesFromText(q.value(3).toString())});
    }
    return result;
}

Ticket SqliteStorage::readTicket(const QSqlQuery &q)
{
    Ticket t;
    t.id = q.value(0).toString();
    t.tenant = q.value(1).toString();
    t.number = q.value(2).toLongLong();
    t.projectId = optionalText(q.value(3));
    t.title = q.value(4).toString();
    t.description = q.value(5).toString();
    t.requestType = requestTypeFromWire(q.value(6).toString()).value_or(RequestType::General);
    t.priority = priorityFromWire(q.value(7).toString()).value_or(Priority::Medium);
    t.roles = rolesFromText(q.value(8).toString());
    t.blocking = q.value(9).toInt() != 0;
    t.evidence = QJsonDocument::fromJson(q.value(10).toString().toUtf8()).object();
    t.suggestedResolution = q.value(11).toString();
    t.implementationNotes = q.value(12).toString();
    t.requester = {q.value(13).toString(), q.value(14).toString()};
    t.actorRole = q.value(15).toString();
    t.actorId = optionalText(q.value(16));
    t.source = q.value(17).toString();
    t.agentVendor = optionalText(q.value(18));
    t.status = ticketStatusFromWire(q.value(19).toString()).value_or(TicketStatus::New);
    t.version = q.value(20).toInt();
    t.seq = q.value(21).toLongLong();
    t.createdAt = fromMs(q.value(22).toLongLong());
    t.updatedAt = fromMs(q.value(23).toLongLong());
    return t;
}

std::optional<Ticket> SqliteStorage::ticketById(const QString &tenant, const QString &id)
{
    QSqlQuery &q = prepared(u"SELECT "_s + ticketColumns
                            + u" FROM tickets WHERE id = ? AND tenant = ?"_s);
    q.addBindValue(id.toLower());
    q.addBindValue(tenant);
    exec(q);
    Finisher finisher(q);
    if (!q.next())
        return std::nullopt;
    return readTicket(q);
}

namespace {

// The WHERE fragment for what a caller may see, with its bind values appended to `values`.
QString visibilityClause(const Visibility &visibility, QVariantList &values)
{
    QString clause = u"tenant = ?"_s;
    values.append(visibility.tenant);
    if (visibility.requesterUserId) {
        clause += u" AND requester_user_id = ?"_s;
        values.append(*visibility.requesterUserId);
    } else if (!visibility.allProjects) {
        if (visibility.projectIds.isEmpty())
            return clause + u" AND 1 = 0"_s;
        QStringList marks;
        for (const QString &id : visibility.projectIds) {
            marks.append(u"?"_s);
            values.append(id);
        }
        clause += u" AND project_id IN ("_s + marks.join(u", "_s) + u')';
    }
    return clause;
}

template<typename T>
QString inClause(const QString &column, const QList<T> &items, QVariantList &values)
{
    QStringList marks;
    for (const T &item : items) {
        marks.append(u"?"_s);
        values.append(toWire(item));
    }
    return u" AND "_s + column + u" IN ("_s + marks.join(u", "_s) + u')';
}

} // namespace

std::optional<Ticket> SqliteStorage::ticket(const Visibility &visibility, const QString &id)
{
    syncCaches();
    const QString key = id.toLower();
    auto it = m_tickets.constFind(key);
    if (it == m_tickets.constEnd()) {
        QSqlQuery &q = prepared(u"SELECT "_s + ticketColumns
                                + u", requester_user_id FROM tickets WHERE id = ?"_s);
        q.addBindValue(key);
        exec(q);
        Finisher finisher(q);
        if (!q.next())
            return std::nullopt;
        CachedTicket loaded{readTicket(q), optionalText(q.value(24))};
        // Bounded memory: at most 8,192 tickets, and none with large evidence (up to 64 KiB
        // each), which are read from the database every time instead.
        if (q.value(10).toString().size() > 8 * 1024) {
            if (!isVisible(visibility, loaded))
                return std::nullopt;
            return loaded.ticket;
        }
        if (m_tickets.size() >= 8'192)
            m_tickets.clear();
        it = m_tickets.insert(key, loaded);
    }
    if (!isVisible(visibility, it.value()))
        return std::nullopt;
    return it.value().ticket;
}

TicketPage SqliteStorage::runTicketQuery(const QString &where, const QVariantList &values,
                                         const QString &order, int limit)
{
    QSqlQuery &q = prepared(u"SELECT "_s + ticketColumns + u" FROM tickets WHERE "_s + where
                            + u" ORDER BY "_s + order + u" LIMIT ?"_s);
    for (const QVariant &value : values)
        q.addBindValue(value);
    q.addBindValue(limit + 1); // one more tells whether another page follows
    exec(q);
    Finisher finisher(q);
    TicketPage page;
    while (q.next()) {
        if (page.tickets.size() == limit) {
            page.hasMore = true;
            break;
        }
        page.tickets.append(readTicket(q));
    }
    return page;
}

TicketPage SqliteStorage::tickets(const TicketQuery &query)
{
    QVariantList values;
    QString where = visibilityClause(query.visibility, values);
    if (query.scope == TicketQuery::Scope::Project) {
        where += u" AND project_id = ?"_s;
        values.append(query.projectId);
    } else if (query.scope == TicketQuery::Scope::Inbox) {
        where += u" AND project_id IS NULL"_s;
    }
    if (!query.statuses.isEmpty())
        where += inClause(u"status"_s, query.statuses, values);
    if (!query.requestTypes.isEmpty())
        where += inClause(u"request_type"_s, query.requestTypes, values);
    if (!query.priorities.isEmpty())
        where += inClause(u"priority"_s, query.priorities, values);
    if (query.beforeNumber) {
        where += u" AND number < ?"_s;
        values.append(*query.beforeNumber);
    }
    return runTicketQuery(where, values, u"number DESC"_s, query.limit);
}

TicketPage SqliteStorage::changes(const Visibility &visibility, qint64 since, int limit)
{
    QVariantList values;
    QString where = visibilityClause(visibility, values);
    where += u" AND seq > ?"_s;
    values.append(since);
    return runTicketQuery(where, values, u"seq"_s, limit);
}

QList<TicketEvent> SqliteStorage::events(const QString &ticketId)
{
    QSqlQuery &q = prepared(u"SELECT seq, type, from_status, to_status, actor_id, note, at "
                            "FROM events WHERE ticket_id = ? ORDER BY seq"_s);
    q.addBindValue(ticketId.toLower());
    exec(q);
    Finisher finisher(q);
    QList<TicketEvent> events;
    while (q.next()) {
        TicketEvent event;
        event.seq = q.value(0).toLongLong();
        event.type = q.value(1).toString();
        if (!q.value(2).isNull())
            event.from = ticketStatusFromWire(q.value(2).toString());
        if (!q.value(3).isNull())
            event.to = ticketStatusFromWire(q.value(3).toString());
        event.actorId = optionalText(q.value(4));
        event.note = q.value(5).toString();
        event.at = fromMs(q.value(6).toLongLong());
        events.append(event);
    }
    return events;
}

BootstrapReport SqliteStorage::applyBootstrap(const QList<BootstrapTenant> &tenants)
{
    m_callers.clear(); // who a token is may change here
    BootstrapReport report;
    write([&](WriteTransaction &) {
        report = sql::writeBootstrap(
                {[this](const QString &statement) -> QSqlQuery & { return prepared(statement); },
                 [this](QSqlQuery &query) { exec(query); },
                 [](const QSqlQuery &query, int column) { return query.value(column).toString(); },
                 [this](const QString &tenant, const QString &id) { return project(tenant, id); },
                 [this](const QString &userId) { return grantedProjects(userId); }},
                tenants);
        if (report.created + report.updated > 0) // a second run must change nothing
            execSql(sql::bumpAuthEpochSql());
    });
    return report;
}

void SqliteStorage::addToken(const QString &userId, const QByteArray &tokenHash, qint64 nowMs)
{
    m_callers.clear(); // who a token is may change here
    write([&](WriteTransaction &) {
        QSqlQuery &q
                = prepared(u"INSERT INTO tokens (hash, user_id, created_at) VALUES (?, ?, ?)"_s);
        q.addBindValue(QString::fromLatin1(tokenHash));
        q.addBindValue(userId);
        q.addBindValue(nowMs);
        exec(q);
        execSql(sql::bumpAuthEpochSql());
    });
}

bool SqliteStorage::revokeToken(const QByteArray &tokenHash, TokenState reason, qint64 nowMs)
{
    m_callers.clear(); // who a token is may change here
    bool found = false;
    write([&](WriteTransaction &) {
        QSqlQuery &q
                = prepared(u"UPDATE tokens SET revoked_at = ?, revoke_reason = ? WHERE hash = ?"_s);
        q.addBindValue(nowMs);
        q.addBindValue(revokeReasonWire(reason));
        q.addBindValue(QString::fromLatin1(tokenHash));
        exec(q);
        found = q.numRowsAffected() == 1;
        execSql(sql::bumpAuthEpochSql());
    });
    return found;
}

std::optional<QString> SqliteStorage::setting(const QString &key)
{
    QSqlQuery &q = prepared(u"SELECT value FROM settings WHERE key = ?"_s);
    q.addBindValue(key);
    exec(q);
    Finisher finisher(q);
    if (!q.next())
        return std::nullopt;
    return q.value(0).toString();
}

void SqliteStorage::setSetting(const QString &key, const QString &value)
{
    write([&](WriteTransaction &) {
        QSqlQuery &del = prepared(u"DELETE FROM settings WHERE key = ?"_s);
        del.addBindValue(key);
        exec(del);
        QSqlQuery &ins = prepared(u"INSERT INTO settings (key, value) VALUES (?, ?)"_s);
        ins.addBindValue(key);
        ins.addBindValue(text(value));
        exec(ins);
    });
}

int SqliteStorage::purgeStoredResponses(qint64 notBeforeMs, int limit)
{
    int removed = 0;
    write([&](WriteTransaction &) {
        QSqlQuery &q = prepared(u"DELETE FROM idempotency_keys WHERE rowid IN (SELECT rowid "
                                "FROM idempotency_keys WHERE created_at < ? LIMIT ?)"_s);
        q.addBindValue(notBeforeMs);
        q.addBindValue(limit);
        exec(q);
        removed = q.numRowsAffected();
    });
    return removed;
}

} // namespace td::server
