// Book exports end to end: market-data-replay serves a real Binance recording on loopback, and
// `market-data-monitor export`, the service's /snapshot endpoint and its periodic exports write
// books that are read back and compared with the book rebuilt from the recording without the
// engine.
#include "bookexportformat.h"
#include "bookexportreader.h"
#include "monitorprocess.h"
#include "recordingfacts.h"
#include "servicefixture.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTest>

#include <map>

using namespace md;
using namespace md::test;

namespace {

const QString MonitorProgram = QStringLiteral(MD_BINARY_DIR "/app/monitor/market-data-monitor");
const char *const SpotRecording = "cryptofeed/spot-2021-04-05-10symbols.txt";
const char *const UsdmRecording = "cryptofeed/usdm-2021-04-05-5symbols.txt";

// The book of `symbol` as of update id `updateId`, rebuilt with Qt's JSON parser from the
// recording: its REST snapshot, then every depth event the snapshot does not already hold (spot
// u > lastUpdateId, USD-M u >= lastUpdateId) up to that id. Nothing when the recording never
// reaches exactly that id.
std::optional<ReferenceBook> referenceAt(const std::vector<Message> &messages,
                                         const QString &symbol, bool usdm, qint64 updateId)
{
    ReferenceBook book;
    qint64 snapshotId = -1;
    bool reached = false;
    std::vector<QJsonObject> early;
    const auto apply = [&](const QJsonObject &event) {
        const qint64 id = idOf(event, "u");
        if ((usdm ? id < snapshotId : id <= snapshotId) || id > updateId)
            return;
        book.applyBids(event[QLatin1String("b")].toArray());
        book.applyAsks(event[QLatin1String("a")].toArray());
        reached = reached || idOf(event, "u") == updateId;
    };

    for (const Message &message : messages) {
        const QJsonObject data = dataOf(message.payload);
        const bool ours =
                QString::fromStdString(message.source).contains(QStringLiteral("symbol=") + symbol);
        if (message.kind == RecordedMessage::Kind::Rest && ours && snapshotId < 0) {
            snapshotId = idOf(data, "lastUpdateId");
            reached = snapshotId == updateId;
            book.applyBids(data[QLatin1String("bids")].toArray());
            book.applyAsks(data[QLatin1String("asks")].toArray());
            for (const QJsonObject &event : early)
                apply(event);
        } else if (data[QLatin1String("e")] == QLatin1String("depthUpdate") &&
                   data[QLatin1String("s")] == symbol) {
            if (snapshotId < 0)
                early.push_back(data);
            else
                apply(data);
        }
    }
    if (!reached)
        return std::nullopt;
    return book;
}

// Every exported level equals the rebuilt book's, best first, in the exchange's own digits.
template<typename Side>
bool sameLevels(const std::vector<PriceLevel> &exported, const Side &reference, QString *why)
{
    auto expected = reference.begin();
    for (size_t i = 0; i < exported.size(); ++i, ++expected) {
        if (expected == reference.end()) {
            *why = QStringLiteral("level %1 is not in the rebuilt book").arg(i + 1);
            return false;
        }
        const QString price = QString::fromStdString(exported[i].price.toString());
        const QString quantity = QString::fromStdString(exported[i].quantity.toString());
        if (price != expected->second.first || quantity != expected->second.second) {
            *why = QStringLiteral("level %1: exported %2 x %3, rebuilt %4 x %5")
                           .arg(i + 1)
                           .arg(price, quantity, expected->second.first, expected->second.second);
            return false;
        }
    }
    return true;
}

} // namespace

class tst_Export : public QObject, private ServiceFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void exportWritesEachBookAsTheExchangeHadIt_data();
    void exportWritesEachBookAsTheExchangeHadIt();
    void exportTimeoutNamesTheBooksThatNeverSynced();
    void exportStoppedBySignalNamesTheBooksNotWritten();
    void exportOfAnUnknownSymbolExits4();
    void exportToAnUnwritableFolderExits7();
    void exportPastAFileSizeLimitExits7();
    void exportRefusesBadOptions_data();
    void exportRefusesBadOptions();
    void serviceAnswersSnapshotRequests();
    void periodicExportsArePrunedAndFailuresCounted();
    void periodicExportsToAnUnwritableFolderWarnAndRunOn();
    void periodicExportsKeepUpInAFolderOfManyExports();

private:
    void startReplay(const QStringList &flags = {}, const char *recording = SpotRecording);
    void startService(const QString &extraYaml, const QStringList &symbols);
    int runExport(const QStringList &arguments);
    void checkAgainstRecording(const BookExport &book, size_t depth);

    std::map<Market, std::vector<Message>> m_messages;
    // Both the export command, whose standard output lists the files it wrote, and the service.
    QProcess m_monitor;
    qint64 m_fileSizeLimit = 0; // the exports' ulimit -f in bytes; 0 is none
};

void tst_Export::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(hasRedisServer(), "redis-server is not installed");
    m_messages[Market::Spot] = readAll({dataFile(SpotRecording)});
    m_messages[Market::UsdM] = readAll({dataFile(UsdmRecording)});
    QVERIFY(!m_messages[Market::Spot].empty() && !m_messages[Market::UsdM].empty());
}

void tst_Export::init()
{
    pickPorts();
    m_fileSizeLimit = 0;
}

void tst_Export::cleanup()
{
    if (QTest::currentTestFailed())
        dumpLogs(m_monitor.readAllStandardError());
    m_monitor.kill();
    m_monitor.waitForFinished();
    stopServers();
}

void tst_Export::startReplay(const QStringList &flags, const char *recording)
{
    QVERIFY(m_replay.start(m_replayPort, {dataFile(recording)}, flags));
}

void tst_Export::startService(const QString &extraYaml, const QStringList &symbols)
{
    QVERIFY(startRedis());
    const QString config = writeConfigFile("symbols: [" + symbols.join(u',').toUtf8() + "]\n" +
                                           endpointsYaml() + extraYaml.toUtf8());
    QVERIFY(!config.isEmpty());

    dieWithParent(m_monitor);
    m_monitor.start(MonitorProgram,
                    {QStringLiteral("--no-gui"), QStringLiteral("--config"), config});
    QVERIFY(m_monitor.waitForStarted());
}

int tst_Export::runExport(const QStringList &arguments)
{
    if (m_fileSizeLimit > 0)
        dieWithParentLimitingFiles(m_monitor, m_fileSizeLimit);
    else
        dieWithParent(m_monitor);
    m_monitor.start(MonitorProgram,
                    QStringList{QStringLiteral("export"), QStringLiteral("--ws-url"),
                                QStringLiteral("ws://127.0.0.1:%1").arg(m_replayPort),
                                QStringLiteral("--rest-url"),
                                QStringLiteral("http://127.0.0.1:%1").arg(m_replayPort)} +
                            arguments);
    if (!m_monitor.waitForFinished(60'000))
        return -1;
    return m_monitor.exitStatus() == QProcess::NormalExit ? m_monitor.exitCode() : -1;
}

void tst_Export::checkAgainstRecording(const BookExport &book, size_t depth)
{
    QVERIFY(book.synced);
    QCOMPARE(book.depth, depth);
    QVERIFY(book.eventTime > 0 && book.localTime > book.eventTime);
    const std::optional<ReferenceBook> reference = referenceAt(
            m_messages[book.market], book.symbol, book.market == Market::UsdM, book.lastUpdateId);
    QVERIFY2(reference, qPrintable(QStringLiteral("%1 never reaches update id %2 in the recording")
                                           .arg(book.symbol)
                                           .arg(book.lastUpdateId)));
    QCOMPARE(book.bids.size(), std::min(depth, reference->bids.size()));
    QCOMPARE(book.asks.size(), std::min(depth, reference->asks.size()));
    QString why;
    QVERIFY2(sameLevels(book.bids, reference->bids, &why),
             qPrintable(book.symbol + QStringLiteral(": ") + why));
    QVERIFY2(sameLevels(book.asks, reference->asks, &why),
             qPrintable(book.symbol + QStringLiteral(": ") + why));
}

void tst_Export::exportWritesEachBookAsTheExchangeHadIt_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("market");
    QTest::addColumn<QString>("symbols");
    const QString spot = QStringLiteral("MANAUSDT,zilusdt,DENTUSDT");
    const QString usdm = QStringLiteral("NEOUSDT,SANDUSDT,CHRUSDT");
    QTest::newRow("spot json") << QStringLiteral("json") << QStringLiteral("spot") << spot;
    QTest::newRow("spot csv") << QStringLiteral("csv") << QStringLiteral("spot") << spot;
    QTest::newRow("usdm json") << QStringLiteral("json") << QStringLiteral("usdm") << usdm;
}

void tst_Export::exportWritesEachBookAsTheExchangeHadIt()
{
    QFETCH(QString, format);
    QFETCH(QString, market);
    QFETCH(QString, symbols);
    const QString output = m_dir.filePath(QStringLiteral("once-%1-%2").arg(market, format));
    const bool usdm = market == QLatin1String("usdm");
    startReplay({QStringLiteral("--speed"), QStringLiteral("1")},
                usdm ? UsdmRecording : SpotRecording);

    QCOMPARE(runExport({QStringLiteral("--market"), market, QStringLiteral("--symbols"), symbols,
                        QStringLiteral("--format"), format, QStringLiteral("--depth"),
                        QStringLiteral("20"), QStringLiteral("--output"), output}),
             0);

    // One path a line on standard output, one file a symbol, named by its update id.
    const QStringList paths =
            QString::fromUtf8(m_monitor.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(paths.size(), 3);
    QCOMPARE(QDir(output).entryList(QDir::Files).size(), 3);
    QStringList exported;
    for (const QString &path : paths) {
        QFile file(path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
        QString error;
        const auto book =
                bookexportreader::read(file.readAll(), *exportFormatFromName(format), &error);
        QVERIFY2(book, qPrintable(path + QStringLiteral(": ") + error));
        QCOMPARE(QFileInfo(path).fileName(), QStringLiteral("%1-%2-%3.%4")
                                                     .arg(book->symbol, market)
                                                     .arg(book->lastUpdateId)
                                                     .arg(format));
        QCOMPARE(marketName(book->market), market);
        checkAgainstRecording(*book, 20);
        if (QTest::currentTestFailed())
            return;
        exported.append(book->symbol);
    }
    QStringList expected = symbols.toUpper().split(u',');
    expected.sort();
    exported.sort();
    QCOMPARE(exported, expected);
}

void tst_Export::exportTimeoutNamesTheBooksThatNeverSynced()
{
    // Every snapshot request is refused with a minute's Retry-After: no book can sync.
    startReplay({QStringLiteral("--speed"), QStringLiteral("1"), QStringLiteral("--snapshot-error"),
                 QStringLiteral("429"), QStringLiteral("--snapshot-error-count"),
                 QStringLiteral("1000"), QStringLiteral("--retry-after"), QStringLiteral("60")});
    const QString output = m_dir.filePath(QStringLiteral("timeout"));

    QCOMPARE(runExport({QStringLiteral("--symbols"), QStringLiteral("MANAUSDT,ZILUSDT"),
                        QStringLiteral("--timeout"), QStringLiteral("2"),
                        QStringLiteral("--output"), output}),
             6);
    const QByteArray log = m_monitor.readAllStandardError();
    QVERIFY2(log.contains("MANAUSDT,ZILUSDT: not synced within --timeout 2 s"), log.constData());
    QVERIFY(QDir(output).entryList(QDir::Files).isEmpty());
}

void tst_Export::exportStoppedBySignalNamesTheBooksNotWritten()
{
    startReplay({QStringLiteral("--speed"), QStringLiteral("1"), QStringLiteral("--snapshot-error"),
                 QStringLiteral("429"), QStringLiteral("--snapshot-error-count"),
                 QStringLiteral("1000"), QStringLiteral("--retry-after"), QStringLiteral("60")});
    dieWithParent(m_monitor);
    m_monitor.start(MonitorProgram,
                    {QStringLiteral("export"), QStringLiteral("--symbols=ZILUSDT"),
                     QStringLiteral("--ws-url=ws://127.0.0.1:%1").arg(m_replayPort),
                     QStringLiteral("--rest-url=http://127.0.0.1:%1").arg(m_replayPort),
                     QStringLiteral("--output"), m_dir.filePath(QStringLiteral("interrupted"))});
    QVERIFY(m_monitor.waitForStarted());
    QByteArray log;
    QTRY_VERIFY_WITH_TIMEOUT((log += m_monitor.readAllStandardError()).contains("connected to"),
                             10'000);

    m_monitor.terminate();
    QVERIFY(m_monitor.waitForFinished(5000));
    QCOMPARE(m_monitor.exitCode(), 6);
    log += m_monitor.readAllStandardError();
    QVERIFY2(log.contains("ZILUSDT: interrupted by signal 15; nothing written for them"),
             log.constData());
}

void tst_Export::exportOfAnUnknownSymbolExits4()
{
    startReplay({QStringLiteral("--speed"), QStringLiteral("1")});
    QCOMPARE(runExport({QStringLiteral("--symbols"), QStringLiteral("NOPEUSDT"),
                        QStringLiteral("--output"), m_dir.filePath(QStringLiteral("unknown"))}),
             4);
    const QByteArray log = m_monitor.readAllStandardError();
    QVERIFY2(log.contains("NOPEUSDT cannot be exported") && log.contains("Invalid symbol"),
             log.constData());
}

void tst_Export::exportToAnUnwritableFolderExits7()
{
    // Below a regular file no folder can be made, even by root.
    QFile blocker(m_dir.filePath(QStringLiteral("a-file")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const QString output = blocker.fileName() + QStringLiteral("/exports");
    // No book can sync: the folder must be refused at start, not after a wait for snapshots.
    startReplay({QStringLiteral("--speed"), QStringLiteral("1"), QStringLiteral("--snapshot-error"),
                 QStringLiteral("429"), QStringLiteral("--snapshot-error-count"),
                 QStringLiteral("1000"), QStringLiteral("--retry-after"), QStringLiteral("60")});
    QElapsedTimer elapsed;
    elapsed.start();

    QCOMPARE(runExport({QStringLiteral("--symbols"), QStringLiteral("ZILUSDT"),
                        QStringLiteral("--timeout"), QStringLiteral("10"),
                        QStringLiteral("--output"), output}),
             7);
    QVERIFY2(elapsed.elapsed() < 5000, qPrintable(QString::number(elapsed.elapsed())));
    const QByteArray log = m_monitor.readAllStandardError();
    QVERIFY2(log.contains("cannot create the folder " + output.toUtf8()), log.constData());
    QVERIFY2(!log.contains("connecting to"), log.constData());
}

void tst_Export::exportRefusesBadOptions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString output = QStringLiteral("--output=/tmp/md-never-written");
    QTest::newRow("format") << QStringList{output, QStringLiteral("--format=xml")}
                            << QStringLiteral("--format: must be json or csv, got \"xml\"");
    QTest::newRow("negative depth") << QStringList{output, QStringLiteral("--depth=-1")}
                                    << QStringLiteral("--depth: must be 0");
    QTest::newRow("absurd depth") << QStringList{output, QStringLiteral("--depth=99999999999")}
                                  << QStringLiteral("--depth: must be 0");
    QTest::newRow("timeout") << QStringList{output, QStringLiteral("--timeout=0")}
                             << QStringLiteral("--timeout: must be 1-86400");
    QTest::newRow("no output") << QStringList{} << QStringLiteral("--output: name the folder");
    QTest::newRow("redis") << QStringList{output, QStringLiteral("--redis=redis://127.0.0.1/0")}
                           << QStringLiteral("--redis: export uses no Redis");
    QTest::newRow("record") << QStringList{output, QStringLiteral("--record=/tmp/x.mdrec")}
                            << QStringLiteral("--record: export uses no Redis, health server or "
                                              "recording");
    QTest::newRow("extra argument") << QStringList{output, QStringLiteral("BTCUSDT")}
                                    << QStringLiteral("unexpected arguments: BTCUSDT");
    QTest::newRow("bad symbol") << QStringList{output, QStringLiteral("--symbols=BTC-USDT")}
                                << QStringLiteral("--symbols: \"BTC-USDT\" is not a valid symbol");
}

void tst_Export::exportRefusesBadOptions()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QCOMPARE(runExport(arguments), 1);
    const QByteArray log = m_monitor.readAllStandardError();
    QVERIFY2(log.contains(message.toUtf8()), log.constData());
    QVERIFY(!QFileInfo::exists(QStringLiteral("/tmp/md-never-written")));
}

void tst_Export::exportPastAFileSizeLimitExits7()
{
    // A file size limit stands for a full disk: the write must fail with a message and exit
    // code 7, not kill the process with SIGXFSZ, and leave no file under the final name.
    const QString output = m_dir.filePath(QStringLiteral("limited"));
    m_fileSizeLimit = 4096;
    startReplay({QStringLiteral("--speed"), QStringLiteral("1")});

    QCOMPARE(runExport({QStringLiteral("--symbols"), QStringLiteral("ZILUSDT"),
                        QStringLiteral("--output"), output}),
             7);
    const QByteArray log = m_monitor.readAllStandardError();
    QVERIFY2(log.contains("cannot write " + output.toUtf8() + "/ZILUSDT-spot-"), log.constData());
    QVERIFY(QDir(output).entryList({QStringLiteral("ZILUSDT-spot-*.json")}).isEmpty());
}

void tst_Export::serviceAnswersSnapshotRequests()
{
    // The first snapshot request is refused for 3 s: long enough to see the book not synced.
    startReplay({QStringLiteral("--speed"), QStringLiteral("1"), QStringLiteral("--snapshot-error"),
                 QStringLiteral("429"), QStringLiteral("--snapshot-error-count"),
                 QStringLiteral("1"), QStringLiteral("--retry-after"), QStringLiteral("3")});
    startService(QString(), {QStringLiteral("MANAUSDT")});
    const QString path = QStringLiteral("/snapshot/MANAUSDT");
    QTRY_VERIFY_WITH_TIMEOUT(httpGet(m_healthPort, path).status != 0, 10'000);
    const HttpAnswer early = httpGet(m_healthPort, path);
    QCOMPARE(early.status, 409);
    QVERIFY2(early.body.contains("MANAUSDT is syncing, not synced"), early.body.constData());
    QTRY_COMPARE_WITH_TIMEOUT(httpGet(m_healthPort, path).status, 200, 20'000);

    const HttpAnswer csv =
            httpGet(m_healthPort, QStringLiteral("/snapshot/manausdt?format=csv&depth=3"));
    QCOMPARE(csv.status, 200);
    QCOMPARE(csv.contentType, QByteArray("text/csv; charset=utf-8"));
    QString error;
    const auto fromCsv = bookexportreader::fromCsv(csv.body, &error);
    QVERIFY2(fromCsv, qPrintable(error));
    QCOMPARE(fromCsv->symbol, QStringLiteral("MANAUSDT"));
    checkAgainstRecording(*fromCsv, 3);

    const HttpAnswer json = httpGet(m_healthPort, QStringLiteral("/snapshot/MANAUSDT?depth=20"));
    QCOMPARE(json.status, 200);
    QCOMPARE(json.contentType, QByteArray("application/json"));
    const auto fromJson = bookexportreader::fromJson(json.body, &error);
    QVERIFY2(fromJson, qPrintable(error));
    checkAgainstRecording(*fromJson, 20);

    const HttpAnswer whole = httpGet(m_healthPort, path);
    const auto wholeBook = bookexportreader::fromJson(whole.body, &error);
    QVERIFY2(wholeBook, qPrintable(error));
    QCOMPARE(wholeBook->depth, size_t(0));
    QVERIFY(wholeBook->bids.size() > 20 && wholeBook->asks.size() > 20);

    for (const char *query : {"/snapshot/BTCUSDT", "/snapshot/", "/snapshot/MANA%2FUSDT"})
        QCOMPARE(httpGet(m_healthPort, QString::fromLatin1(query)).status, 404);
    // What the client sent comes back quoted, cut short and without control characters.
    const QString hostile = QStringLiteral("/snapshot/%00%1B[2J%0D%0A") + QString(3000, u'X');
    for (const QString &query :
         {hostile, path + QStringLiteral("?depth=%1B[2J") + QString(3000, u'9'),
          path + QStringLiteral("?%00=1")}) {
        const HttpAnswer bad = httpGet(m_healthPort, query);
        QVERIFY2(bad.status == 404 || bad.status == 400, qPrintable(query));
        QVERIFY2(bad.body.size() < 200, bad.body.constData());
        for (const char c : bad.body.chopped(1))
            QVERIFY2(uchar(c) >= 0x20, bad.body.toPercentEncoding().constData());
    }
    for (const char *query : {"?format=xml", "?depth=-1", "?depth=abc", "?depth=100001",
                              "?depth=1&depth=2", "?colour=red", "?depth=1e3"}) {
        const HttpAnswer bad = httpGet(m_healthPort, path + QLatin1String(query));
        QVERIFY2(bad.status == 400, query);
        QVERIFY2(!bad.body.isEmpty(), query);
    }
}

void tst_Export::periodicExportsArePrunedAndFailuresCounted()
{
    const QString folder = m_dir.filePath(QStringLiteral("periodic"));
    QVERIFY(QDir().mkpath(folder));
    for (const char *name : {"notes.txt", "MANAUSDT-spot-1.json.bak", "ZILUSDT-spot-1.csv"}) {
        QFile file(QDir(folder).filePath(QString::fromLatin1(name)));
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    // The first snapshot is refused for 2 s: the rounds before the book syncs skip it.
    startReplay({QStringLiteral("--speed"), QStringLiteral("1"), QStringLiteral("--snapshot-error"),
                 QStringLiteral("429"), QStringLiteral("--snapshot-error-count"),
                 QStringLiteral("1"), QStringLiteral("--retry-after"), QStringLiteral("2")});
    startService(QStringLiteral("snapshots:\n  interval_seconds: 1\n  dir: %1\n  keep: 2\n"
                                "  format: csv\n  depth: 5\n")
                         .arg(folder),
                 {QStringLiteral("MANAUSDT")});

    // Several rounds, each writing the book at its latest update id, then pruning to two.
    QTRY_VERIFY_WITH_TIMEOUT(metric(httpGet(m_healthPort, QStringLiteral("/metrics")).body,
                                    QStringLiteral("md_book_exports_pruned_total")) >= 2,
                             30'000);
    const QByteArray metrics = httpGet(m_healthPort, QStringLiteral("/metrics")).body;
    QVERIFY(metric(metrics, QStringLiteral("md_book_exports_total")) >= 4);
    QCOMPARE(metric(metrics, QStringLiteral("md_book_export_failures_total")), 0.0);
    QVERIFY(metric(metrics, QStringLiteral("md_book_exports_skipped_total")) >= 1);

    const QStringList ours = QDir(folder).entryList({QStringLiteral("MANAUSDT-spot-*.csv")});
    QVERIFY2(ours.size() >= 1 && ours.size() <= 2, qPrintable(ours.join(u' ')));
    for (const char *name : {"notes.txt", "MANAUSDT-spot-1.json.bak", "ZILUSDT-spot-1.csv"})
        QVERIFY2(QFileInfo::exists(QDir(folder).filePath(QString::fromLatin1(name))), name);
    for (const QString &name : ours) {
        QFile file(QDir(folder).filePath(name));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QString error;
        const auto book = bookexportreader::fromCsv(file.readAll(), &error);
        QVERIFY2(book, qPrintable(name + error));
        checkAgainstRecording(*book, 5);
    }
}

void tst_Export::periodicExportsToAnUnwritableFolderWarnAndRunOn()
{
    QFile blocker(m_dir.filePath(QStringLiteral("in-the-way")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    startReplay({QStringLiteral("--speed"), QStringLiteral("1")});
    startService(QStringLiteral("snapshots:\n  interval_seconds: 1\n  dir: %1/books\n")
                         .arg(blocker.fileName()),
                 {QStringLiteral("ZILUSDT")});

    // Every round fails and is counted; the warning is said once a minute, and the book and
    // the service carry on.
    QTRY_VERIFY_WITH_TIMEOUT(metric(httpGet(m_healthPort, QStringLiteral("/metrics")).body,
                                    QStringLiteral("md_book_export_failures_total")) >= 3,
                             30'000);
    const QByteArray metrics = httpGet(m_healthPort, QStringLiteral("/metrics")).body;
    QCOMPARE(metric(metrics, QStringLiteral("md_book_exports_total")), 0.0);
    QCOMPARE(metric(metrics, QStringLiteral("md_book_synced{symbol=\"ZILUSDT\"}")), 1.0);
    QCOMPARE(httpGet(m_healthPort, QStringLiteral("/snapshot/ZILUSDT")).status, 200);
    QCOMPARE(m_monitor.state(), QProcess::Running);
    const QByteArray log = m_monitor.readAllStandardError();
    QCOMPARE(log.count("cannot create the folder " + blocker.fileName().toUtf8() + "/books"), 1);
}

void tst_Export::periodicExportsKeepUpInAFolderOfManyExports()
{
    // A large `keep` fills the folder; a round must not list it once per symbol, or a round
    // takes longer than the interval and the next rounds are skipped.
    const QStringList symbols = QStringLiteral("ZILUSDT,MANAUSDT,DENTUSDT,AXSBNB,ETHBRL,"
                                               "BTCSTUSDT,QTUMETH,BTCAUD,RENBTCETH,NEOUSDC")
                                        .split(QLatin1Char(','));
    const QString folder = m_dir.filePath(QStringLiteral("many"));
    QVERIFY(QDir().mkpath(folder));
    for (const QString &symbol : symbols) {
        for (int id = 1; id <= 12'000; ++id) {
            QFile file(
                    QDir(folder).filePath(QStringLiteral("%1-spot-%2.json").arg(symbol).arg(id)));
            QVERIFY(file.open(QIODevice::WriteOnly));
        }
    }
    startReplay({QStringLiteral("--speed"), QStringLiteral("1")});
    startService(QStringLiteral("snapshots:\n  interval_seconds: 1\n  dir: %1\n"
                                "  keep: 100000\n  depth: 1\n")
                         .arg(folder),
                 symbols);
    const auto metricNow = [this](const char *name) {
        return metric(httpGet(m_healthPort, QStringLiteral("/metrics")).body,
                      QString::fromLatin1(name));
    };
    QTRY_COMPARE_WITH_TIMEOUT(metricNow("md_books_synced"), 10.0, 30'000);

    const double failuresBefore = metricNow("md_book_export_failures_total");
    const double writtenBefore = metricNow("md_book_exports_total");
    QTest::qWait(6000);
    QCOMPARE(metricNow("md_book_export_failures_total") - failuresBefore, 0.0);
    QVERIFY(metricNow("md_book_exports_total") - writtenBefore >= 40);
    QVERIFY(!m_monitor.readAllStandardError().contains("still being written"));
}

QTEST_GUILESS_MAIN(tst_Export)
#include "tst_export.moc"
