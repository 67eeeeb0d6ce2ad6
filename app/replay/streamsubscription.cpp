#include "streamsubscription.h"

#include <QRegularExpression>

namespace md {

StreamSubscription StreamSubscription::resolve(const QString &name,
                                               const ReplayRecording &recording,
                                               Market preferredMarket)
{
    StreamSubscription subscription;
    subscription.name = name;
    subscription.nameUtf8 = name.toUtf8();

    const qsizetype at = name.indexOf(QLatin1Char('@'));
    if (at <= 0)
        return subscription;
    const QStringView kind = QStringView(name).sliced(at + 1);
    static const QRegularExpression depthName(QStringLiteral("^depth(@[0-9]+ms)?$"));
    if (depthName.match(kind).hasMatch()) {
        subscription.kind = StreamKind::Depth;
    } else if (kind == QLatin1String("trade")) {
        subscription.kind = StreamKind::Trade;
    } else if (kind == QLatin1String("aggTrade")) {
        subscription.kind = StreamKind::AggTrade;
    } else if (kind == QLatin1String("bookTicker")) {
        subscription.kind = StreamKind::BookTicker;
    } else {
        subscription.suffix = kind.toUtf8();
    }

    subscription.symbol = recording.findSymbol(QStringView(name).first(at), preferredMarket);
    return subscription;
}

} // namespace md
