// Which triage actions the window offers: core's rules only, owners only, bulk = allowed for
// every selected ticket, and closing early asks for a note.
#include "ui/triagecontroller.h"

#include <QAction>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace td;

Q_DECLARE_METATYPE(QList<td::TicketStatus>)

class TestTriageController : public QObject
{
    Q_OBJECT

private slots:
    void offered_data();
    void offered();
    void closingEarlyNeedsNote_data();
    void closingEarlyNeedsNote();
    void expectedVersionTravels();
};

namespace {
TicketRow row(const QString &id, TicketStatus status, int version = 1,
              std::optional<TicketStatus> pending = std::nullopt)
{
    TicketRow r;
    r.id = id;
    r.number = id.mid(1).toLongLong();
    r.status = status;
    r.version = version;
    r.pendingStatus = pending;
    if (pending)
        r.syncState = SyncState::Queued;
    return r;
}
} // namespace

void TestTriageController::offered_data()
{
    QTest::addColumn<bool>("owner");
    QTest::addColumn<QList<TicketRow>>("selection");
    QTest::addColumn<QList<TicketStatus>>("expected");
    using S = TicketStatus;
    QTest::newRow("new") << true << QList<TicketRow>{row(u"t1"_s, S::New)}
                         << QList<S>{S::Triaged, S::Closed};
    QTest::newRow("triaged") << true << QList<TicketRow>{row(u"t1"_s, S::Triaged)}
                             << QList<S>{S::InProgress, S::Closed};
    QTest::newRow("in progress") << true << QList<TicketRow>{row(u"t1"_s, S::InProgress)}
                                 << QList<S>{S::Closed};
    QTest::newRow("closed is final")
            << true << QList<TicketRow>{row(u"t1"_s, S::Closed)} << QList<S>{};
    QTest::newRow("client sees none")
            << false << QList<TicketRow>{row(u"t1"_s, S::New)} << QList<S>{};
    QTest::newRow("nothing selected") << true << QList<TicketRow>{} << QList<S>{};
    QTest::newRow("bulk new+new") << true
                                  << QList<TicketRow>{row(u"t1"_s, S::New), row(u"t2"_s, S::New)}
                                  << QList<S>{S::Triaged, S::Closed};
    QTest::newRow("bulk new+in progress")
            << true << QList<TicketRow>{row(u"t1"_s, S::New), row(u"t2"_s, S::InProgress)}
            << QList<S>{S::Closed};
    QTest::newRow("pending triage counts as triaged")
            << true << QList<TicketRow>{row(u"t1"_s, S::New, 1, S::Triaged)}
            << QList<S>{S::InProgress, S::Closed};
    // A ticket not yet sent has nothing on the server to move, alone or in a bulk selection.
    TicketRow outgoing = row(u"t9"_s, S::New);
    outgoing.syncState = SyncState::Outgoing;
    QTest::newRow("unsent new ticket") << true << QList<TicketRow>{outgoing} << QList<S>{};
    QTest::newRow("bulk with an unsent new ticket")
            << true << QList<TicketRow>{row(u"t1"_s, S::New), outgoing} << QList<S>{};
}

void TestTriageController::offered()
{
    QFETCH(bool, owner);
    QFETCH(QList<TicketRow>, selection);
    QFETCH(QList<TicketStatus>, expected);
    TriageController controller(nullptr);
    controller.setOwner(owner);
    controller.setSelection(selection);
    QCOMPARE(controller.offeredStatuses(), expected);
    for (TicketStatus s : {TicketStatus::Triaged, TicketStatus::InProgress, TicketStatus::Closed}) {
        QCOMPARE(controller.action(s)->isEnabled(), expected.contains(s));
        QCOMPARE(controller.action(s)->isVisible(), owner);
    }
    // A key for an action that is not offered does nothing.
    QSignalSpy spy(&controller, &TriageController::transitionRequested);
    if (!expected.contains(TicketStatus::InProgress))
        QVERIFY(!controller.trigger(TicketStatus::InProgress));
    QCOMPARE(spy.count(), 0);
}

void TestTriageController::closingEarlyNeedsNote_data()
{
    QTest::addColumn<int>("from");
    QTest::addColumn<QString>("answer"); // "<cancel>" for cancel
    QTest::addColumn<bool>("asked");
    QTest::addColumn<bool>("sent");
    QTest::newRow("new, note given") << int(TicketStatus::New) << u"Spam"_s << true << true;
    QTest::newRow("triaged, note given")
            << int(TicketStatus::Triaged) << u"Duplicate"_s << true << true;
    QTest::newRow("new, cancelled") << int(TicketStatus::New) << u"<cancel>"_s << true << false;
    QTest::newRow("new, blank note") << int(TicketStatus::New) << u"   "_s << true << false;
    QTest::newRow("in progress needs none")
            << int(TicketStatus::InProgress) << QString() << false << true;
}

void TestTriageController::closingEarlyNeedsNote()
{
    QFETCH(int, from);
    QFETCH(QString, answer);
    QFETCH(bool, asked);
    QFETCH(bool, sent);
    TriageController controller(nullptr);
    controller.setOwner(true);
    controller.setSelection({row(u"t7"_s, TicketStatus(from))});
    int prompts = 0;
    controller.setNotePrompt([&](int) -> std::optional<QString> {
        ++prompts;
        if (answer == u"<cancel>"_s)
            return std::nullopt;
        return answer;
    });
    QSignalSpy spy(&controller, &TriageController::transitionRequested);
    controller.action(TicketStatus::Closed)->trigger();
    QCOMPARE(prompts, asked ? 1 : 0);
    QCOMPARE(spy.count(), sent ? 1 : 0);
    if (sent && asked)
        QCOMPARE(spy.first().at(2).toString(), answer);
}

void TestTriageController::expectedVersionTravels()
{
    TriageController controller(nullptr);
    controller.setOwner(true);
    controller.setSelection(
            {row(u"t1"_s, TicketStatus::New, 4), row(u"t2"_s, TicketStatus::New, 9)});
    QSignalSpy spy(&controller, &TriageController::transitionRequested);
    QVERIFY(controller.trigger(TicketStatus::Triaged));
    QCOMPARE(spy.count(), 1);
    const auto targets = spy.first().at(0).value<QList<TransitionTarget>>();
    QCOMPARE(targets.size(), 2);
    QCOMPARE(targets.at(0).expectedVersion, 4);
    QCOMPARE(targets.at(1).expectedVersion, 9);
    QCOMPARE(spy.first().at(1).value<TicketStatus>(), TicketStatus::Triaged);
}

QTEST_MAIN(TestTriageController)
#include "tst_triagecontroller.moc"
