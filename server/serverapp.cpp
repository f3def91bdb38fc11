#include "serverapp.h"

#include <QHostInfo>

using namespace Qt::StringLiterals;

namespace td::server {

ServerApp::ServerApp(QObject *parent)
    : QObject(parent)
{}

ServerApp::~ServerApp()
{
    // The front goes first: no handler may run against a storage being torn down. Answers
    // the writer gives after that find no front and are dropped.
    m_front.reset();
    m_writer.reset();
    m_service.reset();
    m_storage.reset();
}

bool ServerApp::start(std::unique_ptr<Storage> storage, const ServerOptions &options,
                      QString *error)
{
    m_clock = createClockFromEnvironment();
    m_storage = std::move(storage);
    m_service = std::make_unique<ApiService>(*m_storage, *m_clock, options.service);
    // A trusted proxy carries many clients on its connections: the per-address connection cap
    // would throttle the proxy itself (limit per client in the proxy instead).
    http::Limits limits = options.limits;
    limits.uncappedAddresses += options.service.trustedProxies;
    m_front = std::make_unique<http::HttpFront>(limits);
    m_front->setErrorBodyFactory(ApiService::errorBodyFactory());
    m_front->setAccessLogEnabled(options.accessLog);
    if (auto writerStorage = m_storage->connectAnother()) {
        m_writer = std::make_unique<BatchWriter>(std::move(writerStorage), *m_clock,
                                                 options.maxBatch);
        if (!m_writer->start(error)) {
            m_writer.reset();
            return false;
        }
        m_front->setAsyncHandler([this](const http::Request &request,
                                        const http::Completion &completion) -> http::HandlerResult {
            Outcome outcome = m_service->prepare(request);
            if (auto *response = std::get_if<http::Response>(&outcome))
                return std::move(*response);
            m_writer->enqueue(std::move(std::get<WriteWork>(outcome)), completion);
            return http::Deferred{};
        });
    } else {
        m_front->setHandler(
                [this](const http::Request &request) { return m_service->handle(request); });
    }
    connect(m_front.get(), &http::HttpFront::stopped, this, [this] {
        // Every answer has left, so the writer's queue is empty: end its thread, then say so.
        if (m_writer) {
            m_writer->stop();
            m_finalStats = m_writer->stats();
        }
        m_stopped = true;
        emit stopped();
    });
    if (!m_front->listen(options.address, options.port)) {
        if (error)
            *error = u"cannot listen on %1:%2: %3"_s.arg(options.host)
                             .arg(options.port)
                             .arg(m_front->errorString());
        return false;
    }
    m_host = options.host;
    return true;
}

BatchWriter::Stats ServerApp::writerStats() const
{
    return m_writer ? m_writer->stats() : m_finalStats;
}

QUrl ServerApp::baseUrl() const
{
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(m_host);
    url.setPort(m_front ? m_front->serverPort() : 0);
    return url;
}

void ServerApp::shutdown()
{
    if (!m_front || m_stopped) {
        m_stopped = true;
        emit stopped();
        return;
    }
    m_front->shutdown();
}

bool parseListen(const QString &text, ServerOptions *options, QString *error)
{
    const qsizetype colon = text.lastIndexOf(u':');
    bool portOk = false;
    const uint port = colon > 0 ? text.mid(colon + 1).toUInt(&portOk) : 0;
    if (colon <= 0 || !portOk || port > 65535) {
        if (error)
            *error = u"--listen needs HOST:PORT, e.g. 127.0.0.1:8080"_s;
        return false;
    }
    QString host = text.left(colon);
    QString bare = host;
    if (bare.startsWith(u'[') && bare.endsWith(u']'))
        bare = bare.mid(1, bare.size() - 2);
    QHostAddress address;
    if (!address.setAddress(bare)) {
        if (bare == u"localhost") {
            address = QHostAddress::LocalHost;
        } else {
            const QHostInfo info = QHostInfo::fromName(bare);
            if (info.addresses().isEmpty()) {
                if (error)
                    *error = u"cannot resolve %1"_s.arg(bare);
                return false;
            }
            address = info.addresses().constFirst();
        }
    }
    options->address = address;
    options->host = host;
    options->port = quint16(port);
    return true;
}

} // namespace td::server
