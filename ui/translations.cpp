#include "translations.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace td {

bool installTranslations(QApplication &app)
{
    const QString forced = qEnvironmentVariable("TRIAGEDESK_LANG");
    return installTranslations(app, forced.isEmpty() ? QLocale::system() : QLocale(forced));
}

bool installTranslations(QApplication &app, const QLocale &locale)
{
    // Re-installing (a test switching languages) replaces what an earlier call put in.
    for (QTranslator *old :
         app.findChildren<QTranslator *>(u"td_translator"_s, Qt::FindDirectChildrenOnly)) {
        QApplication::removeTranslator(old);
        delete old;
    }
    // Numbers and dates follow the language the app speaks.
    QLocale::setDefault(locale);
    auto *qt = new QTranslator(&app);
    qt->setObjectName(u"td_translator"_s);
    if (qt->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    auto *own = new QTranslator(&app);
    own->setObjectName(u"td_translator"_s);
    if (own->load(locale, u"triagedesk"_s, u"_"_s, u":/i18n"_s)) {
        QApplication::installTranslator(own);
        return true;
    }
    // A language we do not speak gets English, with English plurals ("1 byte", not "byte(s)").
    if (own->load(u"triagedesk_en"_s, u":/i18n"_s))
        QApplication::installTranslator(own);
    return false;
}

} // namespace td
