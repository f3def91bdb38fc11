#pragma once

#include "session/accountsession.h"
#include "sync/syncengine.h"

#include <QDateTime>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace td {

class AccountManager;

// The demo server's sign-in data, handed over by whoever runs the demo server (the
// composition root), so nothing above this layer needs to know the server.
struct DemoLogin
{
    QUrl baseUrl;
    QString ownerToken;
    QString clientToken;
};
// Starts the demo server (once) and returns its sign-in data.
using DemoStarter = std::function<Result<DemoLogin>()>;

// What every session is built from. Injected, so tests and benchmarks replace the network
// (a fake manager for faults), the clock and the random source, and the profile folder.
struct SessionParts
{
    QNetworkAccessManager *network = nullptr;
    AccountManager *accounts = nullptr; // the account list and where tokens live
    QString profileDir;                 // cache files live here (0700)
    std::function<QDateTime()> clock;   // UTC now; default: the system clock
    std::function<double()> random;     // uniform [0, 1) for retry jitter; default: system
    SyncEngine::Options syncOptions;
    // Follow the platform's reachability (never for loopback servers: the platform's idea
    // of "online" says nothing about a server on this machine).
    bool watchSystemNetwork = true;
    // The demo's two accounts (fixed ids, so their caches survive the demo server's new
    // port at every start).
    QString demoOwnerId;
    QString demoClientId;
};

// The one place sessions are made: main.cpp, every test and the benchmarks open accounts
// through it, so they all run the same composition.
class SessionFactory
{
public:
    static constexpr auto DemoOwnerId = "demo-owner";
    static constexpr auto DemoClientId = "demo-client";

    explicit SessionFactory(SessionParts parts);

    const SessionParts &parts() const { return m_parts; }
    AccountManager *accountManager() const { return m_parts.accounts; }

    // Opens the account's cache and builds its session. The session is not started: the
    // caller calls start() once it shows it.
    Result<std::unique_ptr<AccountSession>> open(const QString &accountId) const;

    // Signs both demo users in under the demo's fixed account ids (tokens in memory only).
    // Waits for the server's answers (the demo runs on this machine).
    Status signInDemo(const DemoLogin &demo) const;

    // The cache file of an account.
    QString cachePath(const QString &accountId) const;

private:
    SessionParts m_parts;
};

} // namespace td
