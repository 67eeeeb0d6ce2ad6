#include "orderbook.h"

#include <algorithm>

namespace md {

namespace {

// Finds where `price` is or would go in a side sorted so that the best level is last.
template<typename Less>
std::vector<PriceLevel>::iterator findLevel(std::vector<PriceLevel> &levels, Decimal price,
                                            Less less)
{
    return std::lower_bound(levels.begin(), levels.end(), price,
                            [&](const PriceLevel &level, Decimal p) {
                                return less(level.price, p);
                            });
}

void setInSide(std::vector<PriceLevel> &levels, Decimal price, Decimal quantity, bool ascending)
{
    const auto it = ascending ? findLevel(levels, price, std::less<Decimal>())
                              : findLevel(levels, price, std::greater<Decimal>());
    const bool found = it != levels.end() && it->price == price;

    if (quantity.isZero()) {
        if (found)
            levels.erase(it);
        return;
    }
    if (found)
        it->quantity = quantity;
    else
        levels.insert(it, PriceLevel{price, quantity});
}

void loadSide(std::vector<PriceLevel> &levels, std::span<const PriceLevel> source, bool ascending)
{
    levels.clear();
    levels.reserve(source.size());
    for (const PriceLevel &level : source) {
        if (!level.quantity.isZero())
            levels.push_back(level);
    }

    // Snapshots list the best level first and the book keeps it last, so the usual case is one
    // reversal. A snapshot out of order or with a repeated price is applied level by level
    // instead, which gives the same result as the equivalent diffs.
    std::reverse(levels.begin(), levels.end());
    const auto strictlyOrdered = [ascending](const PriceLevel &a, const PriceLevel &b) {
        return ascending ? a.price < b.price : a.price > b.price;
    };
    const auto outOfOrder = std::adjacent_find(levels.begin(), levels.end(),
                                               [&](const PriceLevel &a, const PriceLevel &b) {
                                                   return !strictlyOrdered(a, b);
                                               });
    if (outOfOrder == levels.end())
        return;

    levels.clear();
    for (const PriceLevel &level : source)
        setInSide(levels, level.price, level.quantity, ascending);
}

} // namespace

void OrderBook::setLevel(Side side, Decimal price, Decimal quantity)
{
    if (side == Side::Bid)
        setInSide(m_bids, price, quantity, true);
    else
        setInSide(m_asks, price, quantity, false);
}

void OrderBook::apply(std::span<const PriceLevel> bids, std::span<const PriceLevel> asks)
{
    for (const PriceLevel &level : bids)
        setInSide(m_bids, level.price, level.quantity, true);
    for (const PriceLevel &level : asks)
        setInSide(m_asks, level.price, level.quantity, false);
}

void OrderBook::clear()
{
    m_bids.clear();
    m_asks.clear();
}

void OrderBook::load(std::span<const PriceLevel> bids, std::span<const PriceLevel> asks)
{
    loadSide(m_bids, bids, true);
    loadSide(m_asks, asks, false);
}

bool OrderBook::isCrossed() const
{
    return hasBestBid() && hasBestAsk() && bestBid().price >= bestAsk().price;
}

std::vector<PriceLevel> OrderBook::topLevels(Side side, size_t depth) const
{
    std::vector<PriceLevel> levels;
    levels.reserve(std::min(depth, side == Side::Bid ? m_bids.size() : m_asks.size()));
    forEachLevel(side, depth, [&](const PriceLevel &level) { levels.push_back(level); });
    return levels;
}

} // namespace md
