#include "snapshotexporter.h"

#include "bookexportfile.h"
#include "enginecontroller.h"
#include "uilogging.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QtConcurrent>

namespace md {

SnapshotExporter::SnapshotExporter(EngineController *engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
{
    connect(m_engine, &EngineController::bookExportReady, this,
            [this](quint64 request, const BookExport &book) {
                if (m_busy && request == m_request)
                    bookArrived(book);
            });
    connect(m_engine, &EngineController::bookExportFailed, this,
            [this](quint64 request, const QString &reason) {
                if (m_busy && request == m_request)
                    fail(tr("The book of %1 could not be copied.").arg(m_choice.symbol), reason);
            });
    connect(&m_write, &QFutureWatcher<WriteResult>::finished, this, &SnapshotExporter::writeDone);
}

SnapshotExporter::~SnapshotExporter()
{
    // A write still running on the pool goes to its end, so the file is whole or not there.
    m_write.waitForFinished();
}

void SnapshotExporter::start(const ExportChoice &choice)
{
    if (m_busy) {
        qCWarning(lcUi, "an export of %s is still running; the export of %s is not started",
                  qPrintable(m_choice.symbol), qPrintable(choice.symbol));
        return;
    }
    m_choice = choice;
    setBusy(true);
    m_request = m_engine->requestBookExport(choice.symbol, choice.depth);
}

void SnapshotExporter::bookArrived(const BookExport &book)
{
    // The dialog offers synced books only, but a book may resync in between.
    if (!book.synced) {
        fail(tr("%1 is not synced right now, so its book has no levels of the exchange's to "
                "export. Try again once it is synced.")
                     .arg(book.symbol),
             QString());
        return;
    }

    QString path = m_choice.path;
    if (m_choice.namedByUpdateId)
        path = QFileInfo(path).dir().filePath(bookexportfile::fileName(book, m_choice.format));
    m_bidLevels = int(book.bids.size());
    m_askLevels = int(book.asks.size());
    const ExportFormat format = m_choice.format;
    m_write.setFuture(QtConcurrent::run([book, format, path] {
        QElapsedTimer timer;
        timer.start();
        WriteResult result;
        if (bookexportfile::writeTo(book, format, path, &result.error))
            result.path = path;
        qCDebug(lcUi, "export of %zu levels serialised and written in %lld ms",
                book.bids.size() + book.asks.size(), static_cast<long long>(timer.elapsed()));
        return result;
    }));
}

void SnapshotExporter::writeDone()
{
    const WriteResult result = m_write.result();
    if (result.path.isEmpty()) {
        fail(tr("The snapshot of %1 could not be written to %2.")
                     .arg(m_choice.symbol, QDir::toNativeSeparators(m_choice.path)),
             result.error);
        return;
    }
    qCInfo(lcUi, "exported %s, %d bids and %d asks, to %s", qPrintable(m_choice.symbol),
           m_bidLevels, m_askLevels, qPrintable(result.path));
    setBusy(false);
    Q_EMIT finished(m_choice.symbol, result.path, m_bidLevels, m_askLevels);
}

void SnapshotExporter::fail(const QString &message, const QString &reason)
{
    qCWarning(lcUi, "export of %s failed: %s %s", qPrintable(m_choice.symbol), qPrintable(message),
              qPrintable(reason));
    setBusy(false);
    Q_EMIT failed(message, reason);
}

void SnapshotExporter::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

} // namespace md
