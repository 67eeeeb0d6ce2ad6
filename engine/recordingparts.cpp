#include "recordingparts.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace md::RecordingParts {

QString partPath(const QString &path, const QDateTime &openedAt, int sequence)
{
    // The time and sequence go before the extension, so that a part keeps the extension that
    // says what it is. A name that is all extension (".mdrec") keeps its name instead: a part
    // named "-<time>-<seq>.mdrec" would read as an option to every shell command.
    const QFileInfo info(path);
    const QString suffix = info.completeBaseName().isEmpty() ? QString() : info.suffix();
    const QString stem = suffix.isEmpty() ? path : path.chopped(suffix.size() + 1);
    const QString stamp = openedAt.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    // One arg() call: a second one would replace a "%1" of the path instead of the sequence.
    const QString number = QStringLiteral("%1").arg(sequence, 4, 10, QLatin1Char('0'));
    const QString part = QStringLiteral("%1-%2-%3").arg(stem, stamp, number);
    return suffix.isEmpty() ? part : part + QLatin1Char('.') + suffix;
}

QString recordingOf(const QString &partPath)
{
    static const QRegularExpression pattern(
            QStringLiteral("^(.*)-\\d{8}T\\d{6}Z-\\d{4,}(\\.[^./]*)?$"));
    const QRegularExpressionMatch match = pattern.match(partPath);
    if (!match.hasMatch())
        return QString();
    return match.captured(1) + match.captured(2);
}

} // namespace md::RecordingParts
