#include "cachedatabase.h"

#include "privatefiles.h"
#include "schema.h"
#include "storelog.h"
#include "transaction.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUuid>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace td {

Q_LOGGING_CATEGORY(lcStore, "td.store")

namespace {

const QString driverName = u"QSQLITE"_s;

// SQLite's primary result codes for a damaged file (the driver reports them as text).
bool isCorruptionError(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok) & 0xff; // extended codes carry it too
    return ok && (code == 11 || code == 26);                    // SQLITE_CORRUPT, SQLITE_NOTADB
}

QString uniqueConnectionName(const QString &purpose)
{
    return u"td-cache-%1-%2"_s.arg(purpose, QUuid::createUuid().toString(QUuid::WithoutBraces));
}

bool exec(QSqlDatabase &db, const QString &sql, QString *detail = nullptr,
          QSqlError *error = nullptr)
{
    QSqlQuery query(db);
    if (query.exec(sql))
        return true;
    if (detail)
        *detail = query.lastError().text();
    if (error)
        *error = query.lastError();
    return false;
}

// One rescued outbox row, column by column (see schema::outboxColumns()).
using RescuedRow = QList<QVariant>;

QList<RescuedRow> rescueOutbox(const QString &path)
{
    QList<RescuedRow> rows;
    const QString name = uniqueConnectionName(u"rescue"_s);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(driverName, name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            query.setForwardOnly(true);
            if (query.exec(u"SELECT "_s + schema::outboxColumns()
                           + u" FROM outbox WHERE state <> 'sent' ORDER BY id"_s)) {
                // Rows read before a damaged page are kept; the rest is lost with the page.
                while (query.next()) {
                    RescuedRow row;
                    const int columns = query.record().count();
                    for (int i = 0; i < columns; ++i)
                        row.append(query.value(i));
                    rows.append(row);
                }
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return rows;
}

// Adds and opens the connection and reads the schema version into report->fromVersion. On
// failure the report says why and the connection is closed.
// The cache holds the user's tickets and unsent work: 0600 whatever the umask. The file is
// made before SQLite opens it (SQLite would create it 0644 minus the umask); SQLite gives the
// -wal and -shm files it creates the main file's mode, and ones left by an older build are
// tightened here.
Status makeFilesPrivate(const QString &path)
{
    if (path.isEmpty() || path == u":memory:"_s || path.startsWith(u"file:"_s))
        return {};
    if (const Status made = ensurePrivateFile(path); !made)
        return made;
    for (const QString &suffix : {u"-wal"_s, u"-shm"_s, u"-journal"_s}) {
        if (const Status fixed = restrictExistingFile(path + suffix); !fixed)
            return fixed;
    }
    return {};
}

bool connectAndReadVersion(const QString &connectionName, const QString &path, OpenReport *report)
{
    if (const Status files = makeFilesPrivate(path); !files) {
        report->error = StoreError::CannotOpen;
        report->detail = files.error().message;
        return false;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(driverName, connectionName);
    db.setDatabaseName(path);
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!db.open()) {
        report->error = StoreError::CannotOpen;
        report->detail = db.lastError().text();
        return false;
    }
    // SQLite opens lazily: the first statement is where a damaged header shows up.
    QSqlQuery query(db);
    if (!query.exec(u"PRAGMA user_version"_s) || !query.next()) {
        report->error = isCorruptionError(query.lastError()) ? StoreError::Corrupt
                                                             : StoreError::CannotOpen;
        report->detail = query.lastError().text();
        query.finish();
        db.close();
        return false;
    }
    report->fromVersion = query.value(0).toInt();
    return true;
}

// Runs the per-connection PRAGMAs; on failure the report says why and the connection closes.
bool setPragmas(QSqlDatabase &db, const QStringList &pragmas, OpenReport *report)
{
    for (const QString &pragma : pragmas) {
        QString detail;
        QSqlError error;
        if (!exec(db, pragma, &detail, &error)) {
            report->error = isCorruptionError(error) ? StoreError::Corrupt : StoreError::CannotOpen;
            report->detail = detail;
            db.close();
            return false;
        }
    }
    return true;
}

} // namespace

StoreError CacheDatabase::classify(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok) & 0xff; // extended codes carry it too
    if (!ok)
        return StoreError::QueryFailed;
    switch (code) {
    case 13: // SQLITE_FULL
        return StoreError::DiskFull;
    case 5: // SQLITE_BUSY
    case 6: // SQLITE_LOCKED
        return StoreError::Busy;
    case 11: // SQLITE_CORRUPT
    case 26: // SQLITE_NOTADB
        return StoreError::Corrupt;
    default:
        return StoreError::QueryFailed;
    }
}

CacheDatabase::CacheDatabase(QObject *parent)
    : QObject(parent)
    , m_connectionName(uniqueConnectionName(u"main"_s))
{}

CacheDatabase::~CacheDatabase()
{
    close();
}

QSqlDatabase CacheDatabase::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

bool CacheDatabase::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName) && database().isOpen();
}

void CacheDatabase::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    Q_EMIT aboutToClose();
    {
        QSqlDatabase db = database();
        if (db.isOpen() && !m_suspectCorrupt && !m_alongside) {
            // A clean close lets the next open skip the full integrity scan.
            exec(db, u"INSERT OR REPLACE INTO sync_state (key, value) VALUES ('clean_close', 1)"_s);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

void CacheDatabase::notifyTicketsTouched(const QStringList &ids)
{
    if (!ids.isEmpty())
        Q_EMIT ticketsTouched(ids);
}

void CacheDatabase::notifyReset()
{
    Q_EMIT resetAll();
}

bool CacheDatabase::isCorruption(const QSqlError &error)
{
    return isCorruptionError(error);
}

void CacheDatabase::reportCorruption()
{
    m_suspectCorrupt = true;
    if (isOpen()) {
        QSqlDatabase db = database();
        exec(db, u"INSERT OR REPLACE INTO sync_state (key, value) VALUES ('clean_close', 0)"_s);
    }
    Q_EMIT corruptionDetected();
}

int CacheDatabase::schemaVersionOf(const QString &path)
{
    if (!QFileInfo::exists(path))
        return -1;
    int version = -1;
    const QString name = uniqueConnectionName(u"probe"_s);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(driverName, name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(u"PRAGMA user_version"_s) && query.next())
                version = query.value(0).toInt();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return version;
}

OpenReport CacheDatabase::open(const QString &path, bool fullCheck)
{
    close();
    m_path = path;
    m_suspectCorrupt = false;
    m_alongside = false;
    OpenReport report = openFile(path, fullCheck);
    if (report.error == StoreError::Corrupt)
        report = recoverCorrupt(path, report.detail);
    // Models over a reopened (perhaps rebuilt) file must forget what they showed.
    if (report.error == StoreError::None)
        Q_EMIT resetAll();
    return report;
}

OpenReport CacheDatabase::openAlongside(const QString &path, Durability durability)
{
    close();
    m_path = path;
    m_suspectCorrupt = false;
    m_alongside = true;
    OpenReport report;
    if (!connectAndReadVersion(m_connectionName, path, &report))
        return report;
    report.toVersion = report.fromVersion;
    QSqlDatabase db = database();
    if (report.fromVersion != SchemaVersion) {
        // Not opened (and migrated) by a primary connection of this build.
        report.error = report.fromVersion > SchemaVersion ? StoreError::NewerSchema
                                                          : StoreError::CannotOpen;
        report.detail
                = u"schema version %1, expected %2"_s.arg(report.fromVersion).arg(SchemaVersion);
        db.close();
        return report;
    }
    // journal_mode is a property of the file (the primary set WAL); the rest are per
    // connection.
    setPragmas(db,
               {durability == Durability::EveryCommit ? u"PRAGMA synchronous=FULL"_s
                                                      : u"PRAGMA synchronous=NORMAL"_s,
                u"PRAGMA cache_size=-8000"_s, u"PRAGMA temp_store=MEMORY"_s},
               &report);
    return report;
}

OpenReport CacheDatabase::openFile(const QString &path, bool fullCheck)
{
    OpenReport report;
    if (!connectAndReadVersion(m_connectionName, path, &report))
        return report;
    QSqlDatabase db = database();
    if (report.fromVersion > SchemaVersion) {
        report.error = StoreError::NewerSchema;
        report.toVersion = report.fromVersion;
        report.detail = u"schema version %1, this build knows up to %2"_s.arg(report.fromVersion)
                                .arg(SchemaVersion);
        db.close();
        return report;
    }
    // WAL: readers (the list) never wait for the sync writer. synchronous=FULL: a commit is
    // on disk before we tell the user "queued"; the cost is one fsync per transaction.
    if (!setPragmas(db,
                    {u"PRAGMA journal_mode=WAL"_s, u"PRAGMA synchronous=FULL"_s,
                     u"PRAGMA cache_size=-8000"_s, u"PRAGMA temp_store=MEMORY"_s},
                    &report))
        return report;

    bool check = fullCheck;
    if (report.fromVersion > 0 && !check) {
        QSqlQuery clean(db);
        if (!clean.exec(u"SELECT value FROM sync_state WHERE key = 'clean_close'"_s)) {
            check = true;
        } else {
            check = !clean.next() || clean.value(0).toInt() != 1;
        }
    }
    if (check && report.fromVersion > 0 && !quickCheck(&report.detail)) {
        report.error = StoreError::Corrupt;
        db.close();
        return report;
    }

    const OpenReport migrated = migrate();
    if (migrated.error != StoreError::None) {
        report.error = migrated.error;
        report.detail = migrated.detail;
        db.close();
        return report;
    }
    report.toVersion = SchemaVersion;
    QString detail;
    QSqlError error;
    if (!exec(db, u"INSERT OR REPLACE INTO sync_state (key, value) VALUES ('clean_close', 0)"_s,
              &detail, &error)) {
        report.error = isCorruptionError(error) ? StoreError::Corrupt : StoreError::CannotOpen;
        report.detail = detail;
        db.close();
        return report;
    }
    // Items caught mid-send when the app stopped go out again; their idempotency key makes a
    // second arrival at the server harmless.
    exec(db, u"UPDATE outbox SET state = 'queued' WHERE state = 'sending'"_s);
    return report;
}

bool CacheDatabase::quickCheck(QString *detail)
{
    QSqlDatabase db = database();
    QSqlQuery query(db);
    if (!query.exec(u"PRAGMA quick_check"_s)) {
        *detail = query.lastError().text();
        return false;
    }
    if (!query.next()) {
        *detail = u"quick_check returned nothing"_s;
        return false;
    }
    const QString verdict = query.value(0).toString();
    if (verdict != u"ok"_s) {
        *detail = verdict;
        return false;
    }
    return true;
}

OpenReport CacheDatabase::migrate()
{
    OpenReport report;
    QSqlDatabase db = database();
    int version = 0;
    {
        QSqlQuery query(db);
        if (!query.exec(u"PRAGMA user_version"_s) || !query.next()) {
            report.error = StoreError::MigrationFailed;
            report.detail = query.lastError().text();
            return report;
        }
        version = query.value(0).toInt();
    }
    report.fromVersion = version;
    // One transaction per step: a failed step leaves the file at the previous version,
    // readable by this build and by the one before.
    while (version < SchemaVersion) {
        Transaction transaction(db);
        if (!transaction.isActive()) {
            report.error = StoreError::Busy;
            return report;
        }
        for (const QString &statement : schema::migrationStep(version)) {
            QString detail;
            if (!exec(db, statement, &detail)) {
                report.error = StoreError::MigrationFailed;
                report.detail = u"step %1: %2"_s.arg(version).arg(detail);
                return report;
            }
        }
        ++version;
        QString detail;
        if (!exec(db, u"PRAGMA user_version = %1"_s.arg(version), &detail)
            || !transaction.commit()) {
            report.error = StoreError::MigrationFailed;
            report.detail = detail.isEmpty() ? db.lastError().text() : detail;
            return report;
        }
    }
    report.toVersion = version;
    return report;
}

OpenReport CacheDatabase::recoverCorrupt(const QString &path, const QString &why)
{
    QSqlDatabase::removeDatabase(m_connectionName);

    OpenReport report;
    report.recovered = true;
    report.detail = why;
    const QList<RescuedRow> rescued = rescueOutbox(path);

    const QString stamp = QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd'T'HHmmss.zzz'Z'"_s);
    report.corruptCopyPath = path + u".corrupt-"_s + stamp;
    // The WAL may hold committed pages of the damaged file; keep it with the copy.
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s}) {
        if (QFile::exists(path + suffix)
            && !QFile::rename(path + suffix, report.corruptCopyPath + suffix)) {
            if (suffix.isEmpty()) {
                report.error = StoreError::Corrupt;
                report.detail = u"cannot move the corrupt cache aside: "_s + why;
                return report;
            }
            QFile::remove(path + suffix);
        }
    }

    const OpenReport fresh = openFile(path, false);
    report.fromVersion = 0;
    report.toVersion = fresh.toVersion;
    if (fresh.error != StoreError::None) {
        report.error = fresh.error;
        report.detail = fresh.detail;
        return report;
    }

    QSqlDatabase db = database();
    Transaction transaction(db);
    QSqlQuery insert(db);
    insert.prepare(u"INSERT OR IGNORE INTO outbox ("_s + schema::outboxColumns()
                   + u") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    for (const RescuedRow &row : rescued) {
        for (int i = 0; i < row.size(); ++i)
            insert.bindValue(i, row.at(i));
        if (insert.exec() && insert.numRowsAffected() > 0)
            ++report.rescuedOutboxItems;
    }
    // A fresh file has no cursor, so the next sync starts at since=0 and refills everything.
    exec(db, u"UPDATE outbox SET state = 'queued' WHERE state = 'sending'"_s);
    if (!transaction.commit()) {
        report.error = StoreError::QueryFailed;
        report.detail = db.lastError().text();
    }
    return report;
}

} // namespace td
