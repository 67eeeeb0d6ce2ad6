#include "bookexport.h"

#include "symboltracker.h"

namespace md {

namespace {

// Sums of many quantities pass 64 bits of 1e-8 units long before they pass 128.
__extension__ using Wide = __int128;

std::string fixedPoint(Wide units, int decimals)
{
    // units is in 1e-8; print it with exactly `decimals` fractional digits, which is exact
    // because every quantity summed had at most that many.
    Wide scale = 1;
    for (int i = decimals; i < Decimal::MaxDecimals; ++i)
        scale *= 10;
    units /= scale;

    std::string digits;
    do {
        digits.insert(digits.begin(), char('0' + int(units % 10)));
        units /= 10;
    } while (units > 0);
    if (decimals == 0)
        return digits;
    if (digits.size() <= size_t(decimals))
        digits.insert(0, size_t(decimals) + 1 - digits.size(), '0');
    digits.insert(digits.size() - size_t(decimals), 1, '.');
    return digits;
}

std::vector<PriceLevel> copyLevels(const OrderBook &book, Side side, size_t depth)
{
    const size_t available = side == Side::Bid ? book.bidCount() : book.askCount();
    const size_t count = depth == 0 ? available : std::min(depth, available);
    std::vector<PriceLevel> levels;
    levels.reserve(count);
    book.forEachLevel(side, count, [&](const PriceLevel &level) { levels.push_back(level); });
    return levels;
}

} // namespace

QString exportFormatName(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Json:
        return QStringLiteral("json");
    case ExportFormat::Csv:
        return QStringLiteral("csv");
    }
    return QString();
}

std::optional<ExportFormat> exportFormatFromName(const QString &name)
{
    if (name == QLatin1String("json"))
        return ExportFormat::Json;
    if (name == QLatin1String("csv"))
        return ExportFormat::Csv;
    return std::nullopt;
}

BookExport BookExport::take(const SymbolTracker &tracker, size_t depth, qint64 localTimeMs)
{
    const BookSync &sync = tracker.sync();
    BookExport out;
    out.symbol = QString::fromStdString(sync.symbol());
    out.market = sync.market();
    out.lastUpdateId = sync.lastUpdateId();
    out.eventTime = sync.lastEventTime();
    out.localTime = localTimeMs;
    out.synced = sync.isSynced();
    out.depth = depth;

    // The levels of a book that is not synced are not the exchange's: export none.
    if (out.synced) {
        out.bids = copyLevels(sync.book(), Side::Bid, depth);
        out.asks = copyLevels(sync.book(), Side::Ask, depth);
    }
    return out;
}

std::vector<std::string> cumulativeQuantities(std::span<const PriceLevel> levels)
{
    std::vector<std::string> out;
    out.reserve(levels.size());
    Wide sum = 0;
    int decimals = 0;
    for (const PriceLevel &level : levels) {
        sum += level.quantity.units;
        decimals = std::max(decimals, int(level.quantity.decimals));
        out.push_back(fixedPoint(sum, decimals));
    }
    return out;
}

} // namespace md
