#include "store/cachedatabase.h"
#include "store/outbox.h"
#include "store/outboxmodel.h"
#include "store/ticketcache.h"
#include "storetestutil.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace td;

namespace {

QJsonObject createBody(const QString &title)
{
    return QJsonObject{{u"title"_s, title},
                       {u"description"_s, u"Steps to reproduce"_s},
                       {u"request_type"_s, u"bug"_s}};
}

} // namespace

// The Outbox view's model: unsent items, then a bounded history, kept current from the ids
// Outbox::changed names.
class TestOutboxModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_now = storetest::baseTime();
        m_db = std::make_unique<CacheDatabase>();
        QCOMPARE(m_db->open(m_dir.filePath(u"model-%1.sqlite"_s.arg(++m_files))).error,
                 StoreError::None);
        m_cache = std::make_unique<TicketCache>(m_db.get());
        m_outbox = std::make_unique<Outbox>(m_db.get());
        m_outbox->setClock([this] { return m_now; });
    }

    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
        m_outbox.reset();
        m_cache.reset();
        m_db.reset();
    }

    void opensWithWhatWaitsThenTheNewestSent()
    {
        const qint64 sentA = sendCreate(u"Sent first"_s);
        const qint64 sentB = sendCreate(u"Sent second"_s);
        const qint64 sentC = sendCreate(u"Sent third"_s);
        const auto waiting
                = m_outbox->enqueueCreate(testdata::WebProjectId, createBody(u"Still waiting"_s));
        const auto held = m_outbox->enqueueCreate(testdata::WebProjectId,
                                                  createBody(u"Kept for later"_s), true);
        QVERIFY(waiting && held && sentA && sentB && sentC);

        makeModel(2);
        QCOMPARE(rowIds(), (QList<qint64>{waiting->id, held->id, sentC, sentB}));
        QCOMPARE(m_model->unsentCount(), 2);
        QCOMPARE(text(0, OutboxModel::TicketColumn), u"Still waiting"_s);
        QCOMPARE(text(1, OutboxModel::StateColumn), u"held"_s);
        QCOMPARE(text(2, OutboxModel::StateColumn), u"sent"_s);
        QCOMPARE(text(0, OutboxModel::WhatColumn), u"create"_s);
    }

    void followsTheOutboxRowByRow()
    {
        const qint64 sentOld = sendCreate(u"Old"_s);
        makeModel(2);
        QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
        QSignalSpy changedRows(m_model.get(), &QAbstractItemModel::dataChanged);
        QSignalSpy unsent(m_model.get(), &OutboxModel::unsentCountChanged);

        const auto a = m_outbox->enqueueCreate(testdata::WebProjectId, createBody(u"A"_s));
        const auto b = m_outbox->enqueueCreate(testdata::WebProjectId, createBody(u"B"_s));
        QVERIFY(a && b);
        QCOMPARE(rowIds(), (QList<qint64>{a->id, b->id, sentOld}));
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(unsent.last().first().toInt(), 2);

        QVERIFY(m_outbox->markSending(a->id));
        QCOMPARE(changedRows.size(), 1);
        QCOMPARE(changedRows.last().first().toModelIndex().row(), 0);
        QCOMPARE(text(0, OutboxModel::StateColumn), u"sending"_s);
        QCOMPARE(m_model->data(m_model->index(0, 0), OutboxModel::StateRole).toInt(),
                 int(OutboxState::Sending));

        // Sent: it moves from the unsent rows to the top of the history.
        QVERIFY(m_outbox->markSent(a->id, storetest::makeTicket(301, u"A"_s)));
        QCOMPARE(rowIds(), (QList<qint64>{b->id, a->id, sentOld}));
        QCOMPARE(m_model->unsentCount(), 1);

        // B is sent too: the history keeps its newest two rows.
        QVERIFY(m_outbox->markSending(b->id));
        QVERIFY(m_outbox->markSent(b->id, storetest::makeTicket(302, u"B"_s)));
        QCOMPARE(rowIds(), (QList<qint64>{b->id, a->id}));
        QCOMPARE(m_model->unsentCount(), 0);

        // Undo of a queued item takes its row away.
        const auto c = m_outbox->enqueueCreate(testdata::WebProjectId, createBody(u"C"_s));
        QVERIFY(c);
        QCOMPARE(m_model->rowOf(c->id), 0);
        QVERIFY(m_outbox->cancel(c->id));
        QCOMPARE(m_model->rowOf(c->id), -1);
        QCOMPARE(rowIds(), (QList<qint64>{b->id, a->id}));
        QVERIFY(removed.size() >= 3);
        QCOMPARE(resets.size(), 0); // never re-read whole
    }

    void transitionsNameTheirTicket()
    {
        const Ticket ticket = storetest::makeTicket(42, u"Login broken"_s);
        QVERIFY(m_cache->applyTickets({ticket}).ok());
        makeModel(10);
        const auto queued
                = m_outbox->enqueueTransition(ticket.id, TicketStatus::Triaged, {}, ticket.version);
        QVERIFY(queued);
        QCOMPARE(text(0, OutboxModel::TicketColumn), u"#42 Login broken"_s);
        QCOMPARE(text(0, OutboxModel::WhatColumn), u"transition"_s);
        QCOMPARE(m_model->data(m_model->index(0, 0), OutboxModel::TransitionToRole).toString(),
                 u"triaged"_s);
    }

    void hiddenViewReadsNothingUntilShown()
    {
        makeModel(10);
        m_model->setActive(false);
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
        const auto a = m_outbox->enqueueCreate(testdata::WebProjectId, createBody(u"A"_s));
        const auto b = m_outbox->enqueueCreate(testdata::WebProjectId, createBody(u"B"_s));
        QVERIFY(a && b);
        QVERIFY(m_outbox->cancel(a->id));
        QCOMPARE(m_model->rowCount(), 0); // not followed while hidden
        QCOMPARE(inserted.size(), 0);

        m_model->setActive(true);
        QCOMPARE(resets.size(), 1);
        QCOMPARE(rowIds(), QList<qint64>{b->id});
        m_model->setActive(false);
        m_model->setActive(true); // nothing changed meanwhile: no read
        QCOMPARE(resets.size(), 1);
    }

    void prunedHistoryLeavesTheModel()
    {
        m_outbox->setRetention({7, 1000, 500});
        const qint64 old = sendCreate(u"Old"_s);
        makeModel(10);
        QCOMPARE(rowIds(), QList<qint64>{old});
        m_now = m_now.addDays(8);
        const qint64 fresh = sendCreate(u"Fresh"_s);
        QCOMPARE(rowIds(), (QList<qint64>{fresh, old}));
        QTRY_COMPARE(rowIds(), QList<qint64>{fresh}); // pruned after the send
    }

private:
    void makeModel(int historyLimit)
    {
        m_model = std::make_unique<OutboxModel>(m_outbox.get(), m_cache.get());
        m_model->setHistoryLimit(historyLimit);
        // Owned by the test object, so it checks every change until cleanup().
        m_tester = std::make_unique<QAbstractItemModelTester>(
                m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    }

    QList<qint64> rowIds() const
    {
        QList<qint64> ids;
        for (int row = 0; row < m_model->rowCount(); ++row)
            ids.append(m_model->data(m_model->index(row, 0), OutboxModel::ItemIdRole).toLongLong());
        return ids;
    }

    QString text(int row, int column) const
    {
        return m_model->data(m_model->index(row, column)).toString();
    }

    qint64 sendCreate(const QString &title)
    {
        const auto item = m_outbox->enqueueCreate(testdata::WebProjectId, createBody(title));
        if (!item || !m_outbox->markSending(item->id)
            || !m_outbox->markSent(item->id, storetest::makeTicket(++m_tickets, title)))
            return 0;
        m_now = m_now.addSecs(1);
        return item->id;
    }

    QTemporaryDir m_dir;
    int m_files = 0;
    int m_tickets = 100;
    QDateTime m_now;
    std::unique_ptr<CacheDatabase> m_db;
    std::unique_ptr<TicketCache> m_cache;
    std::unique_ptr<Outbox> m_outbox;
    std::unique_ptr<OutboxModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

QTEST_GUILESS_MAIN(TestOutboxModel)
#include "tst_outboxmodel.moc"
