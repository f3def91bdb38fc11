#include "searchhighlight.h"

#include <algorithm>
#include <utility>

namespace td {

namespace {

bool isWordChar(char32_t c)
{
    switch (QChar::category(c)) {
    case QChar::Letter_Uppercase:
    case QChar::Letter_Lowercase:
    case QChar::Letter_Titlecase:
    case QChar::Letter_Modifier:
    case QChar::Letter_Other:
    case QChar::Number_DecimalDigit:
    case QChar::Number_Letter:
    case QChar::Number_Other:
    case QChar::Other_PrivateUse:
        return true;
    default:
        return false;
    }
}

// One code point as the index compares it: case-folded, diacritics removed (the base letter
// of its canonical decomposition). May be empty (a lone combining mark).
QString fold(char32_t c)
{
    const QString decomposed = QString::fromUcs4(&c, 1).normalized(QString::NormalizationForm_D);
    QString base;
    for (const QChar ch : decomposed) {
        if (!ch.isMark())
            base += ch;
    }
    return base.toCaseFolded();
}

// The text folded code point by code point, and for each folded UTF-16 unit where its code
// point starts and ends in the original text.
struct Folded
{
    QString text;
    QList<qsizetype> from; // original index of the code point each folded unit came from
    QList<qsizetype> to;   // original index just past it
    QList<bool> wordStart; // the folded unit begins a word
};

Folded foldText(const QString &text)
{
    Folded folded;
    bool previousWord = false;
    qsizetype i = 0;
    while (i < text.size()) {
        char32_t c = text.at(i).unicode();
        qsizetype next = i + 1;
        if (text.at(i).isHighSurrogate() && next < text.size() && text.at(next).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text.at(i), text.at(next));
            ++next;
        }
        const bool word = isWordChar(c) || (previousWord && QChar::isMark(c));
        const QString f = word ? fold(c) : QString(QChar(u' '));
        for (qsizetype k = 0; k < f.size(); ++k) {
            folded.text += f.at(k);
            folded.from.append(i);
            folded.to.append(next);
            folded.wordStart.append(word && !previousWord && k == 0);
        }
        previousWord = word;
        i = next;
    }
    return folded;
}

} // namespace

QStringList searchTerms(const QString &searchText)
{
    QStringList words;
    QString word;
    const QList<uint> codePoints = searchText.toUcs4();
    for (const uint c : codePoints) {
        if (isWordChar(char32_t(c))) {
            const char32_t one = char32_t(c);
            word += QString::fromUcs4(&one, 1);
        } else if (!word.isEmpty()) {
            words.append(std::exchange(word, QString()));
        }
    }
    if (!word.isEmpty())
        words.append(word);
    return words;
}

QList<TextRange> highlightRanges(const QString &text, const QStringList &terms)
{
    QList<TextRange> ranges;
    QStringList foldedTerms;
    for (const QString &term : terms) {
        QString f;
        for (const uint c : term.toUcs4())
            f += fold(char32_t(c));
        if (!f.isEmpty())
            foldedTerms.append(f);
    }
    if (foldedTerms.isEmpty() || text.isEmpty())
        return ranges;
    // Longest first, so "print" and "printer" both typed highlight all of "printer".
    std::sort(foldedTerms.begin(), foldedTerms.end(),
              [](const QString &a, const QString &b) { return a.size() > b.size(); });
    const Folded folded = foldText(text);
    const QStringView haystack(folded.text);
    for (qsizetype i = 0; i < haystack.size(); ++i) {
        if (!folded.wordStart.at(i))
            continue;
        for (const QString &term : std::as_const(foldedTerms)) {
            if (!haystack.mid(i).startsWith(term))
                continue;
            const qsizetype start = folded.from.at(i);
            const qsizetype end = folded.to.at(i + term.size() - 1);
            ranges.append({start, end - start});
            break;
        }
    }
    return ranges;
}

} // namespace td
