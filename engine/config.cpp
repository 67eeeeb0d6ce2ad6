#include "config.h"

#include "logging.h"
#include "snapshotfetcher.h"

#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace md {

namespace {

constexpr qint64 MaxConfigBytes = 1024 * 1024;
constexpr double MinRecordPartMb = 0.1;

// Why a URL cannot be an exchange endpoint: it needs a host and the secure or plain scheme
// (plain for a local replay server).
QString endpointProblem(const QUrl &url, const QString &secure, const QString &plain)
{
    if (!url.isValid() || url.host().isEmpty())
        return QStringLiteral("is not a URL with a host");
    if (url.scheme() != secure && url.scheme() != plain)
        return QStringLiteral("must start with %1:// or %2://").arg(secure, plain);
    return QString();
}

constexpr int spotMaxDepthLimit = 5000;
constexpr int spotWeightBudget = 6000;
constexpr int usdmWeightBudget = 2400;
// USD-M answers a depth request only for these limits; anything else is an error there.
constexpr std::initializer_list<int> usdmDepthLimits = {5, 10, 20, 50, 100, 500, 1000};

QString describe(const YAML::Node &node)
{
    switch (node.Type()) {
    case YAML::NodeType::Scalar:
        return QLatin1Char('"') + QString::fromStdString(node.Scalar()) + QLatin1Char('"');
    case YAML::NodeType::Sequence:
        return QStringLiteral("a list");
    case YAML::NodeType::Map:
        return QStringLiteral("a mapping");
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

bool fail(QString *error, const QString &key, const QString &message)
{
    if (error)
        *error = key + QLatin1String(": ") + message;
    return false;
}

// yaml-cpp counts lines and columns from zero; editors count from one.
QString position(const YAML::Mark &mark)
{
    return QStringLiteral("line %1, column %2").arg(mark.line + 1).arg(mark.column + 1);
}

QString numberText(double value)
{
    return QString::number(value, 'g', 10);
}

// Reads the settings of one mapping. Each reader leaves its field alone when the key is absent
// and returns false with an error naming "<prefix><key>" when the value is unusable.
struct SectionReader
{
    YAML::Node map;
    QString prefix;
    QString *error = nullptr;

    QString key(std::string_view name) const
    {
        return prefix + QString::fromUtf8(name.data(), qsizetype(name.size()));
    }

    YAML::Node node(std::string_view name) const { return map[std::string(name)]; }

    // Every key present must be one of known, and given once: a misspelt key would otherwise
    // silently leave its setting at the default, and of a key given twice yaml-cpp reads the
    // first, so a line added below an old one would silently change nothing.
    bool checkKeys(std::initializer_list<std::string_view> known) const
    {
        std::vector<std::string> seen;
        for (auto it = map.begin(); it != map.end(); ++it) {
            const std::string name = it->first.IsScalar() ? it->first.Scalar() : std::string();
            if (std::find(known.begin(), known.end(), name) == known.end()) {
                if (name.empty())
                    return fail(error, key("?"), QStringLiteral("keys must be plain names"));
                return fail(error, key(name), QStringLiteral("unknown key"));
            }
            if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
                return fail(error, key(name),
                            QStringLiteral("given more than once (again at %1)")
                                    .arg(position(it->first.Mark())));
            }
            seen.push_back(name);
        }
        return true;
    }

    bool scalar(std::string_view name, QString &text) const
    {
        const YAML::Node value = node(name);
        if (!value.IsScalar()) {
            return fail(error, key(name),
                        QStringLiteral("expected a value, got %1").arg(describe(value)));
        }
        text = QString::fromStdString(value.Scalar()).trimmed();
        return true;
    }

    bool string(std::string_view name, QString &field) const
    {
        const YAML::Node value = node(name);
        if (!value)
            return true;
        if (value.IsNull()) {
            field.clear();
            return true;
        }
        return scalar(name, field);
    }

    bool boolean(std::string_view name, bool &field) const
    {
        QString text;
        if (!node(name))
            return true;
        if (!scalar(name, text))
            return false;
        const QString lower = text.toLower();
        if (lower == QLatin1String("true") || lower == QLatin1String("yes")) {
            field = true;
            return true;
        }
        if (lower == QLatin1String("false") || lower == QLatin1String("no")) {
            field = false;
            return true;
        }
        return fail(error, key(name),
                    QStringLiteral("expected true or false, got \"%1\"").arg(text));
    }

    template<typename Int>
    bool integer(std::string_view name, qint64 min, qint64 max, Int &field) const
    {
        QString text;
        if (!node(name))
            return true;
        if (!scalar(name, text))
            return false;
        bool ok = false;
        const qint64 value = text.toLongLong(&ok);
        if (!ok) {
            return fail(error, key(name),
                        QStringLiteral("expected a whole number, got \"%1\"").arg(text));
        }
        if (value < min || value > max) {
            return fail(error, key(name),
                        QStringLiteral("must be %1-%2, got %3").arg(min).arg(max).arg(value));
        }
        field = Int(value);
        return true;
    }

    template<typename Rep, typename Period>
    bool integer(std::string_view name, qint64 min, qint64 max,
                 std::chrono::duration<Rep, Period> &field) const
    {
        qint64 count = field.count();
        if (!integer(name, min, max, count))
            return false;
        field = std::chrono::duration<Rep, Period>(count);
        return true;
    }

    // A number in (min, max] when minExclusive, else in [min, max].
    bool number(std::string_view name, double min, double max, bool minExclusive,
                double &field) const
    {
        QString text;
        if (!node(name))
            return true;
        if (!scalar(name, text))
            return false;
        bool ok = false;
        const double value = text.toDouble(&ok);
        if (!ok || !std::isfinite(value)) {
            return fail(error, key(name),
                        QStringLiteral("expected a number, got \"%1\"").arg(text));
        }
        if ((minExclusive ? value <= min : value < min) || value > max) {
            const QString range =
                    minExclusive ? QStringLiteral("above %1 and at most %2")
                                           .arg(numberText(min), numberText(max))
                                 : QStringLiteral("%1-%2").arg(numberText(min), numberText(max));
            return fail(error, key(name), QStringLiteral("must be %1, got %2").arg(range, text));
        }
        field = value;
        return true;
    }

    bool url(std::string_view name, QString (*problem)(const QUrl &), QUrl &field) const
    {
        QString text;
        if (!node(name))
            return true;
        if (!scalar(name, text))
            return false;
        const QUrl value(text, QUrl::StrictMode);
        if (const QString reason = problem(value); !reason.isEmpty())
            return fail(error, key(name), QStringLiteral("\"%1\" %2").arg(text, reason));
        field = value;
        return true;
    }

    // The reader of sub-mapping `name`, an absent or empty one reading as all defaults; nothing,
    // with the error set, when it is not a mapping or holds an unknown key.
    std::optional<SectionReader> section(std::string_view name,
                                         std::initializer_list<std::string_view> known) const
    {
        // yaml-cpp nodes are references: assigning one writes through to the node it refers to,
        // so readers are only ever constructed, never assigned.
        const YAML::Node value = node(name);
        const QString sectionPrefix = key(name) + QLatin1Char('.');
        if (!value || value.IsNull())
            return SectionReader{YAML::Node(YAML::NodeType::Map), sectionPrefix, error};
        if (!value.IsMap()) {
            fail(error, key(name),
                 QStringLiteral("expected a mapping of settings, got %1").arg(describe(value)));
            return std::nullopt;
        }
        SectionReader reader{value, sectionPrefix, error};
        if (!reader.checkKeys(known))
            return std::nullopt;
        return reader;
    }
};

bool readSymbols(const SectionReader &root, QStringList &symbols)
{
    const YAML::Node list = root.node("symbols");
    if (!list)
        return true;
    if (!list.IsSequence()) {
        return fail(root.error, QStringLiteral("symbols"),
                    QStringLiteral("expected a list of symbols, got %1").arg(describe(list)));
    }

    QStringList result;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const QString key = QStringLiteral("symbols[%1]").arg(i);
        const YAML::Node item = list[i];
        if (!item.IsScalar()) {
            return fail(root.error, key,
                        QStringLiteral("expected a symbol, got %1").arg(describe(item)));
        }
        const QString text = QString::fromStdString(item.Scalar());
        const std::optional<QString> symbol = ConfigLoader::normalizedSymbol(text);
        if (!symbol)
            return fail(root.error, key, QStringLiteral("\"%1\" is not a valid symbol").arg(text));
        if (!result.contains(*symbol))
            result.append(*symbol);
    }
    if (result.isEmpty()) {
        return fail(root.error, QStringLiteral("symbols"),
                    QStringLiteral("must name at least one symbol"));
    }
    symbols = result;
    return true;
}

bool readHost(const SectionReader &health, QString &host)
{
    QString text = host;
    if (!health.string("host", text))
        return false;
    if (text != QLatin1String("localhost") && QHostAddress(text).isNull()) {
        return fail(health.error, health.key("host"),
                    QStringLiteral("\"%1\" is not an IP address or localhost").arg(text));
    }
    host = text;
    return true;
}

bool readSnapshots(const SectionReader &root, Config::Snapshots &snapshots)
{
    const auto section =
            root.section("snapshots", {"interval_seconds", "dir", "keep", "format", "depth"});
    QString format = exportFormatName(snapshots.format);
    if (!section || !section->integer("interval_seconds", 0, 86'400, snapshots.interval) ||
        !section->string("dir", snapshots.dir) ||
        !section->integer("keep", 1, 100'000, snapshots.keep) ||
        !section->string("format", format) ||
        !section->integer("depth", 0, qint64(BookExport::MaxDepth), snapshots.depth)) {
        return false;
    }
    const std::optional<ExportFormat> parsed = exportFormatFromName(format);
    if (!parsed) {
        return fail(root.error, section->key("format"),
                    QStringLiteral("must be json or csv, got \"%1\"").arg(format));
    }
    snapshots.format = *parsed;
    return true;
}

// True for a document without a single setting: empty, blank or comments only. A syntax error
// is not that; the parser reports it.
bool holdsNoSettings(const QByteArray &yaml)
{
    try {
        const YAML::Node document = YAML::Load(yaml.toStdString());
        return !document || document.IsNull();
    } catch (const std::exception &) {
        return false;
    }
}

std::optional<Config> parse(const YAML::Node &document, QString *error)
{
    const SectionReader root{document, QString(), error};
    if (!root.checkKeys({"market", "symbols", "trade_stream", "depth_limit", "ws_url", "rest_url",
                         "audit", "feed", "rest", "redis", "health", "process", "log", "record",
                         "snapshots"})) {
        return std::nullopt;
    }

    // The market comes first: its endpoints, depth and weight are the defaults of the rest.
    QString marketText = QStringLiteral("spot");
    if (!root.string("market", marketText))
        return std::nullopt;
    const std::optional<Market> market = marketFromName(marketText.toStdString());
    if (!market) {
        fail(error, QStringLiteral("market"),
             QStringLiteral("must be spot or usdm, got \"%1\"").arg(marketText));
        return std::nullopt;
    }
    Config config = ConfigLoader::defaults(*market);

    if (!readSymbols(root, config.symbols) || !root.string("trade_stream", config.tradeStream) ||
        !root.integer("depth_limit", 1, spotMaxDepthLimit, config.depthLimit) ||
        !root.url("ws_url", &ConfigLoader::wsUrlProblem, config.wsUrl) ||
        !root.url("rest_url", &ConfigLoader::restUrlProblem, config.restUrl) ||
        !root.boolean("audit", config.audit)) {
        return std::nullopt;
    }
    if (config.tradeStream != QLatin1String("trade") &&
        config.tradeStream != QLatin1String("aggTrade")) {
        fail(error, QStringLiteral("trade_stream"),
             QStringLiteral("must be trade or aggTrade, got \"%1\"").arg(config.tradeStream));
        return std::nullopt;
    }

    using Hours = std::chrono::duration<double, std::ratio<3600>>;
    double plannedHours = Hours(config.feed.plannedReconnect).count();
    const auto feed = root.section("feed", {"watchdog_seconds", "max_streams_per_connection",
                                            "reconnect_min_ms", "reconnect_max_ms",
                                            "planned_reconnect_hours"});
    if (!feed || !feed->integer("watchdog_seconds", 1, 3600, config.feed.watchdog) ||
        !feed->integer("max_streams_per_connection", 1, 1024,
                       config.feed.maxStreamsPerConnection) ||
        !feed->integer("reconnect_min_ms", 10, 600'000, config.feed.reconnectMin) ||
        !feed->integer("reconnect_max_ms", 10, 3'600'000, config.feed.reconnectMax) ||
        !feed->number("planned_reconnect_hours", 0, 23.9, true, plannedHours)) {
        return std::nullopt;
    }
    config.feed.plannedReconnect = std::chrono::seconds(std::llround(plannedHours * 3600));

    const auto rest = root.section("rest", {"weight_budget", "weight_share"});
    if (!rest || !rest->integer("weight_budget", 1, 1'000'000, config.rest.weightBudget) ||
        !rest->number("weight_share", 0, 1, true, config.rest.weightShare)) {
        return std::nullopt;
    }

    const auto redis = root.section("redis", {"url", "password_env", "password_file", "key_prefix",
                                              "publish_interval_ms", "depth"});
    if (!redis || !redis->string("url", config.redis.url) ||
        !redis->string("password_env", config.redis.passwordEnv) ||
        !redis->string("password_file", config.redis.passwordFile) ||
        !redis->string("key_prefix", config.redis.keyPrefix) ||
        !redis->integer("publish_interval_ms", 10, 60'000, config.redis.publishInterval) ||
        !redis->integer("depth", 1, 1000, config.redis.depth)) {
        return std::nullopt;
    }
    if (const QString reason = ConfigLoader::redisUrlProblem(config.redis.url); !reason.isEmpty()) {
        fail(error, QStringLiteral("redis.url"),
             QStringLiteral("\"%1\" %2").arg(config.redis.url, reason));
        return std::nullopt;
    }

    const auto health =
            root.section("health", {"host", "port", "required", "max_connections",
                                    "max_request_bytes", "request_timeout_ms", "stale_seconds"});
    if (!health || !readHost(*health, config.health.host) ||
        !health->integer("port", 1, 65535, config.health.port) ||
        !health->boolean("required", config.health.required) ||
        !health->integer("max_connections", 1, 10'000, config.health.maxConnections) ||
        !health->integer("max_request_bytes", 256, 1 << 20, config.health.maxRequestBytes) ||
        !health->integer("request_timeout_ms", 100, 600'000, config.health.requestTimeout) ||
        !health->integer("stale_seconds", 1, 3600, config.health.staleAfter)) {
        return std::nullopt;
    }

    const auto process =
            root.section("process", {"cpu_limit_percent", "cpu_limit_seconds", "sample_ms"});
    if (!process ||
        !process->number("cpu_limit_percent", 0, 10'000, false, config.process.cpuLimitPercent) ||
        !process->integer("cpu_limit_seconds", 1, 3600, config.process.cpuLimitDuration) ||
        !process->integer("sample_ms", 100, 60'000, config.process.sampleInterval)) {
        return std::nullopt;
    }
    const auto log = root.section("log", {"summary_interval_seconds"});
    if (!log || !log->integer("summary_interval_seconds", 0, 86'400, config.log.summaryInterval)) {
        return std::nullopt;
    }

    // A second at most between flushes: the bound on what a crash may lose.
    const auto record =
            root.section("record", {"path", "max_file_mb", "rotate_minutes", "flush_ms"});
    if (!record || !record->string("path", config.record.path) ||
        !record->number("max_file_mb", 0, 1'000'000, false, config.record.maxFileMb) ||
        !record->integer("rotate_minutes", 0, 1440, config.record.rotateMinutes) ||
        !record->integer("flush_ms", 10, 1000, config.record.flushInterval)) {
        return std::nullopt;
    }
    // A part ends on the first flush past its limit, so a tinier one is a file per flush; and
    // below a byte it would round to 0, which means no limit at all.
    if (config.record.maxFileMb > 0 && config.record.maxFileMb < MinRecordPartMb) {
        fail(error, record->key("max_file_mb"),
             QStringLiteral("must be 0 (no limit) or at least %1, got %2")
                     .arg(MinRecordPartMb)
                     .arg(numberText(config.record.maxFileMb)));
        return std::nullopt;
    }
    if (!readSnapshots(root, config.snapshots))
        return std::nullopt;

    if (!ConfigLoader::validate(config, error))
        return std::nullopt;
    return config;
}

} // namespace

Config ConfigLoader::defaults(Market market)
{
    Config config;
    config.market = market;
    if (market == Market::UsdM) {
        config.wsUrl = QUrl(QStringLiteral("wss://fstream.binance.com"));
        config.restUrl = QUrl(QStringLiteral("https://fapi.binance.com"));
        config.rest.weightBudget = usdmWeightBudget;
    } else {
        config.rest.weightBudget = spotWeightBudget;
    }
    return config;
}

std::optional<Config> ConfigLoader::load(const QString &path, QString *error, Moment moment)
{
    if (moment == Moment::Reload && !QFileInfo(path).isFile()) {
        fail(error, path,
             QStringLiteral("is not a regular file; a reload reads only those, since opening a "
                            "pipe could wait for a writer for good"));
        return std::nullopt;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        fail(error, path, QStringLiteral("cannot read: %1").arg(file.errorString()));
        return std::nullopt;
    }

    // A config is a few kilobytes; reading without a bound would let a path such as /dev/zero
    // take all memory.
    const QByteArray yaml = file.read(MaxConfigBytes + 1);
    if (yaml.size() > MaxConfigBytes) {
        fail(error, path,
             QStringLiteral("larger than %1 bytes, not a config file").arg(MaxConfigBytes));
        return std::nullopt;
    }

    if (moment == Moment::Reload && holdsNoSettings(yaml)) {
        fail(error, path,
             QStringLiteral("holds no settings; an editor may be writing it, so nothing changes"));
        return std::nullopt;
    }
    QString reason;
    std::optional<Config> config = fromYaml(yaml, &reason);
    if (!config) {
        fail(error, path, reason);
        return std::nullopt;
    }
    qCInfo(lcConfig).noquote() << "loaded" << path << "for" << marketName(config->market)
                               << config->symbols.join(QLatin1Char(','));
    return config;
}

std::optional<Config> ConfigLoader::fromYaml(const QByteArray &yaml, QString *error)
{
    // yaml-cpp reports every problem by throwing; none of it may leave this function.
    try {
        const YAML::Node document = YAML::Load(yaml.toStdString());
        if (!document || document.IsNull())
            return defaults();
        if (!document.IsMap()) {
            fail(error, position(document.Mark()),
                 QStringLiteral("expected a mapping of settings, got %1").arg(describe(document)));
            return std::nullopt;
        }
        return parse(document, error);
    } catch (const YAML::Exception &exception) {
        const QString where = exception.mark.is_null() ? QStringLiteral("configuration")
                                                       : position(exception.mark);
        fail(error, where, QString::fromStdString(exception.msg));
    } catch (const std::exception &exception) {
        fail(error, QStringLiteral("configuration"), QString::fromLocal8Bit(exception.what()));
    }
    return std::nullopt;
}

bool ConfigLoader::validate(const Config &config, QString *error)
{
    if (config.market == Market::UsdM && std::find(usdmDepthLimits.begin(), usdmDepthLimits.end(),
                                                   config.depthLimit) == usdmDepthLimits.end()) {
        return fail(error, QStringLiteral("depth_limit"),
                    QStringLiteral("must be one of 5, 10, 20, 50, 100, 500, 1000 for usdm, got %1")
                            .arg(config.depthLimit));
    }
    if (config.depthLimit < 1 || config.depthLimit > spotMaxDepthLimit) {
        return fail(error, QStringLiteral("depth_limit"),
                    QStringLiteral("must be 1-%1, got %2")
                            .arg(spotMaxDepthLimit)
                            .arg(config.depthLimit));
    }
    // The snapshot fetcher must be able to afford one snapshot a minute, or no book ever syncs.
    const int weight = SnapshotFetcher::requestWeight(config.market, config.depthLimit);
    if (double(config.rest.weightBudget) * config.rest.weightShare < weight) {
        return fail(error, QStringLiteral("rest.weight_share"),
                    QStringLiteral("leaves %1 of rest.weight_budget %2 a minute, less than one "
                                   "depth snapshot of depth_limit %3 costs (%4)")
                            .arg(double(config.rest.weightBudget) * config.rest.weightShare)
                            .arg(config.rest.weightBudget)
                            .arg(config.depthLimit)
                            .arg(weight));
    }
    if (config.feed.reconnectMin > config.feed.reconnectMax) {
        return fail(error, QStringLiteral("feed.reconnect_min_ms"),
                    QStringLiteral("must not exceed feed.reconnect_max_ms (%1), got %2")
                            .arg(config.feed.reconnectMax.count())
                            .arg(config.feed.reconnectMin.count()));
    }
    if (config.snapshots.interval.count() > 0 && config.snapshots.dir.isEmpty()) {
        return fail(error, QStringLiteral("snapshots.dir"),
                    QStringLiteral("must name a folder when snapshots.interval_seconds is set"));
    }
    // RedisPublisher takes the password from one place only, so a second one is a mistake.
    if (!config.redis.passwordEnv.isEmpty() && !config.redis.passwordFile.isEmpty()) {
        return fail(
                error, QStringLiteral("redis.password_file"),
                QStringLiteral("set either redis.password_env or redis.password_file, not both"));
    }
    return true;
}

std::optional<QString> ConfigLoader::normalizedSymbol(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Z0-9]{2,20}$"));
    QString symbol = text.trimmed().toUpper();
    if (!pattern.match(symbol).hasMatch())
        return std::nullopt;
    return symbol;
}

QString ConfigLoader::wsUrlProblem(const QUrl &url)
{
    return endpointProblem(url, QStringLiteral("wss"), QStringLiteral("ws"));
}

QString ConfigLoader::restUrlProblem(const QUrl &url)
{
    return endpointProblem(url, QStringLiteral("https"), QStringLiteral("http"));
}

QString ConfigLoader::redisUrlProblem(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return QStringLiteral("is not a URL with a host");
    if (url.scheme() != QLatin1String("redis"))
        return QStringLiteral("must start with redis://");
    // URLs end up on command lines and in logs, so the password has its own settings.
    if (!url.password().isEmpty())
        return QStringLiteral("holds a password; use redis.password_env or redis.password_file");
    const QString database = url.path().mid(1);
    bool ok = true;
    if (!database.isEmpty() && (database.toInt(&ok) < 0 || !ok))
        return QStringLiteral("must end in a database number, as in /0");
    return QString();
}

} // namespace md
