#pragma once

// Group commit (Storage::writeBatch), the same checks for every backend: one transaction per
// batch, each item in its own savepoint, later items see earlier ones.

#include "server/responses.h"
#include "server/storage.h"
#include "server/tokens.h"
#include "server/writework.h"

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

// A write whose caller the front took from its cache (AuthCheck, with the epoch that cache
// belongs to) is checked again in the writer's transaction: after the token was revoked on
// another connection (another instance, the CLI), the write is refused with the contract's
// 401 and does not run, in a batch and in a single write; an unchanged epoch runs it.
inline void aRevokedTokenIsRefusedInTheWrite(server::Storage &front, server::Storage &writer,
                                             server::Storage &other, const QString &tenant)
{
    const QByteArray revoked = server::hashToken(u"tok-revoked-in-the-write-0000000001"_s);
    const QByteArray github = server::hashToken(u"tok-github-in-the-write-00000000001"_s);
    const QByteArray kept = server::hashToken(u"tok-kept-in-the-write-0000000000001"_s);
    server::BootstrapTenant boot;
    boot.tenant = {tenant, u"Acme"_s};
    server::BootstrapUser user;
    user.user.id = u"u-writer"_s;
    user.user.tenant = tenant;
    user.user.name = u"Wren"_s;
    user.user.email = u"wren@acme.test"_s;
    user.user.role = CallerRole::Owner;
    user.user.allProjects = true;
    user.tokenHashes = {revoked, github, kept};
    boot.users = {user};
    other.applyBootstrap({boot});

    // The front knows all three tokens, and the epoch its cache belongs to.
    for (const QByteArray &hash : {revoked, github, kept}) {
        const auto caller = front.callerForWrite(hash);
        QVERIFY(caller);
        QCOMPARE(caller->tokenState, server::TokenState::Active);
    }
    const QString seen = front.authEpochSeen();
    auto work = [&](const QByteArray &hash, int *runs) {
        server::WriteWork w;
        w.tenant = tenant;
        w.authCheck = server::AuthCheck{hash, seen};
        w.run = [runs](server::WriteTransaction &) {
            ++*runs;
            return server::jsonResponse(201, {{u"ran"_s, true}});
        };
        return w;
    };

    // Nothing changed: the epoch is the one seen, and the write runs.
    int runs = 0;
    http::Response answer;
    writer.write([&](server::WriteTransaction &tx) { answer = work(kept, &runs).answer(tx); });
    QCOMPARE(answer.status, 201);
    QCOMPARE(runs, 1);

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QVERIFY(other.revokeToken(revoked, server::TokenState::Revoked, now));
    QVERIFY(other.revokeToken(github, server::TokenState::GithubLinkExpired, now));

    // In one batch: the revoked and the expired token are refused, the kept one runs.
    runs = 0;
    QList<http::Response> answers(3);
    const QList<server::WriteWork> works{work(revoked, &runs), work(github, &runs),
                                         work(kept, &runs)};
    QList<server::Storage::WriteItem> items;
    for (qsizetype i = 0; i < works.size(); ++i)
        items.append([&, i](server::WriteTransaction &tx) { answers[i] = works[i].answer(tx); });
    QList<std::exception_ptr> failures;
    writer.writeBatch({tenant}, items, &failures);
    for (const std::exception_ptr &failure : std::as_const(failures))
        QVERIFY(!failure);
    QCOMPARE(answers[0].status, 401);
    QVERIFY(answers[0].body.contains("token_revoked"));
    QCOMPARE(answers[1].status, 401);
    QVERIFY(answers[1].body.contains("github_link_expired"));
    QCOMPARE(answers[2].status, 201);
    QCOMPARE(runs, 1);

    // And alone, in write().
    runs = 0;
    writer.write([&](server::WriteTransaction &tx) { answer = work(revoked, &runs).answer(tx); });
    QCOMPARE(answer.status, 401);
    QCOMPARE(runs, 0);
}

} // namespace td::test::writebatch
