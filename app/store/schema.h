#pragma once

#include <QList>
#include <QString>

namespace td::schema {

// Statements that take a cache from version `from` to `from + 1`. Steps are never edited once
// released: a file written by an older build must go through exactly the steps it missed.
QList<QString> migrationStep(int from);

// The indexes a first sync builds once, at its end, instead of entry by entry (TicketCache::
// deferIndexes): those that serve only the list's other sort orders, the status and project
// views' pages and the saved views' counts. Each `create` makes exactly the index its
// migration step made (IF NOT EXISTS: building one that exists is a no-op). Not among them:
// the id index (every upsert looks a ticket up by it) and tickets_inexact (asked by name).
struct Index
{
    QString name;
    QString create;
};
QList<Index> deferrableIndexes();

// The outbox columns in a stable order, used to rescue rows from a corrupt file.
QString outboxColumns();

} // namespace td::schema
