#pragma once

#include "sqlstorage.h"

#include <QSqlError>
#include <QString>
#include <QStringList>

#include <memory>

namespace td::server {

// Where and how to reach PostgreSQL. The password never comes from the URL (it would show in
// `ps` and in logs): PGPASSWORD or a file named by --database-password-file.
struct PostgresConfig
{
    QString host = QStringLiteral("127.0.0.1");
    int port = 5432;
    QString user;
    QString database;
    QString password;           // empty: libpq's own sources (PGPASSWORD, ~/.pgpass)
    int statementTimeoutMs = 0; // 0: PostgreSQL's default (none)
    int connectTimeoutSeconds = 3;

    // "postgresql://user@host:port/dbname?statement_timeout_ms=5000&password_file=/path".
    static std::optional<PostgresConfig> parse(const QString &spec, QString *error);
    // `spec` with password_file=FILE added (for --database-password-file).
    static QString withPasswordFile(const QString &spec, const QString &file);
};

// Storage on a PostgreSQL database shared by several server instances, through Qt Sql (QPSQL).
// Per-tenant counter rows, bumped with UPDATE ... RETURNING inside the writing transaction,
// serialise a tenant's writers, so seq values commit in seq order and /api/changes can never
// skip one. Transaction-scoped advisory locks on the Idempotency-Key and on the duplicate
// window make identical requests sent to different instances wait for each other. A lost
// connection is reopened on the next call; a write is acknowledged only after COMMIT succeeded.
// Reads, administration and caches are SqlStorage's; here: connecting and reconnecting, the
// write path, and how the caches learn of other instances' changes.
class PostgresStorage final : public SqlStorage
{
public:
    explicit PostgresStorage(PostgresConfig config);
    ~PostgresStorage() override;

    // The statements that bring a database from version-1 to `version` (tests build an old
    // schema with them).
    static QStringList migrationStatements(int version);

    bool open(QString *error) override;
    void close() override;
    void write(const std::function<void(WriteTransaction &)> &work) override;
    void writeBatch(const QStringList &tenants, const QList<WriteItem> &items,
                    QList<std::exception_ptr> *failures) override;
    std::unique_ptr<Storage> connectAnother() const override;
    bool checksAuthAtWrite() const override { return true; }

private:
    class Transaction;
    friend class Transaction;
    class Batch; // writeBatch's transaction (group commit with the counter rows taken late)
    friend class Batch;

    bool connect(QString *error);
    void ensureConnected() override;
    bool connectionLost() const override { return m_lost; }
    void noteFailure(const QSqlError &error) override;
    // BEGIN, `body`, COMMIT; once more on a fresh connection when it was lost before COMMIT.
    void inTransaction(const std::function<void()> &body);
    static Ticket readTicket(const QSqlQuery &query)
    {
        return readTicketRow(query, sql::TextCoding::NulEscaped);
    }

    PostgresConfig m_config;
    bool m_connected = false; // open and migrated; false after a connection loss
    bool m_lost = false;      // the last failure was a lost connection
    qint64 m_nextWarningMs = 0;
    qint64 m_nextConnectMs = 0;  // no reconnect attempt before this (after a failed one)
    qint64 m_ticketsWritten = 0; // by writeBatch on this connection
    qint64 m_analyzeAt = 500;    // ANALYZE tickets when m_ticketsWritten reaches it

    // Callers and projects, dropped when the auth epoch (a settings row that token and
    // bootstrap bump) moves; read before every caller lookup.
    bool freshen(Lookup lookup) override;
    void syncAuthEpoch();
    qint64 m_epochCheckedMs = 0;
};

} // namespace td::server
