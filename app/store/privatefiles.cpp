#include "privatefiles.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace td {

namespace {

constexpr QFile::Permissions fileMode = QFile::ReadOwner | QFile::WriteOwner;
constexpr QFile::Permissions dirMode = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner;

Status failure(const QString &what, const QString &path)
{
    return Error::fromStore(StoreError::CannotOpen, what + u": "_s + path);
}

// QFile's permission flags carry the "user" bits twice (ReadUser mirrors ReadOwner for the
// current user), so compare the bits that map to the file's mode only.
bool hasMode(const QFileInfo &info, QFile::Permissions mode)
{
    constexpr QFile::Permissions modeBits = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner
                                            | QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup
                                            | QFile::ReadOther | QFile::WriteOther
                                            | QFile::ExeOther;
    return (info.permissions() & modeBits) == mode;
}

Status setMode(const QString &path, QFile::Permissions mode)
{
    const QFileInfo info(path);
    if (hasMode(info, mode))
        return {};
    if (!QFile::setPermissions(path, mode))
        return failure(u"cannot restrict the permissions of"_s, path);
    return {};
}

} // namespace

Status ensurePrivateDir(const QString &path)
{
    if (path.isEmpty())
        return failure(u"no folder given"_s, path);
    const QFileInfo info(path);
    if (info.isSymLink())
        return failure(u"refusing a symbolic link as a private folder"_s, path);
    if (!info.exists()) {
        // mkdir gets 0700 from the start: there is no moment where the folder is readable.
        if (!QDir().mkpath(QFileInfo(path).absolutePath()) || !QDir().mkdir(path, dirMode))
            return failure(u"cannot create the folder"_s, path);
    } else if (!info.isDir()) {
        return failure(u"not a folder"_s, path);
    }
    return setMode(path, dirMode);
}

Status restrictExistingFile(const QString &path)
{
    const QFileInfo info(path);
    if (info.isSymLink())
        return failure(u"refusing a symbolic link as a private file"_s, path);
    if (!info.exists())
        return {};
    if (!info.isFile())
        return failure(u"not a file"_s, path);
    return setMode(path, fileMode);
}

Status ensurePrivateFile(const QString &path)
{
    if (path.isEmpty())
        return failure(u"no file given"_s, path);
    const QFileInfo info(path);
    if (!info.exists() && !info.isSymLink()) {
        QFile file(path);
        // NewOnly: O_EXCL, so a file (or link) that appeared meanwhile is not opened; the mode
        // is given to open(2), so the file is never readable by others, even for a moment.
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, fileMode)) {
            if (!QFileInfo::exists(path))
                return failure(u"cannot create the file"_s, path);
        }
    }
    return restrictExistingFile(path);
}

Status makeProfilePrivate(const QString &dir)
{
    if (const Status made = ensurePrivateDir(dir); !made)
        return made;
    Status result;
    QDirIterator it(dir, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo info(it.next());
        if (info.isSymLink())
            continue; // QDirIterator does not descend into linked folders either
        const Status fixed = info.isDir() ? setMode(info.filePath(), dirMode)
                                          : setMode(info.filePath(), fileMode);
        if (!fixed && result)
            result = fixed; // report the first failure, but tighten everything else anyway
    }
    return result;
}

} // namespace td
