#ifndef MD_ENGINE_BOOKSYNC_H
#define MD_ENGINE_BOOKSYNC_H

#include "market.h"
#include "messages.h"
#include "orderbook.h"

#include <deque>
#include <functional>
#include <string>

namespace md {

enum class SyncState : quint8 {
    Syncing,   // never synced yet: buffering events, waiting for a snapshot or the bridge
    Synced,    // the book is the exchange's book as of lastUpdateId()
    Resyncing, // was synced, lost it (gap, overflow, reconnect) and is rebuilding
};

QString syncStateName(SyncState state);

struct SyncCounters
{
    quint64 depthEvents = 0;     // every depth event handed to the book
    quint64 syncs = 0;           // times the book joined the stream
    quint64 gaps = 0;            // events that revealed missed updates
    quint64 resyncs = 0;         // times a synced book was dropped and rebuilt
    quint64 snapshotRetries = 0; // snapshots too old to join the stream, fetched again
    quint64 bufferOverflows = 0; // buffer limit reached before the book could sync
    quint64 rejected = 0;        // malformed messages attributed to this symbol
    quint64 inconsistencies = 0; // crossed books, and streams stuck behind the book's id
};

// Keeps one symbol's OrderBook equal to the exchange's, following Binance's documented
// procedure for "managing a local order book". Plain C++ with no I/O: the owner feeds it depth
// events and REST snapshots and fetches a snapshot whenever a call answers NeedSnapshot. It lives
// on the owner's thread.
class BookSync
{
public:
    struct Options
    {
        // Events held while waiting for a snapshot. Depth streams send at most a few hundred a
        // minute per symbol, so this covers minutes of a slow snapshot.
        size_t maxBufferedEvents = 10'000;
        // Price levels held in those events: a few hundred thousand in minutes of a busy book.
        // Events of thousands of levels each would otherwise fill gigabytes before the count of
        // events stops them.
        size_t maxBufferedLevels = 1'000'000;
        // Stale events in a row, after a snapshot and before the event that joins it, before the
        // snapshot is declared ahead of the stream: real streams sent up to 12.
        size_t maxIgnoredInARow = 200;
        // Events in a row that the joined book already holds before it is declared out of step
        // with the stream. A joined stream sends no event twice, while one absurd id would make
        // the book ignore everything after it and still look synced.
        size_t maxIgnoredWhileLive = 10;
    };

    enum class Result : quint8 {
        Buffered,     // kept until the book can be synced
        Applied,      // the book changed and is synced
        Ignored,      // already in the book (duplicate, overlap) or older than the snapshot
        NeedSnapshot, // the owner must fetch a fresh snapshot (first event, stale snapshot,
                      // gap or overflow); the reason is in the counters and lastProblem()
    };

    BookSync(Market market, std::string symbol);
    BookSync(Market market, std::string symbol, Options options);

    Result applyDepth(const DepthUpdate &event);
    Result applySnapshot(const DepthSnapshot &snapshot);

    // Called after each event is applied while the book is joined to the stream, including
    // each buffered event replayed when a snapshot arrives, so an observer sees every update id.
    void setAppliedHook(std::function<void()> hook) { m_appliedHook = std::move(hook); }

    // Drops the book and starts over, for example after the connection was lost: update ids
    // keep running while we are away, so nothing of the old book may survive.
    void restart();

    Market market() const { return m_market; }
    const std::string &symbol() const { return m_symbol; }
    SyncState state() const { return m_state; }
    bool isSynced() const { return m_state == SyncState::Synced; }
    // True from the moment the bridging event is applied: each further event keeps the book
    // equal to the exchange's at that update id (isSynced() follows once the buffer is replayed).
    bool isJoined() const { return m_phase == Phase::Live; }
    const OrderBook &book() const { return m_book; }
    qint64 lastUpdateId() const { return m_lastUpdateId; }
    qint64 lastEventTime() const { return m_lastEventTime; }
    const SyncCounters &counters() const { return m_counters; }
    SyncCounters &counters() { return m_counters; }
    const std::string &lastProblem() const { return m_lastProblem; }
    bool isWaitingForSnapshot() const { return m_phase == Phase::Buffering; }
    size_t bufferedEvents() const { return m_buffer.size(); }

private:
    enum class Phase : quint8 {
        Buffering,      // no snapshot loaded: keep events
        AwaitingBridge, // snapshot loaded: drop stale events until the one that joins it
        Live,           // joined: every event must continue the chain
    };

    bool isStale(const DepthUpdate &event) const;
    bool bridgesSnapshot(const DepthUpdate &event) const;
    bool continuesChain(const DepthUpdate &event) const;
    Result handleLive(const DepthUpdate &event);
    Result buffer(const DepthUpdate &event);
    void keep(const DepthUpdate &event);
    void countBufferedLevels();
    Result joinWith(const DepthUpdate &event);
    Result startOver(const DepthUpdate *kept);
    Result ignoreAlreadyHeld(const DepthUpdate &event);
    Result reportCrossed();
    void applyToBook(const DepthUpdate &event);
    void markSynced();

    Market m_market;
    std::string m_symbol;
    Options m_options;
    SyncState m_state = SyncState::Syncing;
    Phase m_phase = Phase::Buffering;
    OrderBook m_book;
    std::deque<DepthUpdate> m_buffer;
    size_t m_bufferedLevels = 0; // bids and asks of the events in m_buffer
    qint64 m_snapshotId = 0;
    qint64 m_lastUpdateId = 0;
    qint64 m_lastEventTime = 0;
    size_t m_ignoredInARow = 0;
    bool m_snapshotRequested = false;
    SyncCounters m_counters;
    std::string m_lastProblem;
    std::function<void()> m_appliedHook;
};

} // namespace md

#endif // MD_ENGINE_BOOKSYNC_H
