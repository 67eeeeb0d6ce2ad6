#ifndef MD_UI_DESKTOPMONITOR_H
#define MD_UI_DESKTOPMONITOR_H

#include "config.h"

#include <QLocale>
#include <QObject>
#include <QStringList>

#include <memory>
#include <optional>

class QCommandLineParser;

namespace md {

class EngineController;
class MainWindow;
class ReplayLauncher;

// market-data-monitor with its window: the engine on its own thread, the window fed by its
// snapshots, and for --replay a market-data-replay child that the engine connects to as it
// would to Binance. Errors that end the program are shown in a dialog and become the exit code.
// Lives on the UI thread.
class DesktopMonitor : public QObject
{
    Q_OBJECT

public:
    // --replay, --replay-speed and --lang, next to the service's own options.
    static void addCommandLineOptions(QCommandLineParser &parser);
    // A bare --replay (last, or followed by another option) gets the bundled demo recording,
    // since QCommandLineParser has no options with an optional value.
    static QStringList withDefaultReplay(const QStringList &arguments);
    // The language --lang asks for, else the system's; read before the parser runs so that
    // its help text is already translated.
    static QLocale requestedLocale(const QStringList &arguments);
    // The window's options that make no sense headless, if any was given.
    static QString guiOnlyOptionSet(const QCommandLineParser &parser);

    explicit DesktopMonitor(const Config &config, QObject *parent = nullptr);
    ~DesktopMonitor() override;

    // Reads the window's options; false with a message naming the flag when one is wrong.
    bool configure(const QCommandLineParser &parser, QString *error);
    // Shows the window and starts the engine, after the replay server when there is one.
    void start();
    // Stops the engine and the replay server; call once the event loop has returned.
    void shutdown();

private:
    void startEngine();
    void exitWithError(const QString &message, int exitCode);

    Config m_config;
    bool m_symbolsGiven = false;
    std::optional<Market> m_market;
    QStringList m_replayFiles;
    double m_replaySpeed = 1;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<EngineController> m_engine;
    std::unique_ptr<ReplayLauncher> m_replay;
    bool m_exiting = false;
};

} // namespace md

#endif // MD_UI_DESKTOPMONITOR_H
