#include "verifycommand.h"

#include "printabletext.h"
#include "recordingmerger.h"
#include "recordingverifier.h"
#include "symbolname.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QTextStream>

#include <algorithm>

namespace md {

namespace {

// The report's columns, as wide as QString::arg() would pad them: negative for text on the left.
constexpr int ColumnWidths[] = {-6, -10, 7, 5, 5, 7, 7, 16, 7, 0};

// One line of the report. Each cell is padded on its own rather than through a chain of arg()
// calls, which would read a `%1` inside a symbol as a place for the next value.
QString reportRow(const QStringList &cells)
{
    QStringList padded;
    for (qsizetype i = 0; i < cells.size(); ++i) {
        const int width = ColumnWidths[i];
        padded << (width < 0 ? cells[i].leftJustified(-width) : cells[i].rightJustified(width));
    }
    return padded.join(QLatin1Char(' ')) + QLatin1Char('\n');
}

// A symbol as the report prints it. The verifier makes books only for plausible Binance
// symbols; this keeps the report's lines its own whatever a symbol holds.
QString symbolText(const std::string &symbol)
{
    return QString::fromStdString(printableExcerpt(symbol, MaxSymbolLength));
}

void printReport(const RecordingVerifier &verifier, QTextStream &out)
{
    out << reportRow({QStringLiteral("market"), QStringLiteral("symbol"), QStringLiteral("depth"),
                      QStringLiteral("syncs"), QStringLiteral("gaps"), QStringLiteral("resyncs"),
                      QStringLiteral("retries"), QStringLiteral("checks matched"),
                      QStringLiteral("trades"), QStringLiteral("state")});
    for (const RecordingVerifier::SymbolReport &report : verifier.report()) {
        const quint64 matched = report.audit.checks - report.audit.mismatches;
        out << reportRow(
                {marketName(report.market), symbolText(report.symbol),
                 QString::number(report.sync.depthEvents), QString::number(report.sync.syncs),
                 QString::number(report.sync.gaps), QString::number(report.sync.resyncs),
                 QString::number(report.sync.snapshotRetries),
                 QString::number(matched) + QLatin1Char('/') + QString::number(report.audit.checks),
                 QString::number(report.trades), syncStateName(report.state)});
    }
}

// A book that never synced was never checked, so an OK with no checks must not read as a pass
// of that book: most often the recording holds no snapshot for it (a later part played alone).
// A recording of two markets may hold a symbol in both, so then each book names its market.
void printNeverSynced(const RecordingVerifier &verifier, QTextStream &out)
{
    QStringList unchecked;
    const std::vector<RecordingVerifier::SymbolReport> reports = verifier.report();
    const bool oneMarket = std::all_of(reports.begin(), reports.end(), [&](const auto &report) {
        return report.market == reports.front().market;
    });
    for (const RecordingVerifier::SymbolReport &report : reports) {
        if (report.sync.syncs > 0)
            continue;
        const QString symbol = symbolText(report.symbol);
        unchecked << (oneMarket ? symbol : marketName(report.market) + QLatin1Char(' ') + symbol);
    }
    if (unchecked.isEmpty())
        return;
    out << QStringLiteral("%1 of %2 books never synced, so nothing of theirs was checked (no "
                          "usable snapshot in the recording?): %3\n")
                    .arg(QString::number(unchecked.size()), QString::number(reports.size()),
                         unchecked.join(QStringLiteral(", ")));
}

// Levels per side that the final-book digest covers: as deep as Redis publishes by default, and
// shallow enough that two recordings of one market, whose snapshots were cut at different
// depths, still agree.
constexpr size_t DigestDepth = 20;

QString levelText(const PriceLevel &level)
{
    return QStringLiteral("%1 x %2").arg(QString::fromStdString(level.price.toString()),
                                         QString::fromStdString(level.quantity.toString()));
}

// The book each synced symbol ends with: its update id, best bid and ask, and a digest of the
// top levels, so that two recordings of the same market can be compared by their output.
void printFinalBooks(const RecordingVerifier &verifier, QTextStream &out)
{
    for (const RecordingVerifier::SymbolReport &report : verifier.report()) {
        const SymbolTracker *tracker = verifier.tracker(report.market, report.symbol);
        if (!tracker || !tracker->sync().isSynced())
            continue;
        const OrderBook &book = tracker->sync().book();
        QCryptographicHash digest(QCryptographicHash::Sha256);
        std::string levels;
        for (const Side side : {Side::Bid, Side::Ask}) {
            for (const PriceLevel &level : book.topLevels(side, DigestDepth)) {
                levels.clear();
                level.price.appendTo(levels);
                levels.push_back(' ');
                level.quantity.appendTo(levels);
                levels.push_back('\n');
                digest.addData(QByteArrayView(levels.data(), qsizetype(levels.size())));
            }
        }
        out << QStringLiteral("final book %1 %2: update id %3, bid %4, ask %5, top %6 digest %7\n")
                        .arg(marketName(report.market), symbolText(report.symbol),
                             QString::number(report.lastUpdateId),
                             book.hasBestBid() ? levelText(book.bestBid()) : QStringLiteral("-"),
                             book.hasBestAsk() ? levelText(book.bestAsk()) : QStringLiteral("-"),
                             QString::number(DigestDepth),
                             QString::fromLatin1(digest.result().toHex().left(16)));
    }
}

} // namespace

int runVerify(const QStringList &files, QTextStream &out, QTextStream &err)
{
    RecordingMerger merger;
    if (!merger.open(files)) {
        err << "error: " << merger.errorString() << '\n';
        return VerifyUnreadableInput;
    }

    QElapsedTimer timer;
    timer.start();
    RecordingVerifier verifier;
    RecordedMessage message;
    while (merger.next(message))
        verifier.process(message);
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    for (const QString &warning : merger.warnings())
        err << "warning: " << warning << '\n';

    // A recording cut short, by a crash for example, still shows what it held up to the cut.
    if (merger.hasError()) {
        if (verifier.messages() > 0) {
            printReport(verifier, out);
            printFinalBooks(verifier, out);
            out << QStringLiteral("%1 messages read before the error\n").arg(verifier.messages());
        }
        err << "error: " << merger.errorString() << '\n';
        return VerifyUnreadableInput;
    }

    // A file that yields no message at all is no recording, whatever its name says.
    if (verifier.messages() == 0) {
        err << "error: no messages in " << merger.fileNames().join(QStringLiteral(", ")) << '\n';
        return VerifyUnreadableInput;
    }

    printReport(verifier, out);
    printFinalBooks(verifier, out);
    quint64 checks = 0, mismatches = 0, gaps = 0, resyncs = 0, inconsistencies = 0, overflows = 0;
    for (const RecordingVerifier::SymbolReport &report : verifier.report()) {
        checks += report.audit.checks;
        mismatches += report.audit.mismatches;
        gaps += report.sync.gaps;
        resyncs += report.sync.resyncs;
        inconsistencies += report.sync.inconsistencies;
        overflows += report.sync.bufferOverflows;
    }
    out << QStringLiteral("%1 messages in %2 s (%3 per second), %4 rejected, %5 ignored, "
                          "%6 before their symbol's first depth event\n")
                    .arg(verifier.messages())
                    .arg(seconds, 0, 'f', 3)
                    .arg(seconds > 0 ? double(verifier.messages()) / seconds : 0.0, 0, 'f', 0)
                    .arg(verifier.rejectedMessages())
                    .arg(verifier.ignoredMessages())
                    .arg(verifier.unroutedMessages());
    for (const std::string &problem : verifier.problems())
        err << QString::fromStdString(problem) << '\n';

    if (mismatches > 0) {
        out << QStringLiteral("FAILED: %1 of %2 bookTicker checks did not match\n")
                        .arg(mismatches)
                        .arg(checks);
        return VerifyMismatch;
    }
    if (verifier.rejectedMessages() > 0) {
        out << QStringLiteral("FAILED: %1 messages could not be read\n")
                        .arg(verifier.rejectedMessages());
        return VerifyUnreadableInput;
    }
    // Named only when there are some: a book ahead of its stream or crossed, and a buffer that
    // overflowed, are signs of a damaged recording that no bookTicker check may have caught.
    QString troubles;
    if (inconsistencies > 0)
        troubles += QStringLiteral(", %1 inconsistencies (a book ahead of its stream, or crossed)")
                            .arg(inconsistencies);
    if (overflows > 0)
        troubles += QStringLiteral(", %1 buffer overflows").arg(overflows);
    out << QStringLiteral("OK: %1/%1 bookTicker checks matched; %2 gaps, %3 resyncs%4\n")
                    .arg(checks)
                    .arg(gaps)
                    .arg(resyncs)
                    .arg(troubles);
    printNeverSynced(verifier, out);
    return VerifyOk;
}

} // namespace md
