#include "ticketcache.h"

#include "backgroundreader.h"
#include "core/json.h"
#include "core/rfc3339.h"
#include "storelog.h"
#include "ticketwriter.h"
#include "transaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

#include <algorithm>
#include <limits>
#include <utility>

using namespace Qt::StringLiterals;

namespace td {

namespace {

// Roles are stored as "|a|b|" so "contains role r" is instr(roles, '|r|'), with r bound.
QString encodeRoles(const QStringList &roles)
{
    return roles.isEmpty() ? u""_s : u"|"_s + roles.join(u'|') + u"|"_s;
}

QStringList decodeRoles(const QString &stored)
{
    return stored.split(u'|', Qt::SkipEmptyParts);
}

QString idsJson(const QStringList &ids)
{
    return QString::fromUtf8(
            QJsonDocument(QJsonArray::fromStringList(ids)).toJson(QJsonDocument::Compact));
}

// The column a sort key orders by. The text keys compare with NOCASE, which compareSortText
// mirrors exactly, and each has an index in that collation (schema v6).
QString sortColumn(TicketSortKey key)
{
    switch (key) {
    case TicketSortKey::Number:
        return u"t.number"_s;
    case TicketSortKey::Priority:
        return u"t.priority"_s;
    case TicketSortKey::Status:
        return u"t.status"_s;
    case TicketSortKey::Updated:
        return u"t.updated_ms"_s;
    case TicketSortKey::Type:
        return u"t.request_type"_s;
    case TicketSortKey::Title:
        return u"t.title"_s;
    case TicketSortKey::Requester:
        return u"t.requester_name"_s;
    case TicketSortKey::Roles:
        return u"t.roles_shown"_s; // "|a|b|" as the list shows it, "a, b" (schema v6)
    }
    return u"t.number"_s;
}

// The columns of a TicketRow, then the newest unsettled outbox transition of the ticket.
const QString rowColumns = uR"(t.id, t.number, t.project_id, t.title, t.request_type,
t.priority, t.roles, t.requester_name, t.requester_email, t.status, t.updated_ms, t.blocking,
t.version,
(SELECT o.state || ' ' || json_extract(o.payload, '$.to') FROM outbox o
  WHERE o.ticket_id = t.id AND o.kind = 'transition'
    AND o.state IN ('queued', 'sending', 'failed', 'conflict')
  ORDER BY o.id DESC LIMIT 1))"_s;

TicketRow readRow(const QSqlQuery &query)
{
    TicketRow row;
    row.id = query.value(0).toString();
    row.number = query.value(1).toLongLong();
    if (!query.value(2).isNull())
        row.projectId = query.value(2).toString();
    row.title = query.value(3).toString();
    row.requestType = static_cast<RequestType>(query.value(4).toInt());
    row.priority = static_cast<Priority>(query.value(5).toInt());
    row.roles = decodeRoles(query.value(6).toString());
    row.requester = {query.value(7).toString(), query.value(8).toString()};
    row.status = static_cast<TicketStatus>(query.value(9).toInt());
    row.updatedAt = QDateTime::fromMSecsSinceEpoch(query.value(10).toLongLong(), Qt::UTC);
    row.blocking = query.value(11).toBool();
    row.version = query.value(12).toInt();
    if (isLocalTicketId(row.id))
        row.syncState = SyncState::Outgoing; // the outbox's copy of a new ticket (see Outbox)
    const QString pending = query.value(13).toString();
    if (!pending.isEmpty()) {
        const QStringView state = QStringView(pending).left(pending.indexOf(u' '));
        if (state == u"failed")
            row.syncState = SyncState::Failed;
        else if (state == u"conflict")
            row.syncState = SyncState::Conflict;
        else
            row.syncState = SyncState::Queued;
        row.pendingStatus
                = ticketStatusFromWire(QStringView(pending).mid(pending.indexOf(u' ') + 1));
    }
    return row;
}

// WHERE clause for a filter. Values are always bound, never spliced into the SQL; only the
// number of placeholders depends on the filter.
struct Where
{
    QString sql;
    QVariantList binds;

    void add(const QString &clause) { sql += (sql.isEmpty() ? u" WHERE "_s : u" AND "_s) + clause; }
    template<typename E>
    void addIn(const QString &column, const QList<E> &values)
    {
        if (values.isEmpty())
            return;
        QStringList marks;
        for (const E value : values) {
            marks.append(u"?"_s);
            binds.append(static_cast<int>(value));
        }
        add(column + u" IN ("_s + marks.join(u", "_s) + u")"_s);
    }
};

enum class WhereParts { Everything, NoStatus, NoScope };

// Above this many matches a search walks the sort index instead of sorting the matches.
constexpr int BroadSearchMatches = 2000;

// False when the filter can match nothing. `broad` chooses how a search joins the full-text
// index; both plans return the same rows, they differ in which side drives. Narrow: the
// matches are few, so SQLite fetches them and sorts them. Broad: the matches are many (a
// common word, the first letters typed), so sorting them all would read most of the table;
// instead the sort index is walked in order and each entry is checked against the set of
// matching rowids (the unary + keeps SQLite from driving the join by rid).
enum class SearchJoin {
    Narrow,  // fetch the matches' rowids, then sort them
    Broad,   // walk the sort index, test each row against the matches
    Driving, // the caller joins the full-text index itself (rid order): no clause here
};

// `pagedBy`: the rows are read a page at a time in this order. Then the scope and status may
// use their indexes only where those indexes also give that order ((project_key) and (status)
// end in rid, the updated order; (status, number) is the status order); otherwise the unary
// + keeps SQLite from fetching every ticket of a project or status and sorting them all per
// page (1.2 s at a million tickets without ANALYZE statistics, which a cache never has), and
// it walks the sort index instead, filtering as it goes.
bool buildWhere(const TicketFilter &filter, WhereParts parts, Where *where,
                SearchJoin search = SearchJoin::Narrow,
                std::optional<TicketSortKey> pagedBy = std::nullopt)
{
    const bool scopeIndexed = !pagedBy || *pagedBy == TicketSortKey::Updated;
    const bool statusIndexed = !pagedBy || *pagedBy == TicketSortKey::Status
                               || (*pagedBy == TicketSortKey::Updated && filter.statuses.size() == 1
                                   && filter.scope == TicketFilter::Scope::All);
    const QString projectKey = scopeIndexed ? u"t.project_key"_s : u"+t.project_key"_s;
    if (parts != WhereParts::NoScope) {
        if (filter.scope == TicketFilter::Scope::Project) {
            where->add(projectKey + u" = ?"_s);
            where->binds.append(filter.projectId.toLower());
        } else if (filter.scope == TicketFilter::Scope::Inbox) {
            where->add(projectKey + u" = ''"_s);
        }
    }
    if (parts != WhereParts::NoStatus)
        where->addIn(statusIndexed ? u"t.status"_s : u"+t.status"_s, filter.statuses);
    where->addIn(u"t.request_type"_s, filter.requestTypes);
    where->addIn(u"t.priority"_s, filter.priorities);
    if (filter.blocking) {
        where->add(u"t.blocking = ?"_s);
        where->binds.append(*filter.blocking ? 1 : 0);
    }
    if (!filter.role.isEmpty()) {
        where->add(u"instr(t.roles, ?) > 0"_s);
        where->binds.append(QString(u"|"_s + filter.role + u"|"_s));
    }
    // Text with nothing searchable in it ("-", a lone quote) narrows nothing.
    if (const QString match = TicketCache::ftsQuery(filter.search);
        !match.isEmpty() && search != SearchJoin::Driving) {
        where->add((search == SearchJoin::Broad ? u"+t.rid"_s : u"t.rid"_s)
                   + u" IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?)"_s);
        where->binds.append(match);
    }
    return true;
}

// True when the filter narrows nothing but the scope, so ticket_counts can answer.
bool onlyScope(const TicketFilter &filter, bool ignoreStatuses)
{
    return (ignoreStatuses || filter.statuses.isEmpty()) && filter.requestTypes.isEmpty()
           && filter.priorities.isEmpty() && !filter.blocking && filter.role.isEmpty()
           && TicketCache::ftsQuery(filter.search).isEmpty();
}

void bindAll(QSqlQuery &query, const QVariantList &binds)
{
    for (qsizetype i = 0; i < binds.size(); ++i)
        query.bindValue(int(i), binds.at(i));
}

// The driver binds a null QString as SQL NULL; the text columns are NOT NULL.
QString text(const QString &value)
{
    return value.isNull() ? u""_s : value;
}

} // namespace

namespace {
constexpr qint64 orderEpochMs = 1577836800000; // 2020-01-01T00:00:00Z
constexpr qint64 orderNumbers = qint64(1) << 22;
constexpr qint64 orderRangeMs = (qint64(1) << 41) - 1;
} // namespace

std::optional<qint64> TicketWriter::orderKey(qint64 updatedMs, qint64 number)
{
    const qint64 sinceEpoch = updatedMs - orderEpochMs;
    if (number < 0 || number >= orderNumbers || sinceEpoch < -orderRangeMs
        || sinceEpoch > orderRangeMs)
        return std::nullopt;
    return sinceEpoch * orderNumbers + number;
}

TicketWriter::TicketWriter(const QSqlDatabase &db)
    : m_existing(db)
    , m_upsert(db)
    , m_ftsDelete(db)
    , m_ftsInsert(db)
    , m_count(db)
{
    m_existing.setForwardOnly(true);
    // The cached copies of a page's tickets: what decides newer-wins, the index entry to
    // remove and the count to move. One statement a page (an empty result for new tickets).
    m_valid = m_existing.prepare(uR"(SELECT t.id, t.rid, t.seq, t.version, t.project_key,
    t.status, t.title, t.description, t.requester_name, t.requester_email
FROM json_each(?) j CROSS JOIN tickets t ON t.id = j.value)"_s);
    // rid moves with the ticket's place in the default order (see schema v4); without an
    // exact key the row goes after the greatest rid. The WHERE repeats newer-wins, which
    // writePage has already checked, so the row can never be rolled back whatever the caller.
    m_valid = m_valid && m_upsert.prepare(uR"(INSERT INTO tickets (rid, id, number, project_id,
    project_key, title, description, request_type, priority, status, roles, blocking,
    requester_name, requester_email, updated_ms, version, seq, json)
VALUES (coalesce(?, (SELECT ifnull(max(rid), 0) + 1 FROM tickets)),
    ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET rid = excluded.rid, number = excluded.number,
    project_id = excluded.project_id, project_key = excluded.project_key,
    title = excluded.title, description = excluded.description,
    request_type = excluded.request_type, priority = excluded.priority,
    status = excluded.status, roles = excluded.roles, blocking = excluded.blocking,
    requester_name = excluded.requester_name, requester_email = excluded.requester_email,
    updated_ms = excluded.updated_ms, version = excluded.version, seq = excluded.seq,
    json = excluded.json
WHERE excluded.seq > tickets.seq
   OR (excluded.seq = tickets.seq AND excluded.version > tickets.version))"_s);
    // External content: a 'delete' names the text that was indexed.
    m_valid = m_valid && m_ftsDelete.prepare(uR"(INSERT INTO tickets_fts(tickets_fts, rowid,
    title, description, requester_name, requester_email) VALUES ('delete', ?, ?, ?, ?, ?))"_s);
    // The page's new entries in rid order, read back from the rows just written (so a row
    // that had to take max(rid) + 1 is indexed under the rid it got).
    m_valid = m_valid && m_ftsInsert.prepare(uR"(INSERT INTO tickets_fts(rowid, title,
    description, requester_name, requester_email)
SELECT t.rid, t.title, t.description, t.requester_name, t.requester_email
FROM json_each(?) j CROSS JOIN tickets t ON t.id = j.value ORDER BY t.rid)"_s);
    m_valid = m_valid && m_count.prepare(uR"(INSERT INTO ticket_counts (project_key, status, n)
VALUES (?, ?, ?) ON CONFLICT (project_key, status) DO UPDATE SET n = n + excluded.n)"_s);
    if (!m_valid) {
        for (const QSqlQuery *query :
             {&m_existing, &m_upsert, &m_ftsDelete, &m_ftsInsert, &m_count})
            if (query->lastError().isValid())
                m_error = query->lastError();
    }
}

bool TicketWriter::fail(const QSqlQuery &query)
{
    m_error = query.lastError();
    return false;
}

bool TicketWriter::run(const Ticket &ticket, std::optional<qint64> key)
{
    m_upsert.bindValue(0, key ? QVariant(*key) : QVariant(QMetaType::fromType<qint64>()));
    m_upsert.bindValue(1, text(ticket.id));
    m_upsert.bindValue(2, ticket.number);
    m_upsert.bindValue(3, ticket.projectId ? QVariant(*ticket.projectId) : QVariant());
    m_upsert.bindValue(4, ticket.projectId ? ticket.projectId->toLower() : QString(u""_s));
    m_upsert.bindValue(5, text(ticket.title));
    m_upsert.bindValue(6, text(ticket.description));
    m_upsert.bindValue(7, static_cast<int>(ticket.requestType));
    m_upsert.bindValue(8, static_cast<int>(ticket.priority));
    m_upsert.bindValue(9, static_cast<int>(ticket.status));
    m_upsert.bindValue(10, encodeRoles(ticket.roles));
    m_upsert.bindValue(11, ticket.blocking ? 1 : 0);
    m_upsert.bindValue(12, text(ticket.requester.name));
    m_upsert.bindValue(13, text(ticket.requester.email));
    m_upsert.bindValue(14, ticket.updatedAt.toMSecsSinceEpoch());
    m_upsert.bindValue(15, ticket.version);
    m_upsert.bindValue(16, ticket.seq);
    m_upsert.bindValue(17, QString::fromUtf8(toCompactJson(ticket.toJson())));
    return m_upsert.exec();
}

namespace {
// A cached row as writePage sees it: what newer-wins compares and what the index holds.
struct CachedRow
{
    qint64 rid = 0;
    qint64 seq = 0;
    int version = 0;
    QString projectKey;
    int status = 0;
    QString title, description, requesterName, requesterEmail;
    bool indexed = true; // false: written by this page, its entry is not in the index yet
};

struct FtsEntry
{
    qint64 rid;
    QString title, description, requesterName, requesterEmail;
};
} // namespace

bool TicketWriter::writePage(const QList<Ticket> &tickets, PageResult *result)
{
    *result = {};
    if (tickets.isEmpty())
        return true;
    // In rid order: FTS5 starts a new segment whenever a rowid is not greater than the one
    // before it, and the upserts then append to the rowid b-tree. Tickets without an exact
    // key go last, as they get max(rid) + 1.
    struct Item
    {
        const Ticket *ticket;
        std::optional<qint64> key;
    };
    QList<Item> ordered;
    ordered.reserve(tickets.size());
    QStringList ids;
    ids.reserve(tickets.size());
    for (const Ticket &ticket : tickets) {
        ordered.append({&ticket, orderKey(ticket.updatedAt.toMSecsSinceEpoch(), ticket.number)});
        ids.append(ticket.id);
    }
    std::stable_sort(ordered.begin(), ordered.end(), [](const Item &a, const Item &b) {
        return a.key.value_or(std::numeric_limits<qint64>::max())
               < b.key.value_or(std::numeric_limits<qint64>::max());
    });

    QHash<QString, CachedRow> cached;
    m_existing.bindValue(0, idsJson(ids));
    if (!m_existing.exec())
        return fail(m_existing);
    while (m_existing.next()) {
        CachedRow row;
        row.rid = m_existing.value(1).toLongLong();
        row.seq = m_existing.value(2).toLongLong();
        row.version = m_existing.value(3).toInt();
        row.projectKey = m_existing.value(4).toString();
        row.status = m_existing.value(5).toInt();
        row.title = m_existing.value(6).toString();
        row.description = m_existing.value(7).toString();
        row.requesterName = m_existing.value(8).toString();
        row.requesterEmail = m_existing.value(9).toString();
        cached.insert(m_existing.value(0).toString(), row);
    }
    m_existing.finish();
    {
        QSet<QString> fresh;
        for (const QString &id : std::as_const(ids))
            if (!cached.contains(id))
                fresh.insert(id);
        result->inserted = int(fresh.size());
    }

    QList<FtsEntry> removed;                   // index entries to delete (the cached text, old rid)
    QStringList reindex;                       // ids to (re)index after the upserts
    QSet<QString> reindexed;                   // ... each once
    QHash<QPair<QString, int>, qint64> counts; // (project_key, status) -> change
    QSet<QString> changed;
    for (const Item &item : std::as_const(ordered)) {
        const Ticket &ticket = *item.ticket;
        const auto known = cached.find(ticket.id);
        if (known != cached.end()
            && !(ticket.seq > known->seq
                 || (ticket.seq == known->seq && ticket.version > known->version))) {
            ++result->skippedStale;
            continue;
        }
        // Another ticket may hold the exact key (two local rows of one number written in the
        // same millisecond): then the row goes after the greatest rid (schema v4).
        bool exact = item.key.has_value();
        if (!(exact && run(ticket, item.key))) {
            exact = false;
            if (!run(ticket, std::nullopt))
                return fail(m_upsert);
        }
        if (m_upsert.numRowsAffected() <= 0) {
            ++result->skippedStale; // the SQL guard disagreed: nothing was written
            continue;
        }
        const QString projectKey = ticket.projectId ? ticket.projectId->toLower() : u""_s;
        const int status = static_cast<int>(ticket.status);
        const QString &title = text(ticket.title);
        bool index = true;
        if (known != cached.end()) {
            counts[{known->projectKey, known->status}] -= 1;
            const bool sameEntry = exact && known->rid == *item.key && known->title == title
                                   && known->description == text(ticket.description)
                                   && known->requesterName == text(ticket.requester.name)
                                   && known->requesterEmail == text(ticket.requester.email);
            if (sameEntry && known->indexed)
                index = false;
            else if (known->indexed)
                removed.append({known->rid, known->title, known->description, known->requesterName,
                                known->requesterEmail});
        }
        counts[{projectKey, status}] += 1;
        CachedRow now;
        now.rid = item.key.value_or(-1);
        now.seq = ticket.seq;
        now.version = ticket.version;
        now.projectKey = projectKey;
        now.status = status;
        now.title = title;
        now.description = text(ticket.description);
        now.requesterName = text(ticket.requester.name);
        now.requesterEmail = text(ticket.requester.email);
        now.indexed = !index;
        cached.insert(ticket.id, now);
        if (index && !reindexed.contains(ticket.id)) {
            reindexed.insert(ticket.id);
            reindex.append(ticket.id);
        }
        if (!changed.contains(ticket.id)) {
            changed.insert(ticket.id);
            result->changedIds.append(ticket.id);
        }
    }

    std::sort(removed.begin(), removed.end(),
              [](const FtsEntry &a, const FtsEntry &b) { return a.rid < b.rid; });
    for (const FtsEntry &entry : std::as_const(removed)) {
        m_ftsDelete.bindValue(0, entry.rid);
        m_ftsDelete.bindValue(1, entry.title);
        m_ftsDelete.bindValue(2, entry.description);
        m_ftsDelete.bindValue(3, entry.requesterName);
        m_ftsDelete.bindValue(4, entry.requesterEmail);
        if (!m_ftsDelete.exec())
            return fail(m_ftsDelete);
    }
    if (!reindex.isEmpty()) {
        m_ftsInsert.bindValue(0, idsJson(reindex));
        if (!m_ftsInsert.exec())
            return fail(m_ftsInsert);
    }
    result->reindexed = int(reindex.size());
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (it.value() == 0)
            continue;
        m_count.bindValue(0, it.key().first);
        m_count.bindValue(1, it.key().second);
        m_count.bindValue(2, it.value());
        if (!m_count.exec())
            return fail(m_count);
    }
    return true;
}

bool TicketWriter::upsert(const Ticket &ticket, bool *changed)
{
    PageResult result;
    const bool ok = writePage({ticket}, &result);
    *changed = ok && !result.changedIds.isEmpty();
    return ok;
}

bool TicketCache::isBroadSearch(const TicketFilter &filter)
{
    const QString match = ftsQuery(filter.search);
    if (match.isEmpty())
        return false;
    // The plan only affects speed, never the rows, so a remembered verdict may go stale
    // safely; it spares fetchMore and the next keystroke's identical probe.
    if (const auto known = m_broadSearches.constFind(match); known != m_broadSearches.cend())
        return known.value();
    // Stops counting at the threshold: cheap for rare words and for the short prefixes the
    // index keeps (prefix='2 3'); a long prefix of a common word costs one doclist merge.
    QSqlQuery probe(m_db->database());
    probe.prepare(u"SELECT count(*) FROM (SELECT 1 FROM tickets_fts WHERE tickets_fts MATCH ? "
                  "LIMIT ?)"_s);
    probe.bindValue(0, match);
    probe.bindValue(1, BroadSearchMatches + 1);
    if (!probe.exec() || !probe.next())
        return false;
    const bool broad = probe.value(0).toInt() > BroadSearchMatches;
    if (m_broadSearches.size() > 512)
        m_broadSearches.clear();
    m_broadSearches.insert(match, broad);
    return broad;
}

TicketCache::TicketCache(CacheDatabase *db, QObject *parent)
    : TicketSource(parent)
    , m_db(db)
{
    connect(m_db, &CacheDatabase::ticketsTouched, this, &TicketSource::ticketsChanged);
    // A reopened connection has none of the old one's prepared statements.
    connect(m_db, &CacheDatabase::aboutToClose, this, [this] {
        m_writer.reset();
        m_vocabulary.reset();
        m_reader.reset();
        m_readerTried = false;
        m_inexactIndexChecked = false;
    });
    connect(m_db, &CacheDatabase::resetAll, this, &TicketSource::reset);
}

TicketCache::~TicketCache() = default;

void TicketCache::readInBackground(QObject *context, BackgroundRead read,
                                   std::function<void()> done)
{
    if (!m_readerTried) {
        m_readerTried = true;
        const QString path = m_db->isOpen() ? m_db->path() : QString();
        if (!path.isEmpty() && path != u":memory:"_s) {
            m_reader = std::make_unique<BackgroundReader>(path);
            if (!m_reader->isThreaded())
                m_reader.reset();
        }
    }
    if (!m_reader) {
        TicketSource::readInBackground(context, std::move(read), std::move(done));
        return;
    }
    m_reader->read(context, std::move(read), std::move(done));
}

QStringList TicketCache::searchWords(const QString &userText)
{
    // The tokenizer's idea of a word (unicode61: letters, digits, private use); everything
    // else separates words, so quotes and FTS5 operators typed by the user never reach the
    // query as syntax.
    QStringList words;
    QString word;
    const auto flush = [&] {
        if (!word.isEmpty())
            words.append(std::exchange(word, QString()));
    };
    const QList<uint> codePoints = userText.toUcs4();
    for (const uint c : codePoints) {
        switch (QChar::category(char32_t(c))) {
        case QChar::Letter_Uppercase:
        case QChar::Letter_Lowercase:
        case QChar::Letter_Titlecase:
        case QChar::Letter_Modifier:
        case QChar::Letter_Other:
        case QChar::Number_DecimalDigit:
        case QChar::Number_Letter:
        case QChar::Number_Other:
        case QChar::Other_PrivateUse:
            word += QString::fromUcs4(reinterpret_cast<const char32_t *>(&c), 1);
            break;
        default:
            flush();
        }
    }
    flush();
    return words;
}

QString TicketCache::ftsQuery(const QString &userText)
{
    // Each word is a prefix; words are ANDed. The index keeps no positions (schema v4), so
    // "e-mail" is searched as e* AND mail*, not as a phrase.
    QStringList terms;
    for (const QString &word : searchWords(userText))
        terms.append(u"\""_s + word + u"\"*"_s);
    return terms.join(u" AND "_s);
}

std::optional<TicketReference> TicketCache::parseReference(const QString &text)
{
    const QString trimmed = text.trimmed();
    static const QRegularExpression number(u"^#?\\s*([0-9]{1,15})$"_s);
    if (const QRegularExpressionMatch m = number.match(trimmed); m.hasMatch()) {
        const qint64 n = m.captured(1).toLongLong();
        if (n < 1)
            return std::nullopt;
        return TicketReference{n, {}};
    }
    // QUuid accepts "{...}" and bare ids; anything else (a URL, a sentence) is a search.
    static const QRegularExpression uuidShape(
            u"^\\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}?$"_s);
    if (uuidShape.match(trimmed).hasMatch()) {
        const QUuid uuid = QUuid::fromString(trimmed);
        if (!uuid.isNull())
            return TicketReference{std::nullopt, uuid.toString(QUuid::WithoutBraces)};
    }
    return std::nullopt;
}

std::optional<QString> TicketCache::findTicketId(const QString &text)
{
    const std::optional<TicketReference> reference = parseReference(text);
    if (!reference)
        return std::nullopt;
    QSqlQuery query(m_db->database());
    if (reference->number) {
        // Numbers are unique per tenant, and a cache holds one account's tenant.
        query.prepare(u"SELECT id FROM tickets WHERE number = ? LIMIT 1"_s);
        query.bindValue(0, *reference->number);
        if (query.exec() && query.next())
            return query.value(0).toString();
        return std::nullopt;
    }
    // Ids are kept as the server wrote them; try the spellings a server uses (each one index
    // lookup) rather than a case-insensitive scan of every ticket.
    query.prepare(u"SELECT id FROM tickets WHERE id IN (?, ?) LIMIT 1"_s);
    query.bindValue(0, reference->id);
    query.bindValue(1, reference->id.toUpper());
    if (query.exec() && query.next())
        return query.value(0).toString();
    return std::nullopt;
}

std::optional<QString> TicketCache::walkableFtsQuery(const QString &userText)
{
    // FTS5 answers a prefix it keeps an index for (one to three letters) by walking that
    // index newest first. A longer prefix ("erro"*) it answers by first merging the doclists
    // of every term that starts with it, all of them, before the first row: 90 ms for a word
    // in a fifth of a million tickets. Naming those terms instead ("error" OR "errors") lets
    // it walk them all side by side and stop after a page. The terms come from the index's
    // vocabulary (reading it counts each term's documents: a few ms for the commonest word).
    // Only for ASCII words, whose folding (lowercase) is certain to be the tokenizer's.
    constexpr int indexedPrefix = 3;
    constexpr int maxTerms = 256;
    QStringList parts;
    for (const QString &word : searchWords(userText)) {
        const bool ascii = std::all_of(word.cbegin(), word.cend(),
                                       [](QChar c) { return c.unicode() < 0x80; });
        if (word.size() <= indexedPrefix || !ascii) {
            parts.append(u"\""_s + word + u"\"*"_s);
            continue;
        }
        const QString low = word.toLower();
        QString high = low;
        high.back() = QChar(high.back().unicode() + 1);
        if (!m_vocabulary) {
            QSqlQuery create(m_db->database());
            m_vocabulary = create.exec(u"CREATE VIRTUAL TABLE IF NOT EXISTS temp.tickets_vocab "
                                       "USING fts5vocab(main, 'tickets_fts', 'row')"_s);
            if (!*m_vocabulary)
                qCWarning(lcStore) << "no fts5vocab:" << create.lastError().text();
        }
        QStringList terms;
        if (*m_vocabulary) {
            QSqlQuery vocabulary(m_db->database());
            vocabulary.setForwardOnly(true);
            vocabulary.prepare(u"SELECT term FROM temp.tickets_vocab WHERE term >= ? AND term < ? "
                               "LIMIT ?"_s);
            vocabulary.bindValue(0, low);
            vocabulary.bindValue(1, high);
            vocabulary.bindValue(2, maxTerms + 1);
            if (vocabulary.exec()) {
                while (vocabulary.next())
                    terms.append(vocabulary.value(0).toString());
            } else {
                terms = {QString(), QString()}; // unknown: keep the prefix query below
            }
        }
        if (!*m_vocabulary || terms.size() > maxTerms || terms.contains(QString())) {
            parts.append(u"\""_s + word + u"\"*"_s);
            continue;
        }
        if (terms.isEmpty())
            return std::nullopt;
        for (QString &term : terms)
            term = u"\""_s + term.replace(u'"', u"\"\""_s) + u"\""_s;
        parts.append(u"("_s + terms.join(u" OR "_s) + u")"_s);
    }
    return parts.join(u" AND "_s);
}

bool TicketCache::orderIsExact()
{
    // One probe of tickets_inexact (schema v5), which holds only rows without an exact key.
    // Without that index the probe would read every ticket; a file written by a development
    // build of v5 that lacked it gets it here, once.
    if (!m_inexactIndexChecked) {
        QSqlQuery create(m_db->database());
        if (!create.exec(u"CREATE INDEX IF NOT EXISTS tickets_inexact ON tickets(rid) "
                         "WHERE rid <> (updated_ms - 1577836800000) * 4194304 + number"_s)) {
            qCWarning(lcStore) << "no tickets_inexact index:" << create.lastError().text();
            return false;
        }
        m_inexactIndexChecked = true;
    }
    QSqlQuery query(m_db->database());
    if (!query.exec(u"SELECT 1 FROM tickets INDEXED BY tickets_inexact "
                    "WHERE rid <> (updated_ms - 1577836800000) * 4194304 + number LIMIT 1"_s))
        return false;
    return !query.next();
}

ApplyResult TicketCache::applyTickets(const QList<Ticket> &tickets,
                                      const std::optional<SyncCursor> &cursor, bool countInserted)
{
    ApplyResult result;
    QSqlDatabase db = m_db->database();
    const auto fail = [&](const QSqlError &error, const char *what) {
        qCWarning(lcStore) << what << error.text();
        if (CacheDatabase::isCorruption(error))
            m_db->reportCorruption();
        result.error = CacheDatabase::classify(error);
        result.changedIds.clear();
        return result;
    };
    {
        Transaction transaction(db);
        if (!transaction.isActive()) {
            result.error = StoreError::Busy;
            return result;
        }
        // Prepared once per connection, not per page: a sync stores a thousand pages.
        if (!m_writer) {
            m_writer = std::make_unique<TicketWriter>(db);
            if (!m_writer->isValid()) {
                const QSqlError error = m_writer->lastError();
                m_writer.reset();
                return fail(error, "cannot prepare the ticket upsert");
            }
        }
        // The page, its full-text entries and its counts (see TicketWriter::writePage).
        TicketWriter::PageResult page;
        if (!m_writer->writePage(tickets, &page))
            return fail(m_writer->lastError(), "cannot store a page of tickets");
        result.changedIds = std::move(page.changedIds);
        result.skippedStale = page.skippedStale;
        result.inserted = countInserted ? page.inserted : 0;
        if (cursor && setSyncCursor(*cursor) != StoreError::None) {
            result.error = StoreError::QueryFailed;
            result.changedIds.clear();
            return result;
        }
        if (!transaction.commit()) {
            result.error = CacheDatabase::classify(db.lastError());
            result.changedIds.clear();
            return result;
        }
    }
    m_db->notifyTicketsTouched(result.changedIds);
    return result;
}

int TicketCache::searchIndexSegments()
{
    // FTS5's structure record (id 10 of tickets_fts_data): a 4-byte cookie, then varints
    // nLevel, nSegment (every segment on every level, a merge's output included), ...
    // SQLite 3.44+ may put a 4-byte "structure v2" marker (ff 00 00 02) after the cookie.
    QSqlQuery query(m_db->database());
    if (!query.exec(u"SELECT block FROM tickets_fts_data WHERE id = 10"_s) || !query.next())
        return -1;
    const QByteArray block = query.value(0).toByteArray();
    qsizetype at = 4;
    if (block.size() >= 8 && block.mid(4, 4) == QByteArray::fromHex("ff000002"))
        at = 8;
    const auto varint = [&](qint64 *value) {
        *value = 0;
        for (int i = 0; i < 9 && at < block.size(); ++i) {
            const auto byte = quint8(block.at(at++));
            if (i == 8) {
                *value = (*value << 8) | byte;
                return true;
            }
            *value = (*value << 7) | (byte & 0x7f);
            if (!(byte & 0x80))
                return true;
        }
        return false;
    };
    qint64 levels = 0;
    qint64 segments = 0;
    if (!varint(&levels) || !varint(&segments) || segments < 0 || segments > 1 << 20)
        return -1;
    return int(segments);
}

qint64 TicketCache::searchIndexPages()
{
    QSqlQuery query(m_db->database());
    if (!query.exec(u"SELECT count(*) FROM tickets_fts_data"_s) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

TicketCache::MergeStep TicketCache::mergeSearchIndex(int pages)
{
    MergeStep step;
    QSqlDatabase db = m_db->database();
    Transaction transaction(db);
    if (!transaction.isActive()) {
        step.error = StoreError::Busy;
        return step;
    }
    QSqlQuery query(db);
    const auto changes = [&] {
        return query.exec(u"SELECT total_changes()"_s) && query.next() ? query.value(0).toLongLong()
                                                                       : -1;
    };
    const qint64 before = changes();
    // Negative: all segments count as one level, merged even when fewer than 'usermerge'.
    if (!query.exec(u"INSERT INTO tickets_fts(tickets_fts, rank) VALUES ('merge', %1)"_s.arg(
                -std::max(1, pages)))) {
        qCWarning(lcStore) << "cannot merge the search index:" << query.lastError().text();
        step.error = CacheDatabase::classify(query.lastError());
        return step;
    }
    // The command itself counts as one change; anything more is pages written.
    step.worked = changes() > before + 1;
    // Read under the write lock: another connection's page may add a segment after COMMIT.
    step.segments = searchIndexSegments();
    if (!transaction.commit()) {
        step.error = CacheDatabase::classify(db.lastError());
        step.worked = false;
        return step;
    }
    return step;
}

StoreError TicketCache::storeEvents(const QString &ticketId, const QList<TicketEvent> &events)
{
    QSqlDatabase db = m_db->database();
    Transaction transaction(db);
    if (!transaction.isActive())
        return StoreError::Busy;
    QSqlQuery query(db);
    query.prepare(u"DELETE FROM events WHERE ticket_id = ?"_s);
    query.bindValue(0, ticketId);
    if (!query.exec())
        return StoreError::QueryFailed;
    query.prepare(u"INSERT OR REPLACE INTO events (ticket_id, seq, json) VALUES (?, ?, ?)"_s);
    for (const TicketEvent &event : events) {
        query.bindValue(0, ticketId);
        query.bindValue(1, event.seq);
        query.bindValue(2, QString::fromUtf8(toCompactJson(event.toJson())));
        if (!query.exec())
            return StoreError::QueryFailed;
    }
    return transaction.commit() ? StoreError::None : StoreError::QueryFailed;
}

SyncCursor TicketCache::syncCursor()
{
    SyncCursor cursor;
    QSqlQuery query(m_db->database());
    if (query.exec(
                u"SELECT key, value FROM sync_state WHERE key IN ('next_since', 'last_sync_at')"_s)) {
        while (query.next()) {
            if (query.value(0).toString() == u"next_since"_s)
                cursor.nextSince = query.value(1).toLongLong();
            else
                cursor.lastSyncAt
                        = QDateTime::fromMSecsSinceEpoch(query.value(1).toLongLong(), Qt::UTC);
        }
    }
    return cursor;
}

StoreError TicketCache::setSyncCursor(const SyncCursor &cursor)
{
    QSqlQuery query(m_db->database());
    query.prepare(u"INSERT OR REPLACE INTO sync_state (key, value) VALUES ('next_since', ?), "
                  "('last_sync_at', ?)"_s);
    query.bindValue(0, cursor.nextSince);
    query.bindValue(1, cursor.lastSyncAt.isValid() ? QVariant(cursor.lastSyncAt.toMSecsSinceEpoch())
                                                   : QVariant());
    return query.exec() ? StoreError::None : StoreError::QueryFailed;
}

qint64 TicketCache::count(const TicketFilter &filter)
{
    if (onlyScope(filter, false) && filter.statuses.isEmpty()) {
        qint64 total = 0;
        for (const qint64 n : countsByStatus(filter))
            total += n;
        return total;
    }
    Where where;
    if (!buildWhere(filter, WhereParts::Everything, &where))
        return 0;
    QSqlQuery query(m_db->database());
    query.prepare(u"SELECT count(*) FROM tickets t"_s + where.sql);
    bindAll(query, where.binds);
    if (!query.exec() || !query.next()) {
        m_lastError = StoreError::QueryFailed;
        return 0;
    }
    return query.value(0).toLongLong();
}

QList<TicketRow> TicketCache::fetch(const TicketFilter &filter, const TicketSort &sort,
                                    const std::optional<TicketCursor> &after, int limit)
{
    QList<TicketRow> rows;
    if (limit <= 0)
        return rows;
    const bool ascending = sort.order == Qt::AscendingOrder;
    const QString direction = ascending ? u" ASC"_s : u" DESC"_s;
    const QString op = ascending ? u">"_s : u"<"_s;
    const QString match = ftsQuery(filter.search);
    Where where;
    QString from = u" FROM tickets t"_s;
    QString order;
    if (sort.key == TicketSortKey::Updated && orderIsExact()) {
        // rid is the (updated, number) order (schema v4). A search walks the full-text index
        // in rid order and stops after `limit` rows that pass the other filters, so the
        // first screenful of a word in 200,000 tickets costs what a screenful costs.
        if (!match.isEmpty()) {
            const std::optional<QString> expanded = walkableFtsQuery(filter.search);
            if (!expanded)
                return rows; // a word no indexed term starts with: nothing matches
            from = u" FROM tickets_fts f CROSS JOIN tickets t ON t.rid = f.rowid"_s;
            where.add(u"f.tickets_fts MATCH ?"_s);
            where.binds.append(*expanded);
        }
        if (!buildWhere(filter, WhereParts::Everything, &where, SearchJoin::Driving, sort.key))
            return rows;
        const QString rid = match.isEmpty() ? u"t.rid"_s : u"f.rowid"_s;
        if (after) {
            const auto key = TicketWriter::orderKey(after->value, after->number);
            if (!key)
                return rows; // not a row of this cache's exact order
            where.add(rid + u" "_s + op + u" ?"_s);
            where.binds.append(*key);
        }
        order = u" ORDER BY "_s + rid + direction;
    } else {
        const SearchJoin join = isBroadSearch(filter) ? SearchJoin::Broad : SearchJoin::Narrow;
        if (!buildWhere(filter, WhereParts::Everything, &where, join, sort.key))
            return rows;
        const QString column = sortColumn(sort.key);
        if (after) {
            // Keyset paging over (sort value, number): the index on (column, number) seeks
            // straight to the next page, however deep the user has scrolled.
            if (sort.key == TicketSortKey::Number) {
                where.add(u"t.number "_s + op + u" ?"_s);
                where.binds.append(after->number);
            } else {
                // The collation goes on the bound value: SQLite seeks an index with a row
                // value only when its left side is plain columns.
                const bool textKey = isTextSortKey(sort.key);
                where.add(u"("_s + column + u", t.number) "_s + op
                          + (textKey ? u" (? COLLATE NOCASE, ?)"_s : u" (?, ?)"_s));
                where.binds.append(textKey ? QVariant(text(after->text)) : QVariant(after->value));
                where.binds.append(after->number);
            }
        }
        order = u" ORDER BY "_s + column + (isTextSortKey(sort.key) ? u" COLLATE NOCASE"_s : u""_s)
                + direction;
        if (sort.key != TicketSortKey::Number)
            order += u", t.number"_s + direction;
    }

    QSqlQuery query(m_db->database());
    query.setForwardOnly(true);
    query.prepare(u"SELECT "_s + rowColumns + from + where.sql + order + u" LIMIT ?"_s);
    bindAll(query, where.binds);
    query.bindValue(int(where.binds.size()), limit);
    if (!query.exec()) {
        qCWarning(lcStore) << "ticket list query failed" << query.lastError().text();
        m_lastError = StoreError::QueryFailed;
        if (CacheDatabase::isCorruption(query.lastError()))
            m_db->reportCorruption();
        return rows;
    }
    m_lastError = StoreError::None;
    rows.reserve(limit);
    while (query.next())
        rows.append(readRow(query));
    return rows;
}

QList<TicketRow> TicketCache::rows(const QStringList &ids, const TicketFilter &filter)
{
    QList<TicketRow> rows;
    Where where;
    // Broad: "+t.rid IN (matches)" tests each named row against the matches, collected once.
    // Plain "t.rid IN" let SQLite use the list as index keys, (id, rid) sought once per match
    // for every id: 32 s for a sync page of 1000 under the search "error" at 1M tickets.
    if (ids.isEmpty() || !buildWhere(filter, WhereParts::Everything, &where, SearchJoin::Broad))
        return rows;
    // The ids drive the query (CROSS JOIN fixes the join order): without it SQLite may pick
    // the status or project index from the filter and scan every ticket of that status for
    // each sync page, a cost that grows with the cache.
    where.binds.prepend(idsJson(ids));
    QSqlQuery query(m_db->database());
    query.setForwardOnly(true);
    query.prepare(u"SELECT "_s + rowColumns
                  + u" FROM json_each(?) j CROSS JOIN tickets t ON t.id = j.value"_s + where.sql);
    bindAll(query, where.binds);
    if (!query.exec()) {
        m_lastError = StoreError::QueryFailed;
        return rows;
    }
    while (query.next())
        rows.append(readRow(query));
    return rows;
}

std::optional<Ticket> TicketCache::ticket(const QString &id)
{
    QSqlQuery query(m_db->database());
    query.prepare(u"SELECT json FROM tickets WHERE id = ?"_s);
    query.bindValue(0, id);
    if (!query.exec() || !query.next())
        return std::nullopt;
    const auto json = parseJsonObject(query.value(0).toString().toUtf8());
    if (!json)
        return std::nullopt;
    return Ticket::fromJson(*json);
}

QList<TicketEvent> TicketCache::events(const QString &ticketId)
{
    QList<TicketEvent> events;
    QSqlQuery query(m_db->database());
    query.prepare(u"SELECT json FROM events WHERE ticket_id = ? ORDER BY seq"_s);
    query.bindValue(0, ticketId);
    if (!query.exec())
        return events;
    while (query.next()) {
        const auto json = parseJsonObject(query.value(0).toString().toUtf8());
        if (!json)
            continue;
        if (auto event = TicketEvent::fromJson(*json))
            events.append(*event);
    }
    return events;
}

QMap<TicketStatus, qint64> TicketCache::countsByStatus(const TicketFilter &filter)
{
    QMap<TicketStatus, qint64> counts;
    for (const TicketStatus status : allTicketStatuses())
        counts.insert(status, 0);
    QSqlQuery query(m_db->database());
    if (onlyScope(filter, true)) {
        QString sql = u"SELECT status, sum(n) FROM ticket_counts"_s;
        if (filter.scope == TicketFilter::Scope::Project)
            sql += u" WHERE project_key = ?"_s;
        else if (filter.scope == TicketFilter::Scope::Inbox)
            sql += u" WHERE project_key = ''"_s;
        query.prepare(sql + u" GROUP BY status"_s);
        if (filter.scope == TicketFilter::Scope::Project)
            query.bindValue(0, filter.projectId.toLower());
    } else {
        Where where;
        if (!buildWhere(filter, WhereParts::NoStatus, &where))
            return counts;
        query.prepare(u"SELECT t.status, count(*) FROM tickets t"_s + where.sql
                      + u" GROUP BY t.status"_s);
        bindAll(query, where.binds);
    }
    if (!query.exec()) {
        m_lastError = StoreError::QueryFailed;
        return counts;
    }
    while (query.next())
        counts[static_cast<TicketStatus>(query.value(0).toInt())] = query.value(1).toLongLong();
    return counts;
}

QHash<QString, qint64> TicketCache::countsByProject(const TicketFilter &filter)
{
    QHash<QString, qint64> counts;
    QSqlQuery query(m_db->database());
    // Project ids are grouped by their lowercase key and reported as stored (any spelling).
    if (onlyScope(filter, true)) {
        Where where;
        where.addIn(u"c.status"_s, filter.statuses);
        query.prepare(uR"(SELECT c.project_key,
    (SELECT project_id FROM tickets WHERE project_key = c.project_key LIMIT 1), sum(c.n)
FROM ticket_counts c)"_s
                      + where.sql + u" GROUP BY c.project_key HAVING sum(c.n) > 0"_s);
        bindAll(query, where.binds);
    } else {
        Where where;
        if (!buildWhere(filter, WhereParts::NoScope, &where))
            return counts;
        query.prepare(u"SELECT t.project_key, min(t.project_id), count(*) FROM tickets t"_s
                      + where.sql + u" GROUP BY t.project_key"_s);
        bindAll(query, where.binds);
    }
    if (!query.exec()) {
        m_lastError = StoreError::QueryFailed;
        return counts;
    }
    while (query.next()) {
        const QString key = query.value(0).toString();
        counts.insert(key.isEmpty() ? QString() : query.value(1).toString(),
                      query.value(2).toLongLong());
    }
    return counts;
}

} // namespace td
