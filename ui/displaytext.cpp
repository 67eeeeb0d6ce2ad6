#include "displaytext.h"

#include <QLocale>

#include <algorithm>

namespace md {

QString DisplayText::syncState(SyncState state, bool stale)
{
    if (stale)
        return tr("stale");
    switch (state) {
    case SyncState::Syncing:
        return tr("syncing");
    case SyncState::Synced:
        return tr("synced");
    case SyncState::Resyncing:
        return tr("resyncing");
    }
    return QString();
}

QString DisplayText::market(Market market)
{
    switch (market) {
    case Market::Spot:
        return tr("spot");
    case Market::UsdM:
        return tr("USD-M futures");
    }
    return QString();
}

QString DisplayText::feedState(FeedConnection::State state)
{
    switch (state) {
    case FeedConnection::State::Stopped:
        return tr("stopped");
    case FeedConnection::State::Connecting:
        return tr("connecting");
    case FeedConnection::State::Connected:
        return tr("connected");
    case FeedConnection::State::Waiting:
        return tr("waiting to reconnect");
    }
    return QString();
}

QString DisplayText::redisState(RedisPublisher::State state)
{
    switch (state) {
    case RedisPublisher::State::Disconnected:
        return tr("disconnected");
    case RedisPublisher::State::Connecting:
        return tr("connecting");
    case RedisPublisher::State::Connected:
        return tr("connected");
    }
    return QString();
}

QString DisplayText::healthState(HealthServer::State state, quint16 port)
{
    switch (state) {
    case HealthServer::State::Idle:
        return tr("not serving");
    case HealthServer::State::Listening:
        return tr("serving on port %1").arg(port);
    case HealthServer::State::Failed:
        return tr("failed");
    }
    return QString();
}

QString DisplayText::duration(qint64 milliseconds)
{
    const QLocale locale;
    const qint64 magnitude = milliseconds < 0 ? -milliseconds : milliseconds;
    if (magnitude < 1000)
        return tr("%1 ms").arg(locale.toString(milliseconds));
    if (magnitude < 60'000)
        return tr("%1 s").arg(locale.toString(double(milliseconds) / 1000.0, 'f', 1));
    if (magnitude < 3'600'000)
        return tr("%1 min").arg(locale.toString(milliseconds / 60'000));
    if (magnitude < 172'800'000)
        return tr("%1 h").arg(locale.toString(milliseconds / 3'600'000));
    return tr("%1 d").arg(locale.toString(milliseconds / 86'400'000));
}

QString DisplayText::megabytes(qint64 bytes)
{
    return tr("%1 MB").arg(QLocale().toString(double(bytes) / 1e6, 'f', 1));
}

QString DisplayText::percent(double value)
{
    return tr("%1%").arg(QLocale().toString(value, 'f', 1));
}

QString DisplayText::perSecond(double value)
{
    return tr("%1/s").arg(QLocale().toString(value, 'f', value < 10 ? 1 : 0));
}

QString DisplayText::decimal(const QString &text, int decimals)
{
    const qsizetype point = text.indexOf(u'.');
    if (point < 0)
        return text;
    const qsizetype keep = point + 1 + std::max(decimals, significantDecimals(text));
    const qsizetype end = std::min(keep, text.size());
    return end == point + 1 ? text.left(point) : text.left(end);
}

int DisplayText::significantDecimals(const QString &text)
{
    const qsizetype point = text.indexOf(u'.');
    if (point < 0)
        return 0;
    qsizetype last = text.size() - 1;
    while (last > point && text[last] == u'0')
        --last;
    return int(last - point);
}

} // namespace md
