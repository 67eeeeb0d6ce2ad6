#ifndef MD_UI_ENGINECONTROLLER_H
#define MD_UI_ENGINECONTROLLER_H

#include "config.h"
#include "monitorsnapshot.h"

#include <QMutex>
#include <QObject>
#include <QThread>

namespace md {

class EngineWorker;

// Owns the engine thread for the window: the MarketDataService runs there, inside an
// EngineWorker, so that feeds and books never wait on painting. Lives on the window's thread;
// its signals arrive there queued, carrying copies, and nothing here touches the service.
// Snapshots are conflated: while the window has not taken the last one, a newer one replaces
// it, so a busy or blocked UI thread never piles up a queue of them.
class EngineController : public QObject
{
    Q_OBJECT

public:
    explicit EngineController(const Config &config, QObject *parent = nullptr);
    // Stops the engine and waits for its thread, like shutdown().
    ~EngineController() override;

    // Starts the thread and the service in it; started() or startFailed() follows.
    void start();
    // Stops the service (feeds closed, Redis flushed) and waits for the thread to end, a few
    // seconds at most. Safe to call more than once, and before start().
    void shutdown();
    bool isRunning() const { return m_thread.isRunning(); }

Q_SIGNALS:
    void started();
    void startFailed(const QString &message, int exitCode);
    void fatalError(const QString &message, int exitCode);
    void snapshotReady(const md::MonitorSnapshot &snapshot);

private:
    // Called on the engine thread for each snapshot; deliver() hands the newest to the UI.
    void offer(const MonitorSnapshot &snapshot);
    void deliver();

    QThread m_thread;
    EngineWorker *m_worker = nullptr;
    QMutex m_mutex; // guards the two below, shared by both threads
    MonitorSnapshot m_pending;
    bool m_deliveryQueued = false;
    quint64 m_replaced = 0; // snapshots never shown because a newer one came first
};

} // namespace md

#endif // MD_UI_ENGINECONTROLLER_H
