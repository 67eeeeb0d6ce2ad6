#include "orderbook.h"

namespace md {

void OrderBook::setLevel(Side side, Decimal price, Decimal quantity)
{
    (side == Side::Bid ? m_bids : m_asks).set(price, quantity);
}

void OrderBook::apply(std::span<const PriceLevel> bids, std::span<const PriceLevel> asks)
{
    m_bids.apply(bids);
    m_asks.apply(asks);
}

void OrderBook::clear()
{
    m_bids.clear();
    m_asks.clear();
}

void OrderBook::load(std::span<const PriceLevel> bids, std::span<const PriceLevel> asks)
{
    m_bids.load(bids);
    m_asks.load(asks);
}

bool OrderBook::isCrossed() const
{
    return hasBestBid() && hasBestAsk() && bestBid().price >= bestAsk().price;
}

std::vector<PriceLevel> OrderBook::topLevels(Side side, size_t depth) const
{
    std::vector<PriceLevel> levels;
    levels.reserve(std::min(depth, side == Side::Bid ? bidCount() : askCount()));
    forEachLevel(side, depth, [&](const PriceLevel &level) { levels.push_back(level); });
    return levels;
}

} // namespace md
