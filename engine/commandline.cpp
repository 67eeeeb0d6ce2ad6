#include "commandline.h"

#include "config.h"

#include <QCommandLineParser>

namespace md {

namespace {

bool fail(QString *error, const QString &flag, const QString &message)
{
    if (error)
        *error = QLatin1String("--") + flag + QLatin1String(": ") + message;
    return false;
}

// Settings still at the old market's default follow the new market, so `--market usdm` alone
// reaches the USD-M endpoints; settings the user chose are kept.
void switchMarket(Config &config, Market market)
{
    const Config before = ConfigLoader::defaults(config.market);
    const Config after = ConfigLoader::defaults(market);
    if (config.wsUrl == before.wsUrl)
        config.wsUrl = after.wsUrl;
    if (config.restUrl == before.restUrl)
        config.restUrl = after.restUrl;
    if (config.depthLimit == before.depthLimit)
        config.depthLimit = after.depthLimit;
    if (config.rest.weightBudget == before.rest.weightBudget)
        config.rest.weightBudget = after.rest.weightBudget;
    config.market = market;
}

bool applySymbols(const QString &list, QStringList &symbols, QString *error)
{
    const QString flag = QStringLiteral("symbols");
    QStringList result;
    for (const QString &text : list.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const std::optional<QString> symbol = ConfigLoader::normalizedSymbol(text);
        if (!symbol)
            return fail(error, flag, QStringLiteral("\"%1\" is not a valid symbol").arg(text));
        if (!result.contains(*symbol))
            result.append(*symbol);
    }
    if (result.isEmpty())
        return fail(error, flag, QStringLiteral("must name at least one symbol"));
    symbols = result;
    return true;
}

bool applyUrl(const QCommandLineParser &parser, const QString &flag,
              QString (*problem)(const QUrl &), QUrl &field, QString *error)
{
    if (!parser.isSet(flag))
        return true;
    const QString text = parser.value(flag).trimmed();
    const QUrl url(text, QUrl::StrictMode);
    if (const QString reason = problem(url); !reason.isEmpty())
        return fail(error, flag, QStringLiteral("\"%1\" %2").arg(text, reason));
    field = url;
    return true;
}

} // namespace

void addCommandLineOptions(QCommandLineParser &parser, CommandLineUse use)
{
    parser.addHelpOption();
    parser.addVersionOption();
    QList<QCommandLineOption> options{
            {QStringLiteral("config"), QStringLiteral("Read the settings from <file> (YAML)."),
             QStringLiteral("file")},
            {QStringLiteral("no-gui"), QStringLiteral("Run as a service, without a window.")},
            {QStringLiteral("symbols"),
             QStringLiteral("Follow these symbols, comma-separated (overrides symbols)."),
             QStringLiteral("list")},
            {QStringLiteral("market"), QStringLiteral("spot or usdm (overrides market)."),
             QStringLiteral("market")},
            {QStringLiteral("ws-url"), QStringLiteral("WebSocket base URL (overrides ws_url)."),
             QStringLiteral("url")},
            {QStringLiteral("rest-url"), QStringLiteral("REST base URL (overrides rest_url)."),
             QStringLiteral("url")},
            {QStringLiteral("redis"), QStringLiteral("Redis URL (overrides redis.url)."),
             QStringLiteral("url")},
            {QStringLiteral("health-port"),
             QStringLiteral("Serve health and metrics on port <n> (overrides health.port)."),
             QStringLiteral("n")},
            {QStringLiteral("record"),
             QStringLiteral("Record every message received to files named after <file> "
                            "(overrides record.path)."),
             QStringLiteral("file")},
    };
    for (QCommandLineOption &option : options) {
        const QString name = option.names().constFirst();
        const bool serviceOnly =
                name == QLatin1String("no-gui") || name == QLatin1String("redis") ||
                name == QLatin1String("health-port") || name == QLatin1String("record");
        if (use == CommandLineUse::Export && serviceOnly)
            option.setFlags(QCommandLineOption::HiddenFromHelp);
    }
    parser.addOptions(options);
}

bool applyOverrides(const QCommandLineParser &parser, Config &config, QString *error)
{
    Config result = config;

    if (const QString flag = QStringLiteral("market"); parser.isSet(flag)) {
        const QString text = parser.value(flag).trimmed();
        const std::optional<Market> market = marketFromName(text.toStdString());
        if (!market)
            return fail(error, flag, QStringLiteral("must be spot or usdm, got \"%1\"").arg(text));
        switchMarket(result, *market);
    }

    if (const QString flag = QStringLiteral("symbols"); parser.isSet(flag)) {
        if (!applySymbols(parser.value(flag), result.symbols, error))
            return false;
    }
    if (!applyUrl(parser, QStringLiteral("ws-url"), &ConfigLoader::wsUrlProblem, result.wsUrl,
                  error) ||
        !applyUrl(parser, QStringLiteral("rest-url"), &ConfigLoader::restUrlProblem, result.restUrl,
                  error)) {
        return false;
    }

    if (const QString flag = QStringLiteral("redis"); parser.isSet(flag)) {
        const QString text = parser.value(flag).trimmed();
        if (const QString reason = ConfigLoader::redisUrlProblem(text); !reason.isEmpty())
            return fail(error, flag, QStringLiteral("\"%1\" %2").arg(text, reason));
        result.redis.url = text;
    }

    if (const QString flag = QStringLiteral("health-port"); parser.isSet(flag)) {
        const QString text = parser.value(flag).trimmed();
        bool ok = false;
        const uint port = text.toUInt(&ok);
        if (!ok || port < 1 || port > 65535)
            return fail(error, flag, QStringLiteral("must be 1-65535, got %1").arg(text));
        result.health.port = quint16(port);
    }

    if (const QString flag = QStringLiteral("record"); parser.isSet(flag)) {
        const QString path = parser.value(flag).trimmed();
        if (path.isEmpty())
            return fail(error, flag, QStringLiteral("needs a file name"));
        result.record.path = path;
    }

    // A flag can clash with a setting from the file, for example --market usdm with a spot-only
    // depth_limit; the error then names that setting.
    QString reason;
    if (!ConfigLoader::validate(result, &reason)) {
        if (error)
            *error = reason + QLatin1String(" (after applying the command line)");
        return false;
    }
    config = result;
    return true;
}

} // namespace md
