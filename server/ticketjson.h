#pragma once

#include "core/ticket.h"

#include <QByteArray>
#include <QStringList>

namespace td::server {

// The compact JSON of Ticket::toJson(), written straight into bytes: the same bytes as
// toCompactJson(ticket.toJson()) (keys in the order Qt writes them, the same escapes), at a
// small part of the cost. Building the QJsonObject and serialising it was the largest single
// cost of a create on the writer's thread. tst_ticketjson compares the two.
QByteArray ticketJson(const Ticket &ticket);

// A JSON array of strings, compact, as QJsonDocument writes it (tickets' stored roles).
QByteArray compactStringArray(const QStringList &values);

} // namespace td::server
