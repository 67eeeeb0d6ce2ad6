// The simdjson code of MessageParser. This file is compiled twice: once for CPUs with AVX2
// (simdjson's "haswell" kernels) and once for any x86-64, because simdjson's on-demand API uses
// the kernels the translation unit is compiled for. MD_PARSER_BACKEND names the copy.
#include "parserbackend.h"

#include <simdjson.h>

namespace md {

namespace {

namespace od = simdjson::ondemand;

// Which of the fields that matter appeared in the message. A message is classified after its
// fields are read, because spot bookTicker has no `e` field and `a`/`b` mean different things
// in different events.
enum Field : quint32 {
    HasEventTime = 1u << 0,
    HasTime = 1u << 1,
    HasFirstId = 1u << 2,
    HasFinalId = 1u << 3,
    HasSymbol = 1u << 4,
    HasBidLevels = 1u << 5,
    HasAskLevels = 1u << 6,
    HasBidPrice = 1u << 7,
    HasAskPrice = 1u << 8,
    HasBidQuantity = 1u << 9,
    HasAskQuantity = 1u << 10,
    HasPrice = 1u << 11,
    HasQuantity = 1u << 12,
    HasTradeId = 1u << 13,
    HasAggregateId = 1u << 14,
    HasLastUpdateId = 1u << 15,
    HasSnapshotBids = 1u << 16,
    HasSnapshotAsks = 1u << 17,
    HasData = 1u << 18,
    HasResult = 1u << 19,
    HasCode = 1u << 20,
};

struct Fields
{
    quint32 seen = 0;
    std::string_view eventName;
    qint64 eventTime = 0;
    qint64 time = 0;
    qint64 firstId = 0;
    qint64 finalId = 0;
    qint64 previousFinalId = -1;
    qint64 tradeId = 0;
    qint64 aggregateId = 0;
    qint64 lastUpdateId = 0;
    bool buyerIsMaker = false;
    Decimal bidPrice, bidQuantity, askPrice, askQuantity, price, quantity;

    bool has(quint32 mask) const { return (seen & mask) == mask; }
};

class Backend final : public ParserBackend
{
public:
    od::parser parser;
    std::string padded; // a copy of messages that arrive without simdjson's padding
    std::string &error;
    ParsedMessage *out = nullptr;
    Fields fields;

    explicit Backend(std::string &errorString)
        : error(errorString)
    {
    }

    bool fail(std::string_view what, std::string_view key = {})
    {
        error.assign(what);
        if (!key.empty()) {
            error += " in field \"";
            error += key;
            error += '"';
        }
        return false;
    }

    bool readId(od::value value, std::string_view key, qint64 &id)
    {
        int64_t number = 0;
        if (value.get_int64().get(number))
            return fail("not a 64-bit integer", key);
        id = number;
        // Binance's ids are near 5e12; far larger ones are hostile and would overflow id + 1.
        if (id > MaxId)
            return fail("id or time out of range", key);
        if (id < 0)
            return fail("negative id or time", key);
        return true;
    }

    // Binance sends decimals as strings of plain digits, so the raw bytes up to the closing quote
    // (which simdjson has checked is there) are the number; an escape sequence inside would make
    // it "not a number", which is right.
    bool readDecimal(od::value value, std::string_view key, Decimal &decimal)
    {
        od::raw_json_string raw;
        if (value.get_raw_json_string().get(raw))
            return fail("decimal is not a string", key);
        const DecimalError result = parseQuotedDecimal(raw.raw(), decimal);
        if (result != DecimalError::None)
            return fail(decimalErrorString(result), key);
        return true;
    }

    bool readLevels(od::value value, std::string_view key, std::vector<PriceLevel> &levels)
    {
        levels.clear();
        od::array array;
        if (value.get_array().get(array))
            return fail("levels are not an array", key);

        for (auto entry : array) {
            od::array pair;
            if (entry.get_array().get(pair))
                return fail("level is not a [price, quantity] array", key);
            if (levels.size() == MaxLevelsPerSide)
                return fail("too many levels", key);

            PriceLevel level;
            int index = 0;
            for (auto element : pair) {
                od::value item;
                if (element.get(item))
                    return fail("malformed level", key);
                if (index == 0 && !readDecimal(item, key, level.price))
                    return false;
                if (index == 1 && !readDecimal(item, key, level.quantity))
                    return false;
                ++index;
            }
            if (index != 2)
                return fail("level is not a [price, quantity] pair", key);
            levels.push_back(level);
        }
        return true;
    }

    bool readString(od::value value, std::string_view key, std::string_view &text)
    {
        if (value.get_string().get(text))
            return fail("not a string", key);
        return true;
    }

    // `b` and `a` are level arrays in depth events, prices in bookTicker and ids in aggTrade
    // (`a`) or old trades; the value's own type says which.
    bool readSideField(od::value value, std::string_view key, bool bid)
    {
        od::json_type type;
        if (value.type().get(type))
            return fail("malformed value", key);
        if (type == od::json_type::array) {
            fields.seen |= bid ? HasBidLevels : HasAskLevels;
            return readLevels(value, key, bid ? out->depth.bids : out->depth.asks);
        }
        if (type == od::json_type::string) {
            fields.seen |= bid ? HasBidPrice : HasAskPrice;
            return readDecimal(value, key, bid ? fields.bidPrice : fields.askPrice);
        }
        if (type == od::json_type::number && !bid) {
            fields.seen |= HasAggregateId;
            return readId(value, key, fields.aggregateId);
        }
        return true;
    }

    bool readField(std::string_view key, od::value value, bool topLevel)
    {
        if (key.size() == 1) {
            switch (key[0]) {
            case 'e':
                return readString(value, key, fields.eventName);
            case 'E':
                fields.seen |= HasEventTime;
                return readId(value, key, fields.eventTime);
            case 'T':
                fields.seen |= HasTime;
                return readId(value, key, fields.time);
            case 's': {
                std::string_view symbol;
                if (!readString(value, key, symbol))
                    return false;
                fields.seen |= HasSymbol;
                out->depth.symbol.assign(symbol);
                return true;
            }
            case 'U':
                fields.seen |= HasFirstId;
                return readId(value, key, fields.firstId);
            case 'u':
                fields.seen |= HasFinalId;
                return readId(value, key, fields.finalId);
            case 'b':
                return readSideField(value, key, true);
            case 'a':
                return readSideField(value, key, false);
            case 'B':
                fields.seen |= HasBidQuantity;
                return readDecimal(value, key, fields.bidQuantity);
            case 'A':
                fields.seen |= HasAskQuantity;
                return readDecimal(value, key, fields.askQuantity);
            case 'p':
                fields.seen |= HasPrice;
                return readDecimal(value, key, fields.price);
            case 'q':
                fields.seen |= HasQuantity;
                return readDecimal(value, key, fields.quantity);
            case 't':
                fields.seen |= HasTradeId;
                return readId(value, key, fields.tradeId);
            case 'm':
                if (value.get_bool().get(fields.buyerIsMaker))
                    return fail("not a boolean", key);
                return true;
            default:
                return true;
            }
        }
        if (key == "pu")
            return readId(value, key, fields.previousFinalId);
        if (key == "lastUpdateId") {
            fields.seen |= HasLastUpdateId;
            return readId(value, key, fields.lastUpdateId);
        }
        if (key == "bids") {
            fields.seen |= HasSnapshotBids;
            return readLevels(value, key, out->snapshot.bids);
        }
        if (key == "asks") {
            fields.seen |= HasSnapshotAsks;
            return readLevels(value, key, out->snapshot.asks);
        }
        if (topLevel && key == "stream") {
            std::string_view stream;
            if (!readString(value, key, stream))
                return false;
            out->stream.assign(stream);
            return true;
        }
        if (topLevel && key == "data") {
            od::object data;
            if (value.get_object().get(data))
                return fail("not an object", key);
            fields.seen |= HasData;
            return readObject(data, false);
        }
        if (topLevel && key == "result")
            fields.seen |= HasResult;
        if (topLevel && key == "code")
            fields.seen |= HasCode;
        return true;
    }

    // Reads every field of an object; at the top level this also covers the combined-stream
    // envelope, whose `data` object is read with the same rules.
    bool readObject(od::object object, bool topLevel)
    {
        for (auto field : object) {
            // Binance's keys are short and plain: read them in place up to their closing quote
            // instead of unescaping a copy. A key with an escape in it matches nothing we use.
            od::field item;
            if (std::move(field).get(item))
                return fail("malformed key");
            const char *keyStart = item.key().raw();
            const char *keyEnd = keyStart;
            while (*keyEnd != '"')
                ++keyEnd;
            const std::string_view key(keyStart, size_t(keyEnd - keyStart));
            od::value value = item.value();
            if (!readField(key, value, topLevel))
                return false;
        }
        return true;
    }

    bool classify()
    {
        const std::string_view event = fields.eventName;
        out->eventName.assign(event);

        if (event == "depthUpdate")
            return finishDepth();
        if (event == "trade" || event == "aggTrade")
            return finishTrade(event == "aggTrade");
        if (event == "bookTicker")
            return finishTicker();
        if (event == "serverShutdown") {
            out->type = MessageType::ServerShutdown;
            return true;
        }
        if (!event.empty()) {
            out->type = MessageType::Ignored;
            return true;
        }

        // No `e` field: a REST snapshot, a spot bookTicker, or a reply to a control request.
        if (fields.has(HasLastUpdateId))
            return finishSnapshot();
        if (fields.has(HasFinalId | HasBidPrice))
            return finishTicker();
        if (fields.seen & (HasResult | HasCode)) {
            out->type = MessageType::ControlReply;
            return true;
        }
        return fail("message of unknown shape");
    }

    bool requireFields(quint32 mask, const char *what)
    {
        if (fields.has(mask))
            return true;
        error = std::string(what) + " is missing required fields";
        return false;
    }

    bool finishDepth()
    {
        if (!requireFields(HasSymbol | HasFirstId | HasFinalId | HasBidLevels | HasAskLevels,
                           "depthUpdate")) {
            return false;
        }
        if (fields.firstId > fields.finalId)
            return fail("first update id U is greater than final update id u");

        DepthUpdate &depth = out->depth;
        depth.eventTime = fields.eventTime;
        depth.transactionTime = fields.time;
        depth.firstUpdateId = fields.firstId;
        depth.finalUpdateId = fields.finalId;
        depth.previousFinalUpdateId = fields.previousFinalId;
        out->type = MessageType::DepthUpdate;
        return true;
    }

    bool finishSnapshot()
    {
        if (!requireFields(HasSnapshotBids | HasSnapshotAsks, "depth snapshot"))
            return false;
        out->snapshot.lastUpdateId = fields.lastUpdateId;
        out->snapshot.eventTime = fields.eventTime;
        out->type = MessageType::DepthSnapshot;
        return true;
    }

    bool finishTrade(bool aggregated)
    {
        const quint32 idField = aggregated ? HasAggregateId : HasTradeId;
        if (!requireFields(HasSymbol | HasPrice | HasQuantity | idField, "trade"))
            return false;

        Trade &trade = out->trade;
        trade.symbol.assign(out->depth.symbol);
        trade.eventTime = fields.eventTime;
        trade.tradeTime = fields.time;
        trade.tradeId = aggregated ? fields.aggregateId : fields.tradeId;
        trade.price = fields.price;
        trade.quantity = fields.quantity;
        trade.buyerIsMaker = fields.buyerIsMaker;
        trade.aggregated = aggregated;
        out->type = MessageType::Trade;
        return true;
    }

    bool finishTicker()
    {
        const quint32 required = HasSymbol | HasFinalId | HasBidPrice | HasBidQuantity |
                                 HasAskPrice | HasAskQuantity;
        if (!requireFields(required, "bookTicker"))
            return false;

        BookTicker &ticker = out->ticker;
        ticker.symbol.assign(out->depth.symbol);
        ticker.updateId = fields.finalId;
        ticker.eventTime = fields.eventTime;
        ticker.bestBid = PriceLevel{fields.bidPrice, fields.bidQuantity};
        ticker.bestAsk = PriceLevel{fields.askPrice, fields.askQuantity};
        out->type = MessageType::BookTicker;
        return true;
    }

    bool parse(const char *data, size_t length, size_t capacity, ParsedMessage &message) override
    {
        if (capacity < length + simdjson::SIMDJSON_PADDING) {
            padded.assign(data, length);
            padded.resize(length + simdjson::SIMDJSON_PADDING, ' ');
            data = padded.data();
            capacity = padded.size();
        }
        const simdjson::padded_string_view json(data, length, capacity);

        out = &message;
        fields = Fields();
        message.stream.clear();
        message.depth.symbol.clear();

        od::document document;
        if (auto result = parser.iterate(json).get(document))
            return fail(std::string("malformed JSON: ") + simdjson::error_message(result));
        od::object object;
        if (auto result = document.get_object().get(object))
            return fail(std::string("malformed JSON: ") + simdjson::error_message(result));
        if (!readObject(object, true))
            return false;
        // simdjson reads the first document only; a second one after it would go unseen.
        if (!document.current_location().error())
            return fail("malformed JSON: more after the message");
        return classify();
    }
};

} // namespace

std::unique_ptr<ParserBackend> MD_PARSER_BACKEND(std::string &error)
{
    return std::make_unique<Backend>(error);
}

} // namespace md
