#include "createhandler.h"

#include "idempotency.h"
#include "requestbody.h"
#include "responses.h"
#include "ticketjson.h"

#include <QRandomGenerator>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace td::server {

namespace {

constexpr qint64 WindowMs = 60'000; // CONTRACT 5.1

// A version-7 UUID (RFC 9562): 48 bits of milliseconds, then randomness. Ids that grow with
// time land at the right edge of the primary-key and event indexes instead of on random
// pages, which halves the pages a create writes; they stay opaque UUIDs to clients.
QString newTicketId(qint64 nowMs)
{
    QByteArray bytes(16, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), 4);
    for (int i = 0; i < 6; ++i)
        bytes[i] = char((quint64(nowMs) >> (8 * (5 - i))) & 0xff);
    bytes[6] = char((bytes[6] & 0x0f) | 0x70);
    bytes[8] = char((bytes[8] & 0x3f) | 0x80);
    return QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
}

} // namespace

CreateHandler::CreateHandler(Storage &storage)
    : m_storage(storage)
{}

WriteWork CreateHandler::work(Plan plan, qint64 nowMs)
{
    WriteWork work;
    work.tenant = plan.ticket.tenant;
    work.run = [plan = std::move(plan), nowMs](WriteTransaction &tx) {
        if (auto answered = idempotency::lookup(tx, plan.scope, plan.key, plan.requestHash,
                                                plan.keyReused, nowMs)) {
            return std::move(*answered);
        }
        http::Response response;
        if (const auto earlier = tx.recentTicket(plan.window))
            response = plan.render(*earlier, false);
        else
            response = plan.render(tx.insertTicket(plan.ticket), true);
        idempotency::keep(tx, plan.scope, plan.key, plan.requestHash, response, nowMs);
        return response;
    };
    return work;
}

Outcome CreateHandler::createTicket(RequestContext &context)
{
    const Caller &caller = *context.caller;
    const UserRecord &user = caller.user;

    const JsonBody body = readJsonBody(context.request);
    if (body.problem == BodyProblem::UnsupportedMediaType)
        return errorResponse(ErrorCode::UnsupportedMediaType);
    if (body.problem == BodyProblem::InvalidJson)
        return errorResponse(ErrorCode::InvalidJson);

    const auto project = m_storage.project(user.tenant, context.params.value(0));
    if (!project)
        return errorResponse(ErrorCode::UnknownProject);
    if (!user.allProjects && !user.projectIds.contains(project->id))
        return errorResponse(ErrorCode::Forbidden, u"You have no access to this project"_s);

    const Validated<CreateTicketInput> validated
            = validateCreateTicket(*body.object, {user.role, project->roles});
    if (!validated.ok())
        return validationFailed(validated.issues);
    const CreateTicketInput &input = *validated.value;

    // CONTRACT 3.3: only a bot may act on behalf of someone else.
    if (input.actorId && *input.actorId != user.id && user.role != CallerRole::Bot)
        return errorResponse(ErrorCode::ActorMismatch, u"actor_id must be your own user id"_s);

    bool keyOk = true;
    const auto key = idempotency::key(context.request, &keyOk);
    if (!keyOk) {
        const ValidationIssues issues = idempotency::keyIssues(*key);
        return validationFailed(issues);
    }

    Plan plan;
    plan.scope = u"user:"_s + user.id;
    plan.key = key.value_or(QString());
    if (key) // only a key is ever compared with it
        plan.requestHash = idempotency::requestHash(context.request, *body.object);
    plan.window = WindowKey::portal(user.tenant, user.id, project->id, input.title,
                                    context.nowMs - WindowMs);
    NewTicket &t = plan.ticket;
    t.id = newTicketId(context.nowMs);
    t.tenant = user.tenant;
    t.projectId = project->id;
    t.title = input.title;
    t.description = input.description;
    t.requestType = input.requestType;
    t.priority = input.priority;
    t.roles = input.roles;
    t.blocking = input.blocking;
    t.evidence = input.evidence;
    t.suggestedResolution = input.suggestedResolution;
    t.implementationNotes = input.implementationNotes;
    t.requester = {user.name, user.email};
    t.requesterUserId = user.id;
    t.actorRole = input.actorRole.value_or(u"user"_s);
    t.actorId = input.actorId.value_or(user.id);
    t.source = input.source.value_or(u"portal"_s);
    t.createdAtMs = context.nowMs;
    plan.render = [](const Ticket &ticket, bool created) {
        http::Response response = http::Response::json(created ? 201 : 200, ticketJson(ticket));
        if (created)
            response.headers.append({"Location"_ba, "/api/tickets/"_ba + ticket.id.toUtf8()});
        return response;
    };
    static const http::Response keyReused = errorResponse(ErrorCode::IdempotencyKeyReused);
    plan.keyReused = keyReused; // built once: most creates never need it
    return work(std::move(plan), context.nowMs);
}

Outcome CreateHandler::capability(RequestContext &context)
{
    const auto tenant = m_storage.tenant(context.params.value(0));
    if (!tenant)
        return capabilityError(404, CapabilityError::TenantNotFound);

    const JsonBody body = readJsonBody(context.request);
    if (body.problem == BodyProblem::UnsupportedMediaType)
        return capabilityCode(ErrorCode::UnsupportedMediaType);
    if (body.problem == BodyProblem::InvalidJson)
        return capabilityError(400, CapabilityError::InvalidInput);

    const Validated<CapabilityInput> validated = validateCapabilityInput(*body.object);
    if (!validated.ok()) {
        return capabilityError(400, validated.issues.onlyConcerns(u"requester_email"_s)
                                            ? CapabilityError::InvalidEmail
                                            : CapabilityError::InvalidInput);
    }
    const CapabilityInput &input = *validated.value;

    std::optional<QString> projectId;
    if (input.projectId) {
        const auto project = m_storage.project(tenant->slug, *input.projectId);
        if (!project)
            return capabilityError(404, CapabilityError::UnknownProject);
        projectId = project->id;
    }

    bool keyOk = true;
    const auto key = idempotency::key(context.request, &keyOk);
    if (!keyOk)
        return capabilityError(400, CapabilityError::InvalidInput);

    Plan plan;
    // No caller: a key belongs to whoever sends from that address to that tenant.
    plan.scope = u"capability:"_s + tenant->slug + u':' + context.clientAddress.toString();
    plan.key = key.value_or(QString());
    if (key)
        plan.requestHash = idempotency::requestHash(context.request, *body.object);
    plan.window = WindowKey::capability(tenant->slug, input.requesterEmail, input.subject,
                                        context.nowMs - WindowMs);
    NewTicket &t = plan.ticket;
    t.id = newTicketId(context.nowMs);
    t.tenant = tenant->slug;
    t.projectId = projectId;
    t.title = input.subject;
    t.description = input.body;
    t.requestType = input.kind;
    t.priority = Priority::Medium;
    t.requester = {input.requesterName, input.requesterEmail};
    t.actorRole = input.agentVendor ? u"agent"_s : u"requester"_s;
    t.source = u"capability"_s;
    t.agentVendor = input.agentVendor;
    t.createdAtMs = context.nowMs;
    plan.render = [](const Ticket &ticket, bool created) {
        return capabilityOk(created ? 201 : 200, ticket.id, toWire(ticket.status));
    };
    static const http::Response keyReused = capabilityCode(ErrorCode::IdempotencyKeyReused);
    plan.keyReused = keyReused;
    return work(std::move(plan), context.nowMs);
}

} // namespace td::server
