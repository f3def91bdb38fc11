// The outbox on the UI thread with a long history (issue 11: with 100,000 sent items a triage
// action may cost at most 2 ms of outbox work, opening the Outbox dock at most 16 ms).
//
//   bench_outbox [--sent N] [--unsent N] [--runs N] [--dir PATH]
//
// The history is written straight into the table (as weeks of use would leave it) with the
// retention turned off, so nothing is pruned while measuring: the worst case, a history an
// older build left or pruning has not caught up with. Then:
// (a) one triage action's outbox work, as the session, the status bar, the Outbox view and
//     the sync engine do it: pendingTransitionCounts, enqueueTransition (a durable commit,
//     synchronous=FULL, with the visible Outbox model following the change), pendingCount,
//     and the engine's sendable + nextDueAt;
// (b) opening the Outbox dock: a new OutboxView over the outbox is shown and painted (the
//     unsent items and the newest sent ones read and laid out).
// Each prints p50/p95/max in milliseconds; the parts of (a) are printed too.

#include "core/ticket.h"
#include "store/cachedatabase.h"
#include "store/outbox.h"
#include "store/outboxmodel.h"
#include "store/ticketcache.h"
#include "ui/outboxview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTreeView>
#include <QUuid>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>

using namespace Qt::StringLiterals;
using namespace td;

namespace {

const QString ProjectId = u"2489e9ad-2ee2-8e00-8ec9-32d5f69181c0"_s;
const QDateTime Start(QDate(2026, 11, 1), QTime(9, 0), Qt::UTC);

Ticket makeTicket(qint64 number)
{
    Ticket t;
    t.id = u"00000000-0000-4000-8000-%1"_s.arg(number, 12, 10, QLatin1Char('0'));
    t.number = number;
    t.tenant = u"switchback-engineering"_s;
    t.projectId = ProjectId;
    t.title = u"Checkout fails for ticket %1 when the basket holds a voucher"_s.arg(number);
    t.description = u"Steps: add a voucher, pay, see the error page. Expected: paid."_s;
    t.requester = {u"Dana Client"_s, u"dana@example.com"_s};
    t.actorRole = u"user"_s;
    t.actorId = u"u-17"_s;
    t.source = u"portal"_s;
    t.status = TicketStatus::New;
    t.version = 1;
    t.seq = number;
    t.createdAt = Start.addSecs(number);
    t.updatedAt = t.createdAt;
    return t;
}

struct Stats
{
    QList<double> ms;
    void add(qint64 ns) { ms.append(double(ns) / 1e6); }
    double at(double q) const
    {
        QList<double> sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        return sorted.value(qMin(qsizetype(q * double(sorted.size())), sorted.size() - 1));
    }
    void print(const char *what, double budget = 0) const
    {
        std::printf("%-46s p50 %7.3f  p95 %7.3f  max %7.3f ms", what, at(0.5), at(0.95), at(1.0));
        if (budget > 0)
            std::printf("   (budget %.0f ms)", budget);
        std::printf("\n");
    }
};

// What the UI thread itself computed; the rest of the wall time is waiting for the disk to
// confirm the commit (fdatasync), which synchronous=FULL requires of the outbox.
qint64 threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

bool exec(QSqlQuery &query)
{
    if (query.exec())
        return true;
    std::fprintf(stderr, "SQL failed: %s\n", qPrintable(query.lastError().text()));
    return false;
}

// Weeks of use: `sent` items, three transitions for every create, all of them Sent with the
// server's ticket kept on the item, as markSent leaves them.
bool fillHistory(CacheDatabase &db, int sent, int tickets)
{
    QSqlDatabase sql = db.database();
    sql.transaction();
    QSqlQuery insert(sql);
    insert.prepare(u"INSERT INTO outbox (kind, project_id, ticket_id, payload, idempotency_key, "
                   "state, attempts, next_attempt_ms, last_error, server_ticket, created_ms, "
                   "updated_ms) VALUES (?, ?, ?, ?, ?, 'sent', 1, ?, NULL, ?, ?, ?)"_s);
    for (int i = 0; i < sent; ++i) {
        const bool create = i % 4 == 0;
        const Ticket ticket = makeTicket(1 + i % tickets);
        const QJsonObject payload
                = create ? QJsonObject{{u"title"_s, ticket.title},
                                       {u"description"_s, ticket.description},
                                       {u"request_type"_s, u"bug"_s}}
                         : QJsonObject{{u"to"_s, u"triaged"_s}, {u"expected_version"_s, 1}};
        const qint64 at = Start.addSecs(i).toMSecsSinceEpoch();
        insert.bindValue(0, create ? u"create"_s : u"transition"_s);
        insert.bindValue(1,
                         create ? QVariant(ProjectId) : QVariant(QMetaType::fromType<QString>()));
        insert.bindValue(2, ticket.id);
        insert.bindValue(3,
                         QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)));
        insert.bindValue(4, QUuid::createUuid().toString(QUuid::WithoutBraces));
        insert.bindValue(5, at);
        insert.bindValue(6, QString::fromUtf8(
                                    QJsonDocument(ticket.toJson()).toJson(QJsonDocument::Compact)));
        insert.bindValue(7, at);
        insert.bindValue(8, at);
        if (!exec(insert))
            return false;
    }
    return sql.commit();
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    int sent = 100000;
    int unsent = 20;
    int runs = 200;
    QString dirPath;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args.at(i) == u"--sent"_s)
            sent = args.at(i + 1).toInt();
        else if (args.at(i) == u"--unsent"_s)
            unsent = args.at(i + 1).toInt();
        else if (args.at(i) == u"--runs"_s)
            runs = args.at(i + 1).toInt();
        else if (args.at(i) == u"--dir"_s)
            dirPath = args.at(i + 1);
    }
    QTemporaryDir tmp(dirPath.isEmpty() ? QDir::tempPath() + u"/bench_outbox-XXXXXX"_s
                                        : dirPath + u"/bench_outbox-XXXXXX"_s);
    CacheDatabase db;
    if (db.open(tmp.filePath(u"cache.sqlite"_s)).error != StoreError::None) {
        std::fprintf(stderr, "cannot open the cache\n");
        return 1;
    }
    constexpr int Tickets = 2000;
    TicketCache cache(&db);
    {
        QList<Ticket> tickets;
        for (int n = 1; n <= Tickets; ++n)
            tickets.append(makeTicket(n));
        if (!cache.applyTickets(tickets).ok())
            return 1;
    }
    QElapsedTimer fillTimer;
    fillTimer.start();
    if (!fillHistory(db, sent, Tickets))
        return 1;
    {
        // The history arrived over weeks, not in one transaction: start from a checkpointed
        // file, not from a WAL the first measured commits would have to copy back.
        QSqlQuery checkpoint(db.database());
        if (!checkpoint.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s))
            return 1;
    }
    std::printf("history: %d sent items written in %.1f s; %d unsent items; %d runs\n", sent,
                double(fillTimer.elapsed()) / 1000.0, unsent, runs);

    Outbox outbox(&db);
    // Timestamps around the Outbox model's slot: connected before the dock's model and
    // after it, so the difference is the model's incremental update (and the view's part).
    QElapsedTimer clock;
    clock.start();
    qint64 changedAt = 0;
    qint64 modelDoneAt = 0;
    QObject::connect(&outbox, &Outbox::changed, &app, [&] { changedAt = clock.nsecsElapsed(); });
    // Nothing is pruned while measuring: the history stays at its full length.
    outbox.setRetention({36500, 100000000, 50});
    // Some work waiting, as a day of triage offline would leave it.
    for (int i = 0; i < unsent; ++i) {
        const Ticket t = makeTicket(1 + i);
        if (i % 5 == 0) {
            if (!outbox.enqueueCreate(ProjectId,
                                      QJsonObject{{u"title"_s, u"Draft %1"_s.arg(i)},
                                                  {u"description"_s, u"Kept for later"_s},
                                                  {u"request_type"_s, u"question"_s}},
                                      true))
                return 1;
        } else if (!outbox.enqueueTransition(t.id, TicketStatus::Triaged, {}, t.version)) {
            return 1;
        }
    }
    app.processEvents();

    // The Outbox dock is open while the user triages: its model follows every change.
    OutboxView visibleDock;
    visibleDock.resize(900, 400);
    visibleDock.setOutbox(&outbox, &cache);
    visibleDock.show();
    app.processEvents();
    QObject::connect(&outbox, &Outbox::changed, &app, [&] { modelDoneAt = clock.nsecsElapsed(); });

    // (a) one triage action's outbox work.
    Stats action, cpu, counts, enqueue, model, pending, engine;
    for (int run = 0; run < runs; ++run) {
        const Ticket t = makeTicket(100 + run % 1000);
        const qint64 cpu0 = threadCpuNs();
        const qint64 t0 = clock.nsecsElapsed();
        const auto ahead = outbox.pendingTransitionCounts({t.id}); // the session's arithmetic
        const qint64 t1 = clock.nsecsElapsed();
        const auto queued = outbox.enqueueTransition(t.id, TicketStatus::Triaged, {},
                                                     t.version + ahead.value().value(t.id));
        const qint64 t2 = clock.nsecsElapsed();
        const auto count = outbox.pendingCount(); // the status bar
        const qint64 t3 = clock.nsecsElapsed();
        const auto due = outbox.sendable(1); // the sync engine's kick
        const auto wake = outbox.nextDueAt();
        const qint64 t4 = clock.nsecsElapsed();
        cpu.add(threadCpuNs() - cpu0);
        if (!ahead || !queued || !count || !due || !wake) {
            std::fprintf(stderr, "an outbox call failed\n");
            return 1;
        }
        counts.add(t1 - t0);
        enqueue.add(changedAt - t1);
        model.add(modelDoneAt - changedAt);
        pending.add(t3 - t2);
        engine.add(t4 - t3);
        action.add(t4 - t0);
        // Undone, outside the measurement, so every run starts from the same outbox.
        if (!outbox.cancel(queued->id))
            return 1;
        app.processEvents();
    }
    std::printf("\n(a) triage action, outbox work on the UI thread (Outbox dock open)\n");
    counts.print("  pendingTransitionCounts");
    enqueue.print("  enqueueTransition, committed (fsync)");
    model.print("  Outbox model + view follow the change");
    pending.print("  pendingCount");
    engine.print("  sendable(1) + nextDueAt");
    action.print("  total (wall clock)", 2);
    cpu.print("  total (CPU time of the UI thread)", 2);

    visibleDock.hide();
    Stats hiddenAction, hiddenCpu;
    QElapsedTimer timer;
    for (int run = 0; run < runs; ++run) {
        const Ticket t = makeTicket(100 + run % 1000);
        const qint64 cpu0 = threadCpuNs();
        timer.start();
        const auto ahead = outbox.pendingTransitionCounts({t.id});
        const auto queued = outbox.enqueueTransition(t.id, TicketStatus::Triaged, {},
                                                     t.version + ahead.value().value(t.id));
        const auto count = outbox.pendingCount();
        const auto due = outbox.sendable(1);
        const auto wake = outbox.nextDueAt();
        hiddenAction.add(timer.nsecsElapsed());
        hiddenCpu.add(threadCpuNs() - cpu0);
        if (!queued || !count || !due || !wake || !outbox.cancel(queued->id))
            return 1;
        app.processEvents();
    }
    hiddenAction.print("  total, Outbox dock hidden (wall clock)", 2);
    hiddenCpu.print("  total, Outbox dock hidden (CPU time)", 2);

    // (b) opening the Outbox dock.
    Stats open, openCpu;
    int rows = 0;
    for (int run = 0; run < qMin(runs, 100); ++run) {
        OutboxView dock;
        dock.resize(900, 400);
        const qint64 cpu0 = threadCpuNs();
        timer.start();
        dock.setOutbox(&outbox, &cache);
        dock.show();
        dock.repaint(); // laid out and painted, as the first frame shows it
        open.add(timer.nsecsElapsed());
        openCpu.add(threadCpuNs() - cpu0);
        rows = dock.list()->model()->rowCount();
        app.processEvents();
    }
    std::printf("\n(b) opening the Outbox dock (%d rows: the unsent items and the newest %d "
                "sent)\n",
                rows, OutboxModel(nullptr).historyLimit());
    open.print("  setOutbox + show + first paint (wall clock)", 16);
    openCpu.print("  setOutbox + show + first paint (CPU time)", 16);

    // The pruning that keeps the history short, one chunk per event-loop turn.
    std::printf("\npruning (history of %d sent items)\n", sent);
    for (const int chunk : {50, 100, 250, 500}) {
        Stats prune;
        for (int run = 0; run < 10; ++run) {
            timer.start();
            const auto pruned = outbox.pruneSent(Start.addDays(3650), 1000, chunk);
            prune.add(timer.nsecsElapsed());
            if (!pruned)
                return 1;
        }
        prune.print(qPrintable(u"  one chunk of %1 sent items"_s.arg(chunk)));
    }
    return 0;
}
