#ifndef MD_ENGINE_PUBLISHFORMAT_H
#define MD_ENGINE_PUBLISHFORMAT_H

#include "market.h"
#include "messages.h"

#include <QByteArray>

#include <span>
#include <string>

namespace md {

class SymbolTracker;

// The JSON documents and Redis keys consumers read. Prices and quantities are JSON numbers
// printed from the exact decimals, digit for digit as Binance sent them; a book that is not
// synced says so and carries no prices. Pure functions, callable from any thread.
namespace publishformat {

enum class Channel : quint8 { MarketData, OrderBook, Trades };

// Spot keys are exactly `market_data:<SYMBOL>`, `orderbook:<SYMBOL>` and `trades:<SYMBOL>`,
// because existing consumers read them. Other markets put their name first
// (`usdm:market_data:BTCUSDT`): a symbol never contains a colon, so no key can collide.
QByteArray key(const QByteArray &prefix, Market market, Channel channel, const QByteArray &symbol);

std::string marketData(const SymbolTracker &tracker, qint64 publishTimeMs);
std::string orderBook(const SymbolTracker &tracker, size_t depth, qint64 publishTimeMs);
std::string trades(const SymbolTracker &tracker, std::span<const Trade> trades, quint64 missed,
                   qint64 publishTimeMs);

// (a + b) / 2 and b - a, exactly, as decimal text with trailing zeros trimmed.
std::string midPrice(Decimal a, Decimal b);
std::string difference(Decimal from, Decimal to);

} // namespace publishformat

} // namespace md

#endif // MD_ENGINE_PUBLISHFORMAT_H
