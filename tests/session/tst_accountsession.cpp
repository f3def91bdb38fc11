// The account session's use cases, built by the SessionFactory the app uses and run against
// the real triagedesk-server on 127.0.0.1. Faults (a lost answer) come from a network manager
// that drops the real server's answer on the way back.
#include "session/accountsession.h"

#include "api/apiclient.h"
#include "core/savedview.h"
#include "store/cachedatabase.h"
#include "store/outbox.h"
#include "store/ticketcache.h"
#include "support/fakenetworkaccessmanager.h"
#include "support/serverprocess.h"
#include "support/testdata.h"
#include "support/testhttpclient.h"
#include "support/testsession.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace td;
namespace data = td::testdata;

class TestAccountSession : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void historyFollowsTheTicketsVersion();
    void chainedTransitionsReachTheServerInOrder();
    void undoTakesBackWhatIsStillQueued();
    void aLostTransitionAnswerIsNotAConflict();
    void aChangeAlreadyMadeByMeIsNotAConflict();
    void theDuplicateWindowKeepsTheUsersText();
    void heldTicketsWaitForTheUser();
    void projectsAreKeptForOfflineUse();
    void savedViewsAreKeptWithTheAccount();
    void aFullDiskIsSaidAndNothingIsQueuedHalfway();
    void withoutATokenNothingIsAskedAndTheSessionSaysSignedOut();
    void aRevokedTokenSignsOutAndSigningInAgainSendsTheOutbox();

private:
    // Signed in through the AccountManager, opened through the factory, started, synced.
    std::unique_ptr<AccountSession> startSession(const QString &token);
    QString createTicket(const QString &title, const QString &description = u"Steps: open."_s);
    QJsonObject serverTicket(const QString &id);
    QList<OutboxItem> items(AccountSession *session)
    {
        return test::allOutboxItems(session->outbox());
    }
    static QJsonObject body(const QString &title, const QString &description)
    {
        return {{u"title"_s, title},
                {u"description"_s, description},
                {u"request_type"_s, u"bug"_s}};
    }

    std::unique_ptr<test::ServerProcess> m_server;
    std::unique_ptr<test::TestHttpClient> m_http;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<test::ResponseDroppingNetworkAccessManager> m_network;
    std::unique_ptr<test::TestAccounts> m_accounts;
    QStringList m_requests; // "GET /api/me token" for every request the app sent
    int m_counter = 0;
};

void TestAccountSession::initTestCase()
{
    m_server = std::make_unique<test::ServerProcess>();
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    m_http = std::make_unique<test::TestHttpClient>(m_server->baseUrl());
}

void TestAccountSession::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_network = std::make_unique<test::ResponseDroppingNetworkAccessManager>();
    m_requests.clear();
    m_network->setDropResponse([this](const test::FakeRequest &request) {
        m_requests.append(
                QString::fromLatin1(request.verb) + u' ' + request.path()
                + (request.header("Authorization").isEmpty() ? u" no-token"_s : u" token"_s));
        return false;
    });
    m_accounts = std::make_unique<test::TestAccounts>(m_network.get(), m_dir->path());
}

void TestAccountSession::cleanup()
{
    m_accounts.reset();
    m_network.reset();
    m_dir.reset();
}

std::unique_ptr<AccountSession> TestAccountSession::startSession(const QString &token)
{
    QString error;
    auto session = m_accounts->signInAndOpen(m_server->baseUrl(), token, &error);
    if (!session) {
        qWarning("no session: %s", qPrintable(error));
        return nullptr;
    }
    QSignalSpy synced(session.get(), &AccountSession::syncFinished);
    session->start();
    if (!synced.wait(15'000))
        return nullptr;
    return session;
}

QString TestAccountSession::createTicket(const QString &title, const QString &description)
{
    const auto result = m_http->post(u"/api/projects/%1/tickets"_s.arg(data::WebProjectId),
                                     body(title, description), data::ClientToken);
    return result.status == 201 ? result.json().value(u"id"_s).toString() : QString();
}

QJsonObject TestAccountSession::serverTicket(const QString &id)
{
    return m_http->get(u"/api/tickets/"_s + id, data::OwnerToken).json();
}

void TestAccountSession::historyFollowsTheTicketsVersion()
{
    const QString id = createTicket(u"History after a change %1"_s.arg(++m_counter));
    QVERIFY(!id.isEmpty());
    auto session = startSession(data::OwnerToken);
    QVERIFY(session);
    // First look: the history is fetched and cached ("created").
    QSignalSpy history(session.get(), &AccountSession::historyChanged);
    (void)session->history(id);
    QVERIFY(history.wait(10'000));
    QCOMPARE(session->history(id).size(), 1);

    // The owner triages it: once the change is back from the server, the cached history is
    // behind the ticket's version and is fetched again, without the user asking.
    const Ticket before = *session->cache()->ticket(id);
    QVERIFY(session->queueTransitions({{id, before.number, before.status, before.version}},
                                      TicketStatus::Triaged, {})
                    .ok());
    QTRY_COMPARE_WITH_TIMEOUT(session->cache()->ticket(id)->version, 2, 10'000);
    (void)session->history(id);
    QTRY_COMPARE_WITH_TIMEOUT(session->cache()->events(id).size(), 2, 10'000);
    const QList<TicketEvent> events = session->history(id);
    QCOMPARE(events.last().type, u"status_changed"_s);
    QCOMPARE(events.last().to, TicketStatus::Triaged);
}

void TestAccountSession::chainedTransitionsReachTheServerInOrder()
{
    const QString id = createTicket(u"Triage then start %1"_s.arg(++m_counter));
    auto session = startSession(data::OwnerToken);
    QVERIFY(session);
    session->setWorkOffline(true);
    const Ticket seen = *session->cache()->ticket(id);
    // T then P on what the user saw (version 1): the second waits one version further on.
    QVERIFY(session->queueTransitions({{id, seen.number, TicketStatus::New, seen.version}},
                                      TicketStatus::Triaged, {})
                    .ok());
    QVERIFY(session->queueTransitions({{id, seen.number, TicketStatus::Triaged, seen.version}},
                                      TicketStatus::InProgress, {})
                    .ok());
    const QList<OutboxItem> queued = items(session.get());
    QCOMPARE(queued.size(), 2);
    QCOMPARE(queued.at(0).payload.value(u"expected_version"_s).toInt(), 1);
    QCOMPARE(queued.at(1).payload.value(u"expected_version"_s).toInt(), 2);
    session->setWorkOffline(false);
    QTRY_COMPARE_WITH_TIMEOUT(serverTicket(id).value(u"status"_s).toString(), u"in_progress"_s,
                              10'000);
    QCOMPARE(serverTicket(id).value(u"version"_s).toInt(), 3);
}

void TestAccountSession::undoTakesBackWhatIsStillQueued()
{
    const QString id = createTicket(u"Undo me %1"_s.arg(++m_counter));
    auto session = startSession(data::OwnerToken);
    QVERIFY(session);
    session->setWorkOffline(true);
    const Ticket seen = *session->cache()->ticket(id);
    QVERIFY(!session->undoable());
    QVERIFY(session->queueTransitions({{id, seen.number, seen.status, seen.version}},
                                      TicketStatus::Triaged, {})
                    .ok());
    const std::optional<UndoEntry> entry = session->undoable();
    QVERIFY(entry);
    QCOMPARE(entry->numbers, QList<qint64>{seen.number});
    const Result<UndoOutcome> undone = session->undo();
    QVERIFY(undone.ok());
    QCOMPARE(undone->cancelled, 1);
    QCOMPARE(session->pendingCount(), 0);
    QVERIFY(!session->undoable());
    session->setWorkOffline(false);
    QTest::qWait(500);
    QCOMPARE(serverTicket(id).value(u"status"_s).toString(), u"new"_s);
}

void TestAccountSession::aLostTransitionAnswerIsNotAConflict()
{
    const QString id = createTicket(u"Answer lost on the way %1"_s.arg(++m_counter));
    auto session = startSession(data::OwnerToken);
    QVERIFY(session);
    // The server applies the first try, its answer never arrives; the retry carries the same
    // Idempotency-Key and gets the first answer replayed instead of a version_conflict.
    bool dropOnce = true;
    m_network->setDropResponse([&](const test::FakeRequest &request) {
        const bool drop
                = dropOnce && request.verb == "POST" && request.path().endsWith(u"/transitions"_s);
        if (drop)
            dropOnce = false;
        return drop;
    });
    const Ticket seen = *session->cache()->ticket(id);
    QVERIFY(session->queueTransitions({{id, seen.number, seen.status, seen.version}},
                                      TicketStatus::Triaged, {})
                    .ok());
    QTRY_COMPARE_WITH_TIMEOUT(items(session.get()).last().state, OutboxState::Sent, 15'000);
    QCOMPARE(m_network->dropped(), 1);
    QVERIFY(items(session.get()).last().attempts >= 2);
    QCOMPARE(serverTicket(id).value(u"version"_s).toInt(), 2);
}

void TestAccountSession::aChangeAlreadyMadeByMeIsNotAConflict()
{
    // A server without Idempotency-Key on transitions (or a change the same owner made from
    // another device): the ticket already is where this user wanted it, so the 409 is news
    // of success, not someone else's conflicting change.
    const QString id = createTicket(u"Triaged from my phone %1"_s.arg(++m_counter));
    auto session = startSession(data::OwnerToken);
    QVERIFY(session);
    session->setWorkOffline(true);
    const Ticket seen = *session->cache()->ticket(id);
    QVERIFY(session->queueTransitions({{id, seen.number, seen.status, seen.version}},
                                      TicketStatus::Triaged, {})
                    .ok());
    QCOMPARE(m_http->post(u"/api/tickets/%1/transitions"_s.arg(id),
                          QJsonObject{{u"to"_s, u"triaged"_s}}, data::OwnerToken)
                     .status,
             200);
    session->setWorkOffline(false);
    QTRY_COMPARE_WITH_TIMEOUT(items(session.get()).last().state, OutboxState::Sent, 15'000);
    QCOMPARE(session->pendingCount(), 0);

    // Someone else's change stays a conflict.
    const QString other = createTicket(u"Closed by a colleague %1"_s.arg(++m_counter));
    session->syncNow();
    QTRY_VERIFY_WITH_TIMEOUT(session->cache()->ticket(other).has_value(), 10'000);
    session->setWorkOffline(true);
    const Ticket mine = *session->cache()->ticket(other);
    QVERIFY(session->queueTransitions({{other, mine.number, mine.status, mine.version}},
                                      TicketStatus::Triaged, {})
                    .ok());
    const QString colleague = m_server->issueToken(data::OwnerId);
    QCOMPARE(m_http->post(u"/api/tickets/%1/transitions"_s.arg(other),
                          QJsonObject{{u"to"_s, u"closed"_s}, {u"note"_s, u"Spam"_s}}, colleague)
                     .status,
             200);
    session->setWorkOffline(false);
    QTRY_COMPARE_WITH_TIMEOUT(items(session.get()).last().state, OutboxState::Conflict, 15'000);
}

void TestAccountSession::theDuplicateWindowKeepsTheUsersText()
{
    auto session = startSession(data::ClientToken);
    QVERIFY(session);
    const QString title = u"Invoice PDF is empty %1"_s.arg(++m_counter);
    QSignalSpy created(session.get(), &AccountSession::ticketCreated);
    QVERIFY(session->submitTicket(data::WebProjectId, body(title, u"First words"_s),
                                  SubmitMode::SendNow)
                    .ok());
    QVERIFY(created.wait(10'000));
    const Ticket first = created.first().first().value<Ticket>();

    // The same title again within 60 s, other text: the server answers with the earlier
    // ticket. The user is told, and the new text waits in the outbox, held.
    QSignalSpy duplicate(session.get(), &AccountSession::submittedAsDuplicate);
    QVERIFY(session->submitTicket(data::WebProjectId, body(title, u"More details, typed later"_s),
                                  SubmitMode::SendNow)
                    .ok());
    QVERIFY(duplicate.wait(10'000));
    QCOMPARE(duplicate.first().at(0).value<Ticket>().id, first.id);
    const qint64 heldId = duplicate.first().at(1).toLongLong();
    const auto held = session->outbox()->item(heldId).value();
    QVERIFY(held);
    QCOMPARE(held->state, OutboxState::Held);
    QCOMPARE(held->payload.value(u"description"_s).toString(), u"More details, typed later"_s);
    QCOMPARE(created.size(), 1); // no second "created"
}

void TestAccountSession::heldTicketsWaitForTheUser()
{
    auto session = startSession(data::ClientToken);
    QVERIFY(session);
    const QString title = u"Send it later %1"_s.arg(++m_counter);
    const Result<OutboxItem> held
            = session->submitTicket(data::WebProjectId, body(title, u"Later"_s), SubmitMode::Hold);
    QVERIFY(held.ok());
    session->syncNow();
    QTest::qWait(800);
    QCOMPARE(session->outbox()->item(held->id).value()->state, OutboxState::Held);
    QCOMPARE(session->pendingCount(), 1);
    QSignalSpy created(session.get(), &AccountSession::ticketCreated);
    QVERIFY(session->sendHeld(held->id).ok());
    QVERIFY(created.wait(10'000));
    QCOMPARE(created.first().first().value<Ticket>().title, title);
    QCOMPARE(created.first().first().value<Ticket>().source, u"desktop"_s);
}

void TestAccountSession::projectsAreKeptForOfflineUse()
{
    {
        auto session = startSession(data::ClientToken);
        QVERIFY(session);
        QTRY_VERIFY_WITH_TIMEOUT(!session->projects().isEmpty(), 10'000);
    }
    // Next start, no network answer needed: the projects come from the account's cache.
    const QString id = m_accounts->accounts().accounts().first().id;
    m_accounts->tokens().setFailure(CredentialError::NoBackend);
    auto session = m_accounts->open(id);
    QVERIFY(session);
    QSignalSpy projects(session.get(), &AccountSession::projectsChanged);
    session->start();
    QVERIFY(!session->projects().isEmpty());
    QCOMPARE(session->projects().first().id, data::WebProjectId);
}

void TestAccountSession::savedViewsAreKeptWithTheAccount()
{
    SavedViewSpec hot;
    hot.filter.statuses = {TicketStatus::New};
    hot.filter.requestTypes = {RequestType::Bug, RequestType::Question};
    hot.filter.priorities = {Priority::High, Priority::Urgent};
    hot.filter.search = u"checkout"_s;
    hot.sortKey = u"priority"_s;
    hot.sortOrder = Qt::AscendingOrder;
    SavedViewSpec web;
    web.filter.scope = TicketFilter::Scope::Project;
    web.filter.projectId = data::WebProjectId;
    web.filter.blocking = true;
    web.filter.role = u"frontend"_s;
    SavedViewSpec closed;
    closed.filter.statuses = {TicketStatus::Closed};
    QString accountId;
    {
        auto session = startSession(data::OwnerToken);
        QVERIFY(session);
        accountId = session->account().id;
        QSignalSpy changed(session.get(), &AccountSession::savedViewsChanged);
        const Result<SavedView> first = session->saveView(u"  Hot bugs "_s, hot);
        QVERIFY(first.ok());
        QCOMPARE(first->name, u"Hot bugs"_s);
        QVERIFY(session->saveView(u"Web blockers"_s, web).ok());
        const Result<SavedView> third = session->saveView(u"Closed"_s, closed);
        QVERIFY(third.ok());
        QCOMPARE(changed.count(), 3);
        // Renamed, moved to the top, and a name in use (any case) is refused for a rename...
        QVERIFY(session->renameView(third->id, u"Done"_s).ok());
        QVERIFY(session->moveView(third->id, 0).ok());
        const Status clash = session->renameView(third->id, u"hot BUGS"_s);
        QVERIFY(!clash.ok());
        QCOMPARE(clash.error().storage, StoreError::InvalidState);
        QVERIFY(!session->saveView(u"   "_s, hot).ok());
        // ...while saving under it replaces that view's spec in its place.
        SavedViewSpec hotter = hot;
        hotter.filter.priorities = {Priority::Urgent};
        const Result<SavedView> replaced = session->saveView(u"hot bugs"_s, hotter);
        QVERIFY(replaced.ok());
        QCOMPARE(replaced->id, first->id);
        QCOMPARE(session->savedViews().size(), 3);
        // Deleting the middle one; a second delete finds nothing.
        const qint64 webId = session->savedViews().at(2).id;
        QCOMPARE(session->savedViews().at(2).name, u"Web blockers"_s);
        QVERIFY(session->deleteView(webId).ok());
        QCOMPARE(session->deleteView(webId).error().storage, StoreError::NotFound);
        QVERIFY(session->saveView(u"Web blockers"_s, web).ok()); // comes back last
        QCOMPARE(changed.count(), 8);
    }
    // A new session of the account (the app restarted): the same views, order and specs,
    // read from the account's own file.
    auto session = m_accounts->open(accountId);
    QVERIFY(session);
    const QList<SavedView> views = session->savedViews();
    QCOMPARE(views.size(), 3);
    QCOMPARE(views.at(0).name, u"Done"_s);
    QCOMPARE(views.at(0).spec, closed);
    QCOMPARE(views.at(1).name, u"hot bugs"_s);
    SavedViewSpec hotter = hot;
    hotter.filter.priorities = {Priority::Urgent};
    QCOMPARE(views.at(1).spec, hotter);
    QCOMPARE(views.at(2).name, u"Web blockers"_s);
    QCOMPARE(views.at(2).spec, web);
    QVERIFY(session->moveView(views.at(0).id, 99).ok()); // clamped: to the end
    QCOMPARE(session->savedViews().constLast().name, u"Done"_s);
    QSqlQuery query(session->database()->database());
    QVERIFY(query.exec(u"SELECT count(*) FROM saved_views"_s) && query.next());
    QCOMPARE(query.value(0).toInt(), 3);
}

void TestAccountSession::aFullDiskIsSaidAndNothingIsQueuedHalfway()
{
    auto session = startSession(data::ClientToken);
    QVERIFY(session);
    session->setWorkOffline(true);
    // The cache file may not grow any more: SQLite answers SQLITE_FULL, as on a full disk.
    QSqlQuery query(session->database()->database());
    QVERIFY(query.exec(u"PRAGMA page_count"_s) && query.next());
    const int pages = query.value(0).toInt();
    QVERIFY(query.exec(u"PRAGMA max_page_count = %1"_s.arg(pages)));
    const QString text(4000, u'x');
    const int before = session->pendingCount();
    std::optional<Error> refused;
    int accepted = 0;
    for (int i = 0; i < 50 && !refused; ++i) {
        const Result<OutboxItem> queued = session->submitTicket(
                data::WebProjectId, body(u"Fills the disk %1"_s.arg(i), text), SubmitMode::SendNow);
        if (queued.ok())
            ++accepted; // the last free pages
        else
            refused = queued.error();
    }
    QVERIFY(refused);
    QCOMPARE(refused->kind(), Error::Kind::Storage);
    QCOMPARE(refused->storage, StoreError::DiskFull);
    // What was refused is not in the outbox; what was accepted is, whole.
    QCOMPARE(session->pendingCount(), before + accepted);
}

void TestAccountSession::withoutATokenNothingIsAskedAndTheSessionSaysSignedOut()
{
    QString error;
    const QString id = m_accounts->signIn(m_server->baseUrl(), data::OwnerToken, &error);
    QVERIFY2(!id.isEmpty(), qPrintable(error));
    // The app restarts: a token kept for "this session only" is gone.
    test::TestAccounts restarted(m_network.get(), m_dir->path());
    m_requests.clear();
    auto session = restarted.open(id);
    QVERIFY(session);
    QSignalSpy state(session.get(), &AccountSession::signInStateChanged);
    session->start();
    QVERIFY(state.wait(5'000));
    QCOMPARE(session->signInState(), SignInState::NoToken);
    QVERIFY(session->isSignedOut());
    // Queued work waits, and nothing is sent without a token: no /api/me, no sync.
    QVERIFY(session->submitTicket(data::WebProjectId, body(u"Waits"_s, u"w"_s), SubmitMode::SendNow)
                    .ok());
    session->syncNow();
    QTest::qWait(500);
    QVERIFY2(m_requests.isEmpty(), qPrintable(m_requests.join(u", "_s)));
    QCOMPARE(session->pendingCount(), 1);
    // Signing in again sends it at once.
    session->useToken(data::OwnerToken);
    QCOMPARE(session->signInState(), SignInState::SignedIn);
    QTRY_COMPARE_WITH_TIMEOUT(session->pendingCount(), 0, 10'000);
    for (const QString &request : std::as_const(m_requests))
        QVERIFY2(request.endsWith(u" token"_s), qPrintable(request));
}

void TestAccountSession::aRevokedTokenSignsOutAndSigningInAgainSendsTheOutbox()
{
    const QString token = m_server->issueToken(data::OwnerId);
    auto session = startSession(token);
    QVERIFY(session);
    QVERIFY(m_server->revokeToken(token));
    QSignalSpy state(session.get(), &AccountSession::signInStateChanged);
    const QString id = createTicket(u"Triage after sign-in %1"_s.arg(++m_counter));
    session->syncNow();
    QTRY_COMPARE_WITH_TIMEOUT(session->signInState(), SignInState::TokenRefused, 10'000);
    QVERIFY(session->isSignedOut());
    // The accounts list says so too, across restarts.
    QVERIFY(m_accounts->accounts().account(session->account().id)->paused);

    // Work queued meanwhile waits...
    QVERIFY(session->submitTicket(data::WebProjectId, body(u"Queued while signed out"_s, u"q"_s),
                                  SubmitMode::SendNow)
                    .ok());
    QTest::qWait(300);
    QCOMPARE(session->pendingCount(), 1);
    // ...and goes out as soon as the user signs in again (Accounts > Add, same user).
    const QString fresh = m_server->issueToken(data::OwnerId);
    QCOMPARE(m_accounts->signIn(m_server->baseUrl(), fresh), session->account().id);
    session->reloadToken();
    QTRY_COMPARE(session->signInState(), SignInState::SignedIn);
    QTRY_COMPARE_WITH_TIMEOUT(session->pendingCount(), 0, 10'000);
    QVERIFY(!m_accounts->accounts().account(session->account().id)->paused);
    QTRY_VERIFY_WITH_TIMEOUT(session->cache()->ticket(id).has_value(), 10'000);
}

QTEST_MAIN(TestAccountSession)
#include "tst_accountsession.moc"
