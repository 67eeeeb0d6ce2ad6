#ifndef MD_APP_REPLAY_SERVECOMMAND_H
#define MD_APP_REPLAY_SERVECOMMAND_H

class QTextStream;

namespace md {

struct ServeOptions;

// `market-data-replay serve FILE... --port N`: loads the recordings and plays them to any
// Binance client on loopback (see ReplayServer) until the process is stopped. Returns the
// process exit code when it cannot start.
int runServe(const ServeOptions &options, QTextStream &err);

// Exit codes, also listed in the README. The usage error code is shared with `verify`.
enum ServeExitCode {
    ServeUnreadableInput = 2,
    ServeCannotListen = 3,
};

} // namespace md

#endif // MD_APP_REPLAY_SERVECOMMAND_H
