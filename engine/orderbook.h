#ifndef MD_ENGINE_ORDERBOOK_H
#define MD_ENGINE_ORDERBOOK_H

#include "bookside.h"

#include <span>
#include <vector>

namespace md {

enum class Side : quint8 { Bid, Ask };

// One symbol's bids and asks at exact prices. Not thread-safe; it lives on whichever thread
// owns its BookSync.
class OrderBook
{
public:
    // Sets a level to an absolute quantity; a zero quantity deletes it, and deleting a level
    // the book does not hold is a no-op.
    void setLevel(Side side, Decimal price, Decimal quantity);
    void apply(std::span<const PriceLevel> bids, std::span<const PriceLevel> asks);
    void clear();

    // Replaces both sides with a snapshot, levels best first; zero quantities are skipped.
    void load(std::span<const PriceLevel> bids, std::span<const PriceLevel> asks);

    bool hasBestBid() const { return !m_bids.isEmpty(); }
    bool hasBestAsk() const { return !m_asks.isEmpty(); }
    PriceLevel bestBid() const { return m_bids.best(); }
    PriceLevel bestAsk() const { return m_asks.best(); }
    bool isCrossed() const;

    size_t bidCount() const { return m_bids.size(); }
    size_t askCount() const { return m_asks.size(); }
    bool isEmpty() const { return m_bids.isEmpty() && m_asks.isEmpty(); }

    // The best `depth` levels of a side, best first.
    std::vector<PriceLevel> topLevels(Side side, size_t depth) const;
    template<typename Visitor>
    void forEachLevel(Side side, size_t depth, Visitor &&visit) const
    {
        (side == Side::Bid ? m_bids : m_asks).forEach(depth, std::forward<Visitor>(visit));
    }

private:
    BookSide m_bids{true};
    BookSide m_asks{false};
};

} // namespace md

#endif // MD_ENGINE_ORDERBOOK_H
