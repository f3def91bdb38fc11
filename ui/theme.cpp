#include "theme.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusVariant>
#include <QEvent>
#include <QPainter>
#include <QProxyStyle>
#include <QScopedValueRollback>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>
#include <QStyleOption>
#include <QTimer>
#include <QWidget>

#include <cmath>
#include <functional>

using namespace Qt::StringLiterals;

namespace td {
namespace {

constexpr auto kSettingsKey = "theme";
// The style the platform chose before any theme was applied, kept on the application (every
// Theme after the first would otherwise see the Fusion a previous one set).
constexpr auto kPlatformStyleProperty = "td_platformStyle";
constexpr auto kToneProperty = "td_tone";
constexpr auto kToneKeeperName = "td_toneKeeper";

const auto kPortalService = u"org.freedesktop.portal.Desktop"_s;
const auto kPortalPath = u"/org/freedesktop/portal/desktop"_s;
const auto kPortalSettings = u"org.freedesktop.portal.Settings"_s;
const auto kAppearance = u"org.freedesktop.appearance"_s;
const auto kColorSchemeKey = u"color-scheme"_s;

// WCAG 2 relative luminance of an sRGB colour.
double relativeLuminance(const QColor &color)
{
    auto channel = [](double c) {
        return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    const QColor rgb = color.toRgb();
    return 0.2126 * channel(rgb.redF()) + 0.7152 * channel(rgb.greenF())
           + 0.0722 * channel(rgb.blueF());
}

struct Tones
{
    QColor error, warning, queued, matchText, matchBackground;
};

// Picked for 4.5:1 or more on Window, Base, AlternateBase and Button of the palettes below.
const Tones &lightTones()
{
    static const Tones tones{QColor(0xb3, 0x26, 0x1e), QColor(0x8c, 0x4a, 0x00),
                             QColor(0x5b, 0x2a, 0x9e), QColor(0x1f, 0x1f, 0x1f),
                             QColor(0xff, 0xe0, 0x66)};
    return tones;
}

const Tones &darkTones()
{
    static const Tones tones{QColor(0xff, 0x8a, 0x80), QColor(0xff, 0xb7, 0x4d),
                             QColor(0xcf, 0xa8, 0xff), QColor(0xff, 0xff, 0xff),
                             QColor(0x7a, 0x5c, 0x00)};
    return tones;
}

struct PaletteColors
{
    QColor window, windowText, base, alternateBase, toolTipBase, toolTipText, placeholder, button,
            light, midlight, mid, dark, shadow, highlight, highlightedText, link, linkVisited,
            disabledText, disabledBase, disabledHighlight;
};

QPalette makePalette(const PaletteColors &c)
{
    QPalette p;
    for (QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive, QPalette::Disabled}) {
        p.setColor(group, QPalette::Window, c.window);
        p.setColor(group, QPalette::WindowText, c.windowText);
        p.setColor(group, QPalette::Base, c.base);
        p.setColor(group, QPalette::AlternateBase, c.alternateBase);
        p.setColor(group, QPalette::ToolTipBase, c.toolTipBase);
        p.setColor(group, QPalette::ToolTipText, c.toolTipText);
        p.setColor(group, QPalette::PlaceholderText, c.placeholder);
        p.setColor(group, QPalette::Text, c.windowText);
        p.setColor(group, QPalette::Button, c.button);
        p.setColor(group, QPalette::ButtonText, c.windowText);
        p.setColor(group, QPalette::BrightText, QColor(0xff, 0xff, 0xff));
        p.setColor(group, QPalette::Light, c.light);
        p.setColor(group, QPalette::Midlight, c.midlight);
        p.setColor(group, QPalette::Mid, c.mid);
        p.setColor(group, QPalette::Dark, c.dark);
        p.setColor(group, QPalette::Shadow, c.shadow);
        p.setColor(group, QPalette::Highlight, c.highlight);
        p.setColor(group, QPalette::HighlightedText, c.highlightedText);
        p.setColor(group, QPalette::Link, c.link);
        p.setColor(group, QPalette::LinkVisited, c.linkVisited);
    }
    // Disabled controls are greyed out on purpose (WCAG leaves inactive controls out).
    for (QPalette::ColorRole role :
         {QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::PlaceholderText})
        p.setColor(QPalette::Disabled, role, c.disabledText);
    p.setColor(QPalette::Disabled, QPalette::Base, c.disabledBase);
    p.setColor(QPalette::Disabled, QPalette::Highlight, c.disabledHighlight);
    return p;
}

// Keeps a widget's tone across palette changes: the theme switching, the application palette
// following the desktop. Its own palette change (the tone set below) ends in a no-op, as
// QWidget::setPalette ignores a palette equal to the one it has.
class ToneKeeper : public QObject
{
public:
    explicit ToneKeeper(QWidget *widget)
        : QObject(widget)
    {
        setObjectName(QLatin1StringView(kToneKeeperName));
        widget->installEventFilter(this);
    }

    static void paint(QWidget *widget)
    {
        const QVariant tone = widget->property(kToneProperty);
        if (!tone.isValid()) {
            if (widget->testAttribute(Qt::WA_SetPalette))
                widget->setPalette(QPalette());
            return;
        }
        // The widget's own palette is already the new one when it hears of a change (its
        // parent may not be yet), and the window colour that decides light or dark is never
        // one this sets.
        const QColor color = toneColor(Tone(tone.toInt()), widget->palette());
        // A palette with only the foreground role set: every other role still comes from
        // the parent, so later theme changes reach the widget.
        QPalette own;
        own.setResolveMask(0);
        own.setColor(QPalette::Active, widget->foregroundRole(), color);
        own.setColor(QPalette::Inactive, widget->foregroundRole(), color);
        widget->setPalette(own);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ParentChange)
            paint(static_cast<QWidget *>(watched));
        return false;
    }
};

ColorScheme schemeFromPortal(QVariant value)
{
    // Read answers a variant in a variant (ReadOne and SettingChanged one level less).
    while (value.metaType() == QMetaType::fromType<QDBusVariant>())
        value = qvariant_cast<QDBusVariant>(value).variant();
    switch (value.toUInt()) {
    case 1:
        return ColorScheme::Dark;
    case 2:
        return ColorScheme::Light;
    default:
        return ColorScheme::NoPreference;
    }
}

ColorScheme schemeFromGtkTheme()
{
    // "Adwaita:dark", "Yaru-dark": GTK's way of asking for the dark variant.
    const QString gtk = qEnvironmentVariable("GTK_THEME").toLower();
    return gtk.endsWith(u":dark"_s) || gtk.contains(u"-dark"_s) ? ColorScheme::Dark
                                                                : ColorScheme::NoPreference;
}

// Receives the portal's SettingChanged signal (QtDBus delivers signals to slots only).
class PortalListener : public QObject
{
    Q_OBJECT

public:
    using Handler = std::function<void(ColorScheme)>;
    PortalListener(QDBusConnection bus, Handler handler, QObject *parent)
        : QObject(parent)
        , m_handler(std::move(handler))
    {
        // QtDBus finds the slot by its parameter types' names, which exist only once the
        // type is registered; without it the connection fails and no change is ever heard.
        qRegisterMetaType<QDBusVariant>();
        bus.connect(kPortalService, kPortalPath, kPortalSettings, u"SettingChanged"_s, this,
                    SLOT(settingChanged(QString, QString, QDBusVariant)));
    }

private slots:
    void settingChanged(const QString &group, const QString &key, const QDBusVariant &value)
    {
        if (group == kAppearance && key == kColorSchemeKey)
            m_handler(schemeFromPortal(value.variant()));
    }

private:
    Handler m_handler;
};

// Fusion, with check boxes (also those in lists) outlined so that they show on a dark
// window too.
class ThemeStyle : public QProxyStyle
{
public:
    ThemeStyle()
        : QProxyStyle(QStyleFactory::create(u"Fusion"_s))
    {}

    void drawPrimitive(PrimitiveElement element, const QStyleOption *option, QPainter *painter,
                       const QWidget *widget) const override
    {
        QProxyStyle::drawPrimitive(element, option, painter, widget);
        const bool focusShown
                = (option->state & State_HasFocus) && (option->state & State_KeyboardFocusChange);
        if (element != PE_IndicatorCheckBox || focusShown)
            return;
        // Over Fusion's own edge, on the same half-pixel grid.
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing, true);
        painter->translate(0.5, 0.5);
        painter->setPen(toneColor(Tone::ControlOutline, option->palette));
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(option->rect.adjusted(0, 0, -1, -1));
        painter->restore();
    }
};

// The app's Fusion unless it is in use already.
void useThemeStyle()
{
    if (!dynamic_cast<ThemeStyle *>(QApplication::style()))
        QApplication::setStyle(new ThemeStyle);
}

void usePlatformStyle(const QString &name)
{
    if (name.isEmpty())
        return;
    if (dynamic_cast<ThemeStyle *>(QApplication::style())
        || QApplication::style()->name().compare(name, Qt::CaseInsensitive) != 0)
        QApplication::setStyle(name);
}

} // namespace

bool isDarkPalette(const QPalette &palette)
{
    // Below this luminance white text has more contrast than black (both 4.58:1 at it).
    return relativeLuminance(palette.color(QPalette::Active, QPalette::Window)) < 0.179;
}

QColor toneColor(Tone tone, const QPalette &palette)
{
    const Tones &t = isDarkPalette(palette) ? darkTones() : lightTones();
    switch (tone) {
    case Tone::ErrorText:
        return t.error;
    case Tone::WarningText:
        return t.warning;
    case Tone::QueuedText:
        return t.queued;
    case Tone::SearchMatchText:
        return t.matchText;
    case Tone::SearchMatchBackground:
        return t.matchBackground;
    case Tone::ControlOutline: {
        // Six parts text to four parts base: a mid grey on the palette's own side.
        const QColor text = palette.color(QPalette::Active, QPalette::WindowText).toRgb();
        const QColor base = palette.color(QPalette::Active, QPalette::Base).toRgb();
        auto mix = [](float a, float b) { return 0.6f * a + 0.4f * b; };
        return QColor::fromRgbF(mix(text.redF(), base.redF()), mix(text.greenF(), base.greenF()),
                                mix(text.blueF(), base.blueF()));
    }
    }
    return palette.color(QPalette::WindowText);
}

void setTextTone(QWidget *widget, std::optional<Tone> tone)
{
    widget->setProperty(kToneProperty, tone ? QVariant(int(*tone)) : QVariant());
    if (!widget->findChild<QObject *>(QLatin1StringView(kToneKeeperName),
                                      Qt::FindDirectChildrenOnly)) {
        if (!tone)
            return;
        new ToneKeeper(widget);
    }
    ToneKeeper::paint(widget);
}

Theme::Theme(QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
    if (!qApp->property(kPlatformStyleProperty).isValid())
        qApp->setProperty(kPlatformStyleProperty, QApplication::style()->name());

    m_group = new QActionGroup(this);
    m_group->setExclusive(true);
    const struct
    {
        Choice choice;
        QString text, name, tip;
    } entries[] = {
            {Choice::System, tr("&System"), u"actionThemeSystem"_s,
             tr("Follow the desktop's light or dark setting")},
            {Choice::Light, tr("&Light"), u"actionThemeLight"_s, tr("Dark text on light colours")},
            {Choice::Dark, tr("&Dark"), u"actionThemeDark"_s, tr("Light text on dark colours")},
    };
    for (const auto &entry : entries) {
        auto *action = new QAction(entry.text, m_group);
        action->setObjectName(entry.name);
        action->setCheckable(true);
        action->setStatusTip(entry.tip);
        action->setToolTip(entry.tip);
        action->setData(int(entry.choice));
        connect(action, &QAction::triggered, this,
                [this, choice = entry.choice] { setChoice(choice); });
    }

    const QString stored = m_settings
                                   ? m_settings->value(QLatin1StringView(kSettingsKey)).toString()
                                   : QString();
    if (stored == u"light"_s)
        m_choice = Choice::Light;
    else if (stored == u"dark"_s)
        m_choice = Choice::Dark;
    action(m_choice)->setChecked(true);

    watchDesktop();
    // A desktop's theme can change under a running app (a platform theme switching palettes).
    qApp->installEventFilter(this);
    apply();
}

Theme::~Theme() = default;

QList<QAction *> Theme::actions() const
{
    return m_group->actions();
}

QAction *Theme::action(Choice choice) const
{
    for (QAction *a : m_group->actions()) {
        if (a->data().toInt() == int(choice))
            return a;
    }
    return nullptr;
}

QString Theme::choiceName(Choice choice)
{
    switch (choice) {
    case Choice::Light:
        return u"light"_s;
    case Choice::Dark:
        return u"dark"_s;
    case Choice::System:
        break;
    }
    return u"system"_s;
}

void Theme::setChoice(Choice choice)
{
    if (QAction *a = action(choice); a && !a->isChecked())
        a->setChecked(true);
    if (m_settings)
        m_settings->setValue(QLatin1StringView(kSettingsKey), choiceName(choice));
    if (choice == m_choice)
        return;
    m_choice = choice;
    apply();
}

void Theme::setDesktopScheme(ColorScheme scheme)
{
    if (scheme == m_desktopScheme)
        return;
    m_desktopScheme = scheme;
    if (m_choice == Choice::System)
        apply();
}

bool Theme::isDark() const
{
    return isDarkPalette(QApplication::palette());
}

void Theme::apply()
{
    if (m_applying)
        return;
    const QScopedValueRollback guard(m_applying, true);
    switch (m_choice) {
    case Choice::Light:
        useThemeStyle();
        QApplication::setPalette(lightPalette());
        break;
    case Choice::Dark:
        useThemeStyle();
        QApplication::setPalette(darkPalette());
        break;
    case Choice::System:
        // The platform's own style and palette (an empty palette resolves to them).
        usePlatformStyle(qApp->property(kPlatformStyleProperty).toString());
        QApplication::setPalette(QPalette());
        if (m_desktopScheme == ColorScheme::Dark && !isDarkPalette(QApplication::palette())) {
            useThemeStyle();
            QApplication::setPalette(darkPalette());
        }
        break;
    }
    emit applied();
}

bool Theme::eventFilter(QObject *watched, QEvent *event)
{
    // Sent to every window when the platform theme changes; one re-apply for all of them.
    if (event->type() == QEvent::ThemeChange && m_choice == Choice::System && !m_applying
        && !m_reapplyPending) {
        m_reapplyPending = true;
        QTimer::singleShot(0, this, [this] {
            m_reapplyPending = false;
            apply();
        });
    }
    return QObject::eventFilter(watched, event);
}

void Theme::watchDesktop()
{
    const ColorScheme gtk = schemeFromGtkTheme();
    m_desktopScheme = gtk;
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return;
    new PortalListener(
            bus,
            [this, gtk](ColorScheme portal) {
                setDesktopScheme(portal == ColorScheme::NoPreference ? gtk : portal);
            },
            this);
    QDBusMessage read = QDBusMessage::createMethodCall(kPortalService, kPortalPath, kPortalSettings,
                                                       u"Read"_s);
    read << kAppearance << kColorSchemeKey;
    auto take = [this, gtk](const QDBusMessage &reply) {
        if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty())
            return;
        const ColorScheme portal = schemeFromPortal(reply.arguments().constFirst());
        setDesktopScheme(portal == ColorScheme::NoPreference ? gtk : portal);
    };
    // A running portal answers in milliseconds: ask before the first paint, so a dark desktop
    // never sees a light window flash. One that must be started first is not waited for.
    const QDBusConnectionInterface *daemon = bus.interface();
    if (daemon && daemon->isServiceRegistered(kPortalService)) {
        take(bus.call(read, QDBus::Block, 1000));
        return;
    }
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(read, 5000), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [take](QDBusPendingCallWatcher *call) {
                call->deleteLater();
                take(call->reply());
            });
}

QPalette Theme::lightPalette()
{
    PaletteColors c;
    c.window = QColor(0xef, 0xef, 0xef);
    c.windowText = QColor(0x1f, 0x1f, 0x1f);
    c.base = QColor(0xff, 0xff, 0xff);
    c.alternateBase = QColor(0xf5, 0xf5, 0xf5);
    c.toolTipBase = QColor(0xff, 0xff, 0xdc);
    c.toolTipText = QColor(0x1f, 0x1f, 0x1f);
    c.placeholder = QColor(0x67, 0x67, 0x67);
    c.button = QColor(0xef, 0xef, 0xef);
    c.light = QColor(0xff, 0xff, 0xff);
    c.midlight = QColor(0xca, 0xca, 0xca);
    c.mid = QColor(0xb8, 0xb8, 0xb8);
    c.dark = QColor(0x9f, 0x9f, 0x9f);
    c.shadow = QColor(0x76, 0x76, 0x76);
    c.highlight = QColor(0x1e, 0x64, 0xc8);
    c.highlightedText = QColor(0xff, 0xff, 0xff);
    c.link = QColor(0x0b, 0x57, 0xd0);
    c.linkVisited = QColor(0x6a, 0x1b, 0x9a);
    c.disabledText = QColor(0x8a, 0x8a, 0x8a);
    c.disabledBase = QColor(0xef, 0xef, 0xef);
    c.disabledHighlight = QColor(0x91, 0x91, 0x91);
    return makePalette(c);
}

QPalette Theme::darkPalette()
{
    PaletteColors c;
    c.window = QColor(0x2b, 0x2b, 0x2b);
    c.windowText = QColor(0xe8, 0xe8, 0xe8);
    c.base = QColor(0x1e, 0x1e, 0x1e);
    c.alternateBase = QColor(0x26, 0x26, 0x26);
    c.toolTipBase = QColor(0x3a, 0x3a, 0x3a);
    c.toolTipText = QColor(0xf0, 0xf0, 0xf0);
    c.placeholder = QColor(0x9a, 0x9a, 0x9a);
    c.button = QColor(0x35, 0x35, 0x35);
    c.light = QColor(0x4a, 0x4a, 0x4a);
    c.midlight = QColor(0x3e, 0x3e, 0x3e);
    c.mid = QColor(0x2e, 0x2e, 0x2e);
    c.dark = QColor(0x1a, 0x1a, 0x1a);
    c.shadow = QColor(0x0d, 0x0d, 0x0d);
    c.highlight = QColor(0x2a, 0x5f, 0xb4);
    c.highlightedText = QColor(0xff, 0xff, 0xff);
    c.link = QColor(0x8a, 0xb4, 0xf8);
    c.linkVisited = QColor(0xd7, 0xae, 0xfb);
    c.disabledText = QColor(0x7a, 0x7a, 0x7a);
    c.disabledBase = QColor(0x26, 0x26, 0x26);
    c.disabledHighlight = QColor(0x4a, 0x4a, 0x4a);
    return makePalette(c);
}

} // namespace td

#include "theme.moc"
