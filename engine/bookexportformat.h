#ifndef MD_ENGINE_BOOKEXPORTFORMAT_H
#define MD_ENGINE_BOOKEXPORTFORMAT_H

#include "bookexport.h"

#include <QByteArray>

namespace md {

// The file formats of a book export, version BookExport::FormatVersion, as the README documents
// them: JSON, one object; CSV, a header row and one level per row with the book's facts
// repeated in leading columns. Prices and quantities are text, digit for digit as the exchange
// wrote them; bookexportreader reads them back. Pure functions, callable from any thread.
namespace bookexportformat {

inline constexpr char CsvHeader[] = "version,symbol,market,last_update_id,event_time,local_time,"
                                    "synced,depth,side,level,price,quantity,cumulative_quantity";
inline constexpr int CsvColumns = 13;

QByteArray toJson(const BookExport &book);
QByteArray toCsv(const BookExport &book);
QByteArray serialise(const BookExport &book, ExportFormat format);

// The MIME type an HTTP reply of that format carries.
QByteArray contentType(ExportFormat format);

} // namespace bookexportformat

} // namespace md

#endif // MD_ENGINE_BOOKEXPORTFORMAT_H
