#include "streamroute.h"

#include <QUrlQuery>

#include <algorithm>

namespace md {

namespace {

constexpr qsizetype MaxStreamNameLength = 64;

} // namespace

std::optional<StreamRoute> StreamRoute::parse(const QString &path, const QUrlQuery &query)
{
    StreamRoute route;
    QStringView rest(path);
    for (QLatin1String prefix : {QLatin1String("/public"), QLatin1String("/market")}) {
        if (rest.startsWith(prefix) && rest.sliced(prefix.size()).startsWith(QLatin1Char('/'))) {
            route.preferredMarket = Market::UsdM;
            rest = rest.sliced(prefix.size());
            break;
        }
    }

    if (rest == QLatin1String("/stream")) {
        route.combined = true;
        const QString streams = query.queryItemValue(QStringLiteral("streams"), QUrl::FullyDecoded);
        route.streams = streams.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    } else if (rest == QLatin1String("/ws") || rest.startsWith(QLatin1String("/ws/"))) {
        route.streams = rest.sliced(3).toString().split(QLatin1Char('/'), Qt::SkipEmptyParts);
    } else {
        return std::nullopt;
    }

    if (route.streams.size() > MaxStreams)
        route.problem = QStringLiteral("more than %1 streams").arg(MaxStreams);
    for (const QString &stream : std::as_const(route.streams)) {
        if (!isValidStreamName(stream)) {
            route.problem = QStringLiteral("invalid stream name");
            break;
        }
    }
    return route;
}

bool StreamRoute::isValidStreamName(QStringView name)
{
    if (name.isEmpty() || name.size() > MaxStreamNameLength)
        return false;
    return std::all_of(name.begin(), name.end(), [](QChar c) {
        return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
               (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
               (c >= QLatin1Char('0') && c <= QLatin1Char('9')) ||
               QLatin1String("@_!.-").contains(c);
    });
}

} // namespace md
