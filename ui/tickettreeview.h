#pragma once

#include <QHash>
#include <QList>
#include <QTreeView>

namespace td {

// The ticket list's view. Qt 6's QTreeView fetches another page on every full relayout of
// its root (meant for trees whose children load lazily), and every sync page that inserts
// rows causes one: the list would load a page per sync page until it held the whole cache.
// Here a relayout of a list that already has rows fetches nothing; scrolling to the end
// (QAbstractItemView's scroll bar rule) and keyboard navigation still fetch as before.
//
// In a narrow window the list folds away its secondary columns, in the order given, until
// the stretched column keeps at least `stretchMinimum` pixels; widening brings them back
// (at the width they had). Columns hidden for any other reason are left alone.
class TicketTreeView : public QTreeView
{
    Q_OBJECT
public:
    using QTreeView::QTreeView;

    void doItemsLayout() override;

    void setFoldableColumns(const QList<int> &columnsInFoldOrder, int stretchMinimum);
    // Folds or unfolds columns for the viewport's current width.
    void fitColumns();
    // Icons (the sync marker) as tall as a row of text, and the marker's column measured
    // by its text: a row with a marker is as high as a row without.
    void fitIconsToText();
    void setMarkerColumn(int column);
    bool isFolded(int column) const { return m_folded.contains(column); }
    // The header's state as if nothing were folded: folding is the window's width, not a
    // choice to remember.
    QByteArray saveColumns();

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QList<int> m_foldOrder;
    int m_stretchMinimum = 0;
    QHash<int, int> m_folded; // column → its width before it was folded
    bool m_fitting = false;
};

} // namespace td
