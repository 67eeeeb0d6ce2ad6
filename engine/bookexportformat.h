#ifndef MD_ENGINE_BOOKEXPORTFORMAT_H
#define MD_ENGINE_BOOKEXPORTFORMAT_H

#include "bookexport.h"

#include <QByteArray>

#include <optional>

namespace md {

// The file formats of a book export, version BookExport::FormatVersion, as the README documents
// them: JSON, one object; CSV, a header row and one level per row with the book's facts
// repeated in leading columns. Prices and quantities are text, digit for digit as the exchange
// wrote them. The readers take back what the writers wrote and refuse anything else with a
// reason. Pure functions, callable from any thread.
namespace bookexportformat {

QByteArray toJson(const BookExport &book);
QByteArray toCsv(const BookExport &book);
QByteArray serialise(const BookExport &book, ExportFormat format);

std::optional<BookExport> fromJson(const QByteArray &bytes, QString *error);
std::optional<BookExport> fromCsv(const QByteArray &bytes, QString *error);
std::optional<BookExport> parse(const QByteArray &bytes, ExportFormat format, QString *error);

// The MIME type an HTTP reply of that format carries.
QByteArray contentType(ExportFormat format);

} // namespace bookexportformat

} // namespace md

#endif // MD_ENGINE_BOOKEXPORTFORMAT_H
