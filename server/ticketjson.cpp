#include "ticketjson.h"

#include "core/json.h"

#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>

namespace td::server {

namespace {

// True when every UTF-16 surrogate in `text` is half of a pair. Only then is the UTF-8 below
// what Qt writes; anything else goes through Qt's own writer.
bool wellFormed(QStringView text)
{
    const char16_t *p = text.utf16();
    const char16_t *end = p + text.size();
    for (; p < end; ++p) {
        if (*p < 0xd800 || *p > 0xdfff)
            continue;
        if (*p > 0xdbff || p + 1 == end || p[1] < 0xdc00 || p[1] > 0xdfff)
            return false;
        ++p;
    }
    return true;
}

void appendHex4(QByteArray &out, unsigned value)
{
    static const char digits[] = "0123456789abcdef";
    const char hex[6] = {'\\',
                         'u',
                         digits[(value >> 12) & 0xf],
                         digits[(value >> 8) & 0xf],
                         digits[(value >> 4) & 0xf],
                         digits[value & 0xf]};
    out.append(hex, 6);
}

// A JSON string: quotes, the escapes JSON requires, everything else as UTF-8.
void appendString(QByteArray &out, QStringView text)
{
    out.append('"');
    const char16_t *p = text.utf16();
    const char16_t *end = p + text.size();
    while (p < end) {
        const char16_t *run = p;
        while (p < end && *p >= 0x20 && *p < 0x80 && *p != u'"' && *p != u'\\')
            ++p;
        if (p != run) {
            const qsizetype at = out.size();
            out.resize(at + (p - run));
            char *dst = out.data() + at;
            for (const char16_t *c = run; c < p; ++c)
                *dst++ = char(*c);
        }
        if (p == end)
            break;
        const char16_t c = *p;
        if (c >= 0x80) {
            const char16_t *wide = p;
            while (p < end && *p >= 0x80)
                ++p;
            out.append(QStringView(wide, p - wide).toUtf8());
            continue;
        }
        ++p;
        switch (c) {
        case u'"':
            out.append("\\\"", 2);
            break;
        case u'\\':
            out.append("\\\\", 2);
            break;
        case u'\b':
            out.append("\\b", 2);
            break;
        case u'\f':
            out.append("\\f", 2);
            break;
        case u'\n':
            out.append("\\n", 2);
            break;
        case u'\r':
            out.append("\\r", 2);
            break;
        case u'\t':
            out.append("\\t", 2);
            break;
        default:
            appendHex4(out, c);
        }
    }
    out.append('"');
}

void appendOptional(QByteArray &out, const std::optional<QString> &value)
{
    if (value)
        appendString(out, *value);
    else
        out.append("null", 4);
}

void appendTwo(char *dst, int value)
{
    dst[0] = char('0' + value / 10);
    dst[1] = char('0' + value % 10);
}

// toRfc3339() for years 1000-9999 without QDateTime::toString()'s format parser.
bool appendTime(QByteArray &out, const QDateTime &time)
{
    if (!time.isValid())
        return false;
    const qint64 ms = time.toMSecsSinceEpoch();
    constexpr qint64 DayMs = 24LL * 60 * 60 * 1000;
    qint64 days = ms / DayMs;
    qint64 rest = ms % DayMs;
    if (rest < 0) {
        rest += DayMs;
        --days;
    }
    const QDate date = QDate(1970, 1, 1).addDays(days);
    if (date.year() < 1000 || date.year() > 9999)
        return false;
    char text[26] = "\"0000-00-00T00:00:00.000Z";
    const int year = date.year();
    text[1] = char('0' + year / 1000);
    text[2] = char('0' + year / 100 % 10);
    text[3] = char('0' + year / 10 % 10);
    text[4] = char('0' + year % 10);
    appendTwo(text + 6, date.month());
    appendTwo(text + 9, date.day());
    const int secondsOfDay = int(rest / 1000);
    appendTwo(text + 12, secondsOfDay / 3600);
    appendTwo(text + 15, secondsOfDay / 60 % 60);
    appendTwo(text + 18, secondsOfDay % 60);
    const int millis = int(rest % 1000);
    text[21] = char('0' + millis / 100);
    text[22] = char('0' + millis / 10 % 10);
    text[23] = char('0' + millis % 10);
    out.append(text, 25);
    out.append('"');
    return true;
}

void appendStringArray(QByteArray &out, const QStringList &values)
{
    out.append('[');
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (i)
            out.append(',');
        appendString(out, values.at(i));
    }
    out.append(']');
}

bool allWellFormed(const Ticket &t)
{
    for (const QString *text :
         {&t.id, &t.tenant, &t.title, &t.description, &t.suggestedResolution,
          &t.implementationNotes, &t.requester.name, &t.requester.email, &t.actorRole, &t.source}) {
        if (!wellFormed(*text))
            return false;
    }
    for (const std::optional<QString> *text : {&t.projectId, &t.actorId, &t.agentVendor}) {
        if (*text && !wellFormed(**text))
            return false;
    }
    for (const QString &role : t.roles) {
        if (!wellFormed(role))
            return false;
    }
    return true;
}

} // namespace

QByteArray compactStringArray(const QStringList &values)
{
    for (const QString &value : values) {
        if (!wellFormed(value))
            return QJsonDocument(QJsonArray::fromStringList(values)).toJson(QJsonDocument::Compact);
    }
    QByteArray out;
    out.reserve(64);
    appendStringArray(out, values);
    return out;
}

QByteArray ticketJson(const Ticket &t)
{
    if (!allWellFormed(t))
        return toCompactJson(t.toJson());
    QByteArray out;
    out.reserve(640 + t.description.size() + t.title.size());
    // Qt's QJsonObject keeps its keys sorted, so that is the order its writer uses.
    out.append("{\"actor_id\":");
    appendOptional(out, t.actorId);
    out.append(",\"actor_role\":");
    appendString(out, t.actorRole);
    out.append(",\"agent_vendor\":");
    appendOptional(out, t.agentVendor);
    out.append(",\"blocking\":");
    out.append(t.blocking ? "true" : "false");
    out.append(",\"created_at\":");
    if (!appendTime(out, t.createdAt))
        return toCompactJson(t.toJson());
    out.append(",\"description\":");
    appendString(out, t.description);
    out.append(",\"evidence\":");
    if (t.evidence.isEmpty())
        out.append("{}", 2);
    else
        out.append(QJsonDocument(t.evidence).toJson(QJsonDocument::Compact));
    out.append(",\"id\":");
    appendString(out, t.id);
    out.append(",\"implementation_notes\":");
    appendString(out, t.implementationNotes);
    out.append(",\"number\":");
    out.append(QByteArray::number(t.number));
    out.append(",\"priority\":");
    appendString(out, toWire(t.priority));
    out.append(",\"project_id\":");
    appendOptional(out, t.projectId);
    out.append(",\"request_type\":");
    appendString(out, toWire(t.requestType));
    out.append(",\"requester\":{\"email\":");
    appendString(out, t.requester.email);
    out.append(",\"name\":");
    appendString(out, t.requester.name);
    out.append("},\"roles\":");
    appendStringArray(out, t.roles);
    out.append(",\"seq\":");
    out.append(QByteArray::number(t.seq));
    out.append(",\"source\":");
    appendString(out, t.source);
    out.append(",\"status\":");
    appendString(out, toWire(t.status));
    out.append(",\"suggested_resolution\":");
    appendString(out, t.suggestedResolution);
    out.append(",\"tenant\":");
    appendString(out, t.tenant);
    out.append(",\"title\":");
    appendString(out, t.title);
    out.append(",\"updated_at\":");
    if (!appendTime(out, t.updatedAt))
        return toCompactJson(t.toJson());
    out.append(",\"version\":");
    out.append(QByteArray::number(t.version));
    out.append('}');
    return out;
}

} // namespace td::server
