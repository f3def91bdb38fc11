#pragma once

#include "storage.h"

#include <QString>

#include <optional>

namespace td::server {

// The demo tenant's account, as `triagedesk-server demo` prints it and the app's demo mode
// uses it.
struct DemoInfo
{
    QString tenantSlug;
    QString tenantName;
    QString ownerToken;
    QString clientToken;
    QString projectId; // the first project
};

// Makes sure `storage` holds the demo tenant: on first use a tenant with three projects, four
// users and a few hundred realistic tickets in every state with their events, generated from
// a fixed seed. Tokens derive from a secret kept in the database, so they stay the same every
// time the same database is opened (the app reconnects after a restart). Tickets are
// generated only once; later calls just return the account.
std::optional<DemoInfo> ensureDemoData(Storage &storage, qint64 nowMs, QString *error);

} // namespace td::server
