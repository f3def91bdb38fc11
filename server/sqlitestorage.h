#pragma once

#include "sqlstorage.h"

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
class SqliteStatement;
class SqliteWriter;

// Reads, administration and caches are SqlStorage's; here: opening the file, the write path,
// checkpoints, and how the reader's caches learn of the writer's commits.
class SqliteStorage final : public SqlStorage
{
public:
    // What the connections of one process tell each other (tickets the writer changed).
    struct SharedChanges;

    explicit SqliteStorage(QString path);
    SqliteStorage(QString path, std::shared_ptr<SharedChanges> shared);
    ~SqliteStorage() override;

    bool open(QString *error) override;
    void close() override;
    bool ping() override;
    void write(const std::function<void(WriteTransaction &)> &work) override;
    void writeBatch(const QStringList &tenants, const QList<WriteItem> &items,
                    QList<std::exception_ptr> *failures) override;
    std::unique_ptr<Storage> connectAnother() const override;
    void setDurability(Durability durability) override { m_durability = durability; }
    void startWriting() override;

private:
    class Transaction;
    friend class Transaction;
    class Checkpointer;

    void begin();
    void commit();
    // One try at a batch; false (rolled back) when an item threw and savepoints were off.
    bool runBatch(const QList<WriteItem> &items, QList<std::exception_ptr> *failures,
                  bool savepoints);
    // The writer's hot statements on this connection's sqlite3 handle (made on first use).
    SqliteWriter &writer();
    static Ticket readTicket(const QSqlQuery &query)
    {
        return readTicketRow(query, sql::TextCoding::Plain);
    }

    // How the caches (SqlStorage's) learn of other connections' commits. Callers and
    // projects are dropped when the auth epoch moves (token issue/revoke and bootstrap bump it,
    // from any process; SQLite's data_version says when to look). Tickets change only through
    // this server's writer, on another connection of this process: it names each ticket it
    // changed after COMMIT (SharedChanges), and the reader drops just those. So the writer's
    // commits, many a second, flush nothing else.
    bool freshen(Lookup lookup) override;
    void syncCaches();

    void publishChanges();

    qint64 m_seenDataVersion = -1;
    quint64 m_seenGeneration = 0;
    std::shared_ptr<SharedChanges> m_shared; // with the other connections of this process
    QStringList m_changedTickets;            // by this connection, published after COMMIT

    QString m_path;
    Durability m_durability = Durability::Normal;
    std::unique_ptr<Checkpointer> m_checkpointer; // the writer's only
    std::unique_ptr<SqliteWriter> m_writer;
    std::unique_ptr<SqliteStatement> m_dataVersion; // PRAGMA data_version, prepared once
};

} // namespace td::server
