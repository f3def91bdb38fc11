#include "store/cachedatabase.h"
#include "store/privatefiles.h"
#include "store/ticketcache.h"
#include "storetestutil.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace td;

namespace {

// The mode bits as the kernel has them (QFileInfo mixes in the current user's view).
int modeOf(const QString &path)
{
    struct stat st = {};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

// Runs with a permissive umask (as some desktop sessions have), restored afterwards.
class Umask
{
public:
    explicit Umask(mode_t mask)
        : m_old(::umask(mask))
    {}
    ~Umask() { ::umask(m_old); }

private:
    mode_t m_old;
};

} // namespace

// The profile (cache, settings, drafts) is readable by its owner only: 0700 / 0600, made so
// whatever the umask, and tightened when an older build left it open.
class TestPrivateFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QVERIFY(m_dir.isValid()); }

    void newFolderIsPrivate_data()
    {
        QTest::addColumn<int>("umask");
        QTest::newRow("umask 000") << 0;
        QTest::newRow("umask 022") << 022;
        QTest::newRow("umask 077") << 077;
    }
    void newFolderIsPrivate()
    {
        QFETCH(int, umask);
        const Umask mask{mode_t(umask)};
        const QString path = m_dir.filePath(u"nested/profile-%1"_s.arg(umask));
        const Status made = ensurePrivateDir(path);
        QVERIFY2(made.ok(), made.ok() ? "" : qPrintable(made.error().message));
        QVERIFY(QFileInfo(path).isDir());
        QCOMPARE(modeOf(path), 0700);
    }

    void existingFolderIsTightened()
    {
        const QString path = m_dir.filePath(u"open-profile"_s);
        QVERIFY(QDir().mkdir(path));
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0755) == 0);
        QVERIFY(ensurePrivateDir(path).ok());
        QCOMPARE(modeOf(path), 0700);
    }

    void newFileIsPrivate_data()
    {
        QTest::addColumn<int>("umask");
        QTest::newRow("umask 000") << 0;
        QTest::newRow("umask 022") << 022;
    }
    void newFileIsPrivate()
    {
        QFETCH(int, umask);
        const Umask mask{mode_t(umask)};
        const QString path = m_dir.filePath(u"settings-%1.ini"_s.arg(umask));
        QVERIFY(ensurePrivateFile(path).ok());
        QVERIFY(QFileInfo::exists(path));
        QCOMPARE(modeOf(path), 0600);
    }

    void existingFileIsTightenedAndKept()
    {
        const QString path = m_dir.filePath(u"draft.json"_s);
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("{\"title\":\"keep me\"}");
        }
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0644) == 0);
        QVERIFY(ensurePrivateFile(path).ok());
        QCOMPARE(modeOf(path), 0600);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("{\"title\":\"keep me\"}"));
    }

    void symlinkIsRefused()
    {
        const QString target = m_dir.filePath(u"elsewhere"_s);
        QVERIFY(ensurePrivateFile(target).ok());
        QVERIFY(::chmod(QFile::encodeName(target).constData(), 0644) == 0);
        const QString link = m_dir.filePath(u"settings-link.ini"_s);
        QVERIFY(QFile::link(target, link));
        QVERIFY(!ensurePrivateFile(link).ok());
        QCOMPARE(modeOf(target), 0644); // the link was not followed
    }

    void oldProfileIsFixedAtStart()
    {
        const Umask mask(0);
        const QString profile = m_dir.filePath(u"old-profile"_s);
        QVERIFY(QDir().mkpath(profile + u"/drafts"_s));
        QVERIFY(::chmod(QFile::encodeName(profile).constData(), 0755) == 0);
        QVERIFY(::chmod(QFile::encodeName(profile + u"/drafts"_s).constData(), 0775) == 0);
        const QStringList files
                = {u"settings.ini"_s,       u"cache-a.sqlite"_s,     u"cache-a.sqlite-wal"_s,
                   u"cache-a.sqlite-shm"_s, u"demo-server.sqlite"_s, u"drafts/1.json"_s};
        for (const QString &name : files) {
            QFile file(profile + u'/' + name);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QVERIFY(::chmod(QFile::encodeName(file.fileName()).constData(), 0644) == 0);
        }
        const Status fixed = makeProfilePrivate(profile);
        QVERIFY2(fixed.ok(), fixed.ok() ? "" : qPrintable(fixed.error().message));
        QCOMPARE(modeOf(profile), 0700);
        QCOMPARE(modeOf(profile + u"/drafts"_s), 0700);
        for (const QString &name : files)
            QCOMPARE(modeOf(profile + u'/' + name), 0600);
    }

    // The cache file and the WAL/SHM files SQLite makes next to it: 0600 under any umask.
    void cacheFilesArePrivate_data()
    {
        QTest::addColumn<int>("umask");
        QTest::newRow("umask 000") << 0;
        QTest::newRow("umask 022") << 022;
    }
    void cacheFilesArePrivate()
    {
        QFETCH(int, umask);
        const Umask mask{mode_t(umask)};
        const QString path = m_dir.filePath(u"cache-%1.sqlite"_s.arg(umask));
        CacheDatabase db;
        QCOMPARE(db.open(path).error, StoreError::None);
        TicketCache cache(&db);
        QVERIFY(cache.applyTickets({storetest::makeTicket(1, u"Printer on fire"_s)}).ok());
        for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s}) {
            QVERIFY2(QFileInfo::exists(path + suffix), qPrintable(suffix));
            QCOMPARE(modeOf(path + suffix), 0600);
        }
        // A second connection (the sync writer's) keeps them so.
        CacheDatabase alongside;
        QCOMPARE(alongside.openAlongside(path).error, StoreError::None);
        for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s})
            QCOMPARE(modeOf(path + suffix), 0600);
    }

    void openCacheFilesOfAnOlderBuildAreTightened()
    {
        const QString path = m_dir.filePath(u"cache-old.sqlite"_s);
        {
            CacheDatabase db;
            QCOMPARE(db.open(path).error, StoreError::None);
            TicketCache cache(&db);
            QVERIFY(cache.applyTickets({storetest::makeTicket(1, u"Printer on fire"_s)}).ok());
            for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s})
                QVERIFY(::chmod(QFile::encodeName(path + suffix).constData(), 0644) == 0);
        }
        for (const QString &suffix : {u"-wal"_s, u"-shm"_s}) {
            QFile leftover(path + suffix); // as a crash would leave them
            if (!leftover.exists()) {
                QVERIFY(leftover.open(QIODevice::WriteOnly));
                leftover.close();
            }
            QVERIFY(::chmod(QFile::encodeName(path + suffix).constData(), 0644) == 0);
        }
        CacheDatabase db;
        QCOMPARE(db.open(path).error, StoreError::None);
        for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s})
            QCOMPARE(modeOf(path + suffix), 0600);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestPrivateFiles)
#include "tst_privatefiles.moc"
