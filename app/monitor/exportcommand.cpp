#include "exportcommand.h"

#include "commandline.h"
#include "config.h"
#include "marketdataservice.h"
#include "oneshotexport.h"
#include "unixsignals.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

namespace md {

namespace {

constexpr qint64 MaxTimeoutSeconds = 86'400;

bool fail(QString *error, const QString &message)
{
    *error = message;
    return false;
}

bool readOptions(const QCommandLineParser &parser, OneShotExport::Options &options, QString *error)
{
    // The export talks to the exchange only: a flag for Redis, health or recording would be
    // ignored.
    for (const char *flag : {"redis", "health-port", "record", "no-gui"}) {
        if (parser.isSet(QString::fromLatin1(flag))) {
            return fail(error, QStringLiteral("--%1: export uses no Redis, health server or "
                                              "recording, and never opens a window")
                                       .arg(QLatin1String(flag)));
        }
    }

    options.directory = parser.value(QStringLiteral("output")).trimmed();
    if (options.directory.isEmpty())
        return fail(error, QStringLiteral("--output: name the folder to write the files to"));

    const QString formatText = parser.value(QStringLiteral("format")).trimmed();
    const std::optional<ExportFormat> format = exportFormatFromName(formatText);
    if (!format)
        return fail(error,
                    QStringLiteral("--format: must be json or csv, got \"%1\"").arg(formatText));
    options.format = *format;

    bool ok = false;
    const QString depthText = parser.value(QStringLiteral("depth")).trimmed();
    const qulonglong depth = depthText.toULongLong(&ok);
    if (!ok || depth > BookExport::MaxDepth) {
        return fail(error, QStringLiteral("--depth: must be 0 (the whole book) to %1, got \"%2\"")
                                   .arg(BookExport::MaxDepth)
                                   .arg(depthText));
    }
    options.depth = size_t(depth);

    const QString timeoutText = parser.value(QStringLiteral("timeout")).trimmed();
    const qlonglong timeout = timeoutText.toLongLong(&ok);
    if (!ok || timeout < 1 || timeout > MaxTimeoutSeconds) {
        return fail(error, QStringLiteral("--timeout: must be 1-%1 seconds, got \"%2\"")
                                   .arg(MaxTimeoutSeconds)
                                   .arg(timeoutText));
    }
    options.timeout = std::chrono::seconds(timeout);
    return true;
}

std::optional<Config> readConfig(const QCommandLineParser &parser, QString *error)
{
    std::optional<Config> config = ConfigLoader::defaults();
    if (parser.isSet(QStringLiteral("config"))) {
        config = ConfigLoader::load(parser.value(QStringLiteral("config")), error);
        if (!config)
            return std::nullopt;
    }
    if (!applyOverrides(parser, *config, error))
        return std::nullopt;
    return config;
}

} // namespace

int runExportCommand(const QStringList &arguments, UnixSignals &unixSignals)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "export: waits until each book is synced and writes it to one file per symbol, "
            "<SYMBOL>-<market>-<update id>.json or .csv, then exits."));
    addCommandLineOptions(parser, CommandLineUse::Export);
    parser.addOptions({
            {QStringLiteral("format"), QStringLiteral("json or csv (default json)."),
             QStringLiteral("format"), QStringLiteral("json")},
            {QStringLiteral("output"), QStringLiteral("Write the files to <folder>."),
             QStringLiteral("folder")},
            {QStringLiteral("depth"),
             QStringLiteral("Levels a side, 0 for the whole book (default 0)."),
             QStringLiteral("n"), QStringLiteral("0")},
            {QStringLiteral("timeout"),
             QStringLiteral("Give up after <seconds> without every book synced (default 60)."),
             QStringLiteral("seconds"), QStringLiteral("60")},
    });
    parser.addPositionalArgument(QStringLiteral("export"),
                                 QStringLiteral("Export the books once, then exit."));
    parser.process(arguments);

    QString error;
    OneShotExport::Options options;
    const std::optional<Config> config = readConfig(parser, &error);
    if (parser.positionalArguments() != QStringList{QStringLiteral("export")}) {
        std::fprintf(stderr, "market-data-monitor export: unexpected arguments: %s\n",
                     qPrintable(parser.positionalArguments().mid(1).join(u' ')));
        return MarketDataService::ExitConfigError;
    }
    if (!config || !readOptions(parser, options, &error)) {
        std::fprintf(stderr, "market-data-monitor export: %s\n", qPrintable(error));
        return MarketDataService::ExitConfigError;
    }

    OneShotExport run(*config, options);
    QObject::connect(&run, &OneShotExport::finished, &run,
                     [](int exitCode) { QCoreApplication::exit(exitCode); });
    QObject::connect(&unixSignals, &UnixSignals::terminationRequested, &run, [&run](int number) {
        run.abandon(QStringLiteral("interrupted by signal %1").arg(number));
    });
    run.start();
    return QCoreApplication::exec();
}

} // namespace md
