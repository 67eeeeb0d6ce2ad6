#include "bookexportfile.h"

#include "bookexportformat.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QSaveFile>

#include <algorithm>
#include <optional>
#include <vector>

namespace md::bookexportfile {

namespace {

// Why mkpath failed, as far as can be told: QDir gives no reason, and "cannot create" alone
// sends the user looking for a permission problem when a file is in the way.
QString whyNoFolder(const QString &folder)
{
    QFileInfo existing(folder);
    while (!existing.exists() && !existing.isRoot())
        existing = QFileInfo(existing.absolutePath());
    if (!existing.isDir())
        return QStringLiteral("%1 is a file, not a folder").arg(existing.absoluteFilePath());
    return QStringLiteral("%1 does not let a folder be made in it")
            .arg(existing.absoluteFilePath());
}

// "<update id>.json" or ".csv", as an export's name ends after its market: the id, or nothing.
std::optional<qint64> exportUpdateId(const QString &tail)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{1,18})\\.(json|csv)$"));
    const QRegularExpressionMatch match = pattern.match(tail);
    if (!match.hasMatch())
        return std::nullopt;
    return match.captured(1).toLongLong();
}

// Deletes the exports of one book beyond the `keep` newest; answers how many it deleted.
int removeBeyond(const QDir &folder, std::vector<std::pair<qint64, QString>> &exports, int keep,
                 QString *error)
{
    const size_t kept = size_t(std::max(keep, 0));
    if (exports.size() <= kept)
        return 0;
    // Newest first: update ids only grow for a symbol, whatever the clock says.
    std::sort(exports.begin(), exports.end(), std::greater<>());
    int removed = 0;
    for (size_t i = kept; i < exports.size(); ++i) {
        if (QFile::remove(folder.filePath(exports[i].second))) {
            ++removed;
        } else if (error && error->isEmpty()) {
            *error = QStringLiteral("cannot delete %1").arg(folder.filePath(exports[i].second));
        }
    }
    return removed;
}

} // namespace

QString fileName(const BookExport &book, ExportFormat format)
{
    return QStringLiteral("%1-%2-%3.%4")
            .arg(book.symbol, marketName(book.market))
            .arg(book.lastUpdateId)
            .arg(exportFormatName(format));
}

bool makeFolder(const QString &directory, QString *error)
{
    const QString folder = QDir(directory).absolutePath();
    if (QDir().mkpath(folder))
        return true;
    *error = QStringLiteral("cannot create the folder %1: %2").arg(folder, whyNoFolder(folder));
    return false;
}

QString write(const BookExport &book, ExportFormat format, const QString &directory, QString *error)
{
    if (!makeFolder(directory, error))
        return QString();

    const QString folder = QDir(directory).absolutePath();
    const QString path = QDir(folder).filePath(fileName(book, format));
    return writeTo(book, format, path, error) ? path : QString();
}

bool writeTo(const BookExport &book, ExportFormat format, const QString &path, QString *error)
{
    // Unbuffered: Qt 6.4's buffered QFileDevice takes a short write (a full disk, a file size
    // limit) for success and QSaveFile then commits the cut file; written directly, the short
    // count comes back to us.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray bytes = bookexportformat::serialise(book, format);
    const qint64 written = file.write(bytes);
    if (written != bytes.size()) {
        file.cancelWriting();
        const QString reason = written < 0 ? file.errorString()
                                           : QStringLiteral("the disk took %1 of %2 bytes (full?)")
                                                     .arg(written)
                                                     .arg(bytes.size());
        *error = QStringLiteral("cannot write %1: %2").arg(path, reason);
        return false;
    }
    if (!file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

int prune(const QString &directory, const QString &symbol, Market market, int keep, QString *error)
{
    return prune(directory, {{symbol, market}}, keep, error);
}

int prune(const QString &directory, const QList<std::pair<QString, Market>> &books, int keep,
          QString *error)
{
    // Exports by "<SYMBOL>-<market>", each with its update id and name.
    using Exports = std::vector<std::pair<qint64, QString>>;
    QHash<QString, Exports> byBook;
    for (const auto &[symbol, market] : books)
        byBook.insert(symbol + QLatin1Char('-') + marketName(market), {});

    // Unsorted: a folder of many thousand files is listed every round.
    QDirIterator files(directory, QDir::Files);
    while (files.hasNext()) {
        files.next();
        const QString name = files.fileName();
        const qsizetype dash = name.lastIndexOf(QLatin1Char('-'));
        const auto found = dash > 0 ? byBook.find(name.left(dash)) : byBook.end();
        const std::optional<qint64> id =
                found == byBook.end() ? std::nullopt : exportUpdateId(name.mid(dash + 1));
        if (id)
            found->emplace_back(*id, name);
    }

    int removed = 0;
    for (Exports &exports : byBook)
        removed += removeBeyond(QDir(directory), exports, keep, error);
    return removed;
}

} // namespace md::bookexportfile
