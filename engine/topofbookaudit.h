#ifndef MD_ENGINE_TOPOFBOOKAUDIT_H
#define MD_ENGINE_TOPOFBOOKAUDIT_H

#include "messages.h"

#include <optional>
#include <string>
#include <vector>

namespace md {

class BookSync;

// Checks one symbol's book against the exchange's own top of book. A bookTicker carries the
// order-book update id `u` it describes; whenever our synced book stands at exactly that id,
// our best bid and ask (price and quantity) must equal the ticker's. Tickers usually arrive
// before the depth event that carries their id, so recent ones are kept until the book gets
// there or passes them. Plain C++; lives on the thread of its BookSync.
class TopOfBookAudit
{
public:
    static constexpr size_t MaxPendingTickers = 512;

    struct Counters
    {
        quint64 checks = 0;
        quint64 mismatches = 0;
    };

    struct Mismatch
    {
        qint64 updateId = 0;
        std::string description; // both sides, for the log
    };

    // Call on every bookTicker, and after every depth event the book applied.
    std::optional<Mismatch> onTicker(const BookTicker &ticker, const BookSync &sync);
    std::optional<Mismatch> onBookAdvanced(const BookSync &sync);
    void clear() { m_pendingCount = 0; }

    const Counters &counters() const { return m_counters; }

private:
    // What a check needs of a bookTicker; kept small because most messages are bookTickers.
    struct Top
    {
        qint64 updateId = 0;
        PriceLevel bid;
        PriceLevel ask;
    };

    std::optional<Mismatch> check(const Top &ticker, const BookSync &sync);

    // The pending tickers, ascending update ids, in a ring of MaxPendingTickers slots. Two of
    // three messages are bookTickers; a deque of them allocated and freed a chunk every few
    // tickers. The ring starts over at its first slot whenever it empties, as it does after most
    // depth events, so the few slots in use stay in cache.
    const Top &frontPending() const { return m_pending[m_pendingFirst]; }
    const Top &backPending() const;
    void popPending();
    void popBackPending();
    void pushPending(const Top &top);

    std::vector<Top> m_pending; // MaxPendingTickers slots once the first ticker is kept
    size_t m_pendingFirst = 0;
    size_t m_pendingCount = 0;
    Counters m_counters;
};

} // namespace md

#endif // MD_ENGINE_TOPOFBOOKAUDIT_H
