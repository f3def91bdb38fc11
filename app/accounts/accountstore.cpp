#include "accounts/accountstore.h"

#include <QSettings>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace td {

namespace {

const QString Group = u"accounts"_s;

Account readAccount(QSettings &settings, const QString &id)
{
    settings.beginGroup(id);
    Account account;
    account.id = id;
    account.serverUrl = QUrl(settings.value(u"serverUrl"_s).toString());
    account.user.id = settings.value(u"userId"_s).toString();
    account.user.name = settings.value(u"userName"_s).toString();
    account.user.email = settings.value(u"userEmail"_s).toString();
    account.user.role = settings.value(u"role"_s).toString();
    account.tenant.slug = settings.value(u"tenantSlug"_s).toString();
    account.tenant.name = settings.value(u"tenantName"_s).toString();
    account.sessionOnlyToken = settings.value(u"sessionOnlyToken"_s, false).toBool();
    account.paused = settings.value(u"paused"_s, false).toBool();
    account.addedAt = settings.value(u"addedAt"_s).toDateTime().toUTC();
    settings.endGroup();
    return account;
}

} // namespace

AccountStore::AccountStore(QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{}

QUrl AccountStore::normalizedServerUrl(const QUrl &url)
{
    QUrl normalized = url.adjusted(QUrl::StripTrailingSlash | QUrl::NormalizePathSegments
                                   | QUrl::RemoveFragment | QUrl::RemoveQuery);
    if (normalized.path() == u"/"_s)
        normalized.setPath({});
    normalized.setHost(normalized.host().toLower());
    return normalized;
}

QString AccountStore::newAccountId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QList<Account> AccountStore::accounts() const
{
    QList<Account> result;
    m_settings->beginGroup(Group);
    const QStringList ids = m_settings->childGroups();
    for (const QString &id : ids)
        result.append(readAccount(*m_settings, id));
    m_settings->endGroup();
    std::stable_sort(result.begin(), result.end(),
                     [](const Account &a, const Account &b) { return a.addedAt < b.addedAt; });
    return result;
}

std::optional<Account> AccountStore::account(const QString &id) const
{
    for (const Account &account : accounts()) {
        if (account.id == id)
            return account;
    }
    return std::nullopt;
}

std::optional<Account> AccountStore::find(const QUrl &serverUrl, const QString &userId) const
{
    for (const Account &account : accounts()) {
        if (normalizedServerUrl(account.serverUrl) == normalizedServerUrl(serverUrl)
            && account.user.id == userId)
            return account;
    }
    return std::nullopt;
}

void AccountStore::save(const Account &account)
{
    Q_ASSERT(!account.id.isEmpty() && !account.id.contains(u'/'));
    m_settings->beginGroup(Group);
    m_settings->beginGroup(account.id);
    m_settings->setValue(u"serverUrl"_s, account.serverUrl.toString());
    m_settings->setValue(u"userId"_s, account.user.id);
    m_settings->setValue(u"userName"_s, account.user.name);
    m_settings->setValue(u"userEmail"_s, account.user.email);
    m_settings->setValue(u"role"_s, account.user.role);
    m_settings->setValue(u"tenantSlug"_s, account.tenant.slug);
    m_settings->setValue(u"tenantName"_s, account.tenant.name);
    m_settings->setValue(u"sessionOnlyToken"_s, account.sessionOnlyToken);
    m_settings->setValue(u"paused"_s, account.paused);
    m_settings->setValue(u"addedAt"_s, account.addedAt.isValid() ? account.addedAt.toUTC()
                                                                 : QDateTime::currentDateTimeUtc());
    m_settings->endGroup();
    m_settings->endGroup();
    m_settings->sync();
    Q_EMIT accountsChanged();
}

bool AccountStore::remove(const QString &id)
{
    m_settings->beginGroup(Group);
    const bool existed = m_settings->childGroups().contains(id);
    if (existed)
        m_settings->remove(id);
    m_settings->endGroup();
    m_settings->sync();
    if (existed)
        Q_EMIT accountsChanged();
    return existed;
}

} // namespace td
