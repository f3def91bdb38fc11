// Group commit must never acknowledge what a crash can take back: the server is SIGKILLed
// while creates pour in over many connections, and after a restart every ticket it answered
// 201 for is there, once. Both durability modes on SQLite; tests/postgres runs the same file
// on PostgreSQL (TD_TEST_POSTGRES). The second case kills the server 50 times in a row
// (TD_DURABILITY_KILLS to change that), its clients retrying what was not answered with the
// same Idempotency-Key, as the app's outbox does: every create ends as exactly one ticket.
#include "serverfixture.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSet>

#include <QHash>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace td::test;
namespace data = td::testdata;

class TestDurability : public QObject
{
    Q_OBJECT

private:
    static void durabilityRows()
    {
        QTest::addColumn<QString>("durability");
        if (!qEnvironmentVariableIsEmpty("TD_TEST_POSTGRES")) {
            QTest::newRow("postgresql") << QString(); // PostgreSQL's own fsync; no option
            return;
        }
        QTest::newRow("normal") << u"normal"_s;
        QTest::newRow("full") << u"full"_s;
    }

    static QStringList serverArgs(const QString &durability)
    {
        QStringList args{u"--create-rate"_s,
                         u"0"_s,
                         u"--request-rate"_s,
                         u"0"_s,
                         u"--max-connections-per-address"_s,
                         u"0"_s};
        if (!durability.isEmpty())
            args << u"--durability"_s << durability;
        return args;
    }

    // The server is gone, and every request sent to it has its answer or its error.
    static void waitForTheKill(ServerProcess &server, const bool &killed, const int &pending)
    {
        QTRY_VERIFY_WITH_TIMEOUT(killed, 60'000);
        QTRY_COMPARE_WITH_TIMEOUT(server.process()->state(), QProcess::NotRunning, 10'000);
        QCOMPARE(server.process()->exitStatus(), QProcess::CrashExit);
        // Answers that arrived before the kill still count; the rest fail now.
        QTRY_COMPARE_WITH_TIMEOUT(pending, 0, 10'000);
    }

    // Every ticket in the feed, read through to its end.
    static QList<QJsonObject> allTickets(ServerProcess &server)
    {
        TestHttpClient http(server.baseUrl());
        QList<QJsonObject> all;
        qint64 since = 0;
        for (;;) {
            const HttpResult page
                    = http.get(u"/api/changes?since=%1&limit=1000"_s.arg(since), data::OwnerToken);
            if (page.status != 200)
                return {};
            for (const QJsonValue value : page.json().value(u"tickets"_s).toArray())
                all.append(value.toObject());
            since = page.json().value(u"next_since"_s).toInteger();
            if (!page.json().value(u"has_more"_s).toBool())
                return all;
        }
    }

private slots:
    void sigkillUnderLoadLosesNoAcknowledgedTicket_data() { durabilityRows(); }

    void sigkillUnderLoadLosesNoAcknowledgedTicket()
    {
        QFETCH(QString, durability);
        ServerProcess server(serverArgs(durability));
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
        waitForTheKill(server, killed, pending);
        if (QTest::currentTestFailed())
            return;

        TD_START_SERVER(server);
        // Every acknowledged ticket survived, and no ticket is there twice.
        const QList<QJsonObject> tickets = allTickets(server);
        QVERIFY(!tickets.isEmpty());
        QSet<QString> stored;
        QSet<qint64> numbers;
        for (const QJsonObject &ticket : tickets) {
            QVERIFY(!stored.contains(ticket.value(u"id"_s).toString()));
            QVERIFY(!numbers.contains(ticket.value(u"number"_s).toInteger()));
            stored.insert(ticket.value(u"id"_s).toString());
            numbers.insert(ticket.value(u"number"_s).toInteger());
        }
        QVERIFY(acknowledged.size() >= KillAfter);
        for (const QString &id : std::as_const(acknowledged))
            QVERIFY2(stored.contains(id), qPrintable(u"acknowledged but lost: "_s + id));
    }

    void repeatedKillsWithRetriesMakeEachTicketOnce_data() { durabilityRows(); }

    void repeatedKillsWithRetriesMakeEachTicketOnce()
    {
        QFETCH(QString, durability);
        const int kills = qEnvironmentVariableIsSet("TD_DURABILITY_KILLS")
                                  ? qEnvironmentVariableIntValue("TD_DURABILITY_KILLS")
                                  : 50;
        ServerProcess server(serverArgs(durability));
        constexpr int InFlight = 32;

        // Each create has its own key and title. A create whose answer never came (the
        // server died first) is sent again, same key and body, after the next start.
        int nextKey = 0;
        QList<int> unanswered;
        QHash<int, QString> acknowledged; // key -> ticket id from its 201
        int sent = 0;
        int replayed = 0; // answers to a resend whose first try had made the ticket
        auto keyOf = [](int key) { return u"kill-loop-%1"_s.arg(key); };

        for (int round = 0; round < kills; ++round) {
            TD_START_SERVER(server);
            // Kill points vary: at once after the start (0 answers), and anywhere in the
            // first few hundred creates of a run.
            const int killAfter = (round * 37) % 160;
            QNetworkAccessManager manager;
            int answeredThisRound = 0;
            int pending = 0;
            bool killed = false;
            auto kill = [&] {
                killed = true;
                ::kill(pid_t(server.pid()), SIGKILL);
            };
            std::function<void()> sendOne = [&] {
                const int key = unanswered.isEmpty() ? nextKey++ : unanswered.takeFirst();
                ++pending;
                ++sent;
                QNetworkRequest request(server.baseUrl().resolved(QUrl(createPath())));
                request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
                request.setRawHeader("Authorization", "Bearer " + data::OwnerToken.toUtf8());
                request.setRawHeader("Idempotency-Key", keyOf(key).toUtf8());
                const QJsonObject body{{u"title"_s, keyOf(key)},
                                       {u"description"_s, u"Sent through SIGKILLs."_s},
                                       {u"request_type"_s, u"bug"_s}};
                QNetworkReply *reply
                        = manager.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
                connect(reply, &QNetworkReply::finished, this, [&, reply, key] {
                    reply->deleteLater();
                    --pending;
                    const int status
                            = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                    if (status == 201) {
                        const QString id = QJsonDocument::fromJson(reply->readAll())
                                                   .object()
                                                   .value(u"id"_s)
                                                   .toString();
                        // A replay names the ticket the first answer named.
                        QCOMPARE(acknowledged.value(key, id), id);
                        if (reply->rawHeader("Idempotent-Replayed") == "true")
                            ++replayed;
                        acknowledged.insert(key, id);
                        ++answeredThisRound;
                    } else {
                        // No answer (the kill) is the only failure expected here.
                        QCOMPARE(status, 0);
                        unanswered.append(key);
                    }
                    if (!killed && answeredThisRound >= killAfter)
                        kill();
                    if (!killed)
                        sendOne();
                });
            };
            if (killAfter == 0)
                kill();
            else
                for (int i = 0; i < InFlight; ++i)
                    sendOne();
            waitForTheKill(server, killed, pending);
            if (QTest::currentTestFailed())
                return;
        }

        // A last, calm run: what was never answered is sent again until it is.
        TD_START_SERVER(server);
        {
            TestHttpClient http(server.baseUrl());
            while (!unanswered.isEmpty()) {
                const int key = unanswered.takeFirst();
                const QJsonObject body{{u"title"_s, keyOf(key)},
                                       {u"description"_s, u"Sent through SIGKILLs."_s},
                                       {u"request_type"_s, u"bug"_s}};
                const HttpResult result = http.post(createPath(), body, data::OwnerToken,
                                                    {{"Idempotency-Key"_ba, keyOf(key).toUtf8()}});
                QCOMPARE(result.status, 201);
                if (result.header("Idempotent-Replayed") == "true")
                    ++replayed;
                const QString id = result.json().value(u"id"_s).toString();
                QCOMPARE(acknowledged.value(key, id), id);
                acknowledged.insert(key, id);
            }
        }

        // Every key made exactly one ticket, the one its answers named, and nothing else
        // was made.
        const QList<QJsonObject> tickets = allTickets(server);
        QHash<QString, QString> idByTitle;
        for (const QJsonObject &ticket : tickets) {
            const QString title = ticket.value(u"title"_s).toString();
            if (!title.startsWith(u"kill-loop-"_s))
                continue; // the bootstrap's own tickets, if any
            QVERIFY2(!idByTitle.contains(title), qPrintable(u"made twice: "_s + title));
            idByTitle.insert(title, ticket.value(u"id"_s).toString());
        }
        QCOMPARE(acknowledged.size(), nextKey);
        QCOMPARE(qsizetype(idByTitle.size()), qsizetype(nextKey));
        for (auto it = acknowledged.cbegin(); it != acknowledged.cend(); ++it)
            QCOMPARE(idByTitle.value(keyOf(it.key())), it.value());
        qInfo("%d kills: %d creates sent, %d tickets, each once; %d resends found their "
              "ticket made by a try the kill left unanswered",
              kills, sent, nextKey, replayed);
    }
};

QTEST_GUILESS_MAIN(TestDurability)
#include "tst_durability.moc"
