#pragma once

#include "support/serverprocess.h"
#include "support/testdata.h"
#include "support/testhttpclient.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>
#include <QUuid>

// Helpers shared by the server's end-to-end tests: valid bodies and paths, so each test states
// only what it changes.
namespace td::test {

inline QString createPath(const QString &projectId = testdata::WebProjectId)
{
    return QStringLiteral("/api/projects/") + projectId + QStringLiteral("/tickets");
}

inline QString capabilityPath(const QString &tenant = testdata::TenantSlug)
{
    return QStringLiteral("/api/tenants/") + tenant
           + QStringLiteral("/capabilities/projects.create_ticket");
}

// A title nobody used before, so the 60 s idempotency window never merges two tests' tickets.
inline QString uniqueTitle(const QString &prefix = QStringLiteral("Checkout fails"))
{
    return prefix + QLatin1Char(' ') + QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
}

inline QJsonObject createBody(const QString &title = uniqueTitle())
{
    return QJsonObject{{QStringLiteral("title"), title},
                       {QStringLiteral("description"), QStringLiteral("Steps: open cart, pay.")},
                       {QStringLiteral("request_type"), QStringLiteral("bug")},
                       {QStringLiteral("roles"), QJsonArray{QStringLiteral("frontend")}}};
}

inline QJsonObject capabilityBody(const QString &subject = uniqueTitle(QStringLiteral("Question")))
{
    return QJsonObject{{QStringLiteral("requester_name"), QStringLiteral("Rita Requester")},
                       {QStringLiteral("requester_email"), QStringLiteral("rita@example.com")},
                       {QStringLiteral("kind"), QStringLiteral("question")},
                       {QStringLiteral("subject"), subject},
                       {QStringLiteral("body"), QStringLiteral("How do I export invoices?")}};
}

// Starts `server` or fails the calling test function with the server's own explanation.
#define TD_START_SERVER(server) \
    do { \
        QString startError_; \
        QVERIFY2((server).start(&startError_), qPrintable(startError_)); \
    } while (false)

} // namespace td::test
