#include "desktopmonitor.h"

#include "displaytext.h"
#include "enginecontroller.h"
#include "mainwindow.h"
#include "marketdataservice.h"
#include "replaylauncher.h"
#include "uilogging.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QMessageBox>

namespace md {

namespace {

const QString ReplayOption = QStringLiteral("replay");
const QString ReplaySpeedOption = QStringLiteral("replay-speed");
constexpr double MinReplaySpeed = 0.01;
constexpr double MaxReplaySpeed = 1000;
const QString LanguageOption = QStringLiteral("lang");

// The value of --name VALUE or --name=VALUE, read before the parser exists.
QString earlyValue(const QStringList &arguments, const QString &name)
{
    const QString flag = QStringLiteral("--") + name;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        if (arguments[i] == flag && i + 1 < arguments.size())
            return arguments[i + 1];
        if (arguments[i].startsWith(flag + QLatin1Char('=')))
            return arguments[i].mid(flag.size() + 1);
    }
    return QString();
}

} // namespace

void DesktopMonitor::addCommandLineOptions(QCommandLineParser &parser)
{
    parser.addOptions({
            {ReplayOption,
             tr("Show a recording instead of Binance: plays <files> (comma-separated) through "
                "market-data-replay on loopback. Without a file, the bundled demo recording."),
             tr("files")},
            {ReplaySpeedOption, tr("Play the recording at <x> times its recorded speed (1)."),
             tr("x")},
            {LanguageOption, tr("Show the window in <language> (de, ru, zh_CN, en)."),
             tr("language")},
    });
}

QStringList DesktopMonitor::withDefaultReplay(const QStringList &arguments)
{
    QStringList result = arguments;
    const QString flag = QStringLiteral("--") + ReplayOption;
    for (qsizetype i = 1; i < result.size(); ++i) {
        if (result[i] != flag)
            continue;
        if (i + 1 == result.size() || result[i + 1].startsWith(QLatin1Char('-')))
            result.insert(i + 1, ReplayLauncher::defaultRecording());
    }
    return result;
}

QLocale DesktopMonitor::requestedLocale(const QStringList &arguments)
{
    const QString language = earlyValue(arguments, LanguageOption);
    return language.isEmpty() ? QLocale::system() : QLocale(language);
}

QString DesktopMonitor::guiOnlyOptionSet(const QCommandLineParser &parser)
{
    for (const QString &option : {ReplayOption, ReplaySpeedOption}) {
        if (parser.isSet(option))
            return option;
    }
    return QString();
}

DesktopMonitor::DesktopMonitor(const Config &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
{
}

DesktopMonitor::~DesktopMonitor()
{
    shutdown();
}

bool DesktopMonitor::configure(const QCommandLineParser &parser, QString *error)
{
    m_symbolsGiven = parser.isSet(QStringLiteral("symbols"));
    if (parser.isSet(QStringLiteral("market")))
        m_market = m_config.market;

    if (parser.isSet(ReplaySpeedOption)) {
        bool ok = false;
        m_replaySpeed = parser.value(ReplaySpeedOption).toDouble(&ok);
        // NaN fails every comparison, so the range is checked the way round that rejects it;
        // below a hundredth the replay's pacing timers would overflow.
        if (!ok || !(m_replaySpeed >= MinReplaySpeed && m_replaySpeed <= MaxReplaySpeed)) {
            *error = tr("--%1: must be a number from 0.01 to 1000, got \"%2\"")
                             .arg(ReplaySpeedOption, parser.value(ReplaySpeedOption));
            return false;
        }
    }
    if (parser.isSet(ReplayOption)) {
        for (const QString &file : parser.value(ReplayOption).split(u',', Qt::SkipEmptyParts)) {
            if (!QFileInfo(file).isReadable()) {
                *error = tr("--%1: cannot read the recording \"%2\"").arg(ReplayOption, file);
                return false;
            }
            m_replayFiles.append(QFileInfo(file).absoluteFilePath());
        }
        // An empty value must not fall through to live Binance.
        if (m_replayFiles.isEmpty()) {
            *error = tr("--%1: no recording named").arg(ReplayOption);
            return false;
        }
    }
    if (const QString language = parser.value(LanguageOption);
        !language.isEmpty() && QLocale(language).language() == QLocale::C) {
        *error = tr("--%1: \"%2\" is not a language").arg(LanguageOption, language);
        return false;
    }
    return true;
}

void DesktopMonitor::start()
{
    m_window = std::make_unique<MainWindow>();
    m_window->show();

    if (m_replayFiles.isEmpty()) {
        m_window->setSourceDescription(tr("Binance %1").arg(DisplayText::market(m_config.market)));
        startEngine();
        return;
    }

    QStringList names;
    for (const QString &file : std::as_const(m_replayFiles))
        names.append(QFileInfo(file).fileName());
    m_window->setSourceDescription(tr("replay of %1").arg(names.join(QStringLiteral(", "))));
    m_window->showStatusMessage(tr("Starting the replay server…"));

    m_replay = std::make_unique<ReplayLauncher>();
    connect(m_replay.get(), &ReplayLauncher::failed, this, [this](const QString &reason) {
        exitWithError(tr("The replay cannot go on: %1.").arg(reason),
                      MarketDataService::ExitConfigError);
    });
    connect(m_replay.get(), &ReplayLauncher::ready, this, [this] {
        const ReplayLauncher::Recording &recording = m_replay->recording();
        const Config marketDefaults = ConfigLoader::defaults(recording.market);
        if (m_config.market != recording.market)
            m_config.depthLimit = marketDefaults.depthLimit;
        m_config.market = recording.market;
        m_config.wsUrl = m_replay->wsUrl();
        m_config.restUrl = m_replay->restUrl();
        m_config.tradeStream = recording.tradeStream;
        if (!m_symbolsGiven)
            m_config.symbols = recording.symbols;
        startEngine();
    });

    QString error;
    if (!m_replay->start(m_replayFiles, m_replaySpeed, m_market, &error))
        exitWithError(tr("The replay cannot start: %1.").arg(error),
                      MarketDataService::ExitConfigError);
}

void DesktopMonitor::startEngine()
{
    m_engine = std::make_unique<EngineController>(m_config);
    connect(m_engine.get(), &EngineController::snapshotReady, m_window.get(),
            &MainWindow::showSnapshot);
    connect(m_engine.get(), &EngineController::startFailed, this, &DesktopMonitor::exitWithError);
    connect(m_engine.get(), &EngineController::fatalError, this, &DesktopMonitor::exitWithError);
    m_window->setEngine(m_engine.get());
    m_engine->start();
}

void DesktopMonitor::exitWithError(const QString &message, int exitCode)
{
    if (m_exiting)
        return;
    m_exiting = true;
    qCCritical(lcUi, "%s", qPrintable(message));
    // Not exec(): the engine thread's signals and the replay child keep being served meanwhile.
    auto *box = new QMessageBox(QMessageBox::Critical, tr("Market Data Monitor"), message,
                                QMessageBox::Close, m_window.get());
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [exitCode] { QCoreApplication::exit(exitCode); });
    box->open();
}

void DesktopMonitor::shutdown()
{
    if (m_engine)
        m_engine->shutdown();
    if (m_replay)
        m_replay->stop();
}

} // namespace md
