#ifndef MD_APP_REPLAY_STREAMSUBSCRIPTION_H
#define MD_APP_REPLAY_STREAMSUBSCRIPTION_H

#include "replayrecording.h"

#include <QByteArray>
#include <QString>

namespace md {

// One stream a client subscribed to, resolved against the recording. Depth matches by symbol
// and kind whatever the speed asked for (`btcusdt@depth`, `@depth@100ms` and `@depth@0ms` all get
// the recorded depth events); trade, aggTrade and bookTicker match exactly, and any other stream
// by its exact recorded name. The name the client used is what it gets back.
struct StreamSubscription
{
    QString name;        // as the client asked
    QByteArray nameUtf8; // the same, for the combined envelope
    int symbol = -1;     // into ReplayRecording::symbols(); -1 when the recording lacks it
    StreamKind kind = StreamKind::Other;
    QByteArray suffix; // for Other: the name after "<symbol>@"

    static StreamSubscription resolve(const QString &name, const ReplayRecording &recording,
                                      Market preferredMarket);

    bool matches(const ReplayRecording::Message &message) const
    {
        return symbol >= 0 && message.symbol == symbol && message.kind == kind &&
               (kind != StreamKind::Other || message.suffix == suffix);
    }
};

} // namespace md

#endif // MD_APP_REPLAY_STREAMSUBSCRIPTION_H
