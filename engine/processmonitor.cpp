#include "processmonitor.h"

#include "logging.h"

#include <QDir>
#include <QFile>
#include <QTimer>

#include <algorithm>
#include <unistd.h>

namespace md {

namespace {

constexpr qsizetype busiestThreadsShown = 5;

QByteArray readProcFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

struct TaskStat
{
    QString name;
    qint64 cpuTicks = 0;
};

// proc(5): "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so the fields are
// counted from the last ')'. utime and stime, fields 14 and 15, are in clock ticks.
std::optional<TaskStat> parseStat(const QByteArray &stat)
{
    const qsizetype open = stat.indexOf('(');
    const qsizetype close = stat.lastIndexOf(')');
    if (open < 0 || close < open)
        return std::nullopt;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    if (fields.size() < 13)
        return std::nullopt;

    bool userOk = false;
    bool systemOk = false;
    const qint64 user = fields[11].toLongLong(&userOk);
    const qint64 system = fields[12].toLongLong(&systemOk);
    if (!userOk || !systemOk)
        return std::nullopt;
    return TaskStat{QString::fromUtf8(stat.mid(open + 1, close - open - 1)), user + system};
}

// A "Key:   value" line of /proc/self/status, as a number.
qint64 statusValue(const QByteArray &status, QByteArrayView key)
{
    for (const QByteArray &line : status.split('\n')) {
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

double ticksPerSecond()
{
    static const double ticks = double(sysconf(_SC_CLK_TCK));
    return ticks;
}

// Percent of one core for ticks of CPU time spent over a wall-clock interval.
double percentOfOneCore(qint64 ticks, double intervalMs)
{
    if (intervalMs <= 0)
        return 0;
    return double(ticks) / ticksPerSecond() * 1000.0 / intervalMs * 100.0;
}

} // namespace

ProcessMonitor::ProcessMonitor(Options options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_timer(new QTimer(this))
{
    m_clock.start();
    m_timer->setInterval(m_options.sampleInterval);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (sample())
            return;
        stop();
        qCWarning(lcProcess).noquote() << m_errorString;
        Q_EMIT errorOccurred(m_errorString);
    });
}

bool ProcessMonitor::start()
{
    stop();
    if (!sample()) {
        qCWarning(lcProcess).noquote() << m_errorString;
        Q_EMIT errorOccurred(m_errorString);
        return false;
    }
    takeThreadBaseline();
    m_timer->start();
    return true;
}

void ProcessMonitor::stop()
{
    m_timer->stop();
    m_lastCpuTicks = -1;
    m_overLimitSinceMs.reset();
}

bool ProcessMonitor::isRunning() const
{
    return m_timer->isActive();
}

QList<ProcessMonitor::ThreadUsage> ProcessMonitor::threadUsage() const
{
    const double intervalMs = elapsedMs() - m_threadBaselineMs;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    QList<ThreadUsage> threads;
    for (const QString &entry : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const std::optional<TaskStat> stat =
                parseStat(readProcFile(tasks.filePath(entry) + QLatin1String("/stat")));
        if (!stat)
            continue; // the thread ended while we looked
        const qint64 tid = entry.toLongLong();
        // A thread missing from the baseline started after it, so all its time counts.
        const qint64 ticks = stat->cpuTicks - m_threadBaseline.value(tid, 0);
        threads.append(ThreadUsage{tid, stat->name, percentOfOneCore(ticks, intervalMs),
                                   double(stat->cpuTicks) / ticksPerSecond()});
    }
    std::sort(threads.begin(), threads.end(), [](const ThreadUsage &a, const ThreadUsage &b) {
        return a.cpuPercent > b.cpuPercent;
    });
    return threads;
}

QString ProcessMonitor::diagnostic() const
{
    QString text = QStringLiteral("CPU at %1% of one core").arg(m_cpuPercent, 0, 'f', 0);
    if (m_overLimitSinceMs) {
        text += QStringLiteral(" for %1 s (limit %2% for %3 s)")
                        .arg((elapsedMs() - *m_overLimitSinceMs) / 1000.0, 0, 'f', 1)
                        .arg(m_options.cpuLimitPercent)
                        .arg(double(m_options.cpuLimitDuration.count()) / 1000.0);
    }
    text += QStringLiteral("; RSS %1 MiB; %2 threads")
                    .arg(double(m_rssBytes) / (1024.0 * 1024.0), 0, 'f', 1)
                    .arg(m_threadCount);

    const QList<ThreadUsage> threads = threadUsage();
    QStringList busiest;
    for (qsizetype i = 0; i < std::min(threads.size(), busiestThreadsShown); ++i) {
        busiest.append(QStringLiteral("%1 (tid %2) %3%")
                               .arg(threads[i].name, QString::number(threads[i].tid),
                                    QString::number(threads[i].cpuPercent, 'f', 0)));
    }
    if (!busiest.isEmpty())
        text += QLatin1String("; busiest: ") + busiest.join(QLatin1String(", "));
    return text;
}

bool ProcessMonitor::sample()
{
    const std::optional<TaskStat> stat = parseStat(readProcFile(QStringLiteral("/proc/self/stat")));
    const QByteArray status = readProcFile(QStringLiteral("/proc/self/status"));
    if (!stat || status.isEmpty()) {
        m_errorString = QStringLiteral("cannot read /proc/self/stat and /proc/self/status");
        return false;
    }

    // proc(5) gives VmRSS in kB, which is KiB.
    m_rssBytes = statusValue(status, "VmRSS:") * 1024;
    m_threadCount = int(statusValue(status, "Threads:"));

    const double nowMs = elapsedMs();
    const double intervalStartMs = m_lastSampleMs;
    const bool hasInterval = m_lastCpuTicks >= 0;
    if (hasInterval)
        m_cpuPercent = percentOfOneCore(stat->cpuTicks - m_lastCpuTicks, nowMs - intervalStartMs);
    m_lastCpuTicks = stat->cpuTicks;
    m_lastSampleMs = nowMs;

    if (hasInterval)
        checkLimit(intervalStartMs, nowMs);
    Q_EMIT sampled();
    return true;
}

void ProcessMonitor::checkLimit(double intervalStartMs, double nowMs)
{
    if (m_options.cpuLimitPercent <= 0 || m_tripped)
        return;

    if (m_cpuPercent <= m_options.cpuLimitPercent) {
        if (m_overLimitSinceMs) {
            qCInfo(lcProcess).noquote()
                    << QStringLiteral("CPU back at %1% of one core, under the limit after %2 s")
                               .arg(m_cpuPercent, 0, 'f', 0)
                               .arg((nowMs - *m_overLimitSinceMs) / 1000.0, 0, 'f', 1);
        }
        m_overLimitSinceMs.reset();
        return;
    }

    // The episode starts with the first interval over the limit; the thread baseline taken now
    // makes the diagnostic show who is busy during the episode, not over the process's life.
    if (!m_overLimitSinceMs) {
        m_overLimitSinceMs = intervalStartMs;
        takeThreadBaseline();
        qCWarning(lcProcess).noquote()
                << QStringLiteral("CPU at %1% of one core, over the limit of %2%")
                           .arg(m_cpuPercent, 0, 'f', 0)
                           .arg(m_options.cpuLimitPercent);
    }
    if (nowMs - *m_overLimitSinceMs >= double(m_options.cpuLimitDuration.count())) {
        m_tripped = true;
        Q_EMIT cpuLimitExceeded(diagnostic());
    }
}

void ProcessMonitor::takeThreadBaseline()
{
    m_threadBaseline.clear();
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &entry : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const std::optional<TaskStat> stat =
                parseStat(readProcFile(tasks.filePath(entry) + QLatin1String("/stat")));
        if (stat)
            m_threadBaseline.insert(entry.toLongLong(), stat->cpuTicks);
    }
    m_threadBaselineMs = elapsedMs();
}

double ProcessMonitor::elapsedMs() const
{
    return double(m_clock.nsecsElapsed()) / 1e6;
}

} // namespace md
