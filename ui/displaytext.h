#ifndef MD_UI_DISPLAYTEXT_H
#define MD_UI_DISPLAYTEXT_H

#include "booksync.h"
#include "feedconnection.h"
#include "healthserver.h"
#include "market.h"
#include "redispublisher.h"

#include <QCoreApplication>
#include <QString>

namespace md {

// The words and numbers the window shows for engine values, translated, in one place so that
// every panel and the status bar say the same thing the same way. Prices and quantities keep
// the exchange's exact digits; only trailing zeros may be dropped (decimal()).
class DisplayText
{
    Q_DECLARE_TR_FUNCTIONS(DisplayText)

public:
    static QString syncState(SyncState state, bool stale);
    static QString market(Market market);
    static QString feedState(FeedConnection::State state);
    static QString redisState(RedisPublisher::State state);
    static QString healthState(HealthServer::State state, quint16 port);
    // "850 ms", "12.5 s", "4 min", "3 h", "1,234 d": for lags and ages.
    static QString duration(qint64 milliseconds);
    static QString megabytes(qint64 bytes);
    static QString percent(double value);
    static QString perSecond(double value);

    // Binance writes every spot price with 8 decimals ("0.02663800"). Shown as written the
    // columns are too wide to read, so trailing zeros are dropped down to `decimals` places:
    // the value stays exact, only zeros go, never a digit that counts.
    static QString decimal(const QString &text, int decimals);
    // The decimals a text needs: its fractional digits without the trailing zeros.
    static int significantDecimals(const QString &text);
};

} // namespace md

#endif // MD_UI_DISPLAYTEXT_H
