#ifndef MD_ENGINE_SNAPSHOTFETCHER_H
#define MD_ENGINE_SNAPSHOTFETCHER_H

#include "market.h"
#include "ratelimitedwarning.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <deque>

class QNetworkAccessManager;
class QNetworkReply;

namespace md {

// Fetches REST order-book snapshots (GET /api/v3/depth or /fapi/v1/depth) for the symbols asked
// for, one request per symbol at a time, spaced so that the request weight stays within a share
// of the IP's per-minute budget. It honours Binance's 429/418 Retry-After for every request,
// retries network errors, timeouts and 5xx answers with capped backoff, and gives up on other
// 4xx answers at once. It lives on the thread that created it, as does its network manager.
class SnapshotFetcher : public QObject
{
    Q_OBJECT

public:
    enum class State : quint8 {
        Idle,     // nothing queued or in flight
        Fetching, // requests queued or in flight
        Paused,   // a 429 or 418 asked us to wait; see pausedUntil()
        Invalid,  // the options cannot work; see errorString()
    };
    Q_ENUM(State)

    // Durations are milliseconds so that tests can shrink them; seconds convert.
    struct Options
    {
        // https://api.binance.com for spot, https://fapi.binance.com for USD-M.
        QUrl restBase;
        Market market = Market::Spot;
        // Levels per side: spot 1 to 5000, USD-M 5 to 1000. It sets the request's weight.
        int depthLimit = 1000;
        // The IP's REQUEST_WEIGHT per minute; 0 takes the venue's: 6000 spot, 2400 USD-M.
        int weightBudgetPerMinute = 0;
        // The part of that budget snapshots may use; the rest is left to everything else.
        double weightShare = 0.5;
        std::chrono::milliseconds retryMin{1000};
        std::chrono::milliseconds retryMax{60'000};
        // A request that receives nothing for this long is abandoned and retried.
        std::chrono::milliseconds timeout{10'000};
    };

    struct Counters
    {
        quint64 requests = 0;    // HTTP requests sent
        quint64 retries = 0;     // symbols queued again after a 429/418 or a retryable error
        quint64 rateLimited = 0; // 429 and 418 answers
        quint64 failures = 0;    // other answers and errors that brought no snapshot
    };

    // A book waits on its snapshot to sync; nothing waits on a background one (the snapshots
    // of a fresh recording part), so it never goes ahead of one a book waits on.
    enum class Priority { BookWaiting, Background };

    static constexpr qint64 maxBodySize = 8 * 1024 * 1024;

    // Binance's weight of one depth request, or 0 when the limit is not valid for the venue.
    static int requestWeight(Market market, int depthLimit);

    explicit SnapshotFetcher(Options options, QObject *parent = nullptr);
    ~SnapshotFetcher() override;

    bool isValid() const { return m_state != State::Invalid; }

    // Queues a snapshot of symbol (case-insensitive; sent and reported in upper case). A symbol
    // already queued or in flight is not queued again. With invalid options snapshotFailed()
    // follows from the event loop.
    void request(const QString &symbol, Priority priority = Priority::BookWaiting);
    // Forgets symbol, queued or in flight; no signal follows for it.
    void cancel(const QString &symbol);

    State state() const { return m_state; }
    QString errorString() const { return m_errorString; }
    const Counters &counters() const { return m_counters; }
    qsizetype queueLength() const { return m_queue.size(); }
    qsizetype inFlight() const { return m_inFlight.size(); }
    // The weight of one request and the part of the budget snapshots may use per minute.
    int weight() const { return m_weight; }
    int weightBudget() const { return m_budget; }
    // Weight spent in the last minute: our own requests, raised to what Binance last reported
    // in X-MBX-USED-WEIGHT-1M when that is more (others share the IP), for a minute after.
    int usedWeight() const;
    // Steady clock ms (std::chrono::steady_clock since its epoch) until which a 429 or 418
    // holds every request back; in the past when not paused.
    qint64 pausedUntil() const { return m_pausedUntil; }
    // How long until the next queued request may go, or one requested now if none is queued.
    std::chrono::milliseconds nextRequestIn() const;

Q_SIGNALS:
    // body is the JSON of the depth answer; the owner parses it. bodyReceived() comes first
    // with the request's URL, for recording.
    void snapshotReady(const QString &symbol, const QByteArray &body);
    void bodyReceived(const QUrl &requestUrl, const QByteArray &body);
    // Binance refused the request for good (a 4xx other than 429/418), or the options are invalid.
    void snapshotFailed(const QString &symbol, const QString &reason);
    void stateChanged(md::SnapshotFetcher::State state);

private:
    struct Pending
    {
        QString symbol;
        int attempts = 0;     // failed attempts so far, for the backoff
        qint64 notBefore = 0; // steady ms
        Priority priority = Priority::BookWaiting;
    };

    struct Request
    {
        QNetworkReply *reply = nullptr;
        int attempts = 0;
        bool tooLarge = false;
        Priority priority = Priority::BookWaiting;
    };

    struct Sent
    {
        qint64 time = 0; // steady ms
        int weight = 0;
    };

    void dispatch();
    void send(const Pending &pending, qint64 now);
    void handleFinished(const QString &symbol, QNetworkReply *reply);
    void handleProgress(const QString &symbol, qint64 received, qint64 total);
    void handleRateLimit(const Pending &pending, int status, const QNetworkReply &reply);
    void retryLater(const Pending &failed, const QString &reason);
    void fail(const QString &symbol, const QString &reason);
    void readServerWeight(const QNetworkReply &reply, qint64 now);
    qint64 earliestSend(qint64 now, qint64 notBefore) const;
    int ownWeightAt(qint64 time) const;
    int foreignWeightAt(qint64 time) const;
    void pruneSent(qint64 now);
    void updateState();
    void logProgress(qint64 now);
    void warnRateLimited(const QString &message);

    Options m_options;
    QUrl m_depthUrl;
    int m_weight = 0;
    int m_budget = 0;
    qint64 m_spacingMs = 0;
    QNetworkAccessManager *const m_network;

    QList<Pending> m_queue;
    QHash<QString, Request> m_inFlight;
    std::deque<Sent> m_sent; // our requests of the last minute, oldest first
    qint64 m_lastSentAt = 0;
    bool m_anySent = false;
    qint64 m_pausedUntil = 0;
    // What X-MBX-USED-WEIGHT-1M reported beyond our own requests, and when.
    int m_serverExcess = 0;
    qint64 m_serverReportAt = 0;
    bool m_hasServerReport = false;
    QTimer m_sendTimer;

    State m_state = State::Idle;
    QString m_errorString;
    Counters m_counters;
    QElapsedTimer m_lastProgressLog;
    RateLimitedWarning m_warning;
};

} // namespace md

#endif // MD_ENGINE_SNAPSHOTFETCHER_H
