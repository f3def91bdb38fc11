#pragma once

#include "cachedatabase.h"

#include "core/ticket.h"
#include "core/ticketquery.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QStringList>

#include <memory>
#include <optional>

namespace td {

class BackgroundReader;

class TicketWriter;

// The outcome of applying tickets from the server.
struct ApplyResult
{
    StoreError error = StoreError::None;
    QStringList changedIds; // inserted or replaced by a newer version; already notified
    int skippedStale = 0;   // incoming seq not newer than the cached one
    int inserted = 0;       // tickets not cached before (counted only when asked for)
    bool ok() const { return error == StoreError::None; }
};

// Delta-sync bookkeeping (CONTRACT 4.4 /api/changes).
struct SyncCursor
{
    qint64 nextSince = 0; // 0: nothing synced yet (or the cache was rebuilt)
    QDateTime lastSyncAt; // UTC; invalid if never
};

// What a search text names when it names one ticket: "319", "#319" or a ticket id (a UUID,
// with or without braces, any case), surrounding spaces ignored.
struct TicketReference
{
    std::optional<qint64> number; // "#319" or "319"
    QString id;                   // a pasted id, lowercase, without braces
};

// The local ticket cache over one account's CacheDatabase: tickets (full JSON + indexed
// columns for filtering and sorting), their events, an FTS5 index for search and the delta
// sync cursor. It is the TicketSource the models read. Writes are transactional and emit
// ticketsChanged() with the ids that really changed, so a model updates rows in place.
class TicketCache : public TicketSource
{
    Q_OBJECT
public:
    // `db` must outlive the cache and be open.
    explicit TicketCache(CacheDatabase *db, QObject *parent = nullptr);
    ~TicketCache() override;

    // Upserts one page in ONE transaction. A ticket replaces the cached one only when its
    // seq is greater (or, with equal seq, its version is greater), so a late, older reply never
    // undoes a newer state. When `cursor` is given it is stored in the same transaction, so a
    // crash never records a cursor past tickets that were not saved.
    // `countInserted`: also count the tickets that were not cached before (a delta sync's
    // "new tickets" news; one lookup per ticket, inside the same transaction).
    ApplyResult applyTickets(const QList<Ticket> &tickets,
                             const std::optional<SyncCursor> &cursor = std::nullopt,
                             bool countInserted = false);
    // The search index's segments (FTS5 b-trees). Each sync page adds one or two and FTS5's
    // automerge leaves about a dozen after a first sync of 1,000,000 tickets; a search reads
    // every one, so a common word's search slows down (see README, "Merging the search
    // index"). -1 if the index's structure record cannot be read.
    int searchIndexSegments();
    // The search index's stored pages (rows of tickets_fts_data); -1 on error.
    qint64 searchIndexPages();
    struct MergeStep
    {
        StoreError error = StoreError::None;
        bool worked = false; // false: the index was already one segment, nothing was written
        int segments = -1;   // after the step
    };
    // One bounded step of merging the whole search index into one segment (FTS5 'merge' with
    // a negative page count), in its own short transaction, so other connections' writes wait
    // at most one step. Repeat until !worked; the index is valid after every step.
    MergeStep mergeSearchIndex(int pages);
    // Replaces the stored events of one ticket (GET /api/tickets/{id}/events).
    StoreError storeEvents(const QString &ticketId, const QList<TicketEvent> &events);

    SyncCursor syncCursor();
    StoreError setSyncCursor(const SyncCursor &cursor);

    // TicketSource
    qint64 count(const TicketFilter &filter) override;
    QList<TicketRow> fetch(const TicketFilter &filter, const TicketSort &sort,
                           const std::optional<TicketCursor> &after, int limit) override;
    QList<TicketRow> rows(const QStringList &ids, const TicketFilter &filter) override;
    std::optional<Ticket> ticket(const QString &id) override;
    QList<TicketEvent> events(const QString &ticketId) override;
    QMap<TicketStatus, qint64> countsByStatus(const TicketFilter &filter) override;
    QHash<QString, qint64> countsByProject(const TicketFilter &filter) override;
    // On a connection and thread of its own (BackgroundReader, started at the first call)
    // when the cache is a file; at once otherwise.
    void readInBackground(QObject *context, BackgroundRead read,
                          std::function<void()> done) override;

    CacheDatabase *database() const { return m_db; }

    // The ticket `text` names, when it names one (see TicketReference); nullopt for text
    // that is a search rather than a reference.
    static std::optional<TicketReference> parseReference(const QString &text);
    // The id of the cached ticket `text` names ("319", "#319", a pasted id), nullopt if the
    // text names none or that ticket is not cached (the caller may fetch it by id then).
    std::optional<QString> findTicketId(const QString &text);

    // The last query error (for logs); queries return empty results on error.
    StoreError lastError() const { return m_lastError; }

    // FTS5 MATCH expression for user text: every whitespace-separated token is quoted
    // ("" doubled) and made a prefix ("tok"*), joined by AND. Operators typed by the user
    // (OR, NOT, NEAR(, -, *, ^, :) become plain words. Empty if there is nothing to search,
    // and then the search does not narrow the list.
    static QString ftsQuery(const QString &userText);
    // The words of a search as the full-text index sees them (letters and digits; the rest
    // separates). Each is matched as a prefix of a word, ignoring case and diacritics.
    static QStringList searchWords(const QString &userText);

private:
    // False once a row got no exact order key (schema v4): then rid order is not the list's.
    bool orderIsExact();
    // ftsQuery() for a walk in rid order: long prefixes named as their terms (see .cpp);
    // nullopt when a word starts no indexed term, so nothing can match.
    std::optional<QString> walkableFtsQuery(const QString &userText);

    // True when a search matches so many tickets that walking the sort index beats sorting.
    bool isBroadSearch(const TicketFilter &filter);

    CacheDatabase *m_db;
    std::unique_ptr<TicketWriter> m_writer; // the sync's upsert, prepared once
    std::optional<bool> m_vocabulary;       // temp.tickets_vocab exists on this connection
    bool m_inexactIndexChecked = false;
    StoreError m_lastError = StoreError::None;
    QHash<QString, bool> m_broadSearches;       // FTS expression -> isBroadSearch verdict
    std::unique_ptr<BackgroundReader> m_reader; // see readInBackground()
    bool m_readerTried = false;
};

} // namespace td
