#include "requestframer.h"

#include <QList>

namespace td::http {

namespace {

// A chunk-size line longer than this is not a chunk-size line (extensions included).
constexpr qsizetype MaxChunkLine = 1024;

// The methods handed on. QHttpServer's parser drops a connection silently on a method it does
// not know (and treats CONNECT as an upgrade), so the front answers 400 for the rest itself.
constexpr QByteArrayView KnownMethods[]
        = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};

bool isKnownMethodPrefix(QByteArrayView partial, bool complete)
{
    for (const QByteArrayView method : KnownMethods) {
        if (complete ? method == partial : method.startsWith(partial))
            return true;
    }
    return false;
}

// RFC 9110 tchar: what a header name may consist of. Whitespace or a control byte inside a
// name is how a proxy and this server are made to disagree about a header (smuggling).
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isHexDigit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// A CR that does not end a line: some parsers treat it as a line break, others as part of a
// value, so a proxy in front may see other headers than we do.
bool hasBareCr(QByteArrayView bytes)
{
    for (qsizetype i = bytes.indexOf('\r'); i >= 0; i = bytes.indexOf('\r', i + 1)) {
        if (i + 1 >= bytes.size() || bytes[i + 1] != '\n')
            return true;
    }
    return false;
}

// Strips the line end (CRLF or LF) of one complete line.
QByteArrayView withoutLineEnd(QByteArrayView line)
{
    if (line.endsWith('\n'))
        line.chop(1);
    if (line.endsWith('\r'))
        line.chop(1);
    return line;
}

bool isTargetChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u != 0x7f;
}

QByteArrayView trimmed(QByteArrayView v)
{
    while (!v.isEmpty() && (v.front() == ' ' || v.front() == '\t'))
        v = v.sliced(1);
    while (!v.isEmpty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r'))
        v = v.chopped(1);
    return v;
}

bool equalsIgnoreCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && QByteArrayView(a).compare(b, Qt::CaseInsensitive) == 0;
}

// The request line must look like "METHOD SP target SP HTTP/1.x"; QHttpServer answers a broken
// one by closing silently, while the contract wants a 400.
bool parseRequestLine(QByteArrayView line, FramedHead *head)
{
    const qsizetype sp1 = line.indexOf(' ');
    if (sp1 <= 0)
        return false;
    const qsizetype sp2 = line.indexOf(' ', sp1 + 1);
    if (sp2 <= sp1 + 1 || line.indexOf(' ', sp2 + 1) >= 0)
        return false;
    const QByteArrayView method = line.first(sp1);
    const QByteArrayView target = line.sliced(sp1 + 1, sp2 - sp1 - 1);
    const QByteArrayView version = line.sliced(sp2 + 1);
    if (!isKnownMethodPrefix(method, true))
        return false;
    for (const char c : target) {
        if (!isTargetChar(c))
            return false;
    }
    if (version != "HTTP/1.1" && version != "HTTP/1.0")
        return false;
    head->method = method.toByteArray();
    head->target = target.toByteArray();
    head->http10 = version == "HTTP/1.0";
    return true;
}

// Splits "name: value" when the line is a well-formed header field line: a name of token
// characters right before the colon (no whitespace in or after it, no obsolete line folding).
bool splitFieldLine(QByteArrayView line, QByteArrayView *name, QByteArrayView *value)
{
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return false;
    for (const char c : line.first(colon)) {
        if (!isTokenChar(c))
            return false;
    }
    *name = line.first(colon);
    *value = trimmed(line.sliced(colon + 1));
    return true;
}

// The trailer section of a chunked body (after the last chunk), as collected.
bool trailersWellFormed(QByteArrayView section)
{
    while (!section.isEmpty()) {
        const qsizetype nl = section.indexOf('\n');
        const QByteArrayView line = withoutLineEnd(nl < 0 ? section : section.first(nl + 1));
        section = nl < 0 ? QByteArrayView() : section.sliced(nl + 1);
        QByteArrayView name, value;
        if (!line.isEmpty() && !splitFieldLine(line, &name, &value))
            return false;
    }
    return true;
}

} // namespace

RequestFramer::RequestFramer(int maxHeadBytes, qint64 maxBodyBytes)
    : m_maxHead(maxHeadBytes)
    , m_maxBody(maxBodyBytes)
{}

std::optional<ErrorCode> RequestFramer::fail(ErrorCode code)
{
    m_state = State::Failed;
    return code;
}

std::optional<ErrorCode> RequestFramer::feed(QByteArrayView bytes)
{
    qsizetype i = 0;
    const qsizetype n = bytes.size();
    while (i < n) {
        switch (m_state) {
        case State::Failed:
            return ErrorCode::InvalidJson;
        case State::Idle: {
            // Empty lines before a request line are allowed (and some clients send a CRLF
            // after a POST body).
            const char c = bytes[i];
            if (m_idleCr && c != '\n')
                return fail(ErrorCode::InvalidJson); // a bare CR
            if (c == '\r' || c == '\n') {
                m_idleCr = c == '\r';
                ++i;
                break;
            }
            m_state = State::Head;
            m_line.clear();
            break;
        }
        case State::Head: {
            const bool firstLineDone = m_line.contains('\n');
            const qsizetype nl = bytes.indexOf('\n', i);
            const qsizetype end = nl < 0 ? n : nl + 1;
            m_line.append(bytes.sliced(i, end - i));
            i = end;
            if (m_line.size() > m_maxHead)
                return fail(ErrorCode::HeadersTooLarge);
            if (!firstLineDone) {
                // Reject a broken method early: QHttpServer would drop the connection on its
                // first wrong byte, before we could answer 400.
                qsizetype methodEnd = 0;
                while (methodEnd < m_line.size() && m_line.at(methodEnd) != ' '
                       && m_line.at(methodEnd) != '\r' && m_line.at(methodEnd) != '\n') {
                    ++methodEnd;
                }
                const bool methodDone = methodEnd < m_line.size();
                if (!isKnownMethodPrefix(QByteArrayView(m_line).first(methodEnd), methodDone))
                    return fail(ErrorCode::InvalidJson);
                if (nl >= 0) {
                    FramedHead probe;
                    QByteArrayView first = QByteArrayView(m_line).first(m_line.indexOf('\n'));
                    if (first.endsWith('\r'))
                        first.chop(1);
                    if (hasBareCr(first) || !parseRequestLine(first, &probe))
                        return fail(ErrorCode::InvalidJson);
                    m_requestLine = probe;
                }
            }
            if (nl >= 0 && (m_line.endsWith("\n\r\n") || m_line.endsWith("\n\n"))) {
                if (auto error = finishHead())
                    return error;
            }
            break;
        }
        case State::Body: {
            const qint64 take = qMin<qint64>(m_remaining, n - i);
            i += take;
            m_remaining -= take;
            if (m_remaining == 0)
                completeRequest();
            break;
        }
        case State::ChunkSize: {
            const qsizetype nl = bytes.indexOf('\n', i);
            const qsizetype end = nl < 0 ? n : nl + 1;
            m_line.append(bytes.sliced(i, end - i));
            m_bodyWire += end - i;
            i = end;
            if (m_line.size() > MaxChunkLine)
                return fail(ErrorCode::InvalidJson);
            if (nl < 0)
                break;
            // chunk-size is 1*HEXDIG, nothing before it; only BWS and a chunk extension may
            // follow. "0x5", "+5", " 5" or "5 " are read differently by different parsers.
            const QByteArrayView line = withoutLineEnd(QByteArrayView(m_line));
            if (hasBareCr(line))
                return fail(ErrorCode::InvalidJson);
            qsizetype digits = 0;
            while (digits < line.size() && isHexDigit(line[digits]))
                ++digits;
            if (digits == 0)
                return fail(ErrorCode::InvalidJson);
            const QByteArrayView after = line.sliced(digits);
            QByteArrayView rest = after;
            while (!rest.isEmpty() && (rest.front() == ' ' || rest.front() == '\t'))
                rest = rest.sliced(1);
            if (rest.isEmpty() ? !after.isEmpty() : rest.front() != ';')
                return fail(ErrorCode::InvalidJson); // only ";ext" may follow, after BWS
            QByteArrayView sizeText = line.first(digits);
            while (sizeText.size() > 1 && sizeText.front() == '0')
                sizeText = sizeText.sliced(1);
            if (sizeText.size() > 15)
                return fail(ErrorCode::PayloadTooLarge);
            bool ok = false;
            const qint64 size = sizeText.toLongLong(&ok, 16);
            if (!ok || size < 0)
                return fail(ErrorCode::InvalidJson);
            m_bodyTotal += size;
            if (m_bodyTotal > m_maxBody)
                return fail(ErrorCode::PayloadTooLarge);
            m_line.clear();
            if (size == 0) {
                m_state = State::Trailers;
            } else {
                m_remaining = size;
                m_state = State::ChunkData;
            }
            break;
        }
        case State::ChunkData: {
            const qint64 take = qMin<qint64>(m_remaining, n - i);
            i += take;
            m_remaining -= take;
            m_bodyWire += take;
            if (m_remaining == 0)
                m_state = State::ChunkDataEnd;
            break;
        }
        case State::ChunkDataEnd: {
            const char c = bytes[i++];
            ++m_bodyWire;
            if (c == '\n') {
                m_state = State::ChunkSize;
                m_line.clear();
            } else if (c != '\r' || !m_line.isEmpty()) {
                return fail(ErrorCode::InvalidJson);
            } else {
                m_line.append(c);
            }
            break;
        }
        case State::Trailers: {
            const qsizetype nl = bytes.indexOf('\n', i);
            const qsizetype end = nl < 0 ? n : nl + 1;
            m_line.append(bytes.sliced(i, end - i));
            m_bodyWire += end - i;
            i = end;
            if (m_line.size() > m_maxHead)
                return fail(ErrorCode::HeadersTooLarge);
            if (nl < 0)
                break;
            if (m_line == "\r\n" || m_line == "\n" || m_line.endsWith("\n\r\n")
                || m_line.endsWith("\n\n")) {
                // QHttpServer reads trailers as headers: the same rules as for the head.
                if (hasBareCr(m_line) || !trailersWellFormed(m_line))
                    return fail(ErrorCode::InvalidJson);
                completeRequest();
            }
            break;
        }
        }
        // The whole request stays in the socket's buffer until QHttpServer has all of it, so the
        // framing overhead of a chunked body counts too (tiny chunks cost 5+ bytes each).
        if (m_bodyWire > m_maxBody + m_maxHead)
            return fail(ErrorCode::PayloadTooLarge);
    }
    return std::nullopt;
}

std::optional<ErrorCode> RequestFramer::finishHead()
{
    FramedHead head;
    const QList<QByteArrayView> lines = [this] {
        QList<QByteArrayView> out;
        QByteArrayView rest(m_line);
        while (!rest.isEmpty()) {
            const qsizetype nl = rest.indexOf('\n');
            QByteArrayView line = nl < 0 ? rest : rest.first(nl);
            if (line.endsWith('\r'))
                line.chop(1);
            out.append(line);
            rest = nl < 0 ? QByteArrayView() : rest.sliced(nl + 1);
        }
        return out;
    }();
    if (hasBareCr(m_line) || lines.isEmpty() || !parseRequestLine(lines.first(), &head))
        return fail(ErrorCode::InvalidJson);

    bool haveLength = false;
    bool haveTransferEncoding = false;
    for (qsizetype k = 1; k < lines.size(); ++k) {
        const QByteArrayView line = lines.at(k);
        if (line.isEmpty())
            break;                  // end of head
        QByteArrayView name, value; // a leading space (obsolete line folding) fails here too
        if (!splitFieldLine(line, &name, &value))
            return fail(ErrorCode::InvalidJson);
        if (equalsIgnoreCase(name, "content-length")) {
            // Even two equal values are refused: a proxy may keep the first, another the last,
            // and one that joins them reads "5, 5".
            if (haveLength)
                return fail(ErrorCode::InvalidJson);
            if (value.isEmpty() || value.size() > 18)
                return fail(value.isEmpty() ? ErrorCode::InvalidJson : ErrorCode::PayloadTooLarge);
            for (const char c : value) {
                if (c < '0' || c > '9')
                    return fail(ErrorCode::InvalidJson);
            }
            haveLength = true;
            head.contentLength = value.toLongLong();
        } else if (equalsIgnoreCase(name, "transfer-encoding")) {
            haveTransferEncoding = true;
            const qsizetype comma = value.lastIndexOf(',');
            const QByteArrayView last = trimmed(comma < 0 ? value : value.sliced(comma + 1));
            head.chunked = equalsIgnoreCase(last, "chunked");
        } else if (equalsIgnoreCase(name, "expect")) {
            head.expectContinue = equalsIgnoreCase(value, "100-continue");
        }
    }
    // Both framings at once is how requests get smuggled past proxies; a transfer coding
    // other than chunked cannot be framed at all.
    if (haveTransferEncoding && (haveLength || !head.chunked || head.http10))
        return fail(ErrorCode::InvalidJson);

    m_line.clear();
    m_bodyTotal = 0;
    m_bodyWire = 0;
    m_head = head;
    if (head.contentLength > m_maxBody)
        return fail(ErrorCode::PayloadTooLarge);
    m_continueWanted = head.expectContinue && !head.http10 && (head.chunked || head.contentLength);
    if (head.chunked) {
        m_state = State::ChunkSize;
    } else if (head.contentLength > 0) {
        m_remaining = head.contentLength;
        m_state = State::Body;
    } else {
        completeRequest();
    }
    return std::nullopt;
}

void RequestFramer::completeRequest()
{
    if (m_head)
        m_completed.append(*m_head);
    m_head.reset();
    m_requestLine.reset();
    m_line.clear();
    m_remaining = 0;
    m_bodyTotal = 0;
    m_bodyWire = 0;
    m_continueWanted = false;
    m_state = State::Idle;
}

QList<FramedHead> RequestFramer::takeCompleted()
{
    return std::exchange(m_completed, {});
}

bool RequestFramer::takeContinueWanted()
{
    return std::exchange(m_continueWanted, false);
}

} // namespace td::http
