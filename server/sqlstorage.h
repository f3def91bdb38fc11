#pragma once

#include "schema.h"
#include "sqlcommon.h"
#include "storage.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

#include <memory>

namespace td::server {

// What differs between the SQL databases in the statements the shared code runs. Behaviour
// that differs (how caches learn of other connections' commits, reconnecting) is the virtual
// hooks of SqlStorage; each backend's write path (write/writeBatch and its WriteTransaction)
// stays in its own file.
struct SqlDialect
{
    QString beginWrite;           // opens a transaction that writes: "BEGIN IMMEDIATE" / "BEGIN"
    QString migrationLock;        // first statement of the migration transaction, or empty
    QString forUpdate;            // appended to a SELECT of rows the transaction will change
    QString rowLocator;           // a row's physical id, for bounded deletes: rowid / ctid
    sql::TextCoding textCoding{}; // how text is stored (PostgreSQL escapes U+0000)
};

// The one implementation of Storage over Qt Sql: connection plumbing (statements prepared
// once, errors as StorageError), the migration runner, every read, the administration calls
// and the caches of callers, projects and tickets. SqliteStorage and PostgresStorage add how
// to connect, their write transactions and the hooks below.
class SqlStorage : public Storage
{
public:
    ~SqlStorage() override;

    // The schema version this code writes; open() refuses a database with a higher one.
    static constexpr int SchemaVersion = schema::CurrentVersion;

    bool ping() override;

    std::optional<Caller> callerByTokenHash(const QByteArray &tokenHash) override;
    std::optional<Caller> callerForWrite(const QByteArray &tokenHash) override;
    QString authEpochSeen() const override { return m_authEpoch; }
    std::optional<TenantRecord> tenant(const QString &slug) override;
    std::optional<ProjectRecord> project(const QString &tenant, const QString &projectId) override;
    QList<ProjectRecord> projects(const QString &tenant) override;

    std::optional<Ticket> ticket(const Visibility &visibility, const QString &id) override;
    TicketPage tickets(const TicketQuery &query) override;
    TicketPage changes(const Visibility &visibility, qint64 since, int limit) override;
    QList<TicketEvent> events(const QString &ticketId) override;

    BootstrapReport applyBootstrap(const QList<BootstrapTenant> &tenants) override;
    std::optional<UserRecord> user(const QString &id) override;
    void addToken(const QString &userId, const QByteArray &tokenHash, qint64 nowMs) override;
    bool revokeToken(const QByteArray &tokenHash, TokenState reason, qint64 nowMs) override;
    std::optional<QString> setting(const QString &key) override;
    void setSetting(const QString &key, const QString &value) override;
    int purgeStoredResponses(qint64 notBeforeMs, int limit) override;

protected:
    SqlStorage(SqlDialect dialect, QString connectionName);

    // --- What differs, as behaviour ---
    // Which cache a read may use.
    // CallerForWrite: a POST's caller, which its write transaction checks again (AuthCheck).
    enum class Lookup { Caller, CallerForWrite, Project, Ticket };
    // Brings the caches up to date with what other connections committed, before `lookup`
    // reads one; false: this lookup neither reads nor fills its cache.
    virtual bool freshen(Lookup lookup) = 0;
    // Before every read: reconnects a lost connection, or throws StorageError.
    virtual void ensureConnected() {}
    // True when the last failure lost the connection (a read is then tried once more).
    virtual bool connectionLost() const { return false; }
    // Every failed statement is shown here (PostgreSQL notes a lost connection).
    virtual void noteFailure(const QSqlError &) {}

    // --- Connection ---
    QSqlQuery &prepared(const QString &sql); // cached, ready to bind
    void exec(QSqlQuery &query);             // throws StorageError
    void execSql(const QString &sql);        // unprepared, for fixed statements
    void rollback();                         // of the open transaction, if any
    bool migrate(QString *error);            // to SchemaVersion, in one transaction
    void dropConnection();                   // statements first, then the connection

    // Runs a read; when it failed because the connection dropped (PostgreSQL restarted while
    // this instance was idle), reconnects and runs it once more instead of failing.
    template<typename F>
    auto reading(F &&read) -> decltype(read())
    {
        ensureConnected();
        try {
            return read();
        } catch (const StorageError &) {
            if (!connectionLost() || m_inTransaction)
                throw;
        }
        ensureConnected();
        return read();
    }

    // --- Rows ---
    QString columnText(const QSqlQuery &query, int column) const
    {
        return sql::textAt(query, column, m_dialect.textCoding);
    }
    static Ticket readTicketRow(const QSqlQuery &query, sql::TextCoding coding);
    // `forUpdate`: inside a write transaction, lock the row (PostgreSQL: FOR UPDATE).
    std::optional<Ticket> ticketById(const QString &tenant, const QString &id,
                                     bool forUpdate = false);

    // Drops callers and projects when the auth epoch (a settings row that token issue/revoke
    // and bootstrap bump, from any process) moved.
    void readAuthEpoch();
    // Uncached, for a write transaction's AuthCheck: the epoch, and who a token is.
    QString currentAuthEpoch();
    std::optional<Caller> readCaller(const QByteArray &tokenHash);

    // Caches of what every request reads: who a token is, a project, a ticket by id.
    struct CachedTicket
    {
        Ticket ticket;
        std::optional<QString> requesterUserId;
    };
    QHash<QByteArray, Caller> m_callers;      // token hash -> caller
    QHash<QString, CachedTicket> m_tickets;   // lowercase id -> ticket
    QHash<QString, ProjectRecord> m_projects; // tenant + '\n' + upper-case id -> project
    QString m_authEpoch;

    const SqlDialect m_dialect;
    QString m_connectionName;
    QSqlDatabase m_db;
    QHash<QString, std::shared_ptr<QSqlQuery>> m_statements;
    bool m_inTransaction = false;

private:
    friend class SqlWriteTransaction;
    std::optional<Caller> lookupCaller(const QByteArray &tokenHash, Lookup lookup);
    static bool isVisible(const Visibility &visibility, const CachedTicket &cached);
    QStringList grantedProjects(const QString &userId);
    std::optional<UserRecord> readUser(const QSqlQuery &query, int offset) const;
    TicketPage runTicketQuery(const QString &where, const QVariantList &values,
                              const QString &order, int limit);
    BootstrapReport writeBootstrap(const QList<BootstrapTenant> &tenants);
};

// What every SQL write transaction answers the same way: the auth epoch, read once per
// transaction, and who a token is now (AuthCheck), on the transaction's own connection.
class SqlWriteTransaction : public WriteTransaction
{
public:
    explicit SqlWriteTransaction(SqlStorage &storage)
        : m_sql(storage)
    {}

    QString authEpoch() override;
    std::optional<Caller> callerNow(const QByteArray &tokenHash) override;

private:
    SqlStorage &m_sql;
    std::optional<QString> m_authEpoch;
};

} // namespace td::server
