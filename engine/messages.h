#ifndef MD_ENGINE_MESSAGES_H
#define MD_ENGINE_MESSAGES_H

#include "orderbook.h"

#include <string>
#include <vector>

namespace md {

// Binance's diff depth event (`depthUpdate`). Times are exchange milliseconds.
struct DepthUpdate
{
    std::string symbol;
    qint64 eventTime = 0;              // E
    qint64 transactionTime = 0;        // T, USD-M only
    qint64 firstUpdateId = 0;          // U
    qint64 finalUpdateId = 0;          // u
    qint64 previousFinalUpdateId = -1; // pu, USD-M only; -1 when absent
    std::vector<PriceLevel> bids;
    std::vector<PriceLevel> asks;

    bool hasPreviousFinalUpdateId() const { return previousFinalUpdateId >= 0; }
};

// A REST depth snapshot. The body does not name its symbol: the request URL does.
struct DepthSnapshot
{
    qint64 lastUpdateId = 0;
    qint64 eventTime = 0; // E, USD-M only
    std::vector<PriceLevel> bids;
    std::vector<PriceLevel> asks;
};

// A `trade` or an `aggTrade`; for the latter `tradeId` is the aggregate id.
struct Trade
{
    std::string symbol;
    qint64 eventTime = 0;
    qint64 tradeTime = 0;
    qint64 tradeId = 0;
    Decimal price;
    Decimal quantity;
    bool buyerIsMaker = false;
    bool aggregated = false;
};

// `bookTicker`: the exchange's own best bid and ask at order-book update id `updateId`.
struct BookTicker
{
    std::string symbol;
    qint64 updateId = 0;
    qint64 eventTime = 0; // USD-M only
    PriceLevel bestBid;
    PriceLevel bestAsk;
};

enum class MessageType : quint8 {
    DepthUpdate,
    DepthSnapshot,
    Trade,
    BookTicker,
    ServerShutdown,
    ControlReply, // an answer to SUBSCRIBE and friends, or an error reply
    Ignored,      // a well-formed event of a kind the engine does not use (kline, ...)
};

// The result of parsing one message. The parser reuses one instance, so the level vectors keep
// their capacity from message to message.
struct ParsedMessage
{
    MessageType type = MessageType::Ignored;
    std::string stream;    // the combined-stream name, empty for a bare payload
    std::string eventName; // the `e` field, if any
    DepthUpdate depth;
    DepthSnapshot snapshot;
    Trade trade;
    BookTicker ticker;
};

} // namespace md

#endif // MD_ENGINE_MESSAGES_H
