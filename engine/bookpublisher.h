#ifndef MD_ENGINE_BOOKPUBLISHER_H
#define MD_ENGINE_BOOKPUBLISHER_H

#include "market.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <chrono>

namespace md {

class MarketDataEngine;
class RedisPublisher;
struct FollowedSymbol;

// Every publish interval, hands Redis the market data and top of book of each symbol that
// changed since the last round, and the trades that arrived since then (one message a symbol a
// round, a JSON batch). The keys of a symbol the engine stops following are deleted. Lives on
// the engine's thread and only reads the engine.
class BookPublisher : public QObject
{
    Q_OBJECT

public:
    struct Counters
    {
        quint64 rounds = 0;
        quint64 documents = 0; // market data and order book documents handed to Redis
        quint64 tradeBatches = 0;
        quint64 missedTrades = 0; // trades that scrolled out of the ring between two rounds
    };

    BookPublisher(const MarketDataEngine &engine, RedisPublisher &redis,
                  std::chrono::milliseconds interval, size_t depth, QObject *parent = nullptr);

    void start();
    void stop();
    // Publishes what changed right now, for example the last state before shutting down.
    void publishNow();

    const Counters &counters() const { return m_counters; }

private:
    struct Published
    {
        explicit Published(Market market, const QByteArray &symbol);

        quint64 generation = ~quint64(0);
        quint64 tradeSequence = 0;
        // The symbol's keys, made once; RedisPublisher adds the configured prefix.
        QByteArray marketDataKey;
        QByteArray orderBookKey;
        QByteArray tradesKey;
    };

    const MarketDataEngine &m_engine;
    RedisPublisher &m_redis;
    size_t m_depth;
    QTimer m_timer;
    Published &published(const FollowedSymbol &symbol);
    void forget(const QString &symbol);

    QHash<QByteArray, Published> m_published; // by symbol
    Counters m_counters;
};

} // namespace md

#endif // MD_ENGINE_BOOKPUBLISHER_H
