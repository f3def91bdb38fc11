#include "accountdata.h"

#include "storelog.h"
#include "transaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace td {

namespace {

// Keys share sync_state with the sync cursor; a prefix keeps them apart.
QString storedKey(const QString &key)
{
    return u"account."_s + key;
}

Error queryError(const QSqlQuery &query, const char *what)
{
    qCWarning(lcStore, "%s failed: %s", what, qPrintable(query.lastError().text()));
    return Error::fromStore(CacheDatabase::classify(query.lastError()), query.lastError().text());
}

Error transactionError(const Transaction &transaction)
{
    return Error::fromStore(CacheDatabase::classify(transaction.lastError()),
                            transaction.lastError().text());
}

// The ids in their order, read inside the caller's transaction.
Result<QList<qint64>> viewOrder(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(u"SELECT id FROM saved_views ORDER BY position, id"_s))
        return queryError(query, "reading the saved views");
    QList<qint64> ids;
    while (query.next())
        ids.append(query.value(0).toLongLong());
    return ids;
}

// Positions 0..n-1 in this order.
Status writeOrder(const QSqlDatabase &db, const QList<qint64> &ids)
{
    QSqlQuery query(db);
    query.prepare(u"UPDATE saved_views SET position = ? WHERE id = ?"_s);
    for (qsizetype i = 0; i < ids.size(); ++i) {
        query.addBindValue(qint64(i));
        query.addBindValue(ids.at(i));
        if (!query.exec())
            return queryError(query, "ordering the saved views");
    }
    return {};
}

QString specText(const SavedViewSpec &spec)
{
    return QString::fromUtf8(QJsonDocument(spec.toJson()).toJson(QJsonDocument::Compact));
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

Result<QList<SavedView>> AccountData::savedViews() const
{
    QSqlQuery query(m_db->database());
    if (!query.exec(u"SELECT id, name, spec FROM saved_views ORDER BY position, id"_s))
        return queryError(query, "reading the saved views");
    QList<SavedView> views;
    while (query.next()) {
        SavedView view;
        view.id = query.value(0).toLongLong();
        view.name = query.value(1).toString();
        view.spec = SavedViewSpec::fromJson(
                QJsonDocument::fromJson(query.value(2).toString().toUtf8()).object());
        views.append(view);
    }
    return views;
}

Result<SavedView> AccountData::saveView(const QString &name, const SavedViewSpec &spec)
{
    const QSqlDatabase db = m_db->database();
    Transaction transaction(db);
    SavedView view{0, name, spec};
    QSqlQuery query(db);
    query.prepare(u"UPDATE saved_views SET spec = ?, name = ? WHERE name = ? RETURNING id"_s);
    query.addBindValue(specText(spec));
    query.addBindValue(name);
    query.addBindValue(name);
    if (!query.exec())
        return queryError(query, "saving a view");
    if (query.next()) {
        view.id = query.value(0).toLongLong();
    } else {
        query.finish();
        query.prepare(uR"(INSERT INTO saved_views (position, name, spec)
VALUES ((SELECT coalesce(max(position) + 1, 0) FROM saved_views), ?, ?))"_s);
        query.addBindValue(name);
        query.addBindValue(specText(spec));
        if (!query.exec())
            return queryError(query, "saving a view");
        view.id = query.lastInsertId().toLongLong();
    }
    query.finish();
    if (!transaction.commit())
        return transactionError(transaction);
    return view;
}

Status AccountData::renameView(qint64 id, const QString &name)
{
    const QSqlDatabase db = m_db->database();
    Transaction transaction(db);
    QSqlQuery query(db);
    query.prepare(u"SELECT id FROM saved_views WHERE name = ? AND id <> ?"_s);
    query.addBindValue(name);
    query.addBindValue(id);
    if (!query.exec())
        return queryError(query, "renaming a view");
    if (query.next())
        return Error::fromStore(StoreError::InvalidState, u"a view named %1 exists"_s.arg(name));
    query.finish();
    query.prepare(u"UPDATE saved_views SET name = ? WHERE id = ?"_s);
    query.addBindValue(name);
    query.addBindValue(id);
    if (!query.exec())
        return queryError(query, "renaming a view");
    if (query.numRowsAffected() == 0)
        return Error::fromStore(StoreError::NotFound, u"no saved view %1"_s.arg(id));
    if (!transaction.commit())
        return transactionError(transaction);
    return {};
}

Status AccountData::moveView(qint64 id, int index)
{
    const QSqlDatabase db = m_db->database();
    Transaction transaction(db);
    Result<QList<qint64>> order = viewOrder(db);
    if (!order)
        return order.error();
    QList<qint64> ids = std::move(order).value();
    const qsizetype from = ids.indexOf(id);
    if (from < 0)
        return Error::fromStore(StoreError::NotFound, u"no saved view %1"_s.arg(id));
    ids.move(from, std::clamp<qsizetype>(index, 0, ids.size() - 1));
    if (Status written = writeOrder(db, ids); !written)
        return written;
    if (!transaction.commit())
        return transactionError(transaction);
    return {};
}

Status AccountData::deleteView(qint64 id)
{
    QSqlQuery query(m_db->database());
    query.prepare(u"DELETE FROM saved_views WHERE id = ?"_s);
    query.addBindValue(id);
    if (!query.exec())
        return queryError(query, "deleting a view");
    if (query.numRowsAffected() == 0)
        return Error::fromStore(StoreError::NotFound, u"no saved view %1"_s.arg(id));
    return {};
}

} // namespace td
