// Light and dark themes: every colour text is drawn in reads at 4.5:1 or more on what it is
// drawn on (WCAG 2, computed here from the palettes the app applies), a choice made in
// View > Theme reaches the whole application live and is remembered, System follows the
// desktop, and the window's error texts, outbox markers and search marks change with it.
#include "models/ticketlistmodel.h"
#include "support/serverprocess.h"
#include "support/testdata.h"
#include "support/testhttpclient.h"
#include "support/testsession.h"
#include "ui/detailpane.h"
#include "ui/mainwindow.h"
#include "ui/statusbarwidget.h"
#include "ui/submissiondialog.h"
#include "ui/submissionform.h"
#include "ui/theme.h"

#include <QAction>
#include <QApplication>
#include <QBrush>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusReply>
#include <QDBusVariant>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QNetworkAccessManager>
#include <QProxyStyle>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QStyle>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTreeView>
#include <QVBoxLayout>

#include <atomic>
#include <cmath>
#include <memory>

using namespace Qt::StringLiterals;
using namespace td;
namespace data = td::testdata;

namespace {

// WCAG 2.x, "relative luminance" and "contrast ratio" (https://www.w3.org/TR/WCAG21/).
double luminance(const QColor &color)
{
    auto linear = [](double c) {
        return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    const QColor c = color.toRgb();
    return 0.2126 * linear(c.redF()) + 0.7152 * linear(c.greenF()) + 0.0722 * linear(c.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

constexpr double kMinimum = 4.5;        // WCAG AA for normal text
constexpr double kNonTextMinimum = 3.0; // WCAG 1.4.11, the edges of controls

struct Pair
{
    QString what;
    QColor text, background;
};

// Every text-on-background pair the app draws, from the palette in use.
QList<Pair> pairsOf(const QPalette &p)
{
    QList<Pair> pairs;
    for (QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive}) {
        const QString g = group == QPalette::Active ? u"active"_s : u"inactive"_s;
        auto add = [&](const QString &what, QPalette::ColorRole text, QPalette::ColorRole bg) {
            pairs.append({g + u" "_s + what, p.color(group, text), p.color(group, bg)});
        };
        add(u"window text on window"_s, QPalette::WindowText, QPalette::Window);
        add(u"text on base"_s, QPalette::Text, QPalette::Base);
        add(u"text on alternate rows"_s, QPalette::Text, QPalette::AlternateBase);
        add(u"button text on button"_s, QPalette::ButtonText, QPalette::Button);
        add(u"selected text on selection"_s, QPalette::HighlightedText, QPalette::Highlight);
        add(u"tooltip text on tooltip"_s, QPalette::ToolTipText, QPalette::ToolTipBase);
        add(u"placeholder on base"_s, QPalette::PlaceholderText, QPalette::Base);
        add(u"link on base"_s, QPalette::Link, QPalette::Base);
        add(u"link on window"_s, QPalette::Link, QPalette::Window);
        add(u"visited link on base"_s, QPalette::LinkVisited, QPalette::Base);
        // Labels in a dialog or the status bar (window), the ticket list and the outbox
        // (base and alternate rows).
        const struct
        {
            Tone tone;
            QString name;
        } tones[] = {{Tone::ErrorText, u"error"_s},
                     {Tone::WarningText, u"warning"_s},
                     {Tone::QueuedText, u"queued"_s}};
        for (const auto &t : tones) {
            const QColor color = toneColor(t.tone, p);
            const struct
            {
                QPalette::ColorRole role;
                QString name;
            } backgrounds[] = {{QPalette::Window, u"window"_s},
                               {QPalette::Base, u"base"_s},
                               {QPalette::AlternateBase, u"alternate rows"_s},
                               {QPalette::Button, u"button"_s}};
            for (const auto &bg : backgrounds) {
                pairs.append({g + u" "_s + t.name + u" on "_s + bg.name, color,
                              p.color(group, bg.role)});
            }
        }
    }
    pairs.append({u"search match"_s, toneColor(Tone::SearchMatchText, p),
                  toneColor(Tone::SearchMatchBackground, p)});
    return pairs;
}

QColor textOf(const QWidget *widget)
{
    return widget->palette().color(QPalette::Active, widget->foregroundRole());
}

const QString PortalService = u"org.freedesktop.portal.Desktop"_s;
const QString PortalPath = u"/org/freedesktop/portal/desktop"_s;

} // namespace

// The desktop's side of the XDG settings portal, as far as the colour scheme goes: it owns
// the portal's name on the session bus through a connection of its own, answers Read and
// announces changes with SettingChanged, as xdg-desktop-portal does.
class FakePortal : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.portal.Settings")

public:
    uint scheme = 0; // 0 no preference, 1 dark, 2 light

    // A desktop (or its activatable portal) already on this bus: the test cannot stand in.
    static bool portalExists()
    {
        QDBusConnectionInterface *bus = QDBusConnection::sessionBus().interface();
        if (!bus)
            return false;
        const QDBusReply<QStringList> activatable = bus->activatableServiceNames();
        return bus->isServiceRegistered(PortalService).value()
               || (activatable.isValid() && activatable.value().contains(PortalService));
    }

    bool start()
    {
        m_bus = std::make_unique<QDBusConnection>(
                QDBusConnection::connectToBus(QDBusConnection::SessionBus, m_connectionName));
        return m_bus->isConnected()
               && m_bus->registerObject(PortalPath, this,
                                        QDBusConnection::ExportAllSlots
                                                | QDBusConnection::ExportAllSignals)
               && m_bus->registerService(PortalService);
    }
    ~FakePortal() override
    {
        if (!m_bus)
            return;
        m_bus->unregisterService(PortalService);
        m_bus->unregisterObject(PortalPath);
        m_bus.reset();
        QDBusConnection::disconnectFromBus(m_connectionName);
    }

    // Called from the test's thread; QtDBus relays signals from the object's own thread.
    void change(uint value)
    {
        QMetaObject::invokeMethod(
                this,
                [this, value] {
                    scheme = value;
                    emit SettingChanged(u"org.freedesktop.appearance"_s, u"color-scheme"_s,
                                        QDBusVariant(QVariant(value)));
                },
                Qt::BlockingQueuedConnection);
    }

public slots:
    // Version 1 of the interface wraps the value in one variant more than it declares.
    QDBusVariant Read(const QString &group, const QString &key)
    {
        ++reads;
        if (group != u"org.freedesktop.appearance"_s || key != u"color-scheme"_s)
            return QDBusVariant(QVariant(QString()));
        return QDBusVariant(QVariant::fromValue(QDBusVariant(QVariant(scheme))));
    }

signals:
    void SettingChanged(const QString &group, const QString &key, const QDBusVariant &value);

public:
    std::atomic<int> reads = 0;

private:
    const QString m_connectionName = u"tst_theme-portal"_s;
    std::unique_ptr<QDBusConnection> m_bus;
};

class TestTheme : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void theContrastFormulaMatchesWcag();
    void everyTextReadsAtFourAndAHalfToOne_data();
    void everyTextReadsAtFourAndAHalfToOne();
    void theChoiceIsAppliedAndRemembered();
    void systemFollowsTheDesktop();
    void theDesktopPortalIsAskedAndWatched();
    void aTonedLabelFollowsTheTheme();
    void theWindowsThemeMenuSwitchesLive();
    void theDetailPaneRedrawsItsMarksAndLinks();

private:
    void openWindow();
    // A new ticket from the client, as the server's API takes it; false if refused.
    bool createTicket(const QString &title);
    bool selectByTitle(const QString &title);
    bool waitSynced();
    void startServer();
    QAction *themeAction(const QString &name) const;

    QPalette m_platformPalette;
    QString m_platformStyle;
    std::unique_ptr<test::ServerProcess> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    QNetworkAccessManager m_network;
    std::unique_ptr<test::TestAccounts> m_accounts;
    std::unique_ptr<MainWindow> m_window;
};

void TestTheme::initTestCase()
{
    // What the platform gives before any theme is applied (System goes back to it).
    m_platformPalette = QApplication::palette();
    m_platformStyle = QApplication::style()->name();
}

void TestTheme::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_settings
            = std::make_unique<QSettings>(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
}

void TestTheme::cleanup()
{
    if (m_window) {
        m_window->close();
        m_window->setSession(nullptr);
    }
    m_window.reset();
    m_accounts.reset();
    // Back to the platform's look for the next test.
    Theme(m_settings.get()).setChoice(Theme::Choice::System);
    m_settings.reset();
    m_dir.reset();
}

void TestTheme::theContrastFormulaMatchesWcag()
{
    // Known values: black on white is the maximum, a colour on itself the minimum, and
    // #767676 is the lightest grey that passes on white (#777777 just fails).
    QCOMPARE(contrast(Qt::black, Qt::white), 21.0);
    QCOMPARE(contrast(QColor(0x12, 0x34, 0x56), QColor(0x12, 0x34, 0x56)), 1.0);
    QVERIFY(contrast(QColor(0x76, 0x76, 0x76), Qt::white) >= kMinimum);
    QVERIFY(contrast(QColor(0x77, 0x77, 0x77), Qt::white) < kMinimum);
}

void TestTheme::everyTextReadsAtFourAndAHalfToOne_data()
{
    QTest::addColumn<int>("choice");
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << int(Theme::Choice::Light) << false;
    QTest::newRow("dark") << int(Theme::Choice::Dark) << true;
}

void TestTheme::everyTextReadsAtFourAndAHalfToOne()
{
    QFETCH(int, choice);
    QFETCH(bool, dark);
    Theme theme(m_settings.get());
    theme.setChoice(Theme::Choice(choice));
    // The palette the application runs with, not a copy of the theme's tables.
    const QPalette applied = QApplication::palette();
    QCOMPARE(isDarkPalette(applied), dark);
    QCOMPARE(theme.isDark(), dark);
    const QList<Pair> pairs = pairsOf(applied);
    QVERIFY(pairs.size() > 40);
    QStringList failing;
    const Pair *lowest = nullptr;
    for (const Pair &pair : pairs) {
        const double ratio = contrast(pair.text, pair.background);
        if (!lowest || ratio < contrast(lowest->text, lowest->background))
            lowest = &pair;
        if (ratio < kMinimum) {
            failing << u"%1: %2 on %3 is %4:1"_s
                               .arg(pair.what, pair.text.name(), pair.background.name())
                               .arg(ratio, 0, 'f', 2);
        }
    }
    // A check box's edge shows on every background it sits on.
    const QColor outline = toneColor(Tone::ControlOutline, applied);
    for (QPalette::ColorRole bg :
         {QPalette::Window, QPalette::Base, QPalette::AlternateBase, QPalette::Button}) {
        const double ratio = contrast(outline, applied.color(bg));
        if (ratio < kNonTextMinimum) {
            failing << u"check box edge %1 on role %2 is %3:1"_s.arg(outline.name())
                               .arg(int(bg))
                               .arg(ratio, 0, 'f', 2);
        }
    }
    QVERIFY2(failing.isEmpty(), qPrintable(failing.join(u'\n')));
    qInfo("%lld pairs, the lowest: %s at %.2f:1", qlonglong(pairs.size()), qPrintable(lowest->what),
          contrast(lowest->text, lowest->background));
}

void TestTheme::theChoiceIsAppliedAndRemembered()
{
    {
        Theme theme(m_settings.get());
        QCOMPARE(theme.choice(), Theme::Choice::System);
        QVERIFY(theme.action(Theme::Choice::System)->isChecked());
        theme.action(Theme::Choice::Dark)->trigger();
        QCOMPARE(theme.choice(), Theme::Choice::Dark);
        QVERIFY(theme.action(Theme::Choice::Dark)->isChecked());
        QVERIFY(!theme.action(Theme::Choice::System)->isChecked());
        // Fusion, under the app's check box outlines.
        auto *style = qobject_cast<QProxyStyle *>(QApplication::style());
        QVERIFY(style);
        QCOMPARE(style->baseStyle()->name(), u"fusion"_s);
        QCOMPARE(QApplication::palette().color(QPalette::Window),
                 Theme::darkPalette().color(QPalette::Window));
        QCOMPARE(m_settings->value(u"theme"_s).toString(), u"dark"_s);
    }
    // The next start (another Theme on the same settings) comes up dark.
    QApplication::setPalette(m_platformPalette);
    Theme again(m_settings.get());
    QCOMPARE(again.choice(), Theme::Choice::Dark);
    QVERIFY(again.action(Theme::Choice::Dark)->isChecked());
    QCOMPARE(QApplication::palette().color(QPalette::Base),
             Theme::darkPalette().color(QPalette::Base));
    again.action(Theme::Choice::Light)->trigger();
    QCOMPARE(QApplication::palette().color(QPalette::Base),
             Theme::lightPalette().color(QPalette::Base));
    QCOMPARE(m_settings->value(u"theme"_s).toString(), u"light"_s);
}

void TestTheme::systemFollowsTheDesktop()
{
    Theme theme(m_settings.get());
    // The test platform (offscreen) has a light palette and, in a test, no portal to ask.
    QVERIFY(!isDarkPalette(m_platformPalette));
    theme.setDesktopScheme(ColorScheme::NoPreference);
    QCOMPARE(QApplication::palette().color(QPalette::Window),
             m_platformPalette.color(QPalette::Window));
    QCOMPARE(QApplication::style()->name(), m_platformStyle);

    // The desktop turns dark: the platform has no dark palette, so Fusion's dark one is used.
    QSignalSpy applied(&theme, &Theme::applied);
    theme.setDesktopScheme(ColorScheme::Dark);
    QCOMPARE(applied.count(), 1);
    QVERIFY(theme.isDark());
    QCOMPARE(QApplication::palette().color(QPalette::Window),
             Theme::darkPalette().color(QPalette::Window));
    QCOMPARE(m_settings->value(u"theme"_s, u"unset"_s).toString(), u"unset"_s);

    // Back to light: the platform's own palette again.
    theme.setDesktopScheme(ColorScheme::Light);
    QVERIFY(!theme.isDark());
    QCOMPARE(QApplication::palette().color(QPalette::Window),
             m_platformPalette.color(QPalette::Window));

    // A user's explicit choice wins over the desktop.
    theme.setChoice(Theme::Choice::Light);
    theme.setDesktopScheme(ColorScheme::Dark);
    QVERIFY(!theme.isDark());
}

void TestTheme::theDesktopPortalIsAskedAndWatched()
{
    if (!QDBusConnection::sessionBus().isConnected())
        QSKIP("no session bus (scripts/test.sh runs the tests inside dbus-run-session)");
    if (FakePortal::portalExists())
        QSKIP("this session bus has a desktop portal of its own");
    if (!qEnvironmentVariableIsEmpty("GTK_THEME"))
        QSKIP("GTK_THEME is set and would answer for a portal without a preference");
    // The portal answers from a thread of its own, as the real one does from its process,
    // while the app's thread waits for the answer.
    QThread portalThread;
    portalThread.start();
    FakePortal portal;
    portal.scheme = 1; // the desktop is dark
    QVERIFY(portal.start());
    portal.moveToThread(&portalThread);
    const auto stop = qScopeGuard([&portalThread, &portal] {
        QThread *home = QThread::currentThread();
        QMetaObject::invokeMethod(
                &portal, [&portal, home] { portal.moveToThread(home); },
                Qt::BlockingQueuedConnection);
        portalThread.quit();
        portalThread.wait();
    });

    // A new Theme asks the running portal before the window is drawn: dark right away.
    Theme theme(m_settings.get());
    // (Other test processes on the same bus may ask too.)
    QVERIFY(portal.reads.load() >= 1);
    QCOMPARE(theme.desktopScheme(), ColorScheme::Dark);
    QVERIFY(theme.isDark());

    // The user switches the desktop to light, then to no preference.
    portal.change(2);
    QTRY_COMPARE(theme.desktopScheme(), ColorScheme::Light);
    QVERIFY(!theme.isDark());
    portal.change(1);
    QTRY_VERIFY(theme.isDark());
    portal.change(0);
    QTRY_COMPARE(theme.desktopScheme(), ColorScheme::NoPreference);
    QCOMPARE(QApplication::palette().color(QPalette::Window),
             m_platformPalette.color(QPalette::Window));
}

void TestTheme::aTonedLabelFollowsTheTheme()
{
    Theme theme(m_settings.get());
    theme.setChoice(Theme::Choice::Light);
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *error = new QLabel(u"Cannot connect"_s);
    setTextTone(error, Tone::ErrorText); // before it has a parent, as forms make them
    auto *plain = new QLabel(u"Server address"_s);
    layout->addWidget(error);
    layout->addWidget(plain);
    window.show();

    const QColor lightError = textOf(error);
    QCOMPARE(lightError, toneColor(Tone::ErrorText, Theme::lightPalette()));
    QVERIFY(lightError != textOf(plain));

    // Widgets hear of a new application palette from the event loop.
    theme.setChoice(Theme::Choice::Dark);
    QTRY_COMPARE(textOf(error), toneColor(Tone::ErrorText, Theme::darkPalette()));
    QVERIFY(textOf(error) != lightError);
    QCOMPARE(textOf(plain), Theme::darkPalette().color(QPalette::WindowText));
    QVERIFY(contrast(textOf(error), window.palette().color(QPalette::Window)) >= kMinimum);

    // No tone: the palette's own text colour, and it keeps following the theme.
    setTextTone(error, std::nullopt);
    QCOMPARE(textOf(error), textOf(plain));
    theme.setChoice(Theme::Choice::Light);
    QTRY_COMPARE(textOf(error), Theme::lightPalette().color(QPalette::WindowText));
}

void TestTheme::startServer()
{
    if (m_server)
        return;
    m_server = std::make_unique<test::ServerProcess>();
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
}

void TestTheme::openWindow()
{
    startServer();
    m_accounts = std::make_unique<test::TestAccounts>(&m_network, m_dir->path());
    m_window = std::make_unique<MainWindow>(m_settings.get());
    m_window->setSessionFactory(&m_accounts->factory());
    QString error;
    auto session = m_accounts->signInAndOpen(m_server->baseUrl(), data::OwnerToken, &error);
    QVERIFY2(session, qPrintable(error));
    QSignalSpy synced(session.get(), &AccountSession::syncFinished);
    m_window->setSession(std::move(session));
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_VERIFY_WITH_TIMEOUT(synced.count() >= 1, 15'000);
}

// The action as the user reaches it: View > Theme > `name`.
QAction *TestTheme::themeAction(const QString &name) const
{
    for (QAction *top : m_window->menuBar()->actions()) {
        if (QString(top->text()).remove(u'&') != u"View"_s || !top->menu())
            continue;
        for (QAction *entry : top->menu()->actions()) {
            if (QString(entry->text()).remove(u'&') != u"Theme"_s || !entry->menu())
                continue;
            for (QAction *choice : entry->menu()->actions()) {
                if (QString(choice->text()).remove(u'&') == name)
                    return choice;
            }
        }
    }
    return nullptr;
}

void TestTheme::theWindowsThemeMenuSwitchesLive()
{
    openWindow();
    if (QTest::currentTestFailed())
        return;
    QAction *system = themeAction(u"System"_s);
    QAction *light = themeAction(u"Light"_s);
    QAction *dark = themeAction(u"Dark"_s);
    QVERIFY(system && light && dark);
    QVERIFY(system->isChecked());

    light->trigger();
    QCOMPARE(QApplication::palette().color(QPalette::Window),
             Theme::lightPalette().color(QPalette::Window));
    QTRY_COMPARE(m_window->palette().color(QPalette::Base),
                 Theme::lightPalette().color(QPalette::Base));

    // File > New ticket; a title typed and erased shows the form's error, in the theme's red.
    // Switching the theme while the form is open repaints it.
    bool opened = false;
    QColor before, after, window;
    m_window->setDialogHook([&](QDialog *dialog) {
        opened = true;
        auto *submission = qobject_cast<SubmissionDialog *>(dialog);
        QVERIFY(submission);
        auto *title = submission->form()->findChild<QLineEdit *>(u"title"_s);
        QTest::keyClicks(title, u"x"_s);
        QTest::keyClick(title, Qt::Key_Backspace);
        auto *error = submission->form()->findChild<QLabel *>(u"error_title"_s);
        QVERIFY(error && error->isVisibleTo(submission));
        QVERIFY(!error->text().isEmpty());
        before = textOf(error);
        dark->trigger();
        QTRY_VERIFY(textOf(error) != before);
        after = textOf(error);
        window = error->palette().color(QPalette::Window);
        dialog->reject();
    });
    m_window->newTicketAction()->trigger();
    QVERIFY(opened);
    QCOMPARE(before, toneColor(Tone::ErrorText, Theme::lightPalette()));
    QCOMPARE(after, toneColor(Tone::ErrorText, Theme::darkPalette()));
    QCOMPARE(window, Theme::darkPalette().color(QPalette::Window));
    QVERIFY(contrast(after, window) >= kMinimum);

    QVERIFY(dark->isChecked());
    QVERIFY(!light->isChecked());
    QCOMPARE(QApplication::palette().color(QPalette::Window),
             Theme::darkPalette().color(QPalette::Window));
    QTRY_COMPARE(m_window->ticketView()->palette().color(QPalette::Base),
                 Theme::darkPalette().color(QPalette::Base));
    QCOMPARE(m_settings->value(u"theme"_s).toString(), u"dark"_s);

    // Offline, a triaged ticket waits in the outbox: its marker in the list, the unsent count
    // and "Working offline" in the status bar are in the tones of the theme in use.
    const QString title = u"Theme marker %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    QVERIFY(createTicket(title));
    QVERIFY(waitSynced());
    m_window->workOfflineAction()->trigger();
    QApplication::setActiveWindow(m_window.get());
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QVERIFY(selectByTitle(title));
    QTest::keyClick(m_window->ticketView(), Qt::Key_T); // Ticket > Triage
    QVERIFY(selectByTitle(title));
    const QModelIndex marker
            = m_window->ticketView()->currentIndex().siblingAtColumn(TicketListModel::SyncState);
    QCOMPARE(marker.data().toString(), u"Unsent"_s);
    auto labelSaying = [this](const QString &text) -> QLabel * {
        for (QLabel *label : m_window->statusWidget()->findChildren<QLabel *>()) {
            if (label->text() == text)
                return label;
        }
        return nullptr;
    };
    QLabel *unsent = labelSaying(m_window->statusWidget()->outboxText());
    QLabel *offline = labelSaying(m_window->statusWidget()->connectionText());
    QVERIFY(unsent && offline);
    QCOMPARE(marker.data(Qt::ForegroundRole).value<QBrush>().color(),
             toneColor(Tone::QueuedText, Theme::darkPalette()));
    QCOMPARE(textOf(unsent), toneColor(Tone::QueuedText, Theme::darkPalette()));
    QCOMPARE(textOf(offline), toneColor(Tone::WarningText, Theme::darkPalette()));
    light->trigger();
    QTRY_COMPARE(textOf(unsent), toneColor(Tone::QueuedText, Theme::lightPalette()));
    QCOMPARE(textOf(offline), toneColor(Tone::WarningText, Theme::lightPalette()));
    QCOMPARE(marker.data(Qt::ForegroundRole).value<QBrush>().color(),
             toneColor(Tone::QueuedText, Theme::lightPalette()));
    // Plain again once it is sent.
    m_window->workOfflineAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(m_window->statusWidget()->outboxText(), u"Outbox empty"_s, 10'000);
    QCOMPARE(textOf(unsent), Theme::lightPalette().color(QPalette::WindowText));

    system->trigger();
    QCOMPARE(QApplication::palette().color(QPalette::Window),
             m_platformPalette.color(QPalette::Window));
    QCOMPARE(m_settings->value(u"theme"_s).toString(), u"system"_s);
}

bool TestTheme::createTicket(const QString &title)
{
    const QJsonObject body{
            {u"title"_s, title},
            {u"description"_s, u"Steps: export the list."_s},
            {u"request_type"_s, u"bug"_s},
            {u"priority"_s, u"high"_s},
            {u"roles"_s, QJsonArray{u"frontend"_s}},
            {u"evidence"_s, QJsonObject{{u"log"_s, u"https://example.com/log/7"_s}}}};
    test::TestHttpClient http(m_server->baseUrl());
    return http.post(u"/api/projects/%1/tickets"_s.arg(data::WebProjectId), body, data::ClientToken)
                   .status
           == 201;
}

bool TestTheme::selectByTitle(const QString &title)
{
    QAbstractItemModel *model = m_window->ticketView()->model();
    for (int r = 0; r < model->rowCount(); ++r) {
        const QModelIndex index = model->index(r, TicketListModel::Title);
        if (index.data().toString() == title) {
            m_window->ticketView()->setCurrentIndex(index);
            m_window->ticketView()->setFocus();
            return true;
        }
    }
    return false;
}

bool TestTheme::waitSynced()
{
    QSignalSpy synced(m_window->session(), &AccountSession::syncFinished);
    m_window->syncNow();
    return synced.wait(10'000) || synced.count() > 0;
}

void TestTheme::theDetailPaneRedrawsItsMarksAndLinks()
{
    // A ticket whose evidence holds a link and whose title holds a word to search for.
    const QString word = u"Zorblat%1"_s.arg(QDateTime::currentMSecsSinceEpoch() % 100000);
    const QString title = u"Export %1 hangs"_s.arg(word);
    startServer();
    QVERIFY(createTicket(title));
    openWindow();
    if (QTest::currentTestFailed())
        return;
    themeAction(u"Light"_s)->trigger();
    QTest::keyClicks(m_window->searchField(), word);
    QTest::keyClick(m_window->searchField(), Qt::Key_Return);
    QTRY_COMPARE(m_window->ticketView()->model()->rowCount(), 1);
    m_window->ticketView()->setCurrentIndex(m_window->ticketView()->model()->index(0, 0));
    QTRY_VERIFY(m_window->detailPane()->plainText().contains(title));

    auto colours = [](const QPalette &palette) {
        return QStringList{toneColor(Tone::SearchMatchBackground, palette).name(),
                           palette.color(QPalette::Link).name()};
    };
    const QStringList light = colours(Theme::lightPalette());
    const QStringList dark = colours(Theme::darkPalette());
    QString html = m_window->detailPane()->html();
    for (const QString &colour : light)
        QVERIFY2(html.contains(colour, Qt::CaseInsensitive), qPrintable(colour));

    themeAction(u"Dark"_s)->trigger();
    QTRY_VERIFY(m_window->detailPane()->html().contains(dark.first(), Qt::CaseInsensitive));
    html = m_window->detailPane()->html();
    for (const QString &colour : dark)
        QVERIFY2(html.contains(colour, Qt::CaseInsensitive), qPrintable(colour));
    for (const QString &colour : light)
        QVERIFY2(!html.contains(colour, Qt::CaseInsensitive), qPrintable(colour));
}

QTEST_MAIN(TestTheme)
#include "tst_theme.moc"
