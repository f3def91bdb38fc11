#include "rfc3339.h"

using namespace Qt::StringLiterals;

namespace td {

namespace {

// Reads exactly `count` ASCII digits at `pos`; -1 when any is not a digit.
int readDigits(QStringView text, qsizetype pos, int count)
{
    if (pos + count > text.size())
        return -1;
    int value = 0;
    for (int i = 0; i < count; ++i) {
        const char16_t c = text[pos + i].unicode();
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c - u'0');
    }
    return value;
}

} // namespace

QString toRfc3339(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    // Always three fraction digits and 'Z', so stored and sent times compare as text too.
    return time.toUTC().toString(u"yyyy-MM-dd'T'HH:mm:ss.zzz'Z'"_s);
}

QDateTime fromRfc3339(QStringView text)
{
    // date-time = full-date "T" partial-time time-offset (RFC 3339 section 5.6). Parsed by
    // hand: QDateTime's ISO parser accepts forms RFC 3339 does not, and silently drops some.
    const int year = readDigits(text, 0, 4);
    const int month = readDigits(text, 5, 2);
    const int day = readDigits(text, 8, 2);
    const int hour = readDigits(text, 11, 2);
    const int minute = readDigits(text, 14, 2);
    int second = readDigits(text, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0)
        return {};
    if (text[4] != u'-' || text[7] != u'-' || text[13] != u':' || text[16] != u':')
        return {};
    const QChar separator = text[10];
    if (separator != u'T' && separator != u't' && separator != u' ')
        return {};

    qsizetype pos = 19;
    int millis = 0;
    if (pos < text.size() && text[pos] == u'.') {
        ++pos;
        int digits = 0;
        while (pos < text.size() && text[pos].isDigit() && text[pos].unicode() < 128) {
            if (digits < 3)
                millis = millis * 10 + (text[pos].unicode() - u'0');
            ++digits;
            ++pos;
        }
        if (digits == 0)
            return {};
        for (int i = digits; i < 3; ++i)
            millis *= 10;
    }

    int offsetSeconds = 0;
    if (pos >= text.size())
        return {};
    const QChar zone = text[pos];
    if (zone == u'Z' || zone == u'z') {
        ++pos;
    } else if (zone == u'+' || zone == u'-') {
        const int offsetHours = readDigits(text, pos + 1, 2);
        const int offsetMinutes = readDigits(text, pos + 4, 2);
        if (offsetHours < 0 || offsetMinutes < 0 || text[pos + 3] != u':' || offsetHours > 23
            || offsetMinutes > 59)
            return {};
        offsetSeconds = (offsetHours * 60 + offsetMinutes) * 60 * (zone == u'-' ? -1 : 1);
        pos += 6;
    } else {
        return {};
    }
    if (pos != text.size())
        return {};

    // A leap second has no QTime; it is kept as the last millisecond of its minute.
    if (second == 60) {
        second = 59;
        millis = 999;
    }
    const QDate date(year, month, day);
    const QTime time(hour, minute, second, millis);
    if (!date.isValid() || !time.isValid())
        return {};
    // Local wall time minus its offset is the UTC instant.
    return QDateTime(date, time, Qt::UTC).addSecs(-offsetSeconds);
}

} // namespace td
