#ifndef MD_ENGINE_MARKETDATASERVICE_H
#define MD_ENGINE_MARKETDATASERVICE_H

#include "config.h"
#include "healthserver.h"

#include <QObject>
#include <QSet>
#include <QTimer>

namespace md {

class BookPublisher;
class FeedRecorder;
class MarketDataEngine;
class PeriodicBookExporter;
class ProcessMonitor;
class PrometheusText;
class RedisPublisher;

// The whole headless service: the engine and its consumers (Redis publishing, the health
// server, the process monitor, the periodic summary), wired together. The window runs the same
// object. Lives on one thread, driven by its event loop.
class MarketDataService : public QObject
{
    Q_OBJECT

public:
    // Process exit codes, listed in the README.
    enum ExitCode {
        ExitOk = 0,
        ExitConfigError = 1,
        ExitHealthPortTaken = 2,
        ExitCpuLimit = 3,
        ExitUnknownSymbol = 4,
        ExitAlreadyRunning = 5,
    };

    explicit MarketDataService(const Config &config, QObject *parent = nullptr);
    ~MarketDataService() override;

    // Starts listening and connecting. Answers ExitOk, or the exit code and a reason when the
    // service cannot run at all, such as a taken health port while health.required is set.
    int start(QString *error);
    // Closes the feeds and hands Redis the last state; stopped() follows once Redis has it, or
    // after a second at most.
    void stop();
    // Applies a configuration read again (SIGHUP): the symbol list takes effect at once and
    // the books of symbols kept go on untouched; any other setting that changed is logged as
    // needing a restart and keeps its running value.
    void reload(const Config &next);

    const Config &config() const { return m_config; }
    const MarketDataEngine &engine() const { return *m_engine; }
    const RedisPublisher &redis() const { return *m_redis; }
    const HealthServer &health() const { return *m_health; }
    const ProcessMonitor &processMonitor() const { return *m_process; }
    const BookPublisher &publisher() const { return *m_publisher; }
    // Null unless record.path is set.
    const FeedRecorder *recorder() const { return m_recorder; }
    const PeriodicBookExporter &bookExporter() const { return *m_exporter; }

    HttpReply healthReply() const;
    HttpReply metricsReply() const;

Q_SIGNALS:
    void stopped();
    // The service cannot go on; the owner logs nothing more and exits with `exitCode`.
    void fatalError(const QString &message, int exitCode);

private:
    void logSummary();
    void writeRecordingMetrics(PrometheusText &out) const;
    void handleSymbolFailed(const QString &symbol, const QString &reason);

    Config m_config;
    MarketDataEngine *m_engine = nullptr;
    RedisPublisher *m_redis = nullptr;
    BookPublisher *m_publisher = nullptr;
    HealthServer *m_health = nullptr;
    ProcessMonitor *m_process = nullptr;
    FeedRecorder *m_recorder = nullptr;
    PeriodicBookExporter *m_exporter = nullptr;
    QTimer m_summaryTimer;
    quint64 m_summaryMessages = 0;
    quint64 m_summaryPublishes = 0;
    QSet<QString> m_addedByReload; // a refused one is dropped, not fatal: the rest runs on
};

} // namespace md

#endif // MD_ENGINE_MARKETDATASERVICE_H
