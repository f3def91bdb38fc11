#include "store/cachedatabase.h"
#include "store/outbox.h"
#include "store/outboxmodel.h"
#include "store/ticketcache.h"
#include "ui/outboxview.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <memory>

using namespace Qt::StringLiterals;
using namespace td;

namespace {

const QString ProjectId = u"2489e9ad-2ee2-8e00-8ec9-32d5f69181c0"_s;

QJsonObject createBody(const QString &title)
{
    return QJsonObject{{u"title"_s, title},
                       {u"description"_s, u"Steps to reproduce"_s},
                       {u"request_type"_s, u"bug"_s}};
}

Ticket serverTicket(qint64 number)
{
    Ticket ticket;
    ticket.id = u"00000000-0000-4000-8000-%1"_s.arg(number, 12, 10, QLatin1Char('0'));
    ticket.number = number;
    ticket.projectId = ProjectId;
    ticket.title = u"Ticket %1"_s.arg(number);
    ticket.description = u"Description"_s;
    ticket.version = 1;
    ticket.seq = number;
    ticket.createdAt = QDateTime(QDate(2026, 11, 22), QTime(9, 0), Qt::UTC);
    ticket.updatedAt = ticket.createdAt;
    return ticket;
}

} // namespace

// The Outbox dock as the user works with it: held tickets, editing unsent ones, discarding,
// and no work while the dock is hidden.
class TestOutboxView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_db = std::make_unique<CacheDatabase>();
        QCOMPARE(m_db->open(m_dir.filePath(u"view-%1.sqlite"_s.arg(++m_files))).error,
                 StoreError::None);
        m_cache = std::make_unique<TicketCache>(m_db.get());
        m_outbox = std::make_unique<Outbox>(m_db.get());
        m_view = std::make_unique<OutboxView>();
        m_view->setOutbox(m_outbox.get(), m_cache.get());
    }

    void cleanup()
    {
        m_view.reset();
        m_outbox.reset();
        m_cache.reset();
        m_db.reset();
    }

    void hiddenDockReadsNothing()
    {
        QVERIFY(m_outbox->enqueueCreate(ProjectId, createBody(u"A"_s)));
        QVERIFY(!m_view->model()); // never shown: nothing was read
        m_view->show();
        QVERIFY(m_view->model());
        QCOMPARE(m_view->list()->model()->rowCount(), 1);

        m_view->hide();
        QSignalSpy inserted(m_view->model(), &QAbstractItemModel::rowsInserted);
        const auto b = m_outbox->enqueueCreate(ProjectId, createBody(u"B"_s));
        QVERIFY(b);
        QCOMPARE(inserted.size(), 0); // not followed while hidden
        m_view->show();
        QCOMPARE(m_view->list()->model()->rowCount(), 2);
        QVERIFY(m_view->rowOf(b->id) >= 0);
    }

    void heldTicketIsSentWhenTheUserSaysSo()
    {
        m_view->show();
        const auto held = m_outbox->enqueueCreate(ProjectId, createBody(u"Later"_s), true);
        QVERIFY(held);
        m_view->setCurrentItem(held->id);
        QCOMPARE(m_view->stateText(m_view->rowOf(held->id)), u"Held"_s);
        QVERIFY(m_view->retryButton()->isEnabled()); // Send now
        QVERIFY(m_view->editButton()->isEnabled());
        QVERIFY(m_view->cancelButton()->isEnabled()); // Discard
        QVERIFY(!m_view->resolveButton()->isEnabled());
        QVERIFY(m_outbox->sendable(10).value().isEmpty());

        m_view->retryButton()->click();
        QCOMPARE(m_view->stateText(m_view->rowOf(held->id)), u"Waiting"_s);
        QCOMPARE(m_outbox->sendable(10).value().size(), 1);
        QCOMPARE(m_outbox->sendable(10).value().first().id, held->id);
    }

    void discardTakesTheRowAway()
    {
        m_view->show();
        const auto held = m_outbox->enqueueCreate(ProjectId, createBody(u"Not needed"_s), true);
        QVERIFY(held);
        m_view->setCurrentItem(held->id);
        m_view->cancelButton()->click();
        QCOMPARE(m_view->rowOf(held->id), -1);
        QCOMPARE(m_outbox->pendingCount().value(), 0);
        QVERIFY(!m_view->cancelButton()->isEnabled());
    }

    void everyUnsentNewTicketCanBeEdited_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("state");
        QTest::addColumn<bool>("editable");
        QTest::newRow("new ticket, waiting") << u"create"_s << u"queued"_s << true;
        QTest::newRow("new ticket, held") << u"create"_s << u"held"_s << true;
        QTest::newRow("new ticket, refused") << u"create"_s << u"failed"_s << true;
        QTest::newRow("new ticket, being sent") << u"create"_s << u"sending"_s << false;
        QTest::newRow("new ticket, sent") << u"create"_s << u"sent"_s << false;
        QTest::newRow("transition, waiting") << u"transition"_s << u"queued"_s << false;
        QTest::newRow("transition, refused") << u"transition"_s << u"failed"_s << true;
    }

    void everyUnsentNewTicketCanBeEdited()
    {
        QFETCH(QString, kind);
        QFETCH(QString, state);
        QFETCH(bool, editable);
        m_view->show();
        const auto item = kind == u"create"_s
                                  ? m_outbox->enqueueCreate(ProjectId, createBody(u"A"_s),
                                                            state == u"held"_s)
                                  : m_outbox->enqueueTransition(serverTicket(7).id,
                                                                TicketStatus::Triaged, {}, 1);
        QVERIFY(item);
        if (state == u"sending"_s || state == u"sent"_s || state == u"failed"_s)
            QVERIFY(m_outbox->markSending(item->id));
        if (state == u"sent"_s)
            QVERIFY(m_outbox->markSent(item->id, serverTicket(7)));
        if (state == u"failed"_s)
            QVERIFY(m_outbox->markFailed(
                    item->id,
                    OutboxError{ErrorCode::ValidationFailed, 400, u"Validation failed"_s, {}}));
        m_view->setCurrentItem(item->id);
        QCOMPARE(m_view->currentItemId(), item->id);
        QCOMPARE(m_view->editButton()->isEnabled(), editable);

        QSignalSpy creates(m_view.get(), &OutboxView::editCreateRequested);
        QSignalSpy transitions(m_view.get(), &OutboxView::editTransitionRequested);
        m_view->editCurrent();
        QCOMPARE(creates.size() + transitions.size(), editable ? 1 : 0);
        if (editable && kind == u"create"_s)
            QCOMPARE(creates.first().first().value<OutboxItem>().id, item->id);
    }

private:
    QTemporaryDir m_dir;
    int m_files = 0;
    std::unique_ptr<CacheDatabase> m_db;
    std::unique_ptr<TicketCache> m_cache;
    std::unique_ptr<Outbox> m_outbox;
    std::unique_ptr<OutboxView> m_view;
};

QTEST_MAIN(TestOutboxView)
#include "tst_outboxview.moc"
