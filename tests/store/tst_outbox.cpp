#include "store/cachedatabase.h"
#include "store/outbox.h"
#include "store/ticketcache.h"
#include "storetestutil.h"

#include <QFile>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace td;

namespace {

// The store error a call ended with (None on success), so a failing QCOMPARE names it.
template<typename T>
StoreError storeError(const Result<T> &result)
{
    return result.ok() ? StoreError::None : result.error().storage;
}

QJsonObject createBody(const QString &title)
{
    return QJsonObject{{u"title"_s, title},
                       {u"description"_s, u"Steps to reproduce"_s},
                       {u"request_type"_s, u"bug"_s}};
}

QList<qint64> idsOf(const QList<OutboxItem> &items)
{
    QList<qint64> ids;
    for (const OutboxItem &item : items)
        ids.append(item.id);
    return ids;
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
        const QList<OutboxItem> items = recovered.unsent().value();
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.first().idempotencyKey, item->idempotencyKey);
        QCOMPARE(items.first().payload, createBody(u"A"_s));

        // And after an ordinary restart.
        closeAll();
        openAll();
        QCOMPARE(m_outbox->pendingCount().value(), 1);
        QCOMPARE(m_outbox->sendable(50).value().first().idempotencyKey, item->idempotencyKey);
    }

    void retriesKeepTheKeyAndWaitForTheirTime()
    {
        const auto item = m_outbox->enqueueCreate(testdata::WebProjectId, createBody(u"A"_s));
        QVERIFY(item);
        QCOMPARE(storeError(m_outbox->markSending(item->id)), StoreError::None);
        QVERIFY(m_outbox->sendable(50).value().isEmpty()); // not sent twice at once
        const QDateTime retryAt = m_now.addSecs(12);       // Retry-After: 12
        QCOMPARE(storeError(m_outbox->markFailed(
                         item->id, OutboxError{ErrorCode::RateLimited, 429, {}, {}}, retryAt)),
                 StoreError::None);
        QVERIFY(m_outbox->sendable(50).value().isEmpty());
        QCOMPARE(m_outbox->nextDueAt().value(), retryAt);
        m_now = retryAt;
        const QList<OutboxItem> due = m_outbox->sendable(50).value();
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
        const QList<OutboxItem> due = m_outbox->sendable(50).value();
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
        // The list's local row of the new ticket gives way to the server's copy.
        QCOMPARE(changed.first().first().toStringList(),
                 (QStringList{localTicketId(item->id), created.id}));
        QCOMPARE(m_cache->ticket(created.id), created);
        const auto sent = m_outbox->item(item->id).value();
        QCOMPARE(sent->state, OutboxState::Sent);
        QCOMPARE(sent->ticketId, created.id);
        QCOMPARE(m_outbox->pendingCount().value(), 0);

        QCOMPARE(m_outbox->recent(10).value().size(), 1);
        QCOMPARE(m_outbox->pruneSent(m_now.addSecs(1), 1000, 100).value(), 1);
        QVERIFY(m_outbox->recent(10).value().isEmpty());
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
        QTest::newRow("held") << u"held"_s << StoreError::None;
        QTest::newRow("failed") << u"failed"_s << StoreError::None;
        QTest::newRow("conflict") << u"conflict"_s << StoreError::None;
        QTest::newRow("sending") << u"sending"_s << StoreError::InvalidState;
        QTest::newRow("sent") << u"sent"_s << StoreError::InvalidState;
    }

    void cancelOnlyWhatHasNotGoneOut()
    {
        QFETCH(QString, state);
        QFETCH(StoreError, expected);
        const auto item = m_outbox->enqueueCreate(testdata::WebProjectId, createBody(u"A"_s),
                                                  state == u"held"_s);
        if (state != u"queued"_s && state != u"held"_s)
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

    void editKeepsTheKeyOnlyForTheSameBody_data()
    {
        QTest::addColumn<QString>("state");
        QTest::addColumn<bool>("hold"); // the user chose Keep in outbox in the confirmation
        QTest::newRow("queued") << u"queued"_s << false;
        QTest::newRow("queued, kept") << u"queued"_s << true;
        QTest::newRow("held") << u"held"_s << true;
        QTest::newRow("held, sent now") << u"held"_s << false;
        QTest::newRow("failed") << u"failed"_s << false;
        QTest::newRow("backing off") << u"backing off"_s << false;
    }

    void editKeepsTheKeyOnlyForTheSameBody()
    {
        QFETCH(QString, state);
        QFETCH(bool, hold);
        const auto item = m_outbox->enqueueCreate(testdata::WebProjectId, createBody(u"A"_s),
                                                  state == u"held"_s);
        QVERIFY(item);
        if (state == u"failed"_s || state == u"backing off"_s) {
            QCOMPARE(storeError(m_outbox->markSending(item->id)), StoreError::None);
            const auto retryAt
                    = state == u"failed"_s ? std::nullopt : std::optional(m_now.addSecs(60));
            QCOMPARE(storeError(m_outbox->markFailed(item->id, validationError(), retryAt)),
                     StoreError::None);
        }
        const OutboxState expectedState = hold ? OutboxState::Held : OutboxState::Queued;

        // Sent again unchanged: the same request, so the same key (a replay, never a double).
        QCOMPARE(storeError(m_outbox->updatePayload(item->id, createBody(u"A"_s), hold)),
                 StoreError::None);
        auto edited = m_outbox->item(item->id).value();
        QCOMPARE(edited->idempotencyKey, item->idempotencyKey);
        QCOMPARE(edited->state, expectedState);
        QVERIFY(!edited->lastError);

        // A changed body under the old key would be refused as idempotency_key_reused.
        QCOMPARE(storeError(m_outbox->updatePayload(item->id, createBody(u"A, fixed"_s), hold)),
                 StoreError::None);
        edited = m_outbox->item(item->id).value();
        QVERIFY(edited->idempotencyKey != item->idempotencyKey);
        QCOMPARE(edited->payload, createBody(u"A, fixed"_s));
        QCOMPARE(edited->state, expectedState);
        QCOMPARE(edited->nextAttemptAt, m_now); // due now, not at the old backoff
        QCOMPARE(m_outbox->sendable(50).value().size(), hold ? 0 : 1);
    }

    void heldTicketWaitsUntilTheUserSendsIt()
    {
        const auto held = m_outbox->enqueueCreate(testdata::WebProjectId,
                                                  createBody(u"Send later"_s), true);
        QVERIFY(held);
        QCOMPARE(held->state, OutboxState::Held);
        m_now = m_now.addDays(30); // however long it waits, it is not sent by itself
        QVERIFY(m_outbox->sendable(50).value().isEmpty());
        QVERIFY(!m_outbox->nextDueAt().value().isValid());
        QCOMPARE(m_outbox->pendingCount().value(), 1); // but it counts as unsent
        QCOMPARE(idsOf(m_outbox->unsent().value()), QList<qint64>{held->id});
        QCOMPARE(storeError(m_outbox->markSending(held->id)), StoreError::InvalidState);

        // Kept across a restart too.
        closeAll();
        openAll();
        QCOMPARE(m_outbox->item(held->id).value()->state, OutboxState::Held);

        QSignalSpy changed(m_outbox.get(), &Outbox::changed);
        QCOMPARE(storeError(m_outbox->release(held->id)), StoreError::None); // "Send now"
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().first().value<QList<qint64>>(), QList<qint64>{held->id});
        const auto released = m_outbox->item(held->id).value();
        QCOMPARE(released->state, OutboxState::Queued);
        QCOMPARE(released->idempotencyKey, held->idempotencyKey);
        QCOMPARE(idsOf(m_outbox->sendable(50).value()), QList<qint64>{held->id});
        QCOMPARE(m_outbox->nextDueAt().value(), m_now);
        QCOMPARE(storeError(m_outbox->release(held->id)), StoreError::InvalidState);
        QCOMPARE(storeError(m_outbox->release(12345)), StoreError::NotFound);
    }

    void onlyNewTicketsAreHeld()
    {
        const auto transition = m_outbox->enqueueTransition(storetest::makeTicket(1).id,
                                                            TicketStatus::Triaged, {}, 1);
        QVERIFY(transition);
        QCOMPARE(storeError(m_outbox->updatePayload(transition->id, transition->payload, true)),
                 StoreError::InvalidState);
        QCOMPARE(m_outbox->item(transition->id).value()->state, OutboxState::Queued);
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
        const QList<OutboxItem> items = m_outbox->unsent().value();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items.at(0).id, a->id);
        QCOMPARE(items.at(1).id, b->id);
        QCOMPARE(items.at(1).createdAt, m_now);
        QCOMPARE(m_outbox->pendingCount().value(), 2);
    }

    void sendableKeepsEachTicketsOrder_data()
    {
        QTest::addColumn<QString>("first"); // what became of the ticket's first transition
        QTest::addColumn<bool>("secondGoes");
        QTest::newRow("waiting for its retry") << u"backing off"_s << false;
        QTest::newRow("being sent") << u"sending"_s << false;
        QTest::newRow("refused") << u"failed"_s << false;
        QTest::newRow("in conflict") << u"conflict"_s << false;
        QTest::newRow("sent") << u"sent"_s << true;
        QTest::newRow("undone") << u"cancelled"_s << true;
    }

    void sendableKeepsEachTicketsOrder()
    {
        QFETCH(QString, first);
        QFETCH(bool, secondGoes);
        const Ticket a = storetest::makeTicket(1);
        const Ticket b = storetest::makeTicket(2);
        const auto triage = m_outbox->enqueueTransition(a.id, TicketStatus::Triaged, {}, 1);
        const auto start = m_outbox->enqueueTransition(a.id, TicketStatus::InProgress, {}, 2);
        const auto other = m_outbox->enqueueTransition(b.id, TicketStatus::Triaged, {}, 1);
        const auto create = m_outbox->enqueueCreate(testdata::WebProjectId, createBody(u"A"_s));
        QVERIFY(triage && start && other && create);
        if (first == u"cancelled"_s) {
            QCOMPARE(storeError(m_outbox->cancel(triage->id)), StoreError::None);
        } else {
            QCOMPARE(storeError(m_outbox->markSending(triage->id)), StoreError::None);
            if (first == u"backing off"_s)
                QCOMPARE(storeError(m_outbox->markFailed(triage->id, {}, m_now.addSecs(30))),
                         StoreError::None);
            if (first == u"failed"_s)
                QCOMPARE(storeError(m_outbox->markFailed(triage->id, validationError())),
                         StoreError::None);
            if (first == u"conflict"_s)
                QCOMPARE(storeError(m_outbox->markConflict(triage->id, a, {})), StoreError::None);
            if (first == u"sent"_s)
                QCOMPARE(storeError(m_outbox->markSent(triage->id, a)), StoreError::None);
        }

        QList<qint64> expected;
        if (secondGoes)
            expected.append(start->id);
        expected << other->id << create->id;
        QCOMPARE(idsOf(m_outbox->sendable(50).value()), expected);
        QCOMPARE(idsOf(m_outbox->sendable(1).value()), expected.mid(0, 1));
        QCOMPARE(m_outbox->nextDueAt().value(), m_now);
    }

    void nextDueAtIgnoresWhatWaitsBehindAnEarlierItem()
    {
        const Ticket a = storetest::makeTicket(1);
        const auto triage = m_outbox->enqueueTransition(a.id, TicketStatus::Triaged, {}, 1);
        const auto start = m_outbox->enqueueTransition(a.id, TicketStatus::InProgress, {}, 2);
        QVERIFY(triage && start);
        QCOMPARE(storeError(m_outbox->markSending(triage->id)), StoreError::None);
        const QDateTime retryAt = m_now.addSecs(30);
        QCOMPARE(storeError(m_outbox->markFailed(triage->id, {}, retryAt)), StoreError::None);
        // The second is due now but goes only after the first: the engine wakes at retryAt.
        QVERIFY(m_outbox->sendable(50).value().isEmpty());
        QCOMPARE(m_outbox->nextDueAt().value(), retryAt);
        m_now = retryAt;
        QCOMPARE(idsOf(m_outbox->sendable(50).value()), QList<qint64>{triage->id});
        QCOMPARE(storeError(m_outbox->markSending(triage->id)), StoreError::None);
        QCOMPARE(storeError(m_outbox->markSent(triage->id, a)), StoreError::None);
        QCOMPARE(idsOf(m_outbox->sendable(50).value()), QList<qint64>{start->id});
        QCOMPARE(storeError(m_outbox->markSending(start->id)), StoreError::None);
        QVERIFY(!m_outbox->nextDueAt().value().isValid()); // nothing left to wait for
    }

    void pendingTransitionsAreCountedPerTicket()
    {
        const QString a = storetest::makeTicket(1).id;
        const QString b = storetest::makeTicket(2).id;
        const QString c = storetest::makeTicket(3).id;
        QVERIFY(m_outbox->enqueueTransition(a, TicketStatus::Triaged, {}, 1));
        QVERIFY(m_outbox->enqueueTransition(a, TicketStatus::InProgress, {}, 2));
        const auto sending = m_outbox->enqueueTransition(b, TicketStatus::Triaged, {}, 1);
        const auto refused = m_outbox->enqueueTransition(b, TicketStatus::Closed, u"dup"_s, 2);
        const auto sent = m_outbox->enqueueTransition(c, TicketStatus::Triaged, {}, 1);
        QVERIFY(m_outbox->enqueueCreate(testdata::WebProjectId, createBody(u"A"_s)));
        QVERIFY(sending && refused && sent);
        QCOMPARE(storeError(m_outbox->markSending(sending->id)), StoreError::None);
        QCOMPARE(storeError(m_outbox->markFailed(refused->id, validationError())),
                 StoreError::None);
        QCOMPARE(storeError(m_outbox->markSending(sent->id)), StoreError::None);
        QCOMPARE(storeError(m_outbox->markSent(sent->id, storetest::makeTicket(3))),
                 StoreError::None);

        // A refused one will not reach the server, so it adds no version.
        const QHash<QString, int> expected{{a, 2}, {b, 1}};
        QCOMPARE(m_outbox->pendingTransitionCounts({a, b, c, u"unknown"_s}).value(), expected);
        QCOMPARE(m_outbox->pendingTransitionCounts({b}).value(), (QHash<QString, int>{{b, 1}}));
        QVERIFY(m_outbox->pendingTransitionCounts({}).value().isEmpty());
    }

    void historyIsBoundedAndNewestFirst()
    {
        QList<qint64> sent;
        for (int i = 0; i < 5; ++i) {
            sent.append(sendCreate(u"Sent %1"_s.arg(i)));
            m_now = m_now.addSecs(60);
        }
        const auto waiting = m_outbox->enqueueCreate(testdata::WebProjectId, createBody(u"W"_s));
        QVERIFY(waiting);

        const QList<qint64> newestFirst(sent.crbegin(), sent.crend());
        QCOMPARE(idsOf(m_outbox->recent(3).value()), newestFirst.mid(0, 3));
        QCOMPARE(idsOf(m_outbox->recent(50).value()), newestFirst);
        QCOMPARE(idsOf(m_outbox->unsent().value()), QList<qint64>{waiting->id});
        QCOMPARE(m_outbox->pendingCount().value(), 1);
        // Looking up changed ids: gone ones are left out.
        QCOMPARE(m_outbox->items({sent.first(), waiting->id, 9999}).value().size(), 2);
    }

    void sentHistoryIsPrunedAfterSends()
    {
        m_outbox->setRetention({7, 3, 2});
        // Two old sends and an old item still waiting (never pruned: it is the user's work).
        const qint64 oldA = sendCreate(u"Old A"_s);
        const qint64 oldB = sendCreate(u"Old B"_s);
        const auto oldWaiting
                = m_outbox->enqueueCreate(testdata::WebProjectId, createBody(u"Waiting"_s));
        QVERIFY(oldWaiting);
        QTRY_COMPARE(m_outbox->recent(50).value().size(), 2); // within both limits so far

        m_now = m_now.addDays(8); // the old ones are past the 7 days now
        QList<qint64> fresh;
        for (int i = 0; i < 4; ++i) {
            fresh.append(sendCreate(u"Fresh %1"_s.arg(i)));
            m_now = m_now.addSecs(1);
        }
        // Pruned on the event loop after the sends: age first, then all but the newest 3.
        QTRY_COMPARE(m_outbox->recent(50).value().size(), 3);
        QCOMPARE(idsOf(m_outbox->recent(50).value()),
                 (QList<qint64>{fresh.at(3), fresh.at(2), fresh.at(1)}));
        QVERIFY(!m_outbox->item(oldA).value());
        QVERIFY(!m_outbox->item(oldB).value());
        QVERIFY(m_outbox->item(oldWaiting->id).value());
        QCOMPARE(m_outbox->pendingCount().value(), 1);
    }

    void longHistoryIsPrunedInChunksAtOpen()
    {
        for (int i = 0; i < 7; ++i)
            sendCreate(u"Sent %1"_s.arg(i));
        QTRY_COMPARE(m_outbox->recent(50).value().size(), 7); // default retention keeps them
        closeAll();
        openAll({7, 2, 2});
        QSignalSpy changed(m_outbox.get(), &Outbox::changed);
        // Nothing is pruned inside the constructor; then one chunk per event-loop turn.
        QCOMPARE(m_outbox->recent(50).value().size(), 7);
        QTRY_COMPARE(m_outbox->recent(50).value().size(), 2);
        QCOMPARE(changed.size(), 3); // 2 + 2 + 1 removed
        for (const QList<QVariant> &emission : std::as_const(changed))
            QVERIFY(emission.first().value<QList<qint64>>().size() <= 2);
    }

    void unsentNewTicketIsListedUntilTheServersCopyArrives()
    {
        const auto item = m_outbox->enqueueCreate(testdata::WebProjectId,
                                                  createBody(u"Printer jams on page two"_s));
        QVERIFY(item);
        const QString local = localTicketId(item->id);
        QList<TicketRow> listed = allRows();
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed.first().id, local);
        QCOMPARE(listed.first().syncState, SyncState::Outgoing);
        QCOMPARE(listed.first().title, u"Printer jams on page two"_s);
        QCOMPARE(listed.first().status, TicketStatus::New);
        QCOMPARE(searchCount(u"printer"_s), 1); // search and counts know it too
        // Not the server's yet: it cannot be triaged.
        QCOMPARE(storeError(m_outbox->enqueueTransition(local, TicketStatus::Triaged, {}, 1)),
                 StoreError::InvalidState);
        QCOMPARE(m_cache->countsByStatus(TicketFilter::all()).value(TicketStatus::New), 1);

        // Edited before it went out: the list shows what will be sent.
        QVERIFY(m_outbox->updatePayload(item->id, createBody(u"Scanner jams on page two"_s)));
        listed = allRows();
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed.first().title, u"Scanner jams on page two"_s);
        QCOMPARE(searchCount(u"printer"_s), 0);
        QCOMPARE(searchCount(u"scanner"_s), 1);

        // Refused, it stays listed (the user still has to fix it).
        QVERIFY(m_outbox->markSending(item->id));
        QVERIFY(m_outbox->markFailed(item->id, validationError()));
        QCOMPARE(allRows().size(), 1);

        // Sent: one row, the server's, numbered and synced.
        QVERIFY(m_outbox->updatePayload(item->id, createBody(u"Scanner jams on page two"_s)));
        QVERIFY(m_outbox->markSending(item->id));
        const Ticket created = storetest::makeTicket(88, u"Scanner jams on page two"_s);
        QVERIFY(m_outbox->markSent(item->id, created));
        listed = allRows();
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed.first().id, created.id);
        QCOMPARE(listed.first().number, 88);
        QCOMPARE(listed.first().syncState, SyncState::Synced);
        QCOMPARE(searchCount(u"scanner"_s), 1);
        QCOMPARE(m_cache->countsByStatus(TicketFilter::all()).value(TicketStatus::New), 1);
        QVERIFY(!m_cache->ticket(local));
    }

    void discardedNewTicketLeavesTheList_data()
    {
        QTest::addColumn<QString>("state");
        QTest::newRow("waiting") << u"queued"_s;
        QTest::newRow("held") << u"held"_s;
        QTest::newRow("refused") << u"failed"_s;
    }

    void discardedNewTicketLeavesTheList()
    {
        QFETCH(QString, state);
        const auto item = m_outbox->enqueueCreate(
                testdata::WebProjectId, createBody(u"Wrong project"_s), state == u"held"_s);
        QVERIFY(item);
        if (state == u"failed"_s) {
            QVERIFY(m_outbox->markSending(item->id));
            QVERIFY(m_outbox->markFailed(item->id, validationError()));
        }
        QCOMPARE(allRows().size(), 1);
        QSignalSpy changed(m_cache.get(), &TicketSource::ticketsChanged);
        QVERIFY(m_outbox->cancel(item->id));
        QVERIFY(allRows().isEmpty());
        QCOMPARE(searchCount(u"wrong"_s), 0);
        QCOMPARE(m_cache->countsByStatus(TicketFilter::all()).value(TicketStatus::New), 0);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().first().toStringList(), QStringList{localTicketId(item->id)});
    }

    void missingLocalRowsAreRestoredAtOpen()
    {
        // As a rescued file (outbox kept, tickets not) or an older build would leave it.
        const auto item = m_outbox->enqueueCreate(testdata::WebProjectId,
                                                  createBody(u"Written offline"_s), true);
        QVERIFY(item);
        QSqlQuery remove(m_db->database());
        QVERIFY(remove.exec(u"DELETE FROM tickets"_s));
        closeAll();
        openAll();
        QTRY_COMPARE(allRows().size(), 1);
        QCOMPARE(allRows().first().id, localTicketId(item->id));
        QCOMPARE(allRows().first().syncState, SyncState::Outgoing);
    }

private:
    void openAll(const OutboxRetention &retention = {})
    {
        m_db = std::make_unique<CacheDatabase>();
        QCOMPARE(m_db->open(m_path).error, StoreError::None);
        m_cache = std::make_unique<TicketCache>(m_db.get());
        m_outbox = std::make_unique<Outbox>(m_db.get());
        m_outbox->setClock([this] { return m_now; });
        m_outbox->setRetention(retention);
    }

    QList<TicketRow> allRows()
    {
        return m_cache->fetch(TicketFilter::all(), TicketSort{}, std::nullopt, 100);
    }

    qint64 searchCount(const QString &text)
    {
        TicketFilter filter;
        filter.search = text;
        return m_cache->count(filter);
    }

    // A create taken through to Sent, as the engine does; returns its id.
    qint64 sendCreate(const QString &title)
    {
        const auto item = m_outbox->enqueueCreate(testdata::WebProjectId, createBody(title));
        if (!item)
            return 0;
        const Ticket ticket = storetest::makeTicket(++m_tickets, title);
        if (!m_outbox->markSending(item->id) || !m_outbox->markSent(item->id, ticket))
            return 0;
        return item->id;
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
    int m_tickets = 100;
    QDateTime m_now;
    std::unique_ptr<CacheDatabase> m_db;
    std::unique_ptr<TicketCache> m_cache;
    std::unique_ptr<Outbox> m_outbox;
};

QTEST_GUILESS_MAIN(TestOutbox)
#include "tst_outbox.moc"
