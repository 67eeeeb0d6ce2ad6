#ifndef MD_ENGINE_SYSTEMDNOTIFIER_H
#define MD_ENGINE_SYSTEMDNOTIFIER_H

#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

#include <chrono>

namespace md {

class MarketDataEngine;

// Tells systemd how the headless service is doing, through sd_notify: READY=1 once every
// followed book has synced once, STATUS= lines with the progress, WATCHDOG=1 pings and
// STOPPING=1. Without NOTIFY_SOCKET (not started by systemd, or not Type=notify) it does
// nothing. Lives on the service's thread: the watchdog pings come from that thread's event
// loop, so a wedged loop stops them and systemd restarts the process.
class SystemdNotifier : public QObject
{
    Q_OBJECT

public:
    explicit SystemdNotifier(QObject *parent = nullptr);

    // True when systemd (or whoever set NOTIFY_SOCKET) listens for notifications.
    bool isActive() const { return m_active; }
    // Half of the watchdog interval systemd asked for, or 0 when it asked for none.
    std::chrono::milliseconds watchdogPingInterval() const { return m_pingInterval; }
    bool isReady() const { return m_ready; }
    // Notifications the socket refused.
    quint64 sendFailures() const { return m_sendFailures; }

    // Starts pinging the watchdog, when systemd asked for one.
    void startWatchdog();
    // Follows the engine's books: STATUS on each change, READY=1 once all have synced once.
    // Called once the service has started (its health server listening, unless not required);
    // a book that never syncs never makes the service ready, and systemd's TimeoutStartSec
    // then fails the start.
    void follow(const MarketDataEngine &engine);
    // STOPPING=1, with the reason as STATUS.
    void notifyStopping(const QString &reason);

private:
    void bookStateChanged(const QString &symbol, bool synced);
    void reportProgress();
    void send(const QByteArray &state);

    bool m_active = false;
    bool m_ready = false;
    quint64 m_sendFailures = 0;
    std::chrono::milliseconds m_pingInterval{0};
    QTimer m_watchdog;
    QSet<QString> m_syncedOnce;
    QSet<QString> m_syncedNow;
    qsizetype m_total = 0;
};

} // namespace md

#endif // MD_ENGINE_SYSTEMDNOTIFIER_H
