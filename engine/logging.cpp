#include "logging.h"

Q_LOGGING_CATEGORY(lcBook, "md.book")
Q_LOGGING_CATEGORY(lcParse, "md.parse")
Q_LOGGING_CATEGORY(lcRecording, "md.recording")
Q_LOGGING_CATEGORY(lcAudit, "md.audit")
Q_LOGGING_CATEGORY(lcRedis, "md.redis")
Q_LOGGING_CATEGORY(lcHealth, "md.health")
Q_LOGGING_CATEGORY(lcConfig, "md.config")
Q_LOGGING_CATEGORY(lcProcess, "md.process")
Q_LOGGING_CATEGORY(lcFeed, "md.feed")
Q_LOGGING_CATEGORY(lcRest, "md.rest")
Q_LOGGING_CATEGORY(lcExport, "md.export")
Q_LOGGING_CATEGORY(lcSystemd, "md.systemd")
