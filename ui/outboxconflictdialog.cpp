#include "outboxconflictdialog.h"

#include "labels.h"

#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTextBrowser>

using namespace Qt::StringLiterals;

namespace td {
namespace {

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

QString ticketSummary(const Ticket &t)
{
    QString h;
    h += u"<p><b>#"_s + QString::number(t.number) + u" "_s + esc(t.title) + u"</b></p><table>"_s;
    auto row = [&h](const QString &k, const QString &v) {
        h += u"<tr><td><b>"_s + esc(k) + u"</b>&nbsp;</td><td>"_s + esc(v) + u"</td></tr>"_s;
    };
    row(OutboxConflictDialog::tr("Status"), statusLabel(t.status));
    row(OutboxConflictDialog::tr("Version"), QString::number(t.version));
    row(OutboxConflictDialog::tr("Priority"), priorityLabel(t.priority));
    row(OutboxConflictDialog::tr("Updated"),
        QLocale().toString(t.updatedAt.toLocalTime(), QLocale::ShortFormat));
    h += u"</table>"_s;
    return h;
}

} // namespace

OutboxConflictDialog::OutboxConflictDialog(const OutboxItem &item,
                                           const std::optional<Ticket> &cachedBefore,
                                           QWidget *parent)
    : QDialog(parent)
    , m_item(item)
    , m_mine(new QTextBrowser(this))
    , m_theirs(new QTextBrowser(this))
    , m_verdict(new QLabel(this))
{
    setWindowTitle(tr("Resolve conflict"));
    auto *grid = new QGridLayout(this);
    auto *intro = new QLabel(tr("Someone changed this ticket on the server after you queued "
                                "your change. Compare and decide."),
                             this);
    intro->setWordWrap(true);
    grid->addWidget(intro, 0, 0, 1, 2);
    m_lastChange = new QLabel(this);
    m_lastChange->setObjectName(u"lastChange"_s);
    m_lastChange->setWordWrap(true);
    m_lastChange->setTextFormat(Qt::PlainText);
    m_lastChange->setTextInteractionFlags(Qt::TextSelectableByMouse);
    grid->addWidget(m_lastChange, 1, 0, 1, 2);
    if (item.serverTicket)
        setLastChange({}, item.serverTicket->updatedAt, {});
    auto *mineTitle = new QLabel(tr("<b>Your change</b>"), this);
    auto *theirsTitle = new QLabel(tr("<b>On the server now</b>"), this);
    grid->addWidget(mineTitle, 2, 0);
    grid->addWidget(theirsTitle, 2, 1);
    grid->addWidget(m_mine, 3, 0);
    grid->addWidget(m_theirs, 3, 1);
    m_mine->setAccessibleName(tr("Your change"));
    m_theirs->setAccessibleName(tr("The server's version"));
    mineTitle->setBuddy(m_mine);
    theirsTitle->setBuddy(m_theirs);

    const auto to = item.transitionTo();
    const QString note = item.payload.value(u"note"_s).toString();
    const int expected = item.payload.value(u"expected_version"_s).toInt();
    QString mine;
    mine += u"<p>"_s + esc(tr("Move to: %1").arg(to ? statusLabel(*to) : tr("(unknown)")))
            + u"</p>"_s;
    if (!note.isEmpty())
        mine += u"<p>"_s + esc(tr("Note: %1").arg(note)) + u"</p>"_s;
    mine += u"<p>"_s + esc(tr("Based on version %1").arg(expected)) + u"</p>"_s;
    if (cachedBefore)
        mine += u"<hr>"_s + esc(tr("As you saw it:")) + ticketSummary(*cachedBefore);
    m_mine->setHtml(mine);
    m_theirs->setHtml(item.serverTicket ? ticketSummary(*item.serverTicket)
                                        : esc(tr("The server's version is not known.")));

    m_verdict->setWordWrap(true);
    grid->addWidget(m_verdict, 4, 0, 1, 2);
    auto *buttons = new QDialogButtonBox(this);
    m_apply = buttons->addButton(tr("&Apply my change to the server's version"),
                                 QDialogButtonBox::AcceptRole);
    m_discard = buttons->addButton(tr("&Discard my change"), QDialogButtonBox::DestructiveRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    grid->addWidget(buttons, 5, 0, 1, 2);
    connect(m_apply, &QPushButton::clicked, this, [this] {
        m_choice = Choice::ApplyOnServerVersion;
        accept();
    });
    connect(m_discard, &QPushButton::clicked, this, [this] {
        m_choice = Choice::Discard;
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_apply->setEnabled(canApply());
    if (item.serverTicket && to) {
        m_verdict->setText(canApply() ? tr("Your change is still possible from \"%1\".")
                                                .arg(statusLabel(item.serverTicket->status))
                                      : tr("From \"%1\" your change is no longer possible.")
                                                .arg(statusLabel(item.serverTicket->status)));
    }
    resize(640, 360);
}

void OutboxConflictDialog::setLastChange(const QString &who, const QDateTime &at,
                                         const QString &note)
{
    const QString when = QLocale().toString(at.toLocalTime(), QLocale::ShortFormat);
    if (who.isEmpty()) {
        m_lastChange->setText(tr("Changed on the server on %1; who changed it and why is not "
                                 "known yet.")
                                      .arg(when));
        return;
    }
    QString text = tr("Changed by %1 on %2.").arg(who, when) + u' ';
    text += note.isEmpty() ? tr("No note was given.") : tr("Note: \"%1\"").arg(note);
    m_lastChange->setText(text);
}

QString OutboxConflictDialog::lastChangeText() const
{
    return m_lastChange->text();
}

bool OutboxConflictDialog::canApply() const
{
    const auto to = m_item.transitionTo();
    if (!m_item.serverTicket || !to)
        return false;
    return checkTransition(m_item.serverTicket->status, *to,
                           m_item.payload.value(u"note"_s).toString())
           == TransitionVerdict::Allowed;
}

QJsonObject OutboxConflictDialog::resolvedPayload() const
{
    QJsonObject payload = m_item.payload;
    if (m_item.serverTicket)
        payload.insert(u"expected_version"_s, m_item.serverTicket->version);
    return payload;
}

QString OutboxConflictDialog::mineText() const
{
    return m_mine->toPlainText();
}

QString OutboxConflictDialog::theirsText() const
{
    return m_theirs->toPlainText();
}

} // namespace td
