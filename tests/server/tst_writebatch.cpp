// Group commit on SQLite: one transaction per batch, a savepoint per item, checkpoints off the
// writer, and the reader's caches after the writer's commits.
#include "writebatchchecks.h"

#include "server/schema.h"
#include "server/sqlcommon.h"
#include "server/sqlitestorage.h"

#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;
using namespace td;
using namespace td::server;

namespace {
const QString Tenant = u"acme"_s;
}

class TestWriteBatch : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_reader = std::make_unique<SqliteStorage>(m_dir->filePath(u"db.sqlite"_s));
        QString error;
        QVERIFY2(m_reader->open(&error), qPrintable(error));
        BootstrapTenant tenant;
        tenant.tenant = {Tenant, u"Acme"_s};
        m_reader->applyBootstrap({tenant});
        m_writer = m_reader->connectAnother();
        QVERIFY(m_writer);
        QVERIFY2(m_writer->open(&error), qPrintable(error));
        m_writer->startWriting();
    }
    void cleanup()
    {
        m_writer.reset();
        m_reader.reset();
        m_dir.reset();
    }

    void oneFailureDoesNotSinkTheBatch()
    {
        td::test::writebatch::oneFailureDoesNotSinkTheBatch(*m_writer, *m_reader, Tenant);
    }

    void aRevokedTokenIsRefusedInTheWrite()
    {
        // The reader stands for the front; a third connection for the CLI.
        SqliteStorage cli(m_dir->filePath(u"db.sqlite"_s));
        QString error;
        QVERIFY2(cli.open(&error), qPrintable(error));
        td::test::writebatch::aRevokedTokenIsRefusedInTheWrite(*m_reader, *m_writer, cli, Tenant);
    }

    void identicalCreatesInOneBatchMakeOneTicket()
    {
        td::test::writebatch::identicalCreatesInOneBatchMakeOneTicket(*m_writer, Tenant);
    }

    // The reader caches tickets; a transition the writer commits must not be hidden by it.
    void readerSeesTheWritersTransition()
    {
        Ticket created;
        m_writer->write([&](WriteTransaction &tx) {
            created = tx.insertTicket(td::test::writebatch::newTicket(Tenant, u"t"_s));
        });
        const Visibility all = td::test::writebatch::everything(Tenant);
        QCOMPARE(m_reader->ticket(all, created.id)->status, TicketStatus::New); // now cached
        QList<std::exception_ptr> failures;
        m_writer->writeBatch({Tenant}, {[&](WriteTransaction &tx) {
                                 tx.applyStatusChange(created, {created.id, TicketStatus::Triaged,
                                                                QString(), u"u"_s, 1});
                             }},
                             &failures);
        QVERIFY(!failures.value(0));
        const auto after = m_reader->ticket(all, created.id);
        QCOMPARE(after->status, TicketStatus::Triaged);
        QCOMPARE(after->version, 2);
    }

    // Checkpoints run on their own thread: the WAL does not keep growing while the writer
    // commits batch after batch.
    void walIsCheckpointedOffTheWriter()
    {
        const QString wal = m_dir->filePath(u"db.sqlite-wal"_s);
        for (int batch = 0; batch < 40; ++batch) {
            QList<Storage::WriteItem> items;
            for (int i = 0; i < 64; ++i) {
                items.append([](WriteTransaction &tx) {
                    tx.insertTicket(td::test::writebatch::newTicket(Tenant, u"bulk"_s));
                });
            }
            QList<std::exception_ptr> failures;
            m_writer->writeBatch({Tenant}, items, &failures);
        }
        // A checkpoint copies the WAL into the database; the next commit then starts the WAL
        // over instead of appending. Wait for one (they run every 200 ms).
        QVERIFY(QFileInfo(wal).size() > 0);
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(m_dir->filePath(u"db.sqlite"_s)).size() > 1024 * 1024,
                                 10'000);
        // A tick may have copied only part of the WAL; the ones after it copy the rest.
        QTest::qWait(1'000);
        const qint64 grown = QFileInfo(wal).size();
        for (int batch = 0; batch < 5; ++batch) {
            m_writer->write([](WriteTransaction &tx) {
                tx.insertTicket(td::test::writebatch::newTicket(Tenant, u"after"_s));
            });
        }
        QVERIFY(QFileInfo(wal).size() <= grown); // reused from its start, not appended to
    }

    // Schema v4 keeps each kind of ticket only in the indexes it is looked up through. A
    // version 3 database migrates with its tickets, both duplicate windows and a requester's
    // feed still find them, and each window is a search of its own index, not a scan.
    void version3DatabaseMigratesAndWindowsUseTheirIndexes()
    {
        const QString path = m_dir->filePath(u"v3.sqlite"_s);
        const QString project = u"2489e9ad-2ee2-8e00-8ec9-32d5f69181c0"_s;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"v3"_s);
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QStringList statements{u"CREATE TABLE schema_version (version INTEGER NOT NULL)"_s,
                                   u"INSERT INTO schema_version (version) VALUES (3)"_s};
            for (int version = 1; version <= 3; ++version)
                statements += schema::migrationStatements(version);
            statements
                    += {u"INSERT INTO tenants (slug, name, last_number, last_seq) "
                        "VALUES ('acme', 'Acme', 2, 2)"_s,
                        u"INSERT INTO projects VALUES ('%1', '%2', 'acme', 'Web', '[]', 0)"_s.arg(
                                project, project.toUpper()),
                        // A capability ticket (no requesting user) and a portal one of user u-1.
                        u"INSERT INTO tickets VALUES ('00000000-0000-4000-8000-000000000001', "
                        "'acme', 1, NULL, 'old', 'd', 'bug', 'low', '[]', 0, '{}', '', '', 'Ann', "
                        "'Ann@acme.test', 'ann@acme.test', NULL, 'requester', NULL, 'capability', "
                        "NULL, 'new', 1, 1, 1000, 1000)"_s,
                        u"INSERT INTO tickets VALUES ('00000000-0000-4000-8000-000000000002', "
                        "'acme', 2, '%1', 'mine', 'd', 'bug', 'low', '[]', 0, '{}', '', '', 'Ann', "
                        "'ann@acme.test', 'ann@acme.test', 'u-1', 'requester', 'u-1', 'portal', "
                        "NULL, 'new', 1, 2, 1000, 1000)"_s.arg(project)};
            for (const QString &statement : std::as_const(statements))
                QVERIFY2(q.exec(statement), qPrintable(q.lastError().text() + u": "_s + statement));
            db.close();
        }
        QSqlDatabase::removeDatabase(u"v3"_s);

        SqliteStorage storage(path);
        QString error;
        QVERIFY2(storage.open(&error), qPrintable(error));
        const WindowKey capability = WindowKey::capability(Tenant, u"ANN@acme.test"_s, u"old"_s, 0);
        const WindowKey portal = WindowKey::portal(Tenant, u"u-1"_s, project, u"mine"_s, 0);
        std::optional<Ticket> byCapability, byPortal, crossed;
        storage.write([&](WriteTransaction &tx) {
            byCapability = tx.recentTicket(capability);
            byPortal = tx.recentTicket(portal);
            // The capability's window never finds a portal ticket of the same email and title.
            crossed = tx.recentTicket(
                    WindowKey::capability(Tenant, u"ann@acme.test"_s, u"mine"_s, 0));
        });
        QVERIFY(byCapability);
        QCOMPARE(byCapability->number, 1);
        QVERIFY(byPortal);
        QCOMPARE(byPortal->number, 2);
        QVERIFY(!crossed);
        Visibility requester;
        requester.tenant = Tenant;
        requester.requesterUserId = u"u-1"_s;
        const TicketPage own = storage.changes(requester, 0, 10);
        QCOMPARE(own.tickets.size(), 1);
        QCOMPARE(own.tickets.first().number, 2);
        QCOMPARE(storage.changes(td::test::writebatch::everything(Tenant), 0, 10).tickets.size(),
                 2);
        storage.close();

        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"plan"_s);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        {
            QSqlQuery version(db);
            QVERIFY(version.exec(u"SELECT version FROM schema_version"_s) && version.next());
            QCOMPARE(version.value(0).toInt(), schema::CurrentVersion);
            const auto plan = [&db](const WindowKey &key) {
                const sql::WindowQuery window = sql::windowQuery(key);
                QSqlQuery q(db);
                q.prepare(u"EXPLAIN QUERY PLAN SELECT id FROM tickets WHERE "_s + window.where);
                for (const QVariant &value : window.values)
                    q.addBindValue(value);
                QStringList steps;
                if (q.exec()) {
                    while (q.next())
                        steps.append(q.value(3).toString());
                }
                return steps.join(u"; "_s);
            };
            const QString capabilityPlan = plan(capability);
            QVERIFY2(capabilityPlan.contains(u"USING INDEX tickets_window "_s),
                     qPrintable(capabilityPlan));
            const QString portalPlan = plan(portal);
            QVERIFY2(portalPlan.contains(u"USING INDEX tickets_user_window "_s),
                     qPrintable(portalPlan));
        }
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"plan"_s);
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SqliteStorage> m_reader;
    std::unique_ptr<Storage> m_writer;
};

QTEST_GUILESS_MAIN(TestWriteBatch)
#include "tst_writebatch.moc"
