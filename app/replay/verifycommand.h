#ifndef MD_APP_REPLAY_VERIFYCOMMAND_H
#define MD_APP_REPLAY_VERIFYCOMMAND_H

#include <QStringList>

class QTextStream;

namespace md {

// `market-data-replay verify FILE...`: plays the files, merged by receive time, through the
// real parser and sync code and prints per symbol what happened and how our book compared with
// the exchange's bookTicker. Returns the process exit code.
int runVerify(const QStringList &files, QTextStream &out, QTextStream &err);

// Exit codes, also listed in the README.
enum VerifyExitCode {
    VerifyOk = 0,
    VerifyMismatch = 1,
    VerifyUnreadableInput = 2,
};

} // namespace md

#endif // MD_APP_REPLAY_VERIFYCOMMAND_H
