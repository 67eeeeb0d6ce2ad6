#include "orderbook.h"

#include <QTest>

#include <map>
#include <random>

using namespace md;

namespace {

Decimal dec(const char *text)
{
    Decimal decimal;
    const DecimalError error = parseDecimal(text, decimal);
    Q_ASSERT(error == DecimalError::None);
    return decimal;
}

PriceLevel level(const char *price, const char *quantity)
{
    return PriceLevel{dec(price), dec(quantity)};
}

QByteArrayList describe(const std::vector<PriceLevel> &levels)
{
    QByteArrayList out;
    for (const PriceLevel &l : levels) {
        out << QByteArray::fromStdString(l.price.toString() + " " + l.quantity.toString());
    }
    return out;
}

} // namespace

class tst_OrderBook : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void snapshotLoadsBestFirst();
    void setLevel_data();
    void setLevel();
    void zeroFormsDelete_data();
    void zeroFormsDelete();
    void deletingAbsentLevelIsNoOp();
    void crossedBook();
    void largeSnapshotAndRandomUpdatesMatchAReferenceMap();
    void repeatedPriceInSnapshotKeepsLast();

private:
    OrderBook m_book;
};

void tst_OrderBook::init()
{
    m_book = OrderBook();
    const std::vector<PriceLevel> bids = {level("100.5", "1"), level("100.0", "2"),
                                          level("99.25", "3")};
    const std::vector<PriceLevel> asks = {level("101.0", "4"), level("101.5", "5")};
    m_book.load(bids, asks);
}

void tst_OrderBook::snapshotLoadsBestFirst()
{
    QCOMPARE(m_book.bidCount(), size_t(3));
    QCOMPARE(m_book.askCount(), size_t(2));
    QCOMPARE(m_book.bestBid(), level("100.5", "1"));
    QCOMPARE(m_book.bestAsk(), level("101.0", "4"));
    QCOMPARE(describe(m_book.topLevels(Side::Bid, 2)), (QByteArrayList{"100.5 1", "100.0 2"}));
    QCOMPARE(describe(m_book.topLevels(Side::Ask, 10)), (QByteArrayList{"101.0 4", "101.5 5"}));
}

void tst_OrderBook::setLevel_data()
{
    QTest::addColumn<bool>("bid");
    QTest::addColumn<QByteArray>("price");
    QTest::addColumn<QByteArray>("quantity");
    QTest::addColumn<QByteArrayList>("top");

    QTest::newRow("new best bid") << true << QByteArray("100.75") << QByteArray("9")
                                  << QByteArrayList{"100.75 9", "100.5 1", "100.0 2", "99.25 3"};
    QTest::newRow("update quantity keeps price text")
            << true << QByteArray("100.50") << QByteArray("7.5")
            << QByteArrayList{"100.5 7.5", "100.0 2", "99.25 3"};
    QTest::newRow("insert in the middle")
            << true << QByteArray("99.5") << QByteArray("1")
            << QByteArrayList{"100.5 1", "100.0 2", "99.5 1", "99.25 3"};
    QTest::newRow("delete best bid") << true << QByteArray("100.5") << QByteArray("0")
                                     << QByteArrayList{"100.0 2", "99.25 3"};
    QTest::newRow("new best ask") << false << QByteArray("100.9") << QByteArray("1")
                                  << QByteArrayList{"100.9 1", "101.0 4", "101.5 5"};
    QTest::newRow("worse ask at the end") << false << QByteArray("200") << QByteArray("1")
                                          << QByteArrayList{"101.0 4", "101.5 5", "200 1"};
    QTest::newRow("delete worst ask")
            << false << QByteArray("101.5") << QByteArray("0.000") << QByteArrayList{"101.0 4"};
}

void tst_OrderBook::setLevel()
{
    QFETCH(bool, bid);
    QFETCH(QByteArray, price);
    QFETCH(QByteArray, quantity);
    QFETCH(QByteArrayList, top);

    const Side side = bid ? Side::Bid : Side::Ask;
    m_book.setLevel(side, dec(price.constData()), dec(quantity.constData()));
    QCOMPARE(describe(m_book.topLevels(side, 10)), top);
}

void tst_OrderBook::zeroFormsDelete_data()
{
    QTest::addColumn<QByteArray>("zero");
    QTest::newRow("0") << QByteArray("0");
    QTest::newRow("0.000") << QByteArray("0.000");
    QTest::newRow("0.00000000") << QByteArray("0.00000000");
}

void tst_OrderBook::zeroFormsDelete()
{
    QFETCH(QByteArray, zero);
    m_book.setLevel(Side::Bid, dec("100.0"), dec(zero.constData()));
    QCOMPARE(describe(m_book.topLevels(Side::Bid, 10)), (QByteArrayList{"100.5 1", "99.25 3"}));
}

void tst_OrderBook::deletingAbsentLevelIsNoOp()
{
    m_book.setLevel(Side::Bid, dec("42"), dec("0"));
    m_book.setLevel(Side::Ask, dec("42"), dec("0"));
    QCOMPARE(m_book.bidCount(), size_t(3));
    QCOMPARE(m_book.askCount(), size_t(2));
}

void tst_OrderBook::crossedBook()
{
    QVERIFY(!m_book.isCrossed());
    m_book.setLevel(Side::Bid, dec("101.0"), dec("1"));
    QVERIFY(m_book.isCrossed());
}

void tst_OrderBook::largeSnapshotAndRandomUpdatesMatchAReferenceMap()
{
    // 5000 levels a side, then random sets and deletes near and far from the top, compared
    // with a std::map kept by the test itself.
    std::map<qint64, qint64, std::greater<>> bids;
    std::map<qint64, qint64> asks;
    std::vector<PriceLevel> bidLevels, askLevels;
    for (qint64 i = 0; i < 5000; ++i) {
        bids[50'000 - i] = i + 1;
        asks[50'001 + i] = i + 1;
        bidLevels.push_back(
                PriceLevel{Decimal{(50'000 - i) * Decimal::UnitsPerOne, 0}, Decimal{i + 1, 8}});
        askLevels.push_back(
                PriceLevel{Decimal{(50'001 + i) * Decimal::UnitsPerOne, 0}, Decimal{i + 1, 8}});
    }
    OrderBook book;
    book.load(bidLevels, askLevels);

    std::mt19937_64 random(1234);
    for (int i = 0; i < 50'000; ++i) {
        const bool bid = random() % 2;
        const qint64 offset = qint64(random() % 6000);
        const qint64 price = bid ? 50'000 - offset : 50'001 + offset;
        const qint64 quantity = random() % 3 == 0 ? 0 : qint64(random() % 1000);
        book.setLevel(bid ? Side::Bid : Side::Ask, Decimal{price * Decimal::UnitsPerOne, 0},
                      Decimal{quantity, 8});
        if (bid)
            quantity ? void(bids[price] = quantity) : void(bids.erase(price));
        else
            quantity ? void(asks[price] = quantity) : void(asks.erase(price));
    }

    QCOMPARE(book.bidCount(), bids.size());
    QCOMPARE(book.askCount(), asks.size());
    auto expectedBid = bids.begin();
    for (const PriceLevel &l : book.topLevels(Side::Bid, bids.size())) {
        QCOMPARE(l.price.units, expectedBid->first * Decimal::UnitsPerOne);
        QCOMPARE(l.quantity.units, expectedBid->second);
        ++expectedBid;
    }
    auto expectedAsk = asks.begin();
    for (const PriceLevel &l : book.topLevels(Side::Ask, asks.size())) {
        QCOMPARE(l.price.units, expectedAsk->first * Decimal::UnitsPerOne);
        QCOMPARE(l.quantity.units, expectedAsk->second);
        ++expectedAsk;
    }
}

void tst_OrderBook::repeatedPriceInSnapshotKeepsLast()
{
    OrderBook book;
    const std::vector<PriceLevel> bids = {level("10", "1"), level("9", "2"), level("10", "3")};
    book.load(bids, {});
    QCOMPARE(describe(book.topLevels(Side::Bid, 10)), (QByteArrayList{"10 3", "9 2"}));
}

QTEST_GUILESS_MAIN(tst_OrderBook)
#include "tst_orderbook.moc"
