// CONTRACT 1: JSON in and out, media types, times, ids, unknown routes, size limits.
#include "serverfixture.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;
using namespace td::test;
namespace data = td::testdata;

class TestConventions : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        TD_START_SERVER(m_server);
        m_http.setBaseUrl(m_server.baseUrl());
    }

    void answersAreJson_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("token");
        QTest::addColumn<int>("status");
        QTest::newRow("health") << u"/healthz"_s << QString() << 200;
        QTest::newRow("me") << u"/api/me"_s << data::OwnerToken << 200;
        QTest::newRow("unauthenticated") << u"/api/me"_s << QString() << 401;
        QTest::newRow("unknown route") << u"/api/nothing-here"_s << data::OwnerToken << 404;
        QTest::newRow("openapi") << u"/api/openapi.json"_s << QString() << 200;
    }
    void answersAreJson()
    {
        QFETCH(QString, path);
        QFETCH(QString, token);
        QFETCH(int, status);
        const HttpResult r = m_http.get(path, token);
        QCOMPARE(r.status, status);
        QVERIFY2(r.header("content-type").startsWith("application/json"),
                 r.header("content-type").constData());
        QVERIFY2(r.doc.isObject(), r.body.constData());
    }

    void unknownRouteIsNotFound()
    {
        const HttpResult r = m_http.get(u"/api/tickets/abc/nope"_s, data::OwnerToken);
        QCOMPARE(r.status, 404);
        QCOMPARE(r.code(), u"not_found"_s);
        QVERIFY(r.json().contains(u"error"_s));
    }

    void wrongMethodIsMethodNotAllowedWithAllow_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("allow");
        QTest::newRow("DELETE ticket") << "DELETE"_ba << u"/api/tickets/x"_s << "GET"_ba;
        QTest::newRow("GET create") << "GET"_ba << createPath() << "POST"_ba;
        QTest::newRow("PUT me") << "PUT"_ba << u"/api/me"_s << "GET"_ba;
        QTest::newRow("POST changes") << "POST"_ba << u"/api/changes"_s << "GET"_ba;
        QTest::newRow("POST healthz") << "POST"_ba << u"/healthz"_s << "GET"_ba;
    }
    void wrongMethodIsMethodNotAllowedWithAllow()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, allow);
        const HttpResult r = m_http.send({method, path, "{}"_ba, data::OwnerToken, {}});
        QCOMPARE(r.status, 405);
        QCOMPARE(r.code(), u"method_not_allowed"_s);
        QCOMPARE(r.header("allow"), allow);
    }

    void otherMediaTypeIsUnsupported_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::newRow("text/plain") << "text/plain"_ba;
        QTest::newRow("form") << "application/x-www-form-urlencoded"_ba;
        QTest::newRow("latin1 json") << "application/json; charset=iso-8859-1"_ba;
        QTest::newRow("none") << QByteArray();
    }
    void otherMediaTypeIsUnsupported()
    {
        QFETCH(QByteArray, contentType);
        const QByteArray body = QJsonDocument(createBody()).toJson(QJsonDocument::Compact);
        HeaderList headers;
        if (!contentType.isEmpty())
            headers.append({"Content-Type"_ba, contentType});
        else
            headers.append({"Content-Type"_ba, ""_ba});
        const HttpResult r
                = m_http.send({"POST"_ba, createPath(), body, data::OwnerToken, headers});
        QCOMPARE(r.status, 415);
        QCOMPARE(r.code(), u"unsupported_media_type"_s);
    }

    void jsonWithCharsetIsAccepted()
    {
        const HttpResult r = m_http.postRaw(
                createPath(), QJsonDocument(createBody()).toJson(QJsonDocument::Compact),
                "Application/JSON; charset=UTF-8"_ba, data::OwnerToken);
        QCOMPARE(r.status, 201);
    }

    void bodyThatIsNotAnObjectIsInvalidJson_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("malformed") << "{\"title\": "_ba;
        QTest::newRow("array") << "[1,2]"_ba;
        QTest::newRow("string") << "\"hello\""_ba;
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("trailing garbage") << "{} x"_ba;
        QTest::newRow("33 deep") << QByteArray("{\"evidence\":" + QByteArray(32, '[')
                                               + QByteArray(32, ']') + "}");
    }
    void bodyThatIsNotAnObjectIsInvalidJson()
    {
        QFETCH(QByteArray, body);
        const HttpResult r
                = m_http.postRaw(createPath(), body, "application/json"_ba, data::OwnerToken);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.code(), u"invalid_json"_s);
    }

    void nestingOf32IsAccepted()
    {
        // 31 levels inside evidence + the body object itself = 32.
        QByteArray nested = "{\"x\":1}";
        for (int i = 0; i < 30; ++i)
            nested = "{\"x\":" + nested + "}";
        QJsonObject body = createBody();
        const QByteArray raw = QJsonDocument(body).toJson(QJsonDocument::Compact);
        const QByteArray withEvidence = raw.left(raw.size() - 1) + ",\"evidence\":" + nested + "}";
        const HttpResult r = m_http.postRaw(createPath(), withEvidence, "application/json"_ba,
                                            data::OwnerToken);
        QCOMPARE(r.status, 201);
    }

    void timesAreRfc3339UtcWithMilliseconds()
    {
        const HttpResult r = m_http.post(createPath(), createBody(), data::OwnerToken);
        QCOMPARE(r.status, 201);
        static const QRegularExpression rfc3339(
                u"^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$"_s);
        for (const QString &key : {u"created_at"_s, u"updated_at"_s})
            QVERIFY2(rfc3339.match(r.json().value(key).toString()).hasMatch(), qPrintable(key));
        // And close to now: the server's clock, not a default.
        const QDateTime created = QDateTime::fromString(r.json().value(u"created_at"_s).toString(),
                                                        Qt::ISODateWithMs);
        QVERIFY(qAbs(created.secsTo(QDateTime::currentDateTimeUtc())) < 60);
    }

    void projectIdMatchesCaseInsensitivelyAndIsReturnedAsStored()
    {
        const HttpResult r = m_http.post(createPath(data::WebProjectId.toLower()), createBody(),
                                         data::OwnerToken);
        QCOMPARE(r.status, 201);
        QCOMPARE(r.json().value(u"project_id"_s).toString(), data::WebProjectId);
        // Ticket ids are UUIDs, numbers are positive and increase.
        QVERIFY(!QUuid::fromString(r.json().value(u"id"_s).toString()).isNull());
        const qint64 first = r.json().value(u"number"_s).toInteger();
        const HttpResult second = m_http.post(createPath(), createBody(), data::OwnerToken);
        QVERIFY(first > 0);
        QVERIFY(second.json().value(u"number"_s).toInteger() > first);
    }

    void oversizedBodyIsRefusedBeforeParsing()
    {
        QJsonObject body = createBody();
        body.insert(u"description"_s, QString(300 * 1024, u'x'));
        const HttpResult r = m_http.post(createPath(), body, data::OwnerToken);
        QCOMPARE(r.status, 413);
        QCOMPARE(r.code(), u"payload_too_large"_s);
    }

    void oversizedHeadersAreRefused()
    {
        const HttpResult r = m_http.get(u"/api/me"_s, data::OwnerToken,
                                        {{"X-Padding"_ba, QByteArray(20 * 1024, 'a')}});
        QCOMPARE(r.status, 431);
        QCOMPARE(r.code(), u"headers_too_large"_s);
    }

    void healthNeedsNoToken()
    {
        const HttpResult r = m_http.get(u"/healthz"_s);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json(), (QJsonObject{{u"ok"_s, true}}));
    }

    void openApiDescribesEveryEndpoint()
    {
        const HttpResult r = m_http.get(u"/api/openapi.json"_s);
        QCOMPARE(r.status, 200);
        QVERIFY(r.json().value(u"openapi"_s).toString().startsWith(u"3.1"_s));
        const QJsonObject paths = r.json().value(u"paths"_s).toObject();
        for (const QString &path :
             {u"/healthz"_s, u"/api/me"_s, u"/api/projects/{projectUuid}/tickets"_s,
              u"/api/tenants/{tenant}/capabilities/projects.create_ticket"_s, u"/api/tickets"_s,
              u"/api/tickets/{id}"_s, u"/api/tickets/{id}/events"_s,
              u"/api/tickets/{id}/transitions"_s, u"/api/changes"_s, u"/api/openapi.json"_s})
            QVERIFY2(paths.contains(path), qPrintable(path));
    }

private:
    ServerProcess m_server;
    TestHttpClient m_http;
};

QTEST_GUILESS_MAIN(TestConventions)
#include "tst_conventions.moc"
