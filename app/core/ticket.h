#pragma once

#include "ticketstatus.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace td {

enum class RequestType { Bug, Question, ChangeRequest, BillingQuestion, General };
enum class Priority { Low, Medium, High, Urgent };

QString toWire(RequestType type);
std::optional<RequestType> requestTypeFromWire(QStringView wire);
QList<RequestType> allRequestTypes();
QStringList requestTypeWireNames(); // in enum order, for Zod enum issues and combo boxes

QString toWire(Priority priority);
std::optional<Priority> priorityFromWire(QStringView wire);
QList<Priority> allPriorities();
QStringList priorityWireNames();

struct Requester
{
    QString name;
    QString email;
    friend bool operator==(const Requester &, const Requester &) = default;
};

// A ticket exactly as CONTRACT 4.6 describes it. Optional members are JSON null when absent.
struct Ticket
{
    QString id;        // UUID
    qint64 number = 0; // per-tenant, shown as "#42"
    QString tenant;
    std::optional<QString> projectId; // nullopt: the tenant's general inbox
    QString title;
    QString description;
    RequestType requestType = RequestType::General;
    Priority priority = Priority::Medium;
    QStringList roles;
    bool blocking = false;
    QJsonObject evidence;
    QString suggestedResolution;
    QString implementationNotes;
    Requester requester;
    QString actorRole;
    std::optional<QString> actorId;
    QString source;
    std::optional<QString> agentVendor;
    TicketStatus status = TicketStatus::New;
    int version = 1;
    qint64 seq = 0;
    QDateTime createdAt; // UTC
    QDateTime updatedAt; // UTC

    QJsonObject toJson() const;
    // Strict: every member of 4.6 must be present with the right type; unknown members are
    // ignored (a newer server may add some). On failure returns nullopt and says why.
    static std::optional<Ticket> fromJson(const QJsonObject &json, QString *error = nullptr);

    friend bool operator==(const Ticket &, const Ticket &) = default;
};

} // namespace td
