#pragma once

#include "apiservice.h"
#include "batchwriter.h"
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
    Durability durability = Durability::Normal; // applied by whoever opens the storage
    int maxBatch = 128;                         // writes per group commit
};

// One running server: storage, API service, HTTP front and the writer thread, composed. Lives
// on the thread that calls start() (the reading connection and the sockets belong to it);
// every write goes to the BatchWriter's own thread and connection, and is answered after its
// group commit.
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
    BatchWriter::Stats writerStats() const;

signals:
    void stopped();

private:
    std::unique_ptr<Clock> m_clock;
    std::unique_ptr<Storage> m_storage;
    std::unique_ptr<ApiService> m_service;
    std::unique_ptr<BatchWriter> m_writer; // null: writes run on this thread (no second connection)
    BatchWriter::Stats m_finalStats;
    std::unique_ptr<http::HttpFront> m_front;
    QString m_host;
    bool m_stopped = false;
};

// Splits "HOST:PORT" ("127.0.0.1:0", "[::1]:8080", "localhost:8080").
bool parseListen(const QString &text, ServerOptions *options, QString *error);

} // namespace td::server
