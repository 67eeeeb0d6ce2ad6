#include "bookpublisher.h"

#include "marketdataengine.h"
#include "publishformat.h"
#include "redispublisher.h"

#include <QDateTime>

namespace md {

BookPublisher::BookPublisher(const MarketDataEngine &engine, RedisPublisher &redis,
                             std::chrono::milliseconds interval, size_t depth, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_redis(redis)
    , m_depth(depth)
    , m_published(engine.symbols().size())
{
    using publishformat::Channel;
    const Market market = engine.market();
    for (size_t i = 0; i < m_published.size(); ++i) {
        const QByteArray &name = engine.symbols()[i]->nameUtf8;
        m_published[i].marketDataKey = publishformat::key({}, market, Channel::MarketData, name);
        m_published[i].orderBookKey = publishformat::key({}, market, Channel::OrderBook, name);
        m_published[i].tradesKey = publishformat::key({}, market, Channel::Trades, name);
    }
    m_timer.setInterval(interval);
    connect(&m_timer, &QTimer::timeout, this, &BookPublisher::publishNow);
}

void BookPublisher::start()
{
    m_timer.start();
}

void BookPublisher::stop()
{
    m_timer.stop();
}

void BookPublisher::publishNow()
{
    ++m_counters.rounds;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();

    for (size_t i = 0; i < m_engine.symbols().size(); ++i) {
        const FollowedSymbol &symbol = *m_engine.symbols()[i];
        Published &published = m_published[i];

        if (symbol.generation != published.generation) {
            published.generation = symbol.generation;
            const auto marketData = publishformat::marketData(symbol.tracker, now);
            const auto book = publishformat::orderBook(symbol.tracker, m_depth, now);
            m_redis.setLatest(published.marketDataKey, QByteArray::fromStdString(marketData), true);
            m_redis.setLatest(published.orderBookKey, QByteArray::fromStdString(book), true);
            m_counters.documents += 2;
        }

        // Trades since the last round, oldest first; the ring holds the most recent ones.
        const quint64 newTrades = symbol.tradeSequence - published.tradeSequence;
        if (newTrades == 0)
            continue;
        const quint64 kept = std::min<quint64>(newTrades, FollowedSymbol::RecentTradeCount);
        std::vector<Trade> batch;
        batch.reserve(kept);
        for (quint64 sequence = symbol.tradeSequence - kept; sequence < symbol.tradeSequence;
             ++sequence) {
            batch.push_back(symbol.recentTrades[sequence % FollowedSymbol::RecentTradeCount]);
        }
        published.tradeSequence = symbol.tradeSequence;
        m_counters.missedTrades += newTrades - kept;
        ++m_counters.tradeBatches;
        m_redis.publishMessage(published.tradesKey,
                               QByteArray::fromStdString(publishformat::trades(
                                       symbol.tracker, batch, newTrades - kept, now)));
    }
    m_redis.flush();
}

} // namespace md
