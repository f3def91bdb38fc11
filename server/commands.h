#pragma once

#include <QStringList>

namespace td::server {

// The triagedesk-server command line (CONTRACT 7): serve, bootstrap, token issue|revoke,
// demo. Needs a QCoreApplication; returns the process exit code.
int runCommandLine(const QStringList &arguments);

} // namespace td::server
