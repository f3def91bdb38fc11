#pragma once

#include "apiservice.h"
#include "clock.h"
#include "http/httpfront.h"
#include "storage.h"

#include <QHostAddress>
#include <QObject>
#include <QUrl>

#include <memory>

namespace td::server {

struct ServerOptions
{
    QHostAddress address = QHostAddress::LocalHost;
    QString host = QStringLiteral("127.0.0.1"); // as given on the command line, for the URL
    quint16 port = 8080;                        // 0 picks a free port
    ServiceConfig service;
    http::Limits limits;
    bool accessLog = true;
};

// One running server: storage, API service and HTTP front, composed. Lives on the thread that
// calls start() (the storage's connection and the sockets belong to it).
class ServerApp : public QObject
{
    Q_OBJECT

public:
    explicit ServerApp(QObject *parent = nullptr);
    ~ServerApp() override;

    // Takes an opened storage and starts listening. False with a reason when it cannot.
    bool start(std::unique_ptr<Storage> storage, const ServerOptions &options, QString *error);
    QUrl baseUrl() const;
    Storage *storage() const { return m_storage.get(); }
    // Stops accepting, lets requests in flight finish, then emits stopped().
    void shutdown();
    bool isStopped() const { return m_stopped; }

signals:
    void stopped();

private:
    std::unique_ptr<Clock> m_clock;
    std::unique_ptr<Storage> m_storage;
    std::unique_ptr<ApiService> m_service;
    std::unique_ptr<http::HttpFront> m_front;
    QString m_host;
    bool m_stopped = false;
};

// Splits "HOST:PORT" ("127.0.0.1:0", "[::1]:8080", "localhost:8080").
bool parseListen(const QString &text, ServerOptions *options, QString *error);

} // namespace td::server
