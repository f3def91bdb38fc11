#pragma once

#include <QList>
#include <QToolButton>
#include <QVariant>

#include <utility>

class QActionGroup;

namespace td {

// One filter of the list as a tool bar button whose text says the choice at a glance
// ("Type: Bug, Question", or "Any type" when it narrows nothing). Its menu lists the values as
// check marks: in Several mode any number of them (the menu stays open while they are
// ticked), in One mode at most one. The first entry of the menu takes the filter off.
class FilterButton : public QToolButton
{
    Q_OBJECT

public:
    enum class Mode { Several, One };
    using Option = std::pair<QString, QVariant>; // label, value

    // `anyText`: the text while nothing is chosen and the menu entry that clears the filter.
    // `format`: the text with a choice, %1 being the chosen labels ("Type: %1").
    FilterButton(Mode mode, const QString &anyText, const QString &format,
                 const QString &accessibleName, QWidget *parent = nullptr);

    // The values offered, in this order. Chosen values no longer offered are dropped.
    void setOptions(const QList<Option> &options);
    QList<Option> options() const { return m_options; }
    // The chosen values in the order of the options.
    QVariantList values() const;
    // Chooses exactly these (unknown values are ignored); no changed() signal.
    void setValues(const QVariantList &values);
    bool isActive() const { return !values().isEmpty(); }
    // The chosen labels, ", "-joined (empty when nothing is chosen).
    QString summary() const;
    // The menu entry of an option (tests trigger it as a click would), nullptr if not offered.
    QAction *optionAction(const QVariant &value) const;
    QAction *anyAction() const { return m_any; }

public Q_SLOTS:
    void clear(); // changed() when something was chosen

Q_SIGNALS:
    void changed(); // the user changed the choice

private:
    void onToggled(QAction *action);
    void updateText();

    Mode m_mode;
    QString m_anyText;
    QString m_format;
    QString m_name;
    QList<Option> m_options;
    QList<QAction *> m_actions; // parallel to m_options
    QAction *m_any = nullptr;
    QActionGroup *m_group = nullptr; // One mode: the options and "any" exclude each other
};

} // namespace td
