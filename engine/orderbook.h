#ifndef MD_ENGINE_ORDERBOOK_H
#define MD_ENGINE_ORDERBOOK_H

#include "decimal.h"

#include <span>
#include <vector>

namespace md {

struct PriceLevel
{
    Decimal price;
    Decimal quantity;

    friend bool operator==(const PriceLevel &, const PriceLevel &) = default;
};

enum class Side : quint8 { Bid, Ask };

// One symbol's bids and asks at exact prices. Not thread-safe; it lives on whichever thread
// owns its BookSync.
//
// Each side is a vector kept sorted with the best price at the back, so the frequent changes
// near the top of the book move few elements, and lookups are binary searches over
// contiguous memory.
class OrderBook
{
public:
    // Sets a level to an absolute quantity; a zero quantity deletes it, and deleting a level
    // the book does not hold is a no-op.
    void setLevel(Side side, Decimal price, Decimal quantity);
    void apply(std::span<const PriceLevel> bids, std::span<const PriceLevel> asks);
    void clear();

    // Replaces both sides with a snapshot; zero quantities are skipped.
    void load(std::span<const PriceLevel> bids, std::span<const PriceLevel> asks);

    bool hasBestBid() const { return !m_bids.empty(); }
    bool hasBestAsk() const { return !m_asks.empty(); }
    const PriceLevel &bestBid() const { return m_bids.back(); }
    const PriceLevel &bestAsk() const { return m_asks.back(); }
    bool isCrossed() const;

    size_t bidCount() const { return m_bids.size(); }
    size_t askCount() const { return m_asks.size(); }
    bool isEmpty() const { return m_bids.empty() && m_asks.empty(); }

    // The best `depth` levels of a side, best first.
    std::vector<PriceLevel> topLevels(Side side, size_t depth) const;
    template<typename Visitor>
    void forEachLevel(Side side, size_t depth, Visitor &&visit) const
    {
        const auto &levels = side == Side::Bid ? m_bids : m_asks;
        const size_t count = std::min(depth, levels.size());
        for (size_t i = 0; i < count; ++i)
            visit(levels[levels.size() - 1 - i]);
    }

private:
    std::vector<PriceLevel> m_bids; // ascending price: best bid last
    std::vector<PriceLevel> m_asks; // descending price: best ask last
};

} // namespace md

#endif // MD_ENGINE_ORDERBOOK_H
