#include "publishformat.h"
#include "symboltracker.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace md;

Q_DECLARE_METATYPE(md::Market)

namespace {

Decimal dec(const char *text)
{
    Decimal value;
    parseDecimal(text, value);
    return value;
}

QJsonObject parsed(const std::string &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString(json), &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("invalid JSON: %s in %s", qPrintable(error.errorString()), json.c_str());
    return document.object();
}

// A spot book synced at update id 11 with best bid 65432.10 x 0.5 and best ask 65432.15 x 2.
void syncBook(SymbolTracker &tracker)
{
    DepthSnapshot snapshot;
    snapshot.lastUpdateId = 10;
    snapshot.bids = {PriceLevel{dec("65432.10"), dec("0.50000000")},
                     PriceLevel{dec("65000.00"), dec("1.00000000")}};
    snapshot.asks = {PriceLevel{dec("65432.15"), dec("2.00000000")}};
    tracker.onSnapshot(snapshot);

    DepthUpdate event;
    event.symbol = "BTCUSDT";
    event.firstUpdateId = 11;
    event.finalUpdateId = 11;
    event.eventTime = 1700000000123;
    tracker.onDepth(event);
}

} // namespace

class tst_PublishFormat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keys_data();
    void keys();
    void midAndSpread_data();
    void midAndSpread();
    void marketDataOfSyncedBook();
    void unsyncedBookPublishesNoPrices();
    void orderBookLevels();
    void tradesBatch();
};

void tst_PublishFormat::keys_data()
{
    QTest::addColumn<QByteArray>("prefix");
    QTest::addColumn<Market>("market");
    QTest::addColumn<int>("channel");
    QTest::addColumn<QByteArray>("key");

    using publishformat::Channel;
    QTest::newRow("spot market data") << QByteArray() << Market::Spot << int(Channel::MarketData)
                                      << QByteArray("market_data:BTCUSDT");
    QTest::newRow("spot order book") << QByteArray() << Market::Spot << int(Channel::OrderBook)
                                     << QByteArray("orderbook:BTCUSDT");
    QTest::newRow("spot trades") << QByteArray() << Market::Spot << int(Channel::Trades)
                                 << QByteArray("trades:BTCUSDT");
    QTest::newRow("usdm market data") << QByteArray() << Market::UsdM << int(Channel::MarketData)
                                      << QByteArray("usdm:market_data:BTCUSDT");
    QTest::newRow("prefixed") << QByteArray("md:") << Market::Spot << int(Channel::OrderBook)
                              << QByteArray("md:orderbook:BTCUSDT");
}

void tst_PublishFormat::keys()
{
    QFETCH(QByteArray, prefix);
    QFETCH(Market, market);
    QFETCH(int, channel);
    QFETCH(QByteArray, key);

    QCOMPARE(publishformat::key(prefix, market, publishformat::Channel(channel), "BTCUSDT"), key);
}

void tst_PublishFormat::midAndSpread_data()
{
    QTest::addColumn<QByteArray>("bid");
    QTest::addColumn<QByteArray>("ask");
    QTest::addColumn<QByteArray>("mid");
    QTest::addColumn<QByteArray>("spread");

    QTest::newRow("one tick") << QByteArray("65432.10") << QByteArray("65432.11")
                              << QByteArray("65432.105") << QByteArray("0.01");
    QTest::newRow("smallest units") << QByteArray("0.00000001") << QByteArray("0.00000002")
                                    << QByteArray("0.000000015") << QByteArray("0.00000001");
    QTest::newRow("whole") << QByteArray("100") << QByteArray("102") << QByteArray("101")
                           << QByteArray("2");
    QTest::newRow("crossed") << QByteArray("10.5") << QByteArray("10.4") << QByteArray("10.45")
                             << QByteArray("-0.1");
}

void tst_PublishFormat::midAndSpread()
{
    QFETCH(QByteArray, bid);
    QFETCH(QByteArray, ask);
    QFETCH(QByteArray, mid);
    QFETCH(QByteArray, spread);

    QCOMPARE(QByteArray::fromStdString(publishformat::midPrice(dec(bid), dec(ask))), mid);
    QCOMPARE(QByteArray::fromStdString(publishformat::difference(dec(bid), dec(ask))), spread);
}

void tst_PublishFormat::marketDataOfSyncedBook()
{
    SymbolTracker tracker(Market::Spot, "BTCUSDT");
    syncBook(tracker);
    Trade trade;
    trade.symbol = "BTCUSDT";
    trade.price = dec("123421.95000000");
    trade.quantity = dec("0.00100000");
    trade.tradeTime = 1700000000100;
    tracker.onTrade(trade);

    const std::string json = publishformat::marketData(tracker, 1700000000200);
    // The digits Binance sent, not a float's rendering of them.
    QVERIFY2(json.find(R"("last_price":123421.95000000,)") != std::string::npos, json.c_str());
    QVERIFY(json.find(R"("best_bid":65432.10,)") != std::string::npos);

    const QJsonObject object = parsed(json);
    QCOMPARE(object[QLatin1String("symbol")].toString(), QStringLiteral("BTCUSDT"));
    QCOMPARE(object[QLatin1String("market")].toString(), QStringLiteral("spot"));
    QCOMPARE(object[QLatin1String("best_ask_qty")].toDouble(), 2.0);
    QCOMPARE(object[QLatin1String("mid")].toDouble(), 65432.125);
    QCOMPARE(object[QLatin1String("update_id")].toInteger(), 11);
    QCOMPARE(object[QLatin1String("event_time")].toInteger(), 1700000000123);
    QCOMPARE(object[QLatin1String("publish_time")].toInteger(), 1700000000200);
    QCOMPARE(object[QLatin1String("synced")].toBool(), true);
    QCOMPARE(object[QLatin1String("last_qty")].toDouble(), 0.001);
}

void tst_PublishFormat::unsyncedBookPublishesNoPrices()
{
    SymbolTracker tracker(Market::UsdM, "ETHUSDT");
    const QJsonObject object = parsed(publishformat::marketData(tracker, 1));
    QCOMPARE(object[QLatin1String("synced")].toBool(), false);
    QCOMPARE(object[QLatin1String("state")].toString(), QStringLiteral("syncing"));
    for (const char *field : {"best_bid", "best_ask", "mid", "spread", "last_price"})
        QVERIFY2(object[QLatin1String(field)].isNull(), field);

    syncBook(tracker);
    QVERIFY(!tracker.sync().isSynced()); // USD-M needs pu: the spot-style event was refused
    const QJsonObject book = parsed(publishformat::orderBook(tracker, 20, 1));
    QCOMPARE(book[QLatin1String("synced")].toBool(), false);
    QVERIFY(book[QLatin1String("bids")].toArray().isEmpty());
}

void tst_PublishFormat::orderBookLevels()
{
    SymbolTracker tracker(Market::Spot, "BTCUSDT");
    syncBook(tracker);

    const std::string json = publishformat::orderBook(tracker, 1, 5);
    QVERIFY2(json.find(R"("bids":[[65432.10,0.50000000]])") != std::string::npos, json.c_str());
    const QJsonObject all = parsed(publishformat::orderBook(tracker, 20, 5));
    QCOMPARE(all[QLatin1String("bids")].toArray().size(), 2);
    QCOMPARE(all[QLatin1String("asks")].toArray().size(), 1);
    QCOMPARE(all[QLatin1String("bids")].toArray()[1].toArray()[0].toDouble(), 65000.0);
}

void tst_PublishFormat::tradesBatch()
{
    SymbolTracker tracker(Market::Spot, "BTCUSDT");
    std::vector<Trade> trades(2);
    trades[0].tradeId = 7;
    trades[0].price = dec("1.5");
    trades[0].quantity = dec("2");
    trades[1].tradeId = 8;
    trades[1].price = dec("1.6");
    trades[1].quantity = dec("3");
    trades[1].buyerIsMaker = true;

    const QJsonObject object = parsed(publishformat::trades(tracker, trades, 4, 9));
    const QJsonArray list = object[QLatin1String("trades")].toArray();
    QCOMPARE(list.size(), 2);
    QCOMPARE(list[1].toObject()[QLatin1String("id")].toInteger(), 8);
    QCOMPARE(list[1].toObject()[QLatin1String("buyer_is_maker")].toBool(), true);
    QCOMPARE(object[QLatin1String("missed")].toInteger(), 4);
}

QTEST_GUILESS_MAIN(tst_PublishFormat)
#include "tst_publishformat.moc"
