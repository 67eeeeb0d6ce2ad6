#include "marketdataengine.h"

#include "feedconnection.h"
#include "feedrecorder.h"
#include "logging.h"
#include "snapshotfetcher.h"

#include <QTimer>

#include <algorithm>
#include <ctime>

namespace md {

namespace {

// The clocks read on every depth event. The coarse ones cost a few nanoseconds where the precise
// ones cost about 20 (their two reads were 3% of the service's hot path), and their resolution,
// the kernel's tick of 1 to 4 ms, is finer than what is read from them: the age of a book's last
// event, in seconds, and the lag behind Binance's event times, which are whole milliseconds.
qint64 coarseMs(clockid_t clock)
{
    timespec time{};
    clock_gettime(clock, &time);
    return qint64(time.tv_sec) * 1000 + time.tv_nsec / 1'000'000;
}

// A symbol whose connection is up but that has sent no depth event after this long is checked
// with a snapshot request: Binance accepts subscriptions to symbols it does not list and then
// stays silent, while its REST API names the problem.
constexpr auto SilentSymbolCheck = std::chrono::seconds(5);

constexpr auto StaleSnapshotRetryMin = std::chrono::milliseconds(250);
constexpr auto StaleSnapshotRetryMax = std::chrono::milliseconds(10'000);
constexpr qint64 RejectLogIntervalMs = 1000;

} // namespace

FollowedSymbol::FollowedSymbol(Market market, const QString &symbolName)
    : name(symbolName)
    , nameUtf8(symbolName.toUtf8())
    , tracker(market, symbolName.toStdString())
{
}

MarketDataEngine::MarketDataEngine(const Config &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_rejectWarning(lcParse(), RejectLogIntervalMs)
{
    for (const QString &name : m_config.symbols) {
        auto symbol = std::make_unique<FollowedSymbol>(m_config.market, name);
        m_bySymbol.insert(symbol->nameUtf8.toStdString(), symbol.get());
        m_symbols.push_back(std::move(symbol));
    }

    SnapshotFetcher::Options fetch;
    fetch.restBase = m_config.restUrl;
    fetch.market = m_config.market;
    fetch.depthLimit = m_config.depthLimit;
    fetch.weightBudgetPerMinute = m_config.rest.weightBudget;
    fetch.weightShare = m_config.rest.weightShare;
    m_fetcher = new SnapshotFetcher(fetch, this);
    connect(m_fetcher, &SnapshotFetcher::snapshotReady, this, &MarketDataEngine::receiveSnapshot);
    connect(m_fetcher, &SnapshotFetcher::snapshotFailed, this,
            [this](const QString &name, const QString &reason) {
                ++m_counters.snapshotFailures;
                FollowedSymbol *symbol = find(name.toStdString());
                if (!symbol || !symbol->failure.isEmpty())
                    return;
                symbol->failure = reason;
                ++symbol->generation;
                qCCritical(lcBook, "%s: the exchange refused its depth snapshot: %s",
                           qPrintable(name), qPrintable(reason));
                Q_EMIT symbolFailed(name, reason);
            });

    std::vector<FollowedSymbol *> all;
    for (const auto &symbol : m_symbols)
        all.push_back(symbol.get());
    placeSymbols(all);
}

MarketDataEngine::~MarketDataEngine() = default;

QStringList MarketDataEngine::streamsOf(const FollowedSymbol &symbol, bool book, bool trades) const
{
    const QString lower = symbol.name.toLower();
    QStringList streams;
    if (book) {
        streams << lower + QStringLiteral("@depth@100ms");
        if (m_config.audit)
            streams << lower + QStringLiteral("@bookTicker");
    }
    if (trades)
        streams << lower + QLatin1Char('@') + m_config.tradeStream;
    return streams;
}

int MarketDataEngine::symbolsPerFeed() const
{
    // Binance allows at most 1024 streams a connection. A symbol's depth and bookTicker stay on
    // one connection so the audit compares messages of one ordered stream.
    const int perSymbol =
            m_config.market == Market::Spot ? (m_config.audit ? 3 : 2) : (m_config.audit ? 2 : 1);
    return std::max(1, m_config.feed.maxStreamsPerConnection / perSymbol);
}

void MarketDataEngine::placeSymbols(const std::vector<FollowedSymbol *> &symbols)
{
    // Fill the connections that have room, in order, then open new ones.
    const bool spot = m_config.market == Market::Spot;
    std::vector<std::pair<size_t, std::vector<FollowedSymbol *>>> placed;
    size_t group = 0;
    for (FollowedSymbol *symbol : symbols) {
        while (group < m_groups.size() && m_groups[group].symbols >= symbolsPerFeed())
            ++group;
        if (group == m_groups.size())
            addFeedGroup();
        FeedGroup &target = m_groups[group];
        ++target.symbols;
        symbol->depthFeed = target.books;
        if (placed.empty() || placed.back().first != group)
            placed.emplace_back(group, std::vector<FollowedSymbol *>());
        placed.back().second.push_back(symbol);
    }

    for (const auto &[index, members] : placed) {
        const FeedGroup &target = m_groups[index];
        QStringList bookStreams, tradeStreams;
        for (const FollowedSymbol *symbol : members) {
            bookStreams << streamsOf(*symbol, true, spot);
            if (!spot)
                tradeStreams << streamsOf(*symbol, false, true);
        }
        const bool wasConnected = target.books->state() == FeedConnection::State::Connected;
        target.books->addStreams(bookStreams);
        if (target.trades)
            target.trades->addStreams(tradeStreams);
        if (!m_started || m_stopped)
            continue;

        // A new connection is opened; a connected one was told by request, and its new
        // symbols get the silence check a fresh connection gets.
        for (FeedConnection *feed : {target.books, target.trades}) {
            if (feed && feed->state() == FeedConnection::State::Stopped)
                feed->start();
        }
        if (wasConnected) {
            FeedConnection *feed = target.books;
            QTimer::singleShot(SilentSymbolCheck, feed, [this, feed] { checkSilentSymbols(feed); });
        }
    }
    updateFeedList();
}

MarketDataEngine::FeedGroup &MarketDataEngine::addFeedGroup()
{
    QUrl bookBase = m_config.wsUrl;
    QUrl tradeBase = m_config.wsUrl;
    if (m_config.market == Market::UsdM) {
        // USD-M routes book data under /public and trades under /market since 2026.
        bookBase.setPath(bookBase.path() + QStringLiteral("/public"));
        tradeBase.setPath(tradeBase.path() + QStringLiteral("/market"));
    }

    const int index = m_nextGroupIndex++;
    const QString market = marketName(m_config.market);
    FeedGroup group;
    group.books = addFeed(bookBase, QStringLiteral("%1-books-%2").arg(market).arg(index));
    if (m_config.market == Market::UsdM)
        group.trades = addFeed(tradeBase, QStringLiteral("%1-trades-%2").arg(market).arg(index));
    m_groups.push_back(group);
    return m_groups.back();
}

void MarketDataEngine::updateFeedList()
{
    m_feeds.clear();
    for (const FeedGroup &group : m_groups) {
        m_feeds.push_back(group.books);
        if (group.trades)
            m_feeds.push_back(group.trades);
    }
}

FeedConnection *MarketDataEngine::addFeed(const QUrl &baseUrl, const QString &name)
{
    FeedConnection::Options options;
    options.baseUrl = baseUrl;
    options.name = name;
    options.reconnectMin = m_config.feed.reconnectMin;
    options.reconnectMax = m_config.feed.reconnectMax;
    options.watchdog = m_config.feed.watchdog;
    options.plannedReconnect =
            std::chrono::duration_cast<std::chrono::minutes>(m_config.feed.plannedReconnect);

    auto *feed = new FeedConnection(options, this);
    feed->setMessageHandler([this](const char *data, size_t size, size_t capacity) {
        receiveMessage(data, size, capacity);
    });
    connect(feed, &FeedConnection::disconnected, this,
            [this, feed](const QString &reason) { handleFeedLost(feed, reason); });
    connect(feed, &FeedConnection::connected, this, [this, feed] {
        QTimer::singleShot(SilentSymbolCheck, feed, [this, feed] { checkSilentSymbols(feed); });
    });
    // A connection opened later, for symbols a reload added, is recorded like the first ones.
    recordFeed(feed);
    return feed;
}

void MarketDataEngine::start()
{
    qCInfo(lcBook, "following %lld %s symbols on %lld connections",
           static_cast<long long>(m_symbols.size()), qPrintable(marketName(m_config.market)),
           static_cast<long long>(m_feeds.size()));
    m_started = true;
    for (FeedConnection *feed : m_feeds)
        feed->start();
}

MarketDataEngine::SymbolChanges MarketDataEngine::setSymbols(const QStringList &names)
{
    SymbolChanges changes;
    for (const auto &symbol : m_symbols) {
        if (!names.contains(symbol->name))
            changes.removed.append(symbol->name);
    }
    for (const QString &name : changes.removed)
        removeSymbol(name);

    std::vector<FollowedSymbol *> added;
    for (const QString &name : names) {
        if (m_bySymbol.contains(name.toStdString()))
            continue;
        auto symbol = std::make_unique<FollowedSymbol>(m_config.market, name);
        m_bySymbol.insert(symbol->nameUtf8.toStdString(), symbol.get());
        added.push_back(symbol.get());
        m_symbols.push_back(std::move(symbol));
        changes.added.append(name);
    }
    placeSymbols(added);
    m_config.symbols = names;
    if (!changes.added.isEmpty() || !changes.removed.isEmpty())
        Q_EMIT symbolsChanged();
    return changes;
}

void MarketDataEngine::removeSymbol(const QString &name)
{
    const auto it = std::find_if(m_symbols.begin(), m_symbols.end(),
                                 [&](const auto &symbol) { return symbol->name == name; });
    if (it == m_symbols.end())
        return;
    FollowedSymbol &symbol = **it;
    const auto group = std::find_if(m_groups.begin(), m_groups.end(), [&](const FeedGroup &g) {
        return g.books == symbol.depthFeed;
    });

    // Messages of its streams still on their way are counted as for a symbol not followed.
    if (group != m_groups.end() && --group->symbols > 0) {
        const bool spot = m_config.market == Market::Spot;
        group->books->removeStreams(streamsOf(symbol, true, spot));
        if (group->trades)
            group->trades->removeStreams(streamsOf(symbol, false, true));
    } else if (group != m_groups.end()) {
        for (FeedConnection *feed : {group->books, group->trades}) {
            if (!feed)
                continue;
            qCInfo(lcFeed, "feed %s: no symbols left; closing it", qPrintable(feed->name()));
            feed->disconnect(this);
            feed->stop();
            feed->deleteLater();
        }
        m_groups.erase(group);
        updateFeedList();
    }

    m_fetcher->cancel(name);
    Q_EMIT symbolRemoved(name);
    m_bySymbol.remove(symbol.nameUtf8.toStdString());
    m_symbols.erase(it);
}

void MarketDataEngine::stop()
{
    // Once the feeds close nothing keeps the books current: none may stay marked synced.
    m_stopped = true;
    for (FeedConnection *feed : m_feeds)
        feed->stop();
    for (const auto &symbol : m_symbols) {
        symbol->tracker.restart();
        ++symbol->generation;
    }
}

void MarketDataEngine::recordFeed(FeedConnection *feed)
{
    if (!m_recorder) {
        feed->setRawObserver({});
        return;
    }
    // The URL is encoded once per connection, not per message.
    feed->setRawObserver([recorder = m_recorder,
                          source = feed->url().toEncoded().toStdString()](std::string_view bytes) {
        recorder->recordWebSocket(source, bytes);
    });
}

void MarketDataEngine::setRecorder(FeedRecorder *recorder)
{
    disconnect(m_fetcher, &SnapshotFetcher::bodyReceived, this, nullptr);
    if (m_recorder)
        disconnect(m_recorder, &FeedRecorder::laterPartOpened, this, nullptr);
    m_recorder = recorder;
    for (FeedConnection *feed : m_feeds)
        recordFeed(feed);

    if (recorder) {
        // Queued: the part opens inside a feed's message callback, which must not send requests.
        connect(recorder, &FeedRecorder::laterPartOpened, this,
                &MarketDataEngine::requestSnapshotsForRecording, Qt::QueuedConnection);
        connect(m_fetcher, &SnapshotFetcher::bodyReceived, this,
                [recorder](const QUrl &url, const QByteArray &body) {
                    const QByteArray source = url.toEncoded();
                    recorder->recordRest(
                            std::string_view(source.constData(), size_t(source.size())),
                            std::string_view(body.constData(), size_t(body.size())));
                });
    }
}

qint64 MarketDataEngine::nowMs() const
{
    return coarseMs(CLOCK_MONOTONIC_COARSE);
}

const FollowedSymbol *MarketDataEngine::symbol(const QString &name) const
{
    return m_bySymbol.find(name.toStdString());
}

int MarketDataEngine::syncedCount() const
{
    return int(std::count_if(m_symbols.begin(), m_symbols.end(),
                             [](const auto &symbol) { return symbol->tracker.sync().isSynced(); }));
}

void MarketDataEngine::receiveMessage(const char *data, size_t size, size_t capacity)
{
    ++m_counters.messages;
    if (!m_parser.parse(data, size, capacity, m_message)) {
        noteRejected();
        return;
    }

    switch (m_message.type) {
    case MessageType::DepthUpdate:
        handleDepth();
        return;
    case MessageType::BookTicker:
        if (FollowedSymbol *symbol = find(m_message.ticker.symbol)) {
            if (const auto mismatch = symbol->tracker.onTicker(m_message.ticker))
                handleMismatch(*symbol, *mismatch);
        } else {
            ++m_counters.unknownSymbol;
        }
        return;
    case MessageType::Trade:
        if (FollowedSymbol *symbol = find(m_message.trade.symbol)) {
            symbol->tracker.onTrade(m_message.trade);
            symbol->recentTrades[symbol->tradeSequence % FollowedSymbol::RecentTradeCount] =
                    m_message.trade;
            ++symbol->tradeSequence;
            ++symbol->generation;
        } else {
            ++m_counters.unknownSymbol;
        }
        return;
    case MessageType::DepthSnapshot:
    case MessageType::ServerShutdown:
    case MessageType::ControlReply:
    case MessageType::Ignored:
        ++m_counters.ignored;
        return;
    }
}

void MarketDataEngine::handleDepth()
{
    FollowedSymbol *symbol = find(m_message.depth.symbol);
    if (!symbol) {
        ++m_counters.unknownSymbol;
        return;
    }

    symbol->lastReceiveMs = nowMs();
    symbol->lastEventLagMs = coarseMs(CLOCK_REALTIME_COARSE) - m_message.depth.eventTime;
    const SyncState before = symbol->tracker.sync().state();
    afterBookChange(*symbol, symbol->tracker.onDepth(m_message.depth), before);
}

void MarketDataEngine::receiveSnapshot(const QString &name, const QByteArray &body)
{
    ++m_counters.snapshots;
    FollowedSymbol *symbol = find(name.toStdString());
    if (!symbol)
        return;

    if (!m_parser.parse(body.constData(), size_t(body.size()), size_t(body.size()), m_message) ||
        m_message.type != MessageType::DepthSnapshot) {
        ++symbol->tracker.sync().counters().rejected;
        qCWarning(lcBook, "%s: unusable depth snapshot (%s); fetching another", qPrintable(name),
                  m_parser.errorString().empty() ? "not a snapshot"
                                                 : m_parser.errorString().c_str());
        retrySnapshotLater(*symbol);
        return;
    }

    const SyncState before = symbol->tracker.sync().state();
    const auto outcome = symbol->tracker.onSnapshot(m_message.snapshot);
    // A snapshot the book could not use (older than the stream, ahead of it, or inconsistent)
    // is asked for again after a pause, whatever happened to the symbol before.
    if (outcome.result == BookSync::Result::NeedSnapshot) {
        retrySnapshotLater(*symbol);
        afterBookChange(*symbol,
                        SymbolTracker::Outcome{BookSync::Result::Buffered, outcome.mismatch},
                        before);
        return;
    }
    afterBookChange(*symbol, outcome, before);
}

void MarketDataEngine::afterBookChange(FollowedSymbol &symbol,
                                       const SymbolTracker::Outcome &outcome, SyncState before)
{
    switch (outcome.result) {
    case BookSync::Result::Applied:
        ++symbol.generation;
        symbol.staleSnapshotRetries = 0;
        break;
    case BookSync::Result::NeedSnapshot:
        requestSnapshot(symbol);
        break;
    case BookSync::Result::Buffered:
    case BookSync::Result::Ignored:
        break;
    }

    if (outcome.mismatch)
        handleMismatch(symbol, *outcome.mismatch);

    const SyncState after = symbol.tracker.sync().state();
    if (after != before) {
        ++symbol.generation;
        Q_EMIT symbolStateChanged(symbol.name, after);
    }
}

void MarketDataEngine::requestSnapshot(FollowedSymbol &symbol)
{
    m_fetcher->request(symbol.name);
}

// A part that starts in mid-stream needs a snapshot of each book to be played alone. The live
// books ignore these snapshots; a book still syncing takes it as the one it waits for, and a
// symbol already queued or in flight is not asked for twice. They wait behind any snapshot a book
// needs to resync, which a part's many requests would otherwise hold up for a second each.
void MarketDataEngine::requestSnapshotsForRecording(const QString &partFileName)
{
    if (m_stopped)
        return;

    int requested = 0;
    for (const auto &symbol : m_symbols) {
        if (!symbol->failure.isEmpty())
            continue;
        m_fetcher->request(symbol->name, SnapshotFetcher::Priority::Background);
        ++requested;
    }
    qCInfo(lcRecording, "%s: asking for a snapshot of %d books, so that it can be played alone",
           qPrintable(partFileName), requested);
}

void MarketDataEngine::retrySnapshotLater(FollowedSymbol &symbol)
{
    // A snapshot older than the buffered events: the exchange's REST view lags its stream for a
    // moment, so ask again after a growing pause rather than at once.
    const auto delay =
            std::min(StaleSnapshotRetryMax,
                     StaleSnapshotRetryMin * (1 << std::min(symbol.staleSnapshotRetries, 8)));
    ++symbol.staleSnapshotRetries;
    const QString name = symbol.name;
    QTimer::singleShot(delay, this, [this, name] {
        if (m_bySymbol.contains(name.toStdString()))
            m_fetcher->request(name);
    });
}

void MarketDataEngine::handleMismatch(FollowedSymbol &symbol,
                                      const TopOfBookAudit::Mismatch &mismatch)
{
    qCWarning(lcAudit, "%s: top of book differs from the exchange's bookTicker %s; resyncing",
              qPrintable(symbol.name), mismatch.description.c_str());
    const SyncState before = symbol.tracker.sync().state();
    symbol.tracker.restart();
    ++symbol.generation;
    if (symbol.tracker.sync().state() != before)
        Q_EMIT symbolStateChanged(symbol.name, symbol.tracker.sync().state());
}

void MarketDataEngine::handleFeedLost(FeedConnection *feed, const QString &reason)
{
    if (m_stopped)
        return;

    // Update ids run on while we are away: every book of this connection starts over from a
    // fresh snapshot, and none is published as synced until then.
    int restarted = 0;
    for (const auto &symbol : m_symbols) {
        if (symbol->depthFeed != feed)
            continue;
        const SyncState before = symbol->tracker.sync().state();
        symbol->tracker.restart();
        m_fetcher->cancel(symbol->name);
        ++symbol->generation;
        ++restarted;
        if (symbol->tracker.sync().state() != before)
            Q_EMIT symbolStateChanged(symbol->name, symbol->tracker.sync().state());
    }
    if (restarted > 0) {
        qCWarning(lcFeed, "%s lost (%s): %d books will resync", qPrintable(feed->name()),
                  qPrintable(reason), restarted);
    }
}

void MarketDataEngine::checkSilentSymbols(FeedConnection *feed)
{
    for (const auto &symbol : m_symbols) {
        if (symbol->depthFeed == feed && symbol->lastReceiveMs < 0 && symbol->failure.isEmpty()) {
            qCWarning(lcBook, "%s: no depth event yet; asking the REST API whether it exists",
                      qPrintable(symbol->name));
            m_fetcher->request(symbol->name);
        }
    }
}

void MarketDataEngine::noteRejected()
{
    ++m_counters.rejected;
    m_rejectWarning.warn(QStringLiteral("rejected a message: %1 (%2 rejected so far)")
                                 .arg(QString::fromStdString(m_parser.errorString()))
                                 .arg(m_counters.rejected));
}

} // namespace md
