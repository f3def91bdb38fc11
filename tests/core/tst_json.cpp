#include "core/json.h"
#include "coretestprint.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace td;

namespace {

// {"a":[{"a":[{}]}]} style nesting, alternating objects and arrays, `depth` levels deep.
QByteArray nested(int depth)
{
    QByteArray open;
    QByteArray close;
    for (int level = 0; level < depth; ++level) {
        open += level % 2 == 0 ? "{" : "\"a\":[";
        close.prepend(level % 2 == 0 ? '}' : ']');
    }
    return open + close;
}

} // namespace

class TestJson : public QObject
{
    Q_OBJECT

private slots:
    void nestingHelperIsValid();
    void depth_data();
    void depth();
    void parse_data();
    void parse();
    void hostileNestingIsCheap();
    void compactSerialization();
    void arrayElements_data();
    void arrayElements();
    void arrayElementsRefused_data();
    void arrayElementsRefused();
};

void TestJson::nestingHelperIsValid()
{
    // Guards the helper itself: every size it builds is real JSON of that depth.
    for (int depth = 1; depth <= 40; ++depth) {
        const QByteArray text = nested(depth);
        QCOMPARE(jsonNestingDepth(text, 100), depth);
        QVERIFY2(parseJsonObject(text, nullptr, 100), text.constData());
    }
}

void TestJson::depth_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("expected");
    QTest::newRow("flat object") << R"({"a":1})"_ba << 32 << 1;
    QTest::newRow("scalar") << "42"_ba << 32 << 0;
    QTest::newRow("empty") << QByteArray() << 32 << 0;
    QTest::newRow("siblings do not add up") << R"({"a":[1],"b":{"c":[]},"d":[[2]]})"_ba << 32 << 3;
    QTest::newRow("brackets in a string") << R"({"a":"[[[[{{{{"})"_ba << 32 << 1;
    QTest::newRow("escaped quote keeps the string open")
            << R"({"a":"\"[[[[", "b":[1]})"_ba << 32 << 2;
    QTest::newRow("escaped backslash closes the string")
            << R"({"a":"\\", "b":[[1]]})"_ba << 32 << 3;
    QTest::newRow("brackets in a key") << R"({"[[[":{"]]]":1}})"_ba << 32 << 2;
    QTest::newRow("exactly at the limit") << nested(32) << 32 << 32;
    QTest::newRow("one past the limit") << nested(33) << 32 << -1;
    QTest::newRow("small custom limit") << nested(3) << 2 << -1;
}

void TestJson::depth()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, limit);
    QFETCH(int, expected);
    QCOMPARE(jsonNestingDepth(bytes, limit), expected);
}

void TestJson::parse_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<JsonParseFailure>("expected");
    using F = JsonParseFailure;
    QTest::newRow("object") << R"({"title":"x"})"_ba << F::None;
    QTest::newRow("empty object") << "{}"_ba << F::None;
    QTest::newRow("whitespace around") << " \n{ } \t"_ba << F::None;
    QTest::newRow("depth 32") << nested(32) << F::None;
    QTest::newRow("depth 33") << nested(33) << F::TooDeep;
    QTest::newRow("depth 33 of arrays")
            << "{\"a\":" + QByteArray(32, '[') + QByteArray(32, ']') + "}" << F::TooDeep;
    QTest::newRow("depth 32 of arrays")
            << "{\"a\":" + QByteArray(31, '[') + QByteArray(31, ']') + "}" << F::None;
    QTest::newRow("deep brackets inside a string")
            << "{\"a\":\"" + QByteArray(100, '[') + "\"}" << F::None;
    QTest::newRow("too deep even though malformed") << QByteArray(40, '{') << F::TooDeep;
    QTest::newRow("empty") << QByteArray() << F::Malformed;
    QTest::newRow("truncated") << R"({"title":"x")"_ba << F::Malformed;
    QTest::newRow("trailing comma") << R"({"a":1,})"_ba << F::Malformed;
    QTest::newRow("single quotes") << "{'a':1}"_ba << F::Malformed;
    QTest::newRow("unbalanced close") << "{}}"_ba << F::Malformed;
    QTest::newRow("two objects") << "{}{}"_ba << F::Malformed;
    QTest::newRow("garbage") << "title=x"_ba << F::Malformed;
    QTest::newRow("invalid utf-8") << "{\"a\":\"\xff\"}"_ba << F::Malformed;
    QTest::newRow("whitespace only") << " \n "_ba << F::Malformed;
    QTest::newRow("two scalars") << "1,2"_ba << F::Malformed;
    QTest::newRow("broken array") << "[1,"_ba << F::Malformed;
    QTest::newRow("array") << "[1,2]"_ba << F::NotAnObject;
    QTest::newRow("empty array") << "[]"_ba << F::NotAnObject;
    QTest::newRow("string") << R"("hello")"_ba << F::NotAnObject;
    QTest::newRow("number") << "42"_ba << F::NotAnObject;
    QTest::newRow("null") << "null"_ba << F::NotAnObject;
    QTest::newRow("true") << "true"_ba << F::NotAnObject;
}

void TestJson::parse()
{
    QFETCH(QByteArray, bytes);
    QFETCH(JsonParseFailure, expected);
    JsonParseFailure failure = JsonParseFailure::Malformed;
    if (expected == JsonParseFailure::Malformed)
        failure = JsonParseFailure::None;
    const std::optional<QJsonObject> object = parseJsonObject(bytes, &failure);
    QCOMPARE(failure, expected);
    QCOMPARE(object.has_value(), expected == JsonParseFailure::None);
    // Callers that do not care why may pass no failure pointer.
    QCOMPARE(parseJsonObject(bytes).has_value(), expected == JsonParseFailure::None);
}

void TestJson::hostileNestingIsCheap()
{
    // A 4 MiB "[[[[..." must be refused by the scan, without Qt's parser building anything.
    const QByteArray hostile = "{\"a\":" + QByteArray(4 * 1024 * 1024, '[');
    QElapsedTimer timer;
    timer.start();
    JsonParseFailure failure = JsonParseFailure::None;
    QVERIFY(!parseJsonObject(hostile, &failure));
    QCOMPARE(failure, JsonParseFailure::TooDeep);
    QVERIFY2(timer.elapsed() < 1000, QByteArray::number(timer.elapsed()).constData());
}

void TestJson::compactSerialization()
{
    const QJsonObject object{{u"b"_s, QJsonArray{1, u"x"_s}},
                             {u"a"_s, u"\u00fc\U0001F600"_s},
                             {u"c"_s, QJsonObject{}}};
    const QByteArray compact = toCompactJson(object);
    // UTF-8, no whitespace, keys sorted: the bytes the 64 KiB evidence limit counts.
    QCOMPARE(compact, "{\"a\":\"\xc3\xbc\xf0\x9f\x98\x80\",\"b\":[1,\"x\"],\"c\":{}}"_ba);
    QCOMPARE(parseJsonObject(compact), object);
}

void TestJson::arrayElements_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<QList<QByteArray>>("expected");
    QTest::newRow("compact") << R"({"tickets":[{"a":1},{"b":[2,3]}],"next_since":5})"_ba
                             << QList<QByteArray>{R"({"a":1})"_ba, R"({"b":[2,3]})"_ba};
    QTest::newRow("key last, other members first, spaces and newlines kept inside")
            << "{ \"next_since\" : 7 ,\n \"has_more\":false,\"tickets\" : [\n  { \"a\" : 1 } ,\n"
               "  {\"x\":null}\n ]\n}\n"_ba
            << QList<QByteArray>{"{ \"a\" : 1 }"_ba, R"({"x":null})"_ba};
    QTest::newRow("the same key nested in another member first")
            << R"({"meta":{"tickets":[{"no":1}]},"tickets":[{"yes":1}]})"_ba
            << QList<QByteArray>{R"({"yes":1})"_ba};
    QTest::newRow("strings with brackets, quotes and backslashes")
            << R"({"tickets":[{"t":"]},{\"[","u":"\\"},{"v":"\u0022}"}]})"_ba
            << QList<QByteArray>{R"({"t":"]},{\"[","u":"\\"})"_ba, R"({"v":"\u0022}"})"_ba};
    QTest::newRow("scalars and arrays as elements")
            << R"({"tickets":[1, -2.5e3 ,true,null,"s",[{}]]})"_ba
            << QList<QByteArray>{"1"_ba, "-2.5e3"_ba, "true"_ba, "null"_ba, R"("s")"_ba, "[{}]"_ba};
    QTest::newRow("empty array") << R"({"tickets": [ ]})"_ba << QList<QByteArray>{};
    QTest::newRow("UTF-8 kept byte for byte")
            << "{\"tickets\":[{\"t\":\"\xc3\xbc\xf0\x9f\x98\x80\"}]}"_ba
            << QList<QByteArray>{"{\"t\":\"\xc3\xbc\xf0\x9f\x98\x80\"}"_ba};
}

void TestJson::arrayElements()
{
    QFETCH(QByteArray, document);
    QFETCH(QList<QByteArray>, expected);
    QVERIFY2(parseJsonObject(document), "the test's document must be valid JSON");
    const auto elements = topLevelArrayElements(document, "tickets");
    QVERIFY(elements);
    QList<QByteArray> bytes;
    for (const QByteArrayView element : *elements)
        bytes.append(element.toByteArray());
    QCOMPARE(bytes, expected);
}

void TestJson::arrayElementsRefused_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::newRow("no such member") << R"({"other":[1]})"_ba;
    QTest::newRow("only nested") << R"({"page":{"tickets":[1]}})"_ba;
    QTest::newRow("twice") << R"({"tickets":[1],"tickets":[2]})"_ba;
    QTest::newRow("a key spelled with an escape") << R"({"tick\u0065ts":[1]})"_ba;
    QTest::newRow("not an array") << R"({"tickets":{"a":1}})"_ba;
    QTest::newRow("not an object") << R"([{"tickets":[1]}])"_ba;
    QTest::newRow("cut short") << R"({"tickets":[{"a":1},{"b")"_ba;
    QTest::newRow("empty") << QByteArray();
}

void TestJson::arrayElementsRefused()
{
    QFETCH(QByteArray, document);
    QVERIFY(!topLevelArrayElements(document, "tickets"));
}

QTEST_APPLESS_MAIN(TestJson)
#include "tst_json.moc"
