#pragma once

#include "core/ticketquery.h"

#include <QPointer>
#include <QWidget>

class QTreeWidget;
class QTreeWidgetItem;

namespace td {

class TicketCountModel;

// The left column: which tickets the list shows. "Views" pick the statuses (Inbox = new,
// Triaged, In progress, Closed, All), "Projects" pick the scope (all, one project, the
// general inbox); the two combine. Every line carries a live count from TicketCountModel:
// views count within the chosen scope, projects count the chosen view's statuses.
class Sidebar : public QWidget
{
    Q_OBJECT

public:
    enum class View { Inbox, Triaged, InProgress, Closed, All };
    Q_ENUM(View)

    explicit Sidebar(QWidget *parent = nullptr);

    // The count model must list the projects (TicketCountModel::setProjects).
    void setCountModel(TicketCountModel *model);

    View view() const { return m_view; }
    void setView(View view);
    // Scope: TicketFilter::Scope::All, Project (with projectId) or Inbox.
    TicketFilter::Scope scope() const { return m_scope; }
    QString projectId() const { return m_projectId; }
    void setScope(TicketFilter::Scope scope, const QString &projectId = {});

    // The scope and statuses of the current choice, for the list's filter.
    TicketFilter filter() const;
    static QList<TicketStatus> statusesOf(View view);
    static QString viewName(View view);

    // "Inbox 12": the text of a line, for tests and accessibility.
    QString lineText(View view) const;
    QString projectLineText(TicketFilter::Scope scope, const QString &projectId = {}) const;
    QTreeWidget *tree() const { return m_tree; }

signals:
    void filterChanged();

private:
    void rebuildProjects();
    void refreshCounts();
    void onCurrentItemChanged(QTreeWidgetItem *current);
    void selectCurrentItems();

    QTreeWidget *m_tree = nullptr;
    QTreeWidgetItem *m_viewsHeader = nullptr;
    QTreeWidgetItem *m_projectsHeader = nullptr;
    QPointer<TicketCountModel> m_counts;
    View m_view = View::Inbox;
    TicketFilter::Scope m_scope = TicketFilter::Scope::All;
    QString m_projectId;
    bool m_updating = false;
};

} // namespace td
