#include "topofbookaudit.h"

#include "booksync.h"

namespace md {

namespace {

std::string describe(const PriceLevel &level)
{
    return level.price.toString() + " x " + level.quantity.toString();
}

std::string describeTop(const OrderBook &book)
{
    const std::string bid = book.hasBestBid() ? describe(book.bestBid()) : "none";
    const std::string ask = book.hasBestAsk() ? describe(book.bestAsk()) : "none";
    return "bid " + bid + ", ask " + ask;
}

} // namespace

std::optional<TopOfBookAudit::Mismatch> TopOfBookAudit::onTicker(const BookTicker &ticker,
                                                                 const BookSync &sync)
{
    const Top top{ticker.updateId, ticker.bestBid, ticker.bestAsk};
    if (sync.isJoined() && ticker.updateId == sync.lastUpdateId())
        return check(top, sync);

    // Keep a ticker the book has not reached yet; one it has passed can never be checked.
    if (sync.isJoined() && ticker.updateId < sync.lastUpdateId())
        return std::nullopt;
    // A symbol's tickers come in the order of their ids. One at or below a kept one replaces
    // it and any after it: had the older one's absurd id stood, it would have turned away
    // every ticker after it, and a real stream never goes back.
    while (m_pendingCount > 0 && ticker.updateId <= backPending().updateId)
        popBackPending();
    if (m_pendingCount == MaxPendingTickers)
        popPending();
    pushPending(top);
    return std::nullopt;
}

std::optional<TopOfBookAudit::Mismatch> TopOfBookAudit::onBookAdvanced(const BookSync &sync)
{
    if (!sync.isJoined())
        return std::nullopt;

    const qint64 bookId = sync.lastUpdateId();
    while (m_pendingCount > 0 && frontPending().updateId < bookId)
        popPending();
    if (m_pendingCount == 0 || frontPending().updateId != bookId)
        return std::nullopt;

    const Top ticker = frontPending();
    popPending();
    return check(ticker, sync);
}

const TopOfBookAudit::Top &TopOfBookAudit::backPending() const
{
    return m_pending[(m_pendingFirst + m_pendingCount - 1) % MaxPendingTickers];
}

void TopOfBookAudit::popPending()
{
    --m_pendingCount;
    m_pendingFirst = m_pendingCount == 0 ? 0 : (m_pendingFirst + 1) % MaxPendingTickers;
}

void TopOfBookAudit::popBackPending()
{
    --m_pendingCount;
    if (m_pendingCount == 0)
        m_pendingFirst = 0;
}

void TopOfBookAudit::pushPending(const Top &top)
{
    if (m_pending.empty())
        m_pending.resize(MaxPendingTickers);
    m_pending[(m_pendingFirst + m_pendingCount) % MaxPendingTickers] = top;
    ++m_pendingCount;
}

std::optional<TopOfBookAudit::Mismatch> TopOfBookAudit::check(const Top &ticker,
                                                              const BookSync &sync)
{
    ++m_counters.checks;
    const OrderBook &book = sync.book();
    const bool bidMatches = book.hasBestBid() && book.bestBid() == ticker.bid;
    const bool askMatches = book.hasBestAsk() && book.bestAsk() == ticker.ask;
    if (bidMatches && askMatches)
        return std::nullopt;

    ++m_counters.mismatches;
    Mismatch mismatch;
    mismatch.updateId = ticker.updateId;
    mismatch.description = "at update id " + std::to_string(ticker.updateId) + " our book has " +
                           describeTop(book) + ", the exchange's bookTicker has bid " +
                           describe(ticker.bid) + ", ask " + describe(ticker.ask);
    return mismatch;
}

} // namespace md
