#include "uilogging.h"

Q_LOGGING_CATEGORY(lcUi, "md.ui")
