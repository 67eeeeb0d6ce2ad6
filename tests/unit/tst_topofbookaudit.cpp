#include "symboltracker.h"

#include <QTest>

using namespace md;

namespace {

Decimal decimal(qint64 whole)
{
    return Decimal{whole * Decimal::UnitsPerOne, 0};
}

// A spot event whose only change is a bid at the price of its final id.
DepthUpdate depthEvent(qint64 first, qint64 final)
{
    DepthUpdate event;
    event.symbol = "BTCUSDT";
    event.firstUpdateId = first;
    event.finalUpdateId = final;
    event.bids = {PriceLevel{decimal(final), decimal(1)}};
    return event;
}

DepthSnapshot snapshot(qint64 lastUpdateId)
{
    DepthSnapshot snapshot;
    snapshot.lastUpdateId = lastUpdateId;
    snapshot.bids = {PriceLevel{decimal(lastUpdateId), decimal(1)}};
    snapshot.asks = {PriceLevel{decimal(1'000'000), decimal(1)}};
    return snapshot;
}

// The exchange's top of book once the event ending at `updateId` is applied.
BookTicker ticker(qint64 updateId)
{
    BookTicker ticker;
    ticker.symbol = "BTCUSDT";
    ticker.updateId = updateId;
    ticker.bestBid = PriceLevel{decimal(updateId), decimal(1)};
    ticker.bestAsk = PriceLevel{decimal(1'000'000), decimal(1)};
    return ticker;
}

void sync(SymbolTracker &tracker)
{
    tracker.onDepth(depthEvent(101, 105));
    tracker.onSnapshot(snapshot(100));
    QVERIFY(tracker.sync().isSynced());
}

} // namespace

class tst_TopOfBookAudit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tickerAheadIsCheckedWhenTheBookReachesIt();
    void absurdTickerIdDoesNotTurnAwayLaterTickers();
    void wrongTopIsAMismatch();
};

void tst_TopOfBookAudit::tickerAheadIsCheckedWhenTheBookReachesIt()
{
    SymbolTracker tracker(Market::Spot, "BTCUSDT");
    sync(tracker);

    QVERIFY(!tracker.onTicker(ticker(110)));
    QCOMPARE(tracker.audit().counters().checks, quint64(0));
    QVERIFY(!tracker.onDepth(depthEvent(106, 110)).mismatch);
    QCOMPARE(tracker.audit().counters().checks, quint64(1));
    QCOMPARE(tracker.audit().counters().mismatches, quint64(0));
}

void tst_TopOfBookAudit::absurdTickerIdDoesNotTurnAwayLaterTickers()
{
    // A ticker with an id far ahead would wait for ever; the real tickers after it, whose ids
    // are lower, replace it and are checked as usual.
    SymbolTracker tracker(Market::Spot, "BTCUSDT");
    sync(tracker);

    QVERIFY(!tracker.onTicker(ticker(qint64(1) << 62)));
    QVERIFY(!tracker.onTicker(ticker(110)));
    QVERIFY(!tracker.onTicker(ticker(115)));
    tracker.onDepth(depthEvent(106, 110));
    tracker.onDepth(depthEvent(111, 115));
    QCOMPARE(tracker.audit().counters().checks, quint64(2));
    QCOMPARE(tracker.audit().counters().mismatches, quint64(0));
}

void tst_TopOfBookAudit::wrongTopIsAMismatch()
{
    SymbolTracker tracker(Market::Spot, "BTCUSDT");
    sync(tracker);

    BookTicker wrong = ticker(110);
    wrong.bestBid.quantity = decimal(2);
    QVERIFY(!tracker.onTicker(wrong));
    const auto outcome = tracker.onDepth(depthEvent(106, 110));
    QVERIFY(outcome.mismatch);
    QCOMPARE(outcome.mismatch->updateId, qint64(110));
    QCOMPARE(tracker.audit().counters().mismatches, quint64(1));
}

QTEST_GUILESS_MAIN(tst_TopOfBookAudit)
#include "tst_topofbookaudit.moc"
