#include "booksync.h"
#include "markedbook.h"

#include <QTest>

using namespace md;

Q_DECLARE_METATYPE(md::Market)
Q_DECLARE_METATYPE(md::SyncState)

namespace {

using test::decimal;

char resultCode(BookSync::Result result)
{
    switch (result) {
    case BookSync::Result::Buffered:
        return 'B';
    case BookSync::Result::Applied:
        return 'A';
    case BookSync::Result::Ignored:
        return 'I';
    case BookSync::Result::NeedSnapshot:
        return 'N';
    }
    return '?';
}

// Runs a script such as "D 90 95; S 97; D 96 100; R" and returns one result code per step:
// D U u [pu] is a depth event, S L a snapshot, R a restart (reported as 'R').
QString runScript(BookSync &sync, const QString &script)
{
    QString results;
    const QStringList steps = script.split(QLatin1Char(';'), Qt::SkipEmptyParts);
    for (const QString &step : steps) {
        const QStringList words = step.simplified().split(QLatin1Char(' '));
        if (words[0] == QLatin1String("D")) {
            const qint64 previous = words.size() > 3 ? words[3].toLongLong() : -1;
            const auto event =
                    test::markedEvent(words[1].toLongLong(), words[2].toLongLong(), previous);
            results += QLatin1Char(resultCode(sync.applyDepth(event)));
        } else if (words[0] == QLatin1String("S")) {
            results += QLatin1Char(
                    resultCode(sync.applySnapshot(test::markedSnapshot(words[1].toLongLong()))));
        } else {
            sync.restart();
            results += QLatin1Char('R');
        }
    }
    return results;
}

QList<qint64> bidPrices(const OrderBook &book)
{
    QList<qint64> prices;
    book.forEachLevel(Side::Bid, book.bidCount(), [&](const PriceLevel &level) {
        prices.prepend(level.price.units / Decimal::UnitsPerOne);
    });
    return prices;
}

} // namespace

class tst_BookSync : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rules_data();
    void rules();
    void bufferOverflowRestartsCleanly();
    void bufferOfLargeEventsOverflowsByLevels();
    void bookAheadOfTheStreamResyncsWithinTenEventsByDefault();
    void bookAheadOfTheStreamResyncs();
    void snapshotAheadOfTheStreamIsFetchedAgain();
    void crossedBookIsNeverSynced();
    void crossingEventResyncs();
    void gapLeavesNoLevelOfTheOldBook();
};

void tst_BookSync::rules_data()
{
    QTest::addColumn<Market>("market");
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("results");
    QTest::addColumn<SyncState>("state");
    QTest::addColumn<qint64>("lastUpdateId");
    QTest::addColumn<QList<qint64>>("bids");
    QTest::addColumn<int>("gaps");
    QTest::addColumn<int>("resyncs");
    QTest::addColumn<int>("snapshotRetries");

    const auto spot = Market::Spot;
    const auto usdm = Market::UsdM;
    using Bids = QList<qint64>;
    const auto q = [](const char *text) { return QString::fromLatin1(text); };

    // Spot first event: U <= L + 1 <= u.
    QTest::newRow("spot: buffered bridge straddles L")
            << spot << q("D 90 95; D 96 100; D 101 103; S 97") << q("NBBA") << SyncState::Synced
            << qint64(103) << Bids{97, 100, 103} << 0 << 0 << 0;
    QTest::newRow("spot: bridge starts at L+1")
            << spot << q("D 101 105; S 100") << q("NA") << SyncState::Synced << qint64(105)
            << Bids{100, 105} << 0 << 0 << 0;
    QTest::newRow("spot: u == L is stale")
            << spot << q("D 95 100; S 100; D 101 102") << q("NBA") << SyncState::Synced
            << qint64(102) << Bids{100, 102} << 0 << 0 << 0;
    QTest::newRow("spot: late bridge with stale events after the snapshot")
            << spot << q("D 90 95; S 100; D 96 99; D 100 100; D 101 104") << q("NBIIA")
            << SyncState::Synced << qint64(104) << Bids{100, 104} << 0 << 0 << 0;
    QTest::newRow("spot: stale snapshot is fetched again")
            << spot << q("D 105 110; S 100; D 111 112; S 111") << q("NNBA") << SyncState::Synced
            << qint64(112) << Bids{111, 112} << 0 << 0 << 1;
    QTest::newRow("spot: snapshot older than a late first event")
            << spot << q("D 90 95; S 100; D 103 104") << q("NBN") << SyncState::Syncing
            << qint64(100) << Bids{} << 0 << 0 << 1;
    QTest::newRow("spot: contiguous chain")
            << spot << q("D 101 105; S 100; D 106 110; D 111 111") << q("NAAA") << SyncState::Synced
            << qint64(111) << Bids{100, 105, 110, 111} << 0 << 0 << 0;
    QTest::newRow("spot: duplicate and overlap ignored")
            << spot << q("D 101 105; S 100; D 101 105; D 103 104; D 90 100") << q("NAIII")
            << SyncState::Synced << qint64(105) << Bids{100, 105} << 0 << 0 << 0;
    QTest::newRow("spot: partial overlap applied")
            << spot << q("D 101 105; S 100; D 104 108") << q("NAA") << SyncState::Synced
            << qint64(108) << Bids{100, 105, 108} << 0 << 0 << 0;
    QTest::newRow("spot: gap drops the book")
            << spot << q("D 101 105; S 100; D 107 110") << q("NAN") << SyncState::Resyncing
            << qint64(105) << Bids{} << 1 << 1 << 0;
    QTest::newRow("spot: resync after a gap")
            << spot << q("D 101 105; S 100; D 107 110; S 112; D 113 115") << q("NANBA")
            << SyncState::Synced << qint64(115) << Bids{112, 115} << 1 << 1 << 0;
    QTest::newRow("spot: gap inside the buffer")
            << spot << q("D 101 105; D 110 112; S 100") << q("NBN") << SyncState::Syncing
            << qint64(105) << Bids{} << 1 << 0 << 0;
    QTest::newRow("spot: snapshot while synced is ignored")
            << spot << q("D 101 105; S 100; S 200") << q("NAI") << SyncState::Synced << qint64(105)
            << Bids{100, 105} << 0 << 0 << 0;
    QTest::newRow("spot: restart after reconnect")
            << spot << q("D 101 105; S 100; R; D 300 310; S 305") << q("NARNA") << SyncState::Synced
            << qint64(310) << Bids{305, 310} << 0 << 1 << 0;

    // USD-M first event: U <= L <= u, drop u < L, then pu == previous u.
    QTest::newRow("usdm: bridge ends at L")
            << usdm << q("D 90 100 85; S 100") << q("NA") << SyncState::Synced << qint64(100)
            << Bids{100} << 0 << 0 << 0;
    QTest::newRow("usdm: bridge starts at L")
            << usdm << q("D 100 120 95; S 100") << q("NA") << SyncState::Synced << qint64(120)
            << Bids{100, 120} << 0 << 0 << 0;
    QTest::newRow("usdm: drop u < L, late bridge")
            << usdm << q("D 80 95 70; D 96 99 95; S 100; D 99 105 99") << q("NBBA")
            << SyncState::Synced << qint64(105) << Bids{100, 105} << 0 << 0 << 0;
    QTest::newRow("usdm: pu chain with non-contiguous ids")
            << usdm << q("D 90 100 85; S 100; D 150 160 100; D 170 180 160") << q("NAAA")
            << SyncState::Synced << qint64(180) << Bids{100, 160, 180} << 0 << 0 << 0;
    QTest::newRow("usdm: spot rule U == u+1 does not apply")
            << usdm << q("D 90 100 85; S 100; D 101 110 100; D 111 120 105") << q("NAAN")
            << SyncState::Resyncing << qint64(110) << Bids{} << 1 << 1 << 0;
    QTest::newRow("usdm: pu break is a gap")
            << usdm << q("D 90 100 85; S 100; D 170 180 165") << q("NAN") << SyncState::Resyncing
            << qint64(100) << Bids{} << 1 << 1 << 0;
    QTest::newRow("usdm: stale snapshot")
            << usdm << q("D 110 120 105; S 100") << q("NN") << SyncState::Syncing << qint64(100)
            << Bids{} << 0 << 0 << 1;
    QTest::newRow("usdm: duplicate ignored")
            << usdm << q("D 90 100 85; S 100; D 150 160 100; D 150 160 100") << q("NAAI")
            << SyncState::Synced << qint64(160) << Bids{100, 160} << 0 << 0 << 0;
    QTest::newRow("usdm: event without pu is rejected")
            << usdm << q("D 90 100") << q("I") << SyncState::Syncing << qint64(0) << Bids{} << 0
            << 0 << 0;
}

void tst_BookSync::rules()
{
    QFETCH(Market, market);
    QFETCH(QString, script);
    QFETCH(QString, results);
    QFETCH(SyncState, state);
    QFETCH(qint64, lastUpdateId);
    QFETCH(QList<qint64>, bids);
    QFETCH(int, gaps);
    QFETCH(int, resyncs);
    QFETCH(int, snapshotRetries);

    BookSync sync(market, "BTCUSDT");
    QCOMPARE(runScript(sync, script), results);

    QCOMPARE(sync.state(), state);
    QCOMPARE(sync.lastUpdateId(), lastUpdateId);
    QCOMPARE(bidPrices(sync.book()), bids);
    QCOMPARE(sync.counters().gaps, quint64(gaps));
    QCOMPARE(sync.counters().resyncs, quint64(resyncs));
    QCOMPARE(sync.counters().snapshotRetries, quint64(snapshotRetries));
    if (state != SyncState::Synced)
        QVERIFY(sync.book().isEmpty());
}

void tst_BookSync::bufferOverflowRestartsCleanly()
{
    BookSync::Options options;
    options.maxBufferedEvents = 3;
    BookSync sync(Market::Spot, "BTCUSDT", options);

    QCOMPARE(runScript(sync, QStringLiteral("D 1 5; D 6 10; D 11 15; D 16 20")),
             QStringLiteral("NBBN"));
    QCOMPARE(sync.counters().bufferOverflows, quint64(1));
    QCOMPARE(sync.bufferedEvents(), size_t(1));
    QCOMPARE(sync.state(), SyncState::Syncing);

    // Only the event that overflowed is kept, so the sync joins from there.
    QCOMPARE(runScript(sync, QStringLiteral("S 17; D 21 25")), QStringLiteral("AA"));
    QCOMPARE(bidPrices(sync.book()), (QList<qint64>{17, 20, 25}));
}

void tst_BookSync::bufferOfLargeEventsOverflowsByLevels()
{
    // Three events fit by count, but not their levels: the third restarts the sync, and the
    // buffer holds it alone.
    BookSync::Options options;
    options.maxBufferedLevels = 2'500;
    BookSync sync(Market::Spot, "BTCUSDT", options);
    DepthUpdate event = test::markedEvent(1, 5, -1);
    for (qint64 price = 1; price < 1'000; ++price)
        event.asks.push_back(PriceLevel{decimal(1'000'000 + price), decimal(1)});

    QCOMPARE(sync.applyDepth(event), BookSync::Result::NeedSnapshot);
    QCOMPARE(sync.applyDepth(event), BookSync::Result::Buffered);
    QCOMPARE(sync.counters().bufferOverflows, quint64(0));
    QCOMPARE(sync.applyDepth(event), BookSync::Result::NeedSnapshot);
    QCOMPARE(sync.counters().bufferOverflows, quint64(1));
    QCOMPARE(sync.bufferedEvents(), size_t(1));
    QVERIFY(QByteArray::fromStdString(sync.lastProblem()).contains("2000 levels"));

    // The count starts again from the event kept.
    QCOMPARE(sync.applyDepth(event), BookSync::Result::Buffered);
    QCOMPARE(sync.counters().bufferOverflows, quint64(1));
}

void tst_BookSync::bookAheadOfTheStreamResyncsWithinTenEventsByDefault()
{
    // Joined, a real stream sends no event twice: with the default options the tenth event in
    // a row that the book already holds reveals the absurd id before it.
    BookSync sync(Market::Spot, "BTCUSDT");
    QCOMPARE(runScript(sync, QStringLiteral("D 101 105; S 100; D 106 999999")),
             QStringLiteral("NAA"));
    QString script;
    for (int i = 0; i < 10; ++i)
        script += QStringLiteral("D %1 %2;").arg(1000 + 2 * i).arg(1001 + 2 * i);
    QCOMPARE(runScript(sync, script), QStringLiteral("IIIIIIIIIN"));
    QCOMPARE(sync.state(), SyncState::Resyncing);
    QCOMPARE(sync.counters().inconsistencies, quint64(1));
}

void tst_BookSync::gapLeavesNoLevelOfTheOldBook()
{
    BookSync sync(Market::Spot, "BTCUSDT");
    runScript(sync, QStringLiteral("D 101 105; S 100; D 106 110"));
    QCOMPARE(bidPrices(sync.book()), (QList<qint64>{100, 105, 110}));

    QCOMPARE(runScript(sync, QStringLiteral("D 120 125")), QStringLiteral("N"));
    QVERIFY(sync.book().isEmpty());
    QCOMPARE(sync.state(), SyncState::Resyncing);

    QCOMPARE(runScript(sync, QStringLiteral("S 130; D 131 131")), QStringLiteral("BA"));
    QCOMPARE(bidPrices(sync.book()), (QList<qint64>{130, 131}));
    QVERIFY(!sync.book().isCrossed());
}

void tst_BookSync::bookAheadOfTheStreamResyncs()
{
    // One event with an absurd final id would make every real event after it look old.
    BookSync::Options options;
    options.maxIgnoredWhileLive = 3;
    BookSync sync(Market::Spot, "BTCUSDT", options);

    QCOMPARE(runScript(sync, QStringLiteral("D 101 105; S 100; D 106 999999")),
             QStringLiteral("NAA"));
    QCOMPARE(runScript(sync, QStringLiteral("D 1000 1001; D 1002 1003; D 1004 1005")),
             QStringLiteral("IIN"));
    QCOMPARE(sync.state(), SyncState::Resyncing);
    QCOMPARE(sync.counters().inconsistencies, quint64(1));
    QVERIFY(sync.book().isEmpty());

    // The event that revealed it starts the next sync.
    QCOMPARE(runScript(sync, QStringLiteral("S 1003; D 1006 1007")), QStringLiteral("AA"));
    QCOMPARE(bidPrices(sync.book()), (QList<qint64>{1003, 1005, 1007}));
}

void tst_BookSync::snapshotAheadOfTheStreamIsFetchedAgain()
{
    BookSync::Options options;
    options.maxIgnoredInARow = 3;
    BookSync sync(Market::Spot, "BTCUSDT", options);

    QCOMPARE(
            runScript(sync, QStringLiteral("D 101 105; S 999999; D 106 110; D 111 115; D 116 120")),
            QStringLiteral("NBIIN"));
    QCOMPARE(sync.state(), SyncState::Syncing);
    QCOMPARE(sync.counters().snapshotRetries, quint64(1));
    QCOMPARE(sync.counters().inconsistencies, quint64(1));
    QCOMPARE(runScript(sync, QStringLiteral("S 117; D 121 125")), QStringLiteral("AA"));
    QCOMPARE(sync.lastUpdateId(), qint64(125));
}

void tst_BookSync::crossedBookIsNeverSynced()
{
    BookSync sync(Market::Spot, "BTCUSDT");
    DepthSnapshot crossed = test::markedSnapshot(100);
    crossed.asks = {PriceLevel{decimal(50), decimal(1)}}; // below the bid at 100

    QCOMPARE(runScript(sync, QStringLiteral("D 101 105")), QStringLiteral("N"));
    QCOMPARE(sync.applySnapshot(crossed), BookSync::Result::NeedSnapshot);
    QVERIFY(!sync.isSynced());
    QVERIFY(sync.book().isEmpty());
    QCOMPARE(sync.counters().inconsistencies, quint64(1));
    QCOMPARE(sync.counters().syncs, quint64(0));
}

void tst_BookSync::crossingEventResyncs()
{
    BookSync sync(Market::Spot, "BTCUSDT");
    QCOMPARE(runScript(sync, QStringLiteral("D 101 105; S 100")), QStringLiteral("NA"));

    // A bid above the best ask (1 000 000): the data is wrong, the book must not be published.
    QCOMPARE(runScript(sync, QStringLiteral("D 106 2000000")), QStringLiteral("N"));
    QCOMPARE(sync.state(), SyncState::Resyncing);
    QCOMPARE(sync.counters().inconsistencies, quint64(1));
    QCOMPARE(sync.counters().resyncs, quint64(1));
    QVERIFY(sync.book().isEmpty());
}

QTEST_GUILESS_MAIN(tst_BookSync)
#include "tst_booksync.moc"
