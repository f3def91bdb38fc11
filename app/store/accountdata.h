#pragma once

#include "cachedatabase.h"

#include "core/result.h"

#include <QJsonValue>
#include <QString>

namespace td {

// Small per-account facts the app keeps beside the tickets (the projects /api/me listed, so
// the form and the sidebar work offline): JSON values by key, in the account's cache file
// (the sync_state table), never in the shared settings file.
class AccountData
{
public:
    // `db` must outlive this object and be open.
    explicit AccountData(CacheDatabase *db)
        : m_db(db)
    {}

    // Null when the key was never written.
    Result<QJsonValue> value(const QString &key) const;
    Status setValue(const QString &key, const QJsonValue &value);

private:
    CacheDatabase *m_db;
};

} // namespace td
