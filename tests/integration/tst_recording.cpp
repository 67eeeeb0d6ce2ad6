// Recording end to end: market-data-replay serves a real Binance recording over loopback, the
// real service records what it receives (--record) while publishing to a real redis-server,
// and the files it leaves are checked with market-data-replay verify and played again by serve.
#include "monitorprocess.h"
#include "recordingfacts.h"
#include "recordingreader.h"
#include "servicefixture.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <csignal>

using namespace md::test;

namespace {

struct VerifyResult
{
    int exitCode = -1;
    QString output;
    QString errors;

    QString line(const QString &start) const
    {
        for (const QString &text : output.split(QLatin1Char('\n'))) {
            if (text.startsWith(start))
                return text;
        }
        return QString();
    }
};

VerifyResult verify(const QStringList &files)
{
    QProcess process;
    process.start(ReplayServerProcess::program(), QStringList{QStringLiteral("verify")} + files);
    process.waitForFinished(120'000);
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

const QStringList SpotBtcusdt{dataFile("hftbacktest/spot-btcusdt-20240808.gz"),
                              dataFile("hftbacktest/spot-btcusdt-20240809.gz")};

} // namespace

class tst_Recording : public QObject, private ServiceFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void recordedReplayVerifiesLikeTheOriginal();
    void killedServiceLosesAtMostTheLastFlush();
    void unwritableRecordingPathIsAConfigError();
    void connectionOpenedByAReloadIsRecorded();

private:
    void startReplay(const QStringList &files, const QString &speed);
    void startMonitor(const QStringList &extraArguments, const QByteArray &extraConfig = {});
    void waitForReplayEnd();
    void stopProcesses();

    MonitorProcess m_monitor;
};

void tst_Recording::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(hasRedisServer(), "redis-server is not installed");
}

void tst_Recording::init()
{
    QVERIFY(startRedis());
}

void tst_Recording::cleanup()
{
    if (QTest::currentTestFailed())
        dumpLogs(m_monitor.log());
    m_monitor.kill();
    stopServers();
}

void tst_Recording::stopProcesses()
{
    m_monitor.kill();
    m_replay.kill();
}

void tst_Recording::startReplay(const QStringList &files, const QString &speed)
{
    m_replayPort = freePort();
    QVERIFY(m_replay.start(m_replayPort, files, {QStringLiteral("--speed"), speed}));
}

void tst_Recording::startMonitor(const QStringList &extraArguments, const QByteArray &extraConfig)
{
    m_healthPort = freePort();
    const QString config = writeConfigFile(
            "symbols: [BTCUSDT]\n" + endpointsYaml("  publish_interval_ms: 50\n") + extraConfig);
    QVERIFY(!config.isEmpty());
    QVERIFY(m_monitor.start(config, extraArguments));
}

void tst_Recording::waitForReplayEnd()
{
    QTRY_VERIFY_WITH_TIMEOUT(m_replay.hasFinished(), 90'000);
}

void tst_Recording::recordedReplayVerifiesLikeTheOriginal()
{
    const VerifyResult original = verify(SpotBtcusdt);
    QCOMPARE(original.exitCode, 0);
    const QString finalBook = original.line(QStringLiteral("final book spot BTCUSDT:"));
    QVERIFY2(!finalBook.isEmpty(), qPrintable(original.output));

    // Record, with parts small enough that the recording spans several of them.
    const QString folder = m_dir.filePath(QStringLiteral("recorded"));
    QVERIFY(QDir().mkpath(folder));
    startReplay(SpotBtcusdt, QStringLiteral("40"));
    startMonitor({QStringLiteral("--record"), folder + QStringLiteral("/btcusdt.mdrec")},
                 "record:\n  max_file_mb: 0.25\n  flush_ms: 200\n");
    waitForReplayEnd();
    QTest::qWait(500);
    const QByteArray metrics = httpGet(m_healthPort, QStringLiteral("/metrics")).body;
    QVERIFY(metric(metrics, QStringLiteral("md_recorded_messages_total")) > 1000);
    QCOMPARE(metric(metrics, QStringLiteral("md_recording_failures_total")), 0.0);
    m_monitor.signal(SIGTERM);
    QVERIFY(m_monitor.waitForExit(10'000));
    QCOMPARE(m_monitor.exitCode(), 0);

    const QStringList parts = recordingPartsIn(folder);
    QVERIFY2(parts.size() >= 2, qPrintable(parts.join(QLatin1Char(' '))));
    QCOMPARE(metric(metrics, QStringLiteral("md_recording_files_total")), double(parts.size()));

    // Every check matched, no gap, and the same book at the end as the original's.
    const VerifyResult recorded = verify(parts);
    QVERIFY2(recorded.exitCode == 0, qPrintable(recorded.output + recorded.errors));
    const QString ok = recorded.line(QStringLiteral("OK: "));
    QVERIFY2(ok.endsWith(QLatin1String("; 0 gaps, 0 resyncs")), qPrintable(recorded.output));
    const qint64 checks = ok.section(QLatin1Char('/'), 0, 0).mid(4).toLongLong();
    QVERIFY2(checks >= 100, qPrintable(ok));
    QCOMPARE(recorded.line(QStringLiteral("final book spot BTCUSDT:")), finalBook);
    qInfo("%lld parts; %s; %s", qint64(parts.size()), qPrintable(ok), qPrintable(finalBook));

    // Each later part holds a snapshot fetched when it opened, so played alone its book syncs
    // and matches the exchange's; only a part that ended before its snapshot came cannot.
    int partsSyncedAlone = 0;
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const VerifyResult alone = verify({parts.at(i)});
        QVERIFY2(alone.exitCode == 0, qPrintable(alone.output + alone.errors));
        QVERIFY2(alone.line(QStringLiteral("OK: ")).endsWith(QLatin1String("; 0 gaps, 0 resyncs")),
                 qPrintable(alone.output));
        if (!alone.output.contains(QLatin1String("never synced")))
            ++partsSyncedAlone;
    }
    qInfo("%d of %lld later parts synced alone", partsSyncedAlone, qint64(parts.size() - 1));
    QVERIFY(partsSyncedAlone >= (parts.size() - 1) / 2);
    QVERIFY(!verify({parts.last()}).output.contains(QLatin1String("never synced")));

    // serve plays the recording again, and a fresh service syncs from it to the same book.
    stopProcesses();
    startReplay(parts, QStringLiteral("8"));
    startMonitor({});
    waitForReplayEnd();
    const qint64 lastUpdateId = finalBook.section(QStringLiteral("update id "), 1)
                                        .section(QLatin1Char(','), 0, 0)
                                        .toLongLong();
    const auto published = [this] {
        return QJsonDocument::fromJson(
                       RedisClient(m_redis->port()).query({"GET", "market_data:BTCUSDT"}))
                .object();
    };
    QTRY_COMPARE_WITH_TIMEOUT(published()[QLatin1String("update_id")].toInteger(), lastUpdateId,
                              5000);
    QVERIFY(published()[QLatin1String("synced")].toBool());
    const QByteArray replayed = httpGet(m_healthPort, QStringLiteral("/metrics")).body;
    QCOMPARE(metric(replayed, QStringLiteral("md_gaps_total{symbol=\"BTCUSDT\"}")), 0.0);
    QCOMPARE(metric(replayed, QStringLiteral("md_audit_mismatches_total{symbol=\"BTCUSDT\"}")),
             0.0);
    QVERIFY(metric(replayed, QStringLiteral("md_audit_checks_total{symbol=\"BTCUSDT\"}")) > 100);
}

void tst_Recording::killedServiceLosesAtMostTheLastFlush()
{
    const QString folder = m_dir.filePath(QStringLiteral("killed"));
    QVERIFY(QDir().mkpath(folder));
    startReplay({SpotBtcusdt.first()}, QStringLiteral("20"));
    startMonitor({QStringLiteral("--record"), folder + QStringLiteral("/btcusdt.mdrec")},
                 "record:\n  flush_ms: 200\n");
    const auto recordedNow = [this] {
        return metric(httpGet(m_healthPort, QStringLiteral("/metrics")).body,
                      QStringLiteral("md_recorded_messages_total"));
    };
    QTRY_VERIFY_WITH_TIMEOUT(recordedNow() > 2000, 30'000);

    // Everything recorded by now is flushed well before the kill: flush_ms is 200.
    const double recordedBeforeKill = recordedNow();
    QTest::qWait(1500);
    m_monitor.signal(SIGKILL);
    QVERIFY(m_monitor.waitForExit(5000));
    QCOMPARE(m_monitor.exitStatus(), QProcess::CrashExit);

    const QStringList parts = recordingPartsIn(folder);
    QCOMPARE(parts.size(), 1);
    md::RecordingReader reader;
    QVERIFY(reader.open(parts.first()));
    md::RecordedMessage message;
    quint64 readable = 0;
    while (reader.next(message))
        ++readable;
    QVERIFY2(reader.errorString().contains(QLatin1String("truncated zstd")),
             qPrintable(reader.errorString()));
    QVERIFY2(double(readable) >= recordedBeforeKill,
             qPrintable(QStringLiteral("%1 readable, %2 recorded 1.5 s before the kill")
                                .arg(readable)
                                .arg(recordedBeforeKill)));

    // verify reads it up to the cut: the books it holds are right, and the cut is reported.
    const VerifyResult result = verify(parts);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.errors.contains(QLatin1String("truncated zstd")), qPrintable(result.errors));
    const QString book = result.line(QStringLiteral("spot   BTCUSDT"));
    const QRegularExpression noGapAllMatched(
            QStringLiteral("^spot +BTCUSDT +\\d+ +\\d+ +0 .* (\\d+)/\\1 "));
    QVERIFY2(noGapAllMatched.match(book).hasMatch(), qPrintable(result.output));
    QVERIFY2(result.output.contains(
                     QStringLiteral("%1 messages read before the error").arg(readable)),
             qPrintable(result.output));

    // The service restarted on the same path: its new part follows the cut one, the loss shows
    // as a gap, and the book resyncs from the snapshot the new run fetched.
    startMonitor({QStringLiteral("--record"), folder + QStringLiteral("/btcusdt.mdrec")},
                 "record:\n  flush_ms: 200\n");
    QTRY_VERIFY_WITH_TIMEOUT(recordedNow() > 1000, 30'000);
    m_monitor.signal(SIGTERM);
    QVERIFY(m_monitor.waitForExit(10'000));
    QCOMPARE(m_monitor.exitCode(), 0);
    const QStringList both = recordingPartsIn(folder);
    QCOMPARE(both.size(), 2);
    QCOMPARE(both.first(), parts.first());

    const VerifyResult together = verify(both);
    QVERIFY2(together.exitCode == 0, qPrintable(together.output + together.errors));
    QVERIFY2(together.errors.contains(QLatin1String("warning: ")) &&
                     together.errors.contains(QLatin1String("read on with")),
             qPrintable(together.errors));
    const QRegularExpression gapThenAllMatched(
            QStringLiteral("^spot +BTCUSDT +\\d+ +\\d+ +([1-9]\\d*) .* (\\d+)/\\2 +\\d+ synced$"));
    const QString resynced = together.line(QStringLiteral("spot   BTCUSDT"));
    QVERIFY2(gapThenAllMatched.match(resynced).hasMatch(), qPrintable(together.output));
    qInfo("cut part and the next: %s", qPrintable(resynced.simplified()));
}

void tst_Recording::unwritableRecordingPathIsAConfigError()
{
    startReplay({SpotBtcusdt.first()}, QStringLiteral("1"));
    startMonitor({QStringLiteral("--record"),
                  m_dir.filePath(QStringLiteral("no-such-folder/btcusdt.mdrec"))});
    QVERIFY(m_monitor.waitForExit(10'000));
    QCOMPARE(m_monitor.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_monitor.exitCode(), 1);
    const QByteArray log = m_monitor.log();
    QVERIFY2(log.contains("record.path: ") && log.contains("cannot create"), log.constData());
}

// A symbol added by SIGHUP that finds no room on the open connections gets one of its own; what
// that connection receives must reach the recording like the rest, or the recording holds the
// symbol's snapshot without a single one of its events.
void tst_Recording::connectionOpenedByAReloadIsRecorded()
{
    startReplay({dataFile("cryptofeed/spot-2021-04-05-10symbols.txt")}, QStringLiteral("1"));
    m_healthPort = freePort();
    const QByteArray settings = endpointsYaml() + "trade_stream: aggTrade\n"
                                                  "feed:\n  max_streams_per_connection: 3\n"
                                                  "record:\n  flush_ms: 100\n";
    const QString config = writeConfigFile("symbols: [DENTUSDT]\n" + settings);
    const QString folder = m_dir.filePath(QStringLiteral("reload"));
    QVERIFY(QDir().mkpath(folder));
    const QString base = folder + QStringLiteral("/feed.mdrec");
    QVERIFY(m_monitor.start(config, {QStringLiteral("--record"), base}));
    QVERIFY(m_monitor.waitForLog("DENTUSDT synced", 30'000));

    QVERIFY(!writeConfigFile("symbols: [DENTUSDT, ZILUSDT]\n" + settings).isEmpty());
    m_monitor.signal(SIGHUP);
    QVERIFY(m_monitor.waitForLog("ZILUSDT synced", 30'000));
    QVERIFY2(m_monitor.log().contains("spot-books-2"), m_monitor.log().constData());
    m_monitor.signal(SIGTERM);
    QVERIFY(m_monitor.waitForExit(10'000));

    qsizetype zilEvents = 0;
    for (const Message &message : readAll(recordingPartsIn(folder))) {
        const bool zil = dataOf(message.payload)[u"s"].toString() == QLatin1String("ZILUSDT");
        zilEvents += message.kind == md::RecordedMessage::Kind::WebSocket && zil ? 1 : 0;
    }
    QVERIFY2(zilEvents > 0, "no WebSocket message of ZILUSDT was recorded");
}

QTEST_GUILESS_MAIN(tst_Recording)
#include "tst_recording.moc"
