// The German UI: every string a user can see on the main screens is translated. Each screen is
// built twice, in English and in German; a visible text (label, button, title, tooltip,
// placeholder, menu, action, header, tab, combo item) that comes out the same in both is an
// untranslated string, unless it is data or a word German shares with English.
#include "ui/aboutdialog.h"
#include "ui/accountsdialog.h"
#include "ui/confirmdialog.h"
#include "ui/connectdialog.h"
#include "ui/mainwindow.h"
#include "ui/shortcutsdialog.h"
#include "ui/submissionform.h"
#include "ui/translations.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QGroupBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSettings>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocumentFragment>
#include <QToolButton>
#include <QXmlStreamReader>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using namespace td;

namespace {

// Words spelled the same in German, and the test's own data.
const QStringList &sameInGerman()
{
    static const QStringList words{u"TriageDesk"_s,
                                   u"OK"_s,
                                   u"Name"_s,
                                   u"Status"_s,
                                   u"System"_s,
                                   u"Spam"_s,
                                   u"Navigation"_s,
                                   u"Server"_s,
                                   u"Ticket"_s,
                                   u"Tickets"_s,
                                   u"Client"_s,
                                   u"Owner"_s,
                                   u"Bug"_s,
                                   u"Web app"_s,
                                   u"Mobile app"_s,
                                   u"frontend"_s,
                                   u"backend"_s,
                                   u"design"_s,
                                   u"qa"_s,
                                   u"ios"_s,
                                   u"android"_s,
                                   u"Login page is blank"_s,
                                   u"After the update the login page shows nothing."_s,
                                   u"Export"_s,
                                   u"Details"_s,
                                   u"Filter"_s,
                                   u"Version %1"_s,
                                   u"Version"_s,
                                   u"Demo"_s,
                                   u"Offline"_s,
                                   u"Online"_s,
                                   u"Problem"_s};
    return words;
}

struct Visible
{
    QString where;
    QString text;
};

QString plain(QString text)
{
    if (Qt::mightBeRichText(text))
        text = QTextDocumentFragment::fromHtml(text).toPlainText();
    // Mnemonics and the ellipsis of "Open…" do not make a string translated.
    text.remove(QRegularExpression(u"&(?=\\S)"_s));
    return text.trimmed();
}

void add(QList<Visible> &out, const QString &where, const QString &text)
{
    if (text.isEmpty())
        return;
    // Rich text is compared line by line, so one untranslated row of a table shows up.
    const QStringList lines = plain(text).split(QRegularExpression(u"[\\n\\x{2029}]"_s));
    for (int i = 0; i < lines.size(); ++i)
        out.append({where + u"#"_s + QString::number(i), lines.at(i).trimmed()});
}

// Everything a user can read in `root`'s windows, in a stable order.
QList<Visible> visibleTexts(QWidget *root)
{
    QList<Visible> out;
    QList<QWidget *> widgets{root};
    widgets += root->findChildren<QWidget *>();
    // The overflow menus of menu and tool bars repeat entries that did not fit, and how many
    // fit depends on the length of the words.
    auto inOverflow = [](const QWidget *w) {
        for (; w; w = w->parentWidget()) {
            if (QByteArrayView(w->metaObject()->className()).endsWith("Extension"))
                return true;
        }
        return false;
    };
    QList<QWidget *> overflowMenus;
    for (QWidget *w : std::as_const(widgets)) {
        if (auto *button = qobject_cast<QToolButton *>(w);
            button && inOverflow(w) && button->menu())
            overflowMenus << button->menu();
    }
    widgets.removeIf([&](QWidget *w) {
        for (QWidget *menu : std::as_const(overflowMenus)) {
            if (w == menu || menu->isAncestorOf(w))
                return true;
        }
        return inOverflow(w);
    });
    for (int i = 0; i < widgets.size(); ++i) {
        QWidget *w = widgets.at(i);
        const QString where = u"%1[%2:%3]"_s.arg(QString::fromLatin1(w->metaObject()->className()))
                                      .arg(i)
                                      .arg(w->objectName());
        if (w->isWindow())
            add(out, where + u".windowTitle"_s, w->windowTitle());
        add(out, where + u".toolTip"_s, w->toolTip());
        add(out, where + u".statusTip"_s, w->statusTip());
        if (auto *label = qobject_cast<QLabel *>(w))
            add(out, where + u".text"_s, label->text());
        if (auto *button = qobject_cast<QAbstractButton *>(w))
            add(out, where + u".text"_s, button->text());
        if (auto *group = qobject_cast<QGroupBox *>(w))
            add(out, where + u".title"_s, group->title());
        if (auto *edit = qobject_cast<QLineEdit *>(w))
            add(out, where + u".placeholder"_s, edit->placeholderText());
        if (auto *edit = qobject_cast<QPlainTextEdit *>(w))
            add(out, where + u".placeholder"_s, edit->placeholderText());
        if (auto *combo = qobject_cast<QComboBox *>(w)) {
            for (int j = 0; j < combo->count(); ++j)
                add(out, where + u".item"_s + QString::number(j), combo->itemText(j));
        }
        if (auto *tabs = qobject_cast<QTabBar *>(w)) {
            for (int j = 0; j < tabs->count(); ++j) {
                add(out, where + u".tab"_s + QString::number(j), tabs->tabText(j));
                add(out, where + u".tabTip"_s + QString::number(j), tabs->tabToolTip(j));
            }
        }
        if (auto *header = qobject_cast<QHeaderView *>(w); header && header->model()) {
            const int n
                    = header->orientation() == Qt::Horizontal ? header->model()->columnCount() : 0;
            for (int j = 0; j < n; ++j) {
                add(out, where + u".header"_s + QString::number(j),
                    header->model()->headerData(j, Qt::Horizontal).toString());
                add(out, where + u".headerTip"_s + QString::number(j),
                    header->model()->headerData(j, Qt::Horizontal, Qt::ToolTipRole).toString());
            }
        }
        if (auto *menu = qobject_cast<QMenu *>(w))
            add(out, where + u".title"_s, menu->title());
        const QList<QAction *> actions = w->actions();
        for (int j = 0; j < actions.size(); ++j) {
            const QAction *action = actions.at(j);
            if (action->isSeparator())
                continue;
            add(out, where + u".action"_s + QString::number(j), action->text());
            add(out, where + u".actionTip"_s + QString::number(j), action->toolTip());
        }
    }
    return out;
}

bool needsTranslation(const QString &text)
{
    static const QRegularExpression letters(u"\\p{L}{2,}"_s);
    if (!text.contains(letters))
        return false; // numbers, "#42", "0 / 200", keys like "Ctrl+N"
    if (text.contains(u"://"_s) || text.contains(u'@'))
        return false; // addresses
    if (text.startsWith(u'{') || text.startsWith(u'"'))
        return false; // JSON
    if (sameInGerman().contains(text))
        return false;
    static const QRegularExpression keys(
            u"^((Ctrl|Shift|Alt|Meta|Strg|Umschalt|Del|Entf|Esc|Return|Enter|F\\d+|Space|"
            "Leertaste|Backspace|Tab|Home|End|PgUp|PgDown|Pos1|Ende|Bild auf|Bild ab|Ins|Einfg)"
            "[+, ]*)+.?$"_s);
    return !keys.match(text).hasMatch();
}

QList<ProjectChoice> projects()
{
    return {{u"2489E9AD-2EE2-8E00-8EC9-32D5F69181C0"_s,
             u"Web app"_s,
             {u"frontend"_s, u"backend"_s, u"design"_s, u"qa"_s}},
            {u"7C3F6A2E-5B1D-4E8F-9A0B-1C2D3E4F5A6B"_s,
             u"Mobile app"_s,
             {u"ios"_s, u"android"_s, u"backend"_s, u"qa"_s}}};
}

using Screen = std::function<std::unique_ptr<QWidget>()>;

} // namespace

Q_DECLARE_METATYPE(Screen)

namespace {} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<AccountManager> makeManager()
    {
        return std::make_unique<AccountManager>(m_store.get(), &m_keychain, &m_session, &m_network);
    }

    QList<Visible> collect(const Screen &screen, const QLocale &locale)
    {
        auto *app = qobject_cast<QApplication *>(QCoreApplication::instance());
        installTranslations(*app, locale);
        std::unique_ptr<QWidget> widget = screen();
        widget->show();
        QCoreApplication::processEvents();
        QList<Visible> texts = visibleTexts(widget.get());
        widget.reset();
        return texts;
    }

private slots:
    void initTestCase()
    {
        m_settings = std::make_unique<QSettings>(m_dir.filePath(u"settings.ini"_s),
                                                 QSettings::IniFormat);
        m_store = std::make_unique<AccountStore>(m_settings.get());
        m_manager = makeManager();
    }

    void germanTranslationIsComplete()
    {
        QFile ts(QStringLiteral(TD_SOURCE_DIR "/translations/triagedesk_de.ts"));
        QVERIFY(ts.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&ts);
        int messages = 0;
        QStringList unfinished;
        QString source;
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement())
                continue;
            if (xml.name() == u"source")
                source = xml.readElementText();
            else if (xml.name() == u"translation") {
                ++messages;
                const QString type = xml.attributes().value(u"type"_s).toString();
                if (type == u"unfinished")
                    unfinished << source;
            }
        }
        QVERIFY(!xml.hasError());
        QVERIFY(messages > 100);
        QVERIFY2(unfinished.isEmpty(), qPrintable(unfinished.join(u" | "_s)));
    }

    void germanLoads()
    {
        auto *app = qobject_cast<QApplication *>(QCoreApplication::instance());
        QVERIFY(installTranslations(*app, QLocale(QLocale::German, QLocale::Germany)));
        QCOMPARE(ConfirmDialog::tr("&Keep in outbox"), u"Im &Postausgang behalten"_s);
        QVERIFY(installTranslations(*app, QLocale(QLocale::English, QLocale::UnitedStates)));
        // English plurals come from the English .qm, also for a language the app lacks.
        QCOMPARE(ConfirmDialog::tr("%n link(s)", nullptr, 1), u"1 link"_s);
        QVERIFY(!installTranslations(*app, QLocale(QLocale::French, QLocale::France)));
        QCOMPARE(ConfirmDialog::tr("%n link(s)", nullptr, 3), u"3 links"_s);
        installTranslations(*app, QLocale(QLocale::English));
    }

    void noUntranslatedVisibleText_data()
    {
        QTest::addColumn<Screen>("screen");
        QTest::newRow("main window") << Screen(
                [this] { return std::unique_ptr<QWidget>(new MainWindow(m_settings.get())); });
        QTest::newRow("submission form") << Screen([] {
            auto form = std::make_unique<SubmissionForm>();
            form->setProjects(projects());
            // Make every error and counter show.
            QJsonObject body{{u"title"_s, QString(201, u'x')},
                             {u"roles"_s, QJsonArray{u"cobol"_s}},
                             {u"evidence"_s, QJsonObject{}}};
            form->loadPayload(body);
            form->setServerFieldErrors({{u"description"_s, u"Required"_s}});
            return std::unique_ptr<QWidget>(std::move(form));
        });
        QTest::newRow("confirmation") << Screen([] {
            const QJsonObject body{
                    {u"title"_s, u"Login page is blank"_s},
                    {u"description"_s, u"After the update the login page shows nothing."_s},
                    {u"request_type"_s, u"bug"_s},
                    {u"roles"_s, QJsonArray{u"frontend"_s}},
                    {u"priority"_s, u"high"_s},
                    {u"blocking"_s, true},
                    {u"evidence"_s, QJsonObject{}},
                    {u"suggested_resolution"_s, QString()},
                    {u"implementation_notes"_s, QString()}};
            auto dialog = std::make_unique<ConfirmDialog>(u"Web app"_s, body);
            TicketRow row;
            row.number = 12;
            row.title = u"Login page is blank"_s;
            dialog->setDuplicates({row});
            return std::unique_ptr<QWidget>(std::move(dialog));
        });
        QTest::newRow("connect") << Screen([this] {
            auto dialog = std::make_unique<ConnectDialog>(m_manager.get());
            dialog->setDemoStarter(
                    []() -> Result<DemoLogin> { return Error::fromStore(StoreError::CannotOpen); });
            return std::unique_ptr<QWidget>(std::move(dialog));
        });
        QTest::newRow("accounts") << Screen([this] {
            return std::unique_ptr<QWidget>(new AccountsDialog(m_manager.get(), QString()));
        });
        QTest::newRow("about") << Screen([] { return std::make_unique<AboutDialog>(); });
        QTest::newRow("shortcuts") << Screen([this] {
            MainWindow window(m_settings.get());
            auto dialog = std::make_unique<ShortcutsDialog>(window.shortcutGroups());
            return std::unique_ptr<QWidget>(std::move(dialog));
        });
    }
    void noUntranslatedVisibleText()
    {
        QFETCH(Screen, screen);
        const QList<Visible> english = collect(screen, QLocale(QLocale::English));
        const QList<Visible> german = collect(screen, QLocale(QLocale::German, QLocale::Germany));
        installTranslations(*qobject_cast<QApplication *>(QCoreApplication::instance()),
                            QLocale(QLocale::English));
        // Paired by place; a place only one language has (a menu entry that overflowed with
        // longer German words) cannot be compared.
        QHash<QString, QString> germanAt;
        for (const Visible &v : german)
            germanAt.insert(v.where, v.text);
        QStringList untranslated;
        int checked = 0;
        int unpaired = 0;
        for (const Visible &v : english) {
            QVERIFY2(!v.text.contains(u"(s)"_s), qPrintable(v.where + u": "_s + v.text));
            if (!germanAt.contains(v.where))
                ++unpaired;
            if (!needsTranslation(v.text) || !germanAt.contains(v.where))
                continue;
            ++checked;
            if (germanAt.value(v.where) == v.text)
                untranslated << v.where + u": \""_s + v.text + u'"';
        }
        QVERIFY(checked > 3);                     // the screen really showed text
        QVERIFY(unpaired <= english.size() / 10); // and nearly every place was compared
        QVERIFY(checked > 3);                     // the screen really showed text
        QVERIFY2(untranslated.isEmpty(), qPrintable(untranslated.join(u"\n"_s)));
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<AccountStore> m_store;
    MemoryCredentialStore m_keychain;
    MemoryCredentialStore m_session;
    QNetworkAccessManager m_network;
    std::unique_ptr<AccountManager> m_manager;
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
