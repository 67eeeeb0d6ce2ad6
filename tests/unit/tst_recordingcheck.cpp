// The engine's books checked against Binance's own bookTicker on every bundled recording: whole,
// cut into arbitrary chunks, with depth events deleted, and tampered with.
#include "cryptofeeddecoder.h"
#include "hftbacktestdecoder.h"
#include "recordingfacts.h"
#include "recordingmerger.h"
#include "recordingverifier.h"
#include "recordingwriter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <limits>
#include <map>
#include <random>
#include <set>

using namespace md;
using namespace md::test;

namespace {

// Counts, per symbol and without any engine code, the bookTickers whose `u` is the final id of
// a depth event applied after the snapshot: the checks the audit must make. Uses Qt's JSON
// parser and Binance's drop rule (spot u > L, USD-M u >= L).
std::map<QString, quint64> expectedChecks(const std::vector<Message> &messages)
{
    std::map<QString, qint64> snapshotIds;
    std::map<QString, std::set<qint64>> depthIds;
    std::map<QString, std::vector<qint64>> tickerIds;
    std::map<QString, bool> usdm;
    QString onlySymbol;

    for (const Message &message : messages) {
        const QJsonObject data = dataOf(message.payload);
        QString symbol = data[QLatin1String("s")].toString();
        if (data.contains(QLatin1String("lastUpdateId"))) {
            const QString url = QString::fromStdString(message.source);
            symbol = url.contains(QLatin1String("symbol="))
                             ? url.section(QLatin1String("symbol="), 1)
                                       .section(QLatin1Char('&'), 0, 0)
                             : onlySymbol;
            snapshotIds.emplace(symbol.toUpper(), idOf(data, "lastUpdateId"));
        } else if (data[QLatin1String("e")] == QLatin1String("depthUpdate")) {
            onlySymbol = symbol;
            depthIds[symbol].insert(idOf(data, "u"));
            usdm[symbol] = data.contains(QLatin1String("pu"));
        } else if (data.contains(QLatin1String("B")) && data.contains(QLatin1String("u"))) {
            tickerIds[symbol].push_back(idOf(data, "u"));
        }
    }

    std::map<QString, quint64> counts;
    for (const auto &[symbol, ids] : depthIds) {
        const qint64 snapshotId = snapshotIds.at(symbol);
        quint64 &count = counts[symbol];
        for (qint64 tickerId : tickerIds[symbol]) {
            const bool applied = usdm[symbol] ? tickerId >= snapshotId : tickerId > snapshotId;
            count += applied && ids.count(tickerId);
        }
    }
    return counts;
}

std::map<QString, RecordingVerifier::SymbolReport> bySymbol(const RecordingVerifier &verifier)
{
    std::map<QString, RecordingVerifier::SymbolReport> reports;
    for (const auto &report : verifier.report())
        reports[QString::fromStdString(report.symbol)] = report;
    return reports;
}

// The spot BTCUSDT 2024 session with the depth events at `deleteAt` (counted from the first
// applied one) removed. With `withSnapshots`, a REST snapshot of the exchange's book as of
// `snapshotDelay` events after each deletion is inserted there, as a recorder would have stored
// the engine's resync.
std::vector<Message> withDeletedEvents(const std::vector<Message> &messages,
                                       const std::set<int> &deleteAt, bool withSnapshots)
{
    constexpr int snapshotDelay = 20;
    std::vector<Message> out;
    ReferenceBook book;
    qint64 snapshotId = -1;
    int applied = 0;
    std::set<int> snapshotAt;

    // Binance's procedure, written plainly: events before the snapshot wait, then those past it
    // are applied.
    std::vector<QJsonObject> early;
    const auto applyEvent = [&](const QJsonObject &data) {
        book.applyBids(data[QLatin1String("b")].toArray());
        book.applyAsks(data[QLatin1String("a")].toArray());
    };

    for (const Message &message : messages) {
        const QJsonObject data = dataOf(message.payload);
        const bool isDepth = data[QLatin1String("e")] == QLatin1String("depthUpdate");
        if (data.contains(QLatin1String("lastUpdateId"))) {
            snapshotId = idOf(data, "lastUpdateId");
            book.applyBids(data[QLatin1String("bids")].toArray());
            book.applyAsks(data[QLatin1String("asks")].toArray());
            for (const QJsonObject &event : early) {
                if (idOf(event, "u") > snapshotId)
                    applyEvent(event);
            }
            out.push_back(message);
            continue;
        }
        if (isDepth && snapshotId < 0)
            early.push_back(data);
        if (!isDepth || snapshotId < 0 || idOf(data, "u") <= snapshotId) {
            out.push_back(message);
            continue;
        }

        applyEvent(data);
        ++applied;
        if (deleteAt.count(applied)) {
            snapshotAt.insert(applied + snapshotDelay);
            continue;
        }
        out.push_back(message);
        if (withSnapshots && snapshotAt.count(applied)) {
            out.push_back(Message{message.receiveTimeNs, RecordedMessage::Kind::Rest,
                                  "https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=5000",
                                  book.snapshot(idOf(data, "u"))});
        }
    }
    return out;
}

std::unique_ptr<RecordingVerifier> verify(const std::vector<Message> &messages)
{
    auto verifier = std::make_unique<RecordingVerifier>();
    for (const Message &message : messages)
        verifier->process(view(message));
    return verifier;
}

bool writeRecording(const QString &path, const std::vector<Message> &messages)
{
    RecordingWriter writer;
    if (!writer.open(path))
        return false;
    for (const Message &message : messages) {
        if (!writer.write(message.receiveTimeNs, message.kind, message.source, message.payload))
            return false;
    }
    return writer.close();
}

// What `market-data-replay verify FILE...` said, and its exit code (-1 if it did not finish).
struct VerifyRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

VerifyRun runVerify(const QStringList &files)
{
    QProcess process;
    process.start(QStringLiteral(MD_BINARY_DIR "/app/replay/market-data-replay"),
                  QStringList{QStringLiteral("verify")} + files);
    VerifyRun run;
    if (!process.waitForFinished(120'000))
        return run;
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

// Printable ASCII only: nothing that ends a line or reaches the terminal as a control.
bool isPrintable(std::string_view text)
{
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

std::string depthEvent(const std::string &jsonSymbol)
{
    return R"({"e":"depthUpdate","E":1,"s":")" + jsonSymbol + R"(","U":1,"u":2,"b":[],"a":[]})";
}

const std::string SpotStreamUrl = "wss://stream.binance.com:9443/stream?streams=a@depth";

std::string tradeEvent(const std::string &symbol)
{
    return R"({"e":"trade","E":1,"T":1,"s":")" + symbol +
           R"(","t":5,"p":"1.0","q":"1.0","m":true})";
}

Message spotMessage(std::string payload)
{
    return Message{1, RecordedMessage::Kind::WebSocket, SpotStreamUrl, std::move(payload)};
}

} // namespace

class tst_RecordingCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyRecordingMatchesTheExchange_data();
    void everyRecordingMatchesTheExchange();
    void chunkedInputGivesTheSameBooks_data();
    void chunkedInputGivesTheSameBooks();
    void deletedEventsAreGapsAndResyncsRecover();
    void verifyCommandExitCodes();
    void tradesReachTheBookOfTheirMarketAndSymbol();
    void implausibleSymbolsMakeNoBook_data();
    void implausibleSymbolsMakeNoBook();
    void rejectedTextIsEscapedAndCut();
    void verifyReportCannotBeForged();
    void snapshotBeforeTheFirstDepthEventIsKept();
    void verifyNamesInconsistentBooks();
    void marketIsReadFromTheStartOfALongUrl();
    void booksAreBoundedAndFoundByName();
};

void tst_RecordingCheck::everyRecordingMatchesTheExchange_data()
{
    QTest::addColumn<QStringList>("files");
    QTest::addColumn<quint64>("documentedChecks"); // the total SOURCES.md states

    QTest::newRow("spot BTCUSDT 2024, two days")
            << QStringList{dataFile("hftbacktest/spot-btcusdt-20240808.gz"),
                           dataFile("hftbacktest/spot-btcusdt-20240809.gz")}
            << quint64(1072);
    QTest::newRow("usdm BTCUSDT 2024")
            << QStringList{dataFile("hftbacktest/usdm-btcusdt-20240808.gz")} << quint64(629);
    QTest::newRow("spot 10 symbols 2021")
            << QStringList{dataFile("cryptofeed/spot-2021-04-05-10symbols.txt")} << quint64(1152);
    QTest::newRow("spot 4 symbols 2021, http+ws pair")
            << QStringList{dataFile("cryptofeed/spot-2021-10-12-4symbols.ws.txt")}
            << quint64(19 + 6 + 1);
    QTest::newRow("usdm 5 symbols 2021")
            << QStringList{dataFile("cryptofeed/usdm-2021-04-05-5symbols.txt")}
            << quint64(33 + 32 + 46 + 65 + 39);
    QTest::newRow("spot 3 symbols 2021, no bookTicker")
            << QStringList{dataFile("cryptofeed/spot-2021-04-04-btcusdt-ethusdt-dotusdt.txt")}
            << quint64(0);
}

void tst_RecordingCheck::everyRecordingMatchesTheExchange()
{
    QFETCH(QStringList, files);
    QFETCH(quint64, documentedChecks);

    const std::vector<Message> messages = readAll(files);
    QVERIFY(!messages.empty());
    const auto verifierPointer = verify(messages);
    const RecordingVerifier &verifier = *verifierPointer;
    const auto expected = expectedChecks(messages);

    QCOMPARE(verifier.rejectedMessages(), quint64(0));
    quint64 checks = 0;
    for (const auto &[symbol, report] : bySymbol(verifier)) {
        QVERIFY2(expected.count(symbol), qPrintable(symbol));
        QCOMPARE(report.state, SyncState::Synced);
        QCOMPARE(report.sync.syncs, quint64(1));
        QCOMPARE(report.sync.gaps, quint64(0));
        QCOMPARE(report.audit.mismatches, quint64(0));
        QCOMPARE(report.audit.checks, expected.at(symbol));
        checks += report.audit.checks;
    }
    QCOMPARE(bySymbol(verifier).size(), expected.size());
    QCOMPARE(checks, documentedChecks);
}

void tst_RecordingCheck::chunkedInputGivesTheSameBooks_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("hftbacktest");
    QTest::addColumn<int>("maxChunk"); // chunk sizes are drawn from 1..maxChunk

    QTest::newRow("cryptofeed spot, 1-byte chunks")
            << dataFile("cryptofeed/spot-2021-04-05-10symbols.txt") << false << 1;
    QTest::newRow("cryptofeed usdm, up to 7 bytes")
            << dataFile("cryptofeed/usdm-2021-04-05-5symbols.txt") << false << 7;
    QTest::newRow("hftbacktest spot, up to 300 bytes")
            << dataFile("hftbacktest/spot-btcusdt-20240808.gz") << true << 300;
    QTest::newRow("hftbacktest usdm, up to 64 KiB")
            << dataFile("hftbacktest/usdm-btcusdt-20240808.gz") << true << 65536;
}

void tst_RecordingCheck::chunkedInputGivesTheSameBooks()
{
    QFETCH(QString, file);
    QFETCH(bool, hftbacktest);
    QFETCH(int, maxChunk);

    // The hftbacktest files are rebuilt byte for byte from their decoded lines, `<ns> <json>`.
    const std::vector<Message> messages = readAll({file});
    QByteArray bytes;
    if (hftbacktest) {
        for (const Message &message : messages)
            bytes += QByteArray::number(message.receiveTimeNs) + ' ' +
                     QByteArray::fromStdString(message.payload) + '\n';
    } else {
        QFile input(file);
        QVERIFY(input.open(QIODevice::ReadOnly));
        bytes = input.readAll();
    }

    std::unique_ptr<RecordingDecoder> decoder;
    if (hftbacktest)
        decoder = std::make_unique<HftBacktestDecoder>();
    else
        decoder = std::make_unique<CryptofeedDecoder>();

    std::mt19937 random(7);
    RecordingVerifier chunked;
    RecordedMessage message;
    qsizetype position = 0;
    while (position < bytes.size()) {
        const qsizetype size = std::min<qsizetype>(1 + qsizetype(random() % uint(maxChunk)),
                                                   bytes.size() - position);
        decoder->feed(bytes.constData() + position, size_t(size), size_t(size));
        position += size;
        while (decoder->next(message) == RecordingDecoder::Status::Message)
            chunked.process(message);
    }
    decoder->finish();
    RecordingDecoder::Status status;
    while ((status = decoder->next(message)) == RecordingDecoder::Status::Message)
        chunked.process(message);
    QCOMPARE(status, RecordingDecoder::Status::End);

    const auto wholePointer = verify(messages);
    const RecordingVerifier &whole = *wholePointer;
    QCOMPARE(chunked.messages(), whole.messages());
    const auto chunkedReports = bySymbol(chunked);
    const auto wholeReports = bySymbol(whole);
    QCOMPARE(chunkedReports.size(), wholeReports.size());
    for (const auto &[symbol, report] : wholeReports) {
        const auto &other = chunkedReports.at(symbol);
        QCOMPARE(other.lastUpdateId, report.lastUpdateId);
        QCOMPARE(other.sync.depthEvents, report.sync.depthEvents);
        QCOMPARE(other.audit.checks, report.audit.checks);
        QCOMPARE(other.audit.mismatches, quint64(0));
        const OrderBook &a = chunked.tracker(report.market, report.symbol)->sync().book();
        const OrderBook &b = whole.tracker(report.market, report.symbol)->sync().book();
        QCOMPARE(a.topLevels(Side::Bid, 100000), b.topLevels(Side::Bid, 100000));
        QCOMPARE(a.topLevels(Side::Ask, 100000), b.topLevels(Side::Ask, 100000));
    }
}

void tst_RecordingCheck::deletedEventsAreGapsAndResyncsRecover()
{
    const std::vector<Message> original =
            readAll({dataFile("hftbacktest/spot-btcusdt-20240808.gz"),
                     dataFile("hftbacktest/spot-btcusdt-20240809.gz")});
    const quint64 cleanChecks = verify(original)->report().front().audit.checks;

    // Deleted events alone: each is a gap, and with no snapshot to come the book stays down,
    // never published as synced and never checked against a wrong state.
    const auto gapsOnly = verify(withDeletedEvents(original, {1000}, false))->report().front();
    QCOMPARE(gapsOnly.sync.gaps, quint64(1));
    QCOMPARE(gapsOnly.sync.resyncs, quint64(1));
    QCOMPARE(gapsOnly.state, SyncState::Resyncing);
    QCOMPARE(gapsOnly.audit.mismatches, quint64(0));
    QVERIFY(gapsOnly.audit.checks < cleanChecks);

    // With the resync snapshots a recorder would have stored, every resync completes and every
    // check after it matches again.
    const std::vector<Message> copy = withDeletedEvents(original, {1000, 3000, 5000}, true);
    const auto recovered = verify(copy)->report().front();
    QCOMPARE(recovered.sync.gaps, quint64(3));
    QCOMPARE(recovered.sync.resyncs, quint64(3));
    QCOMPARE(recovered.sync.syncs, quint64(4));
    QCOMPARE(recovered.state, SyncState::Synced);
    QCOMPARE(recovered.audit.mismatches, quint64(0));
    QVERIFY2(recovered.audit.checks > cleanChecks * 9 / 10,
             qPrintable(QStringLiteral("%1 of %2").arg(recovered.audit.checks).arg(cleanChecks)));
}

void tst_RecordingCheck::verifyCommandExitCodes()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::vector<Message> original =
            readAll({dataFile("hftbacktest/usdm-btcusdt-20240808.gz")});

    // Raise the quantity of a best bid in the depth event that a bookTicker describes: the audit
    // must catch the difference.
    std::map<qint64, QString> tickerBids;
    for (const Message &message : original) {
        const QJsonObject data = dataOf(message.payload);
        if (data[QLatin1String("e")] == QLatin1String("bookTicker"))
            tickerBids[idOf(data, "u")] = data[QLatin1String("b")].toString();
    }
    std::vector<Message> tampered = original;
    int changed = 0;
    for (size_t i = original.size() / 2; i < tampered.size() && changed == 0; ++i) {
        QJsonObject envelope =
                QJsonDocument::fromJson(QByteArray::fromStdString(tampered[i].payload)).object();
        QJsonObject data = envelope[QLatin1String("data")].toObject();
        const auto ticker = tickerBids.find(idOf(data, "u"));
        if (data[QLatin1String("e")] != QLatin1String("depthUpdate") || ticker == tickerBids.end())
            continue;
        QJsonArray bids = data[QLatin1String("b")].toArray();
        for (qsizetype level = 0; level < bids.size(); ++level) {
            if (bids[level][0].toString() != ticker->second)
                continue;
            bids[level] = QJsonArray{ticker->second, QStringLiteral("12345.6")};
            data[QLatin1String("b")] = bids;
            envelope[QLatin1String("data")] = data;
            tampered[i].payload =
                    QJsonDocument(envelope).toJson(QJsonDocument::Compact).toStdString();
            ++changed;
            break;
        }
    }
    QCOMPARE(changed, 1);

    const QString good = dir.filePath(QStringLiteral("good.mdrec"));
    const QString bad = dir.filePath(QStringLiteral("tampered.mdrec"));
    const QString garbage = dir.filePath(QStringLiteral("garbage.txt"));
    QVERIFY(writeRecording(good, original));
    QVERIFY(writeRecording(bad, tampered));
    QFile file(garbage);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("this is not a recording\n");
    file.close();

    const auto exitCode = [](const QString &path) { return runVerify({path}).exitCode; };
    QCOMPARE(exitCode(good), 0);
    QCOMPARE(exitCode(bad), 1);

    // The second day alone holds no snapshot: nothing fails, and the report says nothing was
    // checked rather than a bare OK.
    const VerifyRun secondDay = runVerify({dataFile("hftbacktest/spot-btcusdt-20240809.gz")});
    QCOMPARE(secondDay.exitCode, 0);
    const QByteArray &report = secondDay.out;
    QVERIFY2(report.contains("1 of 1 books never synced, so nothing of theirs was checked"),
             report.constData());
    QVERIFY2(report.contains("): BTCUSDT\n"), report.constData());

    // With a second market BTCUSDT alone would not say which of the two books never synced.
    const VerifyRun twoMarkets = runVerify({dataFile("hftbacktest/usdm-btcusdt-20240808.gz"),
                                            dataFile("hftbacktest/spot-btcusdt-20240809.gz")});
    QCOMPARE(twoMarkets.exitCode, 0);
    const QByteArray &mixed = twoMarkets.out;
    QVERIFY2(mixed.contains("1 of 2 books never synced"), mixed.constData());
    QVERIFY2(mixed.contains("): spot BTCUSDT\n"), mixed.constData());
    QCOMPARE(exitCode(garbage), 2);
    QFile empty(dir.filePath(QStringLiteral("empty.txt")));
    QVERIFY(empty.open(QIODevice::WriteOnly));
    empty.write("\n\n");
    empty.close();
    QCOMPARE(exitCode(empty.fileName()), 2);
    QCOMPARE(exitCode(dir.filePath(QStringLiteral("missing.gz"))), 2);
}

void tst_RecordingCheck::tradesReachTheBookOfTheirMarketAndSymbol()
{
    // Two books of one symbol in two markets; symbols alike in their first 16 bytes, and
    // symbols of each length the lookup reads its own way (3, 5 and 10 bytes), each next to
    // one that differs in its last byte only.
    const std::string spotUrl = "wss://stream.binance.com:9443/stream?streams=a@depth";
    const std::string usdmUrl = "wss://fstream.binance.com/stream?streams=a@depth";
    const auto depth = [](const std::string &symbol) {
        return R"({"e":"depthUpdate","E":1,"s":")" + symbol +
               R"(","U":1,"u":2,"pu":0,"b":[],"a":[]})";
    };
    const auto trade = [](const std::string &symbol) {
        return R"({"e":"trade","E":1,"T":1,"s":")" + symbol +
               R"(","t":5,"p":"1.0","q":"1.0","m":true})";
    };
    const std::string longA = "ABCDEFGHIJKLMNOPQA", longB = "ABCDEFGHIJKLMNOPQB";
    const std::vector<std::pair<std::string, std::string>> messages = {
            {usdmUrl, depth("BTCUSDT")},    {spotUrl, depth("BTCUSDT")},
            {spotUrl, depth(longA)},        {spotUrl, depth(longB)},
            {spotUrl, depth("ABC")},        {spotUrl, depth("ABCDE")},
            {spotUrl, depth("ABCDEFGHIJ")}, {usdmUrl, trade("BTCUSDT")},
            {"", trade("BTCUSDT")},         {"", trade("BTCUSDT")},
            {spotUrl, trade(longB)},        {spotUrl, trade("ETHUSDT")},
            {spotUrl, trade("ABC")},        {spotUrl, trade("ABD")},
            {spotUrl, trade("ABCDE")},      {spotUrl, trade("ABCDX")},
            {spotUrl, trade("ABCDEFGHIJ")}, {spotUrl, trade("ABCDEFGHIX")}};

    RecordingVerifier verifier;
    for (const auto &[source, payload] : messages) {
        RecordedMessage message;
        message.source = source;
        message.payload = payload;
        message.payloadCapacity = payload.size();
        verifier.process(message);
    }

    // Without a URL a trade goes to the spot book, as the first of its symbol.
    std::map<std::pair<Market, std::string>, quint64> trades;
    for (const auto &report : verifier.report())
        trades[{report.market, report.symbol}] = report.trades;
    QCOMPARE(trades.size(), size_t(7));
    QCOMPARE(trades[std::pair(Market::Spot, std::string("BTCUSDT"))], quint64(2));
    QCOMPARE(trades[std::pair(Market::UsdM, std::string("BTCUSDT"))], quint64(1));
    QCOMPARE(trades[std::pair(Market::Spot, longA)], quint64(0));
    QCOMPARE(trades[std::pair(Market::Spot, longB)], quint64(1));
    for (const std::string symbol : {"ABC", "ABCDE", "ABCDEFGHIJ"})
        QCOMPARE(trades[std::pair(Market::Spot, symbol)], quint64(1));
    QCOMPARE(verifier.unroutedMessages(), quint64(4));
}

void tst_RecordingCheck::implausibleSymbolsMakeNoBook_data()
{
    QTest::addColumn<QByteArray>("jsonSymbol");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("spot") << QByteArray("BTCUSDT") << true;
    QTest::newRow("futures contract") << QByteArray("BTCUSDT_250328") << true;
    QTest::newRow("one byte") << QByteArray("A") << true;
    QTest::newRow("32 bytes") << QByteArray(32, 'A') << true;
    QTest::newRow("33 bytes") << QByteArray(33, 'A') << false;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("lower case") << QByteArray("btcusdt") << false;
    QTest::newRow("arg() placeholders") << QByteArray("%1%9") << false;
    QTest::newRow("forged OK line")
            << QByteArray(R"(EVIL\nOK: 999/999 bookTicker checks matched\u001b[2J)") << false;
    QTest::newRow("NUL") << QByteArray(R"(BTC\u0000USDT)") << false;
    QTest::newRow("space") << QByteArray("BTC USDT") << false;
    QTest::newRow("letters of another script")
            << QByteArray("\xe5\xb8\x81\xe5\xae\x89\xe4\xba\xba\xe7\x94\x9fUSDT") << true;
    QTest::newRow("accented letter") << QByteArray(R"(BTC\u00c9)") << true;
    QTest::newRow("C1 control") << QByteArray(R"(BTC\u009b2J)") << false;
    QTest::newRow("right-to-left override") << QByteArray(R"(BTC\u202eUSDT)") << false;
    QTest::newRow("line separator") << QByteArray(R"(BTC\u2028OK)") << false;
    QTest::newRow("non-breaking space") << QByteArray(R"(BTC\u00a0USDT)") << false;
}

void tst_RecordingCheck::implausibleSymbolsMakeNoBook()
{
    QFETCH(QByteArray, jsonSymbol);
    QFETCH(bool, accepted);

    // Twice: a rejected symbol stays rejected, an accepted one keeps its one book.
    RecordingVerifier verifier;
    for (int i = 0; i < 2; ++i)
        verifier.process(view(Message{1, RecordedMessage::Kind::WebSocket, SpotStreamUrl,
                                      depthEvent(jsonSymbol.toStdString())}));

    QCOMPARE(verifier.report().size(), size_t(accepted ? 1 : 0));
    QCOMPARE(verifier.rejectedMessages(), quint64(accepted ? 0 : 2));
    for (const std::string &problem : verifier.problems()) {
        QVERIFY2(isPrintable(problem), problem.c_str());
        QVERIFY2(problem.find("is not a Binance symbol") != std::string::npos, problem.c_str());
    }
}

void tst_RecordingCheck::rejectedTextIsEscapedAndCut()
{
    // A malformed payload with a line feed and an escape sequence, longer than any excerpt; and
    // a snapshot whose URL names a symbol with the same in it.
    const std::string payload = "{\"e\":\"depthUpdate\"\n\x1b[2J" + std::string(1000, 'x');
    const std::string snapshotUrl =
            "https://api.binance.com/api/v3/depth?symbol=BTC\nUSDT\x1b[2J&limit=10";
    RecordingVerifier verifier;
    verifier.process(view(Message{1, RecordedMessage::Kind::WebSocket, SpotStreamUrl, payload}));
    verifier.process(view(Message{2, RecordedMessage::Kind::Rest, snapshotUrl,
                                  R"({"lastUpdateId":5,"bids":[],"asks":[]})"}));

    QCOMPARE(verifier.rejectedMessages(), quint64(2));
    QVERIFY(verifier.report().empty());
    const std::vector<std::string> &problems = verifier.problems();
    QCOMPARE(problems.size(), size_t(2));
    for (const std::string &problem : problems)
        QVERIFY2(isPrintable(problem) && problem.size() < 400, problem.c_str());
    QVERIFY2(problems[0].find("\"depthUpdate\"\\x0a\\x1b[2Jxxx") != std::string::npos &&
                     problems[0].ends_with("x..."),
             problems[0].c_str());
    QVERIFY2(problems[1].find("symbol \"BTC\\x0aUSDT\\x1b[2J\"") != std::string::npos,
             problems[1].c_str());
}

void tst_RecordingCheck::verifyReportCannotBeForged()
{
    // The tester's file: symbols made to garble the report through arg() and to end it with a
    // forged OK line and a terminal escape, next to one good book.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("forged.mdrec"));
    QVERIFY(writeRecording(
            path,
            {Message{1, RecordedMessage::Kind::WebSocket, SpotStreamUrl, depthEvent("BTCUSDT")},
             Message{2, RecordedMessage::Kind::WebSocket, SpotStreamUrl, depthEvent("%1%9")},
             Message{3, RecordedMessage::Kind::WebSocket, SpotStreamUrl,
                     depthEvent(R"(EVIL\nOK: 9/9 bookTicker checks matched\u001b[2J)")}}));

    const VerifyRun run = runVerify({path});
    QCOMPARE(run.exitCode, 2);
    const QByteArray &out = run.out;
    const QByteArray &err = run.err;
    for (const QByteArray &text : {out, err}) {
        for (const QByteArray &line : text.split('\n'))
            QVERIFY2(isPrintable(line.toStdString()), text.constData());
    }
    QVERIFY2(!out.contains("OK:") && !out.contains("%"), out.constData());
    QVERIFY2(out.endsWith("\nFAILED: 2 messages could not be read\n"), out.constData());
    QVERIFY2(out.contains("\nspot   BTCUSDT "), out.constData());
}

void tst_RecordingCheck::snapshotBeforeTheFirstDepthEventIsKept()
{
    // Without URLs (as in hftbacktest's files) a snapshot names no symbol; one that comes before
    // any depth event waits for the first to name it, and the book syncs from it.
    using Kind = RecordedMessage::Kind;
    const std::vector<Message> messages = {
            {1, Kind::Rest, "", R"({"lastUpdateId":100,"bids":[["10","1"]],"asks":[["11","1"]]})"},
            {2, Kind::WebSocket, "",
             R"({"e":"depthUpdate","E":2,"s":"BTCUSDT","U":101,"u":105,"b":[["10","2"]],"a":[]})"},
            {3, Kind::WebSocket, "",
             R"({"u":105,"s":"BTCUSDT","b":"10","B":"2","a":"11","A":"1"})"},
    };
    const auto verifier = verify(messages);
    QCOMPARE(verifier->rejectedMessages(), quint64(0));
    const auto reports = verifier->report();
    QCOMPARE(reports.size(), size_t(1));
    QCOMPARE(reports.front().symbol, std::string("BTCUSDT"));
    QCOMPARE(reports.front().state, SyncState::Synced);
    QCOMPARE(reports.front().lastUpdateId, qint64(105));
    QCOMPARE(reports.front().audit.checks, quint64(1));
    QCOMPARE(reports.front().audit.mismatches, quint64(0));
}

void tst_RecordingCheck::verifyNamesInconsistentBooks()
{
    // One event with an absurd final id makes the ten after it look old: the book resyncs, and
    // the summary names the inconsistency even though no bookTicker check failed.
    using Kind = RecordedMessage::Kind;
    const auto depth = [](qint64 first, qint64 last) {
        return R"({"e":"depthUpdate","E":1,"s":"BTCUSDT","U":)" + std::to_string(first) +
               R"(,"u":)" + std::to_string(last) + R"(,"b":[["10","1"]],"a":[]})";
    };
    std::vector<Message> messages = {
            {1, Kind::WebSocket, SpotStreamUrl, depth(101, 105)},
            {2, Kind::Rest, "https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=1000",
             R"({"lastUpdateId":100,"bids":[["10","1"]],"asks":[["11","1"]]})"},
            {3, Kind::WebSocket, SpotStreamUrl, depth(106, qint64(1) << 62)},
    };
    for (qint64 id = 107; id < 117; ++id)
        messages.push_back({4, Kind::WebSocket, SpotStreamUrl, depth(id, id)});
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("absurd.mdrec"));
    QVERIFY(writeRecording(path, messages));

    const VerifyRun run = runVerify({path});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("; 0 gaps, 1 resyncs, 1 inconsistencies (a book ahead of its stream"),
             run.out.constData());
}

void tst_RecordingCheck::marketIsReadFromTheStartOfALongUrl()
{
    // Only the first 256 bytes of a URL before its query can name the market, so that a URL of
    // megabytes costs no more per message than a short one.
    const std::string longTail = std::string(16 << 20, 'x');
    const Message named{1, RecordedMessage::Kind::WebSocket,
                        "wss://fstream.binance.com/" + longTail, depthEvent("BTCUSDT")};
    const Message namedTooLate{1, RecordedMessage::Kind::WebSocket,
                               "wss://" + std::string(300, 'x') + ".fstream.binance.com/ws",
                               depthEvent("ETHUSDT")};
    RecordingVerifier verifier;
    for (int i = 0; i < 3; ++i) {
        verifier.process(view(named));
        verifier.process(view(namedTooLate));
    }

    // Neither event has `pu`: USD-M comes from the host, and without a host in reach the event
    // counts as spot.
    const auto reports = verifier.report();
    QCOMPARE(reports.size(), size_t(2));
    for (const auto &report : reports) {
        const Market expected = report.symbol == "BTCUSDT" ? Market::UsdM : Market::Spot;
        QCOMPARE(report.market, expected);
        QCOMPARE(report.sync.depthEvents, quint64(3));
    }
}

void tst_RecordingCheck::booksAreBoundedAndFoundByName()
{
    // One depth event each for more symbols than the bound allows books: the messages past the
    // bound are rejected, and the books made before it keep taking theirs.
    constexpr size_t maxBooks = RecordingVerifier::MaxBooks;
    const auto symbolAt = [](size_t i) { return std::string("S").append(std::to_string(i)); };
    RecordingVerifier verifier;
    for (size_t i = 0; i < maxBooks + 5; ++i)
        verifier.process(view(spotMessage(depthEvent(symbolAt(i)))));
    QCOMPARE(verifier.report().size(), maxBooks);
    QCOMPARE(verifier.rejectedMessages(), quint64(5));
    const std::string bound = "bound of " + std::to_string(maxBooks) + " books";
    QVERIFY2(verifier.problems().back().find(bound) != std::string::npos,
             verifier.problems().back().c_str());

    // Trades spread over all the books reach their own books.
    std::vector<Message> spread;
    for (size_t i = 0; i < 200'000; ++i)
        spread.push_back(spotMessage(tradeEvent(symbolAt(i * 7919 % (maxBooks + 1)))));
    for (const Message &message : spread)
        verifier.process(view(message));

    // The symbol whose book the bound refused has none to take its trades.
    const auto refused = size_t(std::count_if(spread.begin(), spread.end(), [&](const auto &m) {
        return m.payload == tradeEvent(symbolAt(maxBooks));
    }));
    QVERIFY(refused > 0);
    QCOMPARE(verifier.unroutedMessages(), quint64(refused));
    quint64 routed = 0;
    for (const auto &report : verifier.report())
        routed += report.trades;
    QCOMPARE(routed, quint64(spread.size() - refused));
}

QTEST_GUILESS_MAIN(tst_RecordingCheck)
#include "tst_recordingcheck.moc"
