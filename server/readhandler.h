#pragma once

#include "requestcontext.h"
#include "storage.h"

#include <QHash>
#include <QPair>

namespace td::server {

// The reading endpoints (CONTRACT 4.1 and 4.4). Every answer holds only what the caller may
// see; an invisible ticket is 404, exactly like one that does not exist.
class ReadHandler
{
public:
    explicit ReadHandler(Storage &storage);

    http::Response me(RequestContext &context);
    http::Response list(RequestContext &context);
    http::Response ticket(RequestContext &context);
    http::Response events(RequestContext &context);
    http::Response changes(RequestContext &context);

private:
    Storage &m_storage;
    // Serialized tickets by id, tagged with the seq they were made at: a ticket's JSON only
    // changes with its seq, and GET /api/tickets/{id} is the hottest read.
    QHash<QString, QPair<qint64, QByteArray>> m_json;
    qint64 m_jsonBytes = 0;
};

// "Visible to this user?" for a project (owners: granted or "*"; others: granted).
bool isGranted(const UserRecord &user, const QString &projectId);

} // namespace td::server
