#include "uitranslation.h"

#include "uilogging.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace md {

bool installTranslations(const QLocale &locale)
{
    // English is the source language: nothing to load, and nothing missing.
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return true;

    auto *qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
    } else {
        delete qt;
    }

    auto *own = new QTranslator(QCoreApplication::instance());
    if (!own->load(locale, QStringLiteral("market-data-monitor"), QStringLiteral("_"),
                   QStringLiteral(":/i18n"))) {
        qCInfo(lcUi, "no translation for %s; the window stays in English",
               qPrintable(locale.name()));
        delete own;
        return false;
    }
    QCoreApplication::installTranslator(own);
    qCInfo(lcUi, "window translated to %s", qPrintable(locale.name()));
    return true;
}

} // namespace md
