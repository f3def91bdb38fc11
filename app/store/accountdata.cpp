#include "accountdata.h"

#include "storelog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace td {

namespace {

// Keys share sync_state with the sync cursor; a prefix keeps them apart.
QString storedKey(const QString &key)
{
    return u"account."_s + key;
}

} // namespace

Result<QJsonValue> AccountData::value(const QString &key) const
{
    QSqlQuery query(m_db->database());
    query.prepare(u"SELECT value FROM sync_state WHERE key = ?"_s);
    query.addBindValue(storedKey(key));
    if (!query.exec()) {
        qCWarning(lcStore, "reading %s failed: %s", qPrintable(key),
                  qPrintable(query.lastError().text()));
        return Error::fromStore(CacheDatabase::classify(query.lastError()),
                                query.lastError().text());
    }
    if (!query.next())
        return QJsonValue();
    // Stored wrapped in an array, so scalars and objects round-trip alike.
    const QJsonDocument doc = QJsonDocument::fromJson(query.value(0).toString().toUtf8());
    return doc.array().isEmpty() ? QJsonValue() : doc.array().first();
}

Status AccountData::setValue(const QString &key, const QJsonValue &value)
{
    QSqlQuery query(m_db->database());
    query.prepare(u"INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)"_s);
    query.addBindValue(storedKey(key));
    query.addBindValue(
            QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)));
    if (!query.exec()) {
        qCWarning(lcStore, "writing %s failed: %s", qPrintable(key),
                  qPrintable(query.lastError().text()));
        return Error::fromStore(CacheDatabase::classify(query.lastError()),
                                query.lastError().text());
    }
    return {};
}

} // namespace td
