#include "replaylogging.h"

Q_LOGGING_CATEGORY(lcReplay, "md.replay")
