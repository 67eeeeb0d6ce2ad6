#ifndef MD_ENGINE_MARKET_H
#define MD_ENGINE_MARKET_H

#include <QString>

#include <optional>
#include <string_view>

namespace md {

// The Binance venues the engine follows. Their order-book sync rules differ (see BookSync).
enum class Market : quint8 { Spot, UsdM };

QString marketName(Market market);
std::optional<Market> marketFromName(std::string_view name);

} // namespace md

#endif // MD_ENGINE_MARKET_H
