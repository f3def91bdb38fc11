// Group commit on SQLite: one transaction per batch, a savepoint per item, checkpoints off the
// writer, and the reader's caches after the writer's commits.
#include "writebatchchecks.h"

#include "server/sqlitestorage.h"

#include <QFileInfo>
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

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SqliteStorage> m_reader;
    std::unique_ptr<Storage> m_writer;
};

QTEST_GUILESS_MAIN(TestWriteBatch)
#include "tst_writebatch.moc"
