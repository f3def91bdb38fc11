#include "fakenetworkaccessmanager.h"

#include "core/json.h"
#include "core/validation.h"

#include <QBuffer>
#include <QJsonDocument>
#include <cstring>

using namespace Qt::StringLiterals;

namespace td::test {

namespace {

QByteArray verbOf(QNetworkAccessManager::Operation operation, const QNetworkRequest &request)
{
    switch (operation) {
    case QNetworkAccessManager::HeadOperation:
        return "HEAD";
    case QNetworkAccessManager::GetOperation:
        return "GET";
    case QNetworkAccessManager::PutOperation:
        return "PUT";
    case QNetworkAccessManager::PostOperation:
        return "POST";
    case QNetworkAccessManager::DeleteOperation:
        return "DELETE";
    default:
        return request.attribute(QNetworkRequest::CustomVerbAttribute).toByteArray();
    }
}

// The QNetworkReply error Qt's HTTP backend reports alongside a non-2xx status.
QNetworkReply::NetworkError errorForStatus(int status)
{
    switch (status) {
    case 401:
        return QNetworkReply::AuthenticationRequiredError;
    case 403:
        return QNetworkReply::ContentAccessDenied;
    case 404:
        return QNetworkReply::ContentNotFoundError;
    case 405:
        return QNetworkReply::ContentOperationNotPermittedError;
    case 409:
        return QNetworkReply::ContentConflictError;
    case 410:
        return QNetworkReply::ContentGoneError;
    case 500:
        return QNetworkReply::InternalServerError;
    case 501:
        return QNetworkReply::OperationNotImplementedError;
    case 503:
        return QNetworkReply::ServiceUnavailableError;
    default:
        if (status >= 500)
            return QNetworkReply::UnknownServerError;
        if (status >= 400)
            return QNetworkReply::UnknownContentError;
        return QNetworkReply::NoError;
    }
}

FakeRequest makeRequest(QNetworkAccessManager::Operation operation, const QNetworkRequest &request,
                        QIODevice *outgoingData)
{
    FakeRequest fake;
    fake.verb = verbOf(operation, request);
    fake.request = request;
    if (outgoingData)
        fake.body = outgoingData->readAll();
    return fake;
}

// Forwards to a real reply and, once it is done, reports a reset connection instead.
class DroppedReply : public QNetworkReply
{
public:
    DroppedReply(QNetworkReply *real, bool hang, std::function<void()> onDropped, QObject *parent)
        : QNetworkReply(parent)
        , m_real(real)
    {
        setRequest(real->request());
        setUrl(real->url());
        setOperation(real->operation());
        open(QIODevice::ReadOnly);
        real->setParent(this);
        connect(real, &QNetworkReply::finished, this, [this, hang, onDropped] {
            if (isFinished())
                return;
            onDropped();
            if (!hang)
                finishWith(QNetworkReply::RemoteHostClosedError, u"Connection closed"_s);
        });
    }
    void abort() override
    {
        if (isFinished())
            return;
        m_real->abort();
        finishWith(QNetworkReply::OperationCanceledError, u"Operation canceled"_s);
    }

protected:
    qint64 readData(char *, qint64) override { return -1; }

private:
    void finishWith(NetworkError error, const QString &text)
    {
        setError(error, text);
        setFinished(true);
        Q_EMIT errorOccurred(error);
        Q_EMIT finished();
    }
    QNetworkReply *m_real;
};

} // namespace

Ticket fakeTicket(qint64 number, qint64 seq, const QString &projectId)
{
    Ticket ticket;
    ticket.id = u"00000000-0000-4000-8000-%1"_s.arg(number, 12, 10, QLatin1Char('0'));
    ticket.number = number;
    ticket.tenant = u"switchback-engineering"_s;
    if (!projectId.isEmpty())
        ticket.projectId = projectId;
    ticket.title = u"Ticket %1"_s.arg(number);
    ticket.description = u"Steps to reproduce ticket %1"_s.arg(number);
    ticket.requestType = RequestType::Bug;
    ticket.priority = Priority::High;
    ticket.roles = {u"frontend"_s};
    ticket.requester = {u"Carl Client"_s, u"carl@client.test"_s};
    ticket.actorRole = u"user"_s;
    ticket.actorId = u"u-carl"_s;
    ticket.source = u"portal"_s;
    ticket.seq = seq;
    ticket.createdAt = QDateTime(QDate(2026, 11, 22), QTime(9, 0), Qt::UTC).addSecs(number);
    ticket.updatedAt = ticket.createdAt;
    return ticket;
}

QJsonObject FakeRequest::json() const
{
    return QJsonDocument::fromJson(body).object();
}

FakeScript jsonScript(int status, const QJsonObject &body,
                      QList<QPair<QByteArray, QByteArray>> headers)
{
    FakeScript script;
    script.status = status;
    script.body = toCompactJson(body);
    script.headers = std::move(headers);
    return script;
}

FakeScript errorScript(ErrorCode code, const QJsonObject &extra,
                       QList<QPair<QByteArray, QByteArray>> headers)
{
    QJsonObject body = errorBody(code, {}, nullptr, extra);
    if (code == ErrorCode::Unauthenticated || code == ErrorCode::TokenRevoked
        || code == ErrorCode::GithubLinkExpired)
        headers.append(qMakePair("WWW-Authenticate"_ba, "Bearer"_ba));
    return jsonScript(httpStatus(code), body, std::move(headers));
}

FakeReply::FakeReply(QNetworkAccessManager::Operation operation, const QNetworkRequest &request,
                     FakeScript script, QObject *parent)
    : QNetworkReply(parent)
    , m_script(std::move(script))
{
    setRequest(request);
    setUrl(request.url());
    setOperation(operation);
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);

    m_transferTimer.setSingleShot(true);
    connect(&m_transferTimer, &QTimer::timeout, this,
            [this] { fail(OperationCanceledError, u"Operation canceled"_s); });
    if (request.transferTimeout() > 0)
        m_transferTimer.start(request.transferTimeout());

    if (!m_script.hang) {
        m_answerTimer.setSingleShot(true);
        connect(&m_answerTimer, &QTimer::timeout, this, &FakeReply::respond);
        m_answerTimer.start(m_script.delayMs);
    }
}

void FakeReply::abort()
{
    if (!m_done)
        fail(OperationCanceledError, u"Operation canceled"_s);
}

qint64 FakeReply::bytesAvailable() const
{
    return m_buffer.size() - m_position + QNetworkReply::bytesAvailable();
}

qint64 FakeReply::readData(char *data, qint64 maxSize)
{
    const qint64 count = qMin(maxSize, qint64(m_buffer.size()) - m_position);
    if (count <= 0)
        return m_done ? -1 : 0;
    memcpy(data, m_buffer.constData() + m_position, size_t(count));
    m_position += count;
    return count;
}

void FakeReply::respond()
{
    if (m_done)
        return;
    if (m_script.transportError) {
        fail(*m_script.transportError, u"Scripted network failure"_s);
        return;
    }
    m_transferTimer.stop();
    setAttribute(QNetworkRequest::HttpStatusCodeAttribute, m_script.status);
    setAttribute(QNetworkRequest::HttpReasonPhraseAttribute, "Scripted"_ba);
    setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    setHeader(QNetworkRequest::ContentLengthHeader, m_script.body.size());
    for (const auto &[name, value] : std::as_const(m_script.headers))
        setRawHeader(name, value);
    Q_EMIT metaDataChanged();

    if (m_script.resetAfterBytes >= 0) {
        m_buffer = m_script.body.left(m_script.resetAfterBytes);
        Q_EMIT readyRead();
        fail(RemoteHostClosedError, u"Connection closed"_s);
        return;
    }
    m_buffer = m_script.body;
    m_done = true;
    Q_EMIT readyRead();
    const NetworkError error = errorForStatus(m_script.status);
    if (error != NoError) {
        setError(error, u"Server replied: %1"_s.arg(m_script.status));
        Q_EMIT errorOccurred(error);
    }
    setFinished(true);
    Q_EMIT finished();
}

void FakeReply::fail(NetworkError error, const QString &text)
{
    if (m_done)
        return;
    m_done = true;
    m_answerTimer.stop();
    m_transferTimer.stop();
    setError(error, text);
    setFinished(true);
    Q_EMIT errorOccurred(error);
    Q_EMIT finished();
}

FakeNetworkAccessManager::FakeNetworkAccessManager(QObject *parent)
    : QNetworkAccessManager(parent)
{}

void FakeNetworkAccessManager::addOneShotOverride(Handler handler)
{
    auto used = std::make_shared<bool>(false);
    addOverride([handler = std::move(handler),
                 used](const FakeRequest &request) -> std::optional<FakeScript> {
        if (*used)
            return std::nullopt;
        auto script = handler(request);
        if (script)
            *used = true;
        return script;
    });
}

int FakeNetworkAccessManager::count(const QByteArray &verb, const QString &pathPrefix) const
{
    int n = 0;
    for (const FakeRequest &request : m_requests) {
        if (request.verb == verb && request.path().startsWith(pathPrefix))
            ++n;
    }
    return n;
}

QNetworkReply *FakeNetworkAccessManager::createRequest(Operation operation,
                                                       const QNetworkRequest &request,
                                                       QIODevice *outgoingData)
{
    const FakeRequest fake = makeRequest(operation, request, outgoingData);
    m_requests.append(fake);
    std::optional<FakeScript> script;
    for (const Handler &handler : std::as_const(m_overrides)) {
        script = handler(fake);
        if (script)
            break;
    }
    if (!script && m_handler)
        script = m_handler(fake);
    if (!script)
        script = errorScript(ErrorCode::NotFound);
    return new FakeReply(operation, request, *script, this);
}

QNetworkReply *ResponseDroppingNetworkAccessManager::createRequest(Operation operation,
                                                                   const QNetworkRequest &request,
                                                                   QIODevice *outgoingData)
{
    const FakeRequest fake = makeRequest(operation, request, outgoingData);
    QBuffer *body = nullptr;
    if (outgoingData) {
        // The original device was drained for the log; the real request needs its own copy.
        body = new QBuffer;
        body->setData(fake.body);
        body->open(QIODevice::ReadOnly);
    }
    QNetworkReply *real = QNetworkAccessManager::createRequest(operation, request, body);
    if (body)
        body->setParent(real);
    if (!m_drop || !m_drop(fake))
        return real;
    ++m_dropped;
    return new DroppedReply(
            real, m_hang, [this] { Q_EMIT responseDropped(); }, this);
}

} // namespace td::test
