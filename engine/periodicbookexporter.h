#ifndef MD_ENGINE_PERIODICBOOKEXPORTER_H
#define MD_ENGINE_PERIODICBOOKEXPORTER_H

#include "config.h"
#include "ratelimitedwarning.h"

#include <QObject>
#include <QThreadPool>
#include <QTimer>

namespace md {

class MarketDataEngine;
class PrometheusText;

// Writes every synced book to `snapshots.dir` each `snapshots.interval_seconds` and prunes
// each symbol's files to `snapshots.keep`. The copies are taken on the engine's thread, where
// this object lives; the files are written on a thread of its own, so a slow or full disk never
// holds up the books. A failure is a rate-limited warning and a counter, never a stop.
class PeriodicBookExporter : public QObject
{
    Q_OBJECT

public:
    struct Counters
    {
        quint64 rounds = 0;   // intervals whose files were all handled
        quint64 written = 0;  // files written
        quint64 skipped = 0;  // books not synced when their turn came, left out
        quint64 failures = 0; // files that could not be written, or old ones not deleted
        quint64 pruned = 0;   // old files deleted
    };

    PeriodicBookExporter(const MarketDataEngine &engine, const Config::Snapshots &settings,
                         QObject *parent = nullptr);
    // Waits for a round being written, so that no file is left to a dying process.
    ~PeriodicBookExporter() override;

    bool isEnabled() const { return m_settings.interval.count() > 0; }
    void start();
    void stop();

    const Counters &counters() const { return m_counters; }
    void writeMetrics(PrometheusText &out) const;

Q_SIGNALS:
    void roundFinished();

private:
    struct RoundResult
    {
        quint64 written = 0;
        quint64 pruned = 0;
        QStringList errors;
    };

    void exportRound();
    void finishRound(const RoundResult &result);

    const MarketDataEngine &m_engine;
    Config::Snapshots m_settings;
    QTimer m_timer;
    QThreadPool m_writer;
    bool m_writing = false;
    Counters m_counters;
    RateLimitedWarning m_failureWarning;
};

} // namespace md

#endif // MD_ENGINE_PERIODICBOOKEXPORTER_H
