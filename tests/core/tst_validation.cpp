#include "core/json.h"
#include "core/validation.h"
#include "coretestprint.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace td;

namespace {

// ---- Expected issues, written the way Zod v3 writes them ------------------------------------

QJsonValue parseValue(const QString &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson('[' + json.toUtf8() + ']', &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad JSON in test: %s", qPrintable(json));
    return document.array().first();
}

QJsonObject issue(const QString &json)
{
    return parseValue(json).toObject();
}

QString quoted(const QString &text)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact))
            .mid(1)
            .chopped(1);
}

QJsonObject required(const QString &path, const QString &expected = u"string"_s)
{
    return issue(
            uR"j({"code":"invalid_type","expected":%1,"received":"undefined","path":%2,"message":"Required"})j"_s
                    .arg(quoted(expected), path));
}

QJsonObject wrongType(const QString &path, const QString &expected, const QString &received)
{
    return issue(
            uR"j({"code":"invalid_type","expected":%1,"received":"%2","path":%3,"message":%4})j"_s
                    .arg(quoted(expected), received, path,
                         quoted(u"Expected "_s + expected + u", received "_s + received)));
}

QJsonObject tooSmall(const QString &path, int minimum)
{
    return issue(
            uR"j({"code":"too_small","minimum":%1,"type":"string","inclusive":true,"exact":false,"path":%2,"message":"String must contain at least %1 character(s)"})j"_s
                    .arg(minimum)
                    .arg(path));
}

QJsonObject tooBig(const QString &path, int maximum)
{
    return issue(
            uR"j({"code":"too_big","maximum":%1,"type":"string","inclusive":true,"exact":false,"path":%2,"message":"String must contain at most %1 character(s)"})j"_s
                    .arg(maximum)
                    .arg(path));
}

QJsonObject custom(const QString &path, const QString &message)
{
    return issue(uR"j({"code":"custom","path":%1,"message":%2})j"_s.arg(path, quoted(message)));
}

const QString requestTypeOptions
        = u"'bug' | 'question' | 'change_request' | 'billing_question' | 'general'"_s;
const QString priorityOptions = u"'low' | 'medium' | 'high' | 'urgent'"_s;
const QString statusOptions = u"'new' | 'triaged' | 'in_progress' | 'closed'"_s;

QJsonObject badEnum(const QString &path, const QString &options, const QString &received)
{
    QStringList names = options.split(u" | "_s);
    for (QString &name : names)
        name = quoted(name.mid(1).chopped(1));
    return issue(
            uR"j({"code":"invalid_enum_value","options":[%1],"received":%2,"path":%3,"message":%4})j"_s
                    .arg(names.join(u','), quoted(received), path,
                         quoted(u"Invalid enum value. Expected "_s + options + u", received '"_s
                                + received + u"'"_s)));
}

QJsonObject unrecognized(const QStringList &keys)
{
    QStringList jsonKeys;
    QStringList messageKeys;
    for (const QString &key : keys) {
        jsonKeys.append(quoted(key));
        messageKeys.append(u'\'' + key + u'\'');
    }
    return issue(uR"j({"code":"unrecognized_keys","keys":[%1],"path":[],"message":%2})j"_s.arg(
            jsonKeys.join(u','),
            quoted(u"Unrecognized key(s) in object: "_s + messageKeys.join(u", "_s))));
}

QJsonObject invalidEmail(const QString &path)
{
    return issue(
            uR"j({"code":"invalid_string","validation":"email","path":%1,"message":"Invalid email"})j"_s
                    .arg(path));
}

// ---- Bodies --------------------------------------------------------------------------------

const QStringList projectRoles
        = {u"frontend"_s, u"backend"_s, u"design"_s, u"qa"_s,    u"ops"_s,     u"docs"_s,
           u"security"_s, u"data"_s,    u"mobile"_s, u"infra"_s, u"support"_s, u"legal"_s};

QJsonObject minimalBody()
{
    return QJsonObject{{u"title"_s, u"Checkout fails"_s},
                       {u"description"_s, u"Pay does nothing on Safari"_s},
                       {u"request_type"_s, u"bug"_s}};
}

QJsonObject with(const QString &key, const QJsonValue &value, QJsonObject body = minimalBody())
{
    if (value.isUndefined())
        body.remove(key);
    else
        body.insert(key, value);
    return body;
}

// Lets a QStringBuilder expression be passed where a JSON value is expected.
QJsonObject with(const QString &key, const QString &value, QJsonObject body = minimalBody())
{
    return with(key, QJsonValue(value), std::move(body));
}

const QJsonValue absent(QJsonValue::Undefined);

QJsonArray roleArray(int count)
{
    QJsonArray roles;
    for (int i = 0; i < count; ++i)
        roles.append(projectRoles.at(i));
    return roles;
}

// {"log":"..."} whose compact UTF-8 form is exactly `bytes` long, built from 2-byte 'ü' so
// that a limit counted in UTF-16 units or in characters would disagree with one in bytes.
QJsonObject evidenceOfBytes(int bytes)
{
    const int overhead = int(QByteArrayView(R"({"log":""})").size());
    const int payload = bytes - overhead;
    return QJsonObject{
            {u"log"_s, QString(QString(payload / 2, u'\u00fc') + QString(payload % 2, u'x'))}};
}

QByteArray compact(const QJsonArray &array)
{
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

QJsonArray issuesOf(const std::initializer_list<QJsonObject> &list)
{
    QJsonArray array;
    for (const QJsonObject &object : list)
        array.append(object);
    return array;
}

// The example of CONTRACT section 2, verbatim, comments and all.
const char contractExample[] = R"json({
  "error": "Validation failed",                 // human-readable message
  "code": "validation_failed",                  // stable machine-readable code for client branching
  "fieldErrors": { "title": "Required", "roles.1": "Unknown role 'cobol'" },  // first message per field path
  "issues": [                                   // structured validation issues, Zod v3 shape
    { "code": "invalid_type", "expected": "string", "received": "undefined",
      "path": ["title"], "message": "Required" },
    { "code": "invalid_enum_value", "options": ["bug","question","change_request","billing_question","general"],
      "received": "feature", "path": ["request_type"], "message": "Invalid enum value. Expected 'bug' | 'question' | 'change_request' | 'billing_question' | 'general', received 'feature'" },
    { "code": "too_big", "maximum": 200, "type": "string", "inclusive": true, "exact": false,
      "path": ["title"], "message": "String must contain at most 200 character(s)" },
    { "code": "unrecognized_keys", "keys": ["assignee"], "path": [], "message": "Unrecognized key(s) in object: 'assignee'" }
  ],
  "retryAfter": 12,                             // seconds until the rate limit resets (429 only)
  "relinkGithub": false                         // 401 only: true if re-linking GitHub may fix it
})json";

// The example as a validation_failed body: comments dropped, and the 429/401-only members too.
QJsonObject contractExampleBody()
{
    QString text = QString::fromUtf8(contractExample);
    text.remove(QRegularExpression(u"//[^\n]*"_s));
    text.remove(QRegularExpression(u",\\s*\"retryAfter\"[^\n]*\\s*\"relinkGithub\": false"_s));
    JsonParseFailure failure = JsonParseFailure::None;
    const auto body = parseJsonObject(text.toUtf8(), &failure);
    if (!body)
        qFatal("contract example does not parse: %d", int(failure));
    return *body;
}

} // namespace

class TestValidation : public QObject
{
    Q_OBJECT

private slots:
    void createIssues_data();
    void createIssues();
    void createNormalizes();
    void createInputRoundTripsThroughItsBody_data();
    void createInputRoundTripsThroughItsBody();
    void contractExampleIssuesOneByOne_data();
    void contractExampleIssuesOneByOne();
    void contractExampleAsOneBody();
    void fieldErrors();
    void onlyConcerns();
    void errorBodies_data();
    void errorBodies();
    void capability_data();
    void capability();
    void capabilityValues();
    void emails_data();
    void emails();
    void transition_data();
    void transition();
    void callerRoles();
};

// ---- Create ticket (CONTRACT 4.2) ----------------------------------------------------------

void TestValidation::createIssues_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<CallerRole>("caller");
    QTest::addColumn<QJsonArray>("expected");

    const CallerRole client = CallerRole::Client;
    const QJsonArray none;
    const QString title = u"[\"title\"]"_s;
    const QString description = u"[\"description\"]"_s;

    QTest::newRow("minimal body is valid") << minimalBody() << client << none;
    QJsonObject full = minimalBody();
    full.insert(u"roles"_s, QJsonArray{u"frontend"_s, u"qa"_s});
    full.insert(u"priority"_s, u"urgent"_s);
    full.insert(u"blocking"_s, true);
    full.insert(u"evidence"_s, QJsonObject{{u"steps"_s, QJsonArray{u"open"_s, u"pay"_s}}});
    full.insert(u"suggested_resolution"_s, u"rebind"_s);
    full.insert(u"implementation_notes"_s, u"see checkout.ts"_s);
    full.insert(u"actor_role"_s, u"user"_s);
    full.insert(u"actor_id"_s, u"u-17"_s);
    full.insert(u"source"_s, u"desktop"_s);
    QTest::newRow("every field set is valid") << full << client << none;
    QTest::newRow("empty strings for optional texts")
            << with(u"suggested_resolution"_s, u""_s,
                    with(u"implementation_notes"_s, u""_s,
                         with(u"actor_role"_s, u""_s, with(u"source"_s, u""_s))))
            << client << none;

    // title: required, 1..200 after trimming, UTF-16 code units.
    QTest::newRow("title missing")
            << with(u"title"_s, absent) << client << issuesOf({required(title)});
    QTest::newRow("title empty") << with(u"title"_s, u""_s) << client
                                 << issuesOf({tooSmall(title, 1)});
    QTest::newRow("title spaces only")
            << with(u"title"_s, u"    "_s) << client << issuesOf({tooSmall(title, 1)});
    QTest::newRow("title tabs and newlines only")
            << with(u"title"_s, u"\t\n\r \n"_s) << client << issuesOf({tooSmall(title, 1)});
    QTest::newRow("title unicode spaces only") << with(u"title"_s, u"\u00a0\u2003\u3000"_s)
                                               << client << issuesOf({tooSmall(title, 1)});
    QTest::newRow("title 1") << with(u"title"_s, u"x"_s) << client << none;
    QTest::newRow("title 200") << with(u"title"_s, QString(200, u'x')) << client << none;
    QTest::newRow("title 201") << with(u"title"_s, QString(201, u'x')) << client
                               << issuesOf({tooBig(title, 200)});
    QTest::newRow("title 200 padded with spaces")
            << with(u"title"_s, u"   "_s + QString(200, u'x') + u"\n "_s) << client << none;
    QTest::newRow("title 201 padded with spaces")
            << with(u"title"_s, u" "_s + QString(201, u'x') + u" "_s) << client
            << issuesOf({tooBig(title, 200)});
    QTest::newRow("title 100 emoji = 200 units")
            << with(u"title"_s, u"\U0001F41B"_s.repeated(100)) << client << none;
    QTest::newRow("title 100 emoji + 1 = 201 units")
            << with(u"title"_s, u"\U0001F41B"_s.repeated(100) + u"!"_s) << client
            << issuesOf({tooBig(title, 200)});
    QTest::newRow("title 67 emoji + 67 x = 201 units")
            << with(u"title"_s, u"\U0001F600x"_s.repeated(67)) << client
            << issuesOf({tooBig(title, 200)});
    QTest::newRow("title 100 combining e + acute = 200 units")
            << with(u"title"_s, u"e\u0301"_s.repeated(100)) << client << none;
    QTest::newRow("title 101 combining e + acute = 202 units")
            << with(u"title"_s, u"e\u0301"_s.repeated(101)) << client
            << issuesOf({tooBig(title, 200)});
    QTest::newRow("title 200 precomposed \u00e9")
            << with(u"title"_s, QString(200, u'\u00e9')) << client << none;

    // description: required, 1..5000, not trimmed.
    QTest::newRow("description missing")
            << with(u"description"_s, absent) << client << issuesOf({required(description)});
    QTest::newRow("description empty")
            << with(u"description"_s, u""_s) << client << issuesOf({tooSmall(description, 1)});
    QTest::newRow("description 1") << with(u"description"_s, u"x"_s) << client << none;
    QTest::newRow("description 5000")
            << with(u"description"_s, QString(5000, u'd')) << client << none;
    QTest::newRow("description 5001") << with(u"description"_s, QString(5001, u'd')) << client
                                      << issuesOf({tooBig(description, 5000)});
    QTest::newRow("description 2500 emoji = 5000 units")
            << with(u"description"_s, u"\U0001F600"_s.repeated(2500)) << client << none;
    QTest::newRow("description 2500 emoji + 1 = 5001 units")
            << with(u"description"_s, u"\U0001F600"_s.repeated(2500) + u"."_s) << client
            << issuesOf({tooBig(description, 5000)});

    // request_type: a required enum.
    const QString requestType = u"[\"request_type\"]"_s;
    for (const QString &type : requestTypeWireNames()) {
        QTest::addRow("request_type %s", qPrintable(type))
                << with(u"request_type"_s, type) << client << none;
    }
    QTest::newRow("request_type missing") << with(u"request_type"_s, absent) << client
                                          << issuesOf({required(requestType, requestTypeOptions)});
    QTest::newRow("request_type feature")
            << with(u"request_type"_s, u"feature"_s) << client
            << issuesOf({badEnum(requestType, requestTypeOptions, u"feature"_s)});
    QTest::newRow("request_type wrong case")
            << with(u"request_type"_s, u"Bug"_s) << client
            << issuesOf({badEnum(requestType, requestTypeOptions, u"Bug"_s)});
    QTest::newRow("request_type empty")
            << with(u"request_type"_s, u""_s) << client
            << issuesOf({badEnum(requestType, requestTypeOptions, QString())});

    // roles: 0..10 unique names of the project; a bot must name at least one.
    const QString roles = u"[\"roles\"]"_s;
    QTest::newRow("roles empty") << with(u"roles"_s, QJsonArray()) << client << none;
    QTest::newRow("roles 1") << with(u"roles"_s, roleArray(1)) << client << none;
    QTest::newRow("roles 10") << with(u"roles"_s, roleArray(10)) << client << none;
    QTest::newRow("roles 11")
            << with(u"roles"_s, roleArray(11)) << client
            << issuesOf({issue(
                       uR"j({"code":"too_big","maximum":10,"type":"array","inclusive":true,"exact":false,"path":["roles"],"message":"Array must contain at most 10 element(s)"})j"_s)});
    QTest::newRow("roles unknown")
            << with(u"roles"_s, QJsonArray{u"frontend"_s, u"cobol"_s}) << client
            << issuesOf({custom(u"[\"roles\",1]"_s, u"Unknown role 'cobol'"_s)});
    QTest::newRow("roles unknown by case")
            << with(u"roles"_s, QJsonArray{u"Frontend"_s}) << client
            << issuesOf({custom(u"[\"roles\",0]"_s, u"Unknown role 'Frontend'"_s)});
    QTest::newRow("roles duplicate")
            << with(u"roles"_s, QJsonArray{u"qa"_s, u"frontend"_s, u"qa"_s}) << client
            << issuesOf({custom(u"[\"roles\",2]"_s, u"Duplicate role 'qa'"_s)});
    QTest::newRow("roles duplicate twice")
            << with(u"roles"_s, QJsonArray{u"qa"_s, u"qa"_s, u"qa"_s}) << client
            << issuesOf({custom(u"[\"roles\",1]"_s, u"Duplicate role 'qa'"_s),
                         custom(u"[\"roles\",2]"_s, u"Duplicate role 'qa'"_s)});
    QTest::newRow("roles unknown and duplicate")
            << with(u"roles"_s, QJsonArray{u"cobol"_s, u"design"_s, u"design"_s}) << client
            << issuesOf({custom(u"[\"roles\",0]"_s, u"Unknown role 'cobol'"_s),
                         custom(u"[\"roles\",2]"_s, u"Duplicate role 'design'"_s)});
    QTest::newRow("roles 11 with an unknown one")
            << with(u"roles"_s, QJsonArray(roleArray(10)) + QJsonValue(u"cobol"_s)) << client
            << issuesOf(
                       {issue(uR"j({"code":"too_big","maximum":10,"type":"array","inclusive":true,"exact":false,"path":["roles"],"message":"Array must contain at most 10 element(s)"})j"_s),
                        custom(u"[\"roles\",10]"_s, u"Unknown role 'cobol'"_s)});
    QTest::newRow("roles element number")
            << with(u"roles"_s, QJsonArray{u"qa"_s, 7}) << client
            << issuesOf({wrongType(u"[\"roles\",1]"_s, u"string"_s, u"number"_s)});
    QTest::newRow("roles element null and unknown: only the type issue")
            << with(u"roles"_s, QJsonArray{u"cobol"_s, QJsonValue()}) << client
            << issuesOf({wrongType(u"[\"roles\",1]"_s, u"string"_s, u"null"_s)});
    QTest::newRow("bot without roles")
            << minimalBody() << CallerRole::Bot
            << issuesOf({custom(roles, u"At least one role is required for bot tickets"_s)});
    QTest::newRow("bot with empty roles")
            << with(u"roles"_s, QJsonArray()) << CallerRole::Bot
            << issuesOf({custom(roles, u"At least one role is required for bot tickets"_s)});
    QTest::newRow("bot with a role") << with(u"roles"_s, roleArray(1)) << CallerRole::Bot << none;
    QTest::newRow("bot with only an unknown role")
            << with(u"roles"_s, QJsonArray{u"cobol"_s}) << CallerRole::Bot
            << issuesOf({custom(u"[\"roles\",0]"_s, u"Unknown role 'cobol'"_s)});
    QTest::newRow("bot with roles of the wrong type")
            << with(u"roles"_s, u"qa"_s) << CallerRole::Bot
            << issuesOf({wrongType(roles, u"array"_s, u"string"_s)});
    QTest::newRow("owner without roles") << minimalBody() << CallerRole::Owner << none;

    // priority, blocking, evidence.
    const QString priority = u"[\"priority\"]"_s;
    for (const QString &name : priorityWireNames()) {
        QTest::addRow("priority %s", qPrintable(name))
                << with(u"priority"_s, name) << client << none;
    }
    QTest::newRow("priority critical")
            << with(u"priority"_s, u"critical"_s) << client
            << issuesOf({badEnum(priority, priorityOptions, u"critical"_s)});
    QTest::newRow("blocking false") << with(u"blocking"_s, false) << client << none;
    const QString evidence = u"[\"evidence\"]"_s;
    QTest::newRow("evidence empty") << with(u"evidence"_s, QJsonObject()) << client << none;
    QTest::newRow("evidence exactly 64 KiB")
            << with(u"evidence"_s, evidenceOfBytes(65536)) << client << none;
    QTest::newRow("evidence 64 KiB + 1 byte")
            << with(u"evidence"_s, evidenceOfBytes(65537)) << client
            << issuesOf(
                       {custom(evidence,
                               u"Evidence must be at most 65536 bytes when serialized as JSON"_s)});
    QTest::newRow("evidence 1 MiB")
            << with(u"evidence"_s, evidenceOfBytes(1 << 20)) << client
            << issuesOf(
                       {custom(evidence,
                               u"Evidence must be at most 65536 bytes when serialized as JSON"_s)});

    // The optional texts and their bounds.
    struct Bound
    {
        QString key;
        int maximum;
    };
    const QList<Bound> bounds = {{u"suggested_resolution"_s, 5000},
                                 {u"implementation_notes"_s, 5000},
                                 {u"actor_role"_s, 64},
                                 {u"actor_id"_s, 128},
                                 {u"source"_s, 64}};
    for (const Bound &bound : bounds) {
        const QString path = u"[\""_s + bound.key + u"\"]"_s;
        QTest::addRow("%s %d", qPrintable(bound.key), bound.maximum)
                << with(bound.key, QString(bound.maximum, u'a')) << client << none;
        QTest::addRow("%s %d", qPrintable(bound.key), bound.maximum + 1)
                << with(bound.key, QString(bound.maximum + 1, u'a')) << client
                << issuesOf({tooBig(path, bound.maximum)});
        QTest::addRow("%s %d emoji + 1", qPrintable(bound.key), bound.maximum / 2)
                << with(bound.key, u"\U0001F600"_s.repeated(bound.maximum / 2) + u"a"_s) << client
                << issuesOf({tooBig(path, bound.maximum)});
    }

    // A wrong JSON type for every field, several per field.
    struct Wrong
    {
        QString key;
        QString expected;
        QList<QJsonValue> values;
    };
    const QList<QJsonValue> notStrings
            = {QJsonValue(), 42, true, QJsonArray{u"x"_s}, QJsonObject{{u"x"_s, 1}}};
    const QList<Wrong> wrongs = {
            {u"title"_s, u"string"_s, notStrings},
            {u"description"_s, u"string"_s, notStrings},
            {u"request_type"_s, requestTypeOptions, notStrings},
            {u"roles"_s,
             u"array"_s,
             {QJsonValue(), 3, false, u"frontend"_s, QJsonObject{{u"0"_s, u"qa"_s}}}},
            {u"priority"_s, priorityOptions, notStrings},
            {u"blocking"_s,
             u"boolean"_s,
             {QJsonValue(), 0, 1, u"true"_s, QJsonArray{true}, QJsonObject()}},
            {u"evidence"_s,
             u"object"_s,
             {QJsonValue(), 1, true, u"{}"_s, QJsonArray{QJsonObject()}}},
            {u"suggested_resolution"_s, u"string"_s, notStrings},
            {u"implementation_notes"_s, u"string"_s, notStrings},
            {u"actor_role"_s, u"string"_s, notStrings},
            {u"actor_id"_s, u"string"_s, notStrings},
            {u"source"_s, u"string"_s, notStrings},
    };
    const auto received = [](const QJsonValue &value) {
        switch (value.type()) {
        case QJsonValue::Null:
            return u"null"_s;
        case QJsonValue::Bool:
            return u"boolean"_s;
        case QJsonValue::Double:
            return u"number"_s;
        case QJsonValue::String:
            return u"string"_s;
        case QJsonValue::Array:
            return u"array"_s;
        default:
            return u"object"_s;
        }
    };
    for (const Wrong &wrong : wrongs) {
        for (const QJsonValue &value : wrong.values) {
            const QString got = received(value);
            QTest::addRow("%s as %s", qPrintable(wrong.key), qPrintable(got))
                    << with(wrong.key, value) << client
                    << issuesOf({wrongType(u"[\""_s + wrong.key + u"\"]"_s, wrong.expected, got)});
        }
    }

    // Unknown keys, reported last and sorted.
    QTest::newRow("one unknown key") << with(u"assignee"_s, u"olive"_s) << client
                                     << issuesOf({unrecognized({u"assignee"_s})});
    QTest::newRow("two unknown keys")
            << with(u"zeta"_s, 1, with(u"assignee"_s, u"olive"_s)) << client
            << issuesOf({unrecognized({u"assignee"_s, u"zeta"_s})});
    QTest::newRow("unknown key with a quote")
            << with(u"it's"_s, 1) << client << issuesOf({unrecognized({u"it's"_s})});
    QTest::newRow("camelCase spelling is unknown")
            << with(u"requestType"_s, u"bug"_s, with(u"request_type"_s, absent)) << client
            << issuesOf({required(requestType, requestTypeOptions),
                         unrecognized({u"requestType"_s})});
    QTest::newRow("project_id belongs in the URL")
            << with(u"project_id"_s, u"2489E9AD-2EE2-8E00-8EC9-32D5F69181C0"_s) << client
            << issuesOf({unrecognized({u"project_id"_s})});

    // Everything at once, in field-table order, unknown keys last.
    QJsonObject many{{u"description"_s, QString(5001, u'd')},
                     {u"request_type"_s, u"feature"_s},
                     {u"roles"_s, QJsonArray{u"frontend"_s, u"cobol"_s, u"frontend"_s}},
                     {u"priority"_s, 3},
                     {u"blocking"_s, u"yes"_s},
                     {u"evidence"_s, QJsonArray()},
                     {u"suggested_resolution"_s, QString(5001, u's')},
                     {u"implementation_notes"_s, QJsonValue()},
                     {u"actor_role"_s, QString(65, u'r')},
                     {u"actor_id"_s, 17},
                     {u"source"_s, QString(65, u's')},
                     {u"assignee"_s, u"olive"_s},
                     {u"labels"_s, QJsonArray()}};
    QTest::newRow("every field wrong at once")
            << many << CallerRole::Bot
            << issuesOf({required(title), tooBig(description, 5000),
                         badEnum(requestType, requestTypeOptions, u"feature"_s),
                         custom(u"[\"roles\",1]"_s, u"Unknown role 'cobol'"_s),
                         custom(u"[\"roles\",2]"_s, u"Duplicate role 'frontend'"_s),
                         wrongType(priority, priorityOptions, u"number"_s),
                         wrongType(u"[\"blocking\"]"_s, u"boolean"_s, u"string"_s),
                         wrongType(evidence, u"object"_s, u"array"_s),
                         tooBig(u"[\"suggested_resolution\"]"_s, 5000),
                         wrongType(u"[\"implementation_notes\"]"_s, u"string"_s, u"null"_s),
                         tooBig(u"[\"actor_role\"]"_s, 64),
                         wrongType(u"[\"actor_id\"]"_s, u"string"_s, u"number"_s),
                         tooBig(u"[\"source\"]"_s, 64),
                         unrecognized({u"assignee"_s, u"labels"_s})});
    QTest::newRow("empty body")
            << QJsonObject() << CallerRole::Bot
            << issuesOf({required(title), required(description),
                         required(requestType, requestTypeOptions),
                         custom(roles, u"At least one role is required for bot tickets"_s)});
}

void TestValidation::createIssues()
{
    QFETCH(QJsonObject, body);
    QFETCH(CallerRole, caller);
    QFETCH(QJsonArray, expected);
    const auto result = validateCreateTicket(body, {caller, projectRoles});
    QCOMPARE(compact(result.issues.issues()), compact(expected));
    QCOMPARE(result.ok(), expected.isEmpty());
    QCOMPARE(result.issues.isEmpty(), expected.isEmpty());
    QCOMPARE(result.issues.size(), expected.size());
}

void TestValidation::createNormalizes()
{
    const CreateTicketContext context{CallerRole::Client, projectRoles};
    // Defaults of the field table are applied; the actor fields stay unset for the server.
    auto result = validateCreateTicket(with(u"title"_s, u"  Checkout fails \n"_s), context);
    QVERIFY(result.ok());
    CreateTicketInput expected;
    expected.title = u"Checkout fails"_s;
    expected.description = u"Pay does nothing on Safari"_s;
    expected.requestType = RequestType::Bug;
    QCOMPARE(*result.value, expected);
    QCOMPARE(result.value->priority, Priority::Medium);
    QVERIFY(!result.value->blocking);
    QVERIFY(result.value->roles.isEmpty());
    QVERIFY(result.value->evidence.isEmpty());
    QVERIFY(!result.value->actorRole && !result.value->actorId && !result.value->source);

    // The description keeps its spaces: only the title is trimmed.
    result = validateCreateTicket(with(u"description"_s, u"  indented\n"_s), context);
    QVERIFY(result.ok());
    QCOMPARE(result.value->description, u"  indented\n"_s);

    // Given values arrive as given, in order.
    QJsonObject body = minimalBody();
    body.insert(u"roles"_s, QJsonArray{u"qa"_s, u"frontend"_s});
    body.insert(u"priority"_s, u"low"_s);
    body.insert(u"blocking"_s, true);
    body.insert(u"actor_id"_s, u"someone-else"_s);
    body.insert(u"source"_s, u""_s);
    result = validateCreateTicket(body, context);
    QVERIFY(result.ok());
    QCOMPARE(result.value->roles, (QStringList{u"qa"_s, u"frontend"_s}));
    QCOMPARE(result.value->priority, Priority::Low);
    QVERIFY(result.value->blocking);
    QCOMPARE(result.value->actorId, u"someone-else"_s);
    QCOMPARE(result.value->source, QString());
    QCOMPARE(result.value->actorRole, std::nullopt);

    // A failed validation never hands out a half-filled value.
    result = validateCreateTicket(with(u"title"_s, absent), context);
    QVERIFY(!result.value);
}

void TestValidation::createInputRoundTripsThroughItsBody_data()
{
    QTest::addColumn<CreateTicketInput>("input");
    QTest::addColumn<QStringList>("keys");

    CreateTicketInput plain;
    plain.title = u"Question about invoices"_s;
    plain.description = u"Why two?"_s;
    plain.requestType = RequestType::BillingQuestion;
    QStringList base = {u"blocking"_s, u"description"_s,  u"evidence"_s, u"implementation_notes"_s,
                        u"priority"_s, u"request_type"_s, u"roles"_s,    u"suggested_resolution"_s,
                        u"title"_s};
    QTest::newRow("defaults, no actor fields") << plain << base;

    CreateTicketInput full = plain;
    full.roles = {u"design"_s};
    full.priority = Priority::High;
    full.blocking = true;
    full.evidence = QJsonObject{{u"url"_s, u"https://example.test/shot.png"_s}};
    full.suggestedResolution = u"Merge them"_s;
    full.implementationNotes = u"billing.ts"_s;
    full.actorRole = u"agent"_s;
    full.actorId = u"u-42"_s;
    full.source = u"desktop"_s;
    QStringList all = base + QStringList{u"actor_id"_s, u"actor_role"_s, u"source"_s};
    all.sort();
    QTest::newRow("every field") << full << all;

    CreateTicketInput emptyActor = plain;
    emptyActor.source = QString();
    QStringList withSource = base + QStringList{u"source"_s};
    withSource.sort();
    QTest::newRow("empty but set source is sent") << emptyActor << withSource;
}

void TestValidation::createInputRoundTripsThroughItsBody()
{
    QFETCH(CreateTicketInput, input);
    QFETCH(QStringList, keys);
    // What the app sends must be accepted by the same rules the server applies.
    const QJsonObject body = input.toJson();
    QCOMPARE(body.keys(), keys);
    const auto result = validateCreateTicket(body, {CallerRole::Bot, projectRoles});
    if (input.roles.isEmpty()) {
        QVERIFY(result.issues.onlyConcerns(u"roles"_s)); // bots must name roles
        return;
    }
    QVERIFY(result.ok());
    QCOMPARE(*result.value, input);
    const auto asClient = validateCreateTicket(body, {CallerRole::Client, projectRoles});
    QVERIFY(asClient.ok());
    QCOMPARE(*asClient.value, input);
}

// ---- The example of CONTRACT section 2 -----------------------------------------------------

void TestValidation::contractExampleIssuesOneByOne_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<QJsonObject>("body");

    // The example's four issues cannot all come from one body (a title cannot be both missing
    // and too long), so each is produced by its own body and must match byte for byte.
    QTest::newRow("title missing") << 0 << with(u"title"_s, absent);
    QTest::newRow("request_type feature") << 1 << with(u"request_type"_s, u"feature"_s);
    QTest::newRow("title too long") << 2 << with(u"title"_s, QString(201, u'T'));
    QTest::newRow("assignee") << 3 << with(u"assignee"_s, u"u-olive"_s);
}

void TestValidation::contractExampleIssuesOneByOne()
{
    QFETCH(int, index);
    QFETCH(QJsonObject, body);
    const QJsonArray exampleIssues = contractExampleBody().value(u"issues"_s).toArray();
    QCOMPARE(exampleIssues.size(), 4);
    const auto result = validateCreateTicket(body, {CallerRole::Client, projectRoles});
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(toCompactJson(result.issues.issues().first().toObject()),
             toCompactJson(exampleIssues.at(index).toObject()));
}

void TestValidation::contractExampleAsOneBody()
{
    // The closest single body to the example: no title, request_type "feature", roles with the
    // unknown "cobol" (the example's fieldErrors name "roles.1"), and an extra "assignee".
    QJsonObject body = minimalBody();
    body.remove(u"title"_s);
    body.insert(u"request_type"_s, u"feature"_s);
    body.insert(u"roles"_s, QJsonArray{u"frontend"_s, u"cobol"_s});
    body.insert(u"assignee"_s, u"u-olive"_s);
    const auto result = validateCreateTicket(body, {CallerRole::Client, projectRoles});
    const QJsonObject actual = errorBody(ErrorCode::ValidationFailed, {}, &result.issues);

    // The example, changed only where it contradicts itself:
    // 1. the too_big title issue goes (this title is missing, so it cannot also be too long);
    // 2. the "roles.1" fieldError needs its issue, in field-table order after request_type;
    // 3. fieldErrors holds the first message of every path, so request_type's is added.
    QJsonObject expected = contractExampleBody();
    QJsonArray issues = expected.value(u"issues"_s).toArray();
    QCOMPARE(issues.at(2).toObject().value(u"code"_s).toString(), u"too_big"_s);
    issues.removeAt(2);
    issues.insert(2, custom(u"[\"roles\",1]"_s, u"Unknown role 'cobol'"_s));
    expected.insert(u"issues"_s, issues);
    QJsonObject fieldErrors = expected.value(u"fieldErrors"_s).toObject();
    fieldErrors.insert(u"request_type"_s, issues.at(1).toObject().value(u"message"_s));
    expected.insert(u"fieldErrors"_s, fieldErrors);

    QCOMPARE(toCompactJson(actual), toCompactJson(expected));
    // And what the example shows unchanged is all there.
    const QJsonObject example = contractExampleBody();
    QCOMPARE(actual.value(u"error"_s), example.value(u"error"_s));
    QCOMPARE(actual.value(u"code"_s), example.value(u"code"_s));
    const QJsonObject exampleFieldErrors = example.value(u"fieldErrors"_s).toObject();
    for (auto it = exampleFieldErrors.begin(); it != exampleFieldErrors.end(); ++it)
        QCOMPARE(actual.value(u"fieldErrors"_s).toObject().value(it.key()), it.value());
}

// ---- ValidationIssues ----------------------------------------------------------------------

void TestValidation::fieldErrors()
{
    ValidationIssues issues;
    QCOMPARE(issues.fieldErrors(), QJsonObject());
    issues.add(required(u"[\"title\"]"_s));
    issues.add(custom(u"[\"roles\",1]"_s, u"Unknown role 'cobol'"_s));
    issues.add(custom(u"[\"roles\",1]"_s, u"second message for the same path"_s));
    issues.add(custom(u"[\"evidence\",\"links\",0]"_s, u"bad link"_s));
    issues.add(unrecognized({u"assignee"_s}));
    const QJsonObject expected{{u"title"_s, u"Required"_s},
                               {u"roles.1"_s, u"Unknown role 'cobol'"_s},
                               {u"evidence.links.0"_s, u"bad link"_s}};
    QCOMPARE(toCompactJson(issues.fieldErrors()), toCompactJson(expected));
    QCOMPARE(issues.size(), 5);
}

void TestValidation::onlyConcerns()
{
    ValidationIssues issues;
    QVERIFY(!issues.onlyConcerns(u"requester_email"_s));
    issues.add(invalidEmail(u"[\"requester_email\"]"_s));
    QVERIFY(issues.onlyConcerns(u"requester_email"_s));
    QVERIFY(!issues.onlyConcerns(u"requester"_s));
    issues.add(required(u"[\"requester_email\"]"_s));
    QVERIFY(issues.onlyConcerns(u"requester_email"_s));
    issues.add(unrecognized({u"x"_s}));
    QVERIFY(!issues.onlyConcerns(u"requester_email"_s));
    QVERIFY(!issues.onlyConcerns(QString()));
}

void TestValidation::errorBodies_data()
{
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("message");
    QTest::addColumn<bool>("withIssues");
    QTest::addColumn<QJsonObject>("extra");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("not found, default message")
            << ErrorCode::NotFound << QString() << false << QJsonObject()
            << R"j({"code":"not_found","error":"Not found"})j"_ba;
    QTest::newRow("own message")
            << ErrorCode::Forbidden << u"No right to project Web app"_s << false << QJsonObject()
            << R"j({"code":"forbidden","error":"No right to project Web app"})j"_ba;
    QTest::newRow("rate limited with retryAfter")
            << ErrorCode::RateLimited << QString() << false << QJsonObject{{u"retryAfter"_s, 12}}
            << R"j({"code":"rate_limited","error":"Too many requests","retryAfter":12})j"_ba;
    QTest::newRow("github link expired")
            << ErrorCode::GithubLinkExpired << QString() << false
            << QJsonObject{{u"relinkGithub"_s, true}}
            << R"j({"code":"github_link_expired","error":"GitHub link expired","relinkGithub":true})j"_ba;
    QTest::newRow("invalid transition with allowed")
            << ErrorCode::InvalidTransition << QString() << false
            << QJsonObject{{u"allowed"_s, QJsonArray{u"triaged"_s, u"closed"_s}}}
            << R"j({"allowed":["triaged","closed"],"code":"invalid_transition","error":"Invalid transition"})j"_ba;
    QTest::newRow("validation failed with issues")
            << ErrorCode::ValidationFailed << QString() << true << QJsonObject()
            << R"j({"code":"validation_failed","error":"Validation failed","fieldErrors":{"title":"Required"},"issues":[{"code":"invalid_type","expected":"string","message":"Required","path":["title"],"received":"undefined"}]})j"_ba;
}

void TestValidation::errorBodies()
{
    QFETCH(ErrorCode, code);
    QFETCH(QString, message);
    QFETCH(bool, withIssues);
    QFETCH(QJsonObject, extra);
    QFETCH(QByteArray, expected);
    const auto result = validateCreateTicket(with(u"title"_s, absent), {});
    const QJsonObject body = errorBody(code, message, withIssues ? &result.issues : nullptr, extra);
    QCOMPARE(toCompactJson(body), expected);
}

// ---- Capability input (CONTRACT 4.3, seed 002) ---------------------------------------------

namespace {
QJsonObject capabilityBody()
{
    return QJsonObject{{u"requester_name"_s, u"Rita Requester"_s},
                       {u"requester_email"_s, u"rita@example.com"_s},
                       {u"kind"_s, u"bug"_s},
                       {u"subject"_s, u"Export is empty"_s},
                       {u"body"_s, u"The CSV export has no rows."_s}};
}
QJsonObject capWith(const QString &key, const QJsonValue &value,
                    const QJsonObject &body = capabilityBody())
{
    return with(key, value, body);
}
QJsonObject capWith(const QString &key, const QString &value)
{
    return with(key, QJsonValue(value), capabilityBody());
}
} // namespace

void TestValidation::capability_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QJsonArray>("expected");
    QTest::addColumn<CapabilityError>("error"); // meaningful when expected is not empty

    const QJsonArray none;
    const auto input = CapabilityError::InvalidInput;
    const auto email = CapabilityError::InvalidEmail;
    const QString emailPath = u"[\"requester_email\"]"_s;

    // The seed's own conformance checks, by their names.
    QTest::newRow("happy_path") << capabilityBody() << none << input;
    QTest::newRow("rejects_invalid_kind")
            << capWith(u"kind"_s, u"feature"_s)
            << issuesOf({badEnum(u"[\"kind\"]"_s, requestTypeOptions, u"feature"_s)}) << input;

    QTest::newRow("with project_id and agent_vendor")
            << capWith(u"agent_vendor"_s, u"anthropic"_s,
                       capWith(u"project_id"_s, u"2489e9ad-2ee2-8e00-8ec9-32d5f69181c0"_s))
            << none << input;
    for (const QString &kind : requestTypeWireNames())
        QTest::addRow("kind %s", qPrintable(kind)) << capWith(u"kind"_s, kind) << none << input;

    QTest::newRow("requester_name empty")
            << capWith(u"requester_name"_s, u""_s)
            << issuesOf({tooSmall(u"[\"requester_name\"]"_s, 1)}) << input;
    QTest::newRow("requester_name very long is fine")
            << capWith(u"requester_name"_s, QString(10000, u'n')) << none << input;
    QTest::newRow("subject 200") << capWith(u"subject"_s, QString(200, u's')) << none << input;
    QTest::newRow("subject 201") << capWith(u"subject"_s, QString(201, u's'))
                                 << issuesOf({tooBig(u"[\"subject\"]"_s, 200)}) << input;
    QTest::newRow("subject 100 emoji + 1")
            << capWith(u"subject"_s, u"\U0001F600"_s.repeated(100) + u"s"_s)
            << issuesOf({tooBig(u"[\"subject\"]"_s, 200)}) << input;
    QTest::newRow("subject empty")
            << capWith(u"subject"_s, u""_s) << issuesOf({tooSmall(u"[\"subject\"]"_s, 1)}) << input;
    QTest::newRow("body 5000") << capWith(u"body"_s, QString(5000, u'b')) << none << input;
    QTest::newRow("body 5001") << capWith(u"body"_s, QString(5001, u'b'))
                               << issuesOf({tooBig(u"[\"body\"]"_s, 5000)}) << input;
    QTest::newRow("body empty") << capWith(u"body"_s, u""_s)
                                << issuesOf({tooSmall(u"[\"body\"]"_s, 1)}) << input;

    for (const QString &key :
         {u"requester_name"_s, u"requester_email"_s, u"subject"_s, u"body"_s}) {
        QTest::addRow("%s missing", qPrintable(key))
                << capWith(key, absent) << issuesOf({required(u"[\""_s + key + u"\"]"_s)})
                << (key == u"requester_email" ? email : input);
        QTest::addRow("%s number", qPrintable(key))
                << capWith(key, 5)
                << issuesOf({wrongType(u"[\""_s + key + u"\"]"_s, u"string"_s, u"number"_s)})
                << (key == u"requester_email" ? email : input);
    }
    QTest::newRow("kind missing") << capWith(u"kind"_s, absent)
                                  << issuesOf({required(u"[\"kind\"]"_s, requestTypeOptions)})
                                  << input;
    QTest::newRow("project_id null")
            << capWith(u"project_id"_s, QJsonValue())
            << issuesOf({wrongType(u"[\"project_id\"]"_s, u"string"_s, u"null"_s)}) << input;
    QTest::newRow("agent_vendor number")
            << capWith(u"agent_vendor"_s, 1)
            << issuesOf({wrongType(u"[\"agent_vendor\"]"_s, u"string"_s, u"number"_s)}) << input;
    QTest::newRow("additional property") << capWith(u"priority"_s, u"high"_s)
                                         << issuesOf({unrecognized({u"priority"_s})}) << input;

    // invalid_email exactly when the email is the only problem.
    QTest::newRow("invalid_email") << capWith(u"requester_email"_s, u"rita.example.com"_s)
                                   << issuesOf({invalidEmail(emailPath)}) << email;
    QTest::newRow("empty email") << capWith(u"requester_email"_s, u""_s)
                                 << issuesOf({invalidEmail(emailPath)}) << email;
    QTest::newRow("bad email and bad kind")
            << capWith(u"kind"_s, u"feature"_s, capWith(u"requester_email"_s, u"rita@"_s))
            << issuesOf({invalidEmail(emailPath),
                         badEnum(u"[\"kind\"]"_s, requestTypeOptions, u"feature"_s)})
            << input;
    QTest::newRow("bad email and an extra key")
            << with(u"x"_s, 1, capWith(u"requester_email"_s, u"rita@"_s))
            << issuesOf({invalidEmail(emailPath), unrecognized({u"x"_s})}) << input;
    QTest::newRow("empty body") << QJsonObject()
                                << issuesOf({required(u"[\"requester_name\"]"_s),
                                             required(emailPath),
                                             required(u"[\"kind\"]"_s, requestTypeOptions),
                                             required(u"[\"subject\"]"_s),
                                             required(u"[\"body\"]"_s)})
                                << input;
}

void TestValidation::capability()
{
    QFETCH(QJsonObject, body);
    QFETCH(QJsonArray, expected);
    QFETCH(CapabilityError, error);
    const auto result = validateCapabilityInput(body);
    QCOMPARE(compact(result.issues.issues()), compact(expected));
    QCOMPARE(result.ok(), expected.isEmpty());
    if (!expected.isEmpty())
        QCOMPARE(toWire(capabilityInputError(result.issues)), toWire(error));
}

void TestValidation::capabilityValues()
{
    QJsonObject body = capabilityBody();
    body.insert(u"kind"_s, u"change_request"_s);
    body.insert(u"agent_vendor"_s, u"anthropic"_s);
    const auto result = validateCapabilityInput(body);
    QVERIFY(result.ok());
    QCOMPARE(result.value->requesterName, u"Rita Requester"_s);
    QCOMPARE(result.value->requesterEmail, u"rita@example.com"_s);
    QCOMPARE(result.value->kind, RequestType::ChangeRequest);
    QCOMPARE(result.value->subject, u"Export is empty"_s);
    QCOMPARE(result.value->body, u"The CSV export has no rows."_s);
    QCOMPARE(result.value->projectId, std::nullopt); // general inbox
    QCOMPARE(result.value->agentVendor, u"anthropic"_s);
}

void TestValidation::emails_data()
{
    QTest::addColumn<QString>("email");
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << u"rita@example.com"_s << true;
    QTest::newRow("subdomain") << u"olive@mail.switchback.test"_s << true;
    QTest::newRow("plus tag") << u"carl+tickets@client.test"_s << true;
    QTest::newRow("dots in local part") << u"first.last@example.org"_s << true;
    QTest::newRow("hyphenated domain") << u"a@my-company.co.uk"_s << true;
    QTest::newRow("digits") << u"42@example.io"_s << true;
    QTest::newRow("upper case") << u"RITA@EXAMPLE.COM"_s << true;
    QTest::newRow("apostrophe") << u"o'neil@example.ie"_s << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("no at") << u"rita.example.com"_s << false;
    QTest::newRow("two ats") << u"rita@@example.com"_s << false;
    QTest::newRow("no domain") << u"rita@"_s << false;
    QTest::newRow("no local part") << u"@example.com"_s << false;
    QTest::newRow("no tld") << u"rita@localhost"_s << false;
    QTest::newRow("one-letter tld") << u"rita@example.c"_s << false;
    QTest::newRow("space inside") << u"rita smith@example.com"_s << false;
    QTest::newRow("leading space") << u" rita@example.com"_s << false;
    QTest::newRow("trailing newline") << u"rita@example.com\n"_s << false;
    QTest::newRow("leading dot") << u".rita@example.com"_s << false;
    QTest::newRow("trailing dot in local part") << u"rita.@example.com"_s << false;
    QTest::newRow("double dot") << u"ri..ta@example.com"_s << false;
    QTest::newRow("domain starts with hyphen") << u"rita@-example.com"_s << false;
    QTest::newRow("domain double dot") << u"rita@example..com"_s << false;
    QTest::newRow("display name") << u"Rita <rita@example.com>"_s << false;
}

void TestValidation::emails()
{
    QFETCH(QString, email);
    QFETCH(bool, valid);
    QCOMPARE(isValidEmail(email), valid);
    const auto result = validateCapabilityInput(capWith(u"requester_email"_s, email));
    QCOMPARE(result.ok(), valid);
}

// ---- Transition (CONTRACT 4.5) -------------------------------------------------------------

void TestValidation::transition_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QJsonArray>("expected");

    const QJsonArray none;
    const QString version = u"[\"expected_version\"]"_s;
    for (const TicketStatus status : allTicketStatuses()) {
        QTest::addRow("to %s", qPrintable(toWire(status)))
                << QJsonObject{{u"to"_s, toWire(status)}} << none;
    }
    QTest::newRow("to missing") << QJsonObject{{u"note"_s, u"x"_s}}
                                << issuesOf({required(u"[\"to\"]"_s, statusOptions)});
    QTest::newRow("to done") << QJsonObject{{u"to"_s, u"done"_s}}
                             << issuesOf({badEnum(u"[\"to\"]"_s, statusOptions, u"done"_s)});
    QTest::newRow("to number") << QJsonObject{{u"to"_s, 2}}
                               << issuesOf({wrongType(u"[\"to\"]"_s, statusOptions, u"number"_s)});
    QTest::newRow("note 2000") << QJsonObject{{u"to"_s, u"closed"_s},
                                              {u"note"_s, QString(2000, u'n')}}
                               << none;
    QTest::newRow("note 2001") << QJsonObject{{u"to"_s, u"closed"_s},
                                              {u"note"_s, QString(2001, u'n')}}
                               << issuesOf({tooBig(u"[\"note\"]"_s, 2000)});
    QTest::newRow("note 1000 emoji + 1")
            << QJsonObject{{u"to"_s, u"closed"_s},
                           {u"note"_s, QString(u"\U0001F600"_s.repeated(1000) + u"n"_s)}}
            << issuesOf({tooBig(u"[\"note\"]"_s, 2000)});
    QTest::newRow("note null") << QJsonObject{{u"to"_s, u"closed"_s}, {u"note"_s, QJsonValue()}}
                               << issuesOf({wrongType(u"[\"note\"]"_s, u"string"_s, u"null"_s)});
    QTest::newRow("expected_version 1")
            << QJsonObject{{u"to"_s, u"triaged"_s}, {u"expected_version"_s, 1}} << none;
    QTest::newRow("expected_version large")
            << QJsonObject{{u"to"_s, u"triaged"_s}, {u"expected_version"_s, 2147483647}} << none;
    QTest::newRow("expected_version 0")
            << QJsonObject{{u"to"_s, u"triaged"_s}, {u"expected_version"_s, 0}}
            << issuesOf({issue(
                       uR"j({"code":"too_small","minimum":1,"type":"number","inclusive":true,"exact":false,"path":["expected_version"],"message":"Number must be greater than or equal to 1"})j"_s)});
    QTest::newRow("expected_version 2.5")
            << QJsonObject{{u"to"_s, u"triaged"_s}, {u"expected_version"_s, 2.5}}
            << issuesOf({issue(
                       uR"j({"code":"invalid_type","expected":"integer","received":"float","path":["expected_version"],"message":"Expected integer, received float"})j"_s)});
    QTest::newRow("expected_version string")
            << QJsonObject{{u"to"_s, u"triaged"_s}, {u"expected_version"_s, u"3"_s}}
            << issuesOf({wrongType(version, u"number"_s, u"string"_s)});
    QTest::newRow("expected_version null")
            << QJsonObject{{u"to"_s, u"triaged"_s}, {u"expected_version"_s, QJsonValue()}}
            << issuesOf({wrongType(version, u"number"_s, u"null"_s)});
    QTest::newRow("expected_version beyond int")
            << QJsonObject{{u"to"_s, u"triaged"_s}, {u"expected_version"_s, 4294967296.0}}
            << issuesOf({issue(
                       uR"j({"code":"too_big","maximum":2147483647,"type":"number","inclusive":true,"exact":false,"path":["expected_version"],"message":"Number must be less than or equal to 2147483647"})j"_s)});
    QTest::newRow("unknown members are refused")
            << QJsonObject{{u"to"_s, u"in_progress"_s}, {u"foo"_s, 1}, {u"expectedVersion"_s, 2}}
            << issuesOf({issue(
                       uR"j({"code":"unrecognized_keys","keys":["expectedVersion","foo"],"path":[],"message":"Unrecognized key(s) in object: 'expectedVersion', 'foo'"})j"_s)});
    QTest::newRow("everything wrong")
            << QJsonObject{{u"to"_s, u"Closed"_s}, {u"note"_s, 1}, {u"expected_version"_s, false}}
            << issuesOf({badEnum(u"[\"to\"]"_s, statusOptions, u"Closed"_s),
                         wrongType(u"[\"note\"]"_s, u"string"_s, u"number"_s),
                         wrongType(version, u"number"_s, u"boolean"_s)});
}

void TestValidation::transition()
{
    QFETCH(QJsonObject, body);
    QFETCH(QJsonArray, expected);
    const auto result = validateTransition(body);
    QCOMPARE(compact(result.issues.issues()), compact(expected));
    QCOMPARE(result.ok(), expected.isEmpty());
    if (!result.ok())
        return;
    QCOMPARE(toWire(result.value->to), body.value(u"to"_s).toString());
    QCOMPARE(result.value->note, body.value(u"note"_s).toString());
    if (body.contains(u"expected_version"_s))
        QCOMPARE(result.value->expectedVersion, body.value(u"expected_version"_s).toInt());
    else
        QCOMPARE(result.value->expectedVersion, std::nullopt);
}

void TestValidation::callerRoles()
{
    for (const CallerRole role : {CallerRole::Owner, CallerRole::Client, CallerRole::Bot})
        QCOMPARE(callerRoleFromWire(toWire(role)), role);
    QCOMPARE(toWire(CallerRole::Bot), u"bot"_s);
    QCOMPARE(callerRoleFromWire(u"admin"), std::nullopt);
}

QTEST_APPLESS_MAIN(TestValidation)
#include "tst_validation.moc"
