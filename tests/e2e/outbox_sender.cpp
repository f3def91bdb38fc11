// A minimal desktop-client process for the crash test: opens a cache file, starts the sync
// engine against a server and sends the outbox. With --hang-after-delivery the first create's
// answer is swallowed and the process freezes in "sending", printing DELIVERED once the server
// has answered, so the test can SIGKILL it at exactly that moment.
#include "e2esupport.h"
#include "support/fakenetworkaccessmanager.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addPositionalArgument(u"cache"_s, u"cache file"_s);
    parser.addPositionalArgument(u"url"_s, u"server URL"_s);
    parser.addPositionalArgument(u"token"_s, u"bearer token"_s);
    const QCommandLineOption hang(u"hang-after-delivery"_s);
    parser.addOption(hang);
    parser.process(app);
    const QStringList args = parser.positionalArguments();
    if (args.size() != 3)
        return 2;

    td::test::ResponseDroppingNetworkAccessManager network;
    if (parser.isSet(hang)) {
        network.setHangAfterDrop(true);
        network.setDropResponse([](const td::test::FakeRequest &request) {
            return request.verb == "POST" && request.path().endsWith(u"/tickets"_s);
        });
        QObject::connect(&network, &td::test::ResponseDroppingNetworkAccessManager::responseDropped,
                         [] {
                             std::fputs("DELIVERED\n", stdout);
                             std::fflush(stdout);
                         });
    }
    td::e2e::Client client(&network, QUrl(args.at(1)), args.at(2), args.at(0));
    if (!client.ok())
        return 3;
    QObject::connect(client.outbox, &td::Outbox::changed, &app, [&] {
        if (client.outbox->pendingCount().value() == 0) {
            std::fputs("DONE\n", stdout);
            std::fflush(stdout);
            app.quit();
        }
    });
    client.engine->start();
    QTimer::singleShot(60000, &app, [&] { app.exit(4); });
    return app.exec();
}
