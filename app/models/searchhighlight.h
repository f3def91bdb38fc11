#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace td {

// What a search matched, for the detail pane to highlight. The cache searches each word of the
// search text as the prefix of a word of the ticket, ignoring case and diacritics (FTS5
// unicode61, remove_diacritics 2); these functions apply the same rule to a ticket's text.

// The words of a search text: runs of letters and digits (everything else separates), as the
// cache's full-text query uses them (TicketCache::searchWords; a test keeps the two equal).
QStringList searchTerms(const QString &searchText);

struct TextRange
{
    qsizetype start = 0;
    qsizetype length = 0;
    friend bool operator==(const TextRange &, const TextRange &) = default;
};

// Where `terms` match in `text`: for each word of `text` that starts with one of the terms
// (case- and diacritic-insensitive), the matched part of it, in `text`'s own indices. Sorted,
// never overlapping; empty when nothing matches or `terms` is empty.
QList<TextRange> highlightRanges(const QString &text, const QStringList &terms);

} // namespace td
