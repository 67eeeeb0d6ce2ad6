#include "replayrecording.h"

#include "printabletext.h"
#include "recordingmerger.h"
#include "replaylogging.h"
#include "symbolname.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace md {

namespace {

constexpr int MaxLoggedRejections = 5;
// The part of a skipped message that its log line shows.
constexpr size_t MaxLoggedExcerpt = 100;

// The market a recorded URL names, if any: Binance's USD-M hosts and paths, or spot's.
std::optional<Market> marketFromUrl(std::string_view url)
{
    for (std::string_view marker : {"fstream", "/fapi/", "/public/", "/market/"}) {
        if (url.find(marker) != std::string_view::npos)
            return Market::UsdM;
    }
    for (std::string_view marker : {"stream.binance", "/api/"}) {
        if (url.find(marker) != std::string_view::npos)
            return Market::Spot;
    }
    return std::nullopt;
}

std::string upperCased(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return char(std::toupper(c)); });
    return out;
}

// The `symbol` parameter of a REST depth URL, upper-cased as the exchange names symbols.
std::string symbolFromUrl(std::string_view url)
{
    const size_t query = url.find('?');
    if (query == std::string_view::npos)
        return {};
    for (size_t pos = query + 1; pos < url.size();) {
        const size_t end = std::min(url.find('&', pos), url.size());
        const std::string_view item = url.substr(pos, end - pos);
        if (item.starts_with("symbol="))
            return upperCased(item.substr(7));
        pos = end + 1;
    }
    return {};
}

// The raw text of the `data` object of a combined-stream envelope, exactly as recorded.
std::optional<std::string_view> envelopeData(simdjson::ondemand::parser &parser,
                                             const RecordedMessage &message,
                                             simdjson::padded_string &copy)
{
    simdjson::padded_string_view view(message.payload.data(), message.payload.size(),
                                      message.payloadCapacity);
    if (message.payloadCapacity < message.payload.size() + simdjson::SIMDJSON_PADDING) {
        copy = simdjson::padded_string(message.payload);
        view = copy;
    }
    simdjson::ondemand::document document;
    simdjson::ondemand::object data;
    std::string_view raw;
    if (parser.iterate(view).get(document) || document["data"].get_object().get(data) ||
        data.raw_json().get(raw)) {
        return std::nullopt;
    }
    return raw;
}

StreamKind kindOf(const ParsedMessage &parsed)
{
    switch (parsed.type) {
    case MessageType::DepthUpdate:
        return StreamKind::Depth;
    case MessageType::DepthSnapshot:
        return StreamKind::Snapshot;
    case MessageType::Trade:
        return parsed.trade.aggregated ? StreamKind::AggTrade : StreamKind::Trade;
    case MessageType::BookTicker:
        return StreamKind::BookTicker;
    default:
        return StreamKind::Other;
    }
}

} // namespace

// What loading needs besides the messages: each message's market and symbol as far as the
// message itself tells them, and the envelope parser.
struct ReplayRecording::LoadState
{
    std::vector<std::optional<Market>> markets;
    std::vector<std::string> names;
    simdjson::ondemand::parser envelopeParser;
    simdjson::padded_string envelopeCopy;
};

ReplayRecording::ReplayRecording() = default;
ReplayRecording::~ReplayRecording() = default;

bool ReplayRecording::load(const QStringList &files)
{
    RecordingMerger merger;
    if (!merger.open(files))
        return fail(merger.errorString());
    m_fileNames = merger.fileNames();

    // Symbols are resolved once everything is read: a trade's market can only be told from the
    // depth streams of the same name, which may come later.
    LoadState state;
    RecordedMessage recorded;
    while (merger.next(recorded))
        classify(recorded, state);
    if (merger.hasError())
        return fail(merger.errorString());
    resolveSymbols(state);

    const size_t start = findStart();
    m_notPlayed += start;
    m_messages.erase(m_messages.begin(), m_messages.begin() + qsizetype(start));
    for (Message &message : m_messages) {
        if (message.kind == StreamKind::Depth && message.symbol >= 0)
            message.depthIndex = quint32(++m_symbols[size_t(message.symbol)].depthEventsInPlayback);
    }
    if (m_messages.empty())
        return fail(QStringLiteral("nothing to play: no message follows the point where the "
                                   "order books are synced"));
    return true;
}

void ReplayRecording::classify(const RecordedMessage &recorded, LoadState &state)
{
    if (!m_parser.parse(recorded.payload.data(), recorded.payload.size(), recorded.payloadCapacity,
                        m_parsed)) {
        if (++m_rejected <= MaxLoggedRejections) {
            qCWarning(lcReplay, "skipping an unreadable message (%s): %s",
                      m_parser.errorString().c_str(),
                      printableExcerpt(recorded.payload, MaxLoggedExcerpt).c_str());
        }
        return;
    }

    Message message;
    message.receiveTimeNs = recorded.receiveTimeNs;
    message.kind = kindOf(m_parsed);
    std::optional<Market> market = marketFromUrl(recorded.source);
    std::string name;
    switch (m_parsed.type) {
    case MessageType::DepthUpdate:
        name = m_parsed.depth.symbol;
        // Only USD-M depth events carry `pu`, and only USD-M bookTickers an event time.
        if (!market)
            market = m_parsed.depth.hasPreviousFinalUpdateId() ? Market::UsdM : Market::Spot;
        break;
    case MessageType::DepthSnapshot:
        name = symbolFromUrl(recorded.source);
        break;
    case MessageType::Trade:
        name = m_parsed.trade.symbol;
        break;
    case MessageType::BookTicker:
        name = m_parsed.ticker.symbol;
        if (!market)
            market = m_parsed.ticker.eventTime > 0 ? Market::UsdM : Market::Spot;
        break;
    case MessageType::Ignored: {
        // Streams the parser does not model (kline, ...) are served by their exact name.
        const size_t at = m_parsed.stream.find('@');
        if (at == std::string::npos || at == 0) {
            ++m_notPlayed;
            return;
        }
        name = upperCased(std::string_view(m_parsed.stream).substr(0, at));
        message.suffix = QByteArray::fromStdString(m_parsed.stream.substr(at + 1));
        break;
    }
    case MessageType::ServerShutdown:
    case MessageType::ControlReply:
        ++m_notPlayed;
        return;
    }

    // A name no exchange uses gets no book: the server's log lines name its books.
    if (!name.empty() && !isPlausibleSymbol(name)) {
        if (++m_rejected <= MaxLoggedRejections) {
            qCWarning(lcReplay,
                      "skipping a message for symbol \"%s\", which is not a Binance "
                      "symbol",
                      printableExcerpt(name, MaxSymbolLength).c_str());
        }
        return;
    }

    if (m_parsed.stream.empty() || message.kind == StreamKind::Snapshot) {
        message.data = QByteArray(recorded.payload.data(), qsizetype(recorded.payload.size()));
    } else if (const auto data = envelopeData(state.envelopeParser, recorded, state.envelopeCopy)) {
        message.data = QByteArray(data->data(), qsizetype(data->size()));
    } else {
        ++m_rejected;
        qCWarning(lcReplay, "skipping a combined-stream message without a data object: %s",
                  printableExcerpt(recorded.payload, MaxLoggedExcerpt).c_str());
        return;
    }

    m_messages.push_back(std::move(message));
    state.markets.push_back(market);
    state.names.push_back(std::move(name));
}

void ReplayRecording::resolveSymbols(const LoadState &state)
{
    const std::vector<std::optional<Market>> &markets = state.markets;
    const std::vector<std::string> &names = state.names;

    // Depth streams define the books, so they are placed first; everything else joins them.
    for (size_t i = 0; i < m_messages.size(); ++i) {
        if (m_messages[i].kind != StreamKind::Depth)
            continue;
        m_messages[i].symbol = symbolFor(markets[i], names[i]);
        m_symbols[size_t(m_messages[i].symbol)].hasDepth = true;
    }

    const int depthSymbols = int(m_symbols.size());

    for (size_t i = 0; i < m_messages.size(); ++i) {
        Message &message = m_messages[i];
        if (message.kind == StreamKind::Depth)
            continue;
        if (message.kind == StreamKind::Snapshot && names[i].empty()) {
            // A snapshot body does not name its symbol and hftbacktest records no URL, but such
            // a recording holds a single symbol.
            if (depthSymbols == 1) {
                message.symbol = 0;
            } else {
                qCWarning(lcReplay, "ignoring a depth snapshot that names no symbol, among %d",
                          depthSymbols);
            }
            continue;
        }
        message.symbol = symbolFor(markets[i], names[i]);
    }
}

int ReplayRecording::symbolFor(std::optional<Market> market, const std::string &name)
{
    if (!market) {
        // No URL and no telling field: the market of the same-named depth stream, spot if both
        // have one (a spot and a USD-M hftbacktest file of one symbol cannot be told apart).
        const auto spot = m_symbolIndex.find(Key(Market::Spot, name));
        const auto usdm = m_symbolIndex.find(Key(Market::UsdM, name));
        market = usdm != m_symbolIndex.end() && spot == m_symbolIndex.end() ? Market::UsdM
                                                                            : Market::Spot;
        if (usdm != m_symbolIndex.end() && spot != m_symbolIndex.end() && !m_warnedAmbiguous) {
            m_warnedAmbiguous = true;
            qCWarning(lcReplay,
                      "%s: trades without a URL are served as spot; both markets "
                      "have that symbol",
                      name.c_str());
        }
    }

    const auto [it, inserted] =
            m_symbolIndex.try_emplace(Key(*market, name), int(m_symbols.size()));
    if (inserted) {
        Symbol symbol;
        symbol.market = *market;
        symbol.name = name;
        m_symbols.push_back(std::move(symbol));
    }
    return it->second;
}

size_t ReplayRecording::findStart()
{
    resetReferences();
    std::vector<qsizetype> syncedAt(m_symbols.size(), -1);
    qsizetype remaining = std::count_if(m_symbols.begin(), m_symbols.end(),
                                        [](const Symbol &symbol) { return symbol.hasDepth; });
    size_t index = 0;
    for (; index < m_messages.size() && remaining > 0; ++index) {
        const qint32 symbol = m_messages[index].symbol;
        if (!applyToReference(index) || syncedAt[size_t(symbol)] >= 0)
            continue;
        if (m_symbols[size_t(symbol)].reference->isSynced()) {
            syncedAt[size_t(symbol)] = qsizetype(index);
            --remaining;
        }
    }
    if (remaining == 0)
        return index;

    // A symbol that never syncs must not hold back the others: start after the last symbol
    // that did, rebuilding the references up to there.
    qsizetype last = -1;
    for (size_t i = 0; i < m_symbols.size(); ++i) {
        if (m_symbols[i].hasDepth && syncedAt[i] < 0) {
            qCWarning(lcReplay,
                      "%s %s never syncs: no recorded snapshot joins its depth stream; "
                      "REST depth for it answers 503",
                      qPrintable(marketName(m_symbols[i].market)), m_symbols[i].name.c_str());
        }
        last = std::max(last, syncedAt[i]);
    }
    resetReferences();
    for (qsizetype i = 0; i <= last; ++i)
        applyToReference(size_t(i));
    return size_t(last + 1);
}

void ReplayRecording::resetReferences()
{
    for (Symbol &symbol : m_symbols) {
        symbol.reference = std::make_unique<BookSync>(symbol.market, symbol.name);
        symbol.lastTransactionTime = 0;
    }
}

bool ReplayRecording::applyToReference(size_t index)
{
    const Message &message = m_messages[index];
    if (message.symbol < 0 ||
        (message.kind != StreamKind::Depth && message.kind != StreamKind::Snapshot)) {
        return false;
    }
    if (!m_parser.parse(std::string_view(message.data.constData(), size_t(message.data.size())),
                        m_parsed)) {
        qCWarning(lcReplay, "cannot re-read a recorded message: %s",
                  m_parser.errorString().c_str());
        return false;
    }

    // The recording's own snapshots stand in for the requests a client would make; a reference
    // that lost its sync waits for the next one in the recording.
    Symbol &symbol = m_symbols[size_t(message.symbol)];
    if (message.kind == StreamKind::Snapshot) {
        symbol.reference->applySnapshot(m_parsed.snapshot);
        return true;
    }
    symbol.reference->applyDepth(m_parsed.depth);
    symbol.lastTransactionTime = m_parsed.depth.transactionTime;
    return true;
}

QStringList ReplayRecording::skipDepthEvents(const QList<quint32> &indexes)
{
    const std::set<quint32> wanted(indexes.begin(), indexes.end());
    for (Message &message : m_messages) {
        if (message.depthIndex > 0 && wanted.count(message.depthIndex) > 0)
            message.skipped = true;
    }

    QStringList warnings;
    for (const Symbol &symbol : m_symbols) {
        if (!symbol.hasDepth || wanted.empty() || *wanted.rbegin() <= symbol.depthEventsInPlayback)
            continue;
        warnings.append(
                QStringLiteral("--skip-depth %1 is beyond the %2 depth events of %3 %4")
                        .arg(*wanted.rbegin())
                        .arg(symbol.depthEventsInPlayback)
                        .arg(marketName(symbol.market), QString::fromStdString(symbol.name)));
    }
    return warnings;
}

int ReplayRecording::findSymbol(QStringView name, Market preferred) const
{
    const std::string upper = name.toString().toUpper().toStdString();
    const Market other = preferred == Market::Spot ? Market::UsdM : Market::Spot;
    for (Market market : {preferred, other}) {
        const auto it = m_symbolIndex.find(Key(market, upper));
        if (it != m_symbolIndex.end())
            return it->second;
    }
    return -1;
}

void ReplayRecording::play(size_t index)
{
    const Message &message = m_messages[index];
    if (!applyToReference(index) || message.kind != StreamKind::Depth)
        return;
    ++m_symbols[size_t(message.symbol)].depthEventsPlayed;
}

bool ReplayRecording::fail(const QString &reason)
{
    m_error = reason;
    return false;
}

} // namespace md
