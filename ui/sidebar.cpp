#include "sidebar.h"

#include "models/ticketcountmodel.h"

#include <QHeaderView>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {
namespace {

enum ItemRole { KindRole = Qt::UserRole + 1, ViewRole, ScopeRole, ProjectRole };
enum class ItemKind { Header, View, Scope };

constexpr Sidebar::View AllViews[]
        = {Sidebar::View::Inbox, Sidebar::View::Triaged, Sidebar::View::InProgress,
           Sidebar::View::Closed, Sidebar::View::All};

} // namespace

Sidebar::Sidebar(QWidget *parent)
    : QWidget(parent)
    , m_tree(new QTreeWidget(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree);
    m_tree->setColumnCount(2);
    m_tree->setHeaderHidden(true);
    m_tree->setRootIsDecorated(false);
    m_tree->setIndentation(12);
    m_tree->setUniformRowHeights(true);
    m_tree->setAccessibleName(tr("Views and projects"));
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    setFocusProxy(m_tree);

    auto header = [this](const QString &text) {
        auto *item = new QTreeWidgetItem(m_tree, {text});
        item->setData(0, KindRole, int(ItemKind::Header));
        item->setFlags(Qt::ItemIsEnabled);
        QFont font = item->font(0);
        font.setBold(true);
        item->setFont(0, font);
        item->setExpanded(true);
        return item;
    };
    m_viewsHeader = header(tr("Views"));
    for (View view : AllViews) {
        auto *item = new QTreeWidgetItem(m_viewsHeader, {viewName(view)});
        item->setData(0, KindRole, int(ItemKind::View));
        item->setData(0, ViewRole, int(view));
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
    }
    m_projectsHeader = header(tr("Projects"));
    m_tree->expandAll();
    rebuildProjects();
    selectCurrentItems();

    connect(m_tree, &QTreeWidget::currentItemChanged, this,
            [this](QTreeWidgetItem *current) { onCurrentItemChanged(current); });
}

QString Sidebar::viewName(View view)
{
    switch (view) {
    case View::Inbox:
        return tr("Inbox");
    case View::Triaged:
        return tr("Triaged");
    case View::InProgress:
        return tr("In progress");
    case View::Closed:
        return tr("Closed");
    case View::All:
        return tr("All");
    }
    return {};
}

QList<TicketStatus> Sidebar::statusesOf(View view)
{
    switch (view) {
    case View::Inbox:
        return {TicketStatus::New};
    case View::Triaged:
        return {TicketStatus::Triaged};
    case View::InProgress:
        return {TicketStatus::InProgress};
    case View::Closed:
        return {TicketStatus::Closed};
    case View::All:
        return {};
    }
    return {};
}

void Sidebar::setCountModel(TicketCountModel *model)
{
    if (m_counts)
        disconnect(m_counts, nullptr, this, nullptr);
    m_counts = model;
    if (model) {
        connect(model, &QAbstractItemModel::modelReset, this, &Sidebar::rebuildProjects);
        connect(model, &QAbstractItemModel::rowsInserted, this, &Sidebar::rebuildProjects);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &Sidebar::rebuildProjects);
        connect(model, &QAbstractItemModel::dataChanged, this, &Sidebar::refreshCounts);
        model->setProjectStatuses(statusesOf(m_view).isEmpty() ? allTicketStatuses()
                                                               : statusesOf(m_view));
    }
    rebuildProjects();
}

void Sidebar::rebuildProjects()
{
    m_updating = true;
    qDeleteAll(m_projectsHeader->takeChildren());
    auto add = [this](const QString &name, TicketFilter::Scope scope, const QString &id) {
        auto *item = new QTreeWidgetItem(m_projectsHeader, {name});
        item->setData(0, KindRole, int(ItemKind::Scope));
        item->setData(0, ScopeRole, int(scope));
        item->setData(0, ProjectRole, id);
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
    };
    add(tr("All projects"), TicketFilter::Scope::All, {});
    bool scopeStillExists = m_scope == TicketFilter::Scope::All;
    if (m_counts) {
        for (int r = 0; r < m_counts->rowCount(); ++r) {
            const QModelIndex index = m_counts->index(r, 0);
            const auto kind
                    = TicketCountModel::Kind(index.data(TicketCountModel::KindRole).toInt());
            if (kind == TicketCountModel::Kind::Project) {
                const QString id = index.data(TicketCountModel::KeyRole).toString();
                add(index.data(Qt::DisplayRole).toString(), TicketFilter::Scope::Project, id);
                if (m_scope == TicketFilter::Scope::Project
                    && id.compare(m_projectId, Qt::CaseInsensitive) == 0)
                    scopeStillExists = true;
            } else if (kind == TicketCountModel::Kind::Inbox) {
                add(tr("General inbox"), TicketFilter::Scope::Inbox, {});
                if (m_scope == TicketFilter::Scope::Inbox)
                    scopeStillExists = true;
            }
        }
    }
    m_projectsHeader->setExpanded(true);
    m_updating = false;
    if (!scopeStillExists) {
        m_scope = TicketFilter::Scope::All;
        m_projectId.clear();
        emit filterChanged();
    }
    selectCurrentItems();
    refreshCounts();
}

void Sidebar::refreshCounts()
{
    if (!m_counts)
        return;
    for (int i = 0; i < m_viewsHeader->childCount(); ++i) {
        QTreeWidgetItem *item = m_viewsHeader->child(i);
        const View view = View(item->data(0, ViewRole).toInt());
        qint64 count = 0;
        if (view == View::All) {
            count = m_counts->countFor(TicketCountModel::Kind::All);
        } else {
            count = m_counts->countFor(TicketCountModel::Kind::Status,
                                       toWire(statusesOf(view).constFirst()));
        }
        item->setText(1, QString::number(count));
        item->setData(0, Qt::AccessibleTextRole,
                      tr("%1, %n ticket(s)", nullptr, int(count)).arg(viewName(view)));
    }
    for (int i = 0; i < m_projectsHeader->childCount(); ++i) {
        QTreeWidgetItem *item = m_projectsHeader->child(i);
        const auto scope = TicketFilter::Scope(item->data(0, ScopeRole).toInt());
        qint64 count = 0;
        if (scope == TicketFilter::Scope::All) {
            // Sum of the per-project lines: the same statuses, every scope.
            for (int r = 0; r < m_counts->rowCount(); ++r) {
                const QModelIndex index = m_counts->index(r, 0);
                const auto kind
                        = TicketCountModel::Kind(index.data(TicketCountModel::KindRole).toInt());
                if (kind == TicketCountModel::Kind::Project
                    || kind == TicketCountModel::Kind::Inbox)
                    count += index.data(TicketCountModel::CountRole).toLongLong();
            }
        } else if (scope == TicketFilter::Scope::Inbox) {
            count = m_counts->countFor(TicketCountModel::Kind::Inbox);
        } else {
            count = m_counts->countFor(TicketCountModel::Kind::Project,
                                       item->data(0, ProjectRole).toString());
        }
        item->setText(1, QString::number(count));
        item->setData(0, Qt::AccessibleTextRole,
                      tr("%1, %n ticket(s)", nullptr, int(count)).arg(item->text(0)));
    }
}

void Sidebar::selectCurrentItems()
{
    m_updating = true;
    // Both choices stay visibly marked: the view with the current item, the scope in bold.
    for (int i = 0; i < m_projectsHeader->childCount(); ++i) {
        QTreeWidgetItem *item = m_projectsHeader->child(i);
        const auto scope = TicketFilter::Scope(item->data(0, ScopeRole).toInt());
        const bool chosen = scope == m_scope
                            && (scope != TicketFilter::Scope::Project
                                || item->data(0, ProjectRole)
                                                   .toString()
                                                   .compare(m_projectId, Qt::CaseInsensitive)
                                           == 0);
        QFont font = item->font(0);
        font.setBold(chosen);
        item->setFont(0, font);
        item->setFont(1, font);
    }
    for (int i = 0; i < m_viewsHeader->childCount(); ++i) {
        QTreeWidgetItem *item = m_viewsHeader->child(i);
        const bool chosen = View(item->data(0, ViewRole).toInt()) == m_view;
        QFont font = item->font(0);
        font.setBold(chosen);
        item->setFont(0, font);
        item->setFont(1, font);
        if (chosen && !m_tree->currentItem())
            m_tree->setCurrentItem(item);
    }
    m_updating = false;
}

void Sidebar::onCurrentItemChanged(QTreeWidgetItem *current)
{
    if (m_updating || !current)
        return;
    const auto kind = ItemKind(current->data(0, KindRole).toInt());
    if (kind == ItemKind::View) {
        setView(View(current->data(0, ViewRole).toInt()));
    } else if (kind == ItemKind::Scope) {
        setScope(TicketFilter::Scope(current->data(0, ScopeRole).toInt()),
                 current->data(0, ProjectRole).toString());
    }
}

void Sidebar::setView(View view)
{
    if (view == m_view)
        return;
    m_view = view;
    if (m_counts) {
        m_counts->setProjectStatuses(statusesOf(view).isEmpty() ? allTicketStatuses()
                                                                : statusesOf(view));
    }
    selectCurrentItems();
    refreshCounts();
    emit filterChanged();
}

void Sidebar::setScope(TicketFilter::Scope scope, const QString &projectId)
{
    const QString id = scope == TicketFilter::Scope::Project ? projectId : QString();
    if (scope == m_scope && id == m_projectId)
        return;
    m_scope = scope;
    m_projectId = id;
    selectCurrentItems();
    emit filterChanged();
}

TicketFilter Sidebar::filter() const
{
    TicketFilter f;
    f.scope = m_scope;
    f.projectId = m_projectId;
    f.statuses = statusesOf(m_view);
    return f;
}

QString Sidebar::lineText(View view) const
{
    for (int i = 0; i < m_viewsHeader->childCount(); ++i) {
        QTreeWidgetItem *item = m_viewsHeader->child(i);
        if (View(item->data(0, ViewRole).toInt()) == view)
            return item->text(0) + u' ' + item->text(1);
    }
    return {};
}

QString Sidebar::projectLineText(TicketFilter::Scope scope, const QString &projectId) const
{
    for (int i = 0; i < m_projectsHeader->childCount(); ++i) {
        QTreeWidgetItem *item = m_projectsHeader->child(i);
        if (TicketFilter::Scope(item->data(0, ScopeRole).toInt()) == scope
            && (scope != TicketFilter::Scope::Project
                || item->data(0, ProjectRole).toString().compare(projectId, Qt::CaseInsensitive)
                           == 0))
            return item->text(0) + u' ' + item->text(1);
    }
    return {};
}

} // namespace td
