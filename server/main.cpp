// triagedesk-server: the composition root; everything else lives in td_server.
#include "commands.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("triagedesk-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TRIAGEDESK_VERSION));
    return td::server::runCommandLine(QCoreApplication::arguments());
}
