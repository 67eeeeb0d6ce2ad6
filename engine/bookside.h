#ifndef MD_ENGINE_BOOKSIDE_H
#define MD_ENGINE_BOOKSIDE_H

#include "decimal.h"

#include <limits>
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
    // Blocks split in halves when a level would overflow one; a block that loses a level is
    // merged with a neighbour when the two hold MergedFill levels or fewer, so deletions deep in
    // the book cannot leave a long index of nearly empty blocks behind.
    static constexpr quint32 BlockCapacity = 32;
    static constexpr quint32 MergedFill = BlockCapacity * 3 / 4;

    explicit BookSide(bool descendingPrices);
    ~BookSide();
    BookSide(BookSide &&) noexcept;
    BookSide &operator=(BookSide &&) noexcept;
    BookSide(const BookSide &) = delete;
    BookSide &operator=(const BookSide &) = delete;

    // Sets a level to an absolute quantity; zero deletes, and deleting an absent level is a no-op.
    void set(Decimal price, Decimal quantity);
    // The same for each level in turn, as a depth event lists them.
    void apply(std::span<const PriceLevel> levels);
    // Replaces the side with levels given best first; zero quantities are skipped.
    void load(std::span<const PriceLevel> levels);
    void clear();

    bool isEmpty() const { return m_size == 0; }
    size_t size() const { return m_size; }
    PriceLevel best() const;
    // How many blocks hold the levels, for tests of splitting and merging.
    size_t blockCount() const { return m_blocks.size(); }

    template<typename Visitor>
    void forEach(size_t depth, Visitor &&visit) const
    {
        size_t left = depth;
        for (size_t b = 0; b < m_blocks.size(); ++b) {
            const quint32 count = m_summaries[b].count;
            for (quint32 i = 0; i < count && left > 0; ++i, --left)
                visit(levelAt(*m_blocks[b], i));
            if (left == 0)
                return;
        }
    }

private:
    // Blocks are loaded 3/4 full, leaving room to grow.
    static constexpr quint32 LoadFill = BlockCapacity * 3 / 4;
    static constexpr qint64 NoKey = std::numeric_limits<qint64>::max();

    // What a level holds besides its key; 16 bytes, so an update writes one cache line.
    struct Payload
    {
        qint64 quantity = 0;
        quint8 priceDecimals = 0;
        quint8 quantityDecimals = 0;
    };

    // A block's keys split into parts of PartSize; a search in a block reads the keys of one
    // part only, chosen by the block's summary. Keys are kept apart from the payloads, and slots
    // past the block's count hold NoKey, so a search takes the same steps in every block without
    // looking at the count. One more slot than levels always holds NoKey.
    static constexpr quint32 PartSize = 8;
    static constexpr quint32 PartCount = BlockCapacity / PartSize;

    struct Block
    {
        Block();

        qint64 keys[BlockCapacity + 1];
        Payload payloads[BlockCapacity];
    };

    // What the index keeps of each block besides its first key: the last key of each part but
    // the last, which picks the part a key falls in, and the number of levels. Kept beside the
    // first keys, these make a lookup wait for one cache line of the block rather than four,
    // and let merging look at the neighbours' counts without reading the neighbours.
    struct Summary
    {
        qint64 partLastKeys[PartCount - 1];
        quint32 count = 0;
    };

    // The key of a price, and the price of a key: negated for bids. Computed without a branch,
    // which mispredicted as the sides of an event take turns.
    qint64 keyOf(Decimal price) const { return keyOf(price.units); }
    qint64 keyOf(qint64 units) const { return (units ^ m_negate) - m_negate; }
    PriceLevel levelAt(const Block &block, quint32 i) const;
    void setLevel(Decimal price, Decimal quantity);
    size_t findBlock(qint64 key);
    void insertAt(size_t blockIndex, quint32 position, qint64 key, Decimal price, Decimal quantity);
    void eraseAt(size_t blockIndex, quint32 position);
    void splitBlock(size_t blockIndex);
    void mergeIfSparse(size_t blockIndex);
    size_t mergeWithNext(size_t lowerIndex);
    void appendBlock(qint64 firstKey);
    void summarize(size_t blockIndex);

    qint64 m_negate = 0; // all ones for bids, whose keys are negated prices
    size_t m_size = 0;
    size_t m_hint = 0;               // the block the last lookup found
    std::vector<qint64> m_firstKeys; // first key of each block, ascending
    std::vector<Summary> m_summaries;
    std::vector<std::unique_ptr<Block>> m_blocks;
};

} // namespace md

#endif // MD_ENGINE_BOOKSIDE_H
