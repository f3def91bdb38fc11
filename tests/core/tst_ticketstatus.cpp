#include "core/ticketstatus.h"
#include "coretestprint.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace td;

class TestTicketStatus : public QObject
{
    Q_OBJECT

private slots:
    void wireNames_data();
    void wireNames();
    void unknownWireNames_data();
    void unknownWireNames();
    void allowedNext_data();
    void allowedNext();
    void transitions_data();
    void transitions();
};

void TestTicketStatus::wireNames_data()
{
    QTest::addColumn<TicketStatus>("status");
    QTest::addColumn<QString>("wire");
    QTest::newRow("new") << TicketStatus::New << u"new"_s;
    QTest::newRow("triaged") << TicketStatus::Triaged << u"triaged"_s;
    QTest::newRow("in_progress") << TicketStatus::InProgress << u"in_progress"_s;
    QTest::newRow("closed") << TicketStatus::Closed << u"closed"_s;
}

void TestTicketStatus::wireNames()
{
    QFETCH(TicketStatus, status);
    QFETCH(QString, wire);
    QCOMPARE(toWire(status), wire);
    QCOMPARE(ticketStatusFromWire(wire), status);
    QVERIFY(allTicketStatuses().contains(status));
}

void TestTicketStatus::unknownWireNames_data()
{
    QTest::addColumn<QString>("wire");
    QTest::newRow("empty") << QString();
    QTest::newRow("upper case") << u"NEW"_s;
    QTest::newRow("hyphen") << u"in-progress"_s;
    QTest::newRow("done") << u"done"_s;
}

void TestTicketStatus::unknownWireNames()
{
    QFETCH(QString, wire);
    QCOMPARE(ticketStatusFromWire(wire), std::nullopt);
}

void TestTicketStatus::allowedNext_data()
{
    QTest::addColumn<TicketStatus>("from");
    QTest::addColumn<QList<TicketStatus>>("expected");
    QTest::newRow("new") << TicketStatus::New
                         << QList<TicketStatus>{TicketStatus::Triaged, TicketStatus::Closed};
    QTest::newRow("triaged") << TicketStatus::Triaged
                             << QList<TicketStatus>{TicketStatus::InProgress, TicketStatus::Closed};
    QTest::newRow("in_progress") << TicketStatus::InProgress
                                 << QList<TicketStatus>{TicketStatus::Closed};
    QTest::newRow("closed is final") << TicketStatus::Closed << QList<TicketStatus>{};
}

void TestTicketStatus::allowedNext()
{
    QFETCH(TicketStatus, from);
    QFETCH(QList<TicketStatus>, expected);
    QCOMPARE(allowedNextStatuses(from), expected);
}

void TestTicketStatus::transitions_data()
{
    QTest::addColumn<TicketStatus>("from");
    QTest::addColumn<TicketStatus>("to");
    QTest::addColumn<QString>("note");
    QTest::addColumn<TransitionVerdict>("expected");

    // CONTRACT 4.5, written out: one step forward, or closing early with a reason.
    struct Rule
    {
        TicketStatus from;
        TicketStatus to;
        TransitionVerdict withoutNote;
        TransitionVerdict withNote;
    };
    using S = TicketStatus;
    using V = TransitionVerdict;
    const QList<Rule> rules = {
            {S::New, S::New, V::NotAllowed, V::NotAllowed},
            {S::New, S::Triaged, V::Allowed, V::Allowed},
            {S::New, S::InProgress, V::NotAllowed, V::NotAllowed},
            {S::New, S::Closed, V::NoteRequired, V::Allowed},
            {S::Triaged, S::New, V::NotAllowed, V::NotAllowed},
            {S::Triaged, S::Triaged, V::NotAllowed, V::NotAllowed},
            {S::Triaged, S::InProgress, V::Allowed, V::Allowed},
            {S::Triaged, S::Closed, V::NoteRequired, V::Allowed},
            {S::InProgress, S::New, V::NotAllowed, V::NotAllowed},
            {S::InProgress, S::Triaged, V::NotAllowed, V::NotAllowed},
            {S::InProgress, S::InProgress, V::NotAllowed, V::NotAllowed},
            {S::InProgress, S::Closed, V::Allowed, V::Allowed},
            {S::Closed, S::New, V::NotAllowed, V::NotAllowed},
            {S::Closed, S::Triaged, V::NotAllowed, V::NotAllowed},
            {S::Closed, S::InProgress, V::NotAllowed, V::NotAllowed},
            {S::Closed, S::Closed, V::NotAllowed, V::NotAllowed},
    };
    const QList<std::pair<const char *, QString>> blankNotes
            = {{"no note", QString()},
               {"spaces", u"   "_s},
               {"newlines and tabs", u"\n\t \r\n"_s},
               {"no-break space", u"\u00a0"_s}};
    const QList<std::pair<const char *, QString>> realNotes = {
            {"note", u"duplicate of #41"_s}, {"padded note", u"  spam  "_s}, {"one char", u"x"_s}};
    for (const Rule &rule : rules) {
        const QByteArray pair = QString(toWire(rule.from) + u" -> " + toWire(rule.to)).toUtf8();
        for (const auto &[name, note] : blankNotes) {
            QTest::addRow("%s, %s", pair.constData(), name)
                    << rule.from << rule.to << note << rule.withoutNote;
        }
        for (const auto &[name, note] : realNotes) {
            QTest::addRow("%s, %s", pair.constData(), name)
                    << rule.from << rule.to << note << rule.withNote;
        }
    }
}

void TestTicketStatus::transitions()
{
    QFETCH(TicketStatus, from);
    QFETCH(TicketStatus, to);
    QFETCH(QString, note);
    QFETCH(TransitionVerdict, expected);
    QCOMPARE(checkTransition(from, to, note), expected);
    // What the 409 body lists as "allowed" must agree with the rule itself.
    QCOMPARE(allowedNextStatuses(from).contains(to), expected != TransitionVerdict::NotAllowed);
}

QTEST_APPLESS_MAIN(TestTicketStatus)
#include "tst_ticketstatus.moc"
