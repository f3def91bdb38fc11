// Group commit must never acknowledge what a crash can take back: the server is SIGKILLed
// while creates pour in over many connections, and after a restart every ticket it answered
// 201 for is there, once. Both durability modes: `full` answers from its flush thread.
#include "serverfixture.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSet>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace td::test;
namespace data = td::testdata;

class TestDurability : public QObject
{
    Q_OBJECT

private slots:
    void sigkillUnderLoadLosesNoAcknowledgedTicket_data()
    {
        QTest::addColumn<QString>("durability");
        QTest::newRow("normal") << u"normal"_s;
        QTest::newRow("full") << u"full"_s;
    }

    void sigkillUnderLoadLosesNoAcknowledgedTicket()
    {
        QFETCH(QString, durability);
        ServerProcess server({u"--durability"_s, durability, u"--create-rate"_s, u"0"_s,
                              u"--request-rate"_s, u"0"_s, u"--max-connections-per-address"_s,
                              u"0"_s});
        TD_START_SERVER(server);

        constexpr int InFlight = 32;
        constexpr int KillAfter = 300; // acknowledged creates before the kill
        QNetworkAccessManager manager;
        QSet<QString> acknowledged;
        bool killed = false;
        int pending = 0;
        std::function<void()> sendOne = [&] {
            ++pending;
            QNetworkRequest request(server.baseUrl().resolved(QUrl(createPath())));
            request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
            request.setRawHeader("Authorization", "Bearer " + data::OwnerToken.toUtf8());
            QNetworkReply *reply = manager.post(
                    request, QJsonDocument(createBody()).toJson(QJsonDocument::Compact));
            connect(reply, &QNetworkReply::finished, this, [&, reply] {
                reply->deleteLater();
                const int status
                        = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (status == 201) {
                    const QJsonObject ticket = QJsonDocument::fromJson(reply->readAll()).object();
                    acknowledged.insert(ticket.value(u"id"_s).toString());
                }
                --pending;
                if (!killed && acknowledged.size() >= KillAfter) {
                    killed = true;
                    ::kill(pid_t(server.pid()), SIGKILL);
                }
                if (!killed)
                    sendOne();
            });
        };
        for (int i = 0; i < InFlight; ++i)
            sendOne();
        QTRY_VERIFY_WITH_TIMEOUT(killed, 60'000);
        QTRY_COMPARE_WITH_TIMEOUT(server.process()->state(), QProcess::NotRunning, 10'000);
        QCOMPARE(server.process()->exitStatus(), QProcess::CrashExit);
        // Answers that arrived before the kill still count; the rest fail now.
        QTRY_COMPARE_WITH_TIMEOUT(pending, 0, 10'000);

        TD_START_SERVER(server);
        TestHttpClient http(server.baseUrl());
        // Every acknowledged ticket survived, and no ticket is there twice.
        QSet<QString> stored;
        QSet<qint64> numbers;
        qint64 since = 0;
        for (;;) {
            const HttpResult page
                    = http.get(u"/api/changes?since=%1&limit=1000"_s.arg(since), data::OwnerToken);
            QCOMPARE(page.status, 200);
            const QJsonArray tickets = page.json().value(u"tickets"_s).toArray();
            for (const QJsonValue value : tickets) {
                const QJsonObject ticket = value.toObject();
                QVERIFY(!stored.contains(ticket.value(u"id"_s).toString()));
                QVERIFY(!numbers.contains(ticket.value(u"number"_s).toInteger()));
                stored.insert(ticket.value(u"id"_s).toString());
                numbers.insert(ticket.value(u"number"_s).toInteger());
            }
            since = page.json().value(u"next_since"_s).toInteger();
            if (!page.json().value(u"has_more"_s).toBool())
                break;
        }
        QVERIFY(acknowledged.size() >= KillAfter);
        for (const QString &id : std::as_const(acknowledged))
            QVERIFY2(stored.contains(id), qPrintable(u"acknowledged but lost: "_s + id));
    }
};

QTEST_GUILESS_MAIN(TestDurability)
#include "tst_durability.moc"
