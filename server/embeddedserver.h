#pragma once

#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>

namespace td::server {

// What the desktop app's demo mode needs to talk to the in-process server.
struct DemoAccount
{
    QUrl baseUrl;
    QString ownerToken;
    QString clientToken;
    QString tenantSlug;
    QString projectId;
};

// Runs the whole server (same code as `triagedesk-server demo`) on its own QThread on
// 127.0.0.1:0, so the app's demo mode exercises the real contract over real HTTP.
class EmbeddedServer : public QObject
{
    Q_OBJECT

public:
    explicit EmbeddedServer(QObject *parent = nullptr);
    ~EmbeddedServer() override; // stops cleanly

    // Creates (first time) or reopens the demo database at databasePath: a demo tenant with
    // 2-3 projects and a few hundred realistic tickets in all states; blocks until listening.
    // Tokens are stable per database, so the app can reconnect after a restart.
    bool start(const QString &databasePath, QString *error = nullptr);
    DemoAccount account() const;
    void stop();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace td::server
