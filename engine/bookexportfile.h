#ifndef MD_ENGINE_BOOKEXPORTFILE_H
#define MD_ENGINE_BOOKEXPORTFILE_H

#include "bookexport.h"

#include <QList>
#include <QString>

#include <utility>

namespace md {

// Book exports on disk: their names, atomic writes, and pruning of old ones. A file is named
// `<SYMBOL>-<market>-<last update id>.<json|csv>`; pruning touches nothing else in a folder.
// Plain functions with no state, callable from any thread.
namespace bookexportfile {

QString fileName(const BookExport &book, ExportFormat format);

// Creates `directory` when missing. False with the reason in `error` when it cannot be made.
bool makeFolder(const QString &directory, QString *error);

// Writes the book into `directory`, creating the folder when missing, through a temporary file
// renamed into place, so a crash or a full disk never leaves a partial export under the final
// name. Answers the file's path, or an empty string and the reason in `error`.
QString write(const BookExport &book, ExportFormat format, const QString &directory,
              QString *error);

// Writes the book to exactly `path`, the same atomic way, for a name a person chose. The folder
// must exist. False with the reason in `error` when the file cannot be written.
bool writeTo(const BookExport &book, ExportFormat format, const QString &path, QString *error);

// Deletes the exports of one symbol and market in `directory` (either format) beyond the
// `keep` with the highest update ids. Answers how many it deleted; `error` names the first
// file it could not delete.
int prune(const QString &directory, const QString &symbol, Market market, int keep, QString *error);

// The same for several symbols and markets at once, from one listing of the folder: a folder
// of many exports is read once a round, not once per symbol.
int prune(const QString &directory, const QList<std::pair<QString, Market>> &books, int keep,
          QString *error);

} // namespace bookexportfile

} // namespace md

#endif // MD_ENGINE_BOOKEXPORTFILE_H
