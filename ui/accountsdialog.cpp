#include "accountsdialog.h"

#include "labels.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

AccountsDialog::AccountsDialog(AccountManager *manager, const QString &currentAccountId,
                               QWidget *parent)
    : QDialog(parent)
    , m_manager(manager)
    , m_current(currentAccountId)
{
    setWindowTitle(tr("Accounts"));
    setObjectName(u"accountsDialog"_s);
    auto *layout = new QVBoxLayout(this);
    m_list = new QListWidget;
    m_list->setObjectName(u"accounts"_s);
    m_list->setAccessibleName(tr("Accounts"));
    layout->addWidget(m_list);
    auto *row = new QHBoxLayout;
    auto *add = new QPushButton(tr("&Add account…"));
    add->setObjectName(u"add"_s);
    m_switch = new QPushButton(tr("&Switch to"));
    m_switch->setObjectName(u"switch"_s);
    m_remove = new QPushButton(tr("&Remove…"));
    m_remove->setObjectName(u"remove"_s);
    row->addWidget(add);
    row->addWidget(m_switch);
    row->addWidget(m_remove);
    row->addStretch(1);
    layout->addLayout(row);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(add, &QPushButton::clicked, this, &AccountsDialog::addAccount);
    connect(m_switch, &QPushButton::clicked, this, &AccountsDialog::switchToSelected);
    connect(m_remove, &QPushButton::clicked, this, &AccountsDialog::removeSelected);
    connect(m_list, &QListWidget::currentRowChanged, this, &AccountsDialog::updateButtons);
    connect(m_list, &QListWidget::itemDoubleClicked, this, &AccountsDialog::switchToSelected);
    connect(m_manager->accounts(), &AccountStore::accountsChanged, this, &AccountsDialog::reload);
    reload();
    resize(520, 340);
}

void AccountsDialog::reload()
{
    const QString selected = selectedAccountId();
    m_list->clear();
    for (const Account &account : m_manager->accounts()->accounts()) {
        //: An account line: user name, role, tenant and server
        QString text = tr("%1 (%2) — %3 on %4")
                               .arg(account.user.name, account.user.role, account.tenant.name,
                                    account.serverUrl.toDisplayString());
        if (account.id == m_current)
            text += u"  "_s + tr("[current]");
        if (account.paused)
            text += u"  "_s + tr("[signed out: token refused]");
        else if (account.sessionOnlyToken)
            text += u"  "_s + tr("[token kept for this session only]");
        auto *item = new QListWidgetItem(text, m_list);
        item->setData(Qt::UserRole, account.id);
        if (account.id == selected || (selected.isEmpty() && account.id == m_current))
            m_list->setCurrentItem(item);
    }
    updateButtons();
}

QString AccountsDialog::selectedAccountId() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void AccountsDialog::updateButtons()
{
    const QString id = selectedAccountId();
    m_switch->setEnabled(!id.isEmpty() && id != m_current);
    m_remove->setEnabled(!id.isEmpty());
}

void AccountsDialog::addAccount()
{
    ConnectDialog dialog(m_manager, this);
    if (m_demoStarter)
        dialog.setDemoStarter(m_demoStarter);
    if (dialog.exec() == QDialog::Accepted && dialog.account())
        emit accountAdded(*dialog.account(), dialog.isDemo());
}

void AccountsDialog::switchToSelected()
{
    const QString id = selectedAccountId();
    if (id.isEmpty() || id == m_current)
        return;
    m_current = id;
    reload();
    emit switchRequested(id);
}

void AccountsDialog::removeSelected()
{
    const QString id = selectedAccountId();
    const std::optional<Account> account = m_manager->accounts()->account(id);
    if (!account)
        return;
    const auto answer = QMessageBox::question(
            this, tr("Remove account"),
            asWritten(tr("Remove %1 on %2? Its token is forgotten and its local copy of tickets "
                         "is no longer used. Tickets on the server are not affected.")
                              .arg(account->user.name, account->serverUrl.toDisplayString())));
    if (answer != QMessageBox::Yes)
        return;
    m_manager->remove(id, this, [this, id](const CredentialResult &) { emit accountRemoved(id); });
}

} // namespace td
