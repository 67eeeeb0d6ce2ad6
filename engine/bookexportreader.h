#ifndef MD_ENGINE_BOOKEXPORTREADER_H
#define MD_ENGINE_BOOKEXPORTREADER_H

#include "bookexport.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace md {

// Reads back what bookexportformat writes, and refuses anything else with a reason naming the
// line or field: another version, a missing or unknown field, a price or quantity that is not
// an exact decimal, levels out of book order, a cumulative quantity that is not the sum above
// it. Pure functions, callable from any thread.
namespace bookexportreader {

std::optional<BookExport> fromJson(const QByteArray &bytes, QString *error);
std::optional<BookExport> fromCsv(const QByteArray &bytes, QString *error);
std::optional<BookExport> read(const QByteArray &bytes, ExportFormat format, QString *error);

} // namespace bookexportreader

} // namespace md

#endif // MD_ENGINE_BOOKEXPORTREADER_H
