#pragma once

#include <QColor>
#include <QList>
#include <QObject>
#include <QPalette>

#include <optional>

class QAction;
class QActionGroup;
class QSettings;
class QWidget;

namespace td {

// What the desktop asks apps for (the freedesktop portal's "color-scheme" setting).
enum class ColorScheme { NoPreference, Light, Dark };

// Colours that carry a meaning. Each is chosen per theme (light or dark palette) so that it
// reads at a contrast of 4.5:1 or more on the backgrounds it is drawn on; tests/ui/tst_theme
// checks every pair. Widgets never name a colour themselves.
enum class Tone {
    ErrorText,   // what stops the user: a field's error, a failed connection or change
    WarningText, // what needs a look: a conflict, working offline, signed out
    QueuedText,  // what waits in the outbox: an unsent change or ticket
    SearchMatchText,
    SearchMatchBackground, // where the search matched, in the detail pane
    // The edge of a check box: 3:1 or more against window and base (WCAG's non-text
    // contrast); Fusion's own edge is darker than the window, lost on a dark one.
    ControlOutline,
};

// True if light text reads better than dark text on this palette's window colour.
bool isDarkPalette(const QPalette &palette);
// The tone for a widget or view drawn with this palette.
QColor toneColor(Tone tone, const QPalette &palette);
// Draws `widget`'s text (its foreground role) in `tone`, now and after every theme or
// palette change; std::nullopt gives it back the palette's own text colour.
void setTextTone(QWidget *widget, std::optional<Tone> tone);

// The application's theme: one place that knows it. The user's choice (View > Theme) is
// kept in the settings under "theme" and applied to the whole application, live:
// - Light and Dark: the Fusion style (check boxes outlined in Tone::ControlOutline) with
//   this app's light or dark palette;
// - System: the platform's style and palette, following the desktop's colour scheme. Qt 6.4
//   has no QStyleHints::colorScheme(), so the scheme is read from the XDG desktop portal
//   (org.freedesktop.appearance color-scheme, also watched for changes), else from a
//   GTK_THEME such as "Adwaita:dark". When the desktop asks for dark and the platform's
//   palette is light (Qt 6.4's GTK platform theme has no dark palette), System uses Fusion
//   with the dark palette; when it has no preference, the platform's palette is used as is.
class Theme : public QObject
{
    Q_OBJECT

public:
    enum class Choice { System, Light, Dark };

    explicit Theme(QSettings *settings, QObject *parent = nullptr);
    ~Theme() override;

    Choice choice() const { return m_choice; }
    // Applies the choice to the application and remembers it in the settings.
    void setChoice(Choice choice);
    // View > Theme: System, Light, Dark (checkable, one checked).
    QList<QAction *> actions() const;
    QAction *action(Choice choice) const;

    ColorScheme desktopScheme() const { return m_desktopScheme; }
    // What the desktop wants; the portal watcher calls it, and tests (no portal there).
    void setDesktopScheme(ColorScheme scheme);
    // Whether the palette in use is dark (in System: the platform's or the desktop's).
    bool isDark() const;

    // The palettes Light and Dark apply (System may use the dark one too).
    static QPalette lightPalette();
    static QPalette darkPalette();
    static QString choiceName(Choice choice);

signals:
    // The application's style and palette were just set again.
    void applied();

private:
    void apply();
    void watchDesktop();
    bool eventFilter(QObject *watched, QEvent *event) override;

    QSettings *m_settings;
    Choice m_choice = Choice::System;
    ColorScheme m_desktopScheme = ColorScheme::NoPreference;
    QActionGroup *m_group = nullptr;
    bool m_applying = false;
    bool m_reapplyPending = false;
};

} // namespace td
