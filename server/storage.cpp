#include "storage.h"

#include "postgresstorage.h"
#include "sqlitestorage.h"

using namespace Qt::StringLiterals;

namespace td::server {

std::unique_ptr<Storage> createStorage(const QString &databaseSpec, QString *error)
{
    if (databaseSpec.startsWith(u"sqlite:"_s)) {
        const QString path = databaseSpec.mid(7);
        if (path.isEmpty()) {
            if (error)
                *error = u"sqlite: needs a file path, e.g. sqlite:/var/lib/triagedesk/db.sqlite"_s;
            return nullptr;
        }
        return std::make_unique<SqliteStorage>(path);
    }
    if (databaseSpec.startsWith(u"postgresql://"_s) || databaseSpec.startsWith(u"postgres://"_s)) {
        auto config = PostgresConfig::parse(databaseSpec, error);
        if (!config)
            return nullptr;
        return std::make_unique<PostgresStorage>(std::move(*config));
    }
    if (error)
        *error = u"unknown database \"%1\": use sqlite:PATH or postgresql://..."_s.arg(
                databaseSpec);
    return nullptr;
}

} // namespace td::server
