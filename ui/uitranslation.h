#ifndef MD_UI_UITRANSLATION_H
#define MD_UI_UITRANSLATION_H

#include <QLocale>

namespace md {

// Installs the window's translation for `locale` (built in from translations/*.ts) and Qt's own
// for the standard dialogs when the system has it. Returns false when the window has no
// translation for that language, which leaves it in English. Call it on the main thread after
// the application object exists and before the window is created.
bool installTranslations(const QLocale &locale);

} // namespace md

#endif // MD_UI_UITRANSLATION_H
