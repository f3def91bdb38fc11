#include "store/cachedatabase.h"
#include "store/outbox.h"
#include "store/ticketcache.h"
#include "storetestutil.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace td;

namespace {

// The store error a call ended with (None on success), so a failing QCOMPARE names it.
StoreError storeError(const Status &status)
{
    return status.ok() ? StoreError::None : status.error().storage;
}

QJsonObject createBody(const QString &title)
{
    return QJsonObject{{u"title"_s, title},
                       {u"description"_s, u"Steps to reproduce"_s},
                       {u"request_type"_s, u"bug"_s}};
}

OutboxError validationError()
{
    return OutboxError{ErrorCode::ValidationFailed, 400, u"Validation failed"_s,
                       QJsonObject{{u"title"_s, u"Required"_s}}};
}

} // namespace

// The durable queue of the user's unsent creates and transitions.
class TestOutbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(u"outbox-%1.sqlite"_s.arg(++m_files));
        m_now = storetest::baseTime();
        openAll();
    }

    void cleanup() { closeAll(); }

    void queuedWorkIsOnDiskWhenEnqueueReturns()
    {
        const auto item = m_outbox->enqueueCreate(testdata::WebProjectId, createBody(u"A"_s));
        QVERIFY(item);
        QCOMPARE(item->state, OutboxState::Queued);
        QCOMPARE(item->kind, OutboxKind::Create);
        QVERIFY(!QUuid::fromString(item->idempotencyKey).isNull());

        // Copy the files while the app still runs (as a crash would leave them): the item is
        // in the copy, because the commit reached the file before enqueueCreate returned.
        const QString copy = m_dir.filePath(u"crash-copy.sqlite"_s);
        for (const QString &suffix : {u""_s, u"-wal"_s}) {
            QFile::remove(copy + suffix);
            if (QFile::exists(m_path + suffix))
                QVERIFY(QFile::copy(m_path + suffix, copy + suffix));
        }
        CacheDatabase crashed;
        QCOMPARE(crashed.open(copy).error, StoreError::None);
        Outbox recovered(&crashed);
        const QList<OutboxItem> items = recovered.items().value();
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.first().idempotencyKey, item->idempotencyKey);
        QCOMPARE(items.first().payload, createBody(u"A"_s));

        // And after an ordinary restart.
        closeAll();
        openAll();
        QCOMPARE(m_outbox->pendingCount().value(), 1);
        QCOMPARE(m_outbox->due().value().first().idempotencyKey, item->idempotencyKey);
    }

    void retriesKeepTheKeyAndWaitForTheirTime()
    {
        const auto item = m_outbox->enqueueCreate(testdata::WebProjectId, createBody(u"A"_s));
        QVERIFY(item);
        QCOMPARE(storeError(m_outbox->markSending(item->id)), StoreError::None);
        QVERIFY(m_outbox->due().value().isEmpty());  // not sent twice at once
        const QDateTime retryAt = m_now.addSecs(12); // Retry-After: 12
        QCOMPARE(storeError(m_outbox->markFailed(
                         item->id, OutboxError{ErrorCode::RateLimited, 429, {}, {}}, retryAt)),
                 StoreError::None);
        QVERIFY(m_outbox->due().value().isEmpty());
        QCOMPARE(m_outbox->nextDueAt().value(), retryAt);
        m_now = retryAt;
        const QList<OutboxItem> due = m_outbox->due().value();
        QCOMPARE(due.size(), 1);
        QCOMPARE(due.first().idempotencyKey, item->idempotencyKey);
        QCOMPARE(due.first().attempts, 1);
        QCOMPARE(due.first().lastError->code, ErrorCode::RateLimited);
    }

    void interruptedSendIsRequeuedAtNextOpen()
    {
        const auto item = m_outbox->enqueueCreate(testdata::WebProjectId, createBody(u"A"_s));
        QCOMPARE(storeError(m_outbox->markSending(item->id)), StoreError::None);
        closeAll();
        openAll();
        const QList<OutboxItem> due = m_outbox->due().value();
        QCOMPARE(due.size(), 1);
        QCOMPARE(due.first().state, OutboxState::Queued);
        QCOMPARE(due.first().idempotencyKey, item->idempotencyKey);
    }

    void sentCreateLandsInTheCache()
    {
        const auto item = m_outbox->enqueueCreate(testdata::WebProjectId, createBody(u"A"_s));
        QCOMPARE(storeError(m_outbox->markSending(item->id)), StoreError::None);
        const Ticket created = storetest::makeTicket(77, u"A"_s);
        QSignalSpy changed(m_cache.get(), &TicketSource::ticketsChanged);
        QCOMPARE(storeError(m_outbox->markSent(item->id, created)), StoreError::None);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().first().toStringList(), QStringList{created.id});
        QCOMPARE(m_cache->ticket(created.id), created);
        const auto sent = m_outbox->item(item->id).value();
        QCOMPARE(sent->state, OutboxState::Sent);
        QCOMPARE(sent->ticketId, created.id);
        QCOMPARE(m_outbox->pendingCount().value(), 0);

        QCOMPARE(storeError(m_outbox->pruneSent(m_now.addSecs(1))), StoreError::None);
        QVERIFY(m_outbox->items().value().isEmpty());
    }

    void transitionShowsInTheListUntilSettled()
    {
        const Ticket ticket = storetest::makeTicket(5);
        QVERIFY(m_cache->applyTickets({ticket}).ok());
        const auto rowOf = [this, &ticket] {
            return m_cache->rows({ticket.id}, TicketFilter::all()).value(0);
        };
        QCOMPARE(rowOf().syncState, SyncState::Synced);

        QSignalSpy changed(m_cache.get(), &TicketSource::ticketsChanged);
        const auto item = m_outbox->enqueueTransition(ticket.id, TicketStatus::Triaged, u"seen"_s,
                                                      ticket.version);
        QVERIFY(item);
        QCOMPARE(item->transitionTo(), TicketStatus::Triaged);
        QCOMPARE(item->payload.value(u"expected_version"_s).toInt(), 1);
        QCOMPARE(item->payload.value(u"note"_s).toString(), u"seen"_s);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(rowOf().syncState, SyncState::Queued);
        QCOMPARE(rowOf().pendingStatus, TicketStatus::Triaged);
        QCOMPARE(rowOf().status, TicketStatus::New); // the server has not said so yet

        // Someone else moved the ticket first: conflict, with the server's ticket cached.
        const Ticket theirs = storetest::advanced(ticket, TicketStatus::Closed, 50);
        QCOMPARE(storeError(m_outbox->markConflict(
                         item->id, theirs, OutboxError{ErrorCode::VersionConflict, 409, {}, {}})),
                 StoreError::None);
        QCOMPARE(rowOf().syncState, SyncState::Conflict);
        QCOMPARE(rowOf().status, TicketStatus::Closed);
        QCOMPARE(m_outbox->item(item->id).value()->serverTicket, theirs);

        // The user retries against the new version: queued again, under a new key.
        QCOMPARE(
                storeError(m_outbox->updatePayload(
                        item->id, QJsonObject{{u"to"_s, u"closed"_s}, {u"expected_version"_s, 2}})),
                StoreError::None);
        const auto retried = m_outbox->item(item->id).value();
        QCOMPARE(retried->state, OutboxState::Queued);
        QVERIFY(retried->idempotencyKey != item->idempotencyKey);
        QVERIFY(!retried->lastError);
        QCOMPARE(rowOf().syncState, SyncState::Queued);

        QCOMPARE(storeError(m_outbox->markFailed(item->id, validationError())), StoreError::None);
        QCOMPARE(rowOf().syncState, SyncState::Failed);
        QCOMPARE(m_outbox->item(item->id).value()->lastError, validationError());

        QCOMPARE(storeError(m_outbox->cancel(item->id)), StoreError::None);
        QCOMPARE(rowOf().syncState, SyncState::Synced);
        QVERIFY(!rowOf().pendingStatus);
        QCOMPARE(changed.count(), 5);
    }

    void cancelOnlyWhatHasNotGoneOut_data()
    {
        QTest::addColumn<QString>("state");
        QTest::addColumn<StoreError>("expected");
        QTest::newRow("queued") << u"queued"_s << StoreError::None;
        QTest::newRow("failed") << u"failed"_s << StoreError::None;
        QTest::newRow("conflict") << u"conflict"_s << StoreError::None;
        QTest::newRow("sending") << u"sending"_s << StoreError::InvalidState;
        QTest::newRow("sent") << u"sent"_s << StoreError::InvalidState;
    }

    void cancelOnlyWhatHasNotGoneOut()
    {
        QFETCH(QString, state);
        QFETCH(StoreError, expected);
        const auto item = m_outbox->enqueueCreate(testdata::WebProjectId, createBody(u"A"_s));
        if (state != u"queued"_s)
            QCOMPARE(storeError(m_outbox->markSending(item->id)), StoreError::None);
        if (state == u"failed"_s)
            QCOMPARE(storeError(m_outbox->markFailed(item->id, validationError())),
                     StoreError::None);
        if (state == u"conflict"_s)
            QCOMPARE(storeError(m_outbox->markConflict(item->id, storetest::makeTicket(1), {})),
                     StoreError::None);
        if (state == u"sent"_s)
            QCOMPARE(storeError(m_outbox->markSent(item->id, storetest::makeTicket(1))),
                     StoreError::None);
        QCOMPARE(toWire(m_outbox->item(item->id).value()->state), state);

        QSignalSpy changed(m_outbox.get(), &Outbox::changed);
        QCOMPARE(storeError(m_outbox->cancel(item->id)), expected);
        QCOMPARE(m_outbox->item(item->id).value().has_value(), expected != StoreError::None);
        QCOMPARE(changed.count(), expected == StoreError::None ? 1 : 0);
        QCOMPARE(storeError(m_outbox->updatePayload(item->id, createBody(u"B"_s))),
                 expected == StoreError::None ? StoreError::NotFound : StoreError::InvalidState);
    }

    void editingAQueuedItemKeepsItsKey()
    {
        const auto item = m_outbox->enqueueCreate(testdata::WebProjectId, createBody(u"A"_s));
        QCOMPARE(storeError(m_outbox->updatePayload(item->id, createBody(u"A, typo fixed"_s))),
                 StoreError::None);
        const auto edited = m_outbox->item(item->id).value();
        QCOMPARE(edited->idempotencyKey, item->idempotencyKey);
        QCOMPARE(edited->payload, createBody(u"A, typo fixed"_s));
    }

    void itemsAreListedOldestFirst()
    {
        const auto a = m_outbox->enqueueCreate(testdata::WebProjectId, createBody(u"A"_s));
        m_now = m_now.addSecs(1);
        const auto b = m_outbox->enqueueTransition(storetest::makeTicket(1).id,
                                                   TicketStatus::Triaged, {}, std::nullopt);
        QVERIFY(a && b);
        QVERIFY(a->idempotencyKey != b->idempotencyKey);
        QVERIFY(!b->payload.contains(u"expected_version"_s));
        QVERIFY(!b->payload.contains(u"note"_s));
        const QList<OutboxItem> items = m_outbox->items().value();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items.at(0).id, a->id);
        QCOMPARE(items.at(1).id, b->id);
        QCOMPARE(items.at(1).createdAt, m_now);
        QCOMPARE(m_outbox->pendingCount().value(), 2);
    }

private:
    void openAll()
    {
        m_db = std::make_unique<CacheDatabase>();
        QCOMPARE(m_db->open(m_path).error, StoreError::None);
        m_cache = std::make_unique<TicketCache>(m_db.get());
        m_outbox = std::make_unique<Outbox>(m_db.get());
        m_outbox->setClock([this] { return m_now; });
    }

    void closeAll()
    {
        m_outbox.reset();
        m_cache.reset();
        m_db.reset();
    }

    QTemporaryDir m_dir;
    QString m_path;
    int m_files = 0;
    QDateTime m_now;
    std::unique_ptr<CacheDatabase> m_db;
    std::unique_ptr<TicketCache> m_cache;
    std::unique_ptr<Outbox> m_outbox;
};

QTEST_GUILESS_MAIN(TestOutbox)
#include "tst_outbox.moc"
