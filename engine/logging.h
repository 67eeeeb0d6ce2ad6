#ifndef MD_ENGINE_LOGGING_H
#define MD_ENGINE_LOGGING_H

#include <QLoggingCategory>

// One category per engine subsystem, all under "md".
Q_DECLARE_LOGGING_CATEGORY(lcBook)
Q_DECLARE_LOGGING_CATEGORY(lcParse)
Q_DECLARE_LOGGING_CATEGORY(lcRecording)
Q_DECLARE_LOGGING_CATEGORY(lcAudit)

#endif // MD_ENGINE_LOGGING_H
