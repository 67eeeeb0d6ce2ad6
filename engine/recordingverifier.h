#ifndef MD_ENGINE_RECORDINGVERIFIER_H
#define MD_ENGINE_RECORDINGVERIFIER_H

#include "messageparser.h"
#include "recordedmessage.h"
#include "symbolindex.h"
#include "symboltracker.h"

#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace md {

// Plays recorded Binance messages through the real parser and sync code, with the REST
// snapshots of the recording standing in for the snapshot requests, and audits every book
// against the exchange's bookTicker. Used by `market-data-replay verify` and the replay tests.
class RecordingVerifier
{
public:
    struct SymbolReport
    {
        Market market = Market::Spot;
        std::string symbol;
        SyncState state = SyncState::Syncing;
        qint64 lastUpdateId = 0;
        SyncCounters sync;
        TopOfBookAudit::Counters audit;
        quint64 trades = 0;
        quint64 tickers = 0;
    };

    static constexpr size_t MaxKeptProblems = 20;
    // Binance lists two to three thousand symbols a market; messages that would make more books
    // than this are rejected, so that a made-up recording cannot take the memory and time of
    // millions.
    static constexpr size_t MaxBooks = 10'000;

    void process(const RecordedMessage &message);

    std::vector<SymbolReport> report() const;
    const SymbolTracker *tracker(Market market, const std::string &symbol) const;

    quint64 messages() const { return m_messages; }
    quint64 rejectedMessages() const { return m_rejected; }
    quint64 ignoredMessages() const { return m_ignored; }
    quint64 unroutedMessages() const { return m_unrouted; }
    // The first few rejections and audit mismatches, worded for a person.
    const std::vector<std::string> &problems() const { return m_problems; }

private:
    using Key = std::pair<Market, std::string>;

    void handleDepth(const RecordedMessage &message);
    void handleSnapshot(const RecordedMessage &message);
    SymbolTracker *routeBySymbol(const RecordedMessage &message, const std::string &symbol);
    SymbolTracker *trackerFor(Market market, std::string_view symbol,
                              const RecordedMessage &message);
    SymbolTracker *findTracker(std::optional<Market> market, std::string_view symbol) const;
    std::optional<Market> sourceMarket(std::string_view source);
    void reject(const std::string &reason, const RecordedMessage &message);
    void noteMismatch(const SymbolTracker &tracker, const TopOfBookAudit::Mismatch &mismatch);
    void noteProblem(std::string problem);

    MessageParser m_parser;
    ParsedMessage m_message;
    std::map<Key, std::unique_ptr<SymbolTracker>> m_trackers;
    // The trackers again, for the lookups of the hot path: one index by symbol per market, in
    // the order of Market. A std::map's string compares took 4% of parse + apply on the 2021
    // USD-M recording.
    std::array<SymbolIndex<SymbolTracker>, 2> m_books;
    std::vector<std::string> m_problems;
    quint64 m_messages = 0;
    quint64 m_rejected = 0;
    quint64 m_ignored = 0;
    quint64 m_unrouted = 0;
    std::string m_lastSource; // its market part: without the query, bounded
    std::optional<Market> m_lastSourceMarket;
    // A snapshot without URL that came before any depth event named the recording's symbol.
    std::optional<DepthSnapshot> m_unclaimedSnapshot;
};

} // namespace md

#endif // MD_ENGINE_RECORDINGVERIFIER_H
