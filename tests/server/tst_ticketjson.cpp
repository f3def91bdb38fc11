// The server writes a ticket's JSON answer by hand (server/ticketjson) instead of building a
// QJsonObject: it must give exactly the bytes Qt's writer gives for Ticket::toJson(), for every
// character a field may hold.
#include "server/ticketjson.h"

#include "core/json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace td;

namespace {

Ticket sample()
{
    Ticket t;
    t.id = u"0190f1c2-7a3b-7c4d-8e5f-0123456789ab"_s;
    t.number = 4711;
    t.tenant = u"acme"_s;
    t.projectId = u"2489E9AD-2EE2-8E00-8EC9-32D5F69181C0"_s;
    t.title = u"Login button does nothing"_s;
    t.description = u"Steps:\n1. open\n2. click"_s;
    t.requestType = RequestType::Bug;
    t.priority = Priority::High;
    t.roles = {u"frontend"_s, u"backend"_s};
    t.blocking = true;
    t.suggestedResolution = u"Fix the handler"_s;
    t.implementationNotes = QString();
    t.requester = {u"Jane Doe"_s, u"jane@example.com"_s};
    t.actorRole = u"user"_s;
    t.actorId = u"u-jane"_s;
    t.source = u"portal"_s;
    t.status = TicketStatus::InProgress;
    t.version = 3;
    t.seq = 9'007'199'254'740'993LL; // past 2^53: stays an integer
    t.createdAt = QDateTime::fromMSecsSinceEpoch(1'764'781'200'123LL, Qt::UTC);
    t.updatedAt = QDateTime::fromMSecsSinceEpoch(1'764'781'260'007LL, Qt::UTC);
    return t;
}

} // namespace

class TestTicketJson : public QObject
{
    Q_OBJECT

private slots:
    void sameBytesAsQt_data()
    {
        QTest::addColumn<Ticket>("ticket");
        QTest::newRow("portal") << sample();

        Ticket capability = sample();
        capability.projectId.reset();
        capability.actorId.reset();
        capability.agentVendor = u"openai"_s;
        capability.roles.clear();
        capability.blocking = false;
        capability.status = TicketStatus::New;
        QTest::newRow("capability, nulls, no roles") << capability;

        Ticket evidence = sample();
        evidence.evidence = QJsonObject{{u"url"_s, u"https://x.test/a?b=\"c\""_s},
                                        {u"steps"_s, QJsonArray{1, 2.5, true, QJsonValue()}},
                                        {u"nested"_s, QJsonObject{{u"k"_s, u"v\u00e9"_s}}}};
        QTest::newRow("evidence") << evidence;

        // Every character below 0x80 and a few above, in every text field.
        QString all;
        for (char16_t c = 1; c < 0x80; ++c)
            all.append(QChar(c));
        all += u"\u00e9\u00df\u20ac\u2028\u2029\ufeff\uffff"_s;
        all += QString::fromUtf8("\xf0\x9f\x98\x80"); // a surrogate pair
        Ticket characters = sample();
        characters.title = all;
        characters.description = all + all;
        characters.suggestedResolution = all;
        characters.implementationNotes = all;
        characters.requester = {all, all};
        characters.roles = {all, QString(), u"\""_s};
        characters.actorId = all;
        characters.agentVendor = all;
        QTest::newRow("every ASCII character, UTF-8") << characters;

        Ticket lone = sample();
        lone.title = u"a"_s + QChar(0xd800) + u"b"_s; // falls back to Qt's writer
        QTest::newRow("lone surrogate") << lone;

        Ticket times = sample();
        times.createdAt = QDateTime::fromMSecsSinceEpoch(0, Qt::UTC);
        times.updatedAt = QDateTime::fromMSecsSinceEpoch(-1, Qt::UTC);
        QTest::newRow("epoch and just before") << times;

        Ticket leap = sample();
        leap.createdAt = QDateTime::fromMSecsSinceEpoch(951'782'400'999LL, Qt::UTC); // 2000-02-29
        leap.updatedAt = QDateTime::fromMSecsSinceEpoch(253'402'300'799'999LL, Qt::UTC);
        QTest::newRow("leap day, last millisecond of 9999") << leap;
    }

    void sameBytesAsQt()
    {
        QFETCH(Ticket, ticket);
        QCOMPARE(server::ticketJson(ticket), toCompactJson(ticket.toJson()));
    }

    void rolesAsQtWritesThem()
    {
        const QStringList roles{u"frontend"_s, u"a\"b\\c\n\u00e9"_s, QString()};
        QCOMPARE(server::compactStringArray(roles),
                 QJsonDocument(QJsonArray::fromStringList(roles)).toJson(QJsonDocument::Compact));
        QCOMPARE(server::compactStringArray({}), "[]"_ba);
    }
};

QTEST_GUILESS_MAIN(TestTicketJson)
#include "tst_ticketjson.moc"
