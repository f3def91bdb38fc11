#pragma once

#include "cachedatabase.h"

#include "core/result.h"
#include "core/savedview.h"

#include <QJsonValue>
#include <QString>

namespace td {

// Small per-account facts the app keeps beside the tickets, in the account's cache file,
// never in the settings file all accounts share: JSON values by key (the projects /api/me
// listed, so the form and the sidebar work offline; the sync_state table) and the user's
// saved views (the saved_views table, in the user's order).
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

    // Saved views in their order. Names are unique regardless of case.
    Result<QList<SavedView>> savedViews() const;
    // A new name goes last; a name that exists (in any case) gets the new spec in its place.
    Result<SavedView> saveView(const QString &name, const SavedViewSpec &spec);
    // InvalidState when another view has that name; NotFound when `id` is gone.
    Status renameView(qint64 id, const QString &name);
    // Moves the view to `index` (clamped) and the ones in between by one.
    Status moveView(qint64 id, int index);
    Status deleteView(qint64 id);

private:
    CacheDatabase *m_db;
};

} // namespace td
