#include "bookside.h"

#include <algorithm>
#include <cstring>

namespace md {

BookSide::BookSide(bool descendingPrices)
    : m_descending(descendingPrices)
{
}

BookSide::~BookSide() = default;
BookSide::BookSide(BookSide &&) noexcept = default;
BookSide &BookSide::operator=(BookSide &&) noexcept = default;

PriceLevel BookSide::toPriceLevel(const Level &level) const
{
    const qint64 price = m_descending ? -level.key : level.key;
    return PriceLevel{Decimal{price, level.priceDecimals},
                      Decimal{level.quantity, level.quantityDecimals}};
}

PriceLevel BookSide::best() const
{
    return toPriceLevel(m_blocks.front()->levels[0]);
}

quint32 BookSide::lowerBound(const Block &block, qint64 key)
{
    // The first level whose key is not below `key`, by halving without data-dependent branches
    // (a mispredicted branch costs more than the compares a block this small needs).
    if (block.count == 0)
        return 0;
    const Level *base = block.levels;
    quint32 length = block.count;
    while (length > 1) {
        const quint32 half = length / 2;
        base = base[half - 1].key < key ? base + half : base;
        length -= half;
    }
    return quint32(base - block.levels) + quint32(base->key < key);
}

size_t BookSide::findBlock(qint64 key) const
{
    // Binance lists the levels of a side in price order, so consecutive changes mostly fall in
    // the block of the previous one or the next; look there before searching.
    const size_t count = m_firstKeys.size();
    for (size_t i = m_hint; i < count && i < m_hint + 2; ++i) {
        if (m_firstKeys[i] <= key && (i + 1 == count || key < m_firstKeys[i + 1])) {
            m_hint = i;
            return i;
        }
    }

    // The last block whose first key is not above `key`; the first block for keys before all.
    // Halving without branches on the data: levels arrive in no order the CPU can predict.
    const qint64 *base = m_firstKeys.data();
    size_t length = count;
    while (length > 1) {
        const size_t half = length / 2;
        base = base[half] <= key ? base + half : base;
        length -= half;
    }
    m_hint = size_t(base - m_firstKeys.data());
    return m_hint;
}

void BookSide::set(Decimal price, Decimal quantity)
{
    const qint64 key = keyOf(price);
    if (m_blocks.empty()) {
        if (!quantity.isZero())
            insertAt(0, 0, Level{key, quantity.units, price.decimals, quantity.decimals});
        return;
    }

    const size_t blockIndex = findBlock(key);
    Block &block = *m_blocks[blockIndex];
    const quint32 position = lowerBound(block, key);
    const bool found = position < block.count && block.levels[position].key == key;

    if (quantity.isZero()) {
        if (found)
            eraseAt(blockIndex, position);
        return;
    }
    if (found) {
        block.levels[position].quantity = quantity.units;
        block.levels[position].quantityDecimals = quantity.decimals;
        return;
    }
    insertAt(blockIndex, position, Level{key, quantity.units, price.decimals, quantity.decimals});
}

void BookSide::insertAt(size_t blockIndex, quint32 position, const Level &level)
{
    ++m_size;
    if (m_blocks.empty()) {
        m_blocks.push_back(std::make_unique<Block>());
        m_firstKeys.push_back(level.key);
    }

    // A full block is split in two halves first; the level goes to the half that covers it.
    if (m_blocks[blockIndex]->count == BlockCapacity) {
        auto upper = std::make_unique<Block>();
        Block &lower = *m_blocks[blockIndex];
        constexpr quint32 half = BlockCapacity / 2;
        std::memcpy(upper->levels, lower.levels + half, sizeof(Level) * half);
        upper->count = half;
        lower.count = half;
        m_firstKeys.insert(m_firstKeys.begin() + qsizetype(blockIndex) + 1, upper->levels[0].key);
        m_blocks.insert(m_blocks.begin() + qsizetype(blockIndex) + 1, std::move(upper));
        if (position > half) {
            ++blockIndex;
            position -= half;
        }
    }

    Block &block = *m_blocks[blockIndex];
    std::memmove(block.levels + position + 1, block.levels + position,
                 sizeof(Level) * (block.count - position));
    block.levels[position] = level;
    ++block.count;
    if (position == 0)
        m_firstKeys[blockIndex] = level.key;
}

void BookSide::eraseAt(size_t blockIndex, quint32 position)
{
    --m_size;
    Block &block = *m_blocks[blockIndex];
    --block.count;
    if (block.count == 0) {
        m_blocks.erase(m_blocks.begin() + qsizetype(blockIndex));
        m_firstKeys.erase(m_firstKeys.begin() + qsizetype(blockIndex));
        return;
    }
    std::memmove(block.levels + position, block.levels + position + 1,
                 sizeof(Level) * (block.count - position));
    if (position == 0)
        m_firstKeys[blockIndex] = block.levels[0].key;
}

void BookSide::load(std::span<const PriceLevel> levels)
{
    clear();

    // A snapshot normally comes best first with distinct prices, which fills blocks in order.
    // Anything else is applied level by level, which gives what the same diffs would.
    qint64 previousKey = 0;
    bool ordered = true;
    for (const PriceLevel &level : levels) {
        const qint64 key = keyOf(level.price);
        if (m_size > 0 && key <= previousKey) {
            ordered = false;
            break;
        }
        if (level.quantity.isZero())
            continue;
        if (m_blocks.empty() || m_blocks.back()->count == LoadFill) {
            m_blocks.push_back(std::make_unique<Block>());
            m_firstKeys.push_back(key);
        }
        Block &block = *m_blocks.back();
        block.levels[block.count++] =
                Level{key, level.quantity.units, level.price.decimals, level.quantity.decimals};
        ++m_size;
        previousKey = key;
    }
    if (ordered)
        return;

    clear();
    for (const PriceLevel &level : levels)
        set(level.price, level.quantity);
}

void BookSide::clear()
{
    m_hint = 0;
    m_blocks.clear();
    m_firstKeys.clear();
    m_size = 0;
}

} // namespace md
