#ifndef MD_TESTS_COMMON_MARKEDBOOK_H
#define MD_TESTS_COMMON_MARKEDBOOK_H

#include "messages.h"

// Events and snapshots that mark themselves in the book: an event with final id u sets the bid at
// price u, and a snapshot with id L holds one bid at price L and one ask far above. The bids left
// at the end say exactly which snapshot and events a book is made of.
namespace md::test {

inline Decimal decimal(qint64 whole)
{
    return Decimal{whole * Decimal::UnitsPerOne, 0};
}

// `previousFinal` is USD-M's `pu`; -1 leaves it out, as spot events do.
inline DepthUpdate markedEvent(qint64 first, qint64 final, qint64 previousFinal = -1)
{
    DepthUpdate event;
    event.symbol = "BTCUSDT";
    event.firstUpdateId = first;
    event.finalUpdateId = final;
    event.previousFinalUpdateId = previousFinal;
    event.eventTime = final;
    event.bids = {PriceLevel{decimal(final), decimal(1)}};
    return event;
}

inline DepthSnapshot markedSnapshot(qint64 lastUpdateId)
{
    DepthSnapshot snapshot;
    snapshot.lastUpdateId = lastUpdateId;
    snapshot.bids = {PriceLevel{decimal(lastUpdateId), decimal(1)}};
    snapshot.asks = {PriceLevel{decimal(1'000'000), decimal(1)}};
    return snapshot;
}

} // namespace md::test

#endif // MD_TESTS_COMMON_MARKEDBOOK_H
