#ifndef MD_UI_ENGINEWORKER_H
#define MD_UI_ENGINEWORKER_H

#include "bookexport.h"
#include "config.h"
#include "monitorsnapshot.h"

#include <QObject>
#include <QTimer>

namespace md {

class MarketDataService;

// Runs the MarketDataService on the engine thread and reports what it does as snapshots. It is
// moved to that thread before start(), creates the service there, and from then on only the
// engine thread touches the service: every 100 ms a timer copies its state into a
// MonitorSnapshot, sent out by a signal that the window receives queued on its own thread.
class EngineWorker : public QObject
{
    Q_OBJECT

public:
    explicit EngineWorker(const Config &config, QObject *parent = nullptr);
    ~EngineWorker() override;

    // Both run on the engine thread (invoked queued from the window's thread).
    void start();
    // Closes the feeds and flushes Redis; stopped() follows, with the service deleted.
    void stop();
    // Copies `depth` levels a side (0: all) of one symbol's book; bookExported() or
    // bookExportFailed() answers with the same request number. On the engine thread.
    void exportBook(quint64 request, const QString &symbol, size_t depth);

Q_SIGNALS:
    void started();
    // The service could not start at all, for example because the health port is taken.
    void startFailed(const QString &message, int exitCode);
    // The service cannot go on (unknown symbol, CPU limit): the program should exit.
    void fatalError(const QString &message, int exitCode);
    void snapshotReady(const md::MonitorSnapshot &snapshot);
    void bookExported(quint64 request, const md::BookExport &book);
    void bookExportFailed(quint64 request, const QString &reason);
    void stopped();

private:
    void takeSnapshot();
    void finish();

    Config m_config;
    MarketDataService *m_service = nullptr;
    QTimer m_snapshotTimer;
    MonitorSnapshot m_last;
    bool m_hasLast = false;
    bool m_stopping = false;
};

} // namespace md

#endif // MD_UI_ENGINEWORKER_H
