// Prints what the HTTP front costs and what it withstands:
//  1. req/s of a trivial handler through HttpFront vs. a bare QHttpServer (wrk, 5 s each),
//     and through HttpFront with the access log on, and with every answer deferred to a
//     worker thread (run with 2>/dev/null: the access-log row writes to stderr);
//  2. the server's RSS and /healthz latency while a child process holds 2,000 idle
//     keep-alive connections, streams a 1 GiB upload and runs a slowloris client.
// Usage: bench_httpfront            (needs `wrk` on PATH for part 1)
#include "server/http/httpfront.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

qint64 rssKiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.sliced(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

// Runs a child process while this thread's event loop keeps serving; returns its stdout.
QByteArray runWhileServing(const QString &program, const QStringList &arguments,
                           const std::function<void()> &tick = {})
{
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QEventLoop loop;
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&process, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
    QTimer ticker;
    if (tick) {
        QObject::connect(&ticker, &QTimer::timeout, tick);
        ticker.start(100);
    }
    process.start(program, arguments);
    loop.exec();
    return process.readAllStandardOutput();
}

void throughput()
{
    const QByteArray body = R"({"ok":true})"_ba;
    td::http::HttpFront front;
    front.setAccessLogEnabled(false);
    front.setHandler(
            [&](const td::http::Request &) { return td::http::Response::json(200, body); });
    if (!front.listen(QHostAddress::LocalHost, 0)) {
        std::printf("front: cannot listen\n");
        return;
    }

    QHttpServer bare;
    bare.setMissingHandler([&](const QHttpServerRequest &, QHttpServerResponder &&responder) {
        responder.write(body, "application/json"_ba);
    });
    auto *tcp = new QTcpServer;
    tcp->listen(QHostAddress::LocalHost, 0);
    bare.bind(tcp);

    // The same handler with the access log on (stderr: run with 2>/dev/null or to a file); the
    // lines are written by the sink's own thread.
    td::http::HttpFront logged;
    logged.setHandler(
            [&](const td::http::Request &) { return td::http::Response::json(200, body); });
    logged.listen(QHostAddress::LocalHost, 0);

    // Every answer deferred to a worker thread and finished from there, as a storage writer
    // thread will: the cost of the Completion's queued call and the in-order queue.
    QThread workerThread;
    QObject worker;
    worker.moveToThread(&workerThread);
    workerThread.start();
    td::http::HttpFront deferred;
    deferred.setAccessLogEnabled(false);
    deferred.setAsyncHandler(
            [&](const td::http::Request &,
                const td::http::Completion &completion) -> td::http::HandlerResult {
                QMetaObject::invokeMethod(&worker, [completion, &body] {
                    completion.finish(td::http::Response::json(200, body));
                });
                return td::http::Deferred{};
            });
    deferred.listen(QHostAddress::LocalHost, 0);

    // Process CPU per request (all threads: the access log's writer and the worker included)
    // is steadier than req/s on a shared machine; wrk runs in another process.
    const auto cpuUs = [] {
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        return qint64(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1'000'000
               + usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
    };
    const QRegularExpression requests(u"(\\d+) requests in"_s);
    const QRegularExpression rps(u"Requests/sec:\\s+([0-9.]+)"_s);
    const QRegularExpression latency(u"Latency\\s+(\\S+)"_s);
    for (const auto &[name, port] : {std::pair{"HttpFront", front.serverPort()},
                                     std::pair{"bare QHttpServer", tcp->serverPort()},
                                     std::pair{"  + access log", logged.serverPort()},
                                     std::pair{"  + deferred", deferred.serverPort()}}) {
        const qint64 cpuBefore = cpuUs();
        const QString out = QString::fromUtf8(
                runWhileServing(u"wrk"_s, {u"-t1"_s, u"-c32"_s, u"-d5s"_s,
                                           u"http://127.0.0.1:%1/healthz"_s.arg(port)}));
        const auto r = rps.match(out);
        const auto l = latency.match(out);
        const qint64 count = requests.match(out).captured(1).toLongLong();
        std::printf(
                "%-18s %10s req/s   avg latency %-8s  server CPU %s us/request\n", name,
                r.hasMatch() ? qPrintable(r.captured(1)) : "(wrk failed)",
                l.hasMatch() ? qPrintable(l.captured(1)) : "-",
                count > 0 ? qPrintable(QString::number(double(cpuUs() - cpuBefore) / count, 'f', 1))
                          : "-");
        std::fflush(stdout);
    }
    workerThread.quit();
    workerThread.wait();
}

void abuse(const QString &self)
{
    td::http::raiseOpenFileLimit();
    td::http::Limits limits;
    limits.maxConnections = 4096;        // hold all 2,000 idle clients
    limits.maxConnectionsPerAddress = 0; // all of them from 127.0.0.1
    td::http::HttpFront front(limits);
    front.setAccessLogEnabled(false);
    front.setHandler([](const td::http::Request &) {
        return td::http::Response::json(200, R"({"ok":true})"_ba);
    });
    front.listen(QHostAddress::LocalHost, 0);
    const qint64 before = rssKiB();
    qint64 peak = before;
    int peakConnections = 0;
    const QByteArray out
            = runWhileServing(self, {u"--abuse"_s, QString::number(front.serverPort())}, [&] {
                  peak = std::max(peak, rssKiB());
                  peakConnections = std::max(peakConnections, front.openConnections());
              });
    std::printf("server RSS: %lld KiB before, %lld KiB peak (+%lld KiB) with up to %d connections "
                "open\n%s",
                before, peak, peak - before, peakConnections, out.constData());
}

// The child: abusive and patient clients at once, against the server of the parent.
int abuseClient(quint16 port)
{
    std::vector<std::unique_ptr<QTcpSocket>> idle;
    for (int i = 0; i < 2000; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        QObject::connect(socket.get(), &QTcpSocket::connected, socket.get(), [s = socket.get()] {
            s->write("GET /hello HTTP/1.1\r\nHost: b\r\n\r\n");
        });
        QObject::connect(socket.get(), &QTcpSocket::readyRead, socket.get(),
                         [s = socket.get()] { s->readAll(); });
        socket->connectToHost(QHostAddress::LocalHost, port);
        idle.push_back(std::move(socket));
    }

    // 1 GiB announced, streamed from one reused block as fast as the server takes it.
    QTcpSocket upload;
    const QByteArray block(64 * 1024, 'x');
    qint64 uploaded = 0;
    QByteArray uploadAnswer;
    auto pump = [&] {
        while (upload.state() == QAbstractSocket::ConnectedState
               && upload.bytesToWrite() < 256 * 1024 && uploaded < (qint64(1) << 30)
               && uploadAnswer.isEmpty()) {
            upload.write(block);
            uploaded += block.size();
        }
    };
    QObject::connect(&upload, &QTcpSocket::connected, [&] {
        upload.write("POST /upload HTTP/1.1\r\nHost: b\r\nContent-Length: 1073741824\r\n\r\n");
        pump();
    });
    QObject::connect(&upload, &QTcpSocket::bytesWritten, pump);
    QObject::connect(&upload, &QTcpSocket::readyRead, [&] { uploadAnswer += upload.readAll(); });
    upload.connectToHost(QHostAddress::LocalHost, port);

    // Slowloris: one header byte a second, never finishing.
    QTcpSocket slow;
    QElapsedTimer slowClock;
    qint64 slowClosedAfter = -1;
    slow.connectToHost(QHostAddress::LocalHost, port);
    QObject::connect(&slow, &QTcpSocket::connected, [&] {
        slowClock.start();
        slow.write("GET /slow HTTP/1.1\r\n");
    });
    QObject::connect(&slow, &QTcpSocket::disconnected,
                     [&] { slowClosedAfter = slowClock.elapsed(); });
    QTimer slowTimer;
    QObject::connect(&slowTimer, &QTimer::timeout, [&] {
        if (slow.state() == QAbstractSocket::ConnectedState)
            slow.write("X");
    });
    slowTimer.start(1000);

    // Meanwhile: /healthz on a fresh connection every 100 ms, for 12 s.
    std::vector<double> latencies;
    int failed = 0;
    QTimer probe;
    QObject::connect(&probe, &QTimer::timeout, [&] {
        auto *socket = new QTcpSocket;
        auto *clock = new QElapsedTimer;
        clock->start();
        auto *received = new QByteArray;
        QObject::connect(socket, &QTcpSocket::connected, socket,
                         [socket] { socket->write("GET /healthz HTTP/1.1\r\nHost: b\r\n\r\n"); });
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [&, socket, clock, received] {
            *received += socket->readAll();
            if (received->contains("\r\n\r\n")) {
                if (received->startsWith("HTTP/1.1 200"))
                    latencies.push_back(double(clock->nsecsElapsed()) / 1e6);
                else
                    ++failed;
                socket->disconnect();
                socket->deleteLater();
                delete clock;
                delete received;
            }
        });
        socket->connectToHost(QHostAddress::LocalHost, port);
    });
    probe.start(100);

    QEventLoop loop;
    QTimer::singleShot(12'000, &loop, &QEventLoop::quit);
    loop.exec();

    int idleOpen = 0;
    for (const auto &socket : idle)
        idleOpen += socket->state() == QAbstractSocket::ConnectedState;
    std::sort(latencies.begin(), latencies.end());
    auto pct = [&](double p) {
        return latencies.empty() ? -1.0 : latencies[size_t(p * double(latencies.size() - 1))];
    };
    std::printf("idle keep-alive clients still open after 12 s: %d of 2000\n", idleOpen);
    std::printf("1 GiB upload: answered '%s' after %lld KiB sent\n",
                uploadAnswer.left(uploadAnswer.indexOf('\r')).constData(), uploaded / 1024);
    std::printf("slowloris: closed by the server after %lld ms\n", slowClosedAfter);
    std::printf("/healthz meanwhile: %zu ok, %d failed; latency p50 %.2f ms, p99 %.2f ms, max "
                "%.2f ms\n",
                latencies.size(), failed, pct(0.5), pct(0.99), pct(1.0));
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 3 && args.at(1) == u"--abuse"_s)
        return abuseClient(quint16(args.at(2).toUInt()));
    td::http::raiseOpenFileLimit();
    throughput();
    abuse(app.applicationFilePath());
    return 0;
}
