// SymbolIndex: every name finds its own entry and no other, whatever its length, also when two
// names share their first 16 bytes or differ only in their last byte.
#include "symbolindex.h"

#include <QTest>

#include <string>
#include <vector>

using md::SymbolIndex;

class tst_SymbolIndex : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eachNameFindsItsOwnEntry();
    void removedAndReplacedNames();
    void manySymbolsStayReachable();
};

namespace {

// Names of every length from 0 to 24 bytes, and pairs that differ in one byte only: at the
// start, at the end, and past the 16 bytes a key holds.
std::vector<std::string> trickyNames()
{
    std::vector<std::string> names;
    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWX";
    for (size_t length = 0; length <= alphabet.size(); ++length)
        names.push_back(alphabet.substr(0, length));
    names.insert(names.end(),
                 {"BTCUSDT", "BTCUSDC", "ETHUSDT", "XTCUSDT", "BTC", "BTD", "1000SHIBUSDT",
                  "1000SHIBUSDC", "ABCDEFGHIJKLMNOPQRSTUVWY", "ABCDEFGHIJKLMNOPZRSTUVWX",
                  std::string("BTC\0USDT", 8), std::string("BTC\0USDC", 8)});
    return names;
}

} // namespace

void tst_SymbolIndex::eachNameFindsItsOwnEntry()
{
    const std::vector<std::string> names = trickyNames();
    std::vector<int> values(names.size());
    SymbolIndex<int> index;
    QCOMPARE(index.find("BTCUSDT"), nullptr);
    for (size_t i = 0; i < names.size(); ++i)
        index.insert(names[i], &values[i]);

    QCOMPARE(index.size(), names.size());
    for (size_t i = 0; i < names.size(); ++i)
        QVERIFY2(index.find(names[i]) == &values[i], names[i].c_str());
    for (const char *absent : {"BTCUSDX", "btcusdt", "BTCUSD", "BTCUSDTT",
                               "ABCDEFGHIJKLMNOPQRSTUVWXY", "ABCDEFGHIJKLMNOPQRSTUVWZ"})
        QVERIFY2(!index.contains(absent), absent);
}

void tst_SymbolIndex::removedAndReplacedNames()
{
    int btc = 1, eth = 2, other = 3;
    SymbolIndex<int> index;
    index.insert("BTCUSDT", &btc);
    index.insert("ETHUSDT", &eth);
    index.insert("BTCUSDT", &other);
    QCOMPARE(index.size(), size_t(2));
    QCOMPARE(index.find("BTCUSDT"), &other);

    index.remove("BTCUSDT");
    QCOMPARE(index.find("BTCUSDT"), nullptr);
    QCOMPARE(index.find("ETHUSDT"), &eth);
    index.remove("NOTHERE");
    QCOMPARE(index.size(), size_t(1));
}

// Far more symbols than a table's first size, so that probes wrap and the table grows.
void tst_SymbolIndex::manySymbolsStayReachable()
{
    std::vector<std::string> names;
    for (int i = 0; i < 2000; ++i) {
        // Appended step by step: GCC 12 warns falsely (-Wrestrict) about "S" + std::string.
        std::string name = std::to_string(i * 7919);
        name.insert(0, 1, 'S');
        name.append(i % 2 ? "USDT" : "BTC");
        names.push_back(name);
    }
    std::vector<int> values(names.size());
    SymbolIndex<int> index;
    for (size_t i = 0; i < names.size(); ++i)
        index.insert(names[i], &values[i]);
    for (size_t i = 0; i < names.size(); i += 2)
        index.remove(names[i]);

    for (size_t i = 0; i < names.size(); ++i) {
        int *expected = i % 2 ? &values[i] : nullptr;
        QVERIFY2(index.find(names[i]) == expected, names[i].c_str());
    }
}

QTEST_APPLESS_MAIN(tst_SymbolIndex)
#include "tst_symbolindex.moc"
