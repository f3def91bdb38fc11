#pragma once

#include "core/ticket.h"

#include <QSqlDatabase>
#include <QSqlQuery>

#include <optional>

namespace td {

// The prepared writes of tickets into the cache, shared by the sync path (TicketCache), the
// outbox (a sent or conflicting item carries the server's ticket) and the benchmarks.
// Newer wins: a cached row is replaced only by a greater seq, or an equal seq with a greater
// version, so a late reply can never roll a ticket back.
//
// The full-text index and ticket_counts are kept here, once per page, not by triggers per row
// (schema v6). SQLite 3.40's FTS5 writes its pending terms out as a new segment whenever a
// statement with a statement journal ends (xRelease), and an upsert with triggers has one: a
// trigger-maintained index wrote one segment per ticket, and merging them was half of a sync's
// CPU. A page now writes its FTS deletes (rid order), then its inserts (rid order) after all
// of its upserts: one or two segments a page. A ticket whose rid and text are unchanged (a
// status change within the same millisecond, a replayed copy) does not touch the index.
// Deletes from `tickets` still go through the v2 delete triggers (rare: local rows).
class TicketWriter
{
public:
    explicit TicketWriter(const QSqlDatabase &db);
    bool isValid() const { return m_valid; }

    // The ticket's rid (schema v4): its place in the list's default order, most recently
    // updated first, ties by number. Exact for numbers below 2^22 and dates 1950-2089;
    // nullopt otherwise (the row then gets max(rid) + 1 and the cache stops relying on rid
    // order, see TicketCache).
    static std::optional<qint64> orderKey(qint64 updatedMs, qint64 number);

    struct PageResult
    {
        QStringList changedIds; // inserted or replaced, each once, in the order stored
        int skippedStale = 0;   // tickets not newer than the cached copy
        int inserted = 0;       // distinct ids that were not cached before
        int reindexed = 0;      // tickets whose full-text entry was written
    };
    // Stores a page inside the caller's transaction. False on an SQL error (the caller rolls
    // back: the index and the counts are written in the same transaction as the rows).
    // `json`: the server's bytes of each ticket (same order and size as `tickets`), stored as
    // the ticket's JSON as they came; otherwise each ticket is serialised (Ticket::toJson),
    // which was 44 % of the writer's instructions.
    bool writePage(const QList<Ticket> &tickets, PageResult *result,
                   const QList<QByteArray> &json = {});
    // A page of one; *changed tells whether the row was inserted or replaced.
    bool upsert(const Ticket &ticket, bool *changed);
    QSqlError lastError() const { return m_error; }

private:
    bool run(const Ticket &ticket, std::optional<qint64> key, const QByteArray *json);
    bool fail(const QSqlQuery &query);

    QSqlQuery m_existing;
    QSqlQuery m_upsert;
    QSqlQuery m_ftsDelete;
    QSqlQuery m_ftsInsert;
    QSqlQuery m_count;
    QSqlError m_error;
    bool m_valid = false;
};

} // namespace td
