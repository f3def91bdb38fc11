#include "faketicketserver.h"

#include "core/validation.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace td::test {

FakeTicketServer::FakeTicketServer(FakeNetworkAccessManager *network)
{
    network->setHandler([this](const FakeRequest &request) { return handle(request); });
}

Ticket FakeTicketServer::addTickets(int count)
{
    for (int i = 0; i < count; ++i)
        m_tickets.append(fakeTicket(++m_number, ++m_seq));
    return m_tickets.last();
}

std::optional<Ticket> FakeTicketServer::ticket(const QString &id) const
{
    for (const Ticket &ticket : m_tickets) {
        if (ticket.id == id)
            return ticket;
    }
    return std::nullopt;
}

Ticket FakeTicketServer::touch(const QString &id, TicketStatus to)
{
    for (qsizetype i = 0; i < m_tickets.size(); ++i) {
        if (m_tickets.at(i).id != id)
            continue;
        Ticket ticket = m_tickets.takeAt(i);
        ticket.status = to;
        ++ticket.version;
        ticket.seq = ++m_seq;
        ticket.updatedAt = ticket.updatedAt.addSecs(60);
        m_tickets.append(ticket);
        return ticket;
    }
    return {};
}

std::optional<FakeScript> FakeTicketServer::handle(const FakeRequest &request)
{
    const QString path = request.path();
    if (request.verb == "GET" && path == u"/api/changes"_s)
        return changes(request);
    if (request.verb == "GET" && path == u"/healthz"_s)
        return jsonScript(200, {{u"ok"_s, true}});
    if (request.verb == "POST" && path.startsWith(u"/api/projects/"_s)
        && path.endsWith(u"/tickets"_s))
        return create(request);
    const QStringList parts = path.split(u'/', Qt::SkipEmptyParts);
    if (parts.size() == 4 && parts.at(1) == u"tickets"_s && parts.at(3) == u"transitions"_s
        && request.verb == "POST")
        return transition(parts.at(2), request);
    if (parts.size() == 3 && parts.at(1) == u"tickets"_s && request.verb == "GET") {
        if (auto found = ticket(parts.at(2)))
            return jsonScript(200, found->toJson());
    }
    return std::nullopt;
}

FakeScript FakeTicketServer::changes(const FakeRequest &request) const
{
    const qint64 since = request.query().queryItemValue(u"since"_s).toLongLong();
    const int limit = request.query().queryItemValue(u"limit"_s).toInt();
    QJsonArray page;
    qint64 nextSince = since;
    bool hasMore = false;
    for (const Ticket &ticket : m_tickets) {
        if (ticket.seq <= since)
            continue;
        if (page.size() == limit) {
            hasMore = true;
            break;
        }
        page.append(ticket.toJson());
        nextSince = ticket.seq;
    }
    return jsonScript(
            200, {{u"tickets"_s, page}, {u"next_since"_s, nextSince}, {u"has_more"_s, hasMore}});
}

FakeScript FakeTicketServer::create(const FakeRequest &request)
{
    ++m_createsReceived;
    const QString key = QString::fromUtf8(request.header("Idempotency-Key"));
    if (!key.isEmpty() && m_keys.contains(key)) {
        return jsonScript(201, ticket(m_keys.value(key))->toJson(),
                          {qMakePair("Idempotent-Replayed"_ba, "true"_ba)});
    }
    const QJsonObject body = request.json();
    const QString projectId = request.path().split(u'/', Qt::SkipEmptyParts).at(2);
    Ticket ticket = fakeTicket(++m_number, ++m_seq, projectId);
    ticket.title = body.value(u"title"_s).toString();
    ticket.description = body.value(u"description"_s).toString();
    ticket.source = u"desktop"_s;
    m_tickets.append(ticket);
    if (!key.isEmpty())
        m_keys.insert(key, ticket.id);
    return jsonScript(201, ticket.toJson());
}

FakeScript FakeTicketServer::transition(const QString &id, const FakeRequest &request)
{
    const std::optional<Ticket> current = ticket(id);
    if (!current)
        return errorScript(ErrorCode::NotFound);
    const QJsonObject body = request.json();
    const QJsonValue expected = body.value(u"expected_version"_s);
    if (expected.isDouble() && expected.toInt() != current->version)
        return errorScript(ErrorCode::VersionConflict, {{u"ticket"_s, current->toJson()}});
    const auto to = ticketStatusFromWire(body.value(u"to"_s).toString());
    if (!to
        || checkTransition(current->status, *to, body.value(u"note"_s).toString())
                   != TransitionVerdict::Allowed) {
        QJsonArray allowed;
        for (TicketStatus status : allowedNextStatuses(current->status))
            allowed.append(toWire(status));
        return errorScript(ErrorCode::InvalidTransition, {{u"allowed"_s, allowed}});
    }
    return jsonScript(200, touch(id, *to).toJson());
}

} // namespace td::test
