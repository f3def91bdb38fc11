#pragma once

#include <QSqlDatabase>
#include <QSqlError>

namespace td {

// RAII transaction: rolls back unless commit() succeeded, so an early return or an exception
// never leaves half a page of tickets or half an outbox change behind. Immediate mode takes
// the write lock at BEGIN, which read-modify-write sequences need to avoid SQLITE_BUSY
// deadlocks between two connections upgrading their read locks.
class Transaction
{
public:
    enum class Mode { Deferred, Immediate };

    explicit Transaction(const QSqlDatabase &db, Mode mode = Mode::Immediate);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    bool isActive() const { return m_active; }
    bool commit();
    void rollback();
    // Why BEGIN or COMMIT failed, so callers can tell a full disk from a busy file.
    QSqlError lastError() const { return m_error; }

private:
    QSqlDatabase m_db;
    QSqlError m_error;
    bool m_active = false;
};

} // namespace td
