#include "sidebar.h"

#include "models/ticketcountmodel.h"

#include <QHeaderView>
#include <QKeyEvent>
#include <QKeySequence>
#include <QMouseEvent>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {
namespace {

enum ItemRole { KindRole = Qt::UserRole + 1, ViewRole, ScopeRole, ProjectRole, SavedViewRole };
enum class ItemKind { Header, View, Scope, SavedView };

ItemKind kindOf(const QModelIndex &index)
{
    return ItemKind(index.siblingAtColumn(0).data(KindRole).toInt());
}

// Section titles are text, not choices: a click on one changes nothing and the arrow keys
// step over them, so the highlight never rests on a line the list cannot show.
class SidebarTree : public QTreeWidget
{
public:
    using QTreeWidget::QTreeWidget;

protected:
    QModelIndex moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers) override
    {
        QModelIndex next = QTreeWidget::moveCursor(action, modifiers);
        const bool up = action == MoveUp || action == MovePrevious || action == MovePageUp
                        || action == MoveHome || action == MoveLeft;
        while (next.isValid() && kindOf(next) == ItemKind::Header)
            next = up ? indexAbove(next) : indexBelow(next);
        if (!next.isValid()) {
            // Nothing below the last title (or above the first): go the other way.
            next = QTreeWidget::moveCursor(action, modifiers);
            while (next.isValid() && kindOf(next) == ItemKind::Header)
                next = up ? indexBelow(next) : indexAbove(next);
        }
        return next.isValid() ? next : currentIndex();
    }

    void keyPressEvent(QKeyEvent *event) override
    {
        // F2 renames and Delete deletes the highlighted saved view, as in a file manager.
        QTreeWidgetItem *item = currentItem();
        if (item && ItemKind(item->data(0, KindRole).toInt()) == ItemKind::SavedView
            && event->modifiers() == Qt::NoModifier
            && (event->key() == Qt::Key_F2 || event->key() == Qt::Key_Delete)) {
            if (auto *sidebar = qobject_cast<Sidebar *>(parent())) {
                const qint64 id = item->data(0, SavedViewRole).toLongLong();
                if (event->key() == Qt::Key_F2)
                    emit sidebar->renameRequested(id);
                else
                    emit sidebar->deleteRequested(id);
            }
            event->accept();
            return;
        }
        QTreeWidget::keyPressEvent(event);
    }

    void mousePressEvent(QMouseEvent *event) override
    {
        const QModelIndex index = indexAt(event->position().toPoint());
        if (index.isValid() && kindOf(index) == ItemKind::Header) {
            event->accept();
            return;
        }
        QTreeWidget::mousePressEvent(event);
    }
};

} // namespace

QList<Sidebar::View> Sidebar::builtInViews()
{
    return {View::Inbox, View::Triaged, View::InProgress, View::Closed, View::All};
}

Sidebar::Sidebar(QWidget *parent)
    : QWidget(parent)
    , m_tree(new SidebarTree(this))
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
    for (View view : builtInViews()) {
        auto *item = new QTreeWidgetItem(m_viewsHeader, {viewName(view)});
        item->setData(0, KindRole, int(ItemKind::View));
        item->setData(0, ViewRole, int(view));
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
    }
    m_savedHeader = header(tr("Saved views"));
    m_savedHeader->setHidden(true);
    m_projectsHeader = header(tr("Projects"));
    m_tree->expandAll();
    rebuildProjects();
    setOwnTickets(false);

    connect(m_tree, &QTreeWidget::currentItemChanged, this,
            [this](QTreeWidgetItem *current) { onCurrentItemChanged(current); });
}

QString Sidebar::viewName(View view, bool ownTickets)
{
    switch (view) {
    case View::Inbox:
        return ownTickets ? tr("My tickets") : tr("Inbox");
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

QList<TicketStatus> Sidebar::statusesOf(View view, bool ownTickets)
{
    switch (view) {
    case View::Inbox:
        // An owner's inbox is what waits for triage; a client's own tickets are the open ones.
        if (ownTickets)
            return {TicketStatus::New, TicketStatus::Triaged, TicketStatus::InProgress};
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

Sidebar::View Sidebar::viewFor(const QList<TicketStatus> &statuses) const
{
    for (View view : builtInViews()) {
        QList<TicketStatus> own = statusesOf(view, m_ownTickets);
        QList<TicketStatus> wanted = statuses;
        std::sort(own.begin(), own.end());
        std::sort(wanted.begin(), wanted.end());
        if (own == wanted)
            return view;
    }
    return View::All;
}

void Sidebar::setOwnTickets(bool ownTickets)
{
    const bool changed = ownTickets != m_ownTickets;
    m_ownTickets = ownTickets;
    int number = 1;
    for (int i = 0; i < m_viewsHeader->childCount(); ++i, ++number) {
        QTreeWidgetItem *item = m_viewsHeader->child(i);
        item->setText(0, displayName(View(item->data(0, ViewRole).toInt())));
        item->setToolTip(
                0, tr("%1 (%2)").arg(item->text(0), QKeySequence(u"Ctrl+%1"_s.arg(number))
                                                            .toString(QKeySequence::NativeText)));
    }
    updateProjectStatuses();
    refreshCounts();
    if (changed && m_view == View::Inbox)
        emit filterChanged();
}

void Sidebar::updateProjectStatuses()
{
    if (!m_counts)
        return;
    const QList<TicketStatus> statuses = statusesOf(m_view, m_ownTickets);
    m_counts->setProjectStatuses(statuses.isEmpty() ? allTicketStatuses() : statuses);
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
        updateProjectStatuses();
    }
    rebuildProjects();
}

void Sidebar::setSavedViews(const QList<SavedView> &views)
{
    m_savedViews = views;
    rebuildSavedViews();
}

void Sidebar::rebuildSavedViews()
{
    m_updating = true;
    qDeleteAll(m_savedHeader->takeChildren());
    bool activeStillExists = false;
    int number = int(builtInViews().size()) + 1;
    for (const SavedView &view : std::as_const(m_savedViews)) {
        auto *item = new QTreeWidgetItem(m_savedHeader, {view.name});
        item->setData(0, KindRole, int(ItemKind::SavedView));
        item->setData(0, SavedViewRole, view.id);
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        item->setToolTip(
                0,
                number <= ShortcutCount ? tr("%1 (%2)").arg(
                        view.name,
                        QKeySequence(u"Ctrl+%1"_s.arg(number)).toString(QKeySequence::NativeText))
                                        : view.name);
        ++number;
        if (m_savedView == view.id)
            activeStillExists = true;
    }
    m_savedHeader->setHidden(m_savedViews.isEmpty());
    m_savedHeader->setExpanded(true);
    m_updating = false;
    if (!activeStillExists && m_savedView) {
        m_savedView.reset();
        if (m_choice == Choice::SavedView)
            m_choice = Choice::View;
    }
    selectCurrentItems();
    refreshCounts();
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
        if (m_choice == Choice::Scope)
            m_choice = Choice::View;
        emit filterChanged();
    }
    selectCurrentItems();
    refreshCounts();
}

qint64 Sidebar::countOf(View view) const
{
    const QList<TicketStatus> statuses = statusesOf(view, m_ownTickets);
    if (statuses.isEmpty())
        return m_counts->countFor(TicketCountModel::Kind::All);
    qint64 count = 0;
    for (TicketStatus status : statuses)
        count += m_counts->countFor(TicketCountModel::Kind::Status, toWire(status));
    return count;
}

void Sidebar::refreshCounts()
{
    if (!m_counts)
        return;
    auto show = [this](QTreeWidgetItem *item, qint64 count) {
        if (count < 0) { // a saved view's first count is on its way
            item->setText(1, QString());
            item->setData(0, Qt::AccessibleTextRole, item->text(0));
            return;
        }
        item->setText(1, QString::number(count));
        item->setData(0, Qt::AccessibleTextRole,
                      tr("%1, %n ticket(s)", nullptr, int(count)).arg(item->text(0)));
    };
    for (int i = 0; i < m_viewsHeader->childCount(); ++i) {
        QTreeWidgetItem *item = m_viewsHeader->child(i);
        show(item, countOf(View(item->data(0, ViewRole).toInt())));
    }
    for (int i = 0; i < m_savedHeader->childCount(); ++i) {
        QTreeWidgetItem *item = m_savedHeader->child(i);
        show(item, m_counts->countFor(TicketCountModel::Kind::Filter,
                                      savedViewKey(item->data(0, SavedViewRole).toLongLong())));
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
        show(item, count);
    }
}

QTreeWidgetItem *Sidebar::chosenItem() const
{
    switch (m_choice) {
    case Choice::SavedView:
        for (int i = 0; i < m_savedHeader->childCount(); ++i) {
            if (m_savedHeader->child(i)->data(0, SavedViewRole).toLongLong() == m_savedView)
                return m_savedHeader->child(i);
        }
        break;
    case Choice::Scope:
        for (int i = 0; i < m_projectsHeader->childCount(); ++i) {
            QTreeWidgetItem *item = m_projectsHeader->child(i);
            const auto scope = TicketFilter::Scope(item->data(0, ScopeRole).toInt());
            if (scope == m_scope
                && (scope != TicketFilter::Scope::Project
                    || item->data(0, ProjectRole)
                                       .toString()
                                       .compare(m_projectId, Qt::CaseInsensitive)
                               == 0))
                return item;
        }
        break;
    case Choice::View:
        break;
    }
    for (int i = 0; i < m_viewsHeader->childCount(); ++i) {
        if (View(m_viewsHeader->child(i)->data(0, ViewRole).toInt()) == m_view)
            return m_viewsHeader->child(i);
    }
    return nullptr;
}

void Sidebar::selectCurrentItems()
{
    m_updating = true;
    // The view and the scope in effect are bold; the last choice is the highlighted line.
    auto mark = [](QTreeWidgetItem *item, bool chosen) {
        QFont font = item->font(0);
        font.setBold(chosen);
        item->setFont(0, font);
        item->setFont(1, font);
    };
    for (int i = 0; i < m_projectsHeader->childCount(); ++i) {
        QTreeWidgetItem *item = m_projectsHeader->child(i);
        const auto scope = TicketFilter::Scope(item->data(0, ScopeRole).toInt());
        mark(item, scope == m_scope
                           && (scope != TicketFilter::Scope::Project
                               || item->data(0, ProjectRole)
                                                  .toString()
                                                  .compare(m_projectId, Qt::CaseInsensitive)
                                          == 0));
    }
    for (int i = 0; i < m_viewsHeader->childCount(); ++i) {
        QTreeWidgetItem *item = m_viewsHeader->child(i);
        mark(item, View(item->data(0, ViewRole).toInt()) == m_view);
    }
    for (int i = 0; i < m_savedHeader->childCount(); ++i) {
        QTreeWidgetItem *item = m_savedHeader->child(i);
        mark(item, item->data(0, SavedViewRole).toLongLong() == m_savedView);
    }
    if (QTreeWidgetItem *chosen = chosenItem(); chosen && m_tree->currentItem() != chosen)
        m_tree->setCurrentItem(chosen);
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
    } else if (kind == ItemKind::SavedView) {
        emit savedViewActivated(current->data(0, SavedViewRole).toLongLong());
    } else {
        selectCurrentItems(); // a title: the highlight stays on the choice
    }
}

void Sidebar::setView(View view)
{
    const bool same = view == m_view;
    m_view = view;
    m_choice = Choice::View;
    m_savedView.reset();
    updateProjectStatuses();
    selectCurrentItems();
    refreshCounts();
    if (!same)
        emit filterChanged();
}

void Sidebar::setScope(TicketFilter::Scope scope, const QString &projectId)
{
    const QString id = scope == TicketFilter::Scope::Project ? projectId : QString();
    const bool same = scope == m_scope && id == m_projectId;
    m_scope = scope;
    m_projectId = id;
    m_choice = Choice::Scope;
    m_savedView.reset();
    selectCurrentItems();
    if (!same)
        emit filterChanged();
}

void Sidebar::choose(View view, TicketFilter::Scope scope, const QString &projectId,
                     std::optional<qint64> savedView)
{
    const QString id = scope == TicketFilter::Scope::Project ? projectId : QString();
    const bool same = view == m_view && scope == m_scope && id == m_projectId;
    m_view = view;
    m_scope = scope;
    m_projectId = id;
    m_savedView = savedView;
    m_choice = savedView ? Choice::SavedView : Choice::View;
    updateProjectStatuses();
    selectCurrentItems();
    refreshCounts();
    if (!same)
        emit filterChanged();
}

void Sidebar::clearActiveSavedView()
{
    if (!m_savedView)
        return;
    m_savedView.reset();
    if (m_choice == Choice::SavedView)
        m_choice = Choice::View;
    selectCurrentItems();
}

std::optional<qint64> Sidebar::savedViewAt(const QPoint &pos) const
{
    QTreeWidgetItem *item = m_tree->itemAt(pos);
    if (!item)
        item = m_tree->currentItem();
    if (item && ItemKind(item->data(0, KindRole).toInt()) == ItemKind::SavedView)
        return item->data(0, SavedViewRole).toLongLong();
    return std::nullopt;
}

TicketFilter Sidebar::filter() const
{
    TicketFilter f;
    f.scope = m_scope;
    f.projectId = m_projectId;
    f.statuses = statusesOf(m_view, m_ownTickets);
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

QString Sidebar::savedViewLineText(qint64 id) const
{
    for (int i = 0; i < m_savedHeader->childCount(); ++i) {
        QTreeWidgetItem *item = m_savedHeader->child(i);
        if (item->data(0, SavedViewRole).toLongLong() == id)
            return item->text(0) + u' ' + item->text(1);
    }
    return {};
}

QString Sidebar::highlightedLineText() const
{
    const QList<QTreeWidgetItem *> selected = m_tree->selectedItems();
    if (selected.size() != 1 || selected.first() != m_tree->currentItem())
        return {};
    return selected.first()->text(0) + u' ' + selected.first()->text(1);
}

} // namespace td
