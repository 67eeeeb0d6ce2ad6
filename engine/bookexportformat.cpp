#include "bookexportformat.h"

#include <charconv>

namespace md::bookexportformat {

namespace {

void appendInteger(QByteArray &out, qint64 value)
{
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr - buffer);
}

void appendDecimal(QByteArray &out, Decimal value)
{
    std::string text;
    value.appendTo(text);
    out.append(text.data(), qsizetype(text.size()));
}

// The book's facts, in the order of the CSV columns that hold them.
QByteArray csvFacts(const BookExport &book)
{
    QByteArray out;
    appendInteger(out, BookExport::FormatVersion);
    out += ',' + book.symbol.toLatin1() + ',' + marketName(book.market).toLatin1() + ',';
    appendInteger(out, book.lastUpdateId);
    out += ',';
    appendInteger(out, book.eventTime);
    out += ',';
    appendInteger(out, book.localTime);
    out += book.synced ? ",true," : ",false,";
    appendInteger(out, qint64(book.depth));
    return out;
}

void appendJsonLevels(QByteArray &out, const char *name, const std::vector<PriceLevel> &levels)
{
    const std::vector<std::string> cumulative = cumulativeQuantities(levels);
    out += ",\"";
    out += name;
    out += "\":[";
    for (size_t i = 0; i < levels.size(); ++i) {
        out += i == 0 ? "[\"" : ",[\"";
        appendDecimal(out, levels[i].price);
        out += "\",\"";
        appendDecimal(out, levels[i].quantity);
        out += "\",\"";
        out += cumulative[i];
        out += "\"]";
    }
    out += ']';
}

void appendCsvLevels(QByteArray &out, const QByteArray &facts, const char *side,
                     const std::vector<PriceLevel> &levels)
{
    const std::vector<std::string> cumulative = cumulativeQuantities(levels);
    for (size_t i = 0; i < levels.size(); ++i) {
        out += facts + ',' + side + ',';
        appendInteger(out, qint64(i + 1));
        out += ',';
        appendDecimal(out, levels[i].price);
        out += ',';
        appendDecimal(out, levels[i].quantity);
        out += ',';
        out += cumulative[i];
        out += '\n';
    }
}

} // namespace

QByteArray toJson(const BookExport &book)
{
    QByteArray out = "{\"version\":";
    appendInteger(out, BookExport::FormatVersion);
    out += ",\"symbol\":\"" + book.symbol.toLatin1() + "\",\"market\":\"" +
           marketName(book.market).toLatin1() + "\",\"last_update_id\":";
    appendInteger(out, book.lastUpdateId);
    out += ",\"event_time\":";
    appendInteger(out, book.eventTime);
    out += ",\"local_time\":";
    appendInteger(out, book.localTime);
    out += book.synced ? ",\"synced\":true,\"depth\":" : ",\"synced\":false,\"depth\":";
    appendInteger(out, qint64(book.depth));
    appendJsonLevels(out, "bids", book.bids);
    appendJsonLevels(out, "asks", book.asks);
    out += "}\n";
    return out;
}

QByteArray toCsv(const BookExport &book)
{
    QByteArray out = QByteArray(CsvHeader) + '\n';
    const QByteArray facts = csvFacts(book);
    appendCsvLevels(out, facts, "bid", book.bids);
    appendCsvLevels(out, facts, "ask", book.asks);

    // A book without levels still says what it is: one row of facts with empty level columns.
    if (book.bids.empty() && book.asks.empty())
        out += facts + ",,,,,\n";
    return out;
}

QByteArray serialise(const BookExport &book, ExportFormat format)
{
    return format == ExportFormat::Json ? toJson(book) : toCsv(book);
}

QByteArray contentType(ExportFormat format)
{
    return format == ExportFormat::Json ? QByteArrayLiteral("application/json")
                                        : QByteArrayLiteral("text/csv; charset=utf-8");
}

} // namespace md::bookexportformat
