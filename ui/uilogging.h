#ifndef MD_UI_UILOGGING_H
#define MD_UI_UILOGGING_H

#include <QLoggingCategory>

// The desktop window's category: lifecycle of the engine thread, the replay child, settings.
Q_DECLARE_LOGGING_CATEGORY(lcUi)

#endif // MD_UI_UILOGGING_H
