#include "monitorsnapshot.h"

#include "marketdataengine.h"
#include "marketdataservice.h"
#include "processmonitor.h"

#include <cmath>

namespace md {

namespace {

// Depth streams arrive every 100 ms per symbol, as often as snapshots are taken; without
// smoothing a rate measured between two snapshots jumps between 0 and 20 per second.
constexpr double RateTimeConstantMs = 1000;

QString textOf(Decimal value)
{
    return QString::fromStdString(value.toString());
}

double smoothed(double previousRate, quint64 count, qint64 elapsedMs)
{
    if (elapsedMs <= 0)
        return previousRate;
    const double instant = double(count) * 1000.0 / double(elapsedMs);
    const double weight = 1.0 - std::exp(-double(elapsedMs) / RateTimeConstantMs);
    return previousRate + weight * (instant - previousRate);
}

QList<MonitorSnapshot::Level> levelsOf(const OrderBook &book, Side side)
{
    QList<MonitorSnapshot::Level> levels;
    levels.reserve(MonitorSnapshot::DepthLevels);
    book.forEachLevel(side, MonitorSnapshot::DepthLevels, [&levels](const PriceLevel &level) {
        levels.append({level.price.toDouble(), level.quantity.toDouble(), textOf(level.price),
                       textOf(level.quantity)});
    });
    return levels;
}

QList<MonitorSnapshot::TradeRow> tradesOf(const FollowedSymbol &symbol)
{
    const quint64 kept = std::min<quint64>(symbol.tradeSequence, MonitorSnapshot::TradeCount);
    QList<MonitorSnapshot::TradeRow> trades;
    trades.reserve(qsizetype(kept));
    for (quint64 i = 1; i <= kept; ++i) {
        const Trade &trade =
                symbol.recentTrades[(symbol.tradeSequence - i) % FollowedSymbol::RecentTradeCount];
        trades.append({trade.tradeTime, trade.tradeId, textOf(trade.price), textOf(trade.quantity),
                       trade.buyerIsMaker});
    }
    return trades;
}

// The book's part of a symbol: best levels, spread and depth, all empty unless synced, since
// a book that is not in sync must never look like a price.
void fillBook(MonitorSnapshot::Symbol &out, const BookSync &sync)
{
    const OrderBook &book = sync.book();
    if (!sync.isSynced())
        return;
    if (book.hasBestBid()) {
        out.bestBid = textOf(book.bestBid().price);
        out.bestBidQuantity = textOf(book.bestBid().quantity);
    }
    if (book.hasBestAsk()) {
        out.bestAsk = textOf(book.bestAsk().price);
        out.bestAskQuantity = textOf(book.bestAsk().quantity);
    }
    if (book.hasBestBid() && book.hasBestAsk()) {
        const Decimal bid = book.bestBid().price;
        const Decimal ask = book.bestAsk().price;
        if (ask.units >= bid.units)
            out.spread = textOf({ask.units - bid.units, std::max(bid.decimals, ask.decimals)});
    }
    out.bids = levelsOf(book, Side::Bid);
    out.asks = levelsOf(book, Side::Ask);
}

MonitorSnapshot::Symbol symbolOf(const FollowedSymbol &symbol, const MarketDataEngine &engine,
                                 const MonitorSnapshot::Symbol *before, qint64 elapsedMs)
{
    const BookSync &sync = symbol.tracker.sync();
    const qint64 staleMs = qint64(engine.config().health.staleAfter.count()) * 1000;

    MonitorSnapshot::Symbol out;
    out.name = symbol.name;
    out.market = engine.market();
    out.state = sync.state();
    out.lastEventAgeMs = symbol.lastReceiveMs < 0 ? -1 : engine.nowMs() - symbol.lastReceiveMs;
    out.stale = sync.isSynced() && out.lastEventAgeMs > staleMs;
    out.lagMs = symbol.lastEventLagMs;
    out.depthEvents = sync.counters().depthEvents;
    out.gaps = sync.counters().gaps;
    out.resyncs = sync.counters().resyncs;
    out.auditChecks = symbol.tracker.audit().counters().checks;
    out.auditMismatches = symbol.tracker.audit().counters().mismatches;
    out.lastUpdateId = sync.lastUpdateId();
    out.generation = symbol.generation;
    out.updateRate =
            before ? smoothed(before->updateRate, out.depthEvents - before->depthEvents, elapsedMs)
                   : 0.0;

    // Most symbols change between two snapshots, but an idle one need not be copied again.
    if (before && before->generation == symbol.generation) {
        out.lastPrice = before->lastPrice;
        out.bestBid = before->bestBid;
        out.bestBidQuantity = before->bestBidQuantity;
        out.bestAsk = before->bestAsk;
        out.bestAskQuantity = before->bestAskQuantity;
        out.spread = before->spread;
        out.bids = before->bids;
        out.asks = before->asks;
        out.trades = before->trades;
        return out;
    }
    if (symbol.tracker.hasTrade())
        out.lastPrice = textOf(symbol.tracker.lastTrade().price);
    fillBook(out, sync);
    out.trades = tradesOf(symbol);
    return out;
}

} // namespace

MonitorSnapshot buildMonitorSnapshot(const MarketDataService &service,
                                     const MonitorSnapshot *previous)
{
    const MarketDataEngine &engine = service.engine();
    const ProcessMonitor &process = service.processMonitor();

    MonitorSnapshot snapshot;
    snapshot.sequence = previous ? previous->sequence + 1 : 1;
    snapshot.takenAtMs = engine.nowMs();
    const qint64 elapsedMs = previous ? snapshot.takenAtMs - previous->takenAtMs : 0;
    snapshot.cpuPercent = process.cpuPercent();
    snapshot.rssBytes = process.rssBytes();
    snapshot.threadCount = process.threadCount();
    snapshot.messages = engine.counters().messages;
    snapshot.messagesPerSecond =
            previous ? smoothed(previous->messagesPerSecond, snapshot.messages - previous->messages,
                                elapsedMs)
                     : 0.0;
    snapshot.syncedBooks = engine.syncedCount();
    snapshot.redisState = service.redis().state();
    snapshot.redisEndpoint = service.redis().endpoint();
    snapshot.healthState = service.health().state();
    snapshot.healthPort = service.health().serverPort();

    for (const FeedConnection *feed : engine.feeds()) {
        snapshot.feeds.append({feed->name(), feed->state(), feed->counters().reconnects,
                               feed->counters().messages});
    }

    const auto &symbols = engine.symbols();
    snapshot.symbols.reserve(qsizetype(symbols.size()));
    for (size_t i = 0; i < symbols.size(); ++i) {
        // Symbols never change during a run, so the previous snapshot's row i is the same one.
        const MonitorSnapshot::Symbol *before = nullptr;
        if (previous && qsizetype(i) < previous->symbols.size() &&
            previous->symbols[qsizetype(i)].name == symbols[i]->name) {
            before = &previous->symbols[qsizetype(i)];
        }
        snapshot.symbols.append(symbolOf(*symbols[i], engine, before, elapsedMs));
    }
    return snapshot;
}

} // namespace md
