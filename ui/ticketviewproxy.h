#pragma once

#include <QIdentityProxyModel>

#include <functional>

namespace td {

// Puts words on TicketListModel's raw values (enum labels, local times, the sync marker's
// icon and tooltip) so the list and the CSV export show the same, translated text. Sorting,
// lazy fetching and every custom role pass straight through to the source model.
class TicketViewProxy : public QIdentityProxyModel
{
    Q_OBJECT

public:
    using Clock = std::function<QDateTime()>;
    // A cell as the CSV export writes it: the value itself where the list shows it in a
    // shortened, local form (a plain number, the update time as ISO 8601 UTC), otherwise the
    // list's text. Numbered past TicketListModel's roles.
    enum Role { ExportRole = Qt::UserRole + 100 };
    explicit TicketViewProxy(QObject *parent = nullptr, Clock clock = {});

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    // While held, the list says it has nothing more to fetch (see TicketTreeView).
    void setFetchHeld(bool held) { m_fetchHeld = held; }

    // "14:05" today, a short date otherwise.
    QString formatUpdated(const QDateTime &utc) const;

private:
    QVariant shown(const QModelIndex &index, int role) const;

    Clock m_clock;
    bool m_fetchHeld = false;
};

} // namespace td
