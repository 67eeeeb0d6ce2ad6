#include "bookpublisher.h"

#include "marketdataengine.h"
#include "publishformat.h"
#include "redispublisher.h"

#include <QDateTime>

namespace md {

BookPublisher::BookPublisher(const MarketDataEngine &engine, RedisPublisher &redis,
                             std::chrono::milliseconds interval, size_t depth, QByteArray keyPrefix,
                             QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_redis(redis)
    , m_depth(depth)
    , m_keyPrefix(std::move(keyPrefix))
    , m_published(engine.symbols().size())
{
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
    using publishformat::Channel;
    ++m_counters.rounds;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const Market market = m_engine.market();

    for (size_t i = 0; i < m_engine.symbols().size(); ++i) {
        const FollowedSymbol &symbol = *m_engine.symbols()[i];
        Published &published = m_published[i];

        if (symbol.generation != published.generation) {
            published.generation = symbol.generation;
            const auto marketData = publishformat::marketData(symbol.tracker, now);
            const auto book = publishformat::orderBook(symbol.tracker, m_depth, now);
            m_redis.setLatest(
                    publishformat::key(m_keyPrefix, market, Channel::MarketData, symbol.nameUtf8),
                    QByteArray::fromStdString(marketData), true);
            m_redis.setLatest(
                    publishformat::key(m_keyPrefix, market, Channel::OrderBook, symbol.nameUtf8),
                    QByteArray::fromStdString(book), true);
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
        m_redis.publishMessage(
                publishformat::key(m_keyPrefix, market, Channel::Trades, symbol.nameUtf8),
                QByteArray::fromStdString(
                        publishformat::trades(symbol.tracker, batch, newTrades - kept, now)));
    }
    m_redis.flush();
}

} // namespace md
