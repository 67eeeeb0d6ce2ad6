#include "booksync.h"

#include "logging.h"

namespace md {

QString syncStateName(SyncState state)
{
    switch (state) {
    case SyncState::Syncing:
        return QStringLiteral("syncing");
    case SyncState::Synced:
        return QStringLiteral("synced");
    case SyncState::Resyncing:
        return QStringLiteral("resyncing");
    }
    return QString();
}

BookSync::BookSync(Market market, std::string symbol)
    : BookSync(market, std::move(symbol), Options())
{
}

BookSync::BookSync(Market market, std::string symbol, Options options)
    : m_market(market)
    , m_symbol(std::move(symbol))
    , m_options(options)
{
}

BookSync::Result BookSync::applyDepth(const DepthUpdate &event)
{
    ++m_counters.depthEvents;
    m_lastEventTime = event.eventTime;

    // USD-M events prove continuity only through `pu`; one without it cannot be placed.
    if (m_market == Market::UsdM && !event.hasPreviousFinalUpdateId()) {
        ++m_counters.rejected;
        m_lastProblem = "USD-M depth event without pu, u=" + std::to_string(event.finalUpdateId);
        qCWarning(lcBook, "%s: %s", m_symbol.c_str(), m_lastProblem.c_str());
        return Result::Ignored;
    }

    switch (m_phase) {
    case Phase::Buffering:
        return buffer(event);
    case Phase::AwaitingBridge:
        if (isStale(event))
            return ignoreAlreadyHeld(event);
        m_ignoredInARow = 0;
        return joinWith(event);
    case Phase::Live:
        return handleLive(event);
    }
    return Result::Ignored;
}

BookSync::Result BookSync::applySnapshot(const DepthSnapshot &snapshot)
{
    // A snapshot only helps while the book is not joined to the stream yet. While awaiting the
    // bridge every event seen since the last snapshot was stale, so a newer one may replace it.
    if (m_phase == Phase::Live)
        return Result::Ignored;

    m_snapshotRequested = false;
    m_book.load(snapshot.bids, snapshot.asks);
    m_snapshotId = snapshot.lastUpdateId;
    m_lastUpdateId = snapshot.lastUpdateId;

    // Binance step: throw away buffered events the snapshot already contains.
    while (!m_buffer.empty() && isStale(m_buffer.front()))
        m_buffer.pop_front();
    countBufferedLevels();
    if (m_buffer.empty()) {
        m_phase = Phase::AwaitingBridge;
        return Result::Buffered;
    }

    // The first event left must join the snapshot; if it starts later, updates between the
    // snapshot and the buffer are lost to us and the snapshot is too old.
    if (!bridgesSnapshot(m_buffer.front())) {
        ++m_counters.snapshotRetries;
        m_lastProblem = "snapshot " + std::to_string(m_snapshotId) +
                        " is older than the first buffered event U=" +
                        std::to_string(m_buffer.front().firstUpdateId);
        qCInfo(lcBook, "%s: %s, fetching another", m_symbol.c_str(), m_lastProblem.c_str());
        m_book.clear();
        m_phase = Phase::Buffering;
        m_snapshotRequested = true;
        return Result::NeedSnapshot;
    }

    std::deque<DepthUpdate> pending;
    pending.swap(m_buffer);
    m_bufferedLevels = 0;
    m_phase = Phase::Live;
    m_ignoredInARow = 0;
    applyToBook(pending.front());
    if (m_book.isCrossed())
        return reportCrossed();
    for (size_t i = 1; i < pending.size(); ++i) {
        if (handleLive(pending[i]) == Result::NeedSnapshot) {
            // The gap event is already kept for the next sync; keep what followed it too.
            m_buffer.insert(m_buffer.end(), pending.begin() + qsizetype(i) + 1, pending.end());
            countBufferedLevels();
            return Result::NeedSnapshot;
        }
    }
    markSynced();
    return Result::Applied;
}

void BookSync::restart()
{
    startOver(nullptr);

    // Nothing is buffered yet: the first event on the new connection asks for the snapshot.
    m_snapshotRequested = false;
}

bool BookSync::isStale(const DepthUpdate &event) const
{
    // Spot drops u <= lastUpdateId; USD-M keeps an event that ends exactly at lastUpdateId,
    // because there it can be the bridge.
    if (m_market == Market::Spot)
        return event.finalUpdateId <= m_snapshotId;
    return event.finalUpdateId < m_snapshotId;
}

bool BookSync::bridgesSnapshot(const DepthUpdate &event) const
{
    // Spot: U <= lastUpdateId + 1 <= u. USD-M: U <= lastUpdateId <= u.
    const qint64 joinId = m_market == Market::Spot ? m_snapshotId + 1 : m_snapshotId;
    return event.firstUpdateId <= joinId && joinId <= event.finalUpdateId;
}

bool BookSync::continuesChain(const DepthUpdate &event) const
{
    // Spot ids are contiguous per symbol: an event may overlap the book (U <= id) but must not
    // start past id + 1. USD-M ids are shared across symbols, so only `pu` links events.
    if (m_market == Market::Spot)
        return event.firstUpdateId <= m_lastUpdateId + 1;
    return event.previousFinalUpdateId == m_lastUpdateId;
}

BookSync::Result BookSync::handleLive(const DepthUpdate &event)
{
    if (event.finalUpdateId <= m_lastUpdateId)
        return ignoreAlreadyHeld(event);
    m_ignoredInARow = 0;

    if (!continuesChain(event)) {
        ++m_counters.gaps;
        m_lastProblem = "gap after update id " + std::to_string(m_lastUpdateId) +
                        ": event U=" + std::to_string(event.firstUpdateId) +
                        " u=" + std::to_string(event.finalUpdateId);
        if (m_market == Market::UsdM)
            m_lastProblem += " pu=" + std::to_string(event.previousFinalUpdateId);
        qCWarning(lcBook, "%s: %s; resyncing from a fresh snapshot", m_symbol.c_str(),
                  m_lastProblem.c_str());
        return startOver(&event);
    }

    applyToBook(event);
    if (m_book.isCrossed())
        return reportCrossed();
    return Result::Applied;
}

BookSync::Result BookSync::ignoreAlreadyHeld(const DepthUpdate &event)
{
    const size_t limit =
            m_phase == Phase::Live ? m_options.maxIgnoredWhileLive : m_options.maxIgnoredInARow;
    if (++m_ignoredInARow < limit)
        return Result::Ignored;

    // The stream keeps sending what the book claims to hold already: the book's id (or the
    // snapshot's) is ahead of the exchange, so neither can be trusted.
    ++m_counters.inconsistencies;
    m_lastProblem = std::to_string(m_ignoredInARow) +
                    " events in a row end at or before update id " +
                    std::to_string(m_phase == Phase::Live ? m_lastUpdateId : m_snapshotId) +
                    ", the last u=" + std::to_string(event.finalUpdateId) +
                    ": the book is ahead of the stream";
    qCWarning(lcBook, "%s: %s; resyncing from a fresh snapshot", m_symbol.c_str(),
              m_lastProblem.c_str());
    if (m_phase == Phase::AwaitingBridge)
        ++m_counters.snapshotRetries;
    return startOver(&event);
}

BookSync::Result BookSync::reportCrossed()
{
    // An exchange book is never crossed; ours is only when its data is wrong.
    ++m_counters.inconsistencies;
    m_lastProblem = "book crossed at update id " + std::to_string(m_lastUpdateId) + ": best bid " +
                    m_book.bestBid().price.toString() + " >= best ask " +
                    m_book.bestAsk().price.toString();
    qCWarning(lcBook, "%s: %s; resyncing from a fresh snapshot", m_symbol.c_str(),
              m_lastProblem.c_str());
    return startOver(nullptr);
}

BookSync::Result BookSync::buffer(const DepthUpdate &event)
{
    const size_t levels = event.bids.size() + event.asks.size();
    if (m_buffer.size() >= m_options.maxBufferedEvents ||
        m_bufferedLevels + levels > m_options.maxBufferedLevels) {
        ++m_counters.bufferOverflows;
        m_lastProblem = "buffer of " + std::to_string(m_buffer.size()) + " events and " +
                        std::to_string(m_bufferedLevels) +
                        " levels overflowed before a usable snapshot arrived";
        qCWarning(lcBook, "%s: %s; starting the sync over", m_symbol.c_str(),
                  m_lastProblem.c_str());
        return startOver(&event);
    }

    keep(event);
    if (m_snapshotRequested)
        return Result::Buffered;
    m_snapshotRequested = true;
    return Result::NeedSnapshot;
}

BookSync::Result BookSync::joinWith(const DepthUpdate &event)
{
    if (bridgesSnapshot(event)) {
        m_phase = Phase::Live;
        applyToBook(event);
        if (m_book.isCrossed())
            return reportCrossed();
        markSynced();
        return Result::Applied;
    }

    ++m_counters.snapshotRetries;
    m_lastProblem = "snapshot " + std::to_string(m_snapshotId) +
                    " is older than event U=" + std::to_string(event.firstUpdateId);
    qCInfo(lcBook, "%s: %s, fetching another", m_symbol.c_str(), m_lastProblem.c_str());
    m_book.clear();
    m_phase = Phase::Buffering;
    keep(event);
    m_snapshotRequested = true;
    return Result::NeedSnapshot;
}

BookSync::Result BookSync::startOver(const DepthUpdate *kept)
{
    if (m_state == SyncState::Synced) {
        ++m_counters.resyncs;
        m_state = SyncState::Resyncing;
    }
    m_ignoredInARow = 0;
    m_book.clear();
    m_buffer.clear();
    m_bufferedLevels = 0;
    m_phase = Phase::Buffering;

    // The event that revealed the problem was not applied, but it is a valid start for the
    // next sync, exactly like the first event after subscribing.
    if (kept)
        keep(*kept);
    m_snapshotRequested = true;
    return Result::NeedSnapshot;
}

void BookSync::keep(const DepthUpdate &event)
{
    m_buffer.push_back(event);
    m_bufferedLevels += event.bids.size() + event.asks.size();
}

void BookSync::countBufferedLevels()
{
    m_bufferedLevels = 0;
    for (const DepthUpdate &event : m_buffer)
        m_bufferedLevels += event.bids.size() + event.asks.size();
}

void BookSync::applyToBook(const DepthUpdate &event)
{
    m_book.apply(event.bids, event.asks);
    m_lastUpdateId = event.finalUpdateId;
    if (m_appliedHook && m_phase == Phase::Live)
        m_appliedHook();
}

void BookSync::markSynced()
{
    m_state = SyncState::Synced;
    ++m_counters.syncs;
    qCInfo(lcBook, "%s %s synced at update id %lld", qPrintable(marketName(m_market)),
           m_symbol.c_str(), static_cast<long long>(m_lastUpdateId));
}

} // namespace md
