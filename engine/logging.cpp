#include "logging.h"

Q_LOGGING_CATEGORY(lcBook, "md.book")
Q_LOGGING_CATEGORY(lcParse, "md.parse")
Q_LOGGING_CATEGORY(lcRecording, "md.recording")
Q_LOGGING_CATEGORY(lcAudit, "md.audit")
