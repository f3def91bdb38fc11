#pragma once

#include "core/savedview.h"
#include "core/ticketquery.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class QTreeWidget;
class QTreeWidgetItem;

namespace td {

class TicketCountModel;

// The left column: which tickets the list shows. "Views" pick the statuses (Inbox = new,
// Triaged, In progress, Closed, All), "Saved views" bring back a named combination of
// everything (the window applies their filters, search and sort), "Projects" pick the scope
// (all, one project, the general inbox); views and projects combine. Every line carries a
// live count from TicketCountModel: views count within the chosen scope, projects count the
// chosen view's statuses, a saved view counts what it shows.
//
// The highlighted line is always the last choice, however it was made (a click, Ctrl+1…9,
// the View menu, a saved view): the view or saved view the list shows, or the project just
// picked. The view and the project in effect are in bold too.
class Sidebar : public QWidget
{
    Q_OBJECT

public:
    enum class View { Inbox, Triaged, InProgress, Closed, All };
    Q_ENUM(View)
    // The built-in views in sidebar order; Ctrl+1… number them, then the saved views.
    static QList<View> builtInViews();
    static constexpr int ShortcutCount = 9;

    explicit Sidebar(QWidget *parent = nullptr);

    // The count model must list the projects (TicketCountModel::setProjects). The saved
    // views' counts are its Filter rows, keyed by savedViewKey(id).
    void setCountModel(TicketCountModel *model);
    static QString savedViewKey(qint64 id) { return QString::number(id); }

    // A client's account: the first view is "My tickets", their open tickets, not "Inbox".
    void setOwnTickets(bool ownTickets);
    bool ownTickets() const { return m_ownTickets; }

    View view() const { return m_view; }
    void setView(View view);
    // Scope: TicketFilter::Scope::All, Project (with projectId) or Inbox.
    TicketFilter::Scope scope() const { return m_scope; }
    QString projectId() const { return m_projectId; }
    void setScope(TicketFilter::Scope scope, const QString &projectId = {});
    // View and scope at once (one filterChanged), with `savedView` highlighted when given.
    void choose(View view, TicketFilter::Scope scope, const QString &projectId,
                std::optional<qint64> savedView = std::nullopt);

    // The saved views in their order (names and ids; counts come from the count model).
    void setSavedViews(const QList<SavedView> &views);
    std::optional<qint64> activeSavedView() const { return m_savedView; }
    // The list no longer shows the saved view (a filter changed): the highlight goes back to
    // the view in effect. No filterChanged: nothing the list shows changes.
    void clearActiveSavedView();
    // The saved view on the line at `pos` (viewport coordinates), or the highlighted one for
    // a position on no line (a context menu asked for with the keyboard).
    std::optional<qint64> savedViewAt(const QPoint &pos) const;

    // The scope and statuses of the current choice, for the list's filter.
    TicketFilter filter() const;
    // The view whose statuses these are (All when none matches).
    View viewFor(const QList<TicketStatus> &statuses) const;
    static QList<TicketStatus> statusesOf(View view, bool ownTickets = false);
    static QString viewName(View view, bool ownTickets = false);
    QString displayName(View view) const { return viewName(view, m_ownTickets); }

    // "Inbox 12": the text of a line, for tests and accessibility.
    QString lineText(View view) const;
    QString projectLineText(TicketFilter::Scope scope, const QString &projectId = {}) const;
    QString savedViewLineText(qint64 id) const;
    // The highlighted line ("Closed 4"), empty when none is.
    QString highlightedLineText() const;
    QTreeWidget *tree() const { return m_tree; }

signals:
    void filterChanged();
    // The user picked this saved view (click or keyboard); the window applies it.
    void savedViewActivated(qint64 id);
    // F2 / Delete on a saved view's line.
    void renameRequested(qint64 id);
    void deleteRequested(qint64 id);

private:
    enum class Choice { View, Scope, SavedView };
    void rebuildProjects();
    void rebuildSavedViews();
    void refreshCounts();
    void onCurrentItemChanged(QTreeWidgetItem *current);
    void selectCurrentItems();
    void updateProjectStatuses();
    QTreeWidgetItem *chosenItem() const;
    qint64 countOf(View view) const;

    QTreeWidget *m_tree = nullptr;
    QTreeWidgetItem *m_viewsHeader = nullptr;
    QTreeWidgetItem *m_savedHeader = nullptr;
    QTreeWidgetItem *m_projectsHeader = nullptr;
    QPointer<TicketCountModel> m_counts;
    View m_view = View::Inbox;
    TicketFilter::Scope m_scope = TicketFilter::Scope::All;
    QString m_projectId;
    std::optional<qint64> m_savedView;
    QList<SavedView> m_savedViews;
    Choice m_choice = Choice::View;
    bool m_ownTickets = false;
    bool m_updating = false;
};

} // namespace td
