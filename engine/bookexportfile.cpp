#include "bookexportfile.h"

#include "bookexportformat.h"

#include <QDir>
#include <QRegularExpression>
#include <QSaveFile>

#include <algorithm>
#include <vector>

namespace md::bookexportfile {

QString fileName(const BookExport &book, ExportFormat format)
{
    return QStringLiteral("%1-%2-%3.%4")
            .arg(book.symbol, marketName(book.market))
            .arg(book.lastUpdateId)
            .arg(exportFormatName(format));
}

QString write(const BookExport &book, ExportFormat format, const QString &directory, QString *error)
{
    const QString folder = QDir(directory).absolutePath();
    if (!QDir().mkpath(folder)) {
        *error = QStringLiteral("cannot create the folder %1").arg(folder);
        return QString();
    }

    const QString path = QDir(folder).filePath(fileName(book, format));
    return writeTo(book, format, path, error) ? path : QString();
}

bool writeTo(const BookExport &book, ExportFormat format, const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray bytes = bookexportformat::serialise(book, format);
    if (file.write(bytes) != bytes.size() || !file.commit()) {
        // QSaveFile removes its temporary file when the commit fails or it is destroyed.
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

int prune(const QString &directory, const QString &symbol, Market market, int keep, QString *error)
{
    const QRegularExpression pattern(
            QStringLiteral("^%1-%2-(\\d{1,18})\\.(json|csv)$")
                    .arg(QRegularExpression::escape(symbol), marketName(market)));
    const QDir folder(directory);
    std::vector<std::pair<qint64, QString>> exports;
    for (const QString &name : folder.entryList(QDir::Files)) {
        const QRegularExpressionMatch match = pattern.match(name);
        if (match.hasMatch())
            exports.emplace_back(match.captured(1).toLongLong(), name);
    }
    if (exports.size() <= size_t(std::max(keep, 0)))
        return 0;

    // Newest first: update ids only grow for a symbol, whatever the clock says.
    std::sort(exports.begin(), exports.end(), std::greater<>());
    int removed = 0;
    for (size_t i = size_t(std::max(keep, 0)); i < exports.size(); ++i) {
        if (QFile::remove(folder.filePath(exports[i].second))) {
            ++removed;
        } else if (error && error->isEmpty()) {
            *error = QStringLiteral("cannot delete %1").arg(folder.filePath(exports[i].second));
        }
    }
    return removed;
}

} // namespace md::bookexportfile
