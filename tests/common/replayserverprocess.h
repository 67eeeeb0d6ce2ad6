#ifndef MD_TESTS_COMMON_REPLAYSERVERPROCESS_H
#define MD_TESTS_COMMON_REPLAYSERVERPROCESS_H

#include <QByteArray>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>

// market-data-replay serve as a child process: real Binance recordings played over WebSocket and
// HTTP on loopback, seen from the outside through its /replay/status and its log.
namespace md::test {

constexpr int kReplayStartMs = 20'000;

class ReplayServerProcess
{
public:
    ReplayServerProcess();
    ~ReplayServerProcess();
    ReplayServerProcess(const ReplayServerProcess &) = delete;
    ReplayServerProcess &operator=(const ReplayServerProcess &) = delete;

    // The market-data-replay this build made, also for its other commands (verify).
    static QString program();

    // Starts `serve <files> --port <port> <arguments>` (--speed and the injected faults go in
    // arguments) and waits on the event loop until /replay/status answers; false when it never
    // does. A server still running from an earlier start is killed first.
    bool start(quint16 port, const QStringList &files, const QStringList &arguments = {},
               int timeoutMs = kReplayStartMs);
    void kill();

    quint16 port() const { return m_port; }
    // /replay/status; empty when it does not answer.
    QJsonObject status() const;
    // Whether every message of the recordings has been sent.
    bool hasFinished() const;
    // Everything it wrote to standard error so far.
    QByteArray log();

private:
    QProcess m_process;
    QByteArray m_log;
    quint16 m_port = 0;
};

} // namespace md::test

#endif // MD_TESTS_COMMON_REPLAYSERVERPROCESS_H
