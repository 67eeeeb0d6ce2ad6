// The headless service end to end: market-data-replay serves real Binance recordings over
// WebSocket and HTTP on loopback, market-data-monitor --no-gui keeps the books and publishes to a
// real redis-server, and everything is read back from the outside.
#include "monitorprocess.h"
#include "recordingfacts.h"
#include "recordingwriter.h"
#include "servicefixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTest>

#include <hiredis/hiredis.h>

#include <atomic>
#include <csignal>
#include <mutex>
#include <thread>

using namespace md::test;

namespace {

// Collects every message published on one channel, on a thread of its own with hiredis's
// blocking API, so the test's event loop stays free.
class ChannelRecorder
{
public:
    ChannelRecorder(quint16 port, const QByteArray &channel)
    {
        m_context = redisConnectWithTimeout("127.0.0.1", port, timeval{1, 0});
        if (!m_context || m_context->err)
            return;
        redisSetTimeout(m_context, timeval{0, 200'000});
        auto *reply = static_cast<redisReply *>(redisCommand(
                m_context, "SUBSCRIBE %b", channel.constData(), size_t(channel.size())));
        if (reply)
            freeReplyObject(reply);
        m_thread = std::thread([this] { run(); });
    }
    ~ChannelRecorder()
    {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
        if (m_context)
            redisFree(m_context);
    }

    QList<QByteArray> messages()
    {
        std::lock_guard lock(m_mutex);
        return m_messages;
    }

private:
    void run()
    {
        while (!m_stop) {
            void *raw = nullptr;
            if (redisGetReply(m_context, &raw) != REDIS_OK) {
                // A read timeout leaves the context in error; the subscription is gone then.
                if (m_context->err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                    m_context->err = 0;
                    continue;
                }
                return;
            }
            auto *reply = static_cast<redisReply *>(raw);
            if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 3) {
                std::lock_guard lock(m_mutex);
                m_messages.append(
                        QByteArray(reply->element[2]->str, qsizetype(reply->element[2]->len)));
            }
            freeReplyObject(reply);
        }
    }

    redisContext *m_context = nullptr;
    std::thread m_thread;
    std::atomic<bool> m_stop = false;
    std::mutex m_mutex;
    QList<QByteArray> m_messages;
};

bool sameTop(const QJsonObject &published, const TopOfBook &expected)
{
    return published[QLatin1String("best_bid")].toDouble() == expected.bidPrice.toDouble() &&
           published[QLatin1String("best_bid_qty")].toDouble() == expected.bidQuantity.toDouble() &&
           published[QLatin1String("best_ask")].toDouble() == expected.askPrice.toDouble() &&
           published[QLatin1String("best_ask_qty")].toDouble() == expected.askQuantity.toDouble();
}

struct Scenario
{
    QStringList files;
    QString market;
    QStringList replayFlags;
};

} // namespace

Q_DECLARE_METATYPE(Scenario)

class tst_Service : public QObject, private ServiceFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void booksInRedisAreTheExchanges_data();
    void booksInRedisAreTheExchanges();
    void injectedGapsAndDisconnectsAreCountedAndRepaired();
    void redisRestartMidRun();
    void auditMismatchResyncsTheSymbol();
    void unknownSymbolIsAClearError();
    void takenHealthPortIsOneClearError();

private:
    void startReplay(const Scenario &scenario);
    void startMonitor(const QString &market, const QStringList &extraArguments = {});
    QJsonObject waitForFinalPublish(const QByteArray &key);

    MonitorProcess m_monitor;
};

void tst_Service::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(hasRedisServer(), "redis-server is not installed");
}

void tst_Service::init()
{
    QVERIFY(startRedis());
    pickPorts();
}

void tst_Service::cleanup()
{
    if (QTest::currentTestFailed())
        dumpLogs(m_monitor.log());
    m_monitor.kill();
    stopServers();
}

void tst_Service::startReplay(const Scenario &scenario)
{
    QVERIFY(m_replay.start(m_replayPort, scenario.files, scenario.replayFlags));
}

void tst_Service::startMonitor(const QString &market, const QStringList &extraArguments)
{
    const QString config = writeConfigFile("market: " + market.toUtf8() + "\nsymbols: [BTCUSDT]\n" +
                                           endpointsYaml("  publish_interval_ms: 50\n") +
                                           "log:\n  summary_interval_seconds: 5\n");
    QVERIFY(!config.isEmpty());
    QVERIFY(m_monitor.start(config, extraArguments));
}

QJsonObject tst_Service::waitForFinalPublish(const QByteArray &key)
{
    // The recording is over once the replay says so; one publish round later Redis has it all.
    [&] { QTRY_VERIFY_WITH_TIMEOUT(m_replay.hasFinished(), 90'000); }();
    QTest::qWait(500);
    return QJsonDocument::fromJson(RedisClient(m_redis->port()).query({"GET", key})).object();
}

void tst_Service::booksInRedisAreTheExchanges_data()
{
    QTest::addColumn<Scenario>("scenario");
    QTest::addColumn<QByteArray>("key");

    QTest::newRow("spot BTCUSDT 2024")
            << Scenario{{dataFile("hftbacktest/spot-btcusdt-20240808.gz"),
                         dataFile("hftbacktest/spot-btcusdt-20240809.gz")},
                        QStringLiteral("spot"),
                        {QStringLiteral("--speed"), QStringLiteral("40")}}
            << QByteArray("market_data:BTCUSDT");
    QTest::newRow("usdm BTCUSDT 2024")
            << Scenario{{dataFile("hftbacktest/usdm-btcusdt-20240808.gz")},
                        QStringLiteral("usdm"),
                        {QStringLiteral("--speed"), QStringLiteral("30")}}
            << QByteArray("usdm:market_data:BTCUSDT");
}

void tst_Service::booksInRedisAreTheExchanges()
{
    QFETCH(Scenario, scenario);
    QFETCH(QByteArray, key);

    const FinalState expected = finalState(readAll(scenario.files), QStringLiteral("BTCUSDT"),
                                           scenario.market == QLatin1String("usdm"));
    QVERIFY(!expected.tickers.empty());

    startReplay(scenario);
    ChannelRecorder published(m_redis->port(), key);
    startMonitor(scenario.market);

    QTRY_COMPARE_WITH_TIMEOUT(httpGet(m_healthPort, QStringLiteral("/health")).status, 200, 20'000);
    const QJsonObject last = waitForFinalPublish(key);

    // At the end: the last trade exactly as sent, the book at the recording's last update id.
    const QByteArray raw = RedisClient(m_redis->port()).query({"GET", key});
    QVERIFY2(raw.contains("\"last_price\":" + expected.lastTradePrice.toUtf8() + ','),
             raw.constData());
    QCOMPARE(last[QLatin1String("update_id")].toInteger(), expected.lastUpdateId);
    QVERIFY(last[QLatin1String("synced")].toBool());
    QVERIFY(sameTop(last, expected.top));

    // Along the way: every published document whose update id has a bookTicker equals it.
    int checked = 0;
    for (const QByteArray &message : published.messages()) {
        const QJsonObject document = QJsonDocument::fromJson(message).object();
        const auto ticker = expected.tickers.find(document[QLatin1String("update_id")].toInteger());
        if (!document[QLatin1String("synced")].toBool() || ticker == expected.tickers.end())
            continue;
        QVERIFY2(sameTop(document, ticker->second), message.constData());
        ++checked;
    }
    QVERIFY2(checked >= 10, qPrintable(QString::number(checked)));
    qInfo("%d published documents matched the exchange's bookTicker", checked);

    const QByteArray metrics = httpGet(m_healthPort, QStringLiteral("/metrics")).body;
    QCOMPARE(metric(metrics, QStringLiteral("md_gaps_total{symbol=\"BTCUSDT\"}")), 0.0);
    QCOMPARE(metric(metrics, QStringLiteral("md_audit_mismatches_total{symbol=\"BTCUSDT\"}")), 0.0);
    QVERIFY(metric(metrics, QStringLiteral("md_audit_checks_total{symbol=\"BTCUSDT\"}")) > 100);

    // SIGTERM: closes, flushes, exits 0, and leaves no book marked synced.
    m_monitor.signal(SIGTERM);
    QVERIFY(m_monitor.waitForExit(5000));
    QCOMPARE(m_monitor.exitCode(), 0);
    const QJsonObject after =
            QJsonDocument::fromJson(RedisClient(m_redis->port()).query({"GET", key})).object();
    QCOMPARE(after[QLatin1String("synced")].toBool(), false);
}

void tst_Service::injectedGapsAndDisconnectsAreCountedAndRepaired()
{
    // Gaps at the 300th and 2000th depth event, the connection dropped every 15000 messages
    // (twice in this file), and the first snapshot refused with 429: far enough apart that
    // each is repaired before the next.
    const Scenario scenario{{dataFile("hftbacktest/spot-btcusdt-20240808.gz")},
                            QStringLiteral("spot"),
                            {QStringLiteral("--speed"), QStringLiteral("20"),
                             QStringLiteral("--skip-depth"), QStringLiteral("300,2000"),
                             QStringLiteral("--drop-after"), QStringLiteral("15000"),
                             QStringLiteral("--snapshot-error"), QStringLiteral("429"),
                             QStringLiteral("--retry-after"), QStringLiteral("1")}};
    const FinalState expected =
            finalState(readAll(scenario.files), QStringLiteral("BTCUSDT"), false);

    startReplay(scenario);
    startMonitor(scenario.market);
    const QJsonObject last = waitForFinalPublish("market_data:BTCUSDT");

    const QByteArray metrics = httpGet(m_healthPort, QStringLiteral("/metrics")).body;
    QCOMPARE(metric(metrics, QStringLiteral("md_gaps_total{symbol=\"BTCUSDT\"}")), 2.0);
    QCOMPARE(metric(metrics, QStringLiteral("md_reconnects_total{feed=\"spot-books-1\"}")), 2.0);
    QCOMPARE(metric(metrics, QStringLiteral("md_resyncs_total{symbol=\"BTCUSDT\"}")), 4.0);
    QCOMPARE(metric(metrics, QStringLiteral("md_snapshot_rate_limited_total")), 1.0);
    QCOMPARE(metric(metrics, QStringLiteral("md_audit_mismatches_total{symbol=\"BTCUSDT\"}")), 0.0);

    QVERIFY(last[QLatin1String("synced")].toBool());
    QCOMPARE(last[QLatin1String("update_id")].toInteger(), expected.lastUpdateId);
    QVERIFY(sameTop(last, expected.top));
}

void tst_Service::redisRestartMidRun()
{
    const Scenario scenario{{dataFile("hftbacktest/spot-btcusdt-20240808.gz")},
                            QStringLiteral("spot"),
                            {QStringLiteral("--speed"), QStringLiteral("10")}};
    startReplay(scenario);
    startMonitor(scenario.market);
    QTRY_COMPARE_WITH_TIMEOUT(httpGet(m_healthPort, QStringLiteral("/health")).status, 200, 20'000);

    m_redis->kill();
    QTRY_COMPARE_WITH_TIMEOUT(httpGet(m_healthPort, QStringLiteral("/health")).status, 503, 5000);
    QTest::qWait(1000);
    QVERIFY(m_redis->start());
    QElapsedTimer sinceRestart;
    sinceRestart.start();
    const qint64 restartedAt = QDateTime::currentMSecsSinceEpoch();

    // A fresh document: published after Redis came back.
    const auto freshKey = [&](const QByteArray &key) {
        const QJsonObject document =
                QJsonDocument::fromJson(RedisClient(m_redis->port()).query({"GET", key})).object();
        return document[QLatin1String("publish_time")].toInteger() >= restartedAt - 100 &&
               document[QLatin1String("synced")].toBool();
    };
    QTRY_VERIFY_WITH_TIMEOUT(freshKey("market_data:BTCUSDT") && freshKey("orderbook:BTCUSDT"),
                             3000);
    qInfo("keys fresh %lld ms after Redis answered again", sinceRestart.elapsed());
    QTRY_COMPARE_WITH_TIMEOUT(httpGet(m_healthPort, QStringLiteral("/health")).status, 200, 5000);
    const QByteArray metrics = httpGet(m_healthPort, QStringLiteral("/metrics")).body;
    QVERIFY(metric(metrics, QStringLiteral("md_redis_failures_total")) >= 1);
    QCOMPARE(metric(metrics, QStringLiteral("md_redis_reconnects_total")), 1.0);
}

void tst_Service::auditMismatchResyncsTheSymbol()
{
    // A recording whose depth event disagrees with the bookTicker of the same update id: the
    // engine must notice, say so, resync, and still end with the book of the data it was given.
    std::vector<Message> messages = readAll({dataFile("hftbacktest/spot-btcusdt-20240808.gz")});
    std::map<qint64, QString> tickerBids;
    for (const Message &message : messages) {
        const QJsonObject data = dataOf(message.payload);
        if (data.contains(QLatin1String("B")))
            tickerBids[idOf(data, "u")] = data[QLatin1String("b")].toString();
    }
    bool tampered = false;
    for (size_t i = messages.size() / 3; i < messages.size() && !tampered; ++i) {
        QJsonObject envelope =
                QJsonDocument::fromJson(QByteArray::fromStdString(messages[i].payload)).object();
        QJsonObject data = envelope[QLatin1String("data")].toObject();
        const auto bid = tickerBids.find(idOf(data, "u"));
        if (data[QLatin1String("e")] != QLatin1String("depthUpdate") || bid == tickerBids.end())
            continue;
        QJsonArray bids = data[QLatin1String("b")].toArray();
        for (qsizetype level = 0; level < bids.size() && !tampered; ++level) {
            if (bids[level][0].toString() != bid->second)
                continue;
            bids[level] = QJsonArray{bid->second, QStringLiteral("77.77000000")};
            data[QLatin1String("b")] = bids;
            envelope[QLatin1String("data")] = data;
            messages[i].payload =
                    QJsonDocument(envelope).toJson(QJsonDocument::Compact).toStdString();
            tampered = true;
        }
    }
    QVERIFY(tampered);
    const QString recording = m_dir.filePath(QStringLiteral("tampered.mdrec"));
    md::RecordingWriter writer;
    QVERIFY(writer.open(recording));
    for (const Message &message : messages)
        QVERIFY(writer.write(message.receiveTimeNs, message.kind, message.source, message.payload));
    QVERIFY(writer.close());

    const Scenario scenario{
            {recording}, QStringLiteral("spot"), {QStringLiteral("--speed"), QStringLiteral("40")}};
    startReplay(scenario);
    startMonitor(scenario.market);
    const QJsonObject last = waitForFinalPublish("market_data:BTCUSDT");

    const QByteArray metrics = httpGet(m_healthPort, QStringLiteral("/metrics")).body;
    QVERIFY(metric(metrics, QStringLiteral("md_audit_mismatches_total{symbol=\"BTCUSDT\"}")) >= 1);
    QVERIFY(metric(metrics, QStringLiteral("md_resyncs_total{symbol=\"BTCUSDT\"}")) >= 1);
    QCOMPARE(metric(metrics, QStringLiteral("md_gaps_total{symbol=\"BTCUSDT\"}")), 0.0);
    QVERIFY(m_monitor.log().contains("differs from the exchange's bookTicker"));

    const FinalState expected = finalState(messages, QStringLiteral("BTCUSDT"), false);
    QVERIFY(last[QLatin1String("synced")].toBool());
    QVERIFY(sameTop(last, expected.top));
}

void tst_Service::unknownSymbolIsAClearError()
{
    startReplay(Scenario{{dataFile("hftbacktest/spot-btcusdt-20240808.gz")},
                         QStringLiteral("spot"),
                         {QStringLiteral("--speed"), QStringLiteral("1")}});
    startMonitor(QStringLiteral("spot"),
                 {QStringLiteral("--symbols"), QStringLiteral("btcusdt, NOPEUSDT")});
    QVERIFY(m_monitor.waitForExit(30'000));
    QCOMPARE(m_monitor.exitCode(), 4);
    const QByteArray log = m_monitor.log();
    QVERIFY2(log.contains("NOPEUSDT") && log.contains("Invalid symbol"), log.constData());
}

void tst_Service::takenHealthPortIsOneClearError()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost, m_healthPort));
    m_replayPort = freePort();
    startMonitor(QStringLiteral("spot"));
    QVERIFY(m_monitor.waitForExit(5000));
    QCOMPARE(m_monitor.exitCode(), 2);
    const QByteArray log = m_monitor.log();
    QVERIFY2(log.contains(QByteArray::number(m_healthPort)), log.constData());
    QVERIFY2(log.contains("health.port") && log.contains("--health-port"), log.constData());
    QCOMPARE(log.count("cannot listen"), 1);
}

QTEST_GUILESS_MAIN(tst_Service)
#include "tst_service.moc"
