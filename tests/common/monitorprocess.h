#ifndef MD_TESTS_COMMON_MONITORPROCESS_H
#define MD_TESTS_COMMON_MONITORPROCESS_H

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

// The real market-data-monitor as a child process, seen from the outside: its log, its exit,
// its CPU time in /proc, and plain HTTP GETs to its health server, whose /metrics samples it reads.
namespace md::test {

struct HttpAnswer
{
    int status = 0; // 0 when nothing answered within the timeout
    QByteArray body;
    QByteArray contentType;
};

HttpAnswer httpGet(quint16 port, const QString &path, int timeoutMs = 5000);

// The value of one sample in the Prometheus text of /metrics, or -1.
double metric(const QByteArray &metrics, const QString &sample);

// Writes text to path; false when it cannot.
bool writeFile(const QString &path, const QByteArray &text);

class MonitorProcess
{
public:
    MonitorProcess();
    ~MonitorProcess();
    MonitorProcess(const MonitorProcess &) = delete;
    MonitorProcess &operator=(const MonitorProcess &) = delete;

    enum class Mode { Headless, Window };

    // Starts market-data-monitor --config <configPath>, with --no-gui unless a window is asked
    // for (drawn offscreen), extra arguments, and the given variables added to the test's own
    // environment. Its instance lock goes to a folder of this object's own unless
    // XDG_RUNTIME_DIR is among them, so that a killed process leaves nothing behind.
    bool start(const QString &configPath, const QStringList &arguments = {},
               const QProcessEnvironment &extraEnvironment = {}, Mode mode = Mode::Headless);
    // Leaves a variable of the test's own environment out of the monitor's, from the next start.
    void unsetEnvironmentVariable(const QString &name) { m_unsetVariables.insert(name); }
    // Waits on the event loop until the log holds text or the process ends.
    bool waitForLog(const QByteArray &text, int timeoutMs);
    bool waitForExit(int timeoutMs);
    void signal(int signalNumber);
    void kill();

    qint64 pid() const { return m_pid; }
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    int exitCode() const { return m_process.exitCode(); }
    QProcess::ExitStatus exitStatus() const { return m_process.exitStatus(); }
    // Everything it wrote to standard error so far.
    QByteArray log();
    // utime + stime of the whole process from /proc/<pid>/stat, in clock ticks; -1 once gone.
    qint64 cpuTicks() const;

private:
    QProcess m_process;
    QTemporaryDir m_runtimeDir;
    QSet<QString> m_unsetVariables;
    QByteArray m_log;
    qint64 m_pid = 0;
};

} // namespace md::test

#endif // MD_TESTS_COMMON_MONITORPROCESS_H
