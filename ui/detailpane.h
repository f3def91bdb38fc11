#pragma once

#include "core/ticket.h"
#include "core/ticketquery.h"

#include <QHash>
#include <QList>
#include <QWidget>

#include <optional>

class QLabel;
class QTextBrowser;

namespace td {

// Every field of one ticket, its evidence (links clickable, JSON pretty-printed) and its
// event history. Read-only: a ticket's content never changes after it is created.
class DetailPane : public QWidget
{
    Q_OBJECT

public:
    explicit DetailPane(QWidget *parent = nullptr);

    void setProjectNames(const QHash<QString, QString> &idToName);
    // The people whose names are known (user id → name as shown); others appear by their id.
    void setPeople(const QHash<QString, QString> &idToName);
    void setTicket(const std::optional<Ticket> &ticket);
    // Oldest first; `loaded` false says the history has not been fetched (offline).
    void setEvents(const QList<TicketEvent> &events, bool loaded = true);
    // Shown when several tickets are selected.
    void setSelectionCount(int count);
    // A line above the fields, e.g. "Waiting in the outbox: Triage".
    void setPendingNote(const QString &note);
    // The words of the list's search: where they match, the title, the requester and the
    // description are marked (in the theme's search-match colours).
    void setSearchText(const QString &search);

    std::optional<Ticket> ticket() const { return m_ticket; }
    QString html(); // renders pending changes first
    QString plainText();

    // Pretty-printed JSON as HTML with http(s) URLs made links; exposed for tests.
    static QString evidenceHtml(const QJsonObject &evidence);
    static QString linkify(const QString &plain);

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();
    void scheduleRender();

    QTextBrowser *m_browser = nullptr;
    QHash<QString, QString> m_projectNames;
    QHash<QString, QString> m_people;
    std::optional<Ticket> m_ticket;
    QList<TicketEvent> m_events;
    bool m_eventsLoaded = false;
    int m_selectionCount = 0;
    QString m_pendingNote;
    QStringList m_searchTerms;
    bool m_renderPending = false;
};

} // namespace td
