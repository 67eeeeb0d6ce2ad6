#include "messageparser.h"

#include <QTest>

using namespace md;

Q_DECLARE_METATYPE(md::MessageType)

namespace {

std::string text(const Decimal &decimal)
{
    return decimal.toString();
}

} // namespace

class tst_MessageParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void classifies_data();
    void classifies();
    void depthUpdate();
    void usdmDepthUpdate();
    void snapshot();
    void trades();
    void bookTickers();
    void rejects_data();
    void rejects();
    void tooManyLevels();
    void unpaddedAndPaddedInputAgree();
};

void tst_MessageParser::classifies_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<MessageType>("type");

    QTest::newRow("combined depth")
            << QByteArray(R"({"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1,)"
                          R"("s":"BTCUSDT","U":1,"u":2,"b":[],"a":[]}})")
            << MessageType::DepthUpdate;
    QTest::newRow("bare depth")
            << QByteArray(R"({"e":"depthUpdate","E":1,"s":"BTCUSDT","U":1,"u":2,"b":[],"a":[]})")
            << MessageType::DepthUpdate;
    QTest::newRow("bare depth, spaces and a line end after it")
            << QByteArray("{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\",\"U\":1,\"u\":2,"
                          "\"b\":[],\"a\":[]}  \r\n")
            << MessageType::DepthUpdate;
    QTest::newRow("kline is ignored")
            << QByteArray(R"({"stream":"btcusdt@kline_1m","data":{"e":"kline","E":1,)"
                          R"("s":"BTCUSDT","k":{"t":1,"o":"1.0","x":false}}})")
            << MessageType::Ignored;
    QTest::newRow("subscribe reply")
            << QByteArray(R"({"result":null,"id":1})") << MessageType::ControlReply;
    QTest::newRow("error reply") << QByteArray(R"({"code":2,"msg":"Invalid request"})")
                                 << MessageType::ControlReply;
    QTest::newRow("server shutdown") << QByteArray(R"({"e":"serverShutdown","E":1700000000000})")
                                     << MessageType::ServerShutdown;
    QTest::newRow("combined server shutdown")
            << QByteArray(R"({"stream":"!serverShutdown","data":{"e":"serverShutdown","E":1}})")
            << MessageType::ServerShutdown;
    QTest::newRow("spot snapshot")
            << QByteArray(R"({"lastUpdateId":5,"bids":[["1.0","2.0"]],"asks":[]})")
            << MessageType::DepthSnapshot;
}

void tst_MessageParser::classifies()
{
    QFETCH(QByteArray, json);
    QFETCH(MessageType, type);

    MessageParser parser;
    ParsedMessage message;
    QVERIFY2(parser.parse(json.toStdString(), message), parser.errorString().c_str());
    QCOMPARE(message.type, type);
}

void tst_MessageParser::depthUpdate()
{
    // A real spot message from the 2024 hftbacktest recording.
    const std::string json = R"({"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate",)"
                             R"("E":1723161255208,"s":"BTCUSDT","U":50093239189,"u":50093239202,)"
                             R"("b":[["61737.63000000","0.00000000"],["56854.58000000",)"
                             R"("0.00000000"]],"a":[["61837.64000000","1.54698000"]]}})";
    MessageParser parser;
    ParsedMessage message;
    QVERIFY2(parser.parse(json, message), parser.errorString().c_str());

    QCOMPARE(message.type, MessageType::DepthUpdate);
    QCOMPARE(message.stream, std::string("btcusdt@depth@100ms"));
    const DepthUpdate &depth = message.depth;
    QCOMPARE(depth.symbol, std::string("BTCUSDT"));
    QCOMPARE(depth.eventTime, qint64(1723161255208));
    QCOMPARE(depth.firstUpdateId, qint64(50093239189));
    QCOMPARE(depth.finalUpdateId, qint64(50093239202));
    QVERIFY(!depth.hasPreviousFinalUpdateId());
    QCOMPARE(depth.bids.size(), size_t(2));
    QCOMPARE(text(depth.bids[0].price), std::string("61737.63000000"));
    QVERIFY(depth.bids[0].quantity.isZero());
    QCOMPARE(depth.asks.size(), size_t(1));
    QCOMPARE(text(depth.asks[0].quantity), std::string("1.54698000"));
}

void tst_MessageParser::usdmDepthUpdate()
{
    const std::string json = R"({"stream":"batusdt@depth@100ms","data":{"e":"depthUpdate",)"
                             R"("E":1617647797599,"T":1617647797571,"s":"BATUSDT",)"
                             R"("U":303212647354,"u":303212648743,"pu":303212646994,)"
                             R"("b":[["1.2187","425.9"],["1.2219","0.0"]],"a":[]}})";
    MessageParser parser;
    ParsedMessage message;
    QVERIFY2(parser.parse(json, message), parser.errorString().c_str());

    QCOMPARE(message.depth.previousFinalUpdateId, qint64(303212646994));
    QCOMPARE(message.depth.transactionTime, qint64(1617647797571));
    QCOMPARE(text(message.depth.bids[0].price), std::string("1.2187"));
    QCOMPARE(text(message.depth.bids[0].quantity), std::string("425.9"));
    QVERIFY(message.depth.bids[1].quantity.isZero());
    QVERIFY(message.depth.asks.empty());
}

void tst_MessageParser::snapshot()
{
    const std::string json = R"({"lastUpdateId":5123107852948,"E":1723161256000,"T":1723161255990,)"
                             R"("bids":[["61747.80","3.713"],["61747.70","0.002"]],)"
                             R"("asks":[["61747.90","5.145"]]})";
    MessageParser parser;
    ParsedMessage message;
    QVERIFY2(parser.parse(json, message), parser.errorString().c_str());

    QCOMPARE(message.type, MessageType::DepthSnapshot);
    QCOMPARE(message.snapshot.lastUpdateId, qint64(5123107852948));
    QCOMPARE(message.snapshot.eventTime, qint64(1723161256000));
    QCOMPARE(message.snapshot.bids.size(), size_t(2));
    QCOMPARE(text(message.snapshot.bids[1].price), std::string("61747.70"));
    QCOMPARE(text(message.snapshot.asks[0].quantity), std::string("5.145"));
}

void tst_MessageParser::trades()
{
    MessageParser parser;
    ParsedMessage message;

    const std::string trade = R"({"stream":"btcusdt@trade","data":{"e":"trade","E":1723161255300,)"
                              R"("s":"BTCUSDT","t":3735683259,"p":"61837.64000000",)"
                              R"("q":"0.00100000","T":1723161255299,"m":false,"M":true}})";
    QVERIFY2(parser.parse(trade, message), parser.errorString().c_str());
    QCOMPARE(message.type, MessageType::Trade);
    QCOMPARE(message.trade.tradeId, qint64(3735683259));
    QCOMPARE(text(message.trade.price), std::string("61837.64000000"));
    QCOMPARE(message.trade.tradeTime, qint64(1723161255299));
    QVERIFY(!message.trade.aggregated);
    QVERIFY(!message.trade.buyerIsMaker);

    const std::string aggTrade =
            R"({"e":"aggTrade","E":1617566591307,"s":"DOTUSDT",)"
            R"("a":65393520,"p":"42.01600000","q":"3.12000000",)"
            R"("f":73012283,"l":73012283,"T":1617566591306,"m":true,"M":true})";
    QVERIFY2(parser.parse(aggTrade, message), parser.errorString().c_str());
    QCOMPARE(message.type, MessageType::Trade);
    QVERIFY(message.trade.aggregated);
    QCOMPARE(message.trade.tradeId, qint64(65393520));
    QCOMPARE(message.trade.symbol, std::string("DOTUSDT"));
    QVERIFY(message.trade.buyerIsMaker);
}

void tst_MessageParser::bookTickers()
{
    MessageParser parser;
    ParsedMessage message;

    // Spot bookTicker has no event type: it is recognised by its fields.
    const std::string spot = R"({"stream":"btcusdt@bookTicker","data":{"u":50093239212,)"
                             R"("s":"BTCUSDT","b":"61837.63000000","B":"3.78826000",)"
                             R"("a":"61837.64000000","A":"1.54698000"}})";
    QVERIFY2(parser.parse(spot, message), parser.errorString().c_str());
    QCOMPARE(message.type, MessageType::BookTicker);
    QCOMPARE(message.ticker.updateId, qint64(50093239212));
    QCOMPARE(text(message.ticker.bestBid.price), std::string("61837.63000000"));
    QCOMPARE(text(message.ticker.bestBid.quantity), std::string("3.78826000"));
    QCOMPARE(text(message.ticker.bestAsk.price), std::string("61837.64000000"));

    const std::string usdm = R"({"e":"bookTicker","u":5123107853551,"s":"BTCUSDT",)"
                             R"("b":"61747.80","B":"3.713","a":"61747.90","A":"5.145",)"
                             R"("T":1723161256000,"E":1723161256001})";
    QVERIFY2(parser.parse(usdm, message), parser.errorString().c_str());
    QCOMPARE(message.type, MessageType::BookTicker);
    QCOMPARE(message.ticker.eventTime, qint64(1723161256001));
    QCOMPARE(text(message.ticker.bestAsk.quantity), std::string("5.145"));
}

void tst_MessageParser::rejects_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("reason");

    const QByteArray depthHead = R"({"e":"depthUpdate","E":1,"s":"BTCUSDT",)";
    QTest::newRow("empty") << QByteArray() << QByteArray("malformed JSON");
    QTest::newRow("not JSON") << QByteArray("hello") << QByteArray("malformed JSON");
    QTest::newRow("truncated") << QByteArray(R"({"e":"depthUpdate","E":1,"s":"BTC)")
                               << QByteArray("malformed JSON");
    QTest::newRow("array at top") << QByteArray("[1,2,3]") << QByteArray("malformed JSON");
    QTest::newRow("bare number") << QByteArray("42") << QByteArray("malformed JSON");
    QTest::newRow("invalid UTF-8")
            << QByteArray("{\"e\":\"\xff\xfe\"}") << QByteArray("malformed JSON");
    QTest::newRow("unknown shape")
            << QByteArray(R"({"hello":"world"})") << QByteArray("unknown shape");
    QTest::newRow("depth without U")
            << depthHead + R"("u":2,"b":[],"a":[]})" << QByteArray("missing required fields");
    QTest::newRow("U greater than u")
            << depthHead + R"("U":3,"u":2,"b":[],"a":[]})" << QByteArray("U is greater than");
    QTest::newRow("id as string") << depthHead + R"("U":"1","u":2,"b":[],"a":[]})"
                                  << QByteArray("not a 64-bit integer");
    QTest::newRow("id too large") << depthHead + R"("U":1,"u":99999999999999999999,"b":[],"a":[]})"
                                  << QByteArray("not a 64-bit integer");
    QTest::newRow("id beyond 2^62") << depthHead + R"("U":1,"u":4611686018427387905,"b":[],"a":[]})"
                                    << QByteArray("out of range");
    QTest::newRow("negative id") << depthHead + R"("U":-1,"u":2,"b":[],"a":[]})"
                                 << QByteArray("negative");
    QTest::newRow("fractional id")
            << depthHead + R"("U":1.5,"u":2,"b":[],"a":[]})" << QByteArray("not a 64-bit integer");
    QTest::newRow("price as number") << depthHead + R"("U":1,"u":2,"b":[[1.5,"2"]],"a":[]})"
                                     << QByteArray("decimal is not a string");
    QTest::newRow("price not a number") << depthHead + R"("U":1,"u":2,"b":[["x","2"]],"a":[]})"
                                        << QByteArray("not a decimal number");
    QTest::newRow("negative quantity") << depthHead + R"("U":1,"u":2,"b":[["1","-2"]],"a":[]})"
                                       << QByteArray("negative number");
    QTest::newRow("nine decimals") << depthHead + R"("U":1,"u":2,"b":[["1.000000001","2"]],"a":[]})"
                                   << QByteArray("more than 8 decimal places");
    QTest::newRow("huge price") << depthHead + R"("U":1,"u":2,"b":[["1e400","2"]],"a":[]})"
                                << QByteArray("not a decimal number");
    QTest::newRow("price overflow")
            << depthHead + R"("U":1,"u":2,"b":[["99999999999999999999","2"]],"a":[]})"
            << QByteArray("number too large");
    QTest::newRow("level of three")
            << depthHead + R"("U":1,"u":2,"b":[["1","2","3"]],"a":[]})" << QByteArray("pair");
    QTest::newRow("level of one") << depthHead + R"("U":1,"u":2,"b":[["1"]],"a":[]})"
                                  << QByteArray("pair");
    QTest::newRow("level not array") << depthHead + R"("U":1,"u":2,"b":["1"],"a":[]})"
                                     << QByteArray("not a [price, quantity] array");
    QTest::newRow("escaped price") << depthHead + R"("U":1,"u":2,"b":[["1\u0030","2"]],"a":[]})"
                                   << QByteArray("not a decimal number");
    QTest::newRow("ticker missing ask") << QByteArray(R"({"u":1,"s":"X","b":"1","B":"1"})")
                                        << QByteArray("missing required fields");
    QTest::newRow("snapshot without asks") << QByteArray(R"({"lastUpdateId":1,"bids":[]})")
                                           << QByteArray("missing required fields");
    QTest::newRow("data not an object")
            << QByteArray(R"({"stream":"x","data":[1]})") << QByteArray("not an object");
    QTest::newRow("second message after the first") << depthHead + R"("U":1,"u":2,"b":[],"a":[]}{})"
                                                    << QByteArray("more after the message");
    QTest::newRow("second ticker after the first")
            << QByteArray(R"({"u":1,"s":"X","b":"1","B":"1","a":"2","A":"1"} {"u":2})")
            << QByteArray("more after the message");
    QTest::newRow("deep nesting") << QByteArray(R"({"stream":"x","data":)") + QByteArray(2000, '[')
                                  << QByteArray("malformed JSON");
}

void tst_MessageParser::rejects()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, reason);

    MessageParser parser;
    ParsedMessage message;
    QVERIFY(!parser.parse(json.toStdString(), message));
    QVERIFY2(QByteArray::fromStdString(parser.errorString()).contains(reason),
             parser.errorString().c_str());

    // The parser stays usable after any rejection.
    QVERIFY(parser.parse(R"({"result":null,"id":7})", message));
}

void tst_MessageParser::tooManyLevels()
{
    std::string json = R"({"lastUpdateId":1,"asks":[],"bids":[)";
    for (int i = 0; i < 10'001; ++i)
        json += std::string(i ? "," : "") + R"(["1.0","1.0"])";
    json += "]}";

    MessageParser parser;
    ParsedMessage message;
    QVERIFY(!parser.parse(json, message));
    QVERIFY(parser.errorString().find("too many levels") != std::string::npos);
}

void tst_MessageParser::unpaddedAndPaddedInputAgree()
{
    const std::string json = R"({"u":7,"s":"X","b":"1.5","B":"2","a":"1.6","A":"3"})";
    std::string padded = json + std::string(128, ' ');

    MessageParser parser;
    ParsedMessage copied, inPlace;
    QVERIFY(parser.parse(json, copied));
    QVERIFY(parser.parse(padded.data(), json.size(), padded.size(), inPlace));
    QCOMPARE(copied.ticker.bestAsk, inPlace.ticker.bestAsk);
    QCOMPARE(copied.ticker.updateId, inPlace.ticker.updateId);
}

QTEST_GUILESS_MAIN(tst_MessageParser)
#include "tst_messageparser.moc"
