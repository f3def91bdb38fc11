#include "transitionhandler.h"

#include "idempotency.h"
#include "readhandler.h"
#include "requestbody.h"
#include "responses.h"
#include "ticketjson.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace td::server {

namespace {

QJsonArray statusList(const QList<TicketStatus> &statuses)
{
    QJsonArray array;
    for (const TicketStatus status : statuses)
        array.append(toWire(status));
    return array;
}

} // namespace

TransitionHandler::TransitionHandler(Storage &storage)
    : m_storage(storage)
{}

Outcome TransitionHandler::transition(RequestContext &context)
{
    const UserRecord &user = context.caller->user;
    const auto visible = m_storage.ticket(Visibility::of(user), context.params.value(0));
    if (!visible)
        return errorResponse(ErrorCode::NotFound);
    // Clients and bots may see their own tickets but never move them; an owner must own the
    // ticket's project (the inbox belongs to "*" owners).
    const bool mayTransition
            = user.role == CallerRole::Owner
              && (user.allProjects || (visible->projectId && isGranted(user, *visible->projectId)));
    if (!mayTransition)
        return errorResponse(ErrorCode::Forbidden, u"Only an owner of the project may do this"_s);

    const JsonBody body = readJsonBody(context.request);
    if (body.problem == BodyProblem::UnsupportedMediaType)
        return errorResponse(ErrorCode::UnsupportedMediaType);
    if (body.problem == BodyProblem::InvalidJson)
        return errorResponse(ErrorCode::InvalidJson);
    const Validated<TransitionInput> validated = validateTransition(*body.object);
    if (!validated.ok())
        return validationFailed(validated.issues);
    const TransitionInput &input = *validated.value;

    // CONTRACT 4.5 (v1.1): a retry after a lost answer replays the first 200 instead of
    // meeting its own change as a version_conflict. Keys share the caller's scope with creates;
    // the request hash includes the path, so one key cannot serve two tickets.
    bool keyOk = true;
    const auto key = idempotency::key(context.request, &keyOk);
    if (!keyOk) {
        const ValidationIssues issues = idempotency::keyIssues(*key);
        return validationFailed(issues);
    }
    const QString scope = u"user:"_s + user.id;
    const QString keyText = key.value_or(QString());
    const QByteArray hash = key ? idempotency::requestHash(context.request, *body.object)
                                : QByteArray(); // only a key is ever compared with it

    // The rest needs the write lock: the writer thread runs it after the checks above.
    WriteWork work;
    work.tenant = visible->tenant;
    work.run = [scope, keyText, hash, input, tenant = visible->tenant, id = visible->id,
                userId = user.id, nowMs = context.nowMs](WriteTransaction &tx) -> http::Response {
        if (auto answered
            = idempotency::lookup(tx, scope, keyText, hash,
                                  errorResponse(ErrorCode::IdempotencyKeyReused), nowMs)) {
            return std::move(*answered);
        }
        const auto current = tx.ticket(tenant, id);
        if (!current)
            return errorResponse(ErrorCode::NotFound);
        // A stale view is reported first: the client must look at the ticket again anyway.
        if (input.expectedVersion && *input.expectedVersion != current->version) {
            return errorResponse(ErrorCode::VersionConflict,
                                 u"The ticket changed since you loaded it"_s, nullptr,
                                 {{u"ticket"_s, current->toJson()}});
        }
        const QList<TicketStatus> allowed = allowedNextStatuses(current->status);
        switch (checkTransition(current->status, input.to, input.note)) {
        case TransitionVerdict::NotAllowed:
            return errorResponse(
                    ErrorCode::InvalidTransition,
                    u"Cannot go from %1 to %2"_s.arg(toWire(current->status), toWire(input.to)),
                    nullptr, {{u"allowed"_s, statusList(allowed)}});
        case TransitionVerdict::NoteRequired:
            return errorResponse(
                    ErrorCode::InvalidTransition,
                    u"Closing a ticket before work started needs a note saying why"_s, nullptr,
                    {{u"allowed"_s, statusList(allowed)},
                     {u"fieldErrors"_s,
                      QJsonObject{{u"note"_s, u"A note is required to close a %1 ticket"_s.arg(
                                                      toWire(current->status))}}}});
        case TransitionVerdict::Allowed:
            break;
        }
        const Ticket updated = tx.applyStatusChange(
                *current, {current->id, input.to, input.note.trimmed(), userId, nowMs});
        http::Response response = http::Response::json(200, ticketJson(updated));
        idempotency::keep(tx, scope, keyText, hash, response, nowMs);
        return response;
    };
    return work;
}

} // namespace td::server
