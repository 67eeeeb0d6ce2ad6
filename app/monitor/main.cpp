// market-data-monitor: keeps Binance order books in sync and publishes them to Redis, with a
// health server; `--no-gui` runs it as a headless service.
#include "commandline.h"
#include "config.h"
#include "marketdataservice.h"
#include "unixsignals.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>

namespace {

Q_LOGGING_CATEGORY(lcMain, "md.main")

std::optional<md::Config> loadConfig(const QCommandLineParser &parser, QString *error)
{
    std::optional<md::Config> config = md::ConfigLoader::defaults();
    if (parser.isSet(QStringLiteral("config"))) {
        config = md::ConfigLoader::load(parser.value(QStringLiteral("config")), error);
        if (!config)
            return std::nullopt;
    }
    if (!md::applyOverrides(parser, *config, error))
        return std::nullopt;
    return config;
}

} // namespace

int main(int argc, char *argv[])
{
    qSetMessagePattern(QStringLiteral("%{time yyyy-MM-ddThh:mm:ss.zzz} %{if-debug}debug%{endif}"
                                      "%{if-info}info%{endif}%{if-warning}warning%{endif}"
                                      "%{if-critical}critical%{endif} %{category}: %{message}"));
    // Debug lines are for whoever asks for them with QT_LOGGING_RULES.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=false"));

    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("market-data-monitor"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MD_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "Keeps Binance order books exactly in sync, publishes them to Redis and serves "
            "health and metrics over HTTP."));
    md::addCommandLineOptions(parser);
    parser.process(app);

    QString error;
    const std::optional<md::Config> config = loadConfig(parser, &error);
    if (!config) {
        std::fprintf(stderr, "market-data-monitor: %s\n", qPrintable(error));
        return md::MarketDataService::ExitConfigError;
    }
    if (!parser.isSet(QStringLiteral("no-gui"))) {
        std::fprintf(stderr, "market-data-monitor: this build has no desktop window yet; "
                             "run it with --no-gui\n");
        return md::MarketDataService::ExitConfigError;
    }

    md::MarketDataService service(*config);
    QObject::connect(&service, &md::MarketDataService::fatalError, &app,
                     [&](const QString &message, int exitCode) {
                         qCCritical(lcMain, "%s", qPrintable(message));
                         QObject::connect(&service, &md::MarketDataService::stopped, &app,
                                          [exitCode] { QCoreApplication::exit(exitCode); });
                         service.stop();
                     });

    md::UnixSignals unixSignals;
    QObject::connect(&unixSignals, &md::UnixSignals::terminationRequested, &app, [&](int number) {
        qCInfo(lcMain, "signal %d: closing the feeds and flushing Redis", number);
        QObject::connect(&service, &md::MarketDataService::stopped, &app,
                         [] { QCoreApplication::exit(md::MarketDataService::ExitOk); });
        service.stop();
    });

    if (const int exitCode = service.start(&error); exitCode != md::MarketDataService::ExitOk) {
        qCCritical(lcMain, "%s", qPrintable(error));
        return exitCode;
    }
    return QCoreApplication::exec();
}
