#ifndef MD_APP_REPLAY_DEPTHENDPOINT_H
#define MD_APP_REPLAY_DEPTHENDPOINT_H

#include "httpresponse.h"
#include "market.h"

#include <QHash>
#include <QString>

class QHostAddress;
class QUrlQuery;

namespace md {

class ReplayRecording;

// Binance's REST depth snapshot, `GET /api/v3/depth` (spot) and `/fapi/v1/depth` (USD-M),
// answered from the replay's reference books: the book at the playback position, with
// lastUpdateId the u of the last depth event played, prices and quantities exactly as recorded.
// Each answer reports the request weight used this minute by the caller's IP in
// X-MBX-USED-WEIGHT-1M, and the first requests can be failed on purpose (--snapshot-error). It
// lives on the server's thread.
class DepthEndpoint
{
public:
    struct Faults
    {
        int status = 0; // 429 or 418; 0 for none
        quint64 count = 0;
        int retryAfterSeconds = 60;
    };

    DepthEndpoint(const ReplayRecording &recording, Faults faults);

    HttpResponse handle(Market market, const QUrlQuery &query, const QHostAddress &peer);

    // Binance's weight of a depth request with that many levels.
    static int weight(Market market, int limit);

private:
    struct WeightWindow
    {
        qint64 minute = 0; // minutes since the epoch; Binance's windows start on the minute
        qint64 used = 0;
    };

    qint64 addWeight(const QHostAddress &peer, int weight);
    HttpResponse injectedError(Market market, const QHostAddress &peer) const;
    QByteArray snapshotBody(int symbol, int limit) const;

    const ReplayRecording &m_recording;
    Faults m_faults;
    quint64 m_requests = 0;
    QHash<QString, WeightWindow> m_weights; // by IP
};

} // namespace md

#endif // MD_APP_REPLAY_DEPTHENDPOINT_H
