// PostgresStorage against a throwaway PostgreSQL 15: migrations, the per-tenant counter that
// keeps /api/changes gap-free across instances, the cross-instance duplicate window, and
// reconnecting after PostgreSQL restarts.

#include "server/postgresstorage.h"
#include "support/pgcluster.h"
#include "tests/server/writebatchchecks.h"

#include <QSemaphore>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QThread>
#include <QUuid>

#include <atomic>
#include <memory>

using namespace Qt::StringLiterals;
using namespace td;
using namespace td::server;

namespace {

const QString Tenant = u"acme"_s;

NewTicket newTicket(const QString &title, const QString &email = u"ann@acme.test"_s)
{
    NewTicket t;
    t.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    t.tenant = Tenant;
    t.title = title;
    t.description = u"d"_s;
    t.requester = {u"Ann"_s, email};
    t.actorRole = u"requester"_s;
    t.source = u"capability"_s;
    t.createdAtMs = QDateTime::currentMSecsSinceEpoch();
    return t;
}

WindowKey windowOf(const NewTicket &t)
{
    return WindowKey::capability(t.tenant, t.requester.email, t.title, t.createdAtMs - 60'000);
}

Visibility everything()
{
    Visibility v;
    v.tenant = Tenant;
    v.allProjects = true;
    return v;
}

// Runs `body` on its own thread with its own storage, as a second server instance would.
class Instance
{
public:
    Instance(const PostgresConfig &config, std::function<void(PostgresStorage &)> body)
        : m_thread(QThread::create([config, body = std::move(body), this] {
            PostgresStorage storage(config);
            QString error;
            if (!storage.open(&error)) {
                m_error = error;
                return;
            }
            try {
                body(storage);
            } catch (const std::exception &e) {
                m_error = QString::fromUtf8(e.what());
            }
        }))
    {
        m_thread->start();
    }
    ~Instance() { m_thread->wait(30'000); }
    bool wait(int ms) { return m_thread->wait(ms); }
    QString error() const { return m_error; }

private:
    QString m_error;
    std::unique_ptr<QThread> m_thread;
};

} // namespace

class tst_PostgresStorage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void migratesAnEmptyDatabase();
    void migratesFromThePreviousVersion();
    void refusesANewerSchema();
    void rejectsAPasswordInTheUrl();
    void laterWriterWaitsForEarlierSeqToCommit();
    void identicalCreatesOnTwoInstancesMakeOneTicket_data();
    void identicalCreatesOnTwoInstancesMakeOneTicket();
    void transitionOnAnotherInstanceSeesTheNewVersion();
    void batchItemFailureDoesNotSinkTheBatch();
    void identicalCreatesInOneBatchMakeOneTicket();
    void aRevokedTokenIsRefusedInTheWrite();
    void batchOnAnotherInstanceReadsWhileTheFirstHoldsTheCounter();
    void transitionsInBatchesOnTwoInstancesSeeEachOther();
    void startsWhileUnreachableAndReconnects();
    void reconnectsAfterPostgresRestart();

private:
    PostgresConfig config() const;
    void seedTenant(PostgresStorage &storage);
    // A committed first and took seq 1, B second with 2, and the feed lists them so.
    static void seqsFollowTheCommits(PostgresStorage &reader, qint64 aSeq, qint64 bSeq);
    QVariant scalar(const QString &sql);

    td::test::PgCluster m_cluster;
    QString m_database;
    int m_counter = 0;
};

void tst_PostgresStorage::initTestCase()
{
    const QString why = td::test::PgCluster::unavailableReason();
    if (!why.isEmpty())
        QSKIP(qPrintable(why));
    QString error;
    QVERIFY2(m_cluster.start(&error), qPrintable(error));
}

void tst_PostgresStorage::cleanupTestCase()
{
    m_cluster.stop();
}

void tst_PostgresStorage::init()
{
    if (!m_cluster.isRunning()) {
        QString error;
        QVERIFY2(m_cluster.start(&error), qPrintable(error));
    }
    QString error;
    if (!m_database.isEmpty())
        QVERIFY2(m_cluster.dropDatabase(m_database, &error), qPrintable(error));
    m_database = u"t%1"_s.arg(++m_counter);
    QVERIFY2(m_cluster.createDatabase(m_database, &error), qPrintable(error));
}

PostgresConfig tst_PostgresStorage::config() const
{
    QString error;
    auto config = PostgresConfig::parse(
            PostgresConfig::withPasswordFile(m_cluster.databaseSpec(m_database),
                                             m_cluster.passwordFile()),
            &error);
    if (!config)
        qFatal("%s", qPrintable(error));
    return *config;
}

void tst_PostgresStorage::seedTenant(PostgresStorage &storage)
{
    BootstrapTenant tenant;
    tenant.tenant = {Tenant, u"Acme"_s};
    storage.applyBootstrap({tenant});
}

void tst_PostgresStorage::seqsFollowTheCommits(PostgresStorage &reader, qint64 aSeq, qint64 bSeq)
{
    QCOMPARE(aSeq, qint64(1));
    QCOMPARE(bSeq, qint64(2));
    const TicketPage page = reader.changes(everything(), 0, 10);
    QCOMPARE(page.tickets.size(), 2);
    QCOMPARE(page.tickets.at(0).title, u"from A"_s);
    QCOMPARE(page.tickets.at(1).title, u"from B"_s);
}

QVariant tst_PostgresStorage::scalar(const QString &sql)
{
    QVariant result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, u"probe"_s);
        db.setHostName(u"127.0.0.1"_s);
        db.setPort(m_cluster.port());
        db.setUserName(u"triagedesk"_s);
        db.setPassword(m_cluster.password());
        db.setDatabaseName(m_database);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql) && q.next())
                result = q.value(0);
            else
                qWarning() << q.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"probe"_s);
    return result;
}

void tst_PostgresStorage::migratesAnEmptyDatabase()
{
    PostgresStorage storage(config());
    QString error;
    QVERIFY2(storage.open(&error), qPrintable(error));
    QCOMPARE(scalar(u"SELECT version FROM schema_version"_s).toInt(),
             PostgresStorage::SchemaVersion);
    QCOMPARE(scalar(u"SELECT count(*) FROM pg_indexes WHERE indexname = 'tickets_project_seq'"_s)
                     .toInt(),
             1);
    seedTenant(storage);
    Ticket created;
    storage.write([&](WriteTransaction &tx) { created = tx.insertTicket(newTicket(u"first"_s)); });
    QCOMPARE(created.number, 1);
    QCOMPARE(created.seq, 1);
    storage.close();

    // A second open (another instance starting) changes nothing and keeps the data.
    PostgresStorage again(config());
    QVERIFY2(again.open(&error), qPrintable(error));
    QCOMPARE(again.changes(everything(), 0, 10).tickets.size(), 1);
    QCOMPARE(scalar(u"SELECT count(*) FROM schema_version"_s).toInt(), 1);
}

void tst_PostgresStorage::migratesFromThePreviousVersion()
{
    // A database as version 1 left it, with a ticket in it.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, u"v1"_s);
        db.setHostName(u"127.0.0.1"_s);
        db.setPort(m_cluster.port());
        db.setUserName(u"triagedesk"_s);
        db.setPassword(m_cluster.password());
        db.setDatabaseName(m_database);
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
        QSqlQuery q(db);
        QStringList statements{u"CREATE TABLE schema_version (version INTEGER NOT NULL)"_s,
                               u"INSERT INTO schema_version (version) VALUES (1)"_s};
        statements += PostgresStorage::migrationStatements(1);
        statements += {u"INSERT INTO tenants (slug, name, last_number, last_seq) "
                       "VALUES ('acme', 'Acme', 1, 1)"_s,
                       u"INSERT INTO tickets VALUES ('00000000-0000-4000-8000-000000000001', "
                       "'acme', 1, NULL, 'old', 'd', 'bug', 'low', '[]', 0, '{}', '', '', 'Ann', "
                       "'ann@acme.test', 'ann@acme.test', NULL, 'requester', NULL, 'capability', "
                       "NULL, 'new', 1, 1, 1000, 1000)"_s};
        for (const QString &statement : std::as_const(statements))
            QVERIFY2(q.exec(statement), qPrintable(q.lastError().text() + u": "_s + statement));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"v1"_s);
    QCOMPARE(scalar(u"SELECT count(*) FROM pg_indexes WHERE indexname = 'tickets_project_seq'"_s)
                     .toInt(),
             0);

    PostgresStorage storage(config());
    QString error;
    QVERIFY2(storage.open(&error), qPrintable(error));
    QCOMPARE(scalar(u"SELECT version FROM schema_version"_s).toInt(),
             PostgresStorage::SchemaVersion);
    QCOMPARE(scalar(u"SELECT count(*) FROM pg_indexes WHERE indexname = 'tickets_project_seq'"_s)
                     .toInt(),
             1);
    const TicketPage before = storage.changes(everything(), 0, 10);
    QCOMPARE(before.tickets.size(), 1);
    QCOMPARE(before.tickets.first().title, u"old"_s);
    // The capability's duplicate window finds the migrated ticket (schema v4 keeps only
    // tickets without a requesting user in tickets_window).
    std::optional<Ticket> windowed;
    storage.write([&](WriteTransaction &tx) {
        windowed = tx.recentTicket(
                WindowKey::capability(u"acme"_s, u"ANN@acme.test"_s, u"old"_s, 0));
    });
    QVERIFY(windowed);
    QCOMPARE(windowed->number, 1);
    // The counters carried over: the next ticket continues the numbering.
    Ticket created;
    storage.write([&](WriteTransaction &tx) { created = tx.insertTicket(newTicket(u"new"_s)); });
    QCOMPARE(created.number, 2);
    QCOMPARE(created.seq, 2);
}

void tst_PostgresStorage::refusesANewerSchema()
{
    {
        PostgresStorage storage(config());
        QString error;
        QVERIFY2(storage.open(&error), qPrintable(error));
    }
    scalar(u"UPDATE schema_version SET version = 99 RETURNING version"_s);
    PostgresStorage storage(config());
    QString error;
    QVERIFY(!storage.open(&error));
    QVERIFY2(error.contains(u"newer"_s), qPrintable(error));
}

void tst_PostgresStorage::rejectsAPasswordInTheUrl()
{
    QString error;
    const auto config = PostgresConfig::parse(
            u"postgresql://triagedesk:secret@127.0.0.1:%1/%2"_s.arg(m_cluster.port())
                    .arg(m_database),
            &error);
    QVERIFY(!config);
    QVERIFY2(error.contains(u"PGPASSWORD"_s), qPrintable(error));
    QVERIFY2(!error.contains(u"secret"_s), qPrintable(error));
}

// The trap: a seq taken early must not commit after a larger one. Instance A takes
// seq 1 and keeps its transaction open; instance B's create must wait (not take seq 2 and
// commit), and a reader sees nothing until A commits, then 1 and 2 in order.
void tst_PostgresStorage::laterWriterWaitsForEarlierSeqToCommit()
{
    PostgresStorage reader(config());
    QString error;
    QVERIFY2(reader.open(&error), qPrintable(error));
    seedTenant(reader);

    QSemaphore aHasSeq, releaseA;
    std::atomic<qint64> aSeq = 0, bSeq = 0;
    std::atomic<bool> bDone = false;
    Instance a(config(), [&](PostgresStorage &storage) {
        storage.write([&](WriteTransaction &tx) {
            aSeq = tx.insertTicket(newTicket(u"from A"_s)).seq;
            aHasSeq.release();
            releaseA.acquire(); // still uncommitted
        });
    });
    QVERIFY(aHasSeq.tryAcquire(1, 10'000));
    QSemaphore bInTransaction;
    Instance b(config(), [&](PostgresStorage &storage) {
        storage.write([&](WriteTransaction &tx) {
            bInTransaction.release();
            bSeq = tx.insertTicket(newTicket(u"from B"_s)).seq;
        });
        bDone = true;
    });
    // B is connected and inside its transaction; give it ample time to (wrongly) finish.
    QVERIFY(bInTransaction.tryAcquire(1, 10'000));
    QTest::qWait(700);
    QVERIFY2(!bDone, "B committed while A's earlier seq was still open");
    QCOMPARE(reader.changes(everything(), 0, 10).tickets.size(), 0);

    releaseA.release();
    QVERIFY(b.wait(10'000));
    QVERIFY(a.wait(10'000));
    QVERIFY2(a.error().isEmpty(), qPrintable(a.error()));
    QVERIFY2(b.error().isEmpty(), qPrintable(b.error()));
    seqsFollowTheCommits(reader, aSeq, bSeq);
}

void tst_PostgresStorage::identicalCreatesOnTwoInstancesMakeOneTicket_data()
{
    QTest::addColumn<bool>("withKey");
    QTest::addColumn<bool>("batched");
    QTest::newRow("duplicate window") << false << false;
    QTest::newRow("idempotency key") << true << false;
    QTest::newRow("duplicate window, batches") << false << true;
    QTest::newRow("idempotency key, batches") << true << true;
}

// What CreateHandler's WriteWork does in its transaction, on two instances at once, through
// write() and through writeBatch() (group commit): A has checked and inserted but not
// committed; B's check must wait for A's advisory lock on the window or key, then find A's
// ticket or stored answer.
void tst_PostgresStorage::identicalCreatesOnTwoInstancesMakeOneTicket()
{
    QFETCH(bool, withKey);
    QFETCH(bool, batched);
    PostgresStorage main(config());
    QString error;
    QVERIFY2(main.open(&error), qPrintable(error));
    seedTenant(main);

    // The key case uses distinct titles so only the key, not the window, can join them.
    auto create = [withKey](WriteTransaction &tx, const QString &title) -> QString {
        const NewTicket t = newTicket(title);
        if (withKey) {
            if (const auto stored = tx.storedResponse(u"user:x"_s, u"k1"_s, 0))
                return QString::fromUtf8(stored->body);
        } else if (const auto earlier = tx.recentTicket(windowOf(t))) {
            return earlier->id;
        }
        const Ticket ticket = tx.insertTicket(t);
        if (withKey)
            tx.storeResponse(u"user:x"_s, u"k1"_s, {"h", 201, ticket.id.toUtf8(), {}}, 1);
        return ticket.id;
    };
    // One write, alone or as a batch of one.
    auto writeOne = [batched](PostgresStorage &storage, const Storage::WriteItem &item) {
        if (!batched) {
            storage.write(item);
            return;
        }
        QList<std::exception_ptr> failures;
        storage.writeBatch({Tenant}, {item}, &failures);
        if (!failures.isEmpty() && failures.first())
            std::rethrow_exception(failures.first());
    };
    QSemaphore aInserted, releaseA;
    QString aId, bId;
    Instance a(config(), [&](PostgresStorage &storage) {
        writeOne(storage, [&](WriteTransaction &tx) {
            aId = create(tx, u"same"_s);
            aInserted.release();
            releaseA.acquire();
        });
    });
    QVERIFY(aInserted.tryAcquire(1, 10'000));
    Instance b(config(), [&](PostgresStorage &storage) {
        writeOne(storage,
                 [&](WriteTransaction &tx) { bId = create(tx, withKey ? u"other"_s : u"same"_s); });
    });
    QTest::qWait(300);
    QVERIFY(bId.isEmpty());
    releaseA.release();
    QVERIFY(a.wait(10'000));
    QVERIFY(b.wait(10'000));
    QVERIFY2(a.error().isEmpty(), qPrintable(a.error()));
    QVERIFY2(b.error().isEmpty(), qPrintable(b.error()));
    QVERIFY(!aId.isEmpty());
    QCOMPARE(bId, aId);
    QCOMPARE(main.changes(everything(), 0, 10).tickets.size(), 1);
}

// Two owners on two instances move the same ticket: the second waits for the first, then
// sees version 2 (so expected_version / transition rules judge the real state), no 500.
void tst_PostgresStorage::transitionOnAnotherInstanceSeesTheNewVersion()
{
    PostgresStorage main(config());
    QString error;
    QVERIFY2(main.open(&error), qPrintable(error));
    seedTenant(main);
    Ticket created;
    main.write([&](WriteTransaction &tx) { created = tx.insertTicket(newTicket(u"t"_s)); });

    QSemaphore aChanged, releaseA;
    int bSawVersion = 0;
    Instance a(config(), [&](PostgresStorage &storage) {
        storage.write([&](WriteTransaction &tx) {
            const auto current = tx.ticket(Tenant, created.id);
            tx.applyStatusChange(*current, {created.id, TicketStatus::Triaged, {}, u"u1"_s, 5});
            aChanged.release();
            releaseA.acquire();
        });
    });
    QVERIFY(aChanged.tryAcquire(1, 10'000));
    Instance b(config(), [&](PostgresStorage &storage) {
        storage.write([&](WriteTransaction &tx) {
            const auto current = tx.ticket(Tenant, created.id);
            bSawVersion = current->version;
            tx.applyStatusChange(*current, {created.id, TicketStatus::InProgress, {}, u"u2"_s, 6});
        });
    });
    QTest::qWait(300);
    releaseA.release();
    QVERIFY(a.wait(10'000));
    QVERIFY(b.wait(10'000));
    QVERIFY2(a.error().isEmpty(), qPrintable(a.error()));
    QVERIFY2(b.error().isEmpty(), qPrintable(b.error()));
    QCOMPARE(bSawVersion, 2);
    const auto final = main.ticket(everything(), created.id);
    QVERIFY(final);
    QCOMPARE(final->version, 3);
    QCOMPARE(final->status, TicketStatus::InProgress);
    QCOMPARE(main.events(created.id).size(), 3);
}

void tst_PostgresStorage::startsWhileUnreachableAndReconnects()
{
    PostgresConfig unreachable = config();
    m_cluster.stop();
    {
        PostgresStorage storage(unreachable);
        QString error;
        QVERIFY2(storage.open(&error), qPrintable(error)); // starts anyway
        QVERIFY(!storage.ping());
        QVERIFY_THROWS_EXCEPTION(StorageError, storage.tenant(Tenant));
        QVERIFY2(m_cluster.start(&error), qPrintable(error));
        // Reconnected and migrated by itself (after a short back-off from the failed try).
        QTRY_VERIFY_WITH_TIMEOUT(storage.ping(), 5'000);
        seedTenant(storage);
        QVERIFY(storage.tenant(Tenant));
    }
}

void tst_PostgresStorage::reconnectsAfterPostgresRestart()
{
    PostgresStorage storage(config());
    QString error;
    QVERIFY2(storage.open(&error), qPrintable(error));
    seedTenant(storage);
    storage.write([&](WriteTransaction &tx) { tx.insertTicket(newTicket(u"before"_s)); });

    QVERIFY(m_cluster.stop(u"immediate"_s));
    QVERIFY(!storage.ping());
    QVERIFY_THROWS_EXCEPTION(StorageError, storage.write([&](WriteTransaction &tx) {
        tx.insertTicket(newTicket(u"while down"_s));
    }));
    QVERIFY2(m_cluster.start(&error), qPrintable(error));

    // No restart of the storage: the next calls reconnect.
    QTRY_VERIFY_WITH_TIMEOUT(storage.ping(), 5'000);
    storage.write([&](WriteTransaction &tx) { tx.insertTicket(newTicket(u"after"_s)); });
    const TicketPage page = storage.changes(everything(), 0, 10);
    QCOMPARE(page.tickets.size(), 2);
    QCOMPARE(page.tickets.at(0).title, u"before"_s);
    QCOMPARE(page.tickets.at(1).title, u"after"_s);
    QVERIFY(storage.ping());
}

// Group commit: a savepoint per item in one transaction per batch (see writebatchchecks.h).
void tst_PostgresStorage::batchItemFailureDoesNotSinkTheBatch()
{
    PostgresStorage writer(config());
    QString error;
    QVERIFY2(writer.open(&error), qPrintable(error));
    seedTenant(writer);
    PostgresStorage reader(config());
    QVERIFY2(reader.open(&error), qPrintable(error));
    td::test::writebatch::oneFailureDoesNotSinkTheBatch(writer, reader, Tenant);
}

void tst_PostgresStorage::identicalCreatesInOneBatchMakeOneTicket()
{
    PostgresStorage writer(config());
    QString error;
    QVERIFY2(writer.open(&error), qPrintable(error));
    seedTenant(writer);
    td::test::writebatch::identicalCreatesInOneBatchMakeOneTicket(writer, Tenant);
}

// The front (A) serves a write's caller from its cache without reading the auth epoch; the
// writer's batch reads it and refuses a token another instance revoked meanwhile.
void tst_PostgresStorage::aRevokedTokenIsRefusedInTheWrite()
{
    QString error;
    PostgresStorage front(config());
    QVERIFY2(front.open(&error), qPrintable(error));
    QVERIFY(front.checksAuthAtWrite());
    PostgresStorage writer(config());
    QVERIFY2(writer.open(&error), qPrintable(error));
    PostgresStorage other(config());
    QVERIFY2(other.open(&error), qPrintable(error));
    td::test::writebatch::aRevokedTokenIsRefusedInTheWrite(front, writer, other, Tenant);
}

// Group commit on two instances (writeBatch): B's batch gathers its reads (its items run up to
// their inserts) while A's batch holds the tenant's counter row uncommitted, but B takes its
// seq only after A committed, and a reader sees nothing of either before: seq order is commit
// order, and the batches overlap everything but the counter row and COMMIT.
void tst_PostgresStorage::batchOnAnotherInstanceReadsWhileTheFirstHoldsTheCounter()
{
    PostgresStorage reader(config());
    QString error;
    QVERIFY2(reader.open(&error), qPrintable(error));
    seedTenant(reader);

    QSemaphore aHasSeq, releaseA;
    std::atomic<qint64> aSeq = 0, bSeq = 0;
    std::atomic<int> bRuns = 0;
    std::atomic<bool> bDone = false;
    auto create = [](WriteTransaction &tx, const QString &title) {
        const NewTicket t = newTicket(title);
        if (const auto earlier = tx.recentTicket(windowOf(t)))
            return *earlier;
        return tx.insertTicket(t);
    };
    Instance a(config(), [&](PostgresStorage &storage) {
        QList<std::exception_ptr> failures;
        storage.writeBatch({Tenant}, {[&](WriteTransaction &tx) {
                               aSeq = create(tx, u"from A"_s).seq;
                               aHasSeq.release();
                               releaseA.acquire(); // the counter row taken, not committed
                           }},
                           &failures);
    });
    QVERIFY(aHasSeq.tryAcquire(1, 10'000));
    Instance b(config(), [&](PostgresStorage &storage) {
        QList<std::exception_ptr> failures;
        storage.writeBatch({Tenant}, {[&](WriteTransaction &tx) {
                               ++bRuns;
                               bSeq = create(tx, u"from B"_s).seq;
                           }},
                           &failures);
        bDone = true;
    });
    // B ran its item up to the window read, fetched it, and ran it up to its insert.
    QTRY_VERIFY_WITH_TIMEOUT(bRuns >= 2, 10'000);
    QTest::qWait(500);
    QVERIFY2(!bDone, "B committed while A's earlier seq was still open");
    QCOMPARE(bSeq.load(), qint64(0));
    QCOMPARE(reader.changes(everything(), 0, 10).tickets.size(), 0);

    releaseA.release();
    QVERIFY(a.wait(10'000));
    QVERIFY(b.wait(10'000));
    QVERIFY2(a.error().isEmpty(), qPrintable(a.error()));
    QVERIFY2(b.error().isEmpty(), qPrintable(b.error()));
    seqsFollowTheCommits(reader, aSeq, bSeq);
}

// A ticket created and moved in one batch, then moved by a batch on another instance that
// waited for it: the second transition sees version 2, and the events and seqs follow.
void tst_PostgresStorage::transitionsInBatchesOnTwoInstancesSeeEachOther()
{
    PostgresStorage main(config());
    QString error;
    QVERIFY2(main.open(&error), qPrintable(error));
    seedTenant(main);

    QSemaphore aChanged, releaseA;
    Ticket created;
    int bSawVersion = 0;
    Instance a(config(), [&](PostgresStorage &storage) {
        QList<std::exception_ptr> failures;
        storage.writeBatch(
                {Tenant},
                {[&](WriteTransaction &tx) { created = tx.insertTicket(newTicket(u"t"_s)); },
                 [&](WriteTransaction &tx) {
                     const auto current = tx.ticket(Tenant, created.id);
                     if (!current)
                         throw StorageError("the batch's own ticket is not visible");
                     tx.applyStatusChange(*current,
                                          {created.id, TicketStatus::Triaged, {}, u"u1"_s, 5});
                     aChanged.release();
                     releaseA.acquire();
                 }},
                &failures);
        if (failures.value(1))
            std::rethrow_exception(failures.value(1));
    });
    QVERIFY(aChanged.tryAcquire(1, 10'000));
    Instance b(config(), [&](PostgresStorage &storage) {
        QList<std::exception_ptr> failures;
        storage.writeBatch({Tenant}, {[&](WriteTransaction &tx) {
                               const auto current = tx.ticket(Tenant, created.id);
                               bSawVersion = current ? current->version : -1;
                               if (current)
                                   tx.applyStatusChange(
                                           *current,
                                           {created.id, TicketStatus::InProgress, {}, u"u2"_s, 6});
                           }},
                           &failures);
    });
    QTest::qWait(300);
    QCOMPARE(bSawVersion, 0);
    releaseA.release();
    QVERIFY(a.wait(10'000));
    QVERIFY(b.wait(10'000));
    QVERIFY2(a.error().isEmpty(), qPrintable(a.error()));
    QVERIFY2(b.error().isEmpty(), qPrintable(b.error()));
    QCOMPARE(bSawVersion, 2);
    const auto final = main.ticket(everything(), created.id);
    QVERIFY(final);
    QCOMPARE(final->version, 3);
    QCOMPARE(final->seq, qint64(3));
    QCOMPARE(final->status, TicketStatus::InProgress);
    QCOMPARE(main.events(created.id).size(), 3);
}

QTEST_GUILESS_MAIN(tst_PostgresStorage)
#include "tst_postgresstorage.moc"
