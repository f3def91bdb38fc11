#pragma once

#include <QObject>

class QSocketNotifier;

namespace td::server {

// Turns SIGTERM and SIGINT into a Qt signal on the event loop (the self-pipe trick through a
// socket pair), so shutdown runs as ordinary code instead of inside a signal handler.
class SignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;
    bool isValid() const { return m_notifier != nullptr; }

signals:
    void terminationRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace td::server
