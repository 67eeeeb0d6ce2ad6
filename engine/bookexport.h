#ifndef MD_ENGINE_BOOKEXPORT_H
#define MD_ENGINE_BOOKEXPORT_H

#include "bookside.h"
#include "market.h"

#include <QMetaType>
#include <QString>

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace md {

class SymbolTracker;

enum class ExportFormat : quint8 { Json, Csv };

QString exportFormatName(ExportFormat format); // "json", "csv": also the file extension
std::optional<ExportFormat> exportFormatFromName(const QString &name);

// One symbol's book as it is exported to a file, the health server or the window: a plain value
// copied out of the engine on its thread by take(), then serialised and written on any thread.
// Levels are best first and exact; a book that is not synced carries none.
struct BookExport
{
    static constexpr int FormatVersion = 1;
    // A depth of 0 asks for the whole book; anything above this is refused as absurd.
    static constexpr size_t MaxDepth = 100'000;

    QString symbol;
    Market market = Market::Spot;
    qint64 lastUpdateId = 0;
    qint64 eventTime = 0; // exchange milliseconds since the Unix epoch, last depth event
    qint64 localTime = 0; // local milliseconds since the Unix epoch, when the copy was taken
    bool synced = false;
    size_t depth = 0; // levels asked for per side, 0 for all
    std::vector<PriceLevel> bids;
    std::vector<PriceLevel> asks;

    // Copies `depth` levels a side (0: all) of the tracker's book. Costs one pass over those
    // levels and nothing else, so the engine's thread can afford it at any time.
    static BookExport take(const SymbolTracker &tracker, size_t depth, qint64 localTimeMs);

    friend bool operator==(const BookExport &, const BookExport &) = default;
};

// The running sum of the levels' quantities, exact, each printed with as many decimals as the
// most precise quantity summed so far ("0.5" + "1.25000" is "1.75000"). The sum of a deep book
// can pass Decimal's range, so it is text.
std::vector<std::string> cumulativeQuantities(std::span<const PriceLevel> levels);

} // namespace md

Q_DECLARE_METATYPE(md::BookExport)

#endif // MD_ENGINE_BOOKEXPORT_H
