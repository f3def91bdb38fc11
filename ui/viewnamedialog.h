#pragma once

#include <QDialog>
#include <QStringList>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace td {

// Asks for the name of a saved view. Saving under a name in use replaces that view (the
// dialog says so and its button says Replace); renaming to a name in use is refused.
class ViewNameDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Purpose { Save, Rename };
    // `taken`: the names of the other saved views.
    ViewNameDialog(Purpose purpose, const QStringList &taken, QWidget *parent = nullptr);

    void setName(const QString &name);
    QString name() const; // trimmed
    QLineEdit *nameField() const { return m_name; }
    QPushButton *okButton() const;
    QString hintText() const;

private:
    void update();

    Purpose m_purpose;
    QStringList m_taken;
    QLineEdit *m_name = nullptr;
    QLabel *m_hint = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace td
