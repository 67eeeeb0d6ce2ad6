#ifndef MD_UI_ENGINECONTROLLER_H
#define MD_UI_ENGINECONTROLLER_H

#include "bookexport.h"
#include "config.h"
#include "monitorsnapshot.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QThread>

class QTimer;

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

    // Asks the engine thread for a copy of one symbol's book, `depth` levels a side (0: all).
    // Answers the request's number; bookExportReady() or bookExportFailed() follows with it,
    // the failure at the latest after `timeoutMs` when the engine thread is too busy to answer
    // (a copy arriving after that is dropped). Never waits.
    quint64 requestBookExport(const QString &symbol, size_t depth,
                              int timeoutMs = DefaultExportTimeoutMs);
    static constexpr int DefaultExportTimeoutMs = 5000;

Q_SIGNALS:
    void started();
    void startFailed(const QString &message, int exitCode);
    void fatalError(const QString &message, int exitCode);
    void snapshotReady(const md::MonitorSnapshot &snapshot);
    void bookExportReady(quint64 request, const md::BookExport &book);
    void bookExportFailed(quint64 request, const QString &reason);

private:
    // Called on the engine thread for each snapshot; deliver() hands the newest to the UI.
    void offer(const MonitorSnapshot &snapshot);
    void deliver();
    // Ends a pending export request; false when it had already timed out.
    bool finishRequest(quint64 request);

    QThread m_thread;
    EngineWorker *m_worker = nullptr;
    QMutex m_mutex; // guards the two below, shared by both threads
    MonitorSnapshot m_pending;
    bool m_deliveryQueued = false;
    quint64 m_replaced = 0; // snapshots never shown because a newer one came first
    quint64 m_lastRequest = 0;
    QHash<quint64, QTimer *> m_pendingExports; // each with its timeout, on the window's thread
};

} // namespace md

#endif // MD_UI_ENGINECONTROLLER_H
