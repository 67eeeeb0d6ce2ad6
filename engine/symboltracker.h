#ifndef MD_ENGINE_SYMBOLTRACKER_H
#define MD_ENGINE_SYMBOLTRACKER_H

#include "booksync.h"
#include "topofbookaudit.h"

namespace md {

// Everything the engine follows about one symbol of one market: the synced book, its audit
// against the exchange's bookTicker, and the last trade. It decides nothing about I/O: the owner
// fetches snapshots when asked and decides what a mismatch costs. Lives on the owner's thread.
class SymbolTracker
{
public:
    struct Outcome
    {
        BookSync::Result result = BookSync::Result::Ignored;
        // The first failed audit check among the update ids this call applied.
        std::optional<TopOfBookAudit::Mismatch> mismatch;
    };

    SymbolTracker(Market market, std::string symbol, BookSync::Options options = {});
    SymbolTracker(const SymbolTracker &) = delete;
    SymbolTracker &operator=(const SymbolTracker &) = delete;

    Outcome onDepth(const DepthUpdate &event);
    Outcome onSnapshot(const DepthSnapshot &snapshot);
    std::optional<TopOfBookAudit::Mismatch> onTicker(const BookTicker &ticker);
    void onTrade(const Trade &trade);

    // Starts the book over, for a reconnect or after a failed audit.
    void restart();

    const BookSync &sync() const { return m_sync; }
    BookSync &sync() { return m_sync; }
    const TopOfBookAudit &audit() const { return m_audit; }
    bool hasTrade() const { return m_trades > 0; }
    const Trade &lastTrade() const { return m_lastTrade; }
    quint64 trades() const { return m_trades; }
    quint64 tickers() const { return m_tickers; }

private:
    Outcome finish(BookSync::Result result);

    BookSync m_sync;
    TopOfBookAudit m_audit;
    Trade m_lastTrade;
    quint64 m_trades = 0;
    quint64 m_tickers = 0;
    std::optional<TopOfBookAudit::Mismatch> m_firstMismatch; // of the event being handled
};

} // namespace md

#endif // MD_ENGINE_SYMBOLTRACKER_H
