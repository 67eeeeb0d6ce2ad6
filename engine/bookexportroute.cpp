#include "bookexportroute.h"

#include "bookexportformat.h"
#include "config.h"
#include "marketdataengine.h"

#include <QDateTime>

namespace md {

namespace {

const QString RoutePrefix = QStringLiteral("/snapshot/");

HttpReply textReply(int status, const QString &message)
{
    return HttpReply{status, QByteArrayLiteral("text/plain; charset=utf-8"),
                     message.toUtf8() + '\n'};
}

// The query's value for `key`, refusing a key given twice: which one would win is a guess.
bool queryValue(const QUrlQuery &query, const QString &key, QString &value, QString *error)
{
    const QStringList values = query.allQueryItemValues(key, QUrl::FullyDecoded);
    if (values.size() > 1) {
        *error = QStringLiteral("%1 is given more than once").arg(key);
        return false;
    }
    if (!values.isEmpty())
        value = values.first();
    return true;
}

// A name as the reply repeats it: quoted, control characters as '?' and at most
// MaxShownName characters, so that a hostile path is not echoed back raw or whole.
QString shownName(const QString &name)
{
    constexpr qsizetype MaxShownName = 40;
    QString shown = name.left(MaxShownName);
    for (QChar &c : shown) {
        if (!c.isPrint())
            c = QLatin1Char('?');
    }
    if (name.size() > MaxShownName)
        shown += QStringLiteral("...");
    return QLatin1Char('"') + shown + QLatin1Char('"');
}

} // namespace

HttpReply bookExportReply(const MarketDataEngine &engine, const HttpRequestInfo &request)
{
    const QString name = request.path.mid(RoutePrefix.size());
    const std::optional<QString> symbol = ConfigLoader::normalizedSymbol(name);
    const FollowedSymbol *followed = symbol ? engine.symbol(*symbol) : nullptr;
    if (!followed)
        return textReply(
                404,
                QStringLiteral("%1 is not a symbol this service follows").arg(shownName(name)));

    for (const auto &[key, value] : request.query.queryItems()) {
        if (key != QLatin1String("format") && key != QLatin1String("depth"))
            return textReply(400, QStringLiteral("unknown parameter %1; use format and depth")
                                          .arg(shownName(key)));
    }
    QString error;
    QString formatText = QStringLiteral("json");
    QString depthText = QStringLiteral("0");
    if (!queryValue(request.query, QStringLiteral("format"), formatText, &error) ||
        !queryValue(request.query, QStringLiteral("depth"), depthText, &error)) {
        return textReply(400, error);
    }
    const std::optional<ExportFormat> format = exportFormatFromName(formatText);
    if (!format)
        return textReply(
                400,
                QStringLiteral("format must be json or csv, got %1").arg(shownName(formatText)));
    bool ok = false;
    const qulonglong depth = depthText.toULongLong(&ok);
    if (!ok || depth > BookExport::MaxDepth) {
        return textReply(400, QStringLiteral("depth must be 0 (the whole book) to %1, got %2")
                                      .arg(BookExport::MaxDepth)
                                      .arg(shownName(depthText)));
    }

    const BookSync &sync = followed->tracker.sync();
    if (!sync.isSynced()) {
        return textReply(409, QStringLiteral("%1 is %2, not synced; ask again once it is")
                                      .arg(followed->name, syncStateName(sync.state())));
    }
    const BookExport book =
            BookExport::take(followed->tracker, size_t(depth), QDateTime::currentMSecsSinceEpoch());
    return HttpReply{200, bookexportformat::contentType(*format),
                     bookexportformat::serialise(book, *format)};
}

} // namespace md
