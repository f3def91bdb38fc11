#include "embeddedserver.h"

#include "clock.h"
#include "demodata.h"
#include "serverapp.h"
#include "sqlitestorage.h"

#include <QEventLoop>
#include <QThread>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace td::server {

namespace {

// Lives on the server thread: owns the ServerApp so its database connection and sockets are
// created, used and destroyed on that one thread.
class Worker : public QObject
{
public:
    bool start(const QString &databasePath, QString *error, DemoAccount *account)
    {
        // The demo database holds the secret its tokens are derived from: a copy readable
        // by other local users would give them a working owner token. Earlier versions left
        // it 0644, so an existing one is tightened too (new ones are created 0600).
        restrictToOwner(databasePath);
        std::unique_ptr<Storage> storage = createStorage(u"sqlite:"_s + databasePath, error);
        if (!storage || !storage->open(error))
            return false;
        const auto info = ensureDemoData(*storage, SystemClock().nowMs(), error);
        if (!info)
            return false;
        ServerOptions options;
        options.port = 0;
        options.accessLog = false; // the app's stderr is not a server log
        m_app = std::make_unique<ServerApp>();
        if (!m_app->start(std::move(storage), options, error)) {
            m_app.reset();
            return false;
        }
        account->baseUrl = m_app->baseUrl();
        account->ownerToken = info->ownerToken;
        account->clientToken = info->clientToken;
        account->tenantSlug = info->tenantSlug;
        account->projectId = info->projectId;
        return true;
    }

    void stop()
    {
        if (!m_app)
            return;
        // Let requests in flight finish (bounded), then close the database on this thread.
        QEventLoop loop;
        QObject::connect(m_app.get(), &ServerApp::stopped, &loop, &QEventLoop::quit);
        QTimer::singleShot(5'000, &loop, &QEventLoop::quit);
        m_app->shutdown();
        if (!m_app->isStopped())
            loop.exec();
        m_app.reset();
    }

private:
    std::unique_ptr<ServerApp> m_app;
};

} // namespace

struct EmbeddedServer::Private
{
    QThread thread;
    Worker *worker = nullptr;
    DemoAccount account;
    bool running = false;
};

EmbeddedServer::EmbeddedServer(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->thread.setObjectName(u"triagedesk-embedded-server"_s);
}

EmbeddedServer::~EmbeddedServer()
{
    stop();
}

bool EmbeddedServer::start(const QString &databasePath, QString *error)
{
    if (d->running)
        return true;
    d->thread.start();
    d->worker = new Worker;
    d->worker->moveToThread(&d->thread);
    bool ok = false;
    QString why;
    DemoAccount account;
    QMetaObject::invokeMethod(
            d->worker, [&] { ok = d->worker->start(databasePath, &why, &account); },
            Qt::BlockingQueuedConnection);
    if (!ok) {
        if (error)
            *error = why;
        stop();
        return false;
    }
    d->account = account;
    d->running = true;
    return true;
}

DemoAccount EmbeddedServer::account() const
{
    return d->account;
}

void EmbeddedServer::stop()
{
    if (d->worker) {
        Worker *worker = d->worker;
        QMetaObject::invokeMethod(
                worker,
                [worker] {
                    worker->stop();
                    delete worker;
                },
                Qt::BlockingQueuedConnection);
        d->worker = nullptr;
    }
    if (d->thread.isRunning()) {
        d->thread.quit();
        d->thread.wait();
    }
    d->running = false;
    d->account = {};
}

} // namespace td::server
