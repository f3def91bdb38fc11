#pragma once

// Group commit (Storage::writeBatch), the same checks for every backend: one transaction per
// batch, each item in its own savepoint, later items see earlier ones.

#include "server/storage.h"

#include <QDateTime>
#include <QTest>
#include <QUuid>

#include <stdexcept>

namespace td::test::writebatch {

using namespace Qt::StringLiterals;

inline server::NewTicket newTicket(const QString &tenant, const QString &title)
{
    server::NewTicket t;
    t.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    t.tenant = tenant;
    t.title = title;
    t.description = u"d"_s;
    t.requester = {u"Ann"_s, u"ann@acme.test"_s};
    t.actorRole = u"requester"_s;
    t.source = u"capability"_s;
    t.createdAtMs = QDateTime::currentMSecsSinceEpoch();
    return t;
}

inline server::Visibility everything(const QString &tenant)
{
    server::Visibility v;
    v.tenant = tenant;
    v.allProjects = true;
    return v;
}

// A batch of five: a ticket; an item that inserts a ticket and then fails; a second ticket; a
// stored Idempotency-Key answer; an item that finds that answer. Only the failing item is
// undone, its number and seq are not used up, and the other four commit together.
// `reader` is another connection to the same database.
inline void oneFailureDoesNotSinkTheBatch(server::Storage &writer, server::Storage &reader,
                                          const QString &tenant)
{
    td::Ticket first, second;
    QString failedId;
    std::optional<server::StoredResponse> seenInBatch;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<server::Storage::WriteItem> items{
            [&](server::WriteTransaction &tx) {
                first = tx.insertTicket(newTicket(tenant, u"first"_s));
            },
            [&](server::WriteTransaction &tx) {
                failedId = tx.insertTicket(newTicket(tenant, u"undone"_s)).id;
                throw server::StorageError("this item fails after its insert");
            },
            [&](server::WriteTransaction &tx) {
                second = tx.insertTicket(newTicket(tenant, u"second"_s));
            },
            [&](server::WriteTransaction &tx) {
                tx.storeResponse(u"user:u1"_s, u"key-1"_s, {"hash"_ba, 201, "{}"_ba, {}}, now);
            },
            [&](server::WriteTransaction &tx) {
                seenInBatch = tx.storedResponse(u"user:u1"_s, u"key-1"_s, now - 1000);
            }};
    QList<std::exception_ptr> failures;
    writer.writeBatch({tenant}, items, &failures);
    QCOMPARE(failures.size(), items.size());
    QVERIFY(!failures[0]);
    QVERIFY(failures[1]);
    QVERIFY(!failures[2] && !failures[3] && !failures[4]);
    // The undone item gave back its number and seq: the feed has no hole.
    QCOMPARE(second.number, first.number + 1);
    QCOMPARE(second.seq, first.seq + 1);
    QVERIFY(seenInBatch.has_value());
    QCOMPARE(seenInBatch->status, 201);
    // Committed, and visible to another connection.
    QVERIFY(reader.ticket(everything(tenant), first.id).has_value());
    QVERIFY(reader.ticket(everything(tenant), second.id).has_value());
    QVERIFY(!reader.ticket(everything(tenant), failedId).has_value());
    const server::TicketPage feed = reader.changes(everything(tenant), first.seq - 1, 10);
    QCOMPARE(feed.tickets.size(), 2);
    QCOMPARE(feed.tickets[0].id, first.id);
    QCOMPARE(feed.tickets[1].id, second.id);
}

// Two identical creates in one batch, as the create handler runs them (look in the 60 s
// window, insert if nothing is there): the second finds the first's ticket.
inline void identicalCreatesInOneBatchMakeOneTicket(server::Storage &writer, const QString &tenant)
{
    const server::NewTicket ticket = newTicket(tenant, u"same title"_s);
    const auto window = server::WindowKey::capability(tenant, ticket.requester.email, ticket.title,
                                                      ticket.createdAtMs - 60'000);
    QStringList ids;
    auto create = [&](server::WriteTransaction &tx) {
        server::NewTicket t = ticket;
        t.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const auto earlier = tx.recentTicket(window);
        ids.append(earlier ? earlier->id : tx.insertTicket(t).id);
    };
    QList<std::exception_ptr> failures;
    writer.writeBatch({tenant}, {create, create, create}, &failures);
    QCOMPARE(failures.size(), 3);
    QVERIFY(!failures[0] && !failures[1] && !failures[2]);
    QCOMPARE(ids.size(), 3);
    QCOMPARE(ids[1], ids[0]);
    QCOMPARE(ids[2], ids[0]);
}

} // namespace td::test::writebatch
