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
{
    m_timer.setInterval(interval);
    connect(&m_timer, &QTimer::timeout, this, &BookPublisher::publishNow);
    connect(&engine, &MarketDataEngine::symbolRemoved, this, &BookPublisher::forget);
}

BookPublisher::Published::Published(Market market, const QByteArray &symbol)
    : marketDataKey(publishformat::key({}, market, publishformat::Channel::MarketData, symbol))
    , orderBookKey(publishformat::key({}, market, publishformat::Channel::OrderBook, symbol))
    , tradesKey(publishformat::key({}, market, publishformat::Channel::Trades, symbol))
{
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

    for (const auto &followed : m_engine.symbols()) {
        const FollowedSymbol &symbol = *followed;
        Published &published = this->published(symbol);

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

BookPublisher::Published &BookPublisher::published(const FollowedSymbol &symbol)
{
    auto it = m_published.find(symbol.nameUtf8);
    if (it == m_published.end())
        it = m_published.emplace(symbol.nameUtf8, m_engine.market(), symbol.nameUtf8);
    return *it;
}

void BookPublisher::forget(const QString &symbol)
{
    // A key nobody keeps current must not look like a book: it goes, rather than stay stale.
    const auto it = m_published.constFind(symbol.toUtf8());
    if (it == m_published.cend())
        return;
    m_redis.remove(it->marketDataKey);
    m_redis.remove(it->orderBookKey);
    m_published.erase(it);
}

} // namespace md
