#include "bookside.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace md {

namespace {

// Moves `count` entries of an array one slot up (towards the end) or down, from `position`.
template<typename T>
void shiftUp(T *array, quint32 position, quint32 count)
{
    std::memmove(array + position + 1, array + position, sizeof(T) * count);
}

template<typename T>
void shiftDown(T *array, quint32 position, quint32 count)
{
    std::memmove(array + position, array + position + 1, sizeof(T) * count);
}

// The last block whose first key is not above `key`; the first block for keys before all. The
// keys are counted rather than halved: first every sixteenth key picks the group of sixteen, then
// the keys of that group are counted. Each count is a run of loads and comparisons that do not
// wait for each other, so the search takes two rounds of waiting where halving took one round
// for each halving; on the USD-M recording's books of 250 blocks a side that was 5 against 9.
size_t lastNotAbove(const std::vector<qint64> &firstKeys, qint64 key)
{
    constexpr size_t Group = 16;
    const qint64 *keys = firstKeys.data();
    const size_t count = firstKeys.size();

    size_t groupsBefore = 0;
    for (size_t first = Group; first < count; first += Group)
        groupsBefore += size_t(keys[first] <= key);

    const size_t base = groupsBefore * Group;
    size_t position = base;
    if (base + Group <= count) {
        for (size_t i = 1; i < Group; ++i)
            position += size_t(keys[base + i] <= key);
        return position;
    }
    for (size_t i = base + 1; i < count; ++i)
        position += size_t(keys[i] <= key);
    return position;
}

} // namespace

BookSide::Block::Block()
{
    std::fill(std::begin(keys), std::end(keys), NoKey);
}

BookSide::BookSide(bool descendingPrices)
    : m_negate(descendingPrices ? -1 : 0)
{
}

BookSide::~BookSide() = default;
BookSide::BookSide(BookSide &&) noexcept = default;
BookSide &BookSide::operator=(BookSide &&) noexcept = default;

PriceLevel BookSide::levelAt(const Block &block, quint32 i) const
{
    const qint64 price = keyOf(block.keys[i]);
    const Payload &payload = block.payloads[i];
    return PriceLevel{Decimal{price, payload.priceDecimals},
                      Decimal{payload.quantity, payload.quantityDecimals}};
}

PriceLevel BookSide::best() const
{
    return levelAt(*m_blocks.front(), 0);
}

inline size_t BookSide::findBlock(qint64 key)
{
    // Diffs list each side in price order and crowd near the top, so a level mostly falls in
    // the block of the one before it or a neighbour: look at those three before searching. Spot
    // lists both sides best first, which walks up the blocks; USD-M lists bids in ascending
    // price, which walks down. On the USD-M 2024 recording the three blocks hold 75% of the
    // levels, the block and the next alone 65%. All three are tested with one branch, which
    // mostly goes the same way, and the choice among them adds up comparisons: a loop over
    // them mispredicted on a third of the levels.
    const size_t count = m_firstKeys.size();
    const size_t hint = std::min(m_hint, count - 1);
    const size_t low = hint - size_t(hint > 0);
    const qint64 end = low + 3 < count ? m_firstKeys[low + 3] : NoKey;
    if (bool(m_firstKeys[low] <= key) & bool(key < end)) {
        const bool pastSecond = low + 1 < count && m_firstKeys[low + 1] <= key;
        const bool pastThird = low + 2 < count && m_firstKeys[low + 2] <= key;
        m_hint = low + size_t(pastSecond) + size_t(pastThird);
        return m_hint;
    }
    m_hint = lastNotAbove(m_firstKeys, key);
    return m_hint;
}

inline void BookSide::setLevel(Decimal price, Decimal quantity)
{
    const qint64 key = keyOf(price);
    if (m_blocks.empty()) {
        if (!quantity.isZero()) {
            appendBlock(key);
            insertAt(0, 0, key, price, quantity);
        }
        return;
    }

    // The position of the first key not below `key` is the number of keys below it: empty
    // slots hold the largest key and never count. The extra slot after the last, always the
    // largest key too, lets the key at the position found be read without a range check. The
    // outcomes of comparisons are added rather than branched on, because where a level falls in
    // its block is anyone's guess and a mispredicted branch costs more than the whole search.
    const size_t blockIndex = findBlock(key);
    const Summary &summary = m_summaries[blockIndex];
    quint32 part = 0;
    for (const qint64 lastKey : summary.partLastKeys)
        part += quint32(lastKey < key);
    Block &block = *m_blocks[blockIndex];
    const qint64 *partKeys = block.keys + part * PartSize;
    quint32 position = part * PartSize;
    for (quint32 i = 0; i < PartSize; ++i)
        position += quint32(partKeys[i] < key);
    // Only the largest key can equal an empty slot's; the count is read for it alone.
    const bool found = block.keys[position] == key && (key != NoKey || position < summary.count);

    if (quantity.isZero()) {
        if (found)
            eraseAt(blockIndex, position);
        return;
    }
    if (found) {
        block.payloads[position].quantity = quantity.units;
        block.payloads[position].quantityDecimals = quantity.decimals;
        return;
    }
    insertAt(blockIndex, position, key, price, quantity);
}

void BookSide::set(Decimal price, Decimal quantity)
{
    setLevel(price, quantity);
}

void BookSide::apply(std::span<const PriceLevel> levels)
{
    for (const PriceLevel &level : levels)
        setLevel(level.price, level.quantity);
}

void BookSide::insertAt(size_t blockIndex, quint32 position, qint64 key, Decimal price,
                        Decimal quantity)
{
    // A full block is split in two halves first; the level goes to the half that covers it.
    if (m_summaries[blockIndex].count == BlockCapacity) {
        splitBlock(blockIndex);
        constexpr quint32 half = BlockCapacity / 2;
        if (position > half) {
            ++blockIndex;
            position -= half;
        }
    }

    Block &block = *m_blocks[blockIndex];
    const quint32 after = m_summaries[blockIndex].count - position;
    shiftUp(block.keys, position, after);
    shiftUp(block.payloads, position, after);
    block.keys[position] = key;
    block.payloads[position] = Payload{quantity.units, price.decimals, quantity.decimals};
    ++m_summaries[blockIndex].count;
    ++m_size;
    if (position == 0)
        m_firstKeys[blockIndex] = key;
    summarize(blockIndex);
}

void BookSide::eraseAt(size_t blockIndex, quint32 position)
{
    --m_size;
    const quint32 count = --m_summaries[blockIndex].count;
    if (count == 0) {
        m_blocks.erase(m_blocks.begin() + qsizetype(blockIndex));
        m_firstKeys.erase(m_firstKeys.begin() + qsizetype(blockIndex));
        m_summaries.erase(m_summaries.begin() + qsizetype(blockIndex));
        return;
    }

    Block &block = *m_blocks[blockIndex];
    const quint32 after = count - position;
    shiftDown(block.keys, position, after);
    shiftDown(block.payloads, position, after);
    block.keys[count] = NoKey;
    if (position == 0)
        m_firstKeys[blockIndex] = block.keys[0];
    summarize(blockIndex);
    mergeIfSparse(blockIndex);
}

void BookSide::splitBlock(size_t blockIndex)
{
    constexpr quint32 half = BlockCapacity / 2;
    auto upper = std::make_unique<Block>();
    Block &lower = *m_blocks[blockIndex];
    std::copy_n(lower.keys + half, half, upper->keys);
    std::copy_n(lower.payloads + half, half, upper->payloads);
    std::fill_n(lower.keys + half, half, NoKey);

    m_firstKeys.insert(m_firstKeys.begin() + qsizetype(blockIndex) + 1, upper->keys[0]);
    m_summaries.insert(m_summaries.begin() + qsizetype(blockIndex) + 1, Summary{});
    m_blocks.insert(m_blocks.begin() + qsizetype(blockIndex) + 1, std::move(upper));
    m_summaries[blockIndex].count = half;
    m_summaries[blockIndex + 1].count = half;
    summarize(blockIndex);
    summarize(blockIndex + 1);
}

void BookSide::mergeIfSparse(size_t blockIndex)
{
    // A block that lost a level is merged into its previous neighbour, or takes in its next one,
    // when the two fit in MergedFill levels; the result is checked again the same way. A merged
    // block has room for several inserts before it splits again.
    while (m_blocks.size() > 1) {
        const bool hasPrevious = blockIndex > 0;
        const bool hasNext = blockIndex + 1 < m_blocks.size();
        const quint32 count = m_summaries[blockIndex].count;
        if (hasPrevious && m_summaries[blockIndex - 1].count + count <= MergedFill)
            blockIndex = mergeWithNext(blockIndex - 1);
        else if (hasNext && count + m_summaries[blockIndex + 1].count <= MergedFill)
            blockIndex = mergeWithNext(blockIndex);
        else
            return;
    }
}

size_t BookSide::mergeWithNext(size_t lowerIndex)
{
    Block &lower = *m_blocks[lowerIndex];
    const Block &upper = *m_blocks[lowerIndex + 1];
    const quint32 lowerCount = m_summaries[lowerIndex].count;
    const quint32 upperCount = m_summaries[lowerIndex + 1].count;
    std::copy_n(upper.keys, upperCount, lower.keys + lowerCount);
    std::copy_n(upper.payloads, upperCount, lower.payloads + lowerCount);
    m_blocks.erase(m_blocks.begin() + qsizetype(lowerIndex) + 1);
    m_firstKeys.erase(m_firstKeys.begin() + qsizetype(lowerIndex) + 1);
    m_summaries.erase(m_summaries.begin() + qsizetype(lowerIndex) + 1);
    m_summaries[lowerIndex].count = lowerCount + upperCount;
    summarize(lowerIndex);
    return lowerIndex;
}

void BookSide::appendBlock(qint64 firstKey)
{
    m_blocks.push_back(std::make_unique<Block>());
    m_firstKeys.push_back(firstKey);
    m_summaries.push_back(Summary{});
    summarize(m_blocks.size() - 1);
}

void BookSide::summarize(size_t blockIndex)
{
    const Block &block = *m_blocks[blockIndex];
    Summary &summary = m_summaries[blockIndex];
    for (quint32 part = 0; part + 1 < PartCount; ++part)
        summary.partLastKeys[part] = block.keys[(part + 1) * PartSize - 1];
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
        if (m_blocks.empty() || m_summaries.back().count == LoadFill)
            appendBlock(key);
        Block &block = *m_blocks.back();
        quint32 &count = m_summaries.back().count;
        block.keys[count] = key;
        block.payloads[count] =
                Payload{level.quantity.units, level.price.decimals, level.quantity.decimals};
        ++count;
        ++m_size;
        previousKey = key;
    }
    if (ordered) {
        for (size_t blockIndex = 0; blockIndex < m_blocks.size(); ++blockIndex)
            summarize(blockIndex);
        return;
    }

    clear();
    for (const PriceLevel &level : levels)
        set(level.price, level.quantity);
}

void BookSide::clear()
{
    m_blocks.clear();
    m_firstKeys.clear();
    m_summaries.clear();
    m_size = 0;
    m_hint = 0;
}

} // namespace md
