#include "periodicbookexporter.h"

#include "bookexportfile.h"
#include "logging.h"
#include "marketdataengine.h"
#include "prometheustext.h"

#include <QDateTime>

#include <vector>

namespace md {

namespace {

constexpr qint64 FailureWarningIntervalMs = 60'000;

} // namespace

PeriodicBookExporter::PeriodicBookExporter(const MarketDataEngine &engine,
                                           const Config::Snapshots &settings, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_settings(settings)
    , m_failureWarning(lcExport(), FailureWarningIntervalMs)
{
    // One writer thread: rounds reach the disk in order, and a stuck disk holds one round only.
    m_writer.setMaxThreadCount(1);
    connect(&m_timer, &QTimer::timeout, this, &PeriodicBookExporter::exportRound);
}

PeriodicBookExporter::~PeriodicBookExporter()
{
    m_writer.waitForDone();
}

void PeriodicBookExporter::start()
{
    if (!isEnabled())
        return;
    qCInfo(lcExport, "writing %s book exports to %s every %llds, keeping %d per symbol",
           qPrintable(exportFormatName(m_settings.format)), qPrintable(m_settings.dir),
           static_cast<long long>(m_settings.interval.count()), m_settings.keep);
    m_timer.start(m_settings.interval);
}

void PeriodicBookExporter::stop()
{
    m_timer.stop();
}

void PeriodicBookExporter::exportRound()
{
    // A round still on its way to the disk: this one would only queue up behind it.
    if (m_writing) {
        m_failureWarning.warn(QStringLiteral("book exports to %1 are still being written from "
                                             "the last interval; skipping this one")
                                      .arg(m_settings.dir));
        ++m_counters.failures;
        return;
    }

    std::vector<BookExport> books;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const auto &symbol : m_engine.symbols()) {
        if (!symbol->tracker.sync().isSynced()) {
            ++m_counters.skipped;
            continue;
        }
        books.push_back(BookExport::take(symbol->tracker, size_t(m_settings.depth), now));
    }
    if (books.empty()) {
        ++m_counters.rounds;
        return;
    }

    m_writing = true;
    m_writer.start([this, books = std::move(books), settings = m_settings] {
        RoundResult result;
        QList<std::pair<QString, Market>> written;
        for (const BookExport &book : books) {
            QString error;
            if (bookexportfile::write(book, settings.format, settings.dir, &error).isEmpty()) {
                result.errors.append(error);
                continue;
            }
            ++result.written;
            written.append({book.symbol, book.market});
        }
        // One listing of the folder for the whole round, however many symbols and files.
        QString error;
        if (!written.isEmpty()) {
            result.pruned =
                    quint64(bookexportfile::prune(settings.dir, written, settings.keep, &error));
        }
        if (!error.isEmpty())
            result.errors.append(error);
        QMetaObject::invokeMethod(
                this, [this, result] { finishRound(result); }, Qt::QueuedConnection);
    });
}

void PeriodicBookExporter::finishRound(const RoundResult &result)
{
    m_writing = false;
    ++m_counters.rounds;
    m_counters.written += result.written;
    m_counters.pruned += result.pruned;
    m_counters.failures += quint64(result.errors.size());
    if (!result.errors.isEmpty()) {
        const QString more =
                result.errors.size() > 1
                        ? QStringLiteral(" (and %1 more this round)").arg(result.errors.size() - 1)
                        : QString();
        m_failureWarning.warn(QStringLiteral("book export: %1%2").arg(result.errors.first(), more));
    }
    Q_EMIT roundFinished();
}

void PeriodicBookExporter::writeMetrics(PrometheusText &out) const
{
    out.counter("md_book_exports_total", "Book export files written (snapshots.interval_seconds)",
                m_counters.written);
    out.counter(
            "md_book_export_failures_total",
            "Book export files not written or not pruned, and rounds skipped behind a slow disk",
            m_counters.failures);
    out.counter("md_book_exports_skipped_total", "Books left out of a round for not being synced",
                m_counters.skipped);
    out.counter("md_book_exports_pruned_total", "Old book export files deleted (snapshots.keep)",
                m_counters.pruned);
}

} // namespace md
