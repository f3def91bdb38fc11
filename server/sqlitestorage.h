#pragma once

#include "schema.h"
#include "storage.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <memory>

namespace td::server {

// Makes an existing database and its -wal, -shm and -journal files readable by their owner
// only (0600). For a database that is ours alone, such as the desktop app's demo server; the
// server leaves an existing file's mode to its operator and creates new ones 0600 itself.
void restrictToOwner(const QString &databasePath);

// Storage on one SQLite file through Qt Sql (QSQLITE): WAL, so the CLI (token issue/revoke,
// bootstrap) can write while a server runs; one connection per instance, used for reads and
// for the single writer; every statement prepared once and reused, user text always bound.
class SqliteWriter;

class SqliteStorage final : public Storage
{
public:
    // What the connections of one process tell each other (tickets the writer changed).
    struct SharedChanges;

    explicit SqliteStorage(QString path);
    SqliteStorage(QString path, std::shared_ptr<SharedChanges> shared);
    ~SqliteStorage() override;

    // The schema version this code writes; open() refuses a database with a higher one.
    static constexpr int SchemaVersion = schema::CurrentVersion;

    bool open(QString *error) override;
    void close() override;
    bool ping() override;
    void write(const std::function<void(WriteTransaction &)> &work) override;
    void writeBatch(const QStringList &tenants, const QList<WriteItem> &items,
                    QList<std::exception_ptr> *failures) override;
    std::unique_ptr<Storage> connectAnother() const override;
    void setDurability(Durability durability) override { m_durability = durability; }
    void startWriting() override;

    std::optional<Caller> callerByTokenHash(const QByteArray &tokenHash) override;
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

private:
    class Transaction;
    friend class Transaction;
    class Checkpointer;

    QSqlQuery &prepared(const QString &sql);
    void exec(QSqlQuery &query);
    void execSql(const QString &sql);
    bool migrate(QString *error);
    void begin();
    void commit();
    void rollback();
    // One try at a batch; false (rolled back) when an item threw and savepoints were off.
    bool runBatch(const QList<WriteItem> &items, QList<std::exception_ptr> *failures,
                  bool savepoints);
    std::optional<Ticket> ticketById(const QString &tenant, const QString &id);
    QStringList grantedProjects(const QString &userId);
    std::optional<UserRecord> readUser(QSqlQuery &query, int offset);
    static Ticket readTicket(const QSqlQuery &query);
    TicketPage runTicketQuery(const QString &where, const QVariantList &values,
                              const QString &order, int limit);

    // Caches of what every request reads (who a token is, a project, a ticket by id). Callers
    // and projects are dropped when the auth epoch moves (token issue/revoke and bootstrap
    // bump it, from any process; SQLite's data_version says when to look). Tickets change
    // only through this server's writer, on another connection of this process: it names
    // each ticket it changed after COMMIT (SharedChanges), and the reader drops just those.
    // So the writer's commits, many a second, flush nothing else.
    struct CachedTicket
    {
        Ticket ticket;
        std::optional<QString> requesterUserId;
    };
    void syncCaches();
    static bool isVisible(const Visibility &visibility, const CachedTicket &cached);

    void publishChanges();
    // The writer's hot statements on this connection's sqlite3 handle (made on first use).
    SqliteWriter &writer();

    QHash<QByteArray, Caller> m_callers;      // token hash -> caller
    QHash<QString, CachedTicket> m_tickets;   // lowercase id -> ticket
    QHash<QString, ProjectRecord> m_projects; // tenant + '\n' + upper-case id -> project
    qint64 m_dataVersion = -1;
    QString m_authEpoch;
    quint64 m_seenGeneration = 0;
    std::shared_ptr<SharedChanges> m_shared; // with the other connections of this process
    QStringList m_changedTickets;            // by this connection, published after COMMIT

    QString m_path;
    Durability m_durability = Durability::Normal;
    std::unique_ptr<Checkpointer> m_checkpointer; // the writer's only
    QString m_connectionName;
    QSqlDatabase m_db;
    QHash<QString, std::shared_ptr<QSqlQuery>> m_statements;
    std::unique_ptr<SqliteWriter> m_writer;
    bool m_inTransaction = false;
};

} // namespace td::server
