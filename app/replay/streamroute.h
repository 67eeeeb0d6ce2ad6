#ifndef MD_APP_REPLAY_STREAMROUTE_H
#define MD_APP_REPLAY_STREAMROUTE_H

#include "market.h"

#include <QStringList>

#include <optional>

class QUrlQuery;

namespace md {

// Where a WebSocket asked to be connected, in Binance's URL forms: `/ws/<stream>` (raw payloads,
// also `/ws/<a>/<b>` and a bare `/ws` to SUBSCRIBE later) and `/stream?streams=<a>/<b>` (combined
// envelopes), each also under USD-M's `/public` and `/market` prefixes.
struct StreamRoute
{
    static constexpr qsizetype MaxStreams = 1024; // Binance's limit per connection

    bool combined = false;
    Market preferredMarket = Market::Spot; // USD-M under /public and /market
    QStringList streams;
    QString problem; // why the streams cannot be served, for a 400 reply; empty when fine

    // Empty when the path is not a stream endpoint at all.
    static std::optional<StreamRoute> parse(const QString &path, const QUrlQuery &query);
    // Binance stream names are lower-case symbols, '@' and kinds such as aggTrade or kline_1m.
    static bool isValidStreamName(QStringView name);
};

} // namespace md

#endif // MD_APP_REPLAY_STREAMROUTE_H
