#pragma once

#include "core/result.h"

#include <QString>

namespace td {

// The profile holds tokens' neighbours: the cache (tickets, the outbox), settings, drafts and
// the demo server's secret. Nobody but the user may read them, whatever the umask says, so
// the folder is 0700 and every file in it 0600. Each function sets the mode explicitly after
// creating (umask can only take bits away, never give the group or others any), and fixes the
// mode of what already exists, so a profile made by an older build is tightened at start.
// Failures are StoreError::CannotOpen with the reason in the message.

// Creates `path` (and missing parents) if needed and makes the folder itself 0700. Parents
// that already exist are left alone (they may be the user's home).
Status ensurePrivateDir(const QString &path);

// Makes `path` a private file: created empty with mode 0600 if missing (so a later writer
// that keeps the mode of an existing file, such as QSaveFile behind QSettings, keeps 0600),
// else its mode set to 0600. A symbolic link is refused, not followed.
Status ensurePrivateFile(const QString &path);

// Like ensurePrivateFile, but a missing file is left missing.
Status restrictExistingFile(const QString &path);

// Tightens an existing profile: `dir` and every folder below it 0700, every file 0600.
// Symbolic links are not followed (and left as they are). A missing `dir` is created 0700.
Status makeProfilePrivate(const QString &dir);

} // namespace td
