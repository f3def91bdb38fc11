#include "models/searchhighlight.h"
#include "store/ticketcache.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace td;

using Ranges = QList<QPair<int, int>>;

namespace {

Ranges pairs(const QList<TextRange> &ranges)
{
    Ranges result;
    for (const TextRange &range : ranges)
        result.append({int(range.start), int(range.length)});
    return result;
}

} // namespace

// The detail pane highlights what the search matched: each search word as the start of a
// word, ignoring case and accents, exactly as the cache's full-text search matches.
class TestSearchHighlight : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void terms_data()
    {
        QTest::addColumn<QString>("search");
        QTest::addColumn<QStringList>("terms");
        QTest::newRow("one word") << u"printer"_s << QStringList{u"printer"_s};
        QTest::newRow("spaces") << u"  printer   fire "_s << QStringList{u"printer"_s, u"fire"_s};
        QTest::newRow("punctuation separates")
                << u"e-mail, \"quoted\""_s << QStringList{u"e"_s, u"mail"_s, u"quoted"_s};
        QTest::newRow("fts operators are words")
                << u"a OR b NEAR(c) -d *e ^f g:h"_s
                << QStringList{u"a"_s, u"OR"_s, u"b"_s, u"NEAR"_s, u"c"_s,
                               u"d"_s, u"e"_s,  u"f"_s, u"g"_s,    u"h"_s};
        QTest::newRow("digits") << u"#319"_s << QStringList{u"319"_s};
        QTest::newRow("accents kept") << u"Zoë café"_s << QStringList{u"Zoë"_s, u"café"_s};
        QTest::newRow("beyond the BMP") << u"𝒜bc x"_s << QStringList{u"𝒜bc"_s, u"x"_s};
        QTest::newRow("nothing searchable") << u"- \" *"_s << QStringList{};
    }
    void terms()
    {
        QFETCH(QString, search);
        QFETCH(QStringList, terms);
        QCOMPARE(searchTerms(search), terms);
        // The cache searches exactly these words.
        QCOMPARE(TicketCache::searchWords(search), terms);
    }

    void ranges_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("search");
        QTest::addColumn<Ranges>("ranges");
        QTest::newRow("prefix of a word")
                << u"The printer is on fire"_s << u"print"_s << Ranges{{4, 5}};
        QTest::newRow("not inside a word") << u"reprint it"_s << u"print"_s << Ranges{};
        QTest::newRow("every occurrence")
                << u"Error: error again"_s << u"err"_s << Ranges{{0, 3}, {7, 3}};
        QTest::newRow("case") << u"LOGIN fails"_s << u"login"_s << Ranges{{0, 5}};
        QTest::newRow("diacritics in the text") << u"Zoë wrote"_s << u"zoe"_s << Ranges{{0, 3}};
        QTest::newRow("diacritics in the search") << u"cafe menu"_s << u"café"_s << Ranges{{0, 4}};
        QTest::newRow("two words")
                << u"printer on fire"_s << u"fire print"_s << Ranges{{0, 5}, {11, 4}};
        QTest::newRow("longest term wins") << u"printer"_s << u"p printer"_s << Ranges{{0, 7}};
        QTest::newRow("after punctuation")
                << u"(crash) e-mail"_s << u"mail crash"_s << Ranges{{1, 5}, {10, 4}};
        QTest::newRow("number") << u"see #319 and 3190"_s << u"#319"_s << Ranges{{5, 3}, {13, 3}};
        QTest::newRow("no terms") << u"anything"_s << u"-"_s << Ranges{};
        QTest::newRow("decomposed accent in text")
                << u"Zoe\u0308 wrote"_s << u"zoe"_s << Ranges{{0, 3}};
    }
    void ranges()
    {
        QFETCH(QString, text);
        QFETCH(QString, search);
        QFETCH(Ranges, ranges);
        QCOMPARE(pairs(highlightRanges(text, searchTerms(search))), ranges);
    }
};

QTEST_GUILESS_MAIN(TestSearchHighlight)
#include "tst_searchhighlight.moc"
