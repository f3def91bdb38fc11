#pragma once

#include "connectdialog.h"

#include <QDialog>

class QListWidget;
class QPushButton;

namespace td {

// Settings > Accounts: every account this app knows (server, tenant, user, role), with Add
// (the connect dialog), Switch to, and Remove (forgets the token too).
class AccountsDialog : public QDialog
{
    Q_OBJECT

public:
    AccountsDialog(AccountManager *manager, const QString &currentAccountId,
                   QWidget *parent = nullptr);

    void setDemoStarter(ConnectDialog::DemoStarter starter) { m_demoStarter = std::move(starter); }
    QListWidget *list() const { return m_list; }
    QString selectedAccountId() const;

public slots:
    void addAccount();
    void switchToSelected();
    void removeSelected();

signals:
    void switchRequested(const QString &accountId);
    void accountAdded(const td::Account &account, bool demo);
    void accountRemoved(const QString &accountId);

private:
    void reload();
    void updateButtons();

    AccountManager *m_manager;
    QString m_current;
    ConnectDialog::DemoStarter m_demoStarter;
    QListWidget *m_list = nullptr;
    QPushButton *m_switch = nullptr;
    QPushButton *m_remove = nullptr;
};

} // namespace td
