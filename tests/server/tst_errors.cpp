// CONTRACT 2: every non-2xx answer has the section-2 body; 500 never leaks SQL or internals.
#include "serverfixture.h"

#include "server/apiservice.h"
#include "server/clock.h"
#include "server/storage.h"

using namespace Qt::StringLiterals;
using namespace td::test;
namespace data = td::testdata;

namespace {

// A storage whose database is broken: every call fails with a message full of SQL.
class BrokenStorage final : public td::server::Storage
{
public:
    [[noreturn]] static void fail()
    {
        throw td::server::StorageError(
                "no such table: tickets_secret (SELECT * FROM tickets_secret WHERE id = ?)");
    }
    bool open(QString *) override { return true; }
    void close() override {}
    bool ping() override { return false; }
    void write(const std::function<void(td::server::WriteTransaction &)> &) override { fail(); }
    std::optional<td::server::Caller> callerByTokenHash(const QByteArray &) override { fail(); }
    std::optional<td::server::TenantRecord> tenant(const QString &) override { fail(); }
    std::optional<td::server::ProjectRecord> project(const QString &, const QString &) override
    {
        fail();
    }
    QList<td::server::ProjectRecord> projects(const QString &) override { fail(); }
    std::optional<td::Ticket> ticket(const td::server::Visibility &, const QString &) override
    {
        fail();
    }
    td::server::TicketPage tickets(const td::server::TicketQuery &) override { fail(); }
    td::server::TicketPage changes(const td::server::Visibility &, qint64, int) override { fail(); }
    QList<td::TicketEvent> events(const QString &) override { fail(); }
    td::server::BootstrapReport applyBootstrap(const QList<td::server::BootstrapTenant> &) override
    {
        fail();
    }
    std::optional<td::server::UserRecord> user(const QString &) override { fail(); }
    void addToken(const QString &, const QByteArray &, qint64) override { fail(); }
    bool revokeToken(const QByteArray &, td::server::TokenState, qint64) override { fail(); }
    std::optional<QString> setting(const QString &) override { fail(); }
    void setSetting(const QString &, const QString &) override { fail(); }
    int purgeStoredResponses(qint64, int) override { return 0; }
};

td::http::Request request(const QByteArray &method, const QString &path,
                          const QByteArray &body = {})
{
    td::http::Request r;
    r.method = method;
    r.path = path;
    r.headers = {{"Authorization"_ba, "Bearer tok-olive-4c1f9a7e2b6d"_ba},
                 {"Content-Type"_ba, "application/json"_ba}};
    r.body = body;
    r.remoteAddress = QHostAddress::LocalHost;
    return r;
}

} // namespace

class TestErrors : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        TD_START_SERVER(m_server);
        m_http.setBaseUrl(m_server.baseUrl());
    }

    void validationBodyHasZodIssues()
    {
        // The seed's example issues, produced for real.
        const QJsonObject body{{u"description"_s, u"d"_s},
                               {u"request_type"_s, u"feature"_s},
                               {u"assignee"_s, u"bob"_s},
                               {u"roles"_s, QJsonArray{u"frontend"_s, u"cobol"_s}}};
        const HttpResult r = m_http.post(createPath(), body, data::OwnerToken);
        QCOMPARE(r.status, 400);
        const QJsonObject e = r.json();
        QCOMPARE(e.value(u"error"_s).toString(), u"Validation failed"_s);
        QCOMPARE(e.value(u"code"_s).toString(), u"validation_failed"_s);
        const QJsonObject fields = e.value(u"fieldErrors"_s).toObject();
        QCOMPARE(fields.value(u"title"_s).toString(), u"Required"_s);
        QCOMPARE(fields.value(u"roles.1"_s).toString(), u"Unknown role 'cobol'"_s);
        QVERIFY(fields.value(u"request_type"_s).toString().startsWith(u"Invalid enum value"_s));
        QCOMPARE(fields.size(), 3); // the unrecognized key has an empty path: issues only

        QHash<QString, QJsonObject> byCode;
        for (const QJsonValue v : e.value(u"issues"_s).toArray())
            byCode.insert(v.toObject().value(u"code"_s).toString(), v.toObject());
        QCOMPARE(byCode.value(u"invalid_type"_s), (QJsonObject{{u"code"_s, u"invalid_type"_s},
                                                               {u"expected"_s, u"string"_s},
                                                               {u"received"_s, u"undefined"_s},
                                                               {u"path"_s, QJsonArray{u"title"_s}},
                                                               {u"message"_s, u"Required"_s}}));
        QCOMPARE(
                byCode.value(u"invalid_enum_value"_s),
                (QJsonObject{{u"code"_s, u"invalid_enum_value"_s},
                             {u"options"_s, QJsonArray{u"bug"_s, u"question"_s, u"change_request"_s,
                                                       u"billing_question"_s, u"general"_s}},
                             {u"received"_s, u"feature"_s},
                             {u"path"_s, QJsonArray{u"request_type"_s}},
                             {u"message"_s,
                              u"Invalid enum value. Expected 'bug' | 'question' | "
                              "'change_request' | 'billing_question' | 'general', received "
                              "'feature'"_s}}));
        QCOMPARE(byCode.value(u"unrecognized_keys"_s),
                 (QJsonObject{{u"code"_s, u"unrecognized_keys"_s},
                              {u"keys"_s, QJsonArray{u"assignee"_s}},
                              {u"path"_s, QJsonArray()},
                              {u"message"_s, u"Unrecognized key(s) in object: 'assignee'"_s}}));
    }

    void tooBigIssue()
    {
        QJsonObject body = createBody();
        body.insert(u"title"_s, QString(201, u't'));
        const HttpResult r = m_http.post(createPath(), body, data::OwnerToken);
        QCOMPARE(r.json().value(u"issues"_s).toArray().first().toObject(),
                 (QJsonObject{{u"code"_s, u"too_big"_s},
                              {u"maximum"_s, 200},
                              {u"type"_s, u"string"_s},
                              {u"inclusive"_s, true},
                              {u"exact"_s, false},
                              {u"path"_s, QJsonArray{u"title"_s}},
                              {u"message"_s, u"String must contain at most 200 character(s)"_s}}));
    }

    void everyErrorHasMessageAndCode_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("token");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("401") << "GET"_ba << u"/api/me"_s << QString() << 401
                             << u"unauthenticated"_s;
        QTest::newRow("403") << "POST"_ba << createPath(data::MobileProjectId) << data::ClientToken
                             << 403 << u"forbidden"_s;
        QTest::newRow("404") << "GET"_ba << u"/nope"_s << data::OwnerToken << 404 << u"not_found"_s;
        QTest::newRow("405") << "PATCH"_ba << u"/api/tickets"_s << data::OwnerToken << 405
                             << u"method_not_allowed"_s;
    }
    void everyErrorHasMessageAndCode()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QString, token);
        QFETCH(int, status);
        QFETCH(QString, code);
        const HttpResult r
                = m_http.send({method,
                               path,
                               QJsonDocument(createBody()).toJson(QJsonDocument::Compact),
                               token,
                               {}});
        QCOMPARE(r.status, status);
        QCOMPARE(r.code(), code);
        QVERIFY(!r.json().value(u"error"_s).toString().isEmpty());
        QVERIFY(!r.json().contains(u"issues"_s));
    }

    // A broken database answers 500 internal, never with its SQL.
    void brokenStorageIsInternalWithoutDetails_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QJsonObject>("expected");
        const QJsonObject internal{{u"error"_s, u"Internal server error"_s},
                                   {u"code"_s, u"internal"_s}};
        QTest::newRow("me") << "GET"_ba << u"/api/me"_s << internal;
        QTest::newRow("create") << "POST"_ba << createPath() << internal;
        QTest::newRow("capability") << "POST"_ba << capabilityPath()
                                    << QJsonObject{{u"ok"_s, false}, {u"code"_s, u"internal"_s}};
    }
    void brokenStorageIsInternalWithoutDetails()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QJsonObject, expected);
        BrokenStorage storage;
        td::server::SystemClock clock;
        td::server::ApiService service(storage, clock);
        const td::http::Response r = service.handle(request(
                method, path, QJsonDocument(capabilityBody()).toJson(QJsonDocument::Compact)));
        QCOMPARE(r.status, 500);
        QCOMPARE(QJsonDocument::fromJson(r.body).object(), expected);
        QVERIFY(!r.body.contains("SELECT"));
        QVERIFY(!r.body.contains("secret"));
    }

    void brokenStorageMakesHealthUnavailable()
    {
        BrokenStorage storage;
        td::server::SystemClock clock;
        td::server::ApiService service(storage, clock);
        const td::http::Response r = service.handle(request("GET"_ba, u"/healthz"_s));
        QCOMPARE(r.status, 503);
        QCOMPARE(QJsonDocument::fromJson(r.body).object(), (QJsonObject{{u"ok"_s, false}}));
    }

private:
    ServerProcess m_server;
    TestHttpClient m_http;
};

QTEST_GUILESS_MAIN(TestErrors)
#include "tst_errors.moc"
