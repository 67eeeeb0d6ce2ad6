#ifndef MD_ENGINE_PROCESSMONITOR_H
#define MD_ENGINE_PROCESSMONITOR_H

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <chrono>
#include <optional>

class QTimer;

namespace md {

// Samples this process's CPU use, resident memory and thread count from /proc, and trips a
// circuit breaker when the CPU stays above a limit: a busy loop in the engine should end the
// process, with a diagnostic naming the busiest threads, rather than starve the machine. It
// lives on the thread that created it.
class ProcessMonitor : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        std::chrono::milliseconds sampleInterval{1000};
        // Percent of one core; 0 turns the breaker off.
        double cpuLimitPercent = 80;
        std::chrono::milliseconds cpuLimitDuration{60'000};
    };

    struct ThreadUsage
    {
        qint64 tid = 0;
        QString name;
        double cpuPercent = 0; // of one core, since the baseline
        double cpuSeconds = 0; // over the thread's life
    };

    explicit ProcessMonitor(Options options, QObject *parent = nullptr);

    // Takes a first sample and starts the timer. Returns false, with errorString() set and
    // errorOccurred() emitted, when /proc cannot be read.
    bool start();
    void stop();
    bool isRunning() const;

    // From the latest sample; CPU is the percentage of one core over the last interval.
    double cpuPercent() const { return m_cpuPercent; }
    qint64 rssBytes() const { return m_rssBytes; }
    int threadCount() const { return m_threadCount; }
    bool isOverLimit() const { return m_overLimitSinceMs.has_value(); }
    QString errorString() const { return m_errorString; }

    // Reads every thread now, busiest first. CPU is measured since the baseline: start(), or
    // the moment the process went over the limit.
    QList<ThreadUsage> threadUsage() const;
    // One line for a log: CPU, memory, threads and the busiest of them.
    QString diagnostic() const;

Q_SIGNALS:
    void sampled();
    // Emitted once, when the CPU has been over the limit for the whole limit duration.
    void cpuLimitExceeded(const QString &diagnostic);
    void errorOccurred(const QString &errorString);

private:
    bool sample();
    void checkLimit(double intervalStartMs, double nowMs);
    double elapsedMs() const;
    void takeThreadBaseline();

    Options m_options;
    QTimer *const m_timer;
    QElapsedTimer m_clock;
    double m_lastSampleMs = 0;
    qint64 m_lastCpuTicks = -1;
    double m_cpuPercent = 0;
    qint64 m_rssBytes = 0;
    int m_threadCount = 0;
    std::optional<double> m_overLimitSinceMs; // start of the first interval over the limit
    bool m_tripped = false;
    QHash<qint64, qint64> m_threadBaseline; // tid -> CPU ticks at the baseline
    double m_threadBaselineMs = 0;
    QString m_errorString;
};

} // namespace md

#endif // MD_ENGINE_PROCESSMONITOR_H
