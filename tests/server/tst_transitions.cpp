// CONTRACT 4.5: the status workflow over HTTP, every pair of statuses, strict bodies and
// Idempotency-Key (v1.1).
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
        m_server.useTestClock();
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
        QTest::newRow("unknown key") << QJsonObject{{u"to"_s, u"in_progress"_s}, {u"foo"_s, 1}};
    }
    void badBodies()
    {
        QFETCH(QJsonObject, body);
        const HttpResult r = transition(newTicket(), body);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.code(), u"validation_failed"_s);
    }

    // v1.1: `{"to":"triaged","foo":1}` used to be applied; an unknown member is refused the way
    // creates refuse one, and the ticket stays as it was.
    void unknownKeysAreRefused()
    {
        const QString id = newTicket();
        const HttpResult r = transition(
                id, {{u"to"_s, u"triaged"_s}, {u"expectedVersion"_s, 7}, {u"foo"_s, 1}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.code(), u"validation_failed"_s);
        const QJsonArray issues = r.json().value(u"issues"_s).toArray();
        QCOMPARE(issues.size(), 1);
        const QJsonObject issue = issues.first().toObject();
        QCOMPARE(issue.value(u"code"_s).toString(), u"unrecognized_keys"_s);
        QCOMPARE(issue.value(u"keys"_s).toArray(), (QJsonArray{u"expectedVersion"_s, u"foo"_s}));
        QCOMPARE(issue.value(u"path"_s).toArray(), QJsonArray());
        const HttpResult after = m_http.get(u"/api/tickets/"_s + id, data::OwnerToken);
        QCOMPARE(after.json().value(u"status"_s).toString(), u"new"_s);
        QCOMPARE(after.json().value(u"version"_s).toInt(), 1);
    }

    // A retry after a lost answer replays the first 200 (same body, Idempotent-Replayed)
    // instead of meeting its own change as a version_conflict, for 24 h.
    void retryWithTheSameKeyReplaysTheFirstAnswer()
    {
        const QString id = newTicket();
        const HeaderList key{{"Idempotency-Key"_ba, QUuid::createUuid().toByteArray()}};
        const QJsonObject body{{u"to"_s, u"triaged"_s}, {u"expected_version"_s, 1}};
        const HttpResult first = transition(id, body, key);
        QCOMPARE(first.status, 200);
        QVERIFY(!first.hasHeader("idempotent-replayed"));
        QCOMPARE(first.json().value(u"version"_s).toInt(), 2);

        const HttpResult again = transition(id, body, key);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.header("idempotent-replayed"), "true"_ba);
        QCOMPARE(again.body, first.body);
        // Without the key the same retry is the conflict it always was.
        QCOMPARE(transition(id, body).code(), u"version_conflict"_s);

        // However late within 24 h, and the ticket moved only once.
        m_server.advanceClock(23LL * 3600 * 1000);
        const HttpResult late = transition(id, body, key);
        QCOMPARE(late.status, 200);
        QCOMPARE(late.body, first.body);
        QCOMPARE(eventCount(id), 2);

        // After 24 h the key is forgotten and the request is judged anew.
        m_server.advanceClock(2LL * 3600 * 1000);
        const HttpResult expired = transition(id, body, key);
        QCOMPARE(expired.status, 409);
        QCOMPARE(expired.code(), u"version_conflict"_s);
        QVERIFY(!expired.hasHeader("idempotent-replayed"));
    }

    void sameKeyForAnotherRequestIs422_data()
    {
        QTest::addColumn<bool>("otherTicket");
        QTest::newRow("other body") << false;
        QTest::newRow("other ticket") << true;
    }
    void sameKeyForAnotherRequestIs422()
    {
        QFETCH(bool, otherTicket);
        const QString id = newTicket();
        const HeaderList key{{"Idempotency-Key"_ba, QUuid::createUuid().toByteArray()}};
        QCOMPARE(transition(id, {{u"to"_s, u"triaged"_s}}, key).status, 200);
        const HttpResult reused = otherTicket
                                          ? transition(newTicket(), {{u"to"_s, u"triaged"_s}}, key)
                                          : transition(id, {{u"to"_s, u"in_progress"_s}}, key);
        QCOMPARE(reused.status, 422);
        QCOMPARE(reused.code(), u"idempotency_key_reused"_s);
        QCOMPARE(eventCount(id), 2);
    }

    // A refusal is not kept: after a 409 the same key may carry the corrected request.
    void onlySuccessIsKept()
    {
        const QString id = newTicket();
        const HeaderList key{{"Idempotency-Key"_ba, QUuid::createUuid().toByteArray()}};
        QCOMPARE(transition(id, {{u"to"_s, u"in_progress"_s}}, key).status, 409);
        const HttpResult fixed = transition(id, {{u"to"_s, u"triaged"_s}}, key);
        QCOMPARE(fixed.status, 200);
        QVERIFY(!fixed.hasHeader("idempotent-replayed"));
    }

    // Ten copies of one request sent at once (a client retrying over several connections):
    // one transition happens, and every copy gets its 200.
    void concurrentRetriesMoveTheTicketOnce()
    {
        const QString id = newTicket();
        const QByteArray body = R"({"to":"triaged","expected_version":1})"_ba;
        const HeaderList key{{"Idempotency-Key"_ba, QUuid::createUuid().toByteArray()}};
        QList<HttpRequestSpec> specs;
        for (int i = 0; i < 10; ++i)
            specs.append({"POST"_ba, u"/api/tickets/"_s + id + u"/transitions"_s, body,
                          data::OwnerToken, key});
        const QList<HttpResult> results = m_http.sendParallel(specs);
        int replayed = 0;
        for (const HttpResult &r : results) {
            QVERIFY2(r.status == 200, r.body.constData());
            QCOMPARE(r.json().value(u"version"_s).toInt(), 2);
            replayed += r.hasHeader("idempotent-replayed");
        }
        QCOMPARE(replayed, 9);
        QCOMPARE(eventCount(id), 2);
    }

    // The published description says the same as the server does (v1.1), so a client
    // generated from it sends the key and no extra members.
    void openApiDescribesKeyAndStrictBody()
    {
        const QJsonObject doc = m_http.get(u"/api/openapi.json"_s).json();
        const QJsonObject post = doc.value(u"paths"_s)
                                         .toObject()
                                         .value(u"/api/tickets/{id}/transitions"_s)
                                         .toObject()
                                         .value(u"post"_s)
                                         .toObject();
        bool hasKey = false;
        for (const QJsonValue p : post.value(u"parameters"_s).toArray())
            hasKey = hasKey || p.toObject().value(u"name"_s).toString() == u"Idempotency-Key"_s;
        QVERIFY(hasKey);
        QVERIFY(post.value(u"responses"_s).toObject().contains(u"422"_s));
        const QJsonObject schema = doc.value(u"components"_s)
                                           .toObject()
                                           .value(u"schemas"_s)
                                           .toObject()
                                           .value(u"Transition"_s)
                                           .toObject();
        QCOMPARE(schema.value(u"additionalProperties"_s), QJsonValue(false));
    }

private:
    int eventCount(const QString &id)
    {
        return m_http.get(u"/api/tickets/"_s + id + u"/events"_s, data::OwnerToken)
                .json()
                .value(u"events"_s)
                .toArray()
                .size();
    }

    QString newTicket()
    {
        const HttpResult r = m_http.post(createPath(), createBody(), data::OwnerToken);
        return r.json().value(u"id"_s).toString();
    }
    HttpResult transition(const QString &id, const QJsonObject &body,
                          const HeaderList &headers = {})
    {
        return m_http.post(u"/api/tickets/"_s + id + u"/transitions"_s, body, data::OwnerToken,
                           headers);
    }

    ServerProcess m_server;
    TestHttpClient m_http;
};

QTEST_GUILESS_MAIN(TestTransitions)
#include "tst_transitions.moc"
