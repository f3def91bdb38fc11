#pragma once

#include "core/result.h"

#include <QObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <QStringList>

namespace td {

// What open() did besides opening, so the app can tell the user and re-sync.
struct OpenReport
{
    StoreError error = StoreError::None;
    int fromVersion = 0;        // schema version found in the file (0: new file)
    int toVersion = 0;          // schema version now
    bool recovered = false;     // the file was corrupt and has been replaced
    QString corruptCopyPath;    // where the unreadable file was moved
    int rescuedOutboxItems = 0; // unsent work carried over into the fresh file
    QString detail;             // SQLite's message, for logs only
};

// One SQLite cache file per account: opening, versioned migrations, corruption rescue, and the
// connection every other store class uses. Each instance has its own connection (unique name),
// so two instances on two threads never share one. Trojitá's SQLCache idea: the schema carries
// a version and is upgraded step by step; a version we do not know is refused, not guessed.
class CacheDatabase : public QObject
{
    Q_OBJECT
public:
    static constexpr int SchemaVersion = 8;

    // A failed statement in the user's terms: SQLITE_FULL is a full disk, BUSY/LOCKED a
    // writer elsewhere, CORRUPT/NOTADB a damaged file; anything else a failed query.
    static StoreError classify(const QSqlError &error);

    explicit CacheDatabase(QObject *parent = nullptr);
    ~CacheDatabase() override;

    // Opens (creating if needed) and migrates `path`. When the file is unreadable or corrupt it
    // is moved aside as "<path>.corrupt-<UTC timestamp>", its outbox rows are rescued into a
    // fresh file, and the sync cursor starts again from zero. `fullCheck` forces
    // PRAGMA quick_check even after a clean shutdown (it reads the whole file). Reopening
    // (e.g. after corruptionDetected) emits resetAll, so models re-query.
    OpenReport open(const QString &path, bool fullCheck = false);
    // How a commit reaches the disk. EveryCommit (synchronous=FULL) for what only this app
    // has (the outbox); AtCheckpoints (synchronous=NORMAL, WAL) for what the server can send
    // again: a commit is safe from a crash of the app, and an OS crash or power loss may undo
    // the last commits, never half of one, so the file stays consistent and a sync page lost
    // that way (its cursor with it) is simply fetched again.
    enum class Durability { EveryCommit, AtCheckpoints };

    // A second connection to a file another CacheDatabase has opened (and so checked and
    // migrated), for a worker thread: no migration, no integrity check, no clean-close mark,
    // and it refuses a schema version other than this build's.
    OpenReport openAlongside(const QString &path, Durability durability = Durability::EveryCommit);
    void close();
    bool isOpen() const;
    QString path() const { return m_path; }
    QSqlDatabase database() const;

    // Store classes call this after committing writes that touch tickets (content or sync
    // state), so every TicketSource over this database can tell its models.
    void notifyTicketsTouched(const QStringList &ids);
    void notifyReset();
    // Called when a query meets SQLITE_CORRUPT/NOTADB: the next open runs the full check (and
    // rescue), and the app may reopen now.
    void reportCorruption();
    static bool isCorruption(const QSqlError &error);

    // Schema version stored in a file, without opening it for writing; -1 if unreadable.
    static int schemaVersionOf(const QString &path);

Q_SIGNALS:
    void ticketsTouched(const QStringList &ids);
    void resetAll();
    void corruptionDetected();
    // The connection is about to close: prepared statements on it must go first.
    void aboutToClose();

private:
    OpenReport openFile(const QString &path, bool fullCheck);
    OpenReport migrate();
    bool quickCheck(QString *detail);
    OpenReport recoverCorrupt(const QString &path, const QString &why);

    QString m_connectionName;
    QString m_path;
    bool m_suspectCorrupt = false;
    bool m_alongside = false; // opened by openAlongside(): the primary owns the file's state
};

} // namespace td
