#ifndef MD_ENGINE_MONITORSNAPSHOT_H
#define MD_ENGINE_MONITORSNAPSHOT_H

#include "booksync.h"
#include "feedconnection.h"
#include "healthserver.h"
#include "market.h"
#include "redispublisher.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace md {

class MarketDataService;

// Everything the desktop window shows, copied out of the service in one go: a plain value that
// crosses threads in a queued signal, so the window never touches an engine object. Built on the
// service's thread by buildMonitorSnapshot(), read anywhere. The lists share their data when
// copied, so passing a snapshot along costs a few reference counts.
struct MonitorSnapshot
{
    static constexpr int DepthLevels = 20;
    static constexpr int TradeCount = 20;

    struct Level
    {
        double price = 0;    // for the chart only
        double quantity = 0; // for the chart only
        QString priceText;   // exactly as the exchange wrote it
        QString quantityText;
    };

    struct TradeRow
    {
        qint64 tradeTime = 0; // exchange milliseconds since the Unix epoch
        qint64 tradeId = 0;
        QString price;
        QString quantity;
        bool buyerIsMaker = false;
    };

    struct Symbol
    {
        QString name;
        Market market = Market::Spot;
        SyncState state = SyncState::Syncing;
        // Synced, but no depth event for longer than health.stale_seconds.
        bool stale = false;
        qint64 lastEventAgeMs = -1; // -1 before the first depth event
        QString lastPrice;          // empty before the first trade
        // Best levels and spread, exact; empty while the book is not synced.
        QString bestBid;
        QString bestBidQuantity;
        QString bestAsk;
        QString bestAskQuantity;
        QString spread;
        double updateRate = 0; // depth events per second, smoothed over about a second
        qint64 lagMs = 0;      // local clock minus the exchange's event time, last depth event
        quint64 depthEvents = 0;
        quint64 gaps = 0;
        quint64 resyncs = 0;
        quint64 auditChecks = 0;
        quint64 auditMismatches = 0;
        qint64 lastUpdateId = 0;
        quint64 generation = 0; // FollowedSymbol::generation, to skip unchanged symbols
        QList<Level> bids;      // best first, at most DepthLevels; empty unless synced
        QList<Level> asks;
        QList<TradeRow> trades; // newest first, at most TradeCount
    };

    struct Feed
    {
        QString name;
        FeedConnection::State state = FeedConnection::State::Stopped;
        quint64 reconnects = 0;
        quint64 messages = 0;
    };

    quint64 sequence = 0;  // 1 for the first snapshot of a run
    qint64 takenAtMs = 0;  // on the engine's clock
    double cpuPercent = 0; // of one core, from the latest process sample
    qint64 rssBytes = 0;
    int threadCount = 0;
    quint64 messages = 0;
    double messagesPerSecond = 0; // smoothed like updateRate
    int syncedBooks = 0;
    RedisPublisher::State redisState = RedisPublisher::State::Disconnected;
    QString redisEndpoint;
    HealthServer::State healthState = HealthServer::State::Idle;
    quint16 healthPort = 0;
    QList<Feed> feeds;
    QList<Symbol> symbols; // in the configured order
};

// Fills a snapshot from the service; call it on the service's thread. `previous` is the last
// snapshot built for the same service, or nullptr: rates are counts between the two over the
// time between them, and symbols whose generation did not move reuse its levels and trades.
MonitorSnapshot buildMonitorSnapshot(const MarketDataService &service,
                                     const MonitorSnapshot *previous);

} // namespace md

Q_DECLARE_METATYPE(md::MonitorSnapshot)

#endif // MD_ENGINE_MONITORSNAPSHOT_H
