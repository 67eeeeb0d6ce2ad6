#include "markedbook.h"
#include "symboltracker.h"

#include <QTest>

using namespace md;

namespace {

using test::decimal;
using test::markedEvent;

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
    tracker.onDepth(markedEvent(101, 105));
    tracker.onSnapshot(test::markedSnapshot(100));
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
    QVERIFY(!tracker.onDepth(markedEvent(106, 110)).mismatch);
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
    tracker.onDepth(markedEvent(106, 110));
    tracker.onDepth(markedEvent(111, 115));
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
    const auto outcome = tracker.onDepth(markedEvent(106, 110));
    QVERIFY(outcome.mismatch);
    QCOMPARE(outcome.mismatch->updateId, qint64(110));
    QCOMPARE(tracker.audit().counters().mismatches, quint64(1));
}

QTEST_GUILESS_MAIN(tst_TopOfBookAudit)
#include "tst_topofbookaudit.moc"
