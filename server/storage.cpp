#include "storage.h"

#include "postgresstorage.h"
#include "sqlcommon.h"
#include "sqlitestorage.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace td::server {

Ticket NewTicket::toTicket(qint64 number, qint64 seq) const
{
    Ticket ticket;
    ticket.id = id;
    ticket.number = number;
    ticket.tenant = tenant;
    ticket.projectId = projectId;
    ticket.title = title;
    ticket.description = description;
    ticket.requestType = requestType;
    ticket.priority = priority;
    ticket.roles = roles;
    ticket.blocking = blocking;
    ticket.evidence = evidence;
    ticket.suggestedResolution = suggestedResolution;
    ticket.implementationNotes = implementationNotes;
    ticket.requester = requester;
    ticket.actorRole = actorRole;
    ticket.actorId = actorId;
    ticket.source = source;
    ticket.agentVendor = agentVendor;
    ticket.status = TicketStatus::New;
    ticket.version = 1;
    ticket.seq = seq;
    ticket.createdAt = QDateTime::fromMSecsSinceEpoch(createdAtMs, Qt::UTC);
    ticket.updatedAt = ticket.createdAt;
    return ticket;
}

Ticket StatusChange::appliedTo(const Ticket &current, qint64 seq) const
{
    Ticket updated = current;
    updated.status = to;
    updated.version = current.version + 1;
    updated.seq = seq;
    updated.updatedAt = sql::fromMs(atMs);
    return updated;
}

Visibility Visibility::of(const UserRecord &user)
{
    Visibility visibility;
    visibility.tenant = user.tenant;
    if (user.role == CallerRole::Owner) {
        visibility.allProjects = user.allProjects;
        visibility.projectIds = user.projectIds;
    } else {
        visibility.requesterUserId = user.id;
    }
    return visibility;
}

WindowKey WindowKey::portal(const QString &tenant, const QString &userId, const QString &projectId,
                            const QString &title, qint64 notBeforeMs)
{
    return {tenant, userId, projectId, QString(), title, notBeforeMs};
}

WindowKey WindowKey::capability(const QString &tenant, const QString &email, const QString &title,
                                qint64 notBeforeMs)
{
    return {tenant, std::nullopt, std::nullopt, email, title, notBeforeMs};
}

void Storage::writeBatch(const QStringList &, const QList<WriteItem> &items,
                         QList<std::exception_ptr> *failures)
{
    failures->clear();
    for (const WriteItem &item : items) {
        try {
            write(item);
            failures->append(nullptr);
        } catch (...) {
            failures->append(std::current_exception());
        }
    }
}

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
