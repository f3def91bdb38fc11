#include "transaction.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace td {

Transaction::Transaction(const QSqlDatabase &db, Mode mode)
    : m_db(db)
{
    QSqlQuery query(m_db);
    m_active = query.exec(mode == Mode::Immediate ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s);
    if (!m_active)
        m_error = query.lastError();
}

Transaction::~Transaction()
{
    rollback();
}

bool Transaction::commit()
{
    if (!m_active)
        return false;
    QSqlQuery query(m_db);
    if (!query.exec(u"COMMIT"_s)) {
        m_error = query.lastError();
        return false; // still active: the destructor rolls back
    }
    m_active = false;
    return true;
}

void Transaction::rollback()
{
    if (!m_active)
        return;
    QSqlQuery query(m_db);
    query.exec(u"ROLLBACK"_s);
    m_active = false;
}

} // namespace td
