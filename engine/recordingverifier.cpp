#include "recordingverifier.h"

#include "logging.h"
#include "printabletext.h"
#include "symbolname.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace md {

namespace {

// The part of a rejected message that its problem line shows.
constexpr size_t MaxPayloadExcerpt = 120;

// Binance's hosts and paths take a few dozen bytes. A URL may run to megabytes, and one that
// had to be read whole for each of its messages would make every message as slow as its length.
constexpr size_t MaxMarketPart = 256;

// The part of a URL that names its market: scheme, host and path, without the query, and no more
// than their first MaxMarketPart bytes.
std::string_view marketPart(std::string_view url)
{
    url = url.substr(0, MaxMarketPart);
    return url.substr(0, url.find('?'));
}

// The market a URL names, if it names one: Binance's USD-M hosts and REST paths, or spot's. Only
// the host and path count; the query lists streams or parameters, never the market.
std::optional<Market> marketFromUrl(std::string_view url)
{
    url = marketPart(url);
    if (url.find("fstream") != std::string_view::npos ||
        url.find("/fapi/") != std::string_view::npos)
        return Market::UsdM;
    if (url.find("stream.binance") != std::string_view::npos ||
        url.find("/api/") != std::string_view::npos) {
        return Market::Spot;
    }
    return std::nullopt;
}

// The `symbol` parameter of a REST depth URL, upper-cased as the exchange names symbols.
std::string symbolFromUrl(std::string_view url)
{
    const size_t query = url.find('?');
    if (query == std::string_view::npos)
        return {};
    size_t pos = url.find("symbol=", query);
    if (pos == std::string_view::npos)
        return {};
    pos += 7;
    std::string symbol;
    while (pos < url.size() && url[pos] != '&')
        symbol += char(std::toupper(static_cast<unsigned char>(url[pos++])));
    return symbol;
}

} // namespace

void RecordingVerifier::process(const RecordedMessage &message)
{
    ++m_messages;
    if (!m_parser.parse(message.payload.data(), message.payload.size(), message.payloadCapacity,
                        m_message)) {
        reject(m_parser.errorString(), message);
        return;
    }

    switch (m_message.type) {
    case MessageType::DepthUpdate:
        handleDepth(message);
        return;
    case MessageType::DepthSnapshot:
        handleSnapshot(message);
        return;
    case MessageType::BookTicker:
        if (SymbolTracker *tracker = routeBySymbol(message, m_message.ticker.symbol)) {
            if (const auto mismatch = tracker->onTicker(m_message.ticker))
                noteMismatch(*tracker, *mismatch);
        }
        return;
    case MessageType::Trade:
        if (SymbolTracker *tracker = routeBySymbol(message, m_message.trade.symbol))
            tracker->onTrade(m_message.trade);
        return;
    case MessageType::ServerShutdown:
    case MessageType::ControlReply:
    case MessageType::Ignored:
        ++m_ignored;
        return;
    }
}

void RecordingVerifier::handleDepth(const RecordedMessage &message)
{
    // Only USD-M depth events carry `pu`, which tells the market when the URL does not.
    const DepthUpdate &event = m_message.depth;
    const Market market =
            sourceMarket(message.source)
                    .value_or(event.hasPreviousFinalUpdateId() ? Market::UsdM : Market::Spot);
    SymbolTracker *tracker = trackerFor(market, event.symbol, message);
    if (!tracker)
        return;
    if (m_unclaimedSnapshot) {
        // A recording without URLs holds one symbol, and the first depth event names it.
        const auto outcome = tracker->onSnapshot(*std::exchange(m_unclaimedSnapshot, {}));
        if (outcome.mismatch)
            noteMismatch(*tracker, *outcome.mismatch);
    }
    const auto outcome = tracker->onDepth(event);
    if (outcome.mismatch)
        noteMismatch(*tracker, *outcome.mismatch);
}

void RecordingVerifier::handleSnapshot(const RecordedMessage &message)
{
    // A snapshot body does not name its symbol. The request URL does; a recording without URLs
    // (hftbacktest's) holds a single symbol, so the snapshot belongs to it.
    std::string symbol = symbolFromUrl(message.source);
    std::optional<Market> market = sourceMarket(message.source);
    if (symbol.empty()) {
        if (m_trackers.empty()) {
            m_unclaimedSnapshot = m_message.snapshot;
            return;
        }
        if (m_trackers.size() != 1) {
            reject("depth snapshot without a symbol in a recording of several symbols", message);
            return;
        }
        symbol = m_trackers.begin()->first.second;
        market = market.value_or(m_trackers.begin()->first.first);
    }
    if (!market)
        market = m_message.snapshot.eventTime > 0 ? Market::UsdM : Market::Spot;

    SymbolTracker *tracker = trackerFor(*market, symbol, message);
    if (!tracker)
        return;
    const auto outcome = tracker->onSnapshot(m_message.snapshot);
    if (outcome.mismatch)
        noteMismatch(*tracker, *outcome.mismatch);
}

SymbolTracker *RecordingVerifier::routeBySymbol(const RecordedMessage &message,
                                                const std::string &symbol)
{
    // Trades and tickers go to the book their depth stream created; a market named by the URL
    // decides between two books of the same symbol.
    SymbolTracker *found = findTracker(sourceMarket(message.source), symbol);
    if (!found)
        ++m_unrouted;
    return found;
}

std::optional<Market> RecordingVerifier::sourceMarket(std::string_view source)
{
    // Every message of a connection carries the same URL: look at it once, not for every
    // message. Its query can run to a thousand bytes (one stream name per symbol and kind), and
    // comparing all of it for every message took 8% of the hot path on the 10-symbol recording;
    // the part before the query, which alone names the market, is a few dozen.
    // The last part has no '?', so a URL that starts with it and goes on with '?', not at all,
    // or past the bound of the part has the same part: no search for the '?' in the common case,
    // and no compare longer than the bound.
    const size_t last = m_lastSource.size();
    const bool samePart = source.starts_with(m_lastSource) &&
                          (source.size() == last || source[last] == '?' || last == MaxMarketPart);
    if (!samePart) {
        m_lastSource.assign(marketPart(source));
        m_lastSourceMarket = marketFromUrl(m_lastSource);
    }
    return m_lastSourceMarket;
}

// The book of `symbol` in `market`, made on its first message; null when the message was
// rejected instead.
SymbolTracker *RecordingVerifier::trackerFor(Market market, std::string_view symbol,
                                             const RecordedMessage &message)
{
    if (SymbolTracker *tracker = findTracker(market, symbol))
        return tracker;

    // A book's symbol is printed in the report and the logs: a name that is no Binance symbol
    // could garble or forge their lines. Checked here, once per book, off the hot path.
    if (!isPlausibleSymbol(symbol)) {
        reject("symbol \"" + printableExcerpt(symbol, MaxSymbolLength) +
                       "\" is not a Binance symbol (A-Z, 0-9, _, - or UTF-8 letters, at most " +
                       std::to_string(MaxSymbolLength) + " bytes)",
               message);
        return nullptr;
    }

    if (m_trackers.size() >= MaxBooks) {
        reject("a new book would pass the bound of " + std::to_string(MaxBooks) + " books",
               message);
        return nullptr;
    }

    auto &slot = m_trackers[Key(market, std::string(symbol))];
    slot = std::make_unique<SymbolTracker>(market, std::string(symbol));
    m_books[size_t(market)].insert(symbol, slot.get());
    return slot.get();
}

// The tracker of `symbol` in `market`, or in any market when none is given (spot first).
SymbolTracker *RecordingVerifier::findTracker(std::optional<Market> market,
                                              std::string_view symbol) const
{
    if (market)
        return m_books[size_t(*market)].find(symbol);
    if (SymbolTracker *spot = m_books[size_t(Market::Spot)].find(symbol))
        return spot;
    return m_books[size_t(Market::UsdM)].find(symbol);
}

void RecordingVerifier::reject(const std::string &reason, const RecordedMessage &message)
{
    ++m_rejected;
    noteProblem("rejected message (" + reason +
                "): " + printableExcerpt(message.payload, MaxPayloadExcerpt));
}

void RecordingVerifier::noteMismatch(const SymbolTracker &tracker,
                                     const TopOfBookAudit::Mismatch &mismatch)
{
    qCWarning(lcAudit, "%s %s: top of book differs %s",
              qPrintable(marketName(tracker.sync().market())), tracker.sync().symbol().c_str(),
              mismatch.description.c_str());
    noteProblem(marketName(tracker.sync().market()).toStdString() + " " + tracker.sync().symbol() +
                ": " + mismatch.description);
}

void RecordingVerifier::noteProblem(std::string problem)
{
    if (m_problems.size() < MaxKeptProblems)
        m_problems.push_back(std::move(problem));
}

std::vector<RecordingVerifier::SymbolReport> RecordingVerifier::report() const
{
    std::vector<SymbolReport> reports;
    for (const auto &[key, tracker] : m_trackers) {
        SymbolReport report;
        report.market = key.first;
        report.symbol = key.second;
        report.state = tracker->sync().state();
        report.lastUpdateId = tracker->sync().lastUpdateId();
        report.sync = tracker->sync().counters();
        report.audit = tracker->audit().counters();
        report.trades = tracker->trades();
        report.tickers = tracker->tickers();
        reports.push_back(std::move(report));
    }
    return reports;
}

const SymbolTracker *RecordingVerifier::tracker(Market market, const std::string &symbol) const
{
    const auto it = m_trackers.find(Key(market, symbol));
    return it == m_trackers.end() ? nullptr : it->second.get();
}

} // namespace md
