#include "depthendpoint.h"

#include "replaylogging.h"
#include "replayrecording.h"

#include <QDateTime>
#include <QHostAddress>
#include <QUrlQuery>

#include <string>

namespace md {

namespace {

constexpr int SpotDefaultLimit = 100;
constexpr int SpotMaxLimit = 5000;
constexpr int UsdmDefaultLimit = 500;
constexpr int UsdmMaxLimit = 1000;
constexpr qsizetype MaxTrackedIps = 4096;
constexpr qint64 MsPerMinute = 60'000;

// Binance's IP weight budgets per minute, quoted in its 429 message.
constexpr int SpotWeightPerMinute = 6000;
constexpr int UsdmWeightPerMinute = 2400;

void appendLevels(std::string &out, const OrderBook &book, Side side, int limit)
{
    out += '[';
    bool first = true;
    book.forEachLevel(side, size_t(limit), [&](const PriceLevel &level) {
        out += first ? "[\"" : ",[\"";
        first = false;
        level.price.appendTo(out);
        out += "\",\"";
        level.quantity.appendTo(out);
        out += "\"]";
    });
    out += ']';
}

} // namespace

DepthEndpoint::DepthEndpoint(const ReplayRecording &recording, Faults faults)
    : m_recording(recording)
    , m_faults(faults)
{
}

int DepthEndpoint::weight(Market market, int limit)
{
    if (market == Market::Spot)
        return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
    return limit <= 50 ? 2 : limit <= 100 ? 5 : limit <= 500 ? 10 : 20;
}

HttpResponse DepthEndpoint::handle(Market market, const QUrlQuery &query, const QHostAddress &peer)
{
    ++m_requests;

    // Binance cuts a limit above the maximum down to it; anything but digits is refused.
    int limit = market == Market::Spot ? SpotDefaultLimit : UsdmDefaultLimit;
    if (query.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        const QString text = query.queryItemValue(QStringLiteral("limit"));
        const qulonglong value = text.toULongLong(&ok);
        if (!ok || value == 0 || text.startsWith(QLatin1Char('+'))) {
            return HttpResponse::binanceError(400, -1100,
                                              "Illegal characters found in parameter 'limit'; "
                                              "legal range is '^[0-9]{1,20}$'.");
        }
        limit = int(
                std::min<qulonglong>(value, market == Market::Spot ? SpotMaxLimit : UsdmMaxLimit));
    }
    const QByteArray usedWeight = QByteArray::number(addWeight(peer, weight(market, limit)));

    HttpResponse response;
    if (m_requests <= m_faults.count) {
        qCInfo(lcReplay, "answering depth request %llu from %s with %d (--snapshot-error)",
               static_cast<unsigned long long>(m_requests), qPrintable(peer.toString()),
               m_faults.status);
        response = injectedError(market, peer);
    } else {
        const QString name = query.queryItemValue(QStringLiteral("symbol"), QUrl::FullyDecoded);
        const int symbol = name.isEmpty() ? -1 : m_recording.findSymbol(name, market);
        if (name.isEmpty()) {
            response = HttpResponse::binanceError(400, -1102,
                                                  "Mandatory parameter 'symbol' was not sent, "
                                                  "was empty/null, or malformed.");
        } else if (symbol < 0 || m_recording.symbols()[size_t(symbol)].market != market ||
                   !m_recording.symbols()[size_t(symbol)].hasDepth) {
            response = HttpResponse::binanceError(400, -1121, "Invalid symbol.");
        } else if (!m_recording.symbols()[size_t(symbol)].reference->isSynced()) {
            response = HttpResponse::binanceError(503, -1001,
                                                  "Internal error; unable to process your "
                                                  "request. Please try again.");
        } else {
            response = HttpResponse::json(200, snapshotBody(symbol, limit));
        }
    }
    response.headers.append({QByteArrayLiteral("X-MBX-USED-WEIGHT-1M"), usedWeight});
    return response;
}

qint64 DepthEndpoint::addWeight(const QHostAddress &peer, int weight)
{
    const qint64 minute = QDateTime::currentMSecsSinceEpoch() / MsPerMinute;
    if (m_weights.size() >= MaxTrackedIps) {
        m_weights.removeIf([minute](const auto &entry) { return entry.value().minute != minute; });
    }
    WeightWindow &window = m_weights[peer.toString()];
    if (window.minute != minute)
        window = WeightWindow{minute, 0};
    window.used += weight;
    return window.used;
}

HttpResponse DepthEndpoint::injectedError(Market market, const QHostAddress &peer) const
{
    const QByteArray ip = peer.toString().toUtf8();
    QByteArray message;
    if (m_faults.status == 418) {
        const qint64 until =
                QDateTime::currentMSecsSinceEpoch() + m_faults.retryAfterSeconds * 1000;
        message = "Way too many requests; IP(" + ip + ") banned until " +
                  QByteArray::number(until) +
                  ". Please use WebSocket Streams for live updates to avoid bans.";
    } else {
        const int budget = market == Market::Spot ? SpotWeightPerMinute : UsdmWeightPerMinute;
        message = "Too many requests; current limit of IP(" + ip + ") request weight is " +
                  QByteArray::number(budget) +
                  " per 1 MINUTE. Please use WebSocket Streams for live updates to avoid bans.";
    }
    HttpResponse response = HttpResponse::binanceError(m_faults.status, -1003, message);
    response.headers.append(
            {QByteArrayLiteral("Retry-After"), QByteArray::number(m_faults.retryAfterSeconds)});
    return response;
}

QByteArray DepthEndpoint::snapshotBody(int symbol, int limit) const
{
    const ReplayRecording::Symbol &entry = m_recording.symbols()[size_t(symbol)];
    const BookSync &reference = *entry.reference;
    const OrderBook &book = reference.book();

    // Binance's field order: lastUpdateId, then USD-M's E and T, then bids and asks.
    std::string out;
    out.reserve(size_t(limit) * 2 * 40 + 96);
    out += "{\"lastUpdateId\":" + std::to_string(reference.lastUpdateId());
    if (entry.market == Market::UsdM) {
        out += ",\"E\":" + std::to_string(reference.lastEventTime());
        out += ",\"T\":" + std::to_string(entry.lastTransactionTime);
    }
    out += ",\"bids\":";
    appendLevels(out, book, Side::Bid, limit);
    out += ",\"asks\":";
    appendLevels(out, book, Side::Ask, limit);
    out += '}';
    return QByteArray::fromStdString(out);
}

} // namespace md
