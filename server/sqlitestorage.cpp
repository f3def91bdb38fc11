#include "sqlitestorage.h"

#include "schema.h"
#include "sqlcommon.h"
#include "sqlitewriter.h"

#include <QAtomicInt>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlDriver>
#include <QSqlError>
#include <QVariant>

#include <condition_variable>
#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;

namespace td::server {

namespace {

using sql::Finisher;
using sql::fromMs;
using sql::nullable;
using sql::rolesToText;
using sql::text;
using sql::ticketColumns;

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

// The write transaction handed to Storage::write() and writeBatch(): the connection's
// SqliteWriter (the sqlite3 C API, statements prepared once), plus the reader caches' upkeep.
class SqliteStorage::Transaction final : public SqlWriteTransaction
{
public:
    explicit Transaction(SqliteStorage &storage)
        : SqlWriteTransaction(storage)
        , m_s(storage)
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
            if (db.open()) {
                SqliteWriter::waitBriefly(SqliteWriter::handleOf(db.driver()->handle()), 5000);
                loop(db);
            }
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
            //
            // A RESTART holds the write lock while it copies what PASSIVE has not copied yet,
            // so the writer waits that long: PASSIVE runs again first, each time over what was
            // committed while the last one ran, until one is quick. Then the RESTART has only
            // a few pages left. Measured at ~13k creates/s: a RESTART about four times a
            // second, each stalling the writer's BEGIN 8-34 ms before (SQLite's busy sleeps on
            // top of a 3-11 ms hold), 1-5 ms after (the RESTART's two syncs are the rest; on a
            // busy disk up to ~15 ms); see server/README.md, Figures.
            const qint64 frames = checkpoint(passive);
            if (frames > RestartFrames) {
                for (int i = 0; i < MaxCatchUps; ++i) {
                    QElapsedTimer took;
                    took.start();
                    checkpoint(passive);
                    if (took.elapsed() < QuickMs)
                        break;
                }
                restart.exec();
                restart.finish();
            }
            lock.lock();
        }
    }

    // Runs a checkpoint; returns the frames the WAL held.
    static qint64 checkpoint(QSqlQuery &query)
    {
        qint64 frames = 0;
        if (query.exec() && query.next())
            frames = query.value(1).toLongLong();
        query.finish();
        return frames;
    }

    static constexpr int MaxCatchUps = 4;
    static constexpr qint64 QuickMs = 2;

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
    // BEGIN IMMEDIATE takes the file's one write lock, which also serialises migrations and
    // every read inside a write (so no FOR UPDATE).
    : SqlStorage({.beginWrite = u"BEGIN IMMEDIATE"_s,
                  .migrationLock = QString(),
                  .forUpdate = QString(),
                  .rowLocator = u"rowid"_s,
                  .textCoding = sql::TextCoding::Plain},
                 u"td-sqlite-%1"_s.arg(connectionCounter.fetchAndAddRelaxed(1)))
    , m_shared(std::move(shared))
    , m_path(std::move(path))
{}

SqliteStorage::~SqliteStorage()
{
    close();
}

void SqliteStorage::close()
{
    m_checkpointer.reset();
    m_writer.reset(); // its statements must be finalized before the connection closes
    m_dataVersion.reset();
    dropConnection();
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

bool SqliteStorage::ping()
{
    // SQLite keeps working on a deleted file through its open descriptor; a database whose
    // file is gone is unreachable for every other process, so report it.
    if (!m_db.isOpen() || !QFileInfo::exists(m_path))
        return false;
    return SqlStorage::ping();
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
    SqliteWriter::waitBriefly(writer().handle(), 5000);
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
    // Before every cached lookup (twice a create: caller, project), so through the C API:
    // through Qt Sql it was ~11,000 instructions each on the front's thread.
    if (!m_dataVersion)
        m_dataVersion = std::make_unique<SqliteStatement>(
                SqliteWriter::handleOf(m_db.driver()->handle()), u"PRAGMA data_version"_s);
    qint64 version = -2;
    {
        SqliteStatement::Use q(*m_dataVersion);
        if (q->step())
            version = q->int64(0);
    }
    if (version == m_seenDataVersion)
        return;
    m_seenDataVersion = version;
    // Another connection committed: the writer (most of the time) or a CLI command. Only the
    // latter moves the epoch.
    readAuthEpoch();
}

bool SqliteStorage::freshen(Lookup)
{
    syncCaches();
    return true;
}

} // namespace td::server
