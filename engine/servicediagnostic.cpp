#include "servicediagnostic.h"

#include "feedconnection.h"
#include "marketdataengine.h"
#include "redispublisher.h"

#include <QMetaEnum>

#include <chrono>

namespace md {

namespace {

template<typename Enum>
QString enumName(Enum value)
{
    return QString::fromLatin1(QMetaEnum::fromType<Enum>().valueToKey(int(value))).toLower();
}

qint64 steadyNowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
}

QString feedLine(const FeedConnection &feed)
{
    const auto &counters = feed.counters();
    const QString lastMessage = counters.lastMessageTime == 0
                                        ? QStringLiteral("no message yet")
                                        : QStringLiteral("last message %1 ms ago")
                                                  .arg(steadyNowMs() - counters.lastMessageTime);
    return QStringLiteral("feed %1: %2, %3 messages, %4 reconnects, %5 watchdog timeouts, %6")
            .arg(feed.name(), enumName(feed.state()))
            .arg(counters.messages)
            .arg(counters.reconnects)
            .arg(counters.watchdogTimeouts)
            .arg(lastMessage);
}

} // namespace

QString serviceDiagnostic(const MarketDataEngine &engine, const RedisPublisher &redis)
{
    const auto &counters = engine.counters();
    quint64 depthEvents = 0, gaps = 0, resyncs = 0;
    QStringList books;
    for (const auto &symbol : engine.symbols()) {
        const BookSync &sync = symbol->tracker.sync();
        depthEvents += sync.counters().depthEvents;
        gaps += sync.counters().gaps;
        resyncs += sync.counters().resyncs;
        books.append(symbol->name + QLatin1Char(' ') + syncStateName(sync.state()));
    }

    QStringList lines;
    lines << QStringLiteral("counters: %1 messages, %2 rejected, %3 ignored, %4 for unknown "
                            "symbols, %5 depth events, %6 gaps, %7 resyncs, %8 snapshots, %9 "
                            "snapshots refused")
                     .arg(counters.messages)
                     .arg(counters.rejected)
                     .arg(counters.ignored)
                     .arg(counters.unknownSymbol)
                     .arg(depthEvents)
                     .arg(gaps)
                     .arg(resyncs)
                     .arg(counters.snapshots)
                     .arg(counters.snapshotFailures);
    lines << QStringLiteral("redis %1: %2, %3 commands acknowledged, %4 failures, %5 keys pending")
                     .arg(redis.endpoint(), enumName(redis.state()))
                     .arg(redis.counters().publishes)
                     .arg(redis.counters().failures)
                     .arg(redis.pendingKeys());
    for (const FeedConnection *feed : engine.feeds())
        lines << feedLine(*feed);
    lines << QStringLiteral("books (%1 of %2 synced): %3")
                     .arg(engine.syncedCount())
                     .arg(engine.symbols().size())
                     .arg(books.join(QStringLiteral(", ")));
    return lines.join(QLatin1Char('\n'));
}

} // namespace md
