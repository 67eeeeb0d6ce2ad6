#ifndef MD_UI_SNAPSHOTEXPORTER_H
#define MD_UI_SNAPSHOTEXPORTER_H

#include "bookexport.h"
#include "exportdialog.h"

#include <QFutureWatcher>
#include <QObject>

namespace md {

class EngineController;

// Carries out one export chosen in the ExportDialog: asks the engine thread for a copy of the
// book (EngineController, with its timeout), refuses a book that is not synced, and serialises
// and writes it atomically on a pool thread. 5000 levels a side take 4-7 ms on a local disk,
// but a slow or network folder can take seconds, and the window must not wait on it. One
// export at a time. Lives on the UI thread.
class SnapshotExporter : public QObject
{
    Q_OBJECT

public:
    explicit SnapshotExporter(EngineController *engine, QObject *parent = nullptr);
    ~SnapshotExporter() override;

    bool isBusy() const { return m_busy; }
    // finished() or failed() follows, never before this returns. Ignored while busy.
    void start(const ExportChoice &choice);

Q_SIGNALS:
    void finished(const QString &symbol, const QString &path, int bidLevels, int askLevels);
    // `message` says what failed, translated; `reason` is the cause as the engine or the file
    // system gave it, possibly empty.
    void failed(const QString &message, const QString &reason);
    void busyChanged(bool busy);

private:
    struct WriteResult
    {
        QString path;
        QString error;
    };

    void bookArrived(const BookExport &book);
    void writeDone();
    void fail(const QString &message, const QString &reason);
    void setBusy(bool busy);

    EngineController *m_engine;
    ExportChoice m_choice;
    quint64 m_request = 0;
    int m_bidLevels = 0;
    int m_askLevels = 0;
    bool m_busy = false;
    QFutureWatcher<WriteResult> m_write;
};

} // namespace md

#endif // MD_UI_SNAPSHOTEXPORTER_H
