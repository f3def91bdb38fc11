// The composition root: the only place that chooses concrete classes.
#include "ui/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("triagedesk"));
    QApplication::setApplicationDisplayName(QStringLiteral("TriageDesk"));
    QApplication::setOrganizationName(QStringLiteral("TriageDesk"));
    QApplication::setApplicationVersion(QStringLiteral(TRIAGEDESK_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
            QStringLiteral("Ticket triage for project owners and clients"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption demo(QStringLiteral("demo"),
                            QStringLiteral("Start on the embedded demo server."));
    parser.addOption(demo);
    parser.process(app);

    MainWindow window;
    window.show();
    return app.exec();
}
