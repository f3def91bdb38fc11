#pragma once

#include "core/ticket.h"
#include "core/ticketquery.h"
#include "core/ticketstatus.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

#include <optional>

namespace td {

// The typed answers of CONTRACT 4, and the pure functions that read them from JSON. Every
// parser is strict about what it needs and ignores members it does not know (a newer server
// may add some); on failure it returns nullopt and says why in `error`.

struct ApiUser
{
    QString id;
    QString name;
    QString email;
    QString role; // owner | client | bot
    friend bool operator==(const ApiUser &, const ApiUser &) = default;
};

struct ApiTenant
{
    QString slug;
    QString name;
    friend bool operator==(const ApiTenant &, const ApiTenant &) = default;
};

struct ApiProject
{
    QString id;
    QString name;
    QStringList roles;
    friend bool operator==(const ApiProject &, const ApiProject &) = default;
};

// GET /api/me
struct MeInfo
{
    ApiUser user;
    ApiTenant tenant;
    QList<ApiProject> projects;
    friend bool operator==(const MeInfo &, const MeInfo &) = default;
};

// GET /api/tickets
struct TicketPage
{
    QList<Ticket> tickets;
    std::optional<QString> nextCursor;
};

// GET /api/changes
struct ChangesPage
{
    QList<Ticket> tickets;
    // The bytes the server sent for each ticket, in the same order (the cache stores them as
    // the ticket's JSON instead of serialising it again); empty when they could not be told
    // apart, and then the cache serialises `tickets`.
    QList<QByteArray> ticketJson;
    qint64 nextSince = 0;
    bool hasMore = false;
};

// POST /api/projects/{uuid}/tickets: 201 made a ticket, 200 replayed an earlier one.
struct CreatedTicket
{
    Ticket ticket;
    bool replayed = false;
};

// POST /api/tenants/{t}/capabilities/projects.create_ticket, the ok:true answer.
struct CapabilityResult
{
    QString ticketId;
    QString status;
    bool replayed = false; // 200 instead of 201
};

// Filters of GET /api/tickets (the server-side list; the cache has its own TicketFilter).
// Empty lists mean "any".
struct RemoteTicketFilter
{
    QString project; // a project UUID, "inbox", or empty for every visible ticket
    QList<TicketStatus> statuses;
    QList<RequestType> requestTypes;
    QList<Priority> priorities;
    int limit = 100; // 1..500
};

std::optional<MeInfo> parseMe(const QJsonObject &json, QString *error = nullptr);
std::optional<TicketPage> parseTicketPage(const QJsonObject &json, QString *error = nullptr);
// `body`: the bytes `json` was parsed from, when the caller has them (fills ticketJson).
std::optional<ChangesPage> parseChangesPage(const QJsonObject &json, QString *error = nullptr,
                                            QByteArrayView body = {});
std::optional<QList<TicketEvent>> parseEvents(const QJsonObject &json, QString *error = nullptr);
std::optional<CapabilityResult> parseCapabilityResult(const QJsonObject &json,
                                                      QString *error = nullptr);

QUrlQuery ticketListQuery(const RemoteTicketFilter &filter, const QString &cursor);
QJsonObject transitionBody(TicketStatus to, const QString &note,
                           std::optional<int> expectedVersion);

} // namespace td
