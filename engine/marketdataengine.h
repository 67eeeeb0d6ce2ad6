#ifndef MD_ENGINE_MARKETDATAENGINE_H
#define MD_ENGINE_MARKETDATAENGINE_H

#include "config.h"
#include "messageparser.h"
#include "ratelimitedwarning.h"
#include "symbolindex.h"
#include "symboltracker.h"

#include <QObject>

#include <array>
#include <memory>
#include <vector>

namespace md {

class FeedConnection;
class FeedRecorder;
class SnapshotFetcher;

// Everything the engine knows about one followed symbol, for its consumers (Redis, health,
// window) to read on the engine's thread.
struct FollowedSymbol
{
    static constexpr size_t RecentTradeCount = 256;

    explicit FollowedSymbol(Market market, const QString &name);

    QString name;
    QByteArray nameUtf8;
    SymbolTracker tracker;
    FeedConnection *depthFeed = nullptr;

    // Bumped on every change a consumer may want to publish: book, trade, sync state.
    quint64 generation = 0;
    // Trades in a ring; tradeSequence counts every trade ever seen, so a consumer that
    // remembers the last sequence it handled knows what is new and what it missed.
    std::array<Trade, RecentTradeCount> recentTrades;
    quint64 tradeSequence = 0;

    qint64 lastReceiveMs = -1;    // engine clock of the last depth event, -1 before any
    qint64 lastEventLagMs = 0;    // wall clock minus the exchange's event time, at receipt
    int staleSnapshotRetries = 0; // consecutive, for the retry backoff
    QString failure;              // why the symbol cannot be followed at all (unknown symbol)
};

// Connects the feeds, the snapshot fetcher and one SymbolTracker per symbol: Binance messages in,
// synced and audited books out. Lives on one thread (the main thread headless, a worker thread
// under the window) and is driven entirely by that thread's event loop; nothing in it blocks.
class MarketDataEngine : public QObject
{
    Q_OBJECT

public:
    struct Counters
    {
        quint64 messages = 0;      // every WebSocket message handed to the parser
        quint64 rejected = 0;      // malformed messages
        quint64 ignored = 0;       // well-formed messages of kinds we do not use
        quint64 unknownSymbol = 0; // messages for symbols we do not follow
        quint64 snapshots = 0;     // REST snapshots received
        quint64 snapshotFailures = 0;
    };

    explicit MarketDataEngine(const Config &config, QObject *parent = nullptr);
    ~MarketDataEngine() override;

    struct SymbolChanges
    {
        QStringList added;
        QStringList removed;
    };

    void start();
    void stop();
    // Follows exactly these symbols from now on, without touching the others: their books,
    // feeds and counters go on as they were. Added symbols are subscribed on a connection with
    // room (by request, without reconnecting it) or on a new one; removed symbols are
    // unsubscribed, and a connection left without symbols is closed.
    SymbolChanges setSymbols(const QStringList &names);

    // Hands every WebSocket message and REST snapshot body to recorder as it arrives, before it
    // is parsed, and fetches a snapshot of every book into each part after the first. The
    // recorder must outlive the engine or be unset first.
    void setRecorder(FeedRecorder *recorder);

    // What a feed connection hands over for each WebSocket message (data readable, with
    // simdjson's padding, up to capacity), and what the snapshot fetcher hands over for each
    // depth answer. Public so that a recording can be fed straight in, as bench_replay does.
    void receiveMessage(const char *data, size_t size, size_t capacity);
    void receiveSnapshot(const QString &symbol, const QByteArray &body);

    const Config &config() const { return m_config; }
    Market market() const { return m_config.market; }
    const std::vector<std::unique_ptr<FollowedSymbol>> &symbols() const { return m_symbols; }
    const FollowedSymbol *symbol(const QString &name) const;
    const std::vector<FeedConnection *> &feeds() const { return m_feeds; }
    const SnapshotFetcher *snapshotFetcher() const { return m_fetcher; }
    const Counters &counters() const { return m_counters; }
    int syncedCount() const;
    // Milliseconds on the clock that lastReceiveMs uses: a steady one, coarse (see the .cpp).
    qint64 nowMs() const;

Q_SIGNALS:
    void symbolStateChanged(const QString &symbol, md::SyncState state);
    // The exchange refused the symbol (for example "Invalid symbol."): it can never sync.
    void symbolFailed(const QString &symbol, const QString &reason);
    // Emitted before the symbol's FollowedSymbol is destroyed.
    void symbolRemoved(const QString &symbol);
    // setSymbols() changed the list: symbols() holds the new one.
    void symbolsChanged();

private:
    // One connection for books (and spot trades), with the USD-M trade connection of the same
    // symbols, and how many symbols they carry.
    struct FeedGroup
    {
        FeedConnection *books = nullptr;
        FeedConnection *trades = nullptr;
        int symbols = 0;
    };

    QStringList streamsOf(const FollowedSymbol &symbol, bool book, bool trades) const;
    int symbolsPerFeed() const;
    void placeSymbols(const std::vector<FollowedSymbol *> &symbols);
    void removeSymbol(const QString &name);
    FeedGroup &addFeedGroup();
    void updateFeedList();
    FeedConnection *addFeed(const QUrl &baseUrl, const QString &name);
    void recordFeed(FeedConnection *feed);
    void handleDepth();
    void handleFeedLost(FeedConnection *feed, const QString &reason);
    void checkSilentSymbols(FeedConnection *feed);
    void requestSnapshot(FollowedSymbol &symbol);
    void requestSnapshotsForRecording(const QString &partFileName);
    void retrySnapshotLater(FollowedSymbol &symbol);
    void afterBookChange(FollowedSymbol &symbol, const SymbolTracker::Outcome &outcome,
                         SyncState before);
    void handleMismatch(FollowedSymbol &symbol, const TopOfBookAudit::Mismatch &mismatch);
    FollowedSymbol *find(std::string_view name) const { return m_bySymbol.find(name); }
    void noteRejected();

    Config m_config;
    MessageParser m_parser;
    ParsedMessage m_message;
    std::vector<std::unique_ptr<FollowedSymbol>> m_symbols;
    SymbolIndex<FollowedSymbol> m_bySymbol;
    std::vector<FeedGroup> m_groups;
    std::vector<FeedConnection *> m_feeds;
    int m_nextGroupIndex = 1;
    bool m_started = false;
    SnapshotFetcher *m_fetcher = nullptr;
    FeedRecorder *m_recorder = nullptr;
    Counters m_counters;
    RateLimitedWarning m_rejectWarning;
    bool m_stopped = false;
};

} // namespace md

#endif // MD_ENGINE_MARKETDATAENGINE_H
