#ifndef MD_APP_MONITOR_ONESHOTEXPORT_H
#define MD_APP_MONITOR_ONESHOTEXPORT_H

#include "bookexport.h"
#include "booksync.h"
#include "config.h"

#include <QObject>
#include <QSet>
#include <QTimer>

#include <chrono>

namespace md {

class MarketDataEngine;

// `market-data-monitor export`: runs the engine alone (no Redis, no health server) until every
// configured book is synced, writes each book to a file the moment it first is, and reports
// the exit code. Lives on the main thread.
class OneShotExport : public QObject
{
    Q_OBJECT

public:
    // Exit codes of the export, beside MarketDataService's, listed in the README.
    enum ExitCode {
        ExitIncomplete = 6,  // a book did not sync before the timeout, or a signal came first
        ExitWriteFailed = 7, // a file could not be written
    };

    struct Options
    {
        ExportFormat format = ExportFormat::Json;
        size_t depth = 0; // levels a side, 0 for all
        QString directory;
        std::chrono::seconds timeout{60};
    };

    OneShotExport(const Config &config, Options options, QObject *parent = nullptr);
    ~OneShotExport() override;

    void start();
    // Gives up now, naming the books not written yet, and finishes with ExitIncomplete.
    void abandon(const QString &reason);

Q_SIGNALS:
    void finished(int exitCode);

private:
    void onStateChanged(const QString &symbol, SyncState state);
    void finish(int exitCode);

    Config m_config;
    Options m_options;
    MarketDataEngine *m_engine = nullptr;
    QSet<QString> m_written;
    QTimer m_timeout;
    bool m_finished = false;
};

} // namespace md

#endif // MD_APP_MONITOR_ONESHOTEXPORT_H
