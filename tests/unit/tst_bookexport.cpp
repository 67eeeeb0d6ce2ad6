// Book exports: exact digits, depth, cumulative quantities, CSV as a table, the readers refusing
// damaged files, atomic writes and pruning, and a round trip of books built from recordings.
#include "bookexport.h"
#include "bookexportfile.h"
#include "bookexportformat.h"
#include "bookexportreader.h"
#include "recordingfacts.h"
#include "recordingverifier.h"
#include "symboltracker.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/resource.h>

using namespace md;
using namespace md::test;

Q_DECLARE_METATYPE(md::ExportFormat)

namespace {

Decimal dec(const char *text)
{
    Decimal value;
    if (parseDecimal(text, value) != DecimalError::None)
        qFatal("bad decimal in the test: %s", text);
    return value;
}

// A spot book synced at update id 11, as the exchange would describe it in its snapshot.
void syncBook(SymbolTracker &tracker, std::vector<PriceLevel> bids, std::vector<PriceLevel> asks)
{
    DepthSnapshot snapshot;
    snapshot.lastUpdateId = 10;
    snapshot.bids = std::move(bids);
    snapshot.asks = std::move(asks);
    tracker.onSnapshot(snapshot);

    DepthUpdate event;
    event.symbol = "BTCUSDT";
    event.firstUpdateId = 11;
    event.finalUpdateId = 11;
    event.eventTime = 1700000000123;
    tracker.onDepth(event);
}

BookExport sampleBook()
{
    BookExport book;
    book.symbol = QStringLiteral("BTCUSDT");
    book.market = Market::UsdM;
    book.lastUpdateId = 4242;
    book.eventTime = 1700000000123;
    book.localTime = 1700000000456;
    book.synced = true;
    book.depth = 3;
    book.bids = {PriceLevel{dec("65432.10"), dec("0.5")}, PriceLevel{dec("17.77"), dec("1.25000")},
                 PriceLevel{dec("0.00000001"), dec("0.00000001")}};
    book.asks = {PriceLevel{dec("65432.11"), dec("2.00000000")}};
    return book;
}

QStringList fields(const char *commaSeparated)
{
    return QString::fromLatin1(commaSeparated).split(QLatin1Char(','));
}

QList<QStringList> csvRows(const QByteArray &csv)
{
    QList<QStringList> rows;
    for (const QByteArray &line : csv.split('\n')) {
        if (!line.isEmpty())
            rows.append(QString::fromUtf8(line).split(QLatin1Char(',')));
    }
    return rows;
}

} // namespace

class tst_BookExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void exactDecimalsSurvive_data();
    void exactDecimalsSurvive();
    void depthCutsEachSide();
    void unsyncedBookHasNoLevels_data();
    void unsyncedBookHasNoLevels();
    void cumulativeQuantityIsExact();
    void jsonHoldsEveryFact();
    void csvIsATable();
    void csvSavedWithCrLfIsRead();
    void malformedJsonIsRefused_data();
    void malformedJsonIsRefused();
    void malformedCsvIsRefused_data();
    void malformedCsvIsRefused();
    void writeIsAtomicAndNamedByUpdateId();
    void unwritableFolderIsAClearError();
    void writeCutShortLeavesNoFile();
    void writeToAChosenPathReplacesItWhole();
    void unwritableChosenPathIsAClearError();
    void pruneKeepsTheNewestAndNothingElse();
    void readmeExamplesAreReadable();
    void roundTripOfARecordedBook_data();
    void roundTripOfARecordedBook();
};

void tst_BookExport::exactDecimalsSurvive_data()
{
    QTest::addColumn<QString>("price");
    QTest::addColumn<QString>("quantity");
    QTest::newRow("two decimals") << QStringLiteral("17.77") << QStringLiteral("17.77");
    QTest::newRow("smallest unit") << QStringLiteral("0.00000001") << QStringLiteral("0.00000001");
    QTest::newRow("trailing zero") << QStringLiteral("65432.10") << QStringLiteral("65432.10");
    QTest::newRow("eight zeros") << QStringLiteral("65432.00000000")
                                 << QStringLiteral("1.00000000");
    QTest::newRow("whole number") << QStringLiteral("65432") << QStringLiteral("3");
}

void tst_BookExport::exactDecimalsSurvive()
{
    QFETCH(QString, price);
    QFETCH(QString, quantity);
    BookExport book = sampleBook();
    book.depth = 0;
    book.bids = {
            PriceLevel{dec(price.toLatin1().constData()), dec(quantity.toLatin1().constData())}};

    // Read with Qt's JSON parser and by splitting the CSV, not with our readers.
    const QJsonObject json = QJsonDocument::fromJson(bookexportformat::toJson(book)).object();
    const QJsonArray bid = json[QLatin1String("bids")][0].toArray();
    QCOMPARE(bid[0].toString(), price);
    QCOMPARE(bid[1].toString(), quantity);
    QCOMPARE(bid[2].toString(), quantity);
    const QStringList row = csvRows(bookexportformat::toCsv(book)).at(1);
    QCOMPARE(row.mid(10), (QStringList{price, quantity, quantity}));

    for (const ExportFormat format : {ExportFormat::Json, ExportFormat::Csv}) {
        QString error;
        const auto back =
                bookexportreader::read(bookexportformat::serialise(book, format), format, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->bids.at(0).price.toString(), price.toStdString());
        QCOMPARE(back->bids.at(0).quantity.toString(), quantity.toStdString());
        QVERIFY(*back == book);
    }
}

void tst_BookExport::depthCutsEachSide()
{
    SymbolTracker tracker(Market::Spot, "BTCUSDT");
    syncBook(tracker,
             {PriceLevel{dec("100.3"), dec("1")}, PriceLevel{dec("100.2"), dec("2")},
              PriceLevel{dec("100.1"), dec("3")}},
             {PriceLevel{dec("100.5"), dec("4")}});
    QVERIFY(tracker.sync().isSynced());

    const BookExport top2 = BookExport::take(tracker, 2, 99);
    QCOMPARE(top2.bids, (std::vector<PriceLevel>{PriceLevel{dec("100.3"), dec("1")},
                                                 PriceLevel{dec("100.2"), dec("2")}}));
    QCOMPARE(top2.asks, (std::vector<PriceLevel>{PriceLevel{dec("100.5"), dec("4")}}));
    QCOMPARE(top2.depth, size_t(2));
    QCOMPARE(top2.lastUpdateId, 11);
    QCOMPARE(top2.eventTime, 1700000000123);
    QCOMPARE(top2.localTime, 99);

    const BookExport whole = BookExport::take(tracker, 0, 99);
    QCOMPARE(whole.bids.size(), size_t(3));
    QCOMPARE(whole.bids.back(), (PriceLevel{dec("100.1"), dec("3")}));
    QCOMPARE(whole.asks.size(), size_t(1));
}

void tst_BookExport::unsyncedBookHasNoLevels_data()
{
    QTest::addColumn<ExportFormat>("format");
    QTest::newRow("json") << ExportFormat::Json;
    QTest::newRow("csv") << ExportFormat::Csv;
}

void tst_BookExport::unsyncedBookHasNoLevels()
{
    QFETCH(ExportFormat, format);
    SymbolTracker tracker(Market::Spot, "ETHUSDT");
    DepthSnapshot snapshot;
    snapshot.lastUpdateId = 10;
    snapshot.bids = {PriceLevel{dec("1"), dec("1")}};
    tracker.onSnapshot(snapshot); // a snapshot alone, no bridging event: not synced
    QVERIFY(!tracker.sync().isSynced());

    const BookExport book = BookExport::take(tracker, 0, 5);
    QVERIFY(!book.synced);
    QVERIFY(book.bids.empty() && book.asks.empty());
    QString error;
    const auto back =
            bookexportreader::read(bookexportformat::serialise(book, format), format, &error);
    QVERIFY2(back, qPrintable(error));
    QVERIFY(*back == book);
}

void tst_BookExport::cumulativeQuantityIsExact()
{
    // 0.5 + 1.25000 + 0.00000001, and a sum past 2^63 units of 1e-8.
    const std::vector<PriceLevel> levels = {PriceLevel{dec("3"), dec("0.5")},
                                            PriceLevel{dec("2"), dec("1.25000")},
                                            PriceLevel{dec("1"), dec("0.00000001")}};
    QCOMPARE(cumulativeQuantities(levels),
             (std::vector<std::string>{"0.5", "1.75000", "1.75000001"}));
    const std::vector<PriceLevel> huge(3, PriceLevel{dec("1"), dec("90000000000")});
    QCOMPARE(cumulativeQuantities(huge),
             (std::vector<std::string>{"90000000000", "180000000000", "270000000000"}));
    QCOMPARE(cumulativeQuantities({}), std::vector<std::string>{});
}

void tst_BookExport::jsonHoldsEveryFact()
{
    const QByteArray text = bookexportformat::toJson(sampleBook());
    QJsonParseError error;
    const QJsonObject json = QJsonDocument::fromJson(text, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(json[QLatin1String("version")].toInteger(), 1);
    QCOMPARE(json[QLatin1String("symbol")].toString(), QStringLiteral("BTCUSDT"));
    QCOMPARE(json[QLatin1String("market")].toString(), QStringLiteral("usdm"));
    QCOMPARE(json[QLatin1String("last_update_id")].toInteger(), 4242);
    QCOMPARE(json[QLatin1String("event_time")].toInteger(), 1700000000123);
    QCOMPARE(json[QLatin1String("local_time")].toInteger(), 1700000000456);
    QCOMPARE(json[QLatin1String("synced")].toBool(), true);
    QCOMPARE(json[QLatin1String("depth")].toInteger(), 3);
    QCOMPARE(json[QLatin1String("bids")].toArray().size(), 3);
    QCOMPARE(json[QLatin1String("bids")][1].toArray(),
             (QJsonArray{QStringLiteral("17.77"), QStringLiteral("1.25000"),
                         QStringLiteral("1.75000")}));
    QCOMPARE(json[QLatin1String("asks")][0].toArray(),
             (QJsonArray{QStringLiteral("65432.11"), QStringLiteral("2.00000000"),
                         QStringLiteral("2.00000000")}));
    QVERIFY(text.endsWith("}\n"));
}

void tst_BookExport::csvIsATable()
{
    const QList<QStringList> rows = csvRows(bookexportformat::toCsv(sampleBook()));
    QCOMPARE(rows.size(), 1 + 3 + 1);
    QCOMPARE(rows[0], QStringLiteral("version,symbol,market,last_update_id,event_time,local_time,"
                                     "synced,depth,side,level,price,quantity,cumulative_quantity")
                              .split(QLatin1Char(',')));
    for (const QStringList &row : rows)
        QCOMPARE(row.size(), 13);
    const QStringList facts = QStringLiteral("1,BTCUSDT,usdm,4242,1700000000123,1700000000456,"
                                             "true,3")
                                      .split(QLatin1Char(','));
    QCOMPARE(rows[1], facts + fields("bid,1,65432.10,0.5,0.5"));
    QCOMPARE(rows[2], facts + fields("bid,2,17.77,1.25000,1.75000"));
    QCOMPARE(rows[3], facts + fields("bid,3,0.00000001,0.00000001,1.75000001"));
    QCOMPARE(rows[4], facts + fields("ask,1,65432.11,2.00000000,2.00000000"));
}

void tst_BookExport::csvSavedWithCrLfIsRead()
{
    QByteArray text = bookexportformat::toCsv(sampleBook());
    text.replace("\n", "\r\n");
    QString error;
    const auto back = bookexportreader::fromCsv(text, &error);
    QVERIFY2(back, qPrintable(error));
    QVERIFY(*back == sampleBook());
}

void tst_BookExport::malformedJsonIsRefused_data()
{
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    QTest::addColumn<QString>("reason");
    const auto row = [](const char *name, const char *from, const char *to, const char *reason) {
        QTest::newRow(name) << QByteArray(from) << QByteArray(to) << QString::fromUtf8(reason);
    };
    row("not json", "{\"version\"", "{version", "not JSON");
    row("newer version", "\"version\":1", "\"version\":2", "version 2");
    row("version as text", "\"version\":1", "\"version\":\"1\"", "version: expected a whole");
    row("missing key", "\"depth\":3,", "", "depth: missing");
    row("unknown key", "\"depth\":3,", "\"depth\":3,\"extra\":1,", "extra: unknown key");
    row("bad market", "\"usdm\"", "\"coinm\"", "expected spot or usdm");
    row("bad symbol", "\"BTCUSDT\"", "\"btc usdt\"", "is not a symbol");
    row("price as number", "[\"17.77\"", "[17.77", "as strings");
    row("price not a number", "\"17.77\"", "\"17,77\"", "bids level 2: price");
    row("nine decimals", "\"17.77\"", "\"17.777777777\"", "more than 8 decimal places");
    row("negative quantity", "\"1.25000\"", "\"-1.25000\"", "negative number");
    row("zero quantity", "\"0.5\",\"0.5\"", "\"0\",\"0.5\"", "above zero");
    row("wrong sum", "\"1.75000\"", "\"1.75\"", "cumulative quantity");
    row("out of order", "\"17.77\"", "\"99999.77\"", "out of book order");
    row("deeper than depth", "\"depth\":3", "\"depth\":2", "more than depth 2");
    row("negative id", "\"last_update_id\":4242", "\"last_update_id\":-1", "must not be negative");
    row("huge id", "\"last_update_id\":4242", "\"last_update_id\":1e300", "whole number");
}

void tst_BookExport::malformedJsonIsRefused()
{
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QFETCH(QString, reason);
    QByteArray text = bookexportformat::toJson(sampleBook());
    QVERIFY2(text.contains(from), text.constData());
    text.replace(text.indexOf(from), from.size(), to);

    QString error;
    QVERIFY(!bookexportreader::fromJson(text, &error));
    QVERIFY2(error.contains(reason), qPrintable(error));
}

void tst_BookExport::malformedCsvIsRefused_data()
{
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    QTest::addColumn<QString>("reason");
    const auto row = [](const char *name, const char *from, const char *to, const char *reason) {
        QTest::newRow(name) << QByteArray(from) << QByteArray(to) << QString::fromUtf8(reason);
    };
    row("no header", "version,symbol", "symbol", "line 1: expected the header");
    row("missing column", ",0.5,0.5\n", ",0.5\n", "line 2: 12 columns");
    row("newer version", "\n1,BTCUSDT", "\n2,BTCUSDT", "version 2");
    row("facts change", "\n1,BTCUSDT,usdm,4242,1700000000123,1700000000456,true,3,bid,2",
        "\n1,BTCUSDT,usdm,4243,1700000000123,1700000000456,true,3,bid,2", "line 3: the book's");
    row("bad side", ",bid,2,", ",buy,2,", "side \"buy\"");
    row("level skipped", ",bid,2,", ",bid,5,", "level \"5\", expected 2");
    row("asks first", ",bid,1,", ",ask,1,", "bids must come before asks");
    row("bad price", ",17.77,", ",1e3,", "line 3: price \"1e3\"");
    row("wrong sum", ",1.75000\n", ",1.7\n", "cumulative quantity \"1.7\"");
    row("bad synced", ",true,", ",yes,", "synced: expected true or false");
    row("empty", "", "", "");
}

void tst_BookExport::malformedCsvIsRefused()
{
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QFETCH(QString, reason);
    QByteArray text = bookexportformat::toCsv(sampleBook());
    if (from.isEmpty())
        text.clear();
    else
        text.replace(text.indexOf(from), from.size(), to);
    QVERIFY(!from.isEmpty() || text.isEmpty());

    QString error;
    QVERIFY(!bookexportreader::fromCsv(text, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains(reason), qPrintable(error));
}

void tst_BookExport::writeIsAtomicAndNamedByUpdateId()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = dir.filePath(QStringLiteral("new/sub"));
    const BookExport book = sampleBook();

    for (const ExportFormat format : {ExportFormat::Json, ExportFormat::Csv}) {
        QString error;
        const QString path = bookexportfile::write(book, format, folder, &error);
        QVERIFY2(!path.isEmpty(), qPrintable(error));
        QCOMPARE(QFileInfo(path).fileName(),
                 QStringLiteral("BTCUSDT-usdm-4242.") + exportFormatName(format));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), bookexportformat::serialise(book, format));
    }
    // Only the two files: no temporary file is left behind.
    QCOMPARE(QDir(folder).entryList(QDir::Files | QDir::Hidden),
             fields("BTCUSDT-usdm-4242.csv,BTCUSDT-usdm-4242.json"));
}

void tst_BookExport::unwritableFolderIsAClearError()
{
    // Root may write anywhere, so the folder lies below a regular file, which no one can create.
    QTemporaryDir dir;
    QFile blocker(dir.filePath(QStringLiteral("a-file")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();

    for (const QString &folder :
         {blocker.fileName() + QStringLiteral("/exports"), QStringLiteral("/proc/md-exports")}) {
        QString error;
        QVERIFY(bookexportfile::write(sampleBook(), ExportFormat::Json, folder, &error).isEmpty());
        QVERIFY2(error.contains(folder), qPrintable(error));
    }

    // The file in the way is named, as the folder itself or above it.
    for (const QString &folder :
         {blocker.fileName(), blocker.fileName() + QStringLiteral("/exports/deeper")}) {
        QString error;
        QVERIFY(bookexportfile::write(sampleBook(), ExportFormat::Json, folder, &error).isEmpty());
        QVERIFY2(error.endsWith(blocker.fileName() + QStringLiteral(" is a file, not a folder")),
                 qPrintable(error));
    }

    // A folder that exists but cannot take a file: the file's own path is named.
    QString error;
    QVERIFY(bookexportfile::write(sampleBook(), ExportFormat::Csv, QStringLiteral("/proc"), &error)
                    .isEmpty());
    QVERIFY2(error.contains(QStringLiteral("/proc/BTCUSDT-usdm-4242.csv")), qPrintable(error));
}

void tst_BookExport::writeCutShortLeavesNoFile()
{
    // A file size limit makes the kernel refuse the write half way, as a full disk would.
    QTemporaryDir dir;
    rlimit before{};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &before), 0);
    const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = before;
    small.rlim_cur = 64;
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);

    QString error;
    const QString path =
            bookexportfile::write(sampleBook(), ExportFormat::Json, dir.path(), &error);
    setrlimit(RLIMIT_FSIZE, &before);
    std::signal(SIGXFSZ, oldHandler);

    QVERIFY(path.isEmpty());
    QVERIFY2(error.startsWith(QStringLiteral("cannot write ") + dir.path() +
                              QStringLiteral("/BTCUSDT-usdm-4242.json: ")),
             qPrintable(error));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList());
}

void tst_BookExport::writeToAChosenPathReplacesItWhole()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("my book.txt"));
    {
        // A longer file already there: the export must replace it, not write over its start.
        QFile old(path);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write(QByteArray(100'000, 'x'));
    }

    for (const ExportFormat format : {ExportFormat::Json, ExportFormat::Csv}) {
        QString error;
        QVERIFY2(bookexportfile::writeTo(sampleBook(), format, path, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), bookexportformat::serialise(sampleBook(), format));
    }
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), fields("my book.txt"));
}

void tst_BookExport::unwritableChosenPathIsAClearError()
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath(QStringLiteral("a-file")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();

    // Below a regular file, in a folder no one may write, and a folder itself.
    for (const QString &path : {blocker.fileName() + QStringLiteral("/book.json"),
                                QStringLiteral("/proc/book.json"), dir.path()}) {
        QString error;
        QVERIFY(!bookexportfile::writeTo(sampleBook(), ExportFormat::Json, path, &error));
        QVERIFY2(error.contains(path), qPrintable(error));
    }
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), fields("a-file"));
}

void tst_BookExport::pruneKeepsTheNewestAndNothingElse()
{
    QTemporaryDir dir;
    const QStringList names = fields("BTCUSDT-spot-9.json,BTCUSDT-spot-10.csv,"
                                     "BTCUSDT-spot-100.json,BTCUSDT-spot-11.json,"
                                     "BTCUSDT-usdm-1.json,ETHUSDT-spot-1.json,"
                                     "BTCUSDT-spot-12.json.x,BTCUSDT-spot-x.json,notes.txt");
    for (const QString &name : names) {
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
    }

    QString error;
    QCOMPARE(bookexportfile::prune(dir.path(), QStringLiteral("BTCUSDT"), Market::Spot, 2, &error),
             2);
    QVERIFY(error.isEmpty());
    QStringList expected = names;
    expected.removeOne(QStringLiteral("BTCUSDT-spot-9.json"));
    expected.removeOne(QStringLiteral("BTCUSDT-spot-10.csv"));
    expected.sort();
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), expected);
    QCOMPARE(bookexportfile::prune(dir.path(), QStringLiteral("BTCUSDT"), Market::Spot, 2, &error),
             0);
}

void tst_BookExport::readmeExamplesAreReadable()
{
    QFile readme(QStringLiteral(MD_SOURCE_DIR "/README.md"));
    QVERIFY(readme.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(readme.readAll());

    // The code block after each format's introduction.
    const auto example = [&](const char *intro) {
        const qsizetype start =
                text.indexOf(QLatin1String("```"), text.indexOf(QLatin1String(intro)));
        const qsizetype body = text.indexOf(QLatin1Char('\n'), start) + 1;
        return text.mid(body, text.indexOf(QLatin1String("```"), body) - body).toUtf8();
    };
    QString error;
    const auto json = bookexportreader::fromJson(example("**JSON** is one object"), &error);
    QVERIFY2(json, qPrintable(error));
    const auto csv = bookexportreader::fromCsv(example("**CSV** is a header row"), &error);
    QVERIFY2(csv, qPrintable(error));
    QVERIFY(*json == *csv);
    QCOMPARE(json->bids.size(), size_t(2));
    QCOMPARE(json->asks.size(), size_t(2));
}

void tst_BookExport::roundTripOfARecordedBook_data()
{
    QTest::addColumn<QStringList>("files");
    QTest::addColumn<QString>("symbol");
    QTest::addColumn<bool>("usdm");
    QTest::newRow("spot BTCUSDT 2024")
            << QStringList{dataFile("hftbacktest/spot-btcusdt-20240808.gz")}
            << QStringLiteral("BTCUSDT") << false;
    QTest::newRow("usdm BTCUSDT 2024")
            << QStringList{dataFile("hftbacktest/usdm-btcusdt-20240808.gz")}
            << QStringLiteral("BTCUSDT") << true;
}

void tst_BookExport::roundTripOfARecordedBook()
{
    QFETCH(QStringList, files);
    QFETCH(QString, symbol);
    QFETCH(bool, usdm);
    const std::vector<Message> messages = readAll(files);
    QVERIFY(!messages.empty());
    RecordingVerifier verifier;
    for (const Message &message : messages)
        verifier.process(view(message));
    const SymbolTracker *tracker =
            verifier.tracker(usdm ? Market::UsdM : Market::Spot, symbol.toStdString());
    QVERIFY(tracker && tracker->sync().isSynced());

    const BookExport book = BookExport::take(*tracker, 0, 1);
    const OrderBook &engineBook = tracker->sync().book();
    QCOMPARE(book.bids.size(), engineBook.bidCount());
    QCOMPARE(book.asks.size(), engineBook.askCount());
    QVERIFY(book.bids.size() > 100 && book.asks.size() > 100);

    // The best levels, as Binance wrote them, from the recording read without the engine.
    const FinalState expected = finalState(messages, symbol, usdm);
    QCOMPARE(book.lastUpdateId, expected.lastUpdateId);
    QCOMPARE(QString::fromStdString(book.bids[0].price.toString()), expected.top.bidPrice);
    QCOMPARE(QString::fromStdString(book.bids[0].quantity.toString()), expected.top.bidQuantity);
    QCOMPARE(QString::fromStdString(book.asks[0].price.toString()), expected.top.askPrice);
    QCOMPARE(QString::fromStdString(book.asks[0].quantity.toString()), expected.top.askQuantity);

    QTemporaryDir dir;
    for (const ExportFormat format : {ExportFormat::Json, ExportFormat::Csv}) {
        QString error;
        const QString path = bookexportfile::write(book, format, dir.path(), &error);
        QVERIFY2(!path.isEmpty(), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto back = bookexportreader::read(file.readAll(), format, &error);
        QVERIFY2(back, qPrintable(error));

        // Every level read back is the engine's level, digit for digit.
        size_t index = 0;
        engineBook.forEachLevel(Side::Bid, engineBook.bidCount(), [&](const PriceLevel &level) {
            QCOMPARE(back->bids.at(index).price.toString(), level.price.toString());
            QCOMPARE(back->bids.at(index++).quantity.toString(), level.quantity.toString());
        });
        QCOMPARE(index, back->bids.size());
        index = 0;
        engineBook.forEachLevel(Side::Ask, engineBook.askCount(), [&](const PriceLevel &level) {
            QCOMPARE(back->asks.at(index).price.toString(), level.price.toString());
            QCOMPARE(back->asks.at(index++).quantity.toString(), level.quantity.toString());
        });
        QCOMPARE(index, back->asks.size());
        QVERIFY(*back == book);
    }
}

QTEST_GUILESS_MAIN(tst_BookExport)
#include "tst_bookexport.moc"
