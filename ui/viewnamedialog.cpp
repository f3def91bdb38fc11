#include "viewnamedialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

ViewNameDialog::ViewNameDialog(Purpose purpose, const QStringList &taken, QWidget *parent)
    : QDialog(parent)
    , m_purpose(purpose)
    , m_taken(taken)
{
    setObjectName(u"viewNameDialog"_s);
    setWindowTitle(purpose == Purpose::Save ? tr("Save current view") : tr("Rename view"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_name = new QLineEdit(this);
    m_name->setObjectName(u"viewName"_s);
    m_name->setAccessibleName(tr("View name"));
    m_name->setMaxLength(80);
    form->addRow(tr("&Name:"), m_name);
    layout->addLayout(form);
    m_hint = new QLabel(this);
    m_hint->setObjectName(u"viewNameHint"_s);
    m_hint->setWordWrap(true);
    m_hint->setTextFormat(Qt::PlainText);
    layout->addWidget(m_hint);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);
    connect(m_name, &QLineEdit::textChanged, this, &ViewNameDialog::update);
    update();
    resize(380, sizeHint().height());
}

void ViewNameDialog::setName(const QString &name)
{
    m_name->setText(name);
    m_name->selectAll();
}

QString ViewNameDialog::name() const
{
    return m_name->text().trimmed();
}

QPushButton *ViewNameDialog::okButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

QString ViewNameDialog::hintText() const
{
    return m_hint->text();
}

void ViewNameDialog::update()
{
    const QString name = this->name();
    bool taken = false;
    for (const QString &other : std::as_const(m_taken))
        taken = taken || other.compare(name, Qt::CaseInsensitive) == 0;
    QString hint;
    QString ok = m_purpose == Purpose::Save ? tr("Save") : tr("Rename");
    bool enabled = !name.isEmpty();
    if (name.isEmpty()) {
        hint = m_purpose == Purpose::Save
                       ? tr("It keeps the view, project, filters, search and sort shown now.")
                       : QString();
    } else if (taken && m_purpose == Purpose::Save) {
        hint = tr("A saved view named “%1” exists: saving replaces what it shows.").arg(name);
        ok = tr("Replace");
    } else if (taken) {
        hint = tr("Another saved view is named “%1”.").arg(name);
        enabled = false;
    } else if (m_purpose == Purpose::Save) {
        hint = tr("It keeps the view, project, filters, search and sort shown now.");
    }
    m_hint->setText(hint);
    okButton()->setText(ok);
    okButton()->setAccessibleName(ok);
    okButton()->setEnabled(enabled);
}

} // namespace td
