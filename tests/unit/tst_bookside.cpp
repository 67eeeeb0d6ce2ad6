#include "bookside.h"

#include <QTest>

#include <algorithm>
#include <limits>
#include <map>
#include <random>
#include <utility>
#include <vector>

using namespace md;

namespace {

using Levels = std::vector<std::pair<qint64, qint64>>; // price units, quantity units, best first

Decimal price(qint64 whole)
{
    return Decimal{whole * Decimal::UnitsPerOne, 0};
}

Decimal quantity(qint64 units)
{
    return Decimal{units, 8};
}

Levels contents(const BookSide &side)
{
    Levels levels;
    side.forEach(side.size(), [&](const PriceLevel &level) {
        levels.emplace_back(level.price.units, level.quantity.units);
    });
    return levels;
}

// Asks of whole prices `from`..`to`, each with a quantity equal to its price, set one by one.
void setAsks(BookSide &asks, qint64 from, qint64 to)
{
    for (qint64 p = from; p <= to; ++p)
        asks.set(price(p), quantity(p));
}

Levels askLevels(const std::vector<qint64> &prices)
{
    Levels levels;
    for (qint64 p : prices)
        levels.emplace_back(p * Decimal::UnitsPerOne, p);
    return levels;
}

std::vector<qint64> range(qint64 from, qint64 to)
{
    std::vector<qint64> values;
    for (qint64 v = from; v <= to; ++v)
        values.push_back(v);
    return values;
}

} // namespace

class tst_BookSide : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void splitsWhenFullAndMergesWhenSparse();
    void insertIntoAFullBlock_data();
    void insertIntoAFullBlock();
    void deletingAbsentLevelChangesNothing_data();
    void deletingAbsentLevelChangesNothing();
    void largestPriceIsAnOrdinaryLevel();
    void fiveThousandLevelSnapshotThinnedAndEmptied();
    void randomChangesMatchAReferenceMap_data();
    void randomChangesMatchAReferenceMap();
};

void tst_BookSide::splitsWhenFullAndMergesWhenSparse()
{
    BookSide asks(false);
    setAsks(asks, 1, BookSide::BlockCapacity);
    QCOMPARE(asks.blockCount(), size_t(1));

    // One more level splits the block into 16 + 17.
    asks.set(price(33), quantity(33));
    QCOMPARE(asks.blockCount(), size_t(2));
    QCOMPARE(contents(asks), askLevels(range(1, 33)));

    // Deleting from the upper half keeps two blocks while they hold more than MergedFill levels.
    for (qint64 p = 33; p > qint64(BookSide::MergedFill) + 1; --p) {
        asks.set(price(p), quantity(0));
        QCOMPARE(asks.blockCount(), size_t(2));
    }
    QCOMPARE(asks.size(), size_t(BookSide::MergedFill) + 1);

    asks.set(price(BookSide::MergedFill + 1), quantity(0));
    QCOMPARE(asks.blockCount(), size_t(1));
    QCOMPARE(contents(asks), askLevels(range(1, BookSide::MergedFill)));
}

void tst_BookSide::insertIntoAFullBlock_data()
{
    // A full block of the even prices 2..64; an odd price lands at the position named.
    QTest::addColumn<qint64>("inserted");
    QTest::newRow("before all") << qint64(1);
    QTest::newRow("after the first") << qint64(3);
    QTest::newRow("last of the lower half") << qint64(31);
    QTest::newRow("first of the upper half") << qint64(33);
    QTest::newRow("second of the upper half") << qint64(35);
    QTest::newRow("before the last") << qint64(63);
    QTest::newRow("after all") << qint64(65);
}

void tst_BookSide::insertIntoAFullBlock()
{
    QFETCH(qint64, inserted);
    BookSide asks(false);
    std::vector<qint64> prices;
    for (qint64 p = 2; p <= 64; p += 2) {
        asks.set(price(p), quantity(p));
        prices.push_back(p);
    }
    QCOMPARE(asks.blockCount(), size_t(1));

    asks.set(price(inserted), quantity(inserted));
    prices.insert(std::lower_bound(prices.begin(), prices.end(), inserted), inserted);
    QCOMPARE(asks.blockCount(), size_t(2));
    QCOMPARE(contents(asks), askLevels(prices));
    QCOMPARE(asks.best().price, price(prices.front()));

    // The level is found again where it went: an update changes it in place.
    asks.set(price(inserted), quantity(7));
    QCOMPARE(asks.size(), prices.size());
    const Levels levels = contents(asks);
    const auto it = std::find_if(levels.begin(), levels.end(), [&](const auto &level) {
        return level.first == inserted * Decimal::UnitsPerOne;
    });
    QVERIFY(it != levels.end());
    QCOMPARE(it->second, qint64(7));
}

void tst_BookSide::deletingAbsentLevelChangesNothing_data()
{
    // Asks 10..49, set one by one: the block splits at 32 levels into 10..25 and 26..49.
    QTest::addColumn<bool>("empty");
    QTest::addColumn<qint64>("absentUnits");
    constexpr qint64 One = Decimal::UnitsPerOne;
    QTest::newRow("empty side") << true << 10 * One;
    QTest::newRow("below all") << false << 5 * One;
    QTest::newRow("above all") << false << 60 * One;
    QTest::newRow("between two levels of a block") << false << 12 * One + One / 2;
    QTest::newRow("between the two blocks") << false << 25 * One + One / 2;
    QTest::newRow("next to the last level") << false << 49 * One + 1;
}

void tst_BookSide::deletingAbsentLevelChangesNothing()
{
    QFETCH(bool, empty);
    QFETCH(qint64, absentUnits);
    BookSide asks(false);
    if (!empty)
        setAsks(asks, 10, 49);
    QCOMPARE(asks.blockCount(), size_t(empty ? 0 : 2));
    const Levels before = contents(asks);

    asks.set(Decimal{absentUnits, 8}, quantity(0));
    QCOMPARE(contents(asks), before);
    QCOMPARE(asks.blockCount(), size_t(empty ? 0 : 2));
    QCOMPARE(asks.isEmpty(), empty);
}

void tst_BookSide::largestPriceIsAnOrdinaryLevel()
{
    // The largest price a Decimal holds sorts like any other, on both sides.
    Decimal largest;
    QCOMPARE(parseDecimal("92233720368.54775807", largest), DecimalError::None);
    QCOMPARE(largest.units, std::numeric_limits<qint64>::max());

    BookSide asks(false);
    setAsks(asks, 1, 3);
    asks.set(largest, quantity(0)); // absent: nothing to delete
    QCOMPARE(asks.size(), size_t(3));
    asks.set(largest, quantity(5));
    asks.set(largest, quantity(6));
    QCOMPARE(asks.size(), size_t(4));
    QCOMPARE(contents(asks).back(), std::make_pair(largest.units, qint64(6)));
    asks.set(largest, quantity(0));
    QCOMPARE(contents(asks), askLevels({1, 2, 3}));

    BookSide bids(true);
    bids.set(price(1), quantity(1));
    bids.set(largest, quantity(2));
    QCOMPARE(bids.best().price, largest);
    QCOMPARE(bids.size(), size_t(2));
}

void tst_BookSide::fiveThousandLevelSnapshotThinnedAndEmptied()
{
    // Bids 5000 down to 1, best first, as a REST snapshot lists them.
    constexpr qint64 Count = 5000;
    std::vector<PriceLevel> snapshot;
    for (qint64 p = Count; p >= 1; --p)
        snapshot.push_back(PriceLevel{price(p), quantity(p)});
    BookSide bids(true);
    bids.load(snapshot);
    QCOMPARE(bids.size(), size_t(Count));
    QCOMPARE(bids.best().price, price(Count));
    QCOMPARE(contents(bids).back(), std::make_pair(price(1).units, qint64(1)));
    QVERIFY(bids.blockCount() >= size_t(Count) / BookSide::BlockCapacity);

    // Keep every tenth level, deleting best first: the emptied blocks merge as they thin out.
    Levels expected;
    for (qint64 p = Count; p >= 1; --p) {
        if (p % 10 == 0)
            expected.emplace_back(p * Decimal::UnitsPerOne, p);
        else
            bids.set(price(p), quantity(0));
    }
    QCOMPARE(contents(bids), expected);
    QVERIFY2(bids.blockCount() <= 2 * bids.size() / (BookSide::MergedFill + 1) + 1,
             qPrintable(QString::number(bids.blockCount())));

    // Then everything else, in random order.
    std::vector<qint64> rest;
    for (const auto &level : expected)
        rest.push_back(level.first / Decimal::UnitsPerOne);
    std::shuffle(rest.begin(), rest.end(), std::mt19937_64(7));
    for (qint64 p : rest)
        bids.set(price(p), quantity(0));
    QVERIFY(bids.isEmpty());
    QCOMPARE(bids.blockCount(), size_t(0));
}

void tst_BookSide::randomChangesMatchAReferenceMap_data()
{
    QTest::addColumn<bool>("bids");
    QTest::addColumn<int>("prices");
    QTest::addColumn<int>("topShare");

    // Few prices and many changes: blocks split and merge over and over. With a share of the
    // changes crowding near the best prices, as a real book's do, the best level and the first
    // block's first key change all the time.
    QTest::newRow("bids, 300 prices") << true << 300 << 0;
    QTest::newRow("asks, 300 prices") << false << 300 << 0;
    QTest::newRow("bids, 3000 prices, 80% near the top") << true << 3000 << 80;
    QTest::newRow("asks, 3000 prices, 80% near the top") << false << 3000 << 80;
}

void tst_BookSide::randomChangesMatchAReferenceMap()
{
    QFETCH(bool, bids);
    QFETCH(int, prices);
    QFETCH(int, topShare);

    // Keys as the side sorts them: the best price first.
    std::map<qint64, qint64> reference;
    BookSide side(bids);
    std::mt19937_64 random(99);
    for (int i = 0; i < 200'000; ++i) {
        const bool nearTop = int(random() % 100) < topShare;
        const qint64 offset = qint64(random() % quint64(nearTop ? 40 : prices));
        const qint64 best = reference.empty() ? 0 : reference.begin()->first;
        const qint64 key = std::clamp<qint64>(nearTop ? best - 20 + offset : offset, 0, prices);
        const qint64 p = bids ? 1 + prices - key : 1 + key;
        const qint64 q = random() % 2 == 0 ? 0 : 1 + qint64(random() % 1000);
        side.set(price(p), quantity(q));
        if (q == 0)
            reference.erase(key);
        else
            reference[key] = q;

        QCOMPARE(side.size(), reference.size());
        if (!reference.empty()) {
            const auto &[bestKey, bestQuantity] = *reference.begin();
            const qint64 bestPrice = bids ? 1 + prices - bestKey : 1 + bestKey;
            QCOMPARE(side.best(), (PriceLevel{price(bestPrice), quantity(bestQuantity)}));
        }
        if (i % 100 == 0) {
            Levels expected;
            for (const auto &[referenceKey, referenceQuantity] : reference) {
                const qint64 referencePrice = bids ? 1 + prices - referenceKey : 1 + referenceKey;
                expected.emplace_back(referencePrice * Decimal::UnitsPerOne, referenceQuantity);
            }
            QCOMPARE(contents(side), expected);
        }
    }
}

QTEST_GUILESS_MAIN(tst_BookSide)
#include "tst_bookside.moc"
