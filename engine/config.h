#ifndef MD_ENGINE_CONFIG_H
#define MD_ENGINE_CONFIG_H

#include "bookexport.h"
#include "market.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <chrono>
#include <optional>

namespace md {

// Every setting of the service, with its default. The YAML key of each field is named in its
// comment; resources/config.yaml explains why each default is what it is. A plain value,
// copied freely between threads.
struct Config
{
    struct Feed
    {
        std::chrono::seconds watchdog{30};              // feed.watchdog_seconds
        int maxStreamsPerConnection = 1024;             // feed.max_streams_per_connection
        std::chrono::milliseconds reconnectMin{500};    // feed.reconnect_min_ms
        std::chrono::milliseconds reconnectMax{30'000}; // feed.reconnect_max_ms
        std::chrono::seconds plannedReconnect{84'600};  // feed.planned_reconnect_hours (23.5)

        friend bool operator==(const Feed &, const Feed &) = default;
    };

    struct Rest
    {
        int weightBudget = 6000;  // rest.weight_budget: the exchange's request weight per minute
        double weightShare = 0.5; // rest.weight_share: the part of the budget we allow ourselves

        friend bool operator==(const Rest &, const Rest &) = default;
    };

    struct Redis
    {
        QString url = QStringLiteral("redis://127.0.0.1:6379/0"); // redis.url
        QString passwordEnv;                                      // redis.password_env
        QString passwordFile;                                     // redis.password_file
        QString keyPrefix;                                        // redis.key_prefix
        std::chrono::milliseconds publishInterval{100};           // redis.publish_interval_ms
        int depth = 20;                                           // redis.depth

        friend bool operator==(const Redis &, const Redis &) = default;
    };

    struct Health
    {
        QString host = QStringLiteral("127.0.0.1");     // health.host
        quint16 port = 8081;                            // health.port
        bool required = true;                           // health.required
        int maxConnections = 32;                        // health.max_connections
        qint64 maxRequestBytes = 8192;                  // health.max_request_bytes
        std::chrono::milliseconds requestTimeout{5000}; // health.request_timeout_ms
        std::chrono::seconds staleAfter{10};            // health.stale_seconds

        friend bool operator==(const Health &, const Health &) = default;
    };

    struct Process
    {
        double cpuLimitPercent = 80;                    // process.cpu_limit_percent; 0 is off
        std::chrono::seconds cpuLimitDuration{60};      // process.cpu_limit_seconds
        std::chrono::milliseconds sampleInterval{1000}; // process.sample_ms

        friend bool operator==(const Process &, const Process &) = default;
    };

    struct Log
    {
        std::chrono::seconds summaryInterval{30}; // log.summary_interval_seconds; 0 is off

        friend bool operator==(const Log &, const Log &) = default;
    };

    struct Record
    {
        QString path;                                  // record.path; empty records nothing
        double maxFileMb = 1024;                       // record.max_file_mb; 0 is no limit
        int rotateMinutes = 60;                        // record.rotate_minutes; 0 is never
        std::chrono::milliseconds flushInterval{1000}; // record.flush_ms

        friend bool operator==(const Record &, const Record &) = default;
    };

    // Book exports written to files every interval, off by default.
    struct Snapshots
    {
        std::chrono::seconds interval{0};         // snapshots.interval_seconds; 0 is off
        QString dir;                              // snapshots.dir
        int keep = 10;                            // snapshots.keep: files per symbol
        ExportFormat format = ExportFormat::Json; // snapshots.format: json or csv
        int depth = 0;                            // snapshots.depth: levels a side, 0 for all

        friend bool operator==(const Snapshots &, const Snapshots &) = default;
    };

    Market market = Market::Spot;                                // market
    QStringList symbols{QStringLiteral("BTCUSDT")};              // symbols
    QString tradeStream = QStringLiteral("trade");               // trade_stream
    int depthLimit = 1000;                                       // depth_limit
    QUrl wsUrl{QStringLiteral("wss://stream.binance.com:9443")}; // ws_url
    QUrl restUrl{QStringLiteral("https://api.binance.com")};     // rest_url
    bool audit = true;                                           // audit
    Feed feed;
    Rest rest;
    Redis redis;
    Health health;
    Process process;
    Log log;
    Record record;
    Snapshots snapshots;

    friend bool operator==(const Config &, const Config &) = default;
};

// Reads a Config from YAML and checks every value. Errors name the offending key, for example
// `health.port: must be 1-65535, got 70000`. Stateless; callable from any thread.
class ConfigLoader
{
public:
    // The defaults of a market: its endpoints, snapshot depth and request weight budget.
    static Config defaults(Market market = Market::Spot);

    // When a file is read. At start any readable path will do (a pipe too), and one without a
    // single setting (empty, or comments only) means every default. On reload, with the service
    // running, the path must be a regular file, since opening a named pipe waits for a writer,
    // and it must hold settings: an empty one is more likely caught while being written.
    enum class Moment { Start, Reload };
    static std::optional<Config> load(const QString &path, QString *error,
                                      Moment moment = Moment::Start);
    static std::optional<Config> fromYaml(const QByteArray &yaml, QString *error);

    // Checks that span several settings (depth_limit against market, the reconnect range,
    // the password source); the error names the first key at fault.
    static bool validate(const Config &config, QString *error);

    // A symbol trimmed and upper-cased, or nothing when the result is not a Binance symbol.
    static std::optional<QString> normalizedSymbol(const QString &text);
    // Why a URL cannot serve as the setting, or an empty string when it can.
    static QString wsUrlProblem(const QUrl &url);
    static QString restUrlProblem(const QUrl &url);
    static QString redisUrlProblem(const QString &url);
};

} // namespace md

#endif // MD_ENGINE_CONFIG_H
