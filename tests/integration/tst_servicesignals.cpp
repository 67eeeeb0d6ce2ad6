// Unix signals to the real service, fed by market-data-replay over loopback and publishing to a
// real redis-server: SIGTERM and SIGINT end it cleanly with the last state in Redis, SIGHUP
// changes the symbols it follows without touching the books it keeps.
#include "monitorprocess.h"
#include "recordingfacts.h"
#include "servicefixture.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <csignal>

using namespace md::test;

namespace {

constexpr int StartMs = 30'000;

} // namespace

class tst_ServiceSignals : public QObject, private ServiceFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void terminationFlushesAndExitsZero_data();
    void terminationFlushesAndExitsZero();
    void terminationDoesNotWaitForAHungRedis();
    void reloadChangesOnlyTheSymbolsThatChanged_data();
    void reloadChangesOnlyTheSymbolsThatChanged();
    void reloadedSymbolTheExchangeRefusesIsDropped();
    void signalsWhileStoppingOnAnErrorKeepItsExitCode();
    void reloadStormNeitherHangsNorLosesATermination();

private:
    void startReplay(const QStringList &files);
    QString writeConfig(const QString &symbols, const QString &extra = {});
    // /health's "symbols" object; empty when it does not answer.
    QJsonObject healthSymbols();
    QString state(const QString &symbol) { return healthSymbols()[symbol][u"state"].toString(); }

    MonitorProcess m_monitor;
};

void tst_ServiceSignals::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(hasRedisServer(), "redis-server is not installed");
}

void tst_ServiceSignals::init()
{
    QVERIFY(startRedis());
    pickPorts();
}

void tst_ServiceSignals::cleanup()
{
    if (QTest::currentTestFailed())
        dumpLogs(m_monitor.log());
    m_monitor.kill();
    stopServers();
}

void tst_ServiceSignals::startReplay(const QStringList &files)
{
    QVERIFY(m_replay.start(m_replayPort, files, {QStringLiteral("--speed"), QStringLiteral("1")},
                           StartMs));
}

QString tst_ServiceSignals::writeConfig(const QString &symbols, const QString &extra)
{
    return writeConfigFile("symbols: [" + symbols.toUtf8() + "]\ntrade_stream: aggTrade\n" +
                           endpointsYaml() + extra.toUtf8());
}

QJsonObject tst_ServiceSignals::healthSymbols()
{
    const HttpAnswer answer = httpGet(m_healthPort, QStringLiteral("/health"));
    return QJsonDocument::fromJson(answer.body).object()[u"symbols"].toObject();
}

void tst_ServiceSignals::terminationFlushesAndExitsZero_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGINT") << int(SIGINT);
}

void tst_ServiceSignals::terminationFlushesAndExitsZero()
{
    QFETCH(int, signalNumber);
    startReplay({dataFile("hftbacktest/spot-btcusdt-20240808.gz")});
    QVERIFY(m_monitor.start(writeConfig(QStringLiteral("BTCUSDT"))));
    QTRY_COMPARE_WITH_TIMEOUT(httpGet(m_healthPort, QStringLiteral("/health")).status, 200,
                              StartMs);
    RedisClient redis(m_redis->port());
    QVERIFY(redis.isReady());

    const qint64 signalledAt = QDateTime::currentMSecsSinceEpoch();
    QElapsedTimer sinceSignal;
    sinceSignal.start();
    m_monitor.signal(signalNumber);
    QVERIFY(m_monitor.waitForExit(10'000));
    const qint64 exitMs = sinceSignal.elapsed();
    qInfo("exited %lld ms after the signal", exitMs);
    QCOMPARE(m_monitor.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_monitor.exitCode(), 0);
    // Generous for a shared machine; the service itself waits at most 0.8 s for Redis.
    QVERIFY2(exitMs < 3000, qPrintable(QString::number(exitMs)));

    // The last publish, made after the signal, is in Redis: the book no longer kept, marked so.
    for (const QByteArray key : {"market_data:BTCUSDT", "orderbook:BTCUSDT"}) {
        const QJsonObject last = QJsonDocument::fromJson(redis.query({"GET", key})).object();
        QVERIFY2(last[u"publish_time"].toInteger() >= signalledAt, key.constData());
        QCOMPARE(last[u"synced"].toBool(), false);
    }

    // Its sockets were closed in order: Redis answered everything before the disconnect, and
    // the replay server has no client left.
    const QByteArray log = m_monitor.log();
    QVERIFY2(log.contains("disconnected from Redis at"), log.constData());
    QVERIFY2(log.contains("feed spot-books-1: stopped"), log.constData());
    const auto clients = [&] {
        const HttpAnswer status = httpGet(m_replayPort, QStringLiteral("/replay/status"));
        return QJsonDocument::fromJson(status.body).object()[u"clients"].toInt(-1);
    };
    QTRY_COMPARE_WITH_TIMEOUT(clients(), 0, 5000);
}

void tst_ServiceSignals::terminationDoesNotWaitForAHungRedis()
{
    startReplay({dataFile("hftbacktest/spot-btcusdt-20240808.gz")});
    QVERIFY(m_monitor.start(writeConfig(QStringLiteral("BTCUSDT"))));
    QTRY_COMPARE_WITH_TIMEOUT(httpGet(m_healthPort, QStringLiteral("/health")).status, 200,
                              StartMs);

    // A Redis that keeps the connection open and answers nothing: the last publish can never
    // be acknowledged, and the service's own limit (0.8 s) must end the wait, saying so.
    m_redis->pause();
    QElapsedTimer sinceSignal;
    sinceSignal.start();
    m_monitor.signal(SIGTERM);
    QVERIFY(m_monitor.waitForExit(10'000));
    const qint64 exitMs = sinceSignal.elapsed();
    qInfo("exited %lld ms after the signal, Redis hung", exitMs);
    m_redis->resume();
    QCOMPARE(m_monitor.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_monitor.exitCode(), 0);
    QVERIFY2(exitMs < 3000, qPrintable(QString::number(exitMs)));
    QVERIFY2(m_monitor.log().contains("stopping without Redis's acknowledgement"),
             m_monitor.log().right(2000).constData());
}

void tst_ServiceSignals::reloadChangesOnlyTheSymbolsThatChanged_data()
{
    QTest::addColumn<QString>("recording");
    QTest::addColumn<QString>("market");
    QTest::addColumn<QString>("dropped");
    QTest::addColumn<QString>("kept");
    QTest::addColumn<QString>("added");
    QTest::addColumn<QStringList>("feeds");

    // Two minutes of several symbols each: the first is swapped for the third with SIGHUP,
    // while the second must stay synced throughout.
    QTest::newRow("spot") << QStringLiteral("cryptofeed/spot-2021-04-05-10symbols.txt")
                          << QStringLiteral("spot") << QStringLiteral("MANAUSDT")
                          << QStringLiteral("DENTUSDT") << QStringLiteral("ZILUSDT")
                          << QStringList{QStringLiteral("spot-books-1")};
    // USD-M has a book connection and a trade connection, both changed by request.
    QTest::newRow("usdm") << QStringLiteral("cryptofeed/usdm-2021-04-05-5symbols.txt")
                          << QStringLiteral("usdm") << QStringLiteral("SANDUSDT")
                          << QStringLiteral("NEOUSDT") << QStringLiteral("BATUSDT")
                          << QStringList{QStringLiteral("usdm-books-1"),
                                         QStringLiteral("usdm-trades-1")};
}

void tst_ServiceSignals::reloadChangesOnlyTheSymbolsThatChanged()
{
    QFETCH(QString, recording);
    QFETCH(QString, market);
    QFETCH(QString, dropped);
    QFETCH(QString, kept);
    QFETCH(QString, added);
    QFETCH(QStringList, feeds);
    const QString marketLine = QStringLiteral("market: %1\n").arg(market);
    const QByteArray keyPrefix = market == QLatin1String("usdm") ? "usdm:" : "";

    startReplay({dataFile(recording.toUtf8().constData())});
    const QString config = writeConfig(dropped + QStringLiteral(", ") + kept, marketLine);
    QVERIFY(m_monitor.start(config));
    QTRY_VERIFY_WITH_TIMEOUT(state(dropped) == QLatin1String("synced") &&
                                     state(kept) == QLatin1String("synced"),
                             StartMs);
    RedisClient redis(m_redis->port());
    const QByteArray droppedKey = keyPrefix + "market_data:" + dropped.toUtf8();
    QTRY_VERIFY_WITH_TIMEOUT(!redis.query({"GET", droppedKey}).isNull(), 5000);
    const QJsonObject before = healthSymbols()[kept].toObject();

    // A broken file changes nothing.
    QVERIFY(writeFile(config, "symbols: [" + kept.toUtf8() + "\n"));
    m_monitor.signal(SIGHUP);
    QVERIFY(m_monitor.waitForLog("keeping the running configuration", 5000));
    QCOMPARE(healthSymbols().size(), 2);

    // Nor does an emptied one, caught while an editor rewrites it: it is not "every default".
    QVERIFY(writeFile(config, ""));
    m_monitor.signal(SIGHUP);
    QVERIFY(m_monitor.waitForLog("holds no settings", 5000));
    QCOMPARE(healthSymbols().size(), 2);

    // The new list, with settings that cannot change without a restart: each is named.
    QVERIFY(!writeConfig(kept + QStringLiteral(", ") + added,
                         marketLine + QStringLiteral("log:\n  summary_interval_seconds: 7\n"
                                                     "record:\n  flush_ms: 500\n"))
                     .isEmpty());
    m_monitor.signal(SIGHUP);
    const QString reloaded = QStringLiteral("added: %1; removed: %2").arg(added, dropped);
    QVERIFY(m_monitor.waitForLog(reloaded.toUtf8(), 5000));
    QVERIFY(m_monitor.log().contains("log, record changed, which needs a restart"));

    // Every look at /health until the added symbol is synced finds the kept one synced.
    QElapsedTimer waited;
    waited.start();
    int looks = 0;
    while (state(added) != QLatin1String("synced")) {
        QVERIFY2(waited.elapsed() < StartMs, qPrintable(added + QStringLiteral(" never synced")));
        QCOMPARE(state(kept), QStringLiteral("synced"));
        ++looks;
        QTest::qWait(100);
    }
    qInfo("%s synced %lld ms after SIGHUP; %s synced at each of %d looks", qPrintable(added),
          waited.elapsed(), qPrintable(kept), looks);

    // The kept book went on: no resync, no gap, its update id moved forward.
    QTest::qWait(1000);
    const QJsonObject symbols = healthSymbols();
    QStringList expected{kept, added};
    expected.sort(); // JSON objects list their keys sorted
    QCOMPARE(symbols.keys(), expected);
    const QJsonObject after = symbols[kept].toObject();
    QCOMPARE(after[u"state"].toString(), QStringLiteral("synced"));
    QCOMPARE(after[u"resyncs"].toInteger(), before[u"resyncs"].toInteger());
    QCOMPARE(after[u"gaps"].toInteger(), 0);
    QVERIFY(after[u"update_id"].toInteger() > before[u"update_id"].toInteger());

    // No connection was replaced; the dropped symbol's keys are gone, the added one's synced.
    const QByteArray metrics = httpGet(m_healthPort, QStringLiteral("/metrics")).body;
    for (const QString &feed : feeds) {
        const QString sample = QStringLiteral("md_reconnects_total{feed=\"%1\"}").arg(feed);
        QCOMPARE(metric(metrics, sample), 0.0);
        const QString request = QStringLiteral("feed %1: SUBSCRIBE %2@").arg(feed, added.toLower());
        QVERIFY2(m_monitor.log().contains(request.toUtf8()), qPrintable(request));
    }
    QTRY_VERIFY_WITH_TIMEOUT(redis.query({"GET", droppedKey}).isNull(), 2000);
    QVERIFY(redis.query({"GET", keyPrefix + "orderbook:" + dropped.toUtf8()}).isNull());
    const QByteArray addedKey = keyPrefix + "market_data:" + added.toUtf8();
    QTRY_VERIFY_WITH_TIMEOUT(
            QJsonDocument::fromJson(redis.query({"GET", addedKey})).object()[u"synced"].toBool(),
            2000);
}

void tst_ServiceSignals::reloadedSymbolTheExchangeRefusesIsDropped()
{
    // At start an unknown symbol ends the service (exit code 4); added by a reload it must not
    // take the books that are fine down with it.
    startReplay({dataFile("cryptofeed/spot-2021-04-05-10symbols.txt")});
    const QString config = writeConfig(QStringLiteral("DENTUSDT"));
    QVERIFY(m_monitor.start(config));
    QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("DENTUSDT")), QStringLiteral("synced"), StartMs);

    QVERIFY(!writeConfig(QStringLiteral("DENTUSDT, NOPEUSDT")).isEmpty());
    m_monitor.signal(SIGHUP);
    QVERIFY(m_monitor.waitForLog("NOPEUSDT, added by a reload, cannot be followed", StartMs));
    QTRY_COMPARE_WITH_TIMEOUT(healthSymbols().keys(), QStringList{QStringLiteral("DENTUSDT")},
                              5000);
    QCOMPARE(state(QStringLiteral("DENTUSDT")), QStringLiteral("synced"));
    QVERIFY(m_monitor.isRunning());
    QVERIFY2(m_monitor.log().contains("Invalid symbol"), m_monitor.log().constData());
}

// An unknown symbol at start stops the service with exit code 4, after up to a second of
// flushing Redis. A SIGTERM, a second signal or a SIGHUP in that second must not stop it twice,
// reload it, or turn the failure into exit code 0, which systemd would take for success.
void tst_ServiceSignals::signalsWhileStoppingOnAnErrorKeepItsExitCode()
{
    startReplay({dataFile("cryptofeed/spot-2021-04-05-10symbols.txt")});
    QVERIFY(m_monitor.start(writeConfig(QStringLiteral("DENTUSDT, NOPEUSDT"))));
    QVERIFY(m_monitor.waitForLog("connected to Redis", StartMs));
    // Redis holds the last publish unanswered, so the flush takes the whole second.
    m_redis->pause();
    QVERIFY(m_monitor.waitForLog("NOPEUSDT cannot be followed", StartMs));
    for (const int signalNumber : {SIGTERM, SIGHUP, SIGINT})
        m_monitor.signal(signalNumber);
    QVERIFY(m_monitor.waitForExit(10'000));
    m_redis->resume();
    QCOMPARE(m_monitor.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_monitor.exitCode(), 4);
    const QByteArray log = m_monitor.log();
    QVERIFY2(log.contains("stopping on signal 15: stopping already; exit code 4 stands"),
             log.constData());
    QVERIFY2(log.contains("SIGHUP: stopping already; not reloading"), log.constData());
    QCOMPARE(log.count("health: stopped listening"), 1);
}

// Each signal the handler forwards is a byte in a socket the event loop reads; a few hundred of
// them while the loop is busy fill it. The handler must not then block, waiting inside itself
// for the thread it interrupted: the service would hang for good, deaf even to SIGTERM.
void tst_ServiceSignals::reloadStormNeitherHangsNorLosesATermination()
{
    startReplay({dataFile("hftbacktest/spot-btcusdt-20240808.gz")});
    QVERIFY(m_monitor.start(writeConfig(QStringLiteral("BTCUSDT"))));
    QTRY_COMPARE_WITH_TIMEOUT(state(QStringLiteral("BTCUSDT")), QStringLiteral("synced"), StartMs);

    QElapsedTimer storm;
    storm.start();
    qint64 sent = 0;
    while (storm.elapsed() < 2000 && ::kill(pid_t(m_monitor.pid()), SIGHUP) == 0)
        ++sent;
    qInfo("sent %lld SIGHUPs in 2 s", sent);

    // Still answering, the book kept, and the reloads far fewer than the signals.
    QCOMPARE(httpGet(m_healthPort, QStringLiteral("/health")).status, 200);
    QCOMPARE(state(QStringLiteral("BTCUSDT")), QStringLiteral("synced"));
    const qsizetype reloads = m_monitor.log().count("reload: symbols unchanged");
    QVERIFY2(reloads >= 1 && reloads < sent, qPrintable(QString::number(reloads)));

    m_monitor.signal(SIGTERM);
    QVERIFY(m_monitor.waitForExit(10'000));
    QCOMPARE(m_monitor.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_monitor.exitCode(), 0);
}

QTEST_GUILESS_MAIN(tst_ServiceSignals)
#include "tst_servicesignals.moc"
