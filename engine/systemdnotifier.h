#ifndef MD_ENGINE_SYSTEMDNOTIFIER_H
#define MD_ENGINE_SYSTEMDNOTIFIER_H

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

#include <chrono>
#include <sys/socket.h>
#include <sys/un.h>

namespace md {

class MarketDataEngine;

// Tells systemd how the headless service is doing, over its notification socket: READY=1 once
// every followed book has synced once, STATUS= lines with the progress, WATCHDOG=1 pings and
// STOPPING=1. Without NOTIFY_SOCKET (not started by systemd, or not Type=notify) it does
// nothing. Lives on the service's thread: the watchdog pings come from that thread's event
// loop, so a wedged loop stops them and systemd restarts the process.
//
// It sends without blocking (sd_notify() would wait for room in a full receive queue and so
// wedge the loop); a notification that cannot go out now is merged with the later ones and
// sent again after a pause, so READY=1 and the last STATUS are never lost.
class SystemdNotifier : public QObject
{
    Q_OBJECT

public:
    explicit SystemdNotifier(QObject *parent = nullptr);
    ~SystemdNotifier() override;

    // True when systemd (or whoever set NOTIFY_SOCKET) listens for notifications.
    bool isActive() const { return m_active; }
    // Half of the watchdog interval systemd asked for (kept within sane bounds), or 0 when it
    // asked for none.
    std::chrono::milliseconds watchdogPingInterval() const { return m_pingInterval; }
    bool isReady() const { return m_ready; }
    // Attempts to send that the socket refused, a full queue included.
    quint64 sendFailures() const { return m_sendFailures; }
    // Notifications waiting to be sent again, merged into one.
    bool hasPending() const { return !m_pending.isEmpty(); }

    // Starts pinging the watchdog, when systemd asked for one.
    void startWatchdog();
    // Follows the engine's books: STATUS on each change, READY=1 once all have synced once.
    // Called once the service has started (its health server listening, unless not required);
    // a book that never syncs never makes the service ready, and systemd's TimeoutStartSec
    // then fails the start. A reload that changes the symbols changes what "all" means.
    void follow(const MarketDataEngine &engine);
    // STOPPING=1, with the reason as STATUS.
    void notifyStopping(const QString &reason);

private:
    void readWatchdogInterval();
    bool openSocket(const QByteArray &address);
    void bookStateChanged(const QString &symbol, bool synced);
    void symbolsChanged();
    void reportProgress();
    void send(const QByteArray &state);
    bool deliver(const QByteArray &message);
    void mergePending(const QByteArray &state);
    void retryPending();

    bool m_active = false;
    bool m_ready = false;
    quint64 m_sendFailures = 0;
    bool m_failing = false;
    std::chrono::milliseconds m_pingInterval{0};
    QTimer m_watchdog;
    int m_fd = -1;
    sockaddr_un m_address = {};
    socklen_t m_addressLength = 0;
    // KEY=VALUE lines not sent yet, a later value of a key replacing the earlier one.
    QList<QByteArray> m_pending;
    QTimer m_retry;
    std::chrono::milliseconds m_retryDelay{0};
    const MarketDataEngine *m_engine = nullptr;
    QSet<QString> m_syncedOnce;
    QSet<QString> m_syncedNow;
    qsizetype m_total = 0;
};

} // namespace md

#endif // MD_ENGINE_SYSTEMDNOTIFIER_H
