#pragma once

#include "storage.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QVariant>

#include <memory>
#include <optional>

struct sqlite3;
struct sqlite3_stmt;

namespace td::server {

// One statement of the sqlite3 C API, prepared once and reused. Text is bound without a copy:
// whatever is bound must outlive the statement's use, which ends at reset() (Use does that).
// Qt Sql's binding (QVariant per value, a QSqlRecord built on every exec) cost about as much
// as SQLite's own work on the writer's hot statements; this skips it.
class SqliteStatement
{
public:
    SqliteStatement(sqlite3 *db, const QString &sql); // throws StorageError
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    // Columns and parameters count from 0 here (SQLite counts parameters from 1).
    void bind(int index, const QString &value); // never NULL: a null QString binds ""
    void bind(int index, const std::optional<QString> &value);
    void bind(int index, QString &&) = delete; // would dangle: bind a named string
    void bind(int index, std::optional<QString> &&) = delete;
    void bind(int index, QByteArrayView utf8);
    void bind(int index, qint64 value);
    void bindNull(int index);
    void bindVariant(int index, const QVariant &value); // string, integer or null
    // True while there is a row; throws StorageError on a fault.
    bool step();
    // Runs a statement that returns no rows.
    void run();
    void reset();
    int changes() const;

    bool isNull(int column) const;
    qint64 int64(int column) const;
    QString text(int column) const;
    QByteArray utf8(int column) const;

    // Resets the statement (closing its read cursor, dropping its bindings) on scope exit.
    class Use
    {
    public:
        explicit Use(SqliteStatement &statement)
            : m_statement(statement)
        {}
        ~Use() { m_statement.reset(); }
        Use(const Use &) = delete;
        Use &operator=(const Use &) = delete;
        SqliteStatement *operator->() { return &m_statement; }

    private:
        SqliteStatement &m_statement;
    };

private:
    [[noreturn]] void fail(int code) const;
    sqlite3 *m_db;
    sqlite3_stmt *m_stmt = nullptr;
};

// The writer's hot statements on one SQLite connection (the C API handle under Qt Sql's
// connection), for SqliteStorage's WriteTransaction and group commit. The SQL and its rules
// are those of the Qt Sql version they replace; the duplicate window's WHERE clause still
// comes from sql::windowQuery().
class SqliteWriter
{
public:
    explicit SqliteWriter(sqlite3 *db);
    ~SqliteWriter();

    // The handle of an open QSQLITE connection; throws StorageError if it is not one.
    static sqlite3 *handleOf(const QVariant &driverHandle);
    // Replaces the connection's busy timeout (QSQLITE_BUSY_TIMEOUT) with one that looks at the
    // lock again every ~100 us for the first 50 ms, then every millisecond, up to timeoutMs.
    // SQLite's own busy handler sleeps 1, 2, 5, 10, 15, 20... ms, so a lock held for 4 ms by
    // the checkpointer kept the writer waiting 8 ms, one held for 9 ms 18 ms: the writer's and
    // the checkpointer's waits for each other were most of the create path's p99.
    static void waitBriefly(sqlite3 *db, int timeoutMs);

    sqlite3 *handle() const { return m_db; }

    void begin();
    void commit();
    void rollback(); // never throws
    void savepoint();
    void release();
    void rollbackToSavepoint();

    std::optional<StoredResponse> storedResponse(const QString &scope, const QString &key,
                                                 qint64 notBeforeMs);
    void storeResponse(const QString &scope, const QString &key, const StoredResponse &response,
                       qint64 nowMs);
    std::optional<Ticket> recentTicket(const WindowKey &key);
    Ticket insertTicket(const NewTicket &ticket);
    std::optional<Ticket> ticket(const QString &tenant, const QString &id);
    // Bumps the tenant's seq, moves the ticket (if it still has current's version) and
    // appends its event; returns the ticket as stored now.
    Ticket applyStatusChange(const Ticket &current, const StatusChange &change);

private:
    SqliteStatement &statement(std::unique_ptr<SqliteStatement> &slot, const char *sql);
    void appendEvent(const QString &ticketId, qint64 seq, const QString &type,
                     std::optional<TicketStatus> from, TicketStatus to,
                     const std::optional<QString> &actorId, const QString &note, qint64 atMs);
    static Ticket readTicket(SqliteStatement &row);

    sqlite3 *m_db;
    std::unique_ptr<SqliteStatement> m_begin, m_commit, m_rollback, m_savepoint, m_release,
            m_rollbackTo, m_storedResponse, m_deleteResponse, m_insertResponse, m_bumpNumber,
            m_bumpSeq, m_insertTicket, m_insertEvent, m_ticketById, m_moveTicket;
    QHash<QString, std::shared_ptr<SqliteStatement>> m_windows; // by WHERE clause
};

} // namespace td::server
