#ifndef MD_APP_REPLAY_REPLAYLOGGING_H
#define MD_APP_REPLAY_REPLAYLOGGING_H

#include <QLoggingCategory>

// The replay server's own category ("md.replay"): listening, clients, playback and every fault
// it injects on purpose. The engine's categories stay in engine/logging.h.
Q_DECLARE_LOGGING_CATEGORY(lcReplay)

#endif // MD_APP_REPLAY_REPLAYLOGGING_H
