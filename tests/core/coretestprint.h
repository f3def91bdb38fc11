#pragma once

// QTest::toString overloads for core types, found by argument-dependent lookup, so that a
// failing QCOMPARE prints "in_progress" or the ticket's JSON instead of raw bytes.

#include "core/errorcode.h"
#include "core/json.h"
#include "core/ticket.h"
#include "core/ticketstatus.h"
#include "core/validation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace td {

inline char *toString(TicketStatus status)
{
    return QTest::toString(toWire(status));
}

inline char *toString(RequestType type)
{
    return QTest::toString(toWire(type));
}

inline char *toString(Priority priority)
{
    return QTest::toString(toWire(priority));
}

inline char *toString(ErrorCode code)
{
    return QTest::toString(toWire(code));
}

inline char *toString(TransitionVerdict verdict)
{
    switch (verdict) {
    case TransitionVerdict::Allowed:
        return qstrdup("Allowed");
    case TransitionVerdict::NoteRequired:
        return qstrdup("NoteRequired");
    case TransitionVerdict::NotAllowed:
        return qstrdup("NotAllowed");
    }
    return qstrdup("?");
}

inline char *toString(JsonParseFailure failure)
{
    switch (failure) {
    case JsonParseFailure::None:
        return qstrdup("None");
    case JsonParseFailure::Malformed:
        return qstrdup("Malformed");
    case JsonParseFailure::NotAnObject:
        return qstrdup("NotAnObject");
    case JsonParseFailure::TooDeep:
        return qstrdup("TooDeep");
    }
    return qstrdup("?");
}

inline char *toString(const QList<TicketStatus> &statuses)
{
    QStringList names;
    for (const TicketStatus status : statuses)
        names.append(toWire(status));
    return QTest::toString(u'[' + names.join(u',') + u']');
}

inline char *toString(const Ticket &ticket)
{
    return qstrdup(toCompactJson(ticket.toJson()).constData());
}

inline char *toString(const CreateTicketInput &input)
{
    return qstrdup(toCompactJson(input.toJson()).constData());
}

} // namespace td
