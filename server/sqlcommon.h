#pragma once

#include "storage.h"

#include <QDateTime>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <optional>

// What the SQLite and PostgreSQL backends do the same way, written once. Internal to
// td_server: the handlers only see Storage.
namespace td::server::sql {

// Closes the cursor on scope exit: the statement can run again, and a SELECT left open on
// SQLite would keep an old read snapshot (hiding writes of other processes, a revoked token).
class Finisher
{
public:
    explicit Finisher(QSqlQuery &query)
        : m_query(query)
    {}
    ~Finisher() { m_query.finish(); }
    Finisher(const Finisher &) = delete;
    Finisher &operator=(const Finisher &) = delete;

private:
    QSqlQuery &m_query;
};

// Qt binds a null QString as SQL NULL; NOT NULL text columns need "" instead.
QString text(const QString &value);
// Roles are stored as a compact JSON array.
QString rolesToText(const QStringList &roles);
QStringList rolesFromText(const QString &text);
// An optional text column: SQL NULL for nullopt.
QVariant nullable(const std::optional<QString> &value);
// Times are stored as milliseconds since the epoch, UTC.
QDateTime fromMs(qint64 ms);

// Every column of a stored ticket, in the order readTicket() expects them.
extern const QString ticketColumns;

// How a backend stores text. PostgreSQL text cannot hold U+0000, which JSON strings may carry
// (the contract keeps them exactly), so there such text is stored escaped: U+0001 starts an
// escape, U+0001 U+0002 is U+0001 and U+0001 U+0003 is U+0000. Text with neither character,
// i.e. nearly all, is stored as is, and equal text still maps to equal stored text, so lookups
// by value keep working. SQLite stores any text as it is.
enum class TextCoding { Plain, NulEscaped };
bool needsEscape(const QString &value);
QString escapeText(const QString &value);
QString unescapeText(const QString &stored);
// A text column as the caller gave it (unescaped where the backend escapes).
QString textAt(const QSqlQuery &query, int column, TextCoding coding);
std::optional<QString> optionalTextAt(const QSqlQuery &query, int column, TextCoding coding);

// Bumps the "auth_epoch" setting (both dialects). Every change to who a token is (token
// issue/revoke, bootstrap) runs it in its transaction: a running server keeps callers and
// projects cached until it sees the epoch move, instead of dropping them at every commit.
QString bumpAuthEpochSql();

// The 60 s duplicate window (CONTRACT 5.1) as SQL, the same for both backends: the WHERE
// clause over `tickets` (without "WHERE"), its values in order, and a name that identical
// requests share (PostgreSQL takes an advisory lock on it so that they serialise).
struct WindowQuery
{
    QString where;
    QVariantList values;
    QString lockName;
};
WindowQuery windowQuery(const WindowKey &key);

} // namespace td::server::sql
