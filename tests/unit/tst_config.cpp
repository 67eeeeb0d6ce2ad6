#include "commandline.h"
#include "config.h"

#include <QCommandLineParser>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>

#include <sys/stat.h>

using md::Config;
using md::ConfigLoader;
using md::Market;

namespace {

using namespace std::chrono_literals;

std::optional<Config> parse(const char *yaml, QString *error = nullptr)
{
    return ConfigLoader::fromYaml(QByteArray(yaml), error);
}

} // namespace

class tst_Config : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults();
    void usdmDefaults();
    void emptyDocument();
    void exampleFile();
    void emptyFile_data();
    void emptyFile();
    void reloadReadsOnlyRegularFiles();
    void missingFile();
    void hugeFileIsRefused();
    void values();
    void marketDefaultsFollowMarket();
    void symbolsNormalized();
    void rejects_data();
    void rejects();
    void syntaxErrorPosition();
    void overrides();
    void marketOverride_data();
    void marketOverride();
    void rejectsOverride_data();
    void rejectsOverride();
};

void tst_Config::defaults()
{
    const Config config = ConfigLoader::defaults();

    QCOMPARE(config.market, Market::Spot);
    QCOMPARE(config.symbols, QStringList{QStringLiteral("BTCUSDT")});
    QCOMPARE(config.tradeStream, QStringLiteral("trade"));
    QCOMPARE(config.depthLimit, 1000);
    QCOMPARE(config.wsUrl, QUrl(QStringLiteral("wss://stream.binance.com:9443")));
    QCOMPARE(config.restUrl, QUrl(QStringLiteral("https://api.binance.com")));
    QVERIFY(config.audit);
    QCOMPARE(config.feed.watchdog, 30s);
    QCOMPARE(config.feed.maxStreamsPerConnection, 1024);
    QCOMPARE(config.feed.reconnectMin, 500ms);
    QCOMPARE(config.feed.reconnectMax, 30'000ms);
    QCOMPARE(config.feed.plannedReconnect, 23h + 30min);
    QCOMPARE(config.rest.weightBudget, 6000);
    QCOMPARE(config.rest.weightShare, 0.5);
    QCOMPARE(config.redis.url, QStringLiteral("redis://127.0.0.1:6379/0"));
    QVERIFY(config.redis.passwordEnv.isEmpty());
    QVERIFY(config.redis.passwordFile.isEmpty());
    QVERIFY(config.redis.keyPrefix.isEmpty());
    QCOMPARE(config.redis.publishInterval, 100ms);
    QCOMPARE(config.redis.depth, 20);
    QCOMPARE(config.health.host, QStringLiteral("127.0.0.1"));
    QCOMPARE(config.health.port, quint16(8081));
    QVERIFY(config.health.required);
    QCOMPARE(config.health.maxConnections, 32);
    QCOMPARE(config.health.maxRequestBytes, 8192);
    QCOMPARE(config.health.requestTimeout, 5000ms);
    QCOMPARE(config.health.staleAfter, 10s);
    QCOMPARE(config.process.cpuLimitPercent, 80.0);
    QCOMPARE(config.process.cpuLimitDuration, 60s);
    QCOMPARE(config.process.sampleInterval, 1000ms);
    QCOMPARE(config.log.summaryInterval, 30s);
    QVERIFY(config.record.path.isEmpty());
    QCOMPARE(config.record.maxFileMb, 1024.0);
    QCOMPARE(config.record.rotateMinutes, 60);
    QCOMPARE(config.record.flushInterval, 1000ms);
    QVERIFY(ConfigLoader::validate(config, nullptr));
}

void tst_Config::usdmDefaults()
{
    const Config config = ConfigLoader::defaults(Market::UsdM);

    QCOMPARE(config.market, Market::UsdM);
    QCOMPARE(config.wsUrl, QUrl(QStringLiteral("wss://fstream.binance.com")));
    QCOMPARE(config.restUrl, QUrl(QStringLiteral("https://fapi.binance.com")));
    QCOMPARE(config.rest.weightBudget, 2400);
    QCOMPARE(config.depthLimit, 1000);
    QVERIFY(ConfigLoader::validate(config, nullptr));
}

void tst_Config::emptyDocument()
{
    QString error;
    const std::optional<Config> config = parse("# nothing set\n", &error);

    QVERIFY2(config, qPrintable(error));
    QCOMPARE(*config, ConfigLoader::defaults());
}

void tst_Config::exampleFile()
{
    // The example shows every key at its default, so loading it changes nothing.
    QString error;
    const std::optional<Config> config =
            ConfigLoader::load(QStringLiteral(MD_SOURCE_DIR "/resources/config.yaml"), &error);

    QVERIFY2(config, qPrintable(error));
    QCOMPARE(*config, ConfigLoader::defaults());
}

void tst_Config::hugeFileIsRefused()
{
    QTemporaryFile file;
    QVERIFY(file.open());
    file.write(QByteArray(1024 * 1024 + 1, '#'));
    file.close();

    QString error;
    QVERIFY(!ConfigLoader::load(file.fileName(), &error));
    QVERIFY2(error.contains(QLatin1String("not a config file")), qPrintable(error));
}

void tst_Config::emptyFile_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("blank lines") << QByteArray("\n  \n");
    QTest::newRow("comments only") << QByteArray("# symbols: [ETHUSDT]\n");
}

// At start an empty file means every default; on reload it is refused, since a file caught
// while an editor rewrites it would otherwise swap the symbol list for the default one.
void tst_Config::emptyFile()
{
    QFETCH(QByteArray, text);
    QTemporaryFile file;
    QVERIFY(file.open());
    file.write(text);
    file.close();

    QString error;
    const std::optional<Config> atStart = ConfigLoader::load(file.fileName(), &error);
    QVERIFY2(atStart, qPrintable(error));
    QCOMPARE(*atStart, ConfigLoader::defaults());

    QVERIFY(!ConfigLoader::load(file.fileName(), &error, ConfigLoader::Moment::Reload));
    QVERIFY2(error.startsWith(file.fileName() + QLatin1String(": holds no settings")),
             qPrintable(error));
    QVERIFY(ConfigLoader::load(QStringLiteral(MD_SOURCE_DIR "/resources/config.yaml"), &error,
                               ConfigLoader::Moment::Reload));
}

// Opening a named pipe waits for a writer: on reload that would hold up the running service
// for good, so anything but a regular file is refused before it is opened.
void tst_Config::reloadReadsOnlyRegularFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString fifo = dir.filePath(QStringLiteral("config.yaml"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);

    QString error;
    QVERIFY(!ConfigLoader::load(fifo, &error, ConfigLoader::Moment::Reload));
    QVERIFY2(error.startsWith(fifo + QLatin1String(": is not a regular file")), qPrintable(error));
    QVERIFY(!ConfigLoader::load(dir.path(), &error, ConfigLoader::Moment::Reload));
    QVERIFY2(error.contains(QLatin1String("is not a regular file")), qPrintable(error));
}

void tst_Config::missingFile()
{
    const QString path = QStringLiteral(MD_BINARY_DIR "/no-such-config.yaml");
    QString error;

    QVERIFY(!ConfigLoader::load(path, &error));
    QVERIFY2(error.startsWith(path + QLatin1String(": cannot read")), qPrintable(error));
}

void tst_Config::values()
{
    QString error;
    const std::optional<Config> config = parse(R"(
market: spot
symbols: [ETHUSDT, BNBUSDT]
trade_stream: aggTrade
depth_limit: 5000
ws_url: wss://testnet.binance.vision
rest_url: https://testnet.binance.vision
audit: false
feed:
  watchdog_seconds: 5
  max_streams_per_connection: 200
  reconnect_min_ms: 100
  reconnect_max_ms: 100
  planned_reconnect_hours: 12.25
rest:
  weight_budget: 1200
  weight_share: 1
redis:
  url: redis://cache.internal:6380/3
  password_env: MD_REDIS_PASSWORD
  key_prefix: "md:"
  publish_interval_ms: 250
  depth: 50
health:
  host: "::1"
  port: 9000
  required: false
  max_connections: 4
  max_request_bytes: 1024
  request_timeout_ms: 300
  stale_seconds: 3
process:
  cpu_limit_percent: 150.5
  cpu_limit_seconds: 5
  sample_ms: 250
log:
  summary_interval_seconds: 0
record:
  path: /var/lib/md/btc.mdrec
  max_file_mb: 0.5
  rotate_minutes: 0
  flush_ms: 250
snapshots:
  interval_seconds: 60
  dir: /var/lib/md/books
  keep: 3
  format: csv
  depth: 25
)",
                                               &error);

    QVERIFY2(config, qPrintable(error));
    QCOMPARE(config->symbols, (QStringList{QStringLiteral("ETHUSDT"), QStringLiteral("BNBUSDT")}));
    QCOMPARE(config->tradeStream, QStringLiteral("aggTrade"));
    QCOMPARE(config->depthLimit, 5000);
    QCOMPARE(config->wsUrl, QUrl(QStringLiteral("wss://testnet.binance.vision")));
    QVERIFY(!config->audit);
    QCOMPARE(config->feed.watchdog, 5s);
    QCOMPARE(config->feed.maxStreamsPerConnection, 200);
    QCOMPARE(config->feed.reconnectMin, 100ms);
    QCOMPARE(config->feed.plannedReconnect, 12h + 15min);
    QCOMPARE(config->rest.weightBudget, 1200);
    QCOMPARE(config->rest.weightShare, 1.0);
    QCOMPARE(config->redis.url, QStringLiteral("redis://cache.internal:6380/3"));
    QCOMPARE(config->redis.passwordEnv, QStringLiteral("MD_REDIS_PASSWORD"));
    QCOMPARE(config->redis.keyPrefix, QStringLiteral("md:"));
    QCOMPARE(config->redis.publishInterval, 250ms);
    QCOMPARE(config->redis.depth, 50);
    QCOMPARE(config->health.host, QStringLiteral("::1"));
    QCOMPARE(config->health.port, quint16(9000));
    QVERIFY(!config->health.required);
    QCOMPARE(config->health.maxConnections, 4);
    QCOMPARE(config->health.maxRequestBytes, 1024);
    QCOMPARE(config->health.requestTimeout, 300ms);
    QCOMPARE(config->health.staleAfter, 3s);
    QCOMPARE(config->process.cpuLimitPercent, 150.5);
    QCOMPARE(config->process.cpuLimitDuration, 5s);
    QCOMPARE(config->process.sampleInterval, 250ms);
    QCOMPARE(config->log.summaryInterval, 0s);
    QCOMPARE(config->record.path, QStringLiteral("/var/lib/md/btc.mdrec"));
    QCOMPARE(config->record.maxFileMb, 0.5);
    QCOMPARE(config->record.rotateMinutes, 0);
    QCOMPARE(config->record.flushInterval, 250ms);
    QCOMPARE(config->snapshots.interval, 60s);
    QCOMPARE(config->snapshots.dir, QStringLiteral("/var/lib/md/books"));
    QCOMPARE(config->snapshots.keep, 3);
    QVERIFY(config->snapshots.format == md::ExportFormat::Csv);
    QCOMPARE(config->snapshots.depth, 25);
}

void tst_Config::marketDefaultsFollowMarket()
{
    QString error;
    const std::optional<Config> usdm = parse("market: usdm\n", &error);
    QVERIFY2(usdm, qPrintable(error));
    QCOMPARE(*usdm, ConfigLoader::defaults(Market::UsdM));

    // A URL the file sets wins over the market's default.
    const std::optional<Config> custom = parse("market: usdm\nws_url: wss://example.org\n", &error);
    QVERIFY2(custom, qPrintable(error));
    QCOMPARE(custom->wsUrl, QUrl(QStringLiteral("wss://example.org")));
    QCOMPARE(custom->restUrl, QUrl(QStringLiteral("https://fapi.binance.com")));
}

void tst_Config::symbolsNormalized()
{
    QString error;
    const std::optional<Config> config =
            parse("symbols: [' btcusdt ', ethusdt, BTCUSDT, EthUsdt, 1000SATSUSDT]\n", &error);

    QVERIFY2(config, qPrintable(error));
    QCOMPARE(config->symbols, (QStringList{QStringLiteral("BTCUSDT"), QStringLiteral("ETHUSDT"),
                                           QStringLiteral("1000SATSUSDT")}));
}

void tst_Config::rejects_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("error");

    QTest::newRow("port too large") << QByteArray("health:\n  port: 70000\n")
                                    << QStringLiteral("health.port: must be 1-65535, got 70000");
    QTest::newRow("port zero") << QByteArray("health:\n  port: 0\n")
                               << QStringLiteral("health.port: must be 1-65535, got 0");
    QTest::newRow("port not a number") << QByteArray("health:\n  port: http\n")
                                       << QStringLiteral("health.port: expected a whole number");
    QTest::newRow("port a fraction") << QByteArray("health:\n  port: 80.5\n")
                                     << QStringLiteral("health.port: expected a whole number");
    QTest::newRow("port a list") << QByteArray("health:\n  port: [1, 2]\n")
                                 << QStringLiteral("health.port: expected a value, got a list");
    QTest::newRow("symbol with a space")
            << QByteArray("symbols: [BTCUSDT, ETHUSDT, \"BTC USDT\"]\n")
            << QStringLiteral("symbols[2]: \"BTC USDT\" is not a valid symbol");
    QTest::newRow("symbol too short") << QByteArray("symbols: [B]\n")
                                      << QStringLiteral("symbols[0]: \"B\" is not a valid symbol");
    QTest::newRow("symbol a mapping") << QByteArray("symbols:\n  - {a: 1}\n")
                                      << QStringLiteral("symbols[0]: expected a symbol");
    QTest::newRow("symbols not a list")
            << QByteArray("symbols: BTCUSDT\n") << QStringLiteral("symbols: expected a list");
    QTest::newRow("no symbols") << QByteArray("symbols: []\n")
                                << QStringLiteral("symbols: must name at least one symbol");
    QTest::newRow("unknown top-level key")
            << QByteArray("symbol: [BTCUSDT]\n") << QStringLiteral("symbol: unknown key");
    QTest::newRow("unknown nested key")
            << QByteArray("health:\n  prot: 8081\n") << QStringLiteral("health.prot: unknown key");
    QTest::newRow("section not a mapping")
            << QByteArray("health: 8081\n") << QStringLiteral("health: expected a mapping");
    QTest::newRow("market") << QByteArray("market: coinm\n")
                            << QStringLiteral("market: must be spot or usdm, got \"coinm\"");
    QTest::newRow("trade stream") << QByteArray("trade_stream: trades\n")
                                  << QStringLiteral("trade_stream: must be trade or aggTrade");
    QTest::newRow("spot depth limit") << QByteArray("depth_limit: 6000\n")
                                      << QStringLiteral("depth_limit: must be 1-5000, got 6000");
    QTest::newRow("usdm depth limit")
            << QByteArray("market: usdm\ndepth_limit: 300\n")
            << QStringLiteral("depth_limit: must be one of 5, 10, 20, 50, 100, 500, 1000");
    QTest::newRow("ws url scheme") << QByteArray("ws_url: https://stream.binance.com\n")
                                   << QStringLiteral("ws_url: \"https://stream.binance.com\"");
    QTest::newRow("rest url scheme") << QByteArray("rest_url: wss://api.binance.com\n")
                                     << QStringLiteral("rest_url: \"wss://api.binance.com\"");
    QTest::newRow("rest url without host")
            << QByteArray("rest_url: https://\n") << QStringLiteral("rest_url:");
    QTest::newRow("audit not a bool")
            << QByteArray("audit: maybe\n") << QStringLiteral("audit: expected true or false");
    QTest::newRow("watchdog") << QByteArray("feed:\n  watchdog_seconds: 0\n")
                              << QStringLiteral("feed.watchdog_seconds: must be 1-3600, got 0");
    QTest::newRow("streams per connection")
            << QByteArray("feed:\n  max_streams_per_connection: 2000\n")
            << QStringLiteral("feed.max_streams_per_connection: must be 1-1024");
    QTest::newRow("reconnect range")
            << QByteArray("feed:\n  reconnect_min_ms: 5000\n  reconnect_max_ms: 1000\n")
            << QStringLiteral("feed.reconnect_min_ms: must not exceed feed.reconnect_max_ms");
    QTest::newRow("planned reconnect") << QByteArray("feed:\n  planned_reconnect_hours: 25\n")
                                       << QStringLiteral("feed.planned_reconnect_hours: must be");
    QTest::newRow("weight share zero") << QByteArray("rest:\n  weight_share: 0\n")
                                       << QStringLiteral("rest.weight_share: must be above 0");
    QTest::newRow("weight share over one") << QByteArray("rest:\n  weight_share: 1.5\n")
                                           << QStringLiteral("rest.weight_share: must be");
    QTest::newRow("weight budget") << QByteArray("rest:\n  weight_budget: -1\n")
                                   << QStringLiteral("rest.weight_budget: must be");
    QTest::newRow("redis scheme") << QByteArray("redis:\n  url: http://127.0.0.1:6379\n")
                                  << QStringLiteral("redis.url: \"http://127.0.0.1:6379\"");
    QTest::newRow("redis password in url")
            << QByteArray("redis:\n  url: redis://user:secret@127.0.0.1:6379/0\n")
            << QStringLiteral("redis.url:");
    QTest::newRow("redis database") << QByteArray("redis:\n  url: redis://127.0.0.1/cache\n")
                                    << QStringLiteral("redis.url:");
    QTest::newRow("two password sources")
            << QByteArray("redis:\n  password_env: PW\n  password_file: /run/pw\n")
            << QStringLiteral("redis.password_file: set either");
    QTest::newRow("redis depth") << QByteArray("redis:\n  depth: 0\n")
                                 << QStringLiteral("redis.depth: must be 1-1000, got 0");
    QTest::newRow("publish interval") << QByteArray("redis:\n  publish_interval_ms: 1\n")
                                      << QStringLiteral("redis.publish_interval_ms: must be");
    QTest::newRow("health host") << QByteArray("health:\n  host: example.org\n")
                                 << QStringLiteral("health.host: \"example.org\"");
    QTest::newRow("request size") << QByteArray("health:\n  max_request_bytes: 10\n")
                                  << QStringLiteral("health.max_request_bytes: must be");
    QTest::newRow("max connections") << QByteArray("health:\n  max_connections: 0\n")
                                     << QStringLiteral("health.max_connections: must be");
    QTest::newRow("request timeout") << QByteArray("health:\n  request_timeout_ms: 1\n")
                                     << QStringLiteral("health.request_timeout_ms: must be");
    QTest::newRow("stale seconds") << QByteArray("health:\n  stale_seconds: 0\n")
                                   << QStringLiteral("health.stale_seconds: must be");
    QTest::newRow("required not a bool")
            << QByteArray("health:\n  required: sometimes\n") << QStringLiteral("health.required:");
    QTest::newRow("cpu limit negative") << QByteArray("process:\n  cpu_limit_percent: -1\n")
                                        << QStringLiteral("process.cpu_limit_percent: must be");
    QTest::newRow("cpu limit text")
            << QByteArray("process:\n  cpu_limit_percent: lots\n")
            << QStringLiteral("process.cpu_limit_percent: expected a number");
    QTest::newRow("cpu seconds") << QByteArray("process:\n  cpu_limit_seconds: 0\n")
                                 << QStringLiteral("process.cpu_limit_seconds: must be");
    QTest::newRow("sample interval") << QByteArray("process:\n  sample_ms: 10\n")
                                     << QStringLiteral("process.sample_ms: must be");
    QTest::newRow("summary interval") << QByteArray("log:\n  summary_interval_seconds: soon\n")
                                      << QStringLiteral("log.summary_interval_seconds:");
    QTest::newRow("record key") << QByteArray("record:\n  file: a.mdrec\n")
                                << QStringLiteral("record.file: unknown key");
    QTest::newRow("record size") << QByteArray("record:\n  max_file_mb: -1\n")
                                 << QStringLiteral("record.max_file_mb: must be");
    QTest::newRow("record size that rounds to no limit")
            << QByteArray("record:\n  max_file_mb: 0.0000001\n")
            << QStringLiteral("record.max_file_mb: must be 0 (no limit) or at least 0.1, "
                              "got 1e-07");
    QTest::newRow("record size of a part per flush")
            << QByteArray("record:\n  max_file_mb: 0.001\n")
            << QStringLiteral("record.max_file_mb: must be 0 (no limit) or at least 0.1");
    QTest::newRow("record rotation") << QByteArray("record:\n  rotate_minutes: 1441\n")
                                     << QStringLiteral("record.rotate_minutes: must be 0-1440");
    QTest::newRow("record flush over a second")
            << QByteArray("record:\n  flush_ms: 5000\n")
            << QStringLiteral("record.flush_ms: must be 10-1000, got 5000");
    QTest::newRow("document a list")
            << QByteArray("- market\n- spot\n") << QStringLiteral("expected a mapping of settings");
    QTest::newRow("syntax error") << QByteArray("health:\n  port: [8081\n")
                                  << QStringLiteral("line ");
    QTest::newRow("snapshots without a folder")
            << QByteArray("snapshots:\n  interval_seconds: 60\n")
            << QStringLiteral("snapshots.dir: must name a folder");
    QTest::newRow("snapshots format") << QByteArray("snapshots:\n  format: xml\n")
                                      << QStringLiteral("snapshots.format: must be json or csv");
    QTest::newRow("snapshots keep") << QByteArray("snapshots:\n  keep: 0\n")
                                    << QStringLiteral("snapshots.keep: must be 1-100000, got 0");
    QTest::newRow("snapshots depth") << QByteArray("snapshots:\n  depth: -5\n")
                                     << QStringLiteral("snapshots.depth: must be 0-100000");
    QTest::newRow("snapshots interval")
            << QByteArray("snapshots:\n  interval_seconds: often\n")
            << QStringLiteral("snapshots.interval_seconds: expected a whole number");
    QTest::newRow("snapshots unknown key") << QByteArray("snapshots:\n  folder: /tmp\n")
                                           << QStringLiteral("snapshots.folder: unknown key");
    QTest::newRow("key given twice")
            << QByteArray("symbols: [BTCUSDT]\nmarket: spot\nsymbols: [ETHUSDT]\n")
            << QStringLiteral("symbols: given more than once (again at line 3, column 1)");
    QTest::newRow("key given twice in a section")
            << QByteArray("health:\n  port: 8081\n  port: 8082\n")
            << QStringLiteral("health.port: given more than once (again at line 3, column 3)");
    QTest::newRow("section given twice")
            << QByteArray("snapshots:\n  keep: 3\nsnapshots:\n  keep: 5\n")
            << QStringLiteral("snapshots: given more than once");
    QTest::newRow("budget below one snapshot")
            << QByteArray("rest:\n  weight_budget: 1\n  weight_share: 0.01\n")
            << QStringLiteral("rest.weight_share: leaves 0.01 of rest.weight_budget 1");
}

void tst_Config::rejects()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, error);

    QString actual;
    QVERIFY(!ConfigLoader::fromYaml(yaml, &actual));
    QVERIFY2(actual.contains(error), qPrintable(actual));
}

void tst_Config::syntaxErrorPosition()
{
    QString error;

    QVERIFY(!parse("market: spot\nhealth:\n  port: 8081\n   host: x\n", &error));
    QVERIFY2(error.startsWith(QLatin1String("line 4, column ")), qPrintable(error));
}

void tst_Config::overrides()
{
    QCommandLineParser parser;
    md::addCommandLineOptions(parser);
    QVERIFY(parser.parse({QStringLiteral("md"), QStringLiteral("--symbols"),
                          QStringLiteral("ethusdt, BTCUSDT,ethusdt"), QStringLiteral("--ws-url"),
                          QStringLiteral("ws://127.0.0.1:9999"), QStringLiteral("--rest-url"),
                          QStringLiteral("http://127.0.0.1:9998"), QStringLiteral("--redis"),
                          QStringLiteral("redis://10.0.0.5:6379/2"),
                          QStringLiteral("--health-port"), QStringLiteral("18081"),
                          QStringLiteral("--record"), QStringLiteral("/tmp/feed.mdrec"),
                          QStringLiteral("--no-gui"), QStringLiteral("--config"),
                          QStringLiteral("/etc/md.yaml")}));

    Config config = ConfigLoader::defaults();
    QString error;
    QVERIFY2(md::applyOverrides(parser, config, &error), qPrintable(error));

    QCOMPARE(config.symbols, (QStringList{QStringLiteral("ETHUSDT"), QStringLiteral("BTCUSDT")}));
    QCOMPARE(config.wsUrl, QUrl(QStringLiteral("ws://127.0.0.1:9999")));
    QCOMPARE(config.restUrl, QUrl(QStringLiteral("http://127.0.0.1:9998")));
    QCOMPARE(config.redis.url, QStringLiteral("redis://10.0.0.5:6379/2"));
    QCOMPARE(config.health.port, quint16(18081));
    QCOMPARE(config.record.path, QStringLiteral("/tmp/feed.mdrec"));
    QCOMPARE(config.market, Market::Spot);
    QVERIFY(parser.isSet(QStringLiteral("no-gui")));
    QCOMPARE(parser.value(QStringLiteral("config")), QStringLiteral("/etc/md.yaml"));
}

void tst_Config::marketOverride_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QUrl>("wsUrl");
    QTest::addColumn<QUrl>("restUrl");
    QTest::addColumn<int>("weightBudget");

    const QUrl usdmWs(QStringLiteral("wss://fstream.binance.com"));
    const QUrl usdmRest(QStringLiteral("https://fapi.binance.com"));
    const QUrl spotWs(QStringLiteral("wss://stream.binance.com:9443"));
    const QUrl spotRest(QStringLiteral("https://api.binance.com"));
    const QUrl local(QStringLiteral("ws://127.0.0.1:9000"));

    QTest::newRow("defaults follow --market usdm")
            << QByteArray() << QStringList{QStringLiteral("--market"), QStringLiteral("usdm")}
            << usdmWs << usdmRest << 2400;
    QTest::newRow("defaults follow --market spot")
            << QByteArray("market: usdm\n")
            << QStringList{QStringLiteral("--market"), QStringLiteral("spot")} << spotWs << spotRest
            << 6000;
    QTest::newRow("file's URL kept")
            << QByteArray("ws_url: ws://127.0.0.1:9000\n")
            << QStringList{QStringLiteral("--market"), QStringLiteral("usdm")} << local << usdmRest
            << 2400;
    QTest::newRow("flag's URL kept")
            << QByteArray()
            << QStringList{QStringLiteral("--market"), QStringLiteral("usdm"),
                           QStringLiteral("--ws-url"), QStringLiteral("ws://127.0.0.1:9000")}
            << local << usdmRest << 2400;
}

void tst_Config::marketOverride()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QStringList, flags);
    QFETCH(QUrl, wsUrl);
    QFETCH(QUrl, restUrl);
    QFETCH(int, weightBudget);

    QString error;
    std::optional<Config> config = ConfigLoader::fromYaml(yaml, &error);
    QVERIFY2(config, qPrintable(error));
    QCommandLineParser parser;
    md::addCommandLineOptions(parser);
    QVERIFY(parser.parse(QStringList{QStringLiteral("md")} + flags));

    QVERIFY2(md::applyOverrides(parser, *config, &error), qPrintable(error));
    QCOMPARE(config->wsUrl, wsUrl);
    QCOMPARE(config->restUrl, restUrl);
    QCOMPARE(config->rest.weightBudget, weightBudget);
}

void tst_Config::rejectsOverride_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QString>("error");

    QTest::newRow("port too large")
            << QByteArray() << QStringList{QStringLiteral("--health-port"), QStringLiteral("70000")}
            << QStringLiteral("--health-port: must be 1-65535, got 70000");
    QTest::newRow("port not a number")
            << QByteArray() << QStringList{QStringLiteral("--health-port"), QStringLiteral("http")}
            << QStringLiteral("--health-port: must be 1-65535, got http");
    QTest::newRow("bad symbol") << QByteArray()
                                << QStringList{QStringLiteral("--symbols"),
                                               QStringLiteral("BTCUSDT,BTC USDT")}
                                << QStringLiteral("--symbols: \"BTC USDT\" is not a valid symbol");
    QTest::newRow("no symbols") << QByteArray()
                                << QStringList{QStringLiteral("--symbols"), QStringLiteral(",")}
                                << QStringLiteral("--symbols: must name at least one symbol");
    QTest::newRow("market") << QByteArray()
                            << QStringList{QStringLiteral("--market"), QStringLiteral("coinm")}
                            << QStringLiteral("--market: must be spot or usdm, got \"coinm\"");
    QTest::newRow("ws url") << QByteArray()
                            << QStringList{QStringLiteral("--ws-url"), QStringLiteral("ftp://x")}
                            << QStringLiteral("--ws-url: \"ftp://x\"");
    QTest::newRow("rest url") << QByteArray()
                              << QStringList{QStringLiteral("--rest-url"), QStringLiteral("nope")}
                              << QStringLiteral("--rest-url: \"nope\"");
    QTest::newRow("redis url") << QByteArray()
                               << QStringList{QStringLiteral("--redis"),
                                              QStringLiteral("127.0.0.1")}
                               << QStringLiteral("--redis: \"127.0.0.1\"");
    QTest::newRow("record without a name")
            << QByteArray() << QStringList{QStringLiteral("--record"), QStringLiteral(" ")}
            << QStringLiteral("--record: needs a file name");
    QTest::newRow("market clashes with depth")
            << QByteArray("depth_limit: 5000\n")
            << QStringList{QStringLiteral("--market"), QStringLiteral("usdm")}
            << QStringLiteral("depth_limit: must be one of");
}

void tst_Config::rejectsOverride()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QStringList, flags);
    QFETCH(QString, error);

    QString actual;
    std::optional<Config> config = ConfigLoader::fromYaml(yaml, &actual);
    QVERIFY2(config, qPrintable(actual));
    const Config before = *config;
    QCommandLineParser parser;
    md::addCommandLineOptions(parser);
    QVERIFY(parser.parse(QStringList{QStringLiteral("md")} + flags));

    QVERIFY(!md::applyOverrides(parser, *config, &actual));
    QVERIFY2(actual.startsWith(error), qPrintable(actual));
    QCOMPARE(*config, before);
}

QTEST_GUILESS_MAIN(tst_Config)
#include "tst_config.moc"
