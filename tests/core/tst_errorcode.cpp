#include "core/errorcode.h"
#include "coretestprint.h"

#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace td;

class TestErrorCode : public QObject
{
    Q_OBJECT

private slots:
    void codes_data();
    void codes();
    void everyCodeIsDistinct();
    void unknownWireStringsMapToUnknown_data();
    void unknownWireStringsMapToUnknown();
    void capabilityErrors_data();
    void capabilityErrors();
};

void TestErrorCode::codes_data()
{
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("wire");
    QTest::addColumn<int>("status");

    // CONTRACT section 2, row by row.
    QTest::newRow("invalid_json") << ErrorCode::InvalidJson << u"invalid_json"_s << 400;
    QTest::newRow("validation_failed")
            << ErrorCode::ValidationFailed << u"validation_failed"_s << 400;
    QTest::newRow("unauthenticated") << ErrorCode::Unauthenticated << u"unauthenticated"_s << 401;
    QTest::newRow("token_revoked") << ErrorCode::TokenRevoked << u"token_revoked"_s << 401;
    QTest::newRow("github_link_expired")
            << ErrorCode::GithubLinkExpired << u"github_link_expired"_s << 401;
    QTest::newRow("forbidden") << ErrorCode::Forbidden << u"forbidden"_s << 403;
    QTest::newRow("actor_mismatch") << ErrorCode::ActorMismatch << u"actor_mismatch"_s << 403;
    QTest::newRow("not_found") << ErrorCode::NotFound << u"not_found"_s << 404;
    QTest::newRow("unknown_project") << ErrorCode::UnknownProject << u"unknown_project"_s << 404;
    QTest::newRow("method_not_allowed")
            << ErrorCode::MethodNotAllowed << u"method_not_allowed"_s << 405;
    QTest::newRow("invalid_transition")
            << ErrorCode::InvalidTransition << u"invalid_transition"_s << 409;
    QTest::newRow("version_conflict") << ErrorCode::VersionConflict << u"version_conflict"_s << 409;
    QTest::newRow("payload_too_large")
            << ErrorCode::PayloadTooLarge << u"payload_too_large"_s << 413;
    QTest::newRow("unsupported_media_type")
            << ErrorCode::UnsupportedMediaType << u"unsupported_media_type"_s << 415;
    QTest::newRow("headers_too_large")
            << ErrorCode::HeadersTooLarge << u"headers_too_large"_s << 431;
    QTest::newRow("idempotency_key_reused")
            << ErrorCode::IdempotencyKeyReused << u"idempotency_key_reused"_s << 422;
    QTest::newRow("rate_limited") << ErrorCode::RateLimited << u"rate_limited"_s << 429;
    QTest::newRow("internal") << ErrorCode::Internal << u"internal"_s << 500;
    QTest::newRow("overloaded") << ErrorCode::Overloaded << u"overloaded"_s << 503;
}

void TestErrorCode::codes()
{
    QFETCH(ErrorCode, code);
    QFETCH(QString, wire);
    QFETCH(int, status);
    QCOMPARE(toWire(code), wire);
    QCOMPARE(errorCodeFromWire(wire), code);
    QCOMPARE(httpStatus(code), status);
    // The default message is for people: not empty and not just the machine code again.
    QVERIFY(!defaultMessage(code).isEmpty());
    QVERIFY(defaultMessage(code) != wire);
}

void TestErrorCode::everyCodeIsDistinct()
{
    QSet<QString> wires;
    QSet<QString> messages;
    for (int i = int(ErrorCode::InvalidJson); i <= int(ErrorCode::Overloaded); ++i) {
        wires.insert(toWire(ErrorCode(i)));
        messages.insert(defaultMessage(ErrorCode(i)));
    }
    QCOMPARE(wires.size(), int(ErrorCode::Overloaded) + 1);
    QCOMPARE(messages.size(), int(ErrorCode::Overloaded) + 1);
    QCOMPARE(defaultMessage(ErrorCode::ValidationFailed), u"Validation failed"_s);
}

void TestErrorCode::unknownWireStringsMapToUnknown_data()
{
    QTest::addColumn<QString>("wire");
    QTest::newRow("empty") << QString();
    QTest::newRow("newer server code") << u"quota_exceeded"_s;
    QTest::newRow("case differs") << u"Not_Found"_s;
    QTest::newRow("trailing space") << u"not_found "_s;
    QTest::newRow("the Unknown enum's own name") << u"unknown"_s;
}

void TestErrorCode::unknownWireStringsMapToUnknown()
{
    QFETCH(QString, wire);
    QCOMPARE(errorCodeFromWire(wire), ErrorCode::Unknown);
}

void TestErrorCode::capabilityErrors_data()
{
    QTest::addColumn<CapabilityError>("error");
    QTest::addColumn<QString>("wire");
    QTest::newRow("invalid_email") << CapabilityError::InvalidEmail << u"invalid_email"_s;
    QTest::newRow("invalid_input") << CapabilityError::InvalidInput << u"invalid_input"_s;
    QTest::newRow("tenant_not_found") << CapabilityError::TenantNotFound << u"tenant_not_found"_s;
    QTest::newRow("unknown_project") << CapabilityError::UnknownProject << u"unknown_project"_s;
}

void TestErrorCode::capabilityErrors()
{
    QFETCH(CapabilityError, error);
    QFETCH(QString, wire);
    QCOMPARE(toWire(error), wire);
}

QTEST_APPLESS_MAIN(TestErrorCode)
#include "tst_errorcode.moc"
