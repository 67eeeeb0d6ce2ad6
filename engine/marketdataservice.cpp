#include "marketdataservice.h"

#include "bookexportroute.h"
#include "bookpublisher.h"
#include "feedconnection.h"
#include "feedrecorder.h"
#include "logging.h"
#include "marketdataengine.h"
#include "periodicbookexporter.h"
#include "processmonitor.h"
#include "prometheustext.h"
#include "redispublisher.h"
#include "servicediagnostic.h"
#include "snapshotfetcher.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace md {

namespace {

// Redis is retried at least this often, so consumers see fresh keys within about a second of
// it coming back.
constexpr auto RedisRetryMax = std::chrono::milliseconds(500);
// How long a stop waits for Redis to acknowledge the last publish: short enough that, with the
// teardown after it, the process is gone within a second even when Redis answers nothing.
constexpr auto ShutdownFlushLimit = std::chrono::milliseconds(800);

QString redisStateName(RedisPublisher::State state)
{
    switch (state) {
    case RedisPublisher::State::Disconnected:
        return QStringLiteral("disconnected");
    case RedisPublisher::State::Connecting:
        return QStringLiteral("connecting");
    case RedisPublisher::State::Connected:
        return QStringLiteral("connected");
    }
    return QString();
}

// Progress of the REST snapshot queue, which a start with many symbols spreads over time.
QJsonObject snapshotQueue(const SnapshotFetcher &fetcher)
{
    return QJsonObject{
            {QStringLiteral("queued"), qint64(fetcher.queueLength())},
            {QStringLiteral("in_flight"), qint64(fetcher.inFlight())},
            {QStringLiteral("used_weight"), fetcher.usedWeight()},
            {QStringLiteral("weight_budget"), fetcher.weightBudget()},
            {QStringLiteral("next_request_ms"), qint64(fetcher.nextRequestIn().count())}};
}

// The settings, other than the symbols, that differ: they need a restart to take effect.
QStringList settingsNeedingRestart(const Config &running, const Config &next)
{
    QStringList changed;
    const auto note = [&](bool differs, const char *key) {
        if (differs)
            changed << QLatin1String(key);
    };
    note(running.market != next.market, "market");
    note(running.tradeStream != next.tradeStream, "trade_stream");
    note(running.depthLimit != next.depthLimit, "depth_limit");
    note(running.wsUrl != next.wsUrl, "ws_url");
    note(running.restUrl != next.restUrl, "rest_url");
    note(running.audit != next.audit, "audit");
    note(running.feed != next.feed, "feed");
    note(running.rest != next.rest, "rest");
    note(running.redis != next.redis, "redis");
    note(running.health != next.health, "health");
    note(running.process != next.process, "process");
    note(running.log != next.log, "log");
    note(running.record != next.record, "record");
    note(running.snapshots != next.snapshots, "snapshots");

    // A setting added to Config later and not named above still counts.
    Config others = next;
    others.symbols = running.symbols;
    if (changed.isEmpty() && !(others == running))
        changed << QStringLiteral("other settings");
    return changed;
}

} // namespace

MarketDataService::MarketDataService(const Config &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
{
    m_engine = new MarketDataEngine(m_config, this);
    if (!m_config.record.path.isEmpty()) {
        FeedRecorder::Options record;
        record.path = m_config.record.path;
        record.maxFileBytes = qint64(m_config.record.maxFileMb * 1024 * 1024);
        record.rotateInterval = std::chrono::minutes(m_config.record.rotateMinutes);
        record.flushInterval = m_config.record.flushInterval;
        m_recorder = new FeedRecorder(record, this);
        m_engine->setRecorder(m_recorder);
    }

    RedisPublisher::Config redis;
    redis.url = m_config.redis.url;
    redis.keyPrefix = m_config.redis.keyPrefix.toUtf8();
    redis.passwordEnvironment = m_config.redis.passwordEnv;
    redis.passwordFile = m_config.redis.passwordFile;
    redis.maxReconnectDelay = RedisRetryMax;
    m_redis = new RedisPublisher(redis, this);
    m_publisher = new BookPublisher(*m_engine, *m_redis, m_config.redis.publishInterval,
                                    size_t(m_config.redis.depth), this);

    HealthServer::Limits limits;
    limits.maxConnections = m_config.health.maxConnections;
    limits.maxRequestBytes = m_config.health.maxRequestBytes;
    limits.requestTimeout = m_config.health.requestTimeout;
    m_health = new HealthServer(limits, this);
    m_health->addRoute(QStringLiteral("/health"),
                       [this](const HttpRequestInfo &) { return healthReply(); });
    m_health->addRoute(QStringLiteral("/metrics"),
                       [this](const HttpRequestInfo &) { return metricsReply(); });
    m_health->addRoute(QStringLiteral("/snapshot/"), [this](const HttpRequestInfo &request) {
        return bookExportReply(*m_engine, request);
    });

    m_exporter = new PeriodicBookExporter(*m_engine, m_config.snapshots, this);

    ProcessMonitor::Options process;
    process.sampleInterval = m_config.process.sampleInterval;
    process.cpuLimitPercent = m_config.process.cpuLimitPercent;
    process.cpuLimitDuration = std::chrono::duration_cast<std::chrono::milliseconds>(
            m_config.process.cpuLimitDuration);
    m_process = new ProcessMonitor(process, this);
    connect(m_process, &ProcessMonitor::cpuLimitExceeded, this, [this](const QString &diagnostic) {
        qCCritical(lcProcess,
                   "CPU above %.0f%% for %llds; exiting so the supervisor restarts "
                   "us.\n%s\n%s",
                   m_config.process.cpuLimitPercent,
                   static_cast<long long>(m_config.process.cpuLimitDuration.count()),
                   qPrintable(diagnostic), qPrintable(serviceDiagnostic(*m_engine, *m_redis)));
        Q_EMIT fatalError(QStringLiteral("CPU limit exceeded"), ExitCpuLimit);
    });
    connect(m_engine, &MarketDataEngine::symbolFailed, this,
            &MarketDataService::handleSymbolFailed);

    connect(&m_summaryTimer, &QTimer::timeout, this, &MarketDataService::logSummary);
}

MarketDataService::~MarketDataService() = default;

int MarketDataService::start(QString *error)
{
    // Asked for and impossible is a configuration error, found before anything connects.
    if (m_recorder && !m_recorder->start()) {
        *error = QStringLiteral("record.path: %1").arg(m_recorder->errorString());
        return ExitConfigError;
    }

    if (!m_health->listen(m_config.health.host, m_config.health.port)) {
        if (m_config.health.required) {
            *error = m_health->errorString();
            return ExitHealthPortTaken;
        }
        qCWarning(lcHealth, "%s; running on without health because health.required is false",
                  qPrintable(m_health->errorString()));
    } else {
        qCInfo(lcHealth, "health and metrics on http://%s:%u/health",
               qPrintable(m_config.health.host), unsigned(m_health->serverPort()));
    }

    if (!m_redis->start()) {
        *error = m_redis->errorString();
        return ExitConfigError;
    }
    m_process->start();
    m_engine->start();
    m_publisher->start();
    m_exporter->start();
    if (m_config.log.summaryInterval.count() > 0)
        m_summaryTimer.start(m_config.log.summaryInterval);
    return ExitOk;
}

void MarketDataService::stop()
{
    m_summaryTimer.stop();
    m_exporter->stop();
    m_engine->stop();
    if (m_recorder)
        m_recorder->stop();
    m_publisher->stop();
    m_publisher->publishNow();
    m_health->close();

    // The last documents are on their way; wait for Redis to take them, but not for long.
    auto *done = new QObject(this);
    const auto finish = [this, done] {
        done->deleteLater();
        Q_EMIT stopped();
    };
    connect(m_redis, &RedisPublisher::stateChanged, done, [finish](RedisPublisher::State state) {
        if (state == RedisPublisher::State::Disconnected)
            finish();
    });
    QTimer::singleShot(ShutdownFlushLimit, done, [finish] {
        qCWarning(lcRedis,
                  "stopping without Redis's acknowledgement of the last publish after "
                  "%lld ms; consumers may read the books as they were before it",
                  static_cast<long long>(ShutdownFlushLimit.count()));
        finish();
    });
    m_redis->stop();
    if (m_redis->state() == RedisPublisher::State::Disconnected)
        QTimer::singleShot(0, done, finish);
}

void MarketDataService::reload(const Config &next)
{
    if (const QStringList changed = settingsNeedingRestart(m_config, next); !changed.isEmpty()) {
        qCWarning(lcConfig,
                  "reload: %s changed, which needs a restart; running on with the "
                  "values the service started with",
                  qPrintable(changed.join(QStringLiteral(", "))));
    }

    const MarketDataEngine::SymbolChanges changes = m_engine->setSymbols(next.symbols);
    m_config.symbols = next.symbols;
    for (const QString &symbol : changes.added)
        m_addedByReload.insert(symbol);
    for (const QString &symbol : changes.removed)
        m_addedByReload.remove(symbol);
    if (changes.added.isEmpty() && changes.removed.isEmpty()) {
        qCInfo(lcConfig, "reload: symbols unchanged (%s)",
               qPrintable(next.symbols.join(QLatin1Char(','))));
        return;
    }
    qCInfo(lcConfig, "reload: now following %lld symbols; added: %s; removed: %s",
           static_cast<long long>(next.symbols.size()),
           qPrintable(changes.added.isEmpty() ? QStringLiteral("none")
                                              : changes.added.join(QLatin1Char(','))),
           qPrintable(changes.removed.isEmpty() ? QStringLiteral("none")
                                                : changes.removed.join(QLatin1Char(','))));
}

void MarketDataService::handleSymbolFailed(const QString &symbol, const QString &reason)
{
    if (!m_addedByReload.contains(symbol)) {
        Q_EMIT fatalError(QStringLiteral("%1 cannot be followed: %2; check `symbols` in the "
                                         "config or --symbols")
                                  .arg(symbol, reason),
                          ExitUnknownSymbol);
        return;
    }

    // A typo in a reloaded list must not end a service whose other books are fine. Removed
    // from the event loop, not from inside the snapshot fetcher's signal.
    qCCritical(lcConfig, "%s, added by a reload, cannot be followed: %s; no longer following it",
               qPrintable(symbol), qPrintable(reason));
    QTimer::singleShot(0, this, [this, symbol] {
        QStringList symbols = m_config.symbols;
        symbols.removeAll(symbol);
        m_engine->setSymbols(symbols);
        m_config.symbols = symbols;
        m_addedByReload.remove(symbol);
        if (symbols.isEmpty())
            qCCritical(lcConfig, "no symbols left to follow; fix the config and send SIGHUP");
    });
}

void MarketDataService::logSummary()
{
    const auto &counters = m_engine->counters();
    quint64 gaps = 0, resyncs = 0;
    for (const auto &symbol : m_engine->symbols()) {
        gaps += symbol->tracker.sync().counters().gaps;
        resyncs += symbol->tracker.sync().counters().resyncs;
    }
    const double seconds = double(m_config.log.summaryInterval.count());
    const quint64 publishes = m_redis->counters().publishes;
    qCInfo(lcBook,
           "summary: %.0f msg/s, %d/%lld books synced, %llu gaps, %llu resyncs, "
           "%.0f Redis commands/s, Redis %s, CPU %.1f%%, RSS %.1f MB",
           double(counters.messages - m_summaryMessages) / seconds, m_engine->syncedCount(),
           static_cast<long long>(m_engine->symbols().size()),
           static_cast<unsigned long long>(gaps), static_cast<unsigned long long>(resyncs),
           double(publishes - m_summaryPublishes) / seconds,
           qPrintable(redisStateName(m_redis->state())), m_process->cpuPercent(),
           double(m_process->rssBytes()) / 1e6);
    m_summaryMessages = counters.messages;
    m_summaryPublishes = publishes;
}

HttpReply MarketDataService::healthReply() const
{
    const qint64 now = m_engine->nowMs();
    const qint64 staleMs = qint64(m_config.health.staleAfter.count()) * 1000;
    bool healthy = true;

    QJsonArray feeds;
    for (const FeedConnection *feed : m_engine->feeds()) {
        const bool up = feed->state() == FeedConnection::State::Connected;
        healthy = healthy && up;
        feeds.append(
                QJsonObject{{QStringLiteral("name"), feed->name()},
                            {QStringLiteral("connected"), up},
                            {QStringLiteral("reconnects"), qint64(feed->counters().reconnects)}});
    }

    QJsonObject symbols;
    for (const auto &symbol : m_engine->symbols()) {
        const BookSync &sync = symbol->tracker.sync();
        const qint64 age = symbol->lastReceiveMs < 0 ? -1 : now - symbol->lastReceiveMs;
        const bool fresh = age >= 0 && age <= staleMs;
        healthy = healthy && sync.isSynced() && fresh;
        symbols.insert(symbol->name,
                       QJsonObject{{QStringLiteral("state"), syncStateName(sync.state())},
                                   {QStringLiteral("update_id"), sync.lastUpdateId()},
                                   {QStringLiteral("last_event_age_ms"), age},
                                   {QStringLiteral("gaps"), qint64(sync.counters().gaps)},
                                   {QStringLiteral("resyncs"), qint64(sync.counters().resyncs)}});
    }

    const bool redisUp = m_redis->state() == RedisPublisher::State::Connected;
    healthy = healthy && redisUp;
    const QJsonObject body{
            {QStringLiteral("status"),
             healthy ? QStringLiteral("ok") : QStringLiteral("unhealthy")},
            {QStringLiteral("market"), marketName(m_config.market)},
            {QStringLiteral("feeds"), feeds},
            {QStringLiteral("books"),
             QJsonObject{{QStringLiteral("synced"), m_engine->syncedCount()},
                         {QStringLiteral("total"), qint64(m_engine->symbols().size())}}},
            {QStringLiteral("symbols"), symbols},
            {QStringLiteral("snapshots"), snapshotQueue(*m_engine->snapshotFetcher())},
            {QStringLiteral("redis"),
             QJsonObject{{QStringLiteral("state"), redisStateName(m_redis->state())},
                         {QStringLiteral("endpoint"), m_redis->endpoint()},
                         {QStringLiteral("pending_keys"), qint64(m_redis->pendingKeys())}}}};

    HttpReply reply;
    reply.status = healthy ? 200 : 503;
    reply.contentType = QByteArrayLiteral("application/json");
    reply.body = QJsonDocument(body).toJson(QJsonDocument::Compact) + '\n';
    return reply;
}

HttpReply MarketDataService::metricsReply() const
{
    using Type = PrometheusText::Type;
    PrometheusText out;
    const auto &engine = m_engine->counters();
    out.counter("md_messages_total", "WebSocket messages received", engine.messages);
    out.counter("md_rejected_messages_total", "Malformed messages rejected", engine.rejected);
    out.counter("md_ignored_messages_total", "Messages of kinds not used", engine.ignored);
    out.counter("md_unknown_symbol_messages_total", "Messages for symbols not followed",
                engine.unknownSymbol);

    const auto perSymbol = [&](QByteArrayView name, Type type, QByteArrayView help,
                               const auto &value) {
        out.family(name, type, help);
        for (const auto &symbol : m_engine->symbols())
            out.sample(name, value(*symbol), {{"symbol", symbol->nameUtf8}});
    };
    perSymbol("md_depth_events_total", Type::Counter, "Depth events per symbol",
              [](const FollowedSymbol &s) { return s.tracker.sync().counters().depthEvents; });
    perSymbol("md_gaps_total", Type::Counter, "Sequence gaps detected",
              [](const FollowedSymbol &s) { return s.tracker.sync().counters().gaps; });
    perSymbol("md_resyncs_total", Type::Counter, "Books rebuilt from a fresh snapshot",
              [](const FollowedSymbol &s) { return s.tracker.sync().counters().resyncs; });
    perSymbol("md_snapshot_retries_total", Type::Counter, "Snapshots too old, fetched again",
              [](const FollowedSymbol &s) { return s.tracker.sync().counters().snapshotRetries; });
    perSymbol("md_book_inconsistencies_total", Type::Counter,
              "Crossed books and streams stuck behind the book, each followed by a resync",
              [](const FollowedSymbol &s) { return s.tracker.sync().counters().inconsistencies; });
    perSymbol("md_audit_checks_total", Type::Counter, "Top of book compared with bookTicker",
              [](const FollowedSymbol &s) { return s.tracker.audit().counters().checks; });
    perSymbol("md_audit_mismatches_total", Type::Counter, "Top of book differing from bookTicker",
              [](const FollowedSymbol &s) { return s.tracker.audit().counters().mismatches; });
    perSymbol("md_trades_total", Type::Counter, "Trades received",
              [](const FollowedSymbol &s) { return s.tracker.trades(); });
    perSymbol("md_book_synced", Type::Gauge, "1 while the book is synced",
              [](const FollowedSymbol &s) { return int(s.tracker.sync().isSynced()); });
    perSymbol("md_event_lag_milliseconds", Type::Gauge,
              "Local time minus exchange event time of the last depth event",
              [](const FollowedSymbol &s) { return s.lastEventLagMs; });

    out.family("md_reconnects_total", Type::Counter, "WebSocket reconnects per connection");
    for (const FeedConnection *feed : m_engine->feeds())
        out.sample("md_reconnects_total", feed->counters().reconnects,
                   {{"feed", feed->name().toUtf8()}});
    out.gauge("md_books_synced", "Books synced", m_engine->syncedCount());
    out.gauge("md_books_total", "Books followed", qint64(m_engine->symbols().size()));
    out.counter("md_snapshot_failures_total", "Snapshots refused by the exchange",
                engine.snapshotFailures);
    const auto &fetcher = m_engine->snapshotFetcher()->counters();
    out.counter("md_snapshot_requests_total", "REST depth snapshot requests", fetcher.requests);
    out.counter("md_snapshot_rate_limited_total", "Snapshot requests answered 429 or 418",
                fetcher.rateLimited);

    const auto &redis = m_redis->counters();
    out.counter("md_redis_publishes_total", "Redis commands acknowledged", redis.publishes);
    out.counter("md_redis_failures_total", "Redis connect failures, errors and lost commands",
                redis.failures);
    out.counter("md_redis_reconnects_total", "Redis reconnects", redis.reconnects);
    out.gauge("md_redis_connected", "1 while connected to Redis",
              int(m_redis->state() == RedisPublisher::State::Connected));

    out.gauge("md_process_cpu_percent", "CPU of this process, percent of one core",
              m_process->cpuPercent());
    out.gauge("md_process_resident_bytes", "Resident memory", m_process->rssBytes());
    out.gauge("md_process_threads", "Threads", m_process->threadCount());
    m_health->writeMetrics(out);
    writeRecordingMetrics(out);
    m_exporter->writeMetrics(out);

    HttpReply reply;
    reply.contentType = PrometheusText::contentType.toByteArray();
    reply.body = out.take();
    return reply;
}

void MarketDataService::writeRecordingMetrics(PrometheusText &out) const
{
    if (!m_recorder)
        return;
    const FeedRecorder::Counters &recorded = m_recorder->counters();
    out.counter("md_recorded_messages_total", "Messages written to the recording and flushed",
                recorded.messages);
    out.counter("md_recorded_bytes_total", "Payload bytes written to the recording",
                recorded.bytes);
    out.counter("md_recording_file_bytes_total", "Compressed bytes written to recording files",
                recorded.fileBytes);
    out.counter("md_recording_files_total", "Recording files opened", recorded.files);
    out.counter("md_recording_failures_total",
                "Recording files that could not be created or written, and messages refused",
                recorded.failures);
    out.counter("md_recording_dropped_messages_total",
                "Messages not recorded while no recording file could be written", recorded.dropped);
    out.gauge("md_recording_active", "1 while messages are being recorded",
              int(m_recorder->isRecording()));
}

} // namespace md
