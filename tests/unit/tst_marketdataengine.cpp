#include "config.h"
#include "feedconnection.h"
#include "marketdataengine.h"

#include <QTest>
#include <QUrlQuery>

using namespace md;

Q_DECLARE_METATYPE(md::Market)

namespace {

Config configFor(Market market, int symbols, bool audit)
{
    Config config = ConfigLoader::defaults(market);
    config.symbols.clear();
    for (int i = 0; i < symbols; ++i)
        config.symbols << QStringLiteral("SYM%1USDT").arg(i);
    config.audit = audit;
    return config;
}

QStringList streamsOf(const FeedConnection *feed)
{
    return QUrlQuery(feed->url())
            .queryItemValue(QStringLiteral("streams"))
            .split(QLatin1Char('/'), Qt::SkipEmptyParts);
}

} // namespace

class tst_MarketDataEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void connectionsStayWithinBinanceLimits_data();
    void connectionsStayWithinBinanceLimits();
    void usdmSplitsBookAndTradeStreams();
};

void tst_MarketDataEngine::connectionsStayWithinBinanceLimits_data()
{
    QTest::addColumn<Market>("market");
    QTest::addColumn<int>("symbols");
    QTest::addColumn<bool>("audit");
    QTest::addColumn<int>("feeds");
    QTest::addColumn<int>("streams");

    QTest::newRow("spot, one symbol") << Market::Spot << 1 << true << 1 << 3;
    QTest::newRow("spot, 341 symbols fill one connection")
            << Market::Spot << 341 << true << 1 << 1023;
    QTest::newRow("spot, 342 symbols need two") << Market::Spot << 342 << true << 2 << 1026;
    QTest::newRow("spot without audit, 600 symbols") << Market::Spot << 600 << false << 2 << 1200;
    QTest::newRow("usdm, 600 symbols") << Market::UsdM << 600 << true << 4 << 1800;
}

void tst_MarketDataEngine::connectionsStayWithinBinanceLimits()
{
    QFETCH(Market, market);
    QFETCH(int, symbols);
    QFETCH(bool, audit);
    QFETCH(int, feeds);
    QFETCH(int, streams);

    MarketDataEngine engine(configFor(market, symbols, audit));
    QCOMPARE(int(engine.feeds().size()), feeds);

    int total = 0;
    for (const FeedConnection *feed : engine.feeds()) {
        const int count = int(streamsOf(feed).size());
        QVERIFY2(count <= 1024, qPrintable(feed->url().toString()));
        total += count;
    }
    QCOMPARE(total, streams);

    // Every symbol's depth (and bookTicker, when audited) share one connection.
    for (const auto &symbol : engine.symbols()) {
        const QStringList onItsFeed = streamsOf(symbol->depthFeed);
        const QString lower = symbol->name.toLower();
        QVERIFY(onItsFeed.contains(lower + QStringLiteral("@depth@100ms")));
        QCOMPARE(onItsFeed.contains(lower + QStringLiteral("@bookTicker")), audit);
    }
}

void tst_MarketDataEngine::usdmSplitsBookAndTradeStreams()
{
    Config config = configFor(Market::UsdM, 2, true);
    config.tradeStream = QStringLiteral("aggTrade");
    MarketDataEngine engine(config);
    QCOMPARE(engine.feeds().size(), size_t(2));

    const FeedConnection *books = engine.feeds()[0];
    const FeedConnection *trades = engine.feeds()[1];
    QCOMPARE(books->url().path(), QStringLiteral("/public/stream"));
    QCOMPARE(trades->url().path(), QStringLiteral("/market/stream"));
    QCOMPARE(books->url().host(), QStringLiteral("fstream.binance.com"));
    QCOMPARE(streamsOf(books), (QStringList{QStringLiteral("sym0usdt@depth@100ms"),
                                            QStringLiteral("sym0usdt@bookTicker"),
                                            QStringLiteral("sym1usdt@depth@100ms"),
                                            QStringLiteral("sym1usdt@bookTicker")}));
    QCOMPARE(streamsOf(trades), (QStringList{QStringLiteral("sym0usdt@aggTrade"),
                                             QStringLiteral("sym1usdt@aggTrade")}));
}

QTEST_GUILESS_MAIN(tst_MarketDataEngine)
#include "tst_marketdataengine.moc"
