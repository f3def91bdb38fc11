// CONTRACT 4.5: the status workflow over HTTP, every pair of statuses.
#include "serverfixture.h"

using namespace Qt::StringLiterals;
using namespace td::test;
namespace data = td::testdata;

class TestTransitions : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        TD_START_SERVER(m_server);
        m_http.setBaseUrl(m_server.baseUrl());
    }

    void table_data()
    {
        QTest::addColumn<QStringList>("path"); // statuses to walk through first (with notes)
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("note");
        QTest::addColumn<int>("status");
        QTest::addColumn<QStringList>("allowed"); // for 409
        QTest::addColumn<bool>("noteError");
        const QStringList fromNew{u"triaged"_s, u"closed"_s};
        const QStringList fromTriaged{u"in_progress"_s, u"closed"_s};
        const QStringList fromProgress{u"closed"_s};
        QTest::newRow("new->triaged")
                << QStringList() << u"triaged"_s << QString() << 200 << QStringList() << false;
        QTest::newRow("new->in_progress")
                << QStringList() << u"in_progress"_s << QString() << 409 << fromNew << false;
        QTest::newRow("new->closed no note")
                << QStringList() << u"closed"_s << QString() << 409 << fromNew << true;
        QTest::newRow("new->closed blank note")
                << QStringList() << u"closed"_s << u"   "_s << 409 << fromNew << true;
        QTest::newRow("new->closed with note")
                << QStringList() << u"closed"_s << u"Spam"_s << 200 << QStringList() << false;
        QTest::newRow("new->new") << QStringList() << u"new"_s << QString() << 409 << fromNew
                                  << false;
        QTest::newRow("triaged->in_progress") << QStringList{u"triaged"_s} << u"in_progress"_s
                                              << QString() << 200 << QStringList() << false;
        QTest::newRow("triaged->new") << QStringList{u"triaged"_s} << u"new"_s << QString() << 409
                                      << fromTriaged << false;
        QTest::newRow("triaged->closed no note") << QStringList{u"triaged"_s} << u"closed"_s
                                                 << QString() << 409 << fromTriaged << true;
        QTest::newRow("triaged->closed with note")
                << QStringList{u"triaged"_s} << u"closed"_s << u"Duplicate of #3"_s << 200
                << QStringList() << false;
        QTest::newRow("in_progress->closed")
                << QStringList{u"triaged"_s, u"in_progress"_s} << u"closed"_s << QString() << 200
                << QStringList() << false;
        QTest::newRow("in_progress->triaged")
                << QStringList{u"triaged"_s, u"in_progress"_s} << u"triaged"_s << QString() << 409
                << fromProgress << false;
        QTest::newRow("closed is final")
                << QStringList{u"triaged"_s, u"in_progress"_s, u"closed"_s} << u"in_progress"_s
                << QString() << 409 << QStringList() << false;
    }
    void table()
    {
        QFETCH(QStringList, path);
        QFETCH(QString, to);
        QFETCH(QString, note);
        QFETCH(int, status);
        QFETCH(QStringList, allowed);
        QFETCH(bool, noteError);
        const QString id = newTicket();
        int version = 1;
        for (const QString &step : std::as_const(path)) {
            const HttpResult r = transition(id, {{u"to"_s, step}});
            QCOMPARE(r.status, 200);
            ++version;
        }
        QJsonObject body{{u"to"_s, to}};
        if (!note.isNull())
            body.insert(u"note"_s, note);
        const HttpResult before = m_http.get(u"/api/tickets/"_s + id, data::OwnerToken);
        const HttpResult r = transition(id, body);
        QCOMPARE(r.status, status);
        if (status == 200) {
            QCOMPARE(r.json().value(u"status"_s).toString(), to);
            QCOMPARE(r.json().value(u"version"_s).toInt(), version + 1);
            QVERIFY(r.json().value(u"seq"_s).toInteger()
                    > before.json().value(u"seq"_s).toInteger());
            const HttpResult events
                    = m_http.get(u"/api/tickets/"_s + id + u"/events"_s, data::OwnerToken);
            const QJsonArray list = events.json().value(u"events"_s).toArray();
            QCOMPARE(list.size(), path.size() + 2);
            const QJsonObject last = list.last().toObject();
            QCOMPARE(last.value(u"type"_s).toString(), u"status_changed"_s);
            QCOMPARE(last.value(u"to"_s).toString(), to);
            QCOMPARE(last.value(u"actor_id"_s).toString(), data::OwnerId);
            QCOMPARE(last.value(u"seq"_s), r.json().value(u"seq"_s));
        } else {
            QCOMPARE(r.code(), u"invalid_transition"_s);
            QStringList got;
            for (const QJsonValue v : r.json().value(u"allowed"_s).toArray())
                got.append(v.toString());
            QCOMPARE(got, allowed);
            QCOMPARE(r.json().value(u"fieldErrors"_s).toObject().contains(u"note"_s), noteError);
            // A refusal changes nothing.
            const HttpResult after = m_http.get(u"/api/tickets/"_s + id, data::OwnerToken);
            QCOMPARE(after.json(), before.json());
        }
    }

    void staleVersionIsAConflictWithTheCurrentTicket()
    {
        const QString id = newTicket();
        QCOMPARE(transition(id, {{u"to"_s, u"triaged"_s}, {u"expected_version"_s, 1}}).status, 200);
        const HttpResult r
                = transition(id, {{u"to"_s, u"in_progress"_s}, {u"expected_version"_s, 1}});
        QCOMPARE(r.status, 409);
        QCOMPARE(r.code(), u"version_conflict"_s);
        const QJsonObject ticket = r.json().value(u"ticket"_s).toObject();
        QCOMPARE(ticket.value(u"status"_s).toString(), u"triaged"_s);
        QCOMPARE(ticket.value(u"version"_s).toInt(), 2);
        QCOMPARE(transition(id, {{u"to"_s, u"in_progress"_s}, {u"expected_version"_s, 2}}).status,
                 200);
    }

    void onlyOwnersOfTheProjectMayTransition_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<int>("status");
        QTest::newRow("requesting client") << data::ClientToken << 403;
        QTest::newRow("other client") << data::SecondClientToken << 404;
        QTest::newRow("bot") << data::BotToken << 404;
        QTest::newRow("owner of other project") << data::MobileOwnerToken << 404;
        QTest::newRow("other tenant owner") << data::OtherOwnerToken << 404;
        QTest::newRow("owner") << data::OwnerToken << 200;
    }
    void onlyOwnersOfTheProjectMayTransition()
    {
        QFETCH(QString, token);
        QFETCH(int, status);
        const HttpResult created = m_http.post(createPath(), createBody(), data::ClientToken);
        QCOMPARE(created.status, 201);
        const QString id = created.json().value(u"id"_s).toString();
        const HttpResult r = m_http.post(u"/api/tickets/"_s + id + u"/transitions"_s,
                                         {{u"to"_s, u"triaged"_s}}, token);
        QCOMPARE(r.status, status);
    }

    void badBodies_data()
    {
        QTest::addColumn<QJsonObject>("body");
        QTest::newRow("no to") << QJsonObject{{u"note"_s, u"x"_s}};
        QTest::newRow("unknown status") << QJsonObject{{u"to"_s, u"done"_s}};
        QTest::newRow("long note")
                << QJsonObject{{u"to"_s, u"closed"_s}, {u"note"_s, QString(2001, u'n')}};
        QTest::newRow("version string")
                << QJsonObject{{u"to"_s, u"triaged"_s}, {u"expected_version"_s, u"1"_s}};
        QTest::newRow("version 0")
                << QJsonObject{{u"to"_s, u"triaged"_s}, {u"expected_version"_s, 0}};
    }
    void badBodies()
    {
        QFETCH(QJsonObject, body);
        const HttpResult r = transition(newTicket(), body);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.code(), u"validation_failed"_s);
    }

private:
    QString newTicket()
    {
        const HttpResult r = m_http.post(createPath(), createBody(), data::OwnerToken);
        return r.json().value(u"id"_s).toString();
    }
    HttpResult transition(const QString &id, const QJsonObject &body)
    {
        return m_http.post(u"/api/tickets/"_s + id + u"/transitions"_s, body, data::OwnerToken);
    }

    ServerProcess m_server;
    TestHttpClient m_http;
};

QTEST_GUILESS_MAIN(TestTransitions)
#include "tst_transitions.moc"
