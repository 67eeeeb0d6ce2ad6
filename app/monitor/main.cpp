// market-data-monitor: keeps Binance order books in sync and publishes them to Redis, with a
// health server; `--no-gui` runs it as a headless service, otherwise a window shows it live.
#include "commandline.h"
#include "config.h"
#include "desktopmonitor.h"
#include "exportcommand.h"
#include "instancelock.h"
#include "marketdataservice.h"
#include "systemdnotifier.h"
#include "uitranslation.h"
#include "unixsignals.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>
#include <memory>

namespace {

Q_LOGGING_CATEGORY(lcMain, "md.main")

std::optional<md::Config>
loadConfig(const QCommandLineParser &parser, QString *error,
           md::ConfigLoader::Moment moment = md::ConfigLoader::Moment::Start)
{
    std::optional<md::Config> config = md::ConfigLoader::defaults();
    if (parser.isSet(QStringLiteral("config"))) {
        config = md::ConfigLoader::load(parser.value(QStringLiteral("config")), error, moment);
        if (!config)
            return std::nullopt;
    }
    if (!md::applyOverrides(parser, *config, error))
        return std::nullopt;
    return config;
}

// The service and the window publish to the same Redis keys, so only one of them may run per
// configuration file. Answers ExitOk with the lock taken, or the exit code after saying why.
int takeInstanceLock(md::InstanceLock &lock)
{
    const md::InstanceLock::Result result = lock.tryLock();
    if (result == md::InstanceLock::Result::Locked)
        return md::MarketDataService::ExitOk;
    std::fprintf(stderr, "market-data-monitor: %s\n", qPrintable(lock.errorString()));
    return result == md::InstanceLock::Result::HeldByOther
                   ? md::MarketDataService::ExitAlreadyRunning
                   : md::MarketDataService::ExitConfigError;
}

// The headless service: the engine on the main thread, stopped by SIGTERM or SIGINT and
// reloaded by SIGHUP. Under systemd (Type=notify) it reports readiness and feeds the watchdog.
int runHeadless(QCoreApplication &app, md::UnixSignals &unixSignals, const md::Config &config,
                const QCommandLineParser &parser)
{
    md::InstanceLock lock(parser.value(QStringLiteral("config")));
    if (const int exitCode = takeInstanceLock(lock); exitCode != md::MarketDataService::ExitOk)
        return exitCode;

    QString error;
    md::MarketDataService service(config);
    md::SystemdNotifier systemd;
    // The first reason to stop decides the exit code: a second signal, or an error, while Redis
    // is being flushed must neither stop the service twice nor turn a failure into exit 0.
    std::optional<int> stopping;
    const auto stopWith = [&](int exitCode, const QString &why) {
        if (stopping) {
            qCInfo(lcMain, "%s: stopping already; exit code %d stands", qPrintable(why), *stopping);
            return;
        }
        stopping = exitCode;
        systemd.notifyStopping(why);
        QObject::connect(&service, &md::MarketDataService::stopped, &app,
                         [exitCode] { QCoreApplication::exit(exitCode); });
        service.stop();
    };
    QObject::connect(&service, &md::MarketDataService::fatalError, &app,
                     [&](const QString &message, int exitCode) {
                         qCCritical(lcMain, "%s", qPrintable(message));
                         stopWith(exitCode, message);
                     });

    QObject::connect(&unixSignals, &md::UnixSignals::terminationRequested, &app, [&](int number) {
        const QString why = QStringLiteral("stopping on signal %1").arg(number);
        if (!stopping)
            qCInfo(lcMain, "signal %d: closing the feeds and flushing Redis", number);
        stopWith(md::MarketDataService::ExitOk, why);
    });

    // SIGHUP reads the file again, with the command line applied over it as at start.
    QObject::connect(&unixSignals, &md::UnixSignals::reloadRequested, &app, [&] {
        if (stopping) {
            qCInfo(lcMain, "SIGHUP: stopping already; not reloading");
            return;
        }
        if (!parser.isSet(QStringLiteral("config"))) {
            qCWarning(lcMain, "SIGHUP: started without --config, so there is nothing to reload");
            return;
        }
        // Read as a reload: an empty file would mean every default, the default symbol list
        // among them, and a named pipe would hold up the service until someone writes to it.
        QString reason;
        const std::optional<md::Config> next =
                loadConfig(parser, &reason, md::ConfigLoader::Moment::Reload);
        if (!next) {
            qCCritical(lcMain, "SIGHUP: %s; keeping the running configuration", qPrintable(reason));
            return;
        }
        service.reload(*next);
    });

    systemd.startWatchdog();
    if (const int exitCode = service.start(&error); exitCode != md::MarketDataService::ExitOk) {
        qCCritical(lcMain, "%s", qPrintable(error));
        return exitCode;
    }
    systemd.follow(service.engine());
    return QCoreApplication::exec();
}

// The window: the same engine on a thread of its own. Closing the window or a signal ends it.
int runDesktop(QCoreApplication &app, md::UnixSignals &unixSignals, const md::Config &config,
               const QCommandLineParser &parser)
{
    QString error;
    md::DesktopMonitor monitor(config);
    if (!monitor.configure(parser, &error)) {
        std::fprintf(stderr, "market-data-monitor: %s\n", qPrintable(error));
        return md::MarketDataService::ExitConfigError;
    }
    md::InstanceLock lock(parser.value(QStringLiteral("config")));
    if (const int exitCode = takeInstanceLock(lock); exitCode != md::MarketDataService::ExitOk)
        return exitCode;

    QObject::connect(&unixSignals, &md::UnixSignals::reloadRequested, &app, [] {
        qCInfo(lcMain, "SIGHUP: the window does not reload its configuration; restart it");
    });
    QObject::connect(&unixSignals, &md::UnixSignals::terminationRequested, &app, [](int number) {
        qCInfo(lcMain, "signal %d: closing the window", number);
        QApplication::closeAllWindows();
        QCoreApplication::exit(md::MarketDataService::ExitOk);
    });

    monitor.start();
    const int exitCode = QCoreApplication::exec();
    monitor.shutdown();
    return exitCode;
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

    // A window needs a display; the service, --help and --version must work without one, so
    // the choice comes before the application object.
    const bool exporting = argc > 1 && qstrcmp(argv[1], "export") == 0;
    bool headless = exporting;
    for (int i = 1; i < argc; ++i) {
        for (const char *flag : {"--no-gui", "--help", "-h", "--help-all", "--version", "-v"})
            headless = headless || qstrcmp(argv[i], flag) == 0;
    }
    // Without any display Qt aborts inside QApplication; say what is missing instead.
    if (!headless && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") &&
        qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
        std::fprintf(stderr, "market-data-monitor: no display to open the window on (DISPLAY and "
                             "WAYLAND_DISPLAY are not set); use --no-gui to run the service\n");
        return md::MarketDataService::ExitConfigError;
    }
    std::unique_ptr<QCoreApplication> app;
    if (headless)
        app = std::make_unique<QCoreApplication>(argc, argv);
    else
        app = std::make_unique<QApplication>(argc, argv);
    // From here on SIGTERM and SIGINT wait for the event loop, which ends the service cleanly,
    // even when they arrive while the configuration is still being read.
    md::UnixSignals unixSignals;
    QCoreApplication::setOrganizationName(QStringLiteral("MarketDataMonitor"));
    QCoreApplication::setApplicationName(QStringLiteral("market-data-monitor"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MD_VERSION));
    if (!headless) {
        QGuiApplication::setDesktopFileName(QStringLiteral("market-data-monitor"));
        md::installTranslations(md::DesktopMonitor::requestedLocale(app->arguments()));
    }

    if (exporting)
        return md::runExportCommand(app->arguments(), unixSignals);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "Keeps Binance order books exactly in sync, publishes them to Redis and serves "
            "health and metrics over HTTP; without --no-gui, shows them live in a window.\n"
            "'market-data-monitor export --help' tells how to write books to files once."));
    md::addCommandLineOptions(parser);
    md::DesktopMonitor::addCommandLineOptions(parser);
    parser.process(md::DesktopMonitor::withDefaultReplay(app->arguments()));

    QString error;
    const std::optional<md::Config> config = loadConfig(parser, &error);
    if (!config) {
        std::fprintf(stderr, "market-data-monitor: %s\n", qPrintable(error));
        return md::MarketDataService::ExitConfigError;
    }
    if (!headless)
        return runDesktop(*app, unixSignals, *config, parser);
    if (const QString option = md::DesktopMonitor::guiOnlyOptionSet(parser); !option.isEmpty()) {
        std::fprintf(stderr,
                     "market-data-monitor: --%s needs the window; headless, run "
                     "market-data-replay serve and point --ws-url and --rest-url at it\n",
                     qPrintable(option));
        return md::MarketDataService::ExitConfigError;
    }
    return runHeadless(*app, unixSignals, *config, parser);
}
