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
    Clock m_clock;
    bool m_fetchHeld = false;
};

} // namespace td
