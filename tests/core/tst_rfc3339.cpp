#include "core/rfc3339.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace td;

class TestRfc3339 : public QObject
{
    Q_OBJECT

private slots:
    void format_data();
    void format();
    void parse_data();
    void parse();
    void rejects_data();
    void rejects();
    void roundTripKeepsMilliseconds();
};

namespace {
QDateTime utc(int y, int mo, int d, int h, int mi, int s, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC);
}
} // namespace

void TestRfc3339::format_data()
{
    QTest::addColumn<QDateTime>("time");
    QTest::addColumn<QString>("expected");
    QTest::newRow("contract example")
            << utc(2026, 11, 22, 9, 15, 2, 120) << u"2026-11-22T09:15:02.120Z"_s;
    QTest::newRow("whole second keeps .000")
            << utc(2026, 1, 2, 3, 4, 5) << u"2026-01-02T03:04:05.000Z"_s;
    QTest::newRow("one millisecond")
            << utc(2026, 1, 2, 3, 4, 5, 1) << u"2026-01-02T03:04:05.001Z"_s;
    QTest::newRow("offset converted to UTC")
            << QDateTime(QDate(2026, 11, 22), QTime(0, 30), Qt::OffsetFromUTC, 2 * 3600)
            << u"2026-11-21T22:30:00.000Z"_s;
    QTest::newRow("negative offset crosses the year")
            << QDateTime(QDate(2026, 12, 31), QTime(23, 0), Qt::OffsetFromUTC, -3600)
            << u"2027-01-01T00:00:00.000Z"_s;
    QTest::newRow("invalid time is empty") << QDateTime() << QString();
}

void TestRfc3339::format()
{
    QFETCH(QDateTime, time);
    QFETCH(QString, expected);
    QCOMPARE(toRfc3339(time), expected);
}

void TestRfc3339::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDateTime>("expected");
    QTest::newRow("Z with millis")
            << u"2026-11-22T09:15:02.120Z"_s << utc(2026, 11, 22, 9, 15, 2, 120);
    QTest::newRow("lower-case t and z")
            << u"2026-11-22t09:15:02.120z"_s << utc(2026, 11, 22, 9, 15, 2, 120);
    QTest::newRow("space separator") << u"2026-11-22 09:15:02Z"_s << utc(2026, 11, 22, 9, 15, 2);
    QTest::newRow("no fraction") << u"2026-11-22T09:15:02Z"_s << utc(2026, 11, 22, 9, 15, 2);
    QTest::newRow("one fraction digit")
            << u"2026-11-22T09:15:02.1Z"_s << utc(2026, 11, 22, 9, 15, 2, 100);
    QTest::newRow("micro seconds truncated")
            << u"2026-11-22T09:15:02.123999Z"_s << utc(2026, 11, 22, 9, 15, 2, 123);
    QTest::newRow("nanoseconds truncated")
            << u"2026-11-22T09:15:02.000000001Z"_s << utc(2026, 11, 22, 9, 15, 2);
    QTest::newRow("positive offset")
            << u"2026-11-22T10:15:02.120+01:00"_s << utc(2026, 11, 22, 9, 15, 2, 120);
    QTest::newRow("negative offset with minutes")
            << u"2026-11-22T05:45:02-03:30"_s << utc(2026, 11, 22, 9, 15, 2);
    QTest::newRow("zero offset") << u"2026-11-22T09:15:02+00:00"_s << utc(2026, 11, 22, 9, 15, 2);
    QTest::newRow("offset crosses the day")
            << u"2026-11-22T23:30:00-01:00"_s << utc(2026, 11, 23, 0, 30, 0);
    QTest::newRow("leap day") << u"2028-02-29T00:00:00Z"_s << utc(2028, 2, 29, 0, 0, 0);
    QTest::newRow("leap second kept in its minute")
            << u"2016-12-31T23:59:60Z"_s << utc(2016, 12, 31, 23, 59, 59, 999);
}

void TestRfc3339::parse()
{
    QFETCH(QString, text);
    QFETCH(QDateTime, expected);
    const QDateTime parsed = fromRfc3339(text);
    QVERIFY(parsed.isValid());
    QCOMPARE(parsed, expected);
    QCOMPARE(parsed.timeSpec(), Qt::UTC);
}

void TestRfc3339::rejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("date only") << u"2026-11-22"_s;
    QTest::newRow("no zone") << u"2026-11-22T09:15:02.120"_s;
    QTest::newRow("zone without colon") << u"2026-11-22T09:15:02+0100"_s;
    QTest::newRow("zone hours only") << u"2026-11-22T09:15:02+01"_s;
    QTest::newRow("offset hour 24") << u"2026-11-22T09:15:02+24:00"_s;
    QTest::newRow("offset minute 60") << u"2026-11-22T09:15:02+01:60"_s;
    QTest::newRow("month 13") << u"2026-13-22T09:15:02Z"_s;
    QTest::newRow("february 30") << u"2026-02-30T09:15:02Z"_s;
    QTest::newRow("not a leap year") << u"2026-02-29T09:15:02Z"_s;
    QTest::newRow("hour 24") << u"2026-11-22T24:00:00Z"_s;
    QTest::newRow("minute 60") << u"2026-11-22T09:60:00Z"_s;
    QTest::newRow("second 61") << u"2026-11-22T09:15:61Z"_s;
    QTest::newRow("empty fraction") << u"2026-11-22T09:15:02.Z"_s;
    QTest::newRow("trailing text") << u"2026-11-22T09:15:02Z "_s;
    QTest::newRow("leading space") << u" 2026-11-22T09:15:02Z"_s;
    QTest::newRow("two-digit year") << u"26-11-22T09:15:02Z"_s;
    QTest::newRow("slashes") << u"2026/11/22T09:15:02Z"_s;
    QTest::newRow("missing seconds") << u"2026-11-22T09:15Z"_s;
    QTest::newRow("arabic-indic digits") << u"\u0662026-11-22T09:15:02Z"_s;
    QTest::newRow("fraction with arabic-indic digit") << u"2026-11-22T09:15:02.1\u0662Z"_s;
    QTest::newRow("epoch number") << u"1763802902"_s;
}

void TestRfc3339::rejects()
{
    QFETCH(QString, text);
    QVERIFY(!fromRfc3339(text).isValid());
}

void TestRfc3339::roundTripKeepsMilliseconds()
{
    // A cache that stores our text and parses it back must see the very same instant.
    QDateTime time = utc(2026, 3, 29, 1, 59, 59, 999);
    for (int step = 0; step < 1000; ++step) {
        const QString text = toRfc3339(time);
        QCOMPARE(fromRfc3339(text), time);
        QCOMPARE(text.size(), 24);
        time = time.addMSecs(7919);
    }
}

QTEST_APPLESS_MAIN(TestRfc3339)
#include "tst_rfc3339.moc"
