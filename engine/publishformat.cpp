#include "publishformat.h"

#include "symboltracker.h"

#include <charconv>

namespace md::publishformat {

namespace {

// Sums of two prices need more than 64 bits at the edge of Decimal's range.
__extension__ using Wide = __int128;

void appendInteger(std::string &out, qint64 value)
{
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

// Prints units / 10^scale exactly, trimming trailing zeros of the fraction.
std::string fixedPoint(Wide units, int scale)
{
    std::string text;
    if (units < 0) {
        text += '-';
        units = -units;
    }
    Wide divisor = 1;
    for (int i = 0; i < scale; ++i)
        divisor *= 10;

    appendInteger(text, qint64(units / divisor));
    Wide fraction = units % divisor;
    if (fraction == 0)
        return text;
    std::string digits(size_t(scale), '0');
    for (int i = scale - 1; i >= 0; --i) {
        digits[size_t(i)] = char('0' + int(fraction % 10));
        fraction /= 10;
    }
    while (!digits.empty() && digits.back() == '0')
        digits.pop_back();
    return text + '.' + digits;
}

void appendField(std::string &out, const char *name)
{
    // The first field of an object follows its brace and takes no comma.
    out += out.back() == '{' ? "\"" : ",\"";
    out += name;
    out += "\":";
}

void appendString(std::string &out, const char *name, const std::string &value)
{
    appendField(out, name);
    out += '"';
    out += value; // symbols and market names: [A-Z0-9a-z] only, nothing to escape
    out += '"';
}

void appendDecimal(std::string &out, const char *name, Decimal value)
{
    appendField(out, name);
    value.appendTo(out);
}

void appendNumber(std::string &out, const char *name, qint64 value)
{
    appendField(out, name);
    appendInteger(out, value);
}

void appendNull(std::string &out, const char *name)
{
    appendField(out, name);
    out += "null";
}

void appendHeader(std::string &out, const SymbolTracker &tracker)
{
    appendString(out, "symbol", tracker.sync().symbol());
    appendString(out, "market", marketName(tracker.sync().market()).toStdString());
}

void appendLevels(std::string &out, const char *name, const OrderBook &book, Side side,
                  size_t depth)
{
    appendField(out, name);
    out += '[';
    bool first = true;
    book.forEachLevel(side, depth, [&](const PriceLevel &level) {
        out += first ? "[" : ",[";
        first = false;
        level.price.appendTo(out);
        out += ',';
        level.quantity.appendTo(out);
        out += ']';
    });
    out += ']';
}

} // namespace

QByteArray key(const QByteArray &prefix, Market market, Channel channel, const QByteArray &symbol)
{
    QByteArray out = prefix;
    if (market != Market::Spot)
        out += marketName(market).toLatin1() + ':';
    switch (channel) {
    case Channel::MarketData:
        out += "market_data:";
        break;
    case Channel::OrderBook:
        out += "orderbook:";
        break;
    case Channel::Trades:
        out += "trades:";
        break;
    }
    return out + symbol;
}

std::string midPrice(Decimal a, Decimal b)
{
    // (a + b) / 2 in units of 1e-9: (a + b) * 5 in units of 1e-8 scaled by ten.
    return fixedPoint((Wide(a.units) + b.units) * 5, Decimal::MaxDecimals + 1);
}

std::string difference(Decimal from, Decimal to)
{
    return fixedPoint(Wide(to.units) - from.units, Decimal::MaxDecimals);
}

std::string marketData(const SymbolTracker &tracker, qint64 publishTimeMs)
{
    const BookSync &sync = tracker.sync();
    const OrderBook &book = sync.book();
    const bool synced = sync.isSynced();
    std::string out = "{";
    appendHeader(out, tracker);

    if (tracker.hasTrade()) {
        appendDecimal(out, "last_price", tracker.lastTrade().price);
        appendDecimal(out, "last_qty", tracker.lastTrade().quantity);
        appendNumber(out, "last_trade_time", tracker.lastTrade().tradeTime);
    } else {
        appendNull(out, "last_price");
        appendNull(out, "last_qty");
        appendNull(out, "last_trade_time");
    }

    // Prices of a book that is not synced are not the exchange's: publish none.
    const bool hasTop = synced && book.hasBestBid() && book.hasBestAsk();
    if (hasTop) {
        const PriceLevel bid = book.bestBid();
        const PriceLevel ask = book.bestAsk();
        appendDecimal(out, "best_bid", bid.price);
        appendDecimal(out, "best_bid_qty", bid.quantity);
        appendDecimal(out, "best_ask", ask.price);
        appendDecimal(out, "best_ask_qty", ask.quantity);
        appendField(out, "mid");
        out += midPrice(bid.price, ask.price);
        appendField(out, "spread");
        out += difference(bid.price, ask.price);
    } else {
        for (const char *name :
             {"best_bid", "best_bid_qty", "best_ask", "best_ask_qty", "mid", "spread"}) {
            appendNull(out, name);
        }
    }

    appendNumber(out, "update_id", sync.lastUpdateId());
    appendNumber(out, "event_time", sync.lastEventTime());
    appendNumber(out, "publish_time", publishTimeMs);
    appendField(out, "synced");
    out += synced ? "true" : "false";
    appendString(out, "state", syncStateName(sync.state()).toStdString());
    out += '}';
    return out;
}

std::string orderBook(const SymbolTracker &tracker, size_t depth, qint64 publishTimeMs)
{
    const BookSync &sync = tracker.sync();
    const bool synced = sync.isSynced();
    std::string out = "{";
    appendHeader(out, tracker);
    appendNumber(out, "update_id", sync.lastUpdateId());
    appendNumber(out, "event_time", sync.lastEventTime());
    appendNumber(out, "publish_time", publishTimeMs);
    appendField(out, "synced");
    out += synced ? "true" : "false";
    appendLevels(out, "bids", sync.book(), Side::Bid, synced ? depth : 0);
    appendLevels(out, "asks", sync.book(), Side::Ask, synced ? depth : 0);
    out += '}';
    return out;
}

std::string trades(const SymbolTracker &tracker, std::span<const Trade> batch, quint64 missed,
                   qint64 publishTimeMs)
{
    std::string out = "{";
    appendHeader(out, tracker);
    appendNumber(out, "publish_time", publishTimeMs);
    appendNumber(out, "missed", qint64(missed));
    appendField(out, "trades");
    out += '[';
    for (size_t i = 0; i < batch.size(); ++i) {
        const Trade &trade = batch[i];
        out += i == 0 ? "{" : ",{";
        appendNumber(out, "id", trade.tradeId);
        appendDecimal(out, "price", trade.price);
        appendDecimal(out, "qty", trade.quantity);
        appendNumber(out, "time", trade.tradeTime);
        appendField(out, "buyer_is_maker");
        out += trade.buyerIsMaker ? "true" : "false";
        out += '}';
    }
    out += "]}";
    return out;
}

} // namespace md::publishformat
