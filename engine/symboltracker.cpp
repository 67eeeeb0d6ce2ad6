#include "symboltracker.h"

#include <utility>

namespace md {

SymbolTracker::SymbolTracker(Market market, std::string symbol, BookSync::Options options)
    : m_sync(market, std::move(symbol), options)
{
    m_sync.setAppliedHook([this] {
        auto mismatch = m_audit.onBookAdvanced(m_sync);
        if (mismatch && !m_firstMismatch)
            m_firstMismatch = std::move(mismatch);
    });
}

SymbolTracker::Outcome SymbolTracker::onDepth(const DepthUpdate &event)
{
    return finish(m_sync.applyDepth(event));
}

SymbolTracker::Outcome SymbolTracker::onSnapshot(const DepthSnapshot &snapshot)
{
    return finish(m_sync.applySnapshot(snapshot));
}

std::optional<TopOfBookAudit::Mismatch> SymbolTracker::onTicker(const BookTicker &ticker)
{
    ++m_tickers;
    return m_audit.onTicker(ticker, m_sync);
}

void SymbolTracker::onTrade(const Trade &trade)
{
    ++m_trades;
    m_lastTrade = trade;
}

void SymbolTracker::restart()
{
    m_sync.restart();
}

SymbolTracker::Outcome SymbolTracker::finish(BookSync::Result result)
{
    Outcome outcome;
    outcome.result = result;
    outcome.mismatch = std::exchange(m_firstMismatch, std::nullopt);
    return outcome;
}

} // namespace md
