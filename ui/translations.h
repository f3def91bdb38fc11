#pragma once

#include <QLocale>

class QApplication;

namespace td {

// Loads the app's translation (embedded as :/i18n/triagedesk_<lang>.qm) and Qt's own
// (standard buttons, dialogs) for the system locale; TRIAGEDESK_LANG (e.g. "de") overrides
// the locale. Returns true when the app speaks that language (English or German); any other
// gets English, whose .qm carries the plural forms.
bool installTranslations(QApplication &app);
bool installTranslations(QApplication &app, const QLocale &locale);

} // namespace td
