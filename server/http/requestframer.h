#pragma once

#include "core/errorcode.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <optional>

namespace td::http {

// What the framer learned from one request head: only what it needs to find where the request
// ends. Everything else (header values, URL, body) is parsed by QHttpServer.
struct FramedHead
{
    QByteArray method;
    QByteArray target; // raw request-target as sent, for the access log of front errors
    bool http10 = false;
    bool expectContinue = false;
    qint64 contentLength = 0;
    bool chunked = false;
};

// Tracks request boundaries on one connection as bytes arrive, so the front can enforce the
// contract's size limits before QHttpServer buffers a body. Deliberately not an HTTP parser:
// it reads the request line, Content-Length, Transfer-Encoding and Expect, and counts bytes.
// It is strict where parsers are known to disagree (request smuggling, CONTRACT 1 v1.1): header
// names are tokens, a CR only ends a line, one Content-Length, chunk sizes are bare hex digits.
class RequestFramer
{
public:
    RequestFramer(int maxHeadBytes, qint64 maxBodyBytes);

    // Feeds newly received bytes. Returns an error as soon as the stream breaks a limit or
    // cannot be framed; the framer then stays failed.
    std::optional<ErrorCode> feed(QByteArrayView bytes);

    // Requests received completely since the last takeCompleted(), in order.
    QList<FramedHead> takeCompleted();
    // True while a request has started (at least one byte) but is not complete.
    bool inRequest() const { return m_state != State::Idle; }
    // The head of the request being received, once its head is complete.
    const std::optional<FramedHead> &currentHead() const { return m_head; }
    // The request line of the request being received, once that line is complete (for logs).
    const std::optional<FramedHead> &requestLine() const { return m_requestLine; }
    // True once per request whose head asked for "100-continue" and whose body is pending.
    bool takeContinueWanted();
    bool failed() const { return m_state == State::Failed; }

private:
    enum class State { Idle, Head, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Failed };

    std::optional<ErrorCode> fail(ErrorCode code);
    std::optional<ErrorCode> finishHead();
    void completeRequest();

    int m_maxHead;
    qint64 m_maxBody;
    State m_state = State::Idle;
    QByteArray m_line; // head (or chunk-size line, or trailer section) collected so far
    std::optional<FramedHead> m_head;
    std::optional<FramedHead> m_requestLine;
    QList<FramedHead> m_completed;
    qint64 m_remaining = 0; // bytes left of the body or of the current chunk
    qint64 m_bodyTotal = 0; // decoded body bytes so far (chunked)
    qint64 m_bodyWire = 0;  // body bytes on the wire including chunk framing
    bool m_continueWanted = false;
    bool m_idleCr = false; // between requests, a CR was the last byte (an LF must follow)
};

} // namespace td::http
