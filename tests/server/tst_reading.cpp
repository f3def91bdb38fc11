// CONTRACT 4.4: listing with filters and cursors, single tickets, events, the changes feed.
#include "serverfixture.h"

#include <QSet>

using namespace Qt::StringLiterals;
using namespace td::test;
namespace data = td::testdata;

class TestReading : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        TD_START_SERVER(m_server);
        m_http.setBaseUrl(m_server.baseUrl());
        const QStringList types{u"bug"_s, u"question"_s, u"change_request"_s};
        const QStringList priorities{u"low"_s, u"medium"_s, u"high"_s, u"urgent"_s};
        for (int i = 0; i < 12; ++i) {
            QJsonObject body = createBody();
            body.insert(u"request_type"_s, types.at(i % 3));
            body.insert(u"priority"_s, priorities.at(i % 4));
            body.insert(u"roles"_s, QJsonArray{u"ios"_s});
            const HttpResult r
                    = m_http.post(createPath(data::MobileProjectId), body, data::SecondClientToken);
            QCOMPARE(r.status, 201);
            m_ids.append(r.json().value(u"id"_s).toString());
        }
        // Every third one triaged.
        for (int i = 0; i < 12; i += 3) {
            QCOMPARE(m_http.post(u"/api/tickets/"_s + m_ids.at(i) + u"/transitions"_s,
                                 {{u"to"_s, u"triaged"_s}}, data::OwnerToken)
                             .status,
                     200);
        }
    }

    void filters_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("count");
        QTest::newRow("all of project") << u"project=%1"_s.arg(data::MobileProjectId) << 12;
        QTest::newRow("lowercase project id")
                << u"project=%1"_s.arg(data::MobileProjectId.toLower()) << 12;
        QTest::newRow("status triaged") << u"status=triaged"_s << 4;
        QTest::newRow("status new,triaged") << u"status=new,triaged"_s << 12;
        QTest::newRow("status closed") << u"status=closed"_s << 0;
        QTest::newRow("bug") << u"request_type=bug"_s << 4;
        QTest::newRow("bug,question") << u"request_type=bug,question"_s << 8;
        QTest::newRow("urgent") << u"priority=urgent"_s << 3;
        QTest::newRow("bug + triaged") << u"request_type=bug&status=triaged"_s << 4;
        QTest::newRow("urgent + question") << u"priority=urgent&request_type=question"_s << 1;
    }
    void filters()
    {
        QFETCH(QString, query);
        QFETCH(int, count);
        // Cora (a client) sees exactly her 12 tickets, so counts are exact.
        const HttpResult r = m_http.get(u"/api/tickets?"_s + query, data::SecondClientToken);
        QCOMPARE(r.status, 200);
        const QJsonArray tickets = r.json().value(u"tickets"_s).toArray();
        QCOMPARE(tickets.size(), count);
        QVERIFY(r.json().value(u"next_cursor"_s).isNull());
    }

    void badFilterValues_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("field");
        QTest::newRow("unknown status") << u"status=done"_s << u"status"_s;
        QTest::newRow("one bad of two") << u"status=new,Done"_s << u"status"_s;
        QTest::newRow("bad type") << u"request_type=feature"_s << u"request_type"_s;
        QTest::newRow("bad priority") << u"priority=asap"_s << u"priority"_s;
        QTest::newRow("limit 0") << u"limit=0"_s << u"limit"_s;
        QTest::newRow("limit 501") << u"limit=501"_s << u"limit"_s;
        QTest::newRow("limit text") << u"limit=ten"_s << u"limit"_s;
        QTest::newRow("bad cursor") << u"cursor=%%%"_s << u"cursor"_s;
        QTest::newRow("forged cursor") << u"cursor=aGVsbG8"_s << u"cursor"_s;
    }
    void badFilterValues()
    {
        QFETCH(QString, query);
        QFETCH(QString, field);
        const HttpResult r = m_http.get(u"/api/tickets?"_s + query, data::OwnerToken);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.code(), u"validation_failed"_s);
        QVERIFY2(r.json().value(u"fieldErrors"_s).toObject().contains(field), r.body.constData());
    }

    void limitBoundsAreAccepted()
    {
        QCOMPARE(m_http.get(u"/api/tickets?limit=1"_s, data::OwnerToken).status, 200);
        QCOMPARE(m_http.get(u"/api/tickets?limit=500"_s, data::OwnerToken).status, 200);
    }

    void pagingVisitsEveryTicketOnceNewestFirst()
    {
        QStringList seen;
        qint64 lastNumber = std::numeric_limits<qint64>::max();
        QString cursor;
        int pages = 0;
        do {
            QString path = u"/api/tickets?limit=5&project="_s + data::MobileProjectId;
            if (!cursor.isEmpty())
                path += u"&cursor="_s + cursor;
            const HttpResult r = m_http.get(path, data::SecondClientToken);
            QCOMPARE(r.status, 200);
            for (const QJsonValue v : r.json().value(u"tickets"_s).toArray()) {
                const qint64 number = v.toObject().value(u"number"_s).toInteger();
                QVERIFY(number < lastNumber);
                lastNumber = number;
                seen.append(v.toObject().value(u"id"_s).toString());
            }
            cursor = r.json().value(u"next_cursor"_s).toString();
            ++pages;
            QVERIFY(pages < 10);
        } while (!cursor.isEmpty());
        QCOMPARE(pages, 3);
        QCOMPARE(seen.size(), 12);
        QCOMPARE(QSet<QString>(seen.begin(), seen.end()),
                 QSet<QString>(m_ids.begin(), m_ids.end()));
        QCOMPARE(seen.first(), m_ids.last()); // newest first
    }

    void eventsAreOldestFirst()
    {
        const HttpResult r = m_http.get(u"/api/tickets/"_s + m_ids.first() + u"/events"_s,
                                        data::SecondClientToken);
        QCOMPARE(r.status, 200);
        const QJsonArray events = r.json().value(u"events"_s).toArray();
        QCOMPARE(events.size(), 2);
        const QJsonObject created = events.at(0).toObject();
        QCOMPARE(created.value(u"type"_s).toString(), u"created"_s);
        QVERIFY(created.value(u"from"_s).isNull());
        QCOMPARE(created.value(u"to"_s).toString(), u"new"_s);
        const QJsonObject changed = events.at(1).toObject();
        QCOMPARE(changed.value(u"type"_s).toString(), u"status_changed"_s);
        QCOMPARE(changed.value(u"from"_s).toString(), u"new"_s);
        QCOMPARE(changed.value(u"to"_s).toString(), u"triaged"_s);
        QCOMPARE(changed.value(u"actor_id"_s).toString(), data::OwnerId);
        QVERIFY(changed.value(u"seq"_s).toInteger() > created.value(u"seq"_s).toInteger());
        for (const QString &key :
             {u"seq"_s, u"type"_s, u"from"_s, u"to"_s, u"actor_id"_s, u"note"_s, u"at"_s})
            QVERIFY2(changed.contains(key), qPrintable(key));
    }

    void unknownTicketIsNotFound()
    {
        QCOMPARE(m_http.get(u"/api/tickets/"_s + QUuid::createUuid().toString(QUuid::WithoutBraces),
                            data::OwnerToken)
                         .status,
                 404);
        QCOMPARE(m_http.get(u"/api/tickets/not-a-uuid/events"_s, data::OwnerToken).status, 404);
    }

    void changesFeedDeliversEachChangeExactlyOnce()
    {
        // A client keeps next_since and polls in small pages while others keep writing:
        // creates and transitions land between its calls.
        qint64 since = 0;
        QSet<QPair<QString, qint64>> seen; // (id, seq) of every delivered change
        QHash<QString, int> lastVersion;
        qint64 lastSeq = 0;
        QStringList created;
        for (int round = 0; round < 40; ++round) {
            if (round % 3 == 0 && round < 30) {
                const HttpResult r = m_http.post(createPath(), createBody(), data::OwnerToken);
                QCOMPARE(r.status, 201);
                created.append(r.json().value(u"id"_s).toString());
            }
            if (round % 4 == 1 && !created.isEmpty()) {
                const QString id = created.at(round % created.size());
                m_http.post(u"/api/tickets/"_s + id + u"/transitions"_s, {{u"to"_s, u"triaged"_s}},
                            data::OwnerToken);
            }
            const HttpResult r
                    = m_http.get(u"/api/changes?limit=3&since=%1"_s.arg(since), data::OwnerToken);
            QCOMPARE(r.status, 200);
            for (const QJsonValue v : r.json().value(u"tickets"_s).toArray()) {
                const QJsonObject t = v.toObject();
                const qint64 seq = t.value(u"seq"_s).toInteger();
                QVERIFY2(seq > lastSeq, "changes come in seq order, never repeated");
                lastSeq = seq;
                const auto key = qMakePair(t.value(u"id"_s).toString(), seq);
                QVERIFY(!seen.contains(key));
                seen.insert(key);
                lastVersion.insert(key.first, t.value(u"version"_s).toInt());
            }
            const qint64 next = r.json().value(u"next_since"_s).toInteger();
            QVERIFY(next >= since);
            since = next;
        }
        // Drain, then the final state of every ticket was delivered.
        for (;;) {
            const HttpResult r = m_http.get(u"/api/changes?limit=1000&since=%1"_s.arg(since),
                                            data::OwnerToken);
            for (const QJsonValue v : r.json().value(u"tickets"_s).toArray()) {
                const QJsonObject t = v.toObject();
                QVERIFY(t.value(u"seq"_s).toInteger() > lastSeq);
                lastSeq = t.value(u"seq"_s).toInteger();
                lastVersion.insert(t.value(u"id"_s).toString(), t.value(u"version"_s).toInt());
            }
            since = r.json().value(u"next_since"_s).toInteger();
            if (!r.json().value(u"has_more"_s).toBool())
                break;
        }
        for (const QString &id : std::as_const(created)) {
            const HttpResult t = m_http.get(u"/api/tickets/"_s + id, data::OwnerToken);
            QCOMPARE(lastVersion.value(id), t.json().value(u"version"_s).toInt());
        }
        // And a fresh client with since=0 gets everything the owner can see.
        const HttpResult all = m_http.get(u"/api/changes?since=0"_s, data::OwnerToken);
        QCOMPARE(all.json().value(u"tickets"_s).toArray().size(), lastVersion.size());
        QCOMPARE(all.json().value(u"has_more"_s).toBool(true), false);
    }

    void changesParameters_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("status");
        QTest::newRow("negative since") << u"since=-1"_s << 400;
        QTest::newRow("text since") << u"since=yesterday"_s << 400;
        QTest::newRow("limit 1001") << u"limit=1001"_s << 400;
        QTest::newRow("future since") << u"since=999999999"_s << 200;
    }
    void changesParameters()
    {
        QFETCH(QString, query);
        QFETCH(int, status);
        const HttpResult r = m_http.get(u"/api/changes?"_s + query, data::OwnerToken);
        QCOMPARE(r.status, status);
        if (status == 200) {
            QCOMPARE(r.json().value(u"tickets"_s).toArray().size(), 0);
            QCOMPARE(r.json().value(u"next_since"_s).toInteger(), 999999999);
        }
    }

private:
    ServerProcess m_server;
    TestHttpClient m_http;
    QStringList m_ids;
};

QTEST_GUILESS_MAIN(TestReading)
#include "tst_reading.moc"
