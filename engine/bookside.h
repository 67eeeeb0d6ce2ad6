#ifndef MD_ENGINE_BOOKSIDE_H
#define MD_ENGINE_BOOKSIDE_H

#include "decimal.h"

#include <memory>
#include <span>
#include <vector>

namespace md {

struct PriceLevel
{
    Decimal price;
    Decimal quantity;

    friend bool operator==(const PriceLevel &, const PriceLevel &) = default;
};

// One side of an order book, best level first. Binance's diffs touch levels at every depth, so
// a single sorted array would shift thousands of levels for a change deep in the book. Levels
// live instead in small sorted blocks with an index of each block's first key: a change moves
// at most one block's worth of levels, and lookups stay binary searches over contiguous memory.
//
// Both sides sort by an ascending key: the price for asks, the negated price for bids.
class BookSide
{
public:
    explicit BookSide(bool descendingPrices);
    ~BookSide();
    BookSide(BookSide &&) noexcept;
    BookSide &operator=(BookSide &&) noexcept;
    BookSide(const BookSide &) = delete;
    BookSide &operator=(const BookSide &) = delete;

    // Sets a level to an absolute quantity; zero deletes, and deleting an absent level is a no-op.
    void set(Decimal price, Decimal quantity);
    // Replaces the side with levels given best first; zero quantities are skipped.
    void load(std::span<const PriceLevel> levels);
    void clear();

    bool isEmpty() const { return m_size == 0; }
    size_t size() const { return m_size; }
    PriceLevel best() const;

    template<typename Visitor>
    void forEach(size_t depth, Visitor &&visit) const
    {
        size_t left = depth;
        for (const auto &block : m_blocks) {
            for (quint32 i = 0; i < block->count && left > 0; ++i, --left)
                visit(toPriceLevel(block->levels[i]));
            if (left == 0)
                return;
        }
    }

private:
    static constexpr quint32 BlockCapacity = 32;
    static constexpr quint32 LoadFill = 24; // blocks are loaded 3/4 full, leaving room to grow

    // 24 bytes: the sort key, the quantity, and the digits each was written with.
    struct Level
    {
        qint64 key = 0;
        qint64 quantity = 0;
        quint8 priceDecimals = 0;
        quint8 quantityDecimals = 0;
    };

    struct Block
    {
        quint32 count = 0;
        Level levels[BlockCapacity];
    };

    qint64 keyOf(Decimal price) const { return m_descending ? -price.units : price.units; }
    PriceLevel toPriceLevel(const Level &level) const;
    static quint32 lowerBound(const Block &block, qint64 key);
    size_t findBlock(qint64 key) const;
    void insertAt(size_t blockIndex, quint32 position, const Level &level);
    void eraseAt(size_t blockIndex, quint32 position);

    bool m_descending = false;
    size_t m_size = 0;
    mutable size_t m_hint = 0;       // the block the last lookup found
    std::vector<qint64> m_firstKeys; // first key of each block, ascending
    std::vector<std::unique_ptr<Block>> m_blocks;
};

} // namespace md

#endif // MD_ENGINE_BOOKSIDE_H
