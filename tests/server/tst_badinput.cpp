// Hostile bytes in every field: invalid UTF-8, NUL, control characters, lone surrogates, huge
// numbers, wrong types. Each gets a 4xx (or is stored exactly), never a 500 or a crash.
#include "serverfixture.h"

using namespace Qt::StringLiterals;
using namespace td::test;
namespace data = td::testdata;

namespace {

const QStringList createFields{u"title"_s,
                               u"description"_s,
                               u"request_type"_s,
                               u"roles"_s,
                               u"priority"_s,
                               u"blocking"_s,
                               u"evidence"_s,
                               u"suggested_resolution"_s,
                               u"implementation_notes"_s,
                               u"actor_role"_s,
                               u"actor_id"_s,
                               u"source"_s};
// Fields that take free text, where an escaped NUL is legal JSON and must survive as is.
const QStringList freeText{
        u"title"_s,      u"description"_s, u"suggested_resolution"_s, u"implementation_notes"_s,
        u"actor_role"_s, u"source"_s};

QByteArray validRaw(const QString &field)
{
    if (field == u"title")
        return "\"" + uniqueTitle().toUtf8() + "\"";
    if (field == u"request_type")
        return "\"bug\"";
    if (field == u"roles")
        return "[\"frontend\"]";
    if (field == u"priority")
        return "\"low\"";
    if (field == u"blocking")
        return "false";
    if (field == u"evidence")
        return "{}";
    if (field == u"actor_id")
        return "\"u-olive\"";
    return "\"text\"";
}

// A create body with every field valid except `field`, whose JSON is `raw` byte for byte.
QByteArray bodyWith(const QString &field, const QByteArray &raw)
{
    QByteArray body = "{";
    for (const QString &f : createFields) {
        if (body.size() > 1)
            body += ',';
        body += "\"" + f.toUtf8() + "\":" + (f == field ? raw : validRaw(f));
    }
    return body + "}";
}

} // namespace

class TestBadInput : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_server.setExtraServeArgs({u"--create-rate"_s, u"0"_s, u"--request-rate"_s, u"0"_s});
        TD_START_SERVER(m_server);
        m_http.setBaseUrl(m_server.baseUrl());
    }
    void cleanupTestCase()
    {
        // After all of it, the server still answers.
        QCOMPARE(m_http.get(u"/healthz"_s).status, 200);
    }

    void createFieldRejectsBadBytes_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QString>("code");
        for (const QString &field : createFields) {
            const QByteArray f = field.toUtf8();
            QTest::addRow("%s: invalid UTF-8", f.constData())
                    << field << "\"ab\xff\xfe\""_ba << u"invalid_json"_s;
            QTest::addRow("%s: truncated UTF-8", f.constData())
                    << field << "\"caf\xc3\""_ba << u"invalid_json"_s;
            QTest::addRow("%s: overlong UTF-8", f.constData())
                    << field << "\"\xc0\xaf\""_ba << u"invalid_json"_s;
            QTest::addRow("%s: raw NUL", f.constData())
                    << field << "\"a\0b\""_ba << u"invalid_json"_s;
            QTest::addRow("%s: raw newline", f.constData())
                    << field << "\"a\nb\""_ba << u"invalid_json"_s;
            QTest::addRow("%s: lone surrogate", f.constData())
                    << field << "\"\\ud800x\""_ba << u"invalid_json"_s;
            QTest::addRow("%s: 1e400", f.constData()) << field << "1e400"_ba << u"invalid_json"_s;
            QTest::addRow("%s: 30-digit number", f.constData())
                    << field << "123456789012345678901234567890"_ba << u"validation_failed"_s;
            QTest::addRow("%s: null", f.constData())
                    << field << "null"_ba << u"validation_failed"_s;
            const QByteArray wrong = field == u"roles"      ? "\"frontend\""_ba
                                     : field == u"blocking" ? "\"yes\""_ba
                                     : field == u"evidence" ? "[1]"_ba
                                                            : "{\"x\":1}"_ba;
            QTest::addRow("%s: wrong type", f.constData())
                    << field << wrong << u"validation_failed"_s;
        }
    }
    void createFieldRejectsBadBytes()
    {
        QFETCH(QString, field);
        QFETCH(QByteArray, raw);
        QFETCH(QString, code);
        const HttpResult r = m_http.postRaw(createPath(), bodyWith(field, raw),
                                            "application/json"_ba, data::OwnerToken);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.code(), code);
        if (code == u"validation_failed")
            QVERIFY2(r.json().value(u"fieldErrors"_s).toObject().contains(field),
                     r.body.constData());
    }

    void escapedNulAndUnicodeSurviveExactly_data()
    {
        QTest::addColumn<QString>("field");
        for (const QString &field : freeText)
            QTest::newRow(field.toUtf8().constData()) << field;
    }
    void escapedNulAndUnicodeSurviveExactly()
    {
        QFETCH(QString, field);
        const QString value = (field == u"title" ? uniqueTitle() : u"x"_s)
                              + QString(u"\0 é 日本 🎫 \"q\" \\ end"_s.data(), 20);
        const QByteArray raw
                = QJsonDocument(QJsonObject{{u"v"_s, value}}).toJson(QJsonDocument::Compact).mid(5);
        const QByteArray body = bodyWith(field, raw.left(raw.size() - 1));
        const HttpResult r
                = m_http.postRaw(createPath(), body, "application/json"_ba, data::OwnerToken);
        QCOMPARE(r.status, 201);
        const HttpResult back = m_http.get(u"/api/tickets/"_s + r.json().value(u"id"_s).toString(),
                                           data::OwnerToken);
        QCOMPARE(back.json().value(field).toString(), value);
        QVERIFY(back.json().value(field).toString().contains(QChar(u'\0')));
    }

    void capabilityFieldsRejectBadBytes_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QByteArray>("raw");
        for (const char *field : {"requester_name", "requester_email", "kind", "subject", "body",
                                  "project_id", "agent_vendor"}) {
            QTest::addRow("%s: invalid UTF-8", field)
                    << QString::fromLatin1(field) << "\"\xff\""_ba;
            QTest::addRow("%s: number", field) << QString::fromLatin1(field) << "1e308"_ba;
            QTest::addRow("%s: array", field) << QString::fromLatin1(field) << "[]"_ba;
        }
    }
    void capabilityFieldsRejectBadBytes()
    {
        QFETCH(QString, field);
        QFETCH(QByteArray, raw);
        QJsonObject valid = capabilityBody();
        valid.insert(field, u"PLACEHOLDER"_s);
        QByteArray body = QJsonDocument(valid).toJson(QJsonDocument::Compact);
        body.replace("\"PLACEHOLDER\"", raw);
        const HttpResult r = m_http.postRaw(capabilityPath(), body, "application/json"_ba);
        QCOMPARE(r.status, 400);
        const QString error = r.json().value(u"error"_s).toString();
        QVERIFY2(error == u"invalid_input" || error == u"invalid_email", r.body.constData());
        QCOMPARE(r.json().value(u"ok"_s).toBool(true), false);
    }

    void transitionFieldsRejectBadBytes_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("code");
        QTest::newRow("to invalid UTF-8") << "{\"to\":\"tri\xff\"}"_ba << u"invalid_json"_s;
        QTest::newRow("to NUL") << "{\"to\":\"triaged\\u0000\"}"_ba << u"validation_failed"_s;
        QTest::newRow("note raw NUL")
                << "{\"to\":\"closed\",\"note\":\"a\0\"}"_ba << u"invalid_json"_s;
        QTest::newRow("version 1e400")
                << "{\"to\":\"triaged\",\"expected_version\":1e400}"_ba << u"invalid_json"_s;
        QTest::newRow("version 1e300")
                << "{\"to\":\"triaged\",\"expected_version\":1e300}"_ba << u"validation_failed"_s;
        QTest::newRow("version 1.5")
                << "{\"to\":\"triaged\",\"expected_version\":1.5}"_ba << u"validation_failed"_s;
        QTest::newRow("version -1")
                << "{\"to\":\"triaged\",\"expected_version\":-1}"_ba << u"validation_failed"_s;
        QTest::newRow("to number") << "{\"to\":3}"_ba << u"validation_failed"_s;
    }
    void transitionFieldsRejectBadBytes()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, code);
        const HttpResult created = m_http.post(createPath(), createBody(), data::OwnerToken);
        const QString id = created.json().value(u"id"_s).toString();
        const HttpResult r = m_http.postRaw(u"/api/tickets/"_s + id + u"/transitions"_s, body,
                                            "application/json"_ba, data::OwnerToken);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.code(), code);
    }

    void badBytesInPathsAndQueries_data()
    {
        QTest::addColumn<QString>("pathAndQuery");
        QTest::addColumn<int>("status");
        QTest::newRow("ticket id %FF") << u"/api/tickets/%FF%FE"_s << 404;
        QTest::newRow("ticket id NUL") << u"/api/tickets/ab%00cd"_s << 404;
        QTest::newRow("ticket id huge") << u"/api/tickets/"_s + QString(4000, u'9') << 404;
        QTest::newRow("status %FF") << u"/api/tickets?status=%FF"_s << 400;
        QTest::newRow("limit huge") << u"/api/tickets?limit=99999999999999999999999"_s << 400;
        QTest::newRow("since huge") << u"/api/changes?since=99999999999999999999999"_s << 400;
        QTest::newRow("project NUL") << u"/api/tickets?project=%00"_s << 404;
        QTest::newRow("cursor %FF") << u"/api/tickets?cursor=%FF"_s << 400;
    }
    void badBytesInPathsAndQueries()
    {
        QFETCH(QString, pathAndQuery);
        QFETCH(int, status);
        QUrl url = m_server.baseUrl();
        const qsizetype question = pathAndQuery.indexOf(u'?');
        url.setPath(pathAndQuery.left(question < 0 ? pathAndQuery.size() : question),
                    QUrl::TolerantMode);
        if (question >= 0)
            url.setQuery(pathAndQuery.mid(question + 1), QUrl::TolerantMode);
        const QByteArray request = "GET "
                                   + url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority)
                                   + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                                   + data::OwnerToken.toUtf8() + "\r\nConnection: close\r\n\r\n";
        const QByteArray answer = rawExchange(m_server.port(), request);
        QVERIFY2(answer.startsWith(QByteArray("HTTP/1.1 " + QByteArray::number(status))),
                 answer.left(200).constData());
    }

private:
    ServerProcess m_server;
    TestHttpClient m_http;
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
