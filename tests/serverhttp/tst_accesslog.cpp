// The access log's sink on its own: lines arrive whole and in order, written by its own thread,
// and a reader that stops reading costs dropped lines (counted), never a blocked caller.
#include "server/http/accesslog.h"

#include <QRegularExpression>
#include <QTest>

#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using td::http::AccessLogSink;

namespace {

// A pipe standing in for stderr.
struct Pipe
{
    int read = -1;
    int write = -1;
    Pipe()
    {
        int fds[2];
        if (::pipe(fds) == 0) {
            read = fds[0];
            write = fds[1];
        }
    }
    ~Pipe()
    {
        ::close(read);
        ::close(write);
    }
    // Fills the pipe so that a blocking write would wait for a reader.
    void fill() const
    {
        const int flags = ::fcntl(write, F_GETFL);
        ::fcntl(write, F_SETFL, flags | O_NONBLOCK);
        const QByteArray junk(4096, '#');
        while (::write(write, junk.constData(), size_t(junk.size())) > 0) {
        }
        ::fcntl(write, F_SETFL, flags);
    }
    QByteArray drain() const
    {
        const int flags = ::fcntl(read, F_GETFL);
        ::fcntl(read, F_SETFL, flags | O_NONBLOCK);
        QByteArray out;
        char buffer[65536];
        ssize_t n = 0;
        while ((n = ::read(read, buffer, sizeof buffer)) > 0)
            out.append(buffer, n);
        ::fcntl(read, F_SETFL, flags);
        return out;
    }
};

} // namespace

class TestAccessLog : public QObject
{
    Q_OBJECT

private slots:
    void linesArriveWholeAndInOrder();
    void stalledReaderDropsLinesInsteadOfBlocking();
};

void TestAccessLog::linesArriveWholeAndInOrder()
{
    Pipe pipe;
    QByteArray expected;
    QByteArray got;
    {
        AccessLogSink sink(pipe.write);
        for (int i = 0; i < 5000; ++i) {
            const QByteArray line = "GET /t/" + QByteArray::number(i) + " 200 0ms 127.0.0.1\n";
            expected += line;
            sink.append(line);
            if (i % 500 == 0)
                got += pipe.drain(); // keep the pipe from filling up
        }
        for (int i = 0; i < 100 && got.size() + 0 < expected.size(); ++i) {
            (void)sink.flush(50);
            got += pipe.drain();
        }
        QCOMPARE(sink.droppedLines(), 0);
    }
    got += pipe.drain();
    QCOMPARE(got.size(), expected.size());
    QVERIFY(got == expected);
}

void TestAccessLog::stalledReaderDropsLinesInsteadOfBlocking()
{
    Pipe pipe;
    pipe.fill();
    constexpr qsizetype Bound = 64 * 1024;
    AccessLogSink sink(pipe.write, Bound);
    const QByteArray line = "POST /api/projects/x/tickets 201 3ms 127.0.0.1\n";
    // Far more than the bound: a synchronous write would block on the first line.
    for (int i = 0; i < 20'000; ++i)
        sink.append(line);
    QVERIFY(sink.droppedLines() > 0);
    QVERIFY(!sink.flush(200)); // nothing can be written while nobody reads

    // The reader comes back: what was kept arrives, and how much was dropped (in one report
    // or several, depending on when the writer took its batches).
    const auto reported = [](const QByteArray &text) {
        qint64 total = 0;
        static const QRegularExpression report(u"access log: (\\d+) line\\(s\\) dropped"_s);
        for (auto it = report.globalMatch(QString::fromLatin1(text)); it.hasNext();)
            total += it.next().captured(1).toLongLong();
        return total;
    };
    QByteArray got;
    for (int i = 0; i < 500 && reported(got) < sink.droppedLines(); ++i) {
        got += pipe.drain();
        (void)sink.flush(20);
    }
    got += pipe.drain();
    const qint64 kept = got.count(line);
    // At most one batch in the writer's hands plus a full buffer.
    QVERIFY2(kept > 0 && kept * line.size() <= 2 * Bound, qPrintable(QString::number(kept)));
    QCOMPARE(reported(got), sink.droppedLines());
    QCOMPARE(kept + sink.droppedLines(), 20'000);
}

QTEST_GUILESS_MAIN(TestAccessLog)
#include "tst_accesslog.moc"
