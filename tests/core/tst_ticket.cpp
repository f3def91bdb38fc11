#include "core/json.h"
#include "core/ticket.h"
#include "coretestprint.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace td;

namespace {

Ticket sampleTicket()
{
    Ticket ticket;
    ticket.id = u"7b0c2d1e-5a4f-4c3b-9a8e-112233445566"_s;
    ticket.number = 42;
    ticket.tenant = u"switchback-engineering"_s;
    ticket.projectId = u"2489E9AD-2EE2-8E00-8EC9-32D5F69181C0"_s;
    ticket.title = u"Checkout button does nothing"_s;
    ticket.description = u"Clicking Pay on Safari 17 has no effect."_s;
    ticket.requestType = RequestType::Bug;
    ticket.priority = Priority::High;
    ticket.roles = {u"frontend"_s, u"qa"_s};
    ticket.blocking = true;
    ticket.evidence = QJsonObject{{u"links"_s, QJsonArray{u"https://example.test/log"_s}}};
    ticket.suggestedResolution = u"Rebind the click handler"_s;
    ticket.implementationNotes = u"See checkout.ts"_s;
    ticket.requester = {u"Carl Client"_s, u"carl@client.test"_s};
    ticket.actorRole = u"user"_s;
    ticket.actorId = u"u-17"_s;
    ticket.source = u"desktop"_s;
    ticket.agentVendor = std::nullopt;
    ticket.status = TicketStatus::Triaged;
    ticket.version = 3;
    ticket.seq = 981;
    ticket.createdAt = QDateTime(QDate(2026, 11, 22), QTime(9, 15, 2, 120), Qt::UTC);
    ticket.updatedAt = QDateTime(QDate(2026, 11, 22), QTime(10, 0, 0, 5), Qt::UTC);
    return ticket;
}

// The members of CONTRACT 4.6, nothing more and nothing less.
const QStringList contractMembers = {
        u"id"_s,
        u"number"_s,
        u"tenant"_s,
        u"project_id"_s,
        u"title"_s,
        u"description"_s,
        u"request_type"_s,
        u"priority"_s,
        u"roles"_s,
        u"blocking"_s,
        u"evidence"_s,
        u"suggested_resolution"_s,
        u"implementation_notes"_s,
        u"requester"_s,
        u"actor_role"_s,
        u"actor_id"_s,
        u"source"_s,
        u"agent_vendor"_s,
        u"status"_s,
        u"version"_s,
        u"seq"_s,
        u"created_at"_s,
        u"updated_at"_s,
};

} // namespace

class TestTicket : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void toJsonHasExactlyTheContractMembers();
    void toJsonWritesNullsAndTimes();
    void fromJsonReadsTheContractExample();
    void fromJsonIgnoresUnknownMembers();
    void fromJsonRejects_data();
    void fromJsonRejects();
    void enumWireNames_data();
    void enumWireNames();
};

void TestTicket::roundTrip_data()
{
    QTest::addColumn<Ticket>("ticket");

    QTest::newRow("project ticket") << sampleTicket();

    Ticket inbox = sampleTicket();
    inbox.projectId = std::nullopt;
    inbox.actorId = std::nullopt;
    inbox.agentVendor = u"anthropic"_s;
    inbox.source = u"capability"_s;
    inbox.roles.clear();
    inbox.evidence = {};
    QTest::newRow("general inbox, agent, no roles") << inbox;

    Ticket unicode = sampleTicket();
    unicode.title = u"Umlaut \u00fc, emoji \U0001F600, e\u0301, quote \" and \\"_s;
    unicode.description = u"line one\nline two\t\u2028"_s;
    unicode.status = TicketStatus::InProgress;
    QTest::newRow("unicode and escapes") << unicode;

    Ticket closed = sampleTicket();
    closed.status = TicketStatus::Closed;
    closed.priority = Priority::Urgent;
    closed.requestType = RequestType::BillingQuestion;
    closed.number = 9007199254740991LL; // 2^53 - 1, the largest exact JSON integer
    closed.seq = 0;
    closed.version = std::numeric_limits<int>::max();
    closed.evidence
            = QJsonObject{{u"nested"_s, QJsonObject{{u"deep"_s, QJsonArray{1, 2.5, true}}}}};
    QTest::newRow("closed, extreme numbers, nested evidence") << closed;
}

void TestTicket::roundTrip()
{
    QFETCH(Ticket, ticket);
    // Through bytes, as a ticket travels from server to app cache.
    const QByteArray bytes = toCompactJson(ticket.toJson());
    JsonParseFailure failure = JsonParseFailure::Malformed;
    const auto object = parseJsonObject(bytes, &failure);
    QVERIFY(object);
    QString error;
    const std::optional<Ticket> back = Ticket::fromJson(*object, &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(*back, ticket);
    QCOMPARE(toCompactJson(back->toJson()), bytes);
}

void TestTicket::toJsonHasExactlyTheContractMembers()
{
    const QJsonObject json = sampleTicket().toJson();
    QStringList expected = contractMembers;
    expected.sort();
    QCOMPARE(json.keys(), expected);
    QCOMPARE(json.value(u"requester"_s).toObject().keys(), (QStringList{u"email"_s, u"name"_s}));
}

void TestTicket::toJsonWritesNullsAndTimes()
{
    Ticket ticket = sampleTicket();
    ticket.projectId = std::nullopt;
    ticket.actorId = std::nullopt;
    ticket.agentVendor = std::nullopt;
    // A non-UTC time is written as the same instant in UTC.
    ticket.updatedAt = QDateTime(QDate(2026, 11, 22), QTime(11, 0, 0), Qt::OffsetFromUTC, 3600);
    const QJsonObject json = ticket.toJson();
    QVERIFY(json.value(u"project_id"_s).isNull());
    QVERIFY(json.value(u"actor_id"_s).isNull());
    QVERIFY(json.value(u"agent_vendor"_s).isNull());
    QCOMPARE(json.value(u"created_at"_s).toString(), u"2026-11-22T09:15:02.120Z"_s);
    QCOMPARE(json.value(u"updated_at"_s).toString(), u"2026-11-22T10:00:00.000Z"_s);
    QCOMPARE(json.value(u"status"_s).toString(), u"triaged"_s);
    QCOMPARE(json.value(u"request_type"_s).toString(), u"bug"_s);
    QCOMPARE(json.value(u"priority"_s).toString(), u"high"_s);
    QCOMPARE(json.value(u"number"_s).toInteger(), 42);
}

void TestTicket::fromJsonReadsTheContractExample()
{
    const QByteArray example = R"({ "id": "7b0c", "number": 42, "tenant": "switchback-engineering",
        "project_id": "2489E9AD-2EE2-8E00-8EC9-32D5F69181C0",
        "title": "t", "description": "d", "request_type": "bug", "priority": "low",
        "roles": ["frontend"], "blocking": false, "evidence": {}, "suggested_resolution": "s",
        "implementation_notes": "i", "requester": {"name": "n", "email": "e@x.test"},
        "actor_role": "user", "actor_id": "u-17", "source": "desktop", "agent_vendor": null,
        "status": "new", "version": 1, "seq": 981,
        "created_at": "2026-11-22T09:15:02.120Z", "updated_at": "2026-11-22T10:15:02.120+01:00" })"_ba;
    const auto object = parseJsonObject(example);
    QVERIFY(object);
    QString error;
    const auto ticket = Ticket::fromJson(*object, &error);
    QVERIFY2(ticket, qPrintable(error));
    QCOMPARE(ticket->number, 42);
    QCOMPARE(ticket->projectId, u"2489E9AD-2EE2-8E00-8EC9-32D5F69181C0"_s);
    QCOMPARE(ticket->priority, Priority::Low);
    QCOMPARE(ticket->roles, QStringList{u"frontend"_s});
    QCOMPARE(ticket->requester.email, u"e@x.test"_s);
    QCOMPARE(ticket->agentVendor, std::nullopt);
    QCOMPARE(ticket->status, TicketStatus::New);
    // Both times name the same instant; the offset form is normalized to UTC.
    QCOMPARE(ticket->createdAt, ticket->updatedAt);
    QCOMPARE(ticket->updatedAt.timeSpec(), Qt::UTC);
}

void TestTicket::fromJsonIgnoresUnknownMembers()
{
    QJsonObject json = sampleTicket().toJson();
    json.insert(u"assignee"_s, u"someone"_s);
    json.insert(u"labels"_s, QJsonArray{u"x"_s});
    const auto ticket = Ticket::fromJson(json);
    QVERIFY(ticket);
    QCOMPARE(*ticket, sampleTicket());
}

void TestTicket::fromJsonRejects_data()
{
    QTest::addColumn<QString>("member");
    QTest::addColumn<QJsonValue>("value"); // Undefined: the member is removed

    const QJsonValue missing(QJsonValue::Undefined);
    const QJsonValue null(QJsonValue::Null);
    const QStringList strings = {u"id"_s,
                                 u"tenant"_s,
                                 u"title"_s,
                                 u"description"_s,
                                 u"suggested_resolution"_s,
                                 u"implementation_notes"_s,
                                 u"actor_role"_s,
                                 u"source"_s};
    for (const QString &member : contractMembers) {
        QTest::addRow("%s missing", qPrintable(member)) << member << missing;
        if (member == u"evidence" || member == u"requester")
            QTest::addRow("%s as array", qPrintable(member)) << member << QJsonValue(QJsonArray());
    }
    for (const QString &member : strings) {
        QTest::addRow("%s null", qPrintable(member)) << member << null;
        QTest::addRow("%s number", qPrintable(member)) << member << QJsonValue(7);
    }
    for (const QString &member : {u"project_id"_s, u"actor_id"_s, u"agent_vendor"_s}) {
        QTest::addRow("%s number", qPrintable(member)) << member << QJsonValue(7);
        QTest::addRow("%s bool", qPrintable(member)) << member << QJsonValue(false);
    }
    for (const QString &member : {u"number"_s, u"version"_s, u"seq"_s}) {
        QTest::addRow("%s null", qPrintable(member)) << member << null;
        QTest::addRow("%s string", qPrintable(member)) << member << QJsonValue(u"42"_s);
        QTest::addRow("%s fraction", qPrintable(member)) << member << QJsonValue(4.5);
        QTest::addRow("%s negative", qPrintable(member)) << member << QJsonValue(-1);
    }
    QTest::newRow("version zero") << u"version"_s << QJsonValue(0);
    QTest::newRow("version beyond int") << u"version"_s << QJsonValue(4294967296.0);
    QTest::newRow("number beyond 2^53") << u"number"_s << QJsonValue(1e300);
    QTest::newRow("request_type unknown") << u"request_type"_s << QJsonValue(u"feature"_s);
    QTest::newRow("request_type upper case") << u"request_type"_s << QJsonValue(u"BUG"_s);
    QTest::newRow("priority unknown") << u"priority"_s << QJsonValue(u"critical"_s);
    QTest::newRow("priority number") << u"priority"_s << QJsonValue(2);
    QTest::newRow("status unknown") << u"status"_s << QJsonValue(u"done"_s);
    QTest::newRow("status null") << u"status"_s << null;
    QTest::newRow("roles string") << u"roles"_s << QJsonValue(u"frontend"_s);
    QTest::newRow("roles with number") << u"roles"_s << QJsonValue(QJsonArray{u"qa"_s, 3});
    QTest::newRow("blocking string") << u"blocking"_s << QJsonValue(u"true"_s);
    QTest::newRow("blocking number") << u"blocking"_s << QJsonValue(1);
    QTest::newRow("evidence null") << u"evidence"_s << null;
    QTest::newRow("evidence string") << u"evidence"_s << QJsonValue(u"{}"_s);
    QTest::newRow("requester without email")
            << u"requester"_s << QJsonValue(QJsonObject{{u"name"_s, u"n"_s}});
    QTest::newRow("requester email null")
            << u"requester"_s << QJsonValue(QJsonObject{{u"name"_s, u"n"_s}, {u"email"_s, null}});
    QTest::newRow("created_at not a time") << u"created_at"_s << QJsonValue(u"yesterday"_s);
    QTest::newRow("created_at without zone")
            << u"created_at"_s << QJsonValue(u"2026-11-22T09:15:02.120"_s);
    QTest::newRow("updated_at epoch number") << u"updated_at"_s << QJsonValue(1763802902);
}

void TestTicket::fromJsonRejects()
{
    QFETCH(QString, member);
    QFETCH(QJsonValue, value);
    QJsonObject json = sampleTicket().toJson();
    if (value.isUndefined())
        json.remove(member);
    else
        json.insert(member, value);
    QString error;
    QVERIFY(!Ticket::fromJson(json, &error));
    // The reason names the culprit, so a log line points at the broken member.
    QVERIFY2(error.contains(member), qPrintable(error));
}

void TestTicket::enumWireNames_data()
{
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("request types") << requestTypeWireNames()
                                   << QStringList{u"bug"_s, u"question"_s, u"change_request"_s,
                                                  u"billing_question"_s, u"general"_s};
    QTest::newRow("priorities") << priorityWireNames()
                                << QStringList{u"low"_s, u"medium"_s, u"high"_s, u"urgent"_s};
}

void TestTicket::enumWireNames()
{
    QFETCH(QStringList, names);
    QFETCH(QStringList, expected);
    QCOMPARE(names, expected);
    for (const RequestType type : allRequestTypes())
        QCOMPARE(requestTypeFromWire(toWire(type)), type);
    for (const Priority priority : allPriorities())
        QCOMPARE(priorityFromWire(toWire(priority)), priority);
    QCOMPARE(requestTypeFromWire(u"Bug"), std::nullopt);
    QCOMPARE(priorityFromWire(u""), std::nullopt);
}

QTEST_APPLESS_MAIN(TestTicket)
#include "tst_ticket.moc"
