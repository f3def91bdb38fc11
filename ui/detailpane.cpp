#include "detailpane.h"

#include "core/ticketquery.h"
#include "labels.h"
#include "models/searchhighlight.h"
#include "theme.h"

#include <QEvent>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QPalette>
#include <QRegularExpression>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {
namespace {

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString multiline(const QString &text)
{
    return DetailPane::linkify(text).replace(u"\n"_s, u"<br>"_s);
}

// `text` as HTML with the ranges wrapped in a highlight; `plain` renders what lies between
// (escaped, or linkified for free text).
template<typename Plain>
QString marked(const QString &text, const QList<TextRange> &ranges, const QPalette &palette,
               Plain plain)
{
    if (ranges.isEmpty())
        return plain(text);
    const QString open = u"<span style=\"background-color: %1; color: %2;\">"_s.arg(
            toneColor(Tone::SearchMatchBackground, palette).name(),
            toneColor(Tone::SearchMatchText, palette).name());
    QString out;
    qsizetype at = 0;
    for (const TextRange &r : ranges) {
        out += plain(text.mid(at, r.start - at));
        out += open + esc(text.mid(r.start, r.length)) + u"</span>"_s;
        at = r.start + r.length;
    }
    return out + plain(text.mid(at));
}

QString when(const QDateTime &utc)
{
    if (!utc.isValid())
        return {};
    return esc(QLocale().toString(utc.toLocalTime(), QLocale::ShortFormat));
}

} // namespace

void DetailPane::setSearchText(const QString &search)
{
    const QStringList terms = searchTerms(search);
    if (terms == m_searchTerms)
        return;
    m_searchTerms = terms;
    scheduleRender();
}

DetailPane::DetailPane(QWidget *parent)
    : QWidget(parent)
    , m_browser(new QTextBrowser(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_browser);
    m_browser->setOpenExternalLinks(true);
    m_browser->setOpenLinks(true);
    m_browser->setAccessibleName(tr("Ticket details"));
    m_browser->setFrameShape(QFrame::NoFrame);
    // Links and text must be reachable from the keyboard, not only with a mouse.
    m_browser->setTextInteractionFlags(Qt::TextBrowserInteraction | Qt::TextSelectableByKeyboard);
    setFocusProxy(m_browser);
    render();
}

void DetailPane::setProjectNames(const QHash<QString, QString> &idToName)
{
    if (idToName == m_projectNames)
        return;
    m_projectNames = idToName;
    scheduleRender();
}

void DetailPane::changeEvent(QEvent *event)
{
    // The marks and the links take their colours from the palette when the HTML is made
    // (links from the application's), so a theme change needs a new rendering.
    if (event->type() == QEvent::PaletteChange)
        scheduleRender();
    QWidget::changeEvent(event);
}

void DetailPane::scheduleRender()
{
    // Laying out rich text costs milliseconds; several setters in one pass (and a sync that
    // touches the shown ticket many times) cost one layout.
    if (m_renderPending)
        return;
    m_renderPending = true;
    QMetaObject::invokeMethod(this, &DetailPane::render, Qt::QueuedConnection);
}

void DetailPane::setPeople(const QHash<QString, QString> &idToName)
{
    if (idToName == m_people)
        return;
    m_people = idToName;
    scheduleRender();
}

void DetailPane::setTicket(const std::optional<Ticket> &ticket)
{
    const bool same = ticket && m_ticket && ticket->id == m_ticket->id;
    if (ticket == m_ticket && m_selectionCount == (ticket ? 1 : 0))
        return;
    m_ticket = ticket;
    if (!same) {
        m_events = {};
        m_eventsLoaded = false;
    }
    m_selectionCount = ticket ? 1 : 0;
    scheduleRender();
}

void DetailPane::setEvents(const QList<TicketEvent> &events, bool loaded)
{
    if (events == m_events && loaded == m_eventsLoaded)
        return;
    m_events = events;
    m_eventsLoaded = loaded;
    scheduleRender();
}

void DetailPane::setSelectionCount(int count)
{
    if (count == m_selectionCount)
        return;
    m_selectionCount = count;
    scheduleRender();
}

void DetailPane::setPendingNote(const QString &note)
{
    if (note == m_pendingNote)
        return;
    m_pendingNote = note;
    scheduleRender();
}

QString DetailPane::html()
{
    if (m_renderPending)
        render();
    return m_browser->toHtml();
}

QString DetailPane::plainText()
{
    if (m_renderPending)
        render();
    return m_browser->toPlainText();
}

QString DetailPane::linkify(const QString &plain)
{
    // Only web links become clickable: evidence comes from strangers, and a file: or
    // javascript: link must stay text.
    static const QRegularExpression url(uR"(https?://[^\s"'<>\]\[{}|\\^`]+)"_s);
    QString out;
    qsizetype last = 0;
    auto it = url.globalMatch(plain);
    while (it.hasNext()) {
        const auto m = it.next();
        QString link = m.captured(0);
        // Trailing punctuation usually ends the sentence, not the URL.
        while (!link.isEmpty() && u".,;:)!?"_s.contains(link.back()))
            link.chop(1);
        out += esc(plain.mid(last, m.capturedStart(0) - last));
        out += u"<a href=\""_s + esc(link) + u"\">"_s + esc(link) + u"</a>"_s;
        last = m.capturedStart(0) + link.size();
    }
    out += esc(plain.mid(last));
    return out;
}

QString DetailPane::evidenceHtml(const QJsonObject &evidence)
{
    const QString pretty
            = QString::fromUtf8(QJsonDocument(evidence).toJson(QJsonDocument::Indented)).trimmed();
    return u"<pre style=\"white-space: pre-wrap;\">"_s + linkify(pretty) + u"</pre>"_s;
}

void DetailPane::render()
{
    m_renderPending = false;
    if (!m_ticket) {
        const QString text = m_selectionCount > 1
                                     ? tr("%n tickets selected", nullptr, m_selectionCount)
                                     : tr("Select a ticket to see its details.");
        m_browser->setHtml(u"<p style=\"margin: 24px;\"><i>"_s + esc(text) + u"</i></p>"_s);
        return;
    }
    const Ticket &t = *m_ticket;
    QString h;
    const QPalette &pal = palette();
    auto mark = [&](const QString &text) {
        return marked(text, highlightRanges(text, m_searchTerms), pal, esc);
    };
    // A new ticket still in the outbox has no number, history or server fields yet.
    const bool local = isLocalTicketId(t.id);
    h += (local ? QString(u"<h2>"_s) : u"<h2>#"_s + QString::number(t.number) + u" "_s)
         + mark(t.title) + u"</h2>"_s;
    if (local)
        h += u"<p><i>"_s + esc(tr("Not sent yet: it waits in the outbox.")) + u"</i></p>"_s;
    if (!m_pendingNote.isEmpty())
        h += u"<p><b>"_s + esc(m_pendingNote) + u"</b></p>"_s;

    auto row = [&h](const QString &label, const QString &valueHtml) {
        h += u"<tr><td style=\"padding-right: 12px;\"><b>"_s + esc(label) + u"</b></td><td>"_s
             + valueHtml + u"</td></tr>"_s;
    };
    h += u"<table cellspacing=\"2\">"_s;
    row(tr("Status"), esc(statusLabel(t.status)));
    const QString project
            = t.projectId ? m_projectNames.value(*t.projectId, *t.projectId) : tr("General inbox");
    row(tr("Project"), esc(project));
    row(tr("Type"), esc(requestTypeLabel(t.requestType)));
    row(tr("Priority"), esc(priorityLabel(t.priority)));
    row(tr("Blocking"), esc(t.blocking ? tr("Yes") : tr("No")));
    row(tr("Roles"), esc(t.roles.isEmpty() ? tr("none") : t.roles.join(u", "_s)));
    QString requester = mark(t.requester.name);
    if (!t.requester.email.isEmpty()) {
        requester += u" &lt;<a href=\"mailto:"_s + esc(t.requester.email) + u"\">"_s
                     + esc(t.requester.email) + u"</a>&gt;"_s;
    }
    row(tr("Requester"), requester);
    row(tr("Created"), when(t.createdAt));
    row(tr("Updated"), when(t.updatedAt));
    row(tr("Source"), esc(t.source));
    //: Who acted and in which role, e.g. "Carl Client (user)"
    row(tr("Actor"),
        t.actorId ? esc(tr("%1 (%2)").arg(m_people.value(*t.actorId, *t.actorId), t.actorRole))
                  : esc(t.actorRole));
    if (t.agentVendor)
        row(tr("Agent vendor"), esc(*t.agentVendor));
    if (!local) {
        row(tr("Tenant"), esc(t.tenant));
        row(tr("Version"), QString::number(t.version));
        row(tr("Ticket ID"), esc(t.id));
    }
    h += u"</table>"_s;

    auto section = [&h](const QString &title, const QString &bodyHtml) {
        h += u"<h3>"_s + esc(title) + u"</h3>"_s + bodyHtml;
    };
    section(tr("Description"),
            u"<p>"_s
                    + marked(t.description, highlightRanges(t.description, m_searchTerms), pal,
                             multiline)
                    + u"</p>"_s);
    section(tr("Evidence"), t.evidence.isEmpty() ? u"<p><i>"_s + esc(tr("none")) + u"</i></p>"_s
                                                 : evidenceHtml(t.evidence));
    if (!t.suggestedResolution.isEmpty())
        section(tr("Suggested resolution"),
                u"<p>"_s + multiline(t.suggestedResolution) + u"</p>"_s);
    if (!t.implementationNotes.isEmpty())
        section(tr("Implementation notes"),
                u"<p>"_s + multiline(t.implementationNotes) + u"</p>"_s);

    QString history;
    if (local) {
        history = u"<p><i>"_s + esc(tr("It starts when the server takes the ticket in."))
                  + u"</i></p>"_s;
    } else if (!m_eventsLoaded && m_events.isEmpty()) {
        history = u"<p><i>"_s + esc(tr("History not loaded (it is fetched when online)."))
                  + u"</i></p>"_s;
    } else {
        history = u"<ul>"_s;
        for (const TicketEvent &e : m_events) {
            QString line;
            if (e.type == u"created"_s) {
                line = tr("Created");
            } else {
                line = tr("%1 → %2").arg(e.from ? statusLabel(*e.from) : tr("?"),
                                         e.to ? statusLabel(*e.to) : tr("?"));
            }
            history += u"<li>"_s + when(e.at) + u" — "_s + esc(line);
            if (e.actorId)
                history += u" <i>("_s + esc(m_people.value(*e.actorId, *e.actorId)) + u")</i>"_s;
            if (!e.note.isEmpty())
                history += u"<br>"_s + multiline(e.note);
            history += u"</li>"_s;
        }
        history += u"</ul>"_s;
    }
    section(tr("History"), history);
    m_browser->setHtml(h);
}

} // namespace td
