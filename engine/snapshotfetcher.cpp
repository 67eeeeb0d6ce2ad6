#include "snapshotfetcher.h"

#include "logging.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <cmath>
#include <vector>

namespace md {

namespace {

using std::chrono::milliseconds;

// Binance counts REQUEST_WEIGHT per minute.
constexpr qint64 kWindowMs = 60'000;
constexpr qint64 kProgressLogIntervalMs = 5'000;
constexpr qint64 kWarningIntervalMs = 10'000;
constexpr int kMaxBackoffDoublings = 20;
// Used when a 429 or 418 comes without a usable Retry-After: a minute for 429, and for 418
// the shortest ban Binance hands out, two minutes.
constexpr qint64 kDefault429PauseMs = 60'000;
constexpr qint64 kDefault418PauseMs = 120'000;
// Binance's longest ban is three days; a larger Retry-After is not believed (and would overflow
// a timer).
constexpr qint64 kMaxRetryAfterSeconds = 3 * 24 * 3600;
// The whole answer may take this many transfer timeouts.
constexpr int WholeAnswerTimeouts = 3;
constexpr qsizetype kMaxReasonBody = 200;

qint64 steadyNowMs()
{
    return std::chrono::duration_cast<milliseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
}

QString secondsText(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', 1);
}

// The IP's REQUEST_WEIGHT per minute: 6000 on spot since 2023-08-25, 2400 on USD-M.
int venueBudget(Market market)
{
    return market == Market::Spot ? 6000 : 2400;
}

// A short, printable excerpt of an error answer, such as {"code":-1121,"msg":"Invalid symbol."}.
QString bodyExcerpt(const QByteArray &body)
{
    QString text = QString::fromUtf8(body.left(kMaxReasonBody)).simplified();
    if (body.size() > kMaxReasonBody)
        text += QStringLiteral("...");
    return text;
}

} // namespace

int SnapshotFetcher::requestWeight(Market market, int depthLimit)
{
    if (depthLimit < 1)
        return 0;
    // Spot weights in effect since 2023-10-19; USD-M weights from its depth endpoint's table.
    if (market == Market::Spot) {
        if (depthLimit <= 100)
            return 5;
        if (depthLimit <= 500)
            return 25;
        if (depthLimit <= 1000)
            return 50;
        return depthLimit <= 5000 ? 250 : 0;
    }
    if (depthLimit < 5)
        return 0;
    if (depthLimit <= 50)
        return 2;
    if (depthLimit <= 100)
        return 5;
    if (depthLimit <= 500)
        return 10;
    return depthLimit <= 1000 ? 20 : 0;
}

SnapshotFetcher::SnapshotFetcher(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_weight(requestWeight(m_options.market, m_options.depthLimit))
    , m_network(new QNetworkAccessManager(this))
    , m_warning(lcRest(), kWarningIntervalMs)
{
    const int perMinute = m_options.weightBudgetPerMinute > 0 ? m_options.weightBudgetPerMinute
                                                              : venueBudget(m_options.market);
    m_budget = int(std::floor(perMinute * std::clamp(m_options.weightShare, 0.0, 1.0)));

    const QUrl &base = m_options.restBase;
    const QString scheme = base.scheme();
    if (!base.isValid() || base.host().isEmpty() ||
        (scheme != QLatin1String("https") && scheme != QLatin1String("http"))) {
        m_errorString =
                QStringLiteral("REST base URL \"%1\" must be https:// (or http://) with a host")
                        .arg(base.toDisplayString());
    } else if (m_weight == 0) {
        m_errorString = QStringLiteral("depth limit %1 is not valid for %2 (spot: 1 to 5000, "
                                       "USD-M: 5 to 1000)")
                                .arg(m_options.depthLimit)
                                .arg(marketName(m_options.market));
    } else if (m_budget < m_weight) {
        m_errorString = QStringLiteral("a weight budget of %1 per minute (share %2 of %3) "
                                       "cannot pay for one request of weight %4")
                                .arg(m_budget)
                                .arg(m_options.weightShare)
                                .arg(perMinute)
                                .arg(m_weight);
    }
    if (!m_errorString.isEmpty()) {
        qCCritical(lcRest, "snapshots: %s", qUtf8Printable(m_errorString));
        m_state = State::Invalid;
        return;
    }

    // Even spacing keeps every 60 s window, wherever it starts, within the budget: Binance's
    // windows need not line up with ours, and a burst would spend the minute in a second.
    m_spacingMs = qint64(std::ceil(double(kWindowMs) * m_weight / m_budget));

    QString path = base.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    m_depthUrl = base;
    m_depthUrl.setPath(path + (m_options.market == Market::Spot
                                       ? QStringLiteral("/api/v3/depth")
                                       : QStringLiteral("/fapi/v1/depth")));

    m_sendTimer.setSingleShot(true);
    connect(&m_sendTimer, &QTimer::timeout, this, &SnapshotFetcher::dispatch);
}

SnapshotFetcher::~SnapshotFetcher()
{
    for (const Request &request : std::as_const(m_inFlight)) {
        request.reply->disconnect(this);
        request.reply->abort();
    }
}

void SnapshotFetcher::request(const QString &symbol, Priority priority)
{
    const QString key = symbol.trimmed().toUpper();
    if (m_state == State::Invalid) {
        QTimer::singleShot(0, this, [this, key] { Q_EMIT snapshotFailed(key, m_errorString); });
        return;
    }
    if (key.isEmpty()) {
        qCWarning(lcRest, "snapshots: ignoring a request for an empty symbol");
        return;
    }
    const auto queued = std::find_if(m_queue.begin(), m_queue.end(),
                                     [&](const Pending &pending) { return pending.symbol == key; });
    if (queued != m_queue.end() && priority == Priority::BookWaiting)
        queued->priority = priority; // a book now waits on it: it goes ahead of the background
    if (queued != m_queue.end() || m_inFlight.contains(key)) {
        qCDebug(lcRest, "snapshot of %s: already %s", qUtf8Printable(key),
                queued != m_queue.end() ? "queued" : "in flight");
        return;
    }

    m_queue.append(Pending{key, 0, 0, priority});
    dispatch();
}

void SnapshotFetcher::cancel(const QString &symbol)
{
    const QString key = symbol.trimmed().toUpper();
    m_queue.removeIf([&](const Pending &pending) { return pending.symbol == key; });

    const auto it = m_inFlight.find(key);
    if (it != m_inFlight.end()) {
        QNetworkReply *const reply = it->reply;
        m_inFlight.erase(it);
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    dispatch();
}

int SnapshotFetcher::usedWeight() const
{
    const qint64 now = steadyNowMs();
    return ownWeightAt(now) + foreignWeightAt(now);
}

std::chrono::milliseconds SnapshotFetcher::nextRequestIn() const
{
    if (m_state == State::Invalid)
        return milliseconds(0);
    const qint64 now = steadyNowMs();
    qint64 notBefore = now;
    if (!m_queue.isEmpty()) {
        notBefore = std::min_element(
                            m_queue.cbegin(), m_queue.cend(),
                            [](const auto &a, const auto &b) { return a.notBefore < b.notBefore; })
                            ->notBefore;
    }
    return milliseconds(std::max<qint64>(earliestSend(now, notBefore) - now, 0));
}

void SnapshotFetcher::dispatch()
{
    if (m_state == State::Invalid)
        return;

    m_sendTimer.stop();
    while (!m_queue.isEmpty()) {
        const qint64 now = steadyNowMs();
        pruneSent(now);

        // The first symbol whose retry delay is over goes next, one a book waits on before any
        // background one; retries wait behind nobody.
        const auto rank = [now](const Pending &pending) {
            return std::pair(std::max(pending.notBefore, now), pending.priority);
        };
        const auto ready = std::min_element(
                m_queue.cbegin(), m_queue.cend(),
                [&](const Pending &a, const Pending &b) { return rank(a) < rank(b); });
        const qint64 at = earliestSend(now, ready->notBefore);
        if (at > now) {
            m_sendTimer.start(milliseconds(at - now));
            break;
        }
        const Pending pending = *ready;
        m_queue.erase(ready);
        send(pending, now);
    }
    updateState();
}

void SnapshotFetcher::send(const Pending &pending, qint64 now)
{
    QUrl url = m_depthUrl;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("symbol"), pending.symbol);
    query.addQueryItem(QStringLiteral("limit"), QString::number(m_options.depthLimit));
    url.setQuery(query);

    QNetworkRequest request(url);
    request.setTransferTimeout(int(m_options.timeout.count()));
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QByteArrayLiteral("market-data-monitor/" MD_VERSION));
    QNetworkReply *const reply = m_network->get(request);
    // Qt's transfer timeout restarts with every byte, so a server trickling one byte at a time
    // would hold the request for ever; the whole answer gets a deadline of its own.
    QTimer::singleShot(m_options.timeout * WholeAnswerTimeouts, reply, [reply] { reply->abort(); });

    m_sent.push_back(Sent{now, m_weight});
    m_lastSentAt = now;
    m_anySent = true;
    ++m_counters.requests;
    m_inFlight.insert(pending.symbol, Request{reply, pending.attempts, false, pending.priority});

    const QString symbol = pending.symbol;
    connect(reply, &QNetworkReply::finished, this,
            [this, symbol, reply] { handleFinished(symbol, reply); });
    connect(reply, &QNetworkReply::downloadProgress, this,
            [this, symbol](qint64 received, qint64 total) {
                handleProgress(symbol, received, total);
            });
    logProgress(now);
}

void SnapshotFetcher::handleProgress(const QString &symbol, qint64 received, qint64 total)
{
    // Refuse an absurd answer before it is read into memory: a 5000-level book is a few
    // hundred kilobytes, so megabytes mean a broken proxy or server.
    if (received <= maxBodySize && total <= maxBodySize)
        return;
    const auto it = m_inFlight.find(symbol);
    if (it == m_inFlight.end() || it->tooLarge)
        return;
    it->tooLarge = true;
    it->reply->abort();
}

void SnapshotFetcher::handleFinished(const QString &symbol, QNetworkReply *reply)
{
    reply->deleteLater();
    const auto it = m_inFlight.find(symbol);
    if (it == m_inFlight.end() || it->reply != reply)
        return;
    const Request request = *it;
    m_inFlight.erase(it);

    const qint64 now = steadyNowMs();
    readServerWeight(*reply, now);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    // Qt numbers transport failures (refused, closed, timed out, TLS) below 100 and reports
    // HTTP error statuses from 200 up, so a low code means the answer never came whole.
    const QNetworkReply::NetworkError error = reply->error();
    const bool transportFailed = error != QNetworkReply::NoError && error < 100;

    if (request.tooLarge) {
        retryLater(Pending{symbol, request.attempts + 1, 0, request.priority},
                   QStringLiteral("answer larger than %1 bytes").arg(maxBodySize));
    } else if (status == 429 || status == 418) {
        handleRateLimit(Pending{symbol, request.attempts, 0, request.priority}, status, *reply);
    } else if (status == 200 && error == QNetworkReply::NoError) {
        const QByteArray body = reply->readAll();
        qCDebug(lcRest, "snapshot of %s: %lld bytes", qUtf8Printable(symbol), qint64(body.size()));
        dispatch();
        Q_EMIT bodyReceived(reply->url(), body);
        Q_EMIT snapshotReady(symbol, body);
        return;
    } else if (transportFailed || status == 0 || status >= 500) {
        // No answer, a cut one, or a server fault: worth another try.
        QString reason;
        if (error == QNetworkReply::OperationCanceledError ||
            error == QNetworkReply::TimeoutError) {
            reason = QStringLiteral("no complete answer within %1 s")
                             .arg(secondsText(m_options.timeout.count()));
        } else if (transportFailed || status == 0) {
            reason = reply->errorString();
        } else {
            reason = QStringLiteral("HTTP %1 %2").arg(status).arg(bodyExcerpt(reply->readAll()));
        }
        retryLater(Pending{symbol, request.attempts + 1, 0, request.priority}, reason);
    } else {
        // 400 (unknown symbol, bad limit), 403 (WAF) and the like: asking again will not help.
        fail(symbol, QStringLiteral("HTTP %1 %2").arg(status).arg(bodyExcerpt(reply->readAll())));
        return;
    }
    dispatch();
}

void SnapshotFetcher::handleRateLimit(const Pending &pending, int status,
                                      const QNetworkReply &reply)
{
    // Binance: 429 means the IP went over a limit, and going on earns a 418, an IP ban of
    // 2 minutes to 3 days. Both carry Retry-After in seconds, and it holds for every request,
    // not only this symbol's.
    bool ok = false;
    const qint64 retryAfter = reply.rawHeader("Retry-After").trimmed().toLongLong(&ok);
    const qint64 pauseMs = ok && retryAfter > 0 ? std::min(retryAfter, kMaxRetryAfterSeconds) * 1000
                           : status == 418      ? kDefault418PauseMs
                                                : kDefault429PauseMs;
    m_pausedUntil = std::max(m_pausedUntil, steadyNowMs() + pauseMs);
    ++m_counters.rateLimited;
    ++m_counters.retries;
    m_queue.prepend(pending);

    m_errorString = QStringLiteral("HTTP %1 for %2").arg(status).arg(pending.symbol);
    qCWarning(lcRest, "snapshot of %s: HTTP %d (%s); pausing all snapshot requests for %s s%s",
              qUtf8Printable(pending.symbol), status,
              status == 418 ? "IP banned" : "too many requests",
              qUtf8Printable(secondsText(pauseMs)),
              ok ? " as Retry-After asks" : " (no usable Retry-After)");
}

void SnapshotFetcher::retryLater(const Pending &failed, const QString &reason)
{
    const QString &symbol = failed.symbol;
    const int attempts = failed.attempts;
    // Capped exponential backoff with equal jitter, per symbol.
    const qint64 base = std::max<qint64>(m_options.retryMin.count(), 1);
    const qint64 cap = std::max<qint64>(m_options.retryMax.count(), base);
    const int doublings = std::clamp(attempts - 1, 0, kMaxBackoffDoublings);
    const qint64 delay = std::min(cap, base << doublings);
    const qint64 jittered = delay / 2 + QRandomGenerator::global()->bounded(delay / 2 + 1);

    ++m_counters.failures;
    ++m_counters.retries;
    m_errorString = QStringLiteral("%1: %2").arg(symbol, reason);
    m_queue.append(Pending{symbol, attempts, steadyNowMs() + jittered, failed.priority});
    warnRateLimited(
            QStringLiteral("snapshot of %1 failed: %2; retrying in %3 s (attempt %4)")
                    .arg(symbol, reason, secondsText(jittered), QString::number(attempts + 1)));
}

void SnapshotFetcher::fail(const QString &symbol, const QString &reason)
{
    ++m_counters.failures;
    m_errorString = QStringLiteral("%1: %2").arg(symbol, reason);
    qCWarning(lcRest, "snapshot of %s failed: %s; not retrying", qUtf8Printable(symbol),
              qUtf8Printable(reason));
    dispatch();
    Q_EMIT snapshotFailed(symbol, reason);
}

void SnapshotFetcher::readServerWeight(const QNetworkReply &reply, qint64 now)
{
    // Binance reports the IP's weight of the current minute, which includes whatever else runs
    // from this IP. What it counts beyond our own requests is held against our budget for a
    // minute, so that we give way to the others.
    bool ok = false;
    const int used = reply.rawHeader("X-MBX-USED-WEIGHT-1M").trimmed().toInt(&ok);
    if (!ok)
        return;
    m_serverExcess = std::max(0, used - ownWeightAt(now));
    m_serverReportAt = now;
    m_hasServerReport = true;
    qCDebug(lcRest, "snapshots: Binance reports weight %d used this minute", used);
}

qint64 SnapshotFetcher::earliestSend(qint64 now, qint64 notBefore) const
{
    qint64 at = std::max({now, notBefore, m_pausedUntil});
    if (m_anySent)
        at = std::max(at, m_lastSentAt + m_spacingMs);

    // The weight spent can only fall when one of our requests leaves the window or the
    // server's report expires, so those are the only moments worth testing after `at`.
    std::vector<qint64> candidates{at};
    for (const Sent &sent : m_sent) {
        if (sent.time + kWindowMs > at)
            candidates.push_back(sent.time + kWindowMs);
    }
    if (m_hasServerReport && m_serverReportAt + kWindowMs > at)
        candidates.push_back(m_serverReportAt + kWindowMs);
    std::sort(candidates.begin(), candidates.end());

    for (const qint64 candidate : candidates) {
        if (ownWeightAt(candidate) + foreignWeightAt(candidate) + m_weight <= m_budget)
            return candidate;
    }
    return candidates.back();
}

int SnapshotFetcher::ownWeightAt(qint64 time) const
{
    int weight = 0;
    for (const Sent &sent : m_sent) {
        if (sent.time > time - kWindowMs)
            weight += sent.weight;
    }
    return weight;
}

int SnapshotFetcher::foreignWeightAt(qint64 time) const
{
    return m_hasServerReport && time < m_serverReportAt + kWindowMs ? m_serverExcess : 0;
}

void SnapshotFetcher::pruneSent(qint64 now)
{
    while (!m_sent.empty() && m_sent.front().time <= now - kWindowMs)
        m_sent.pop_front();
}

void SnapshotFetcher::updateState()
{
    if (m_state == State::Invalid)
        return;
    State state = State::Fetching;
    if (m_queue.isEmpty() && m_inFlight.isEmpty())
        state = State::Idle;
    else if (m_pausedUntil > steadyNowMs() && m_inFlight.isEmpty())
        state = State::Paused;
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void SnapshotFetcher::logProgress(qint64 now)
{
    const qint64 next = m_queue.isEmpty() ? 0 : earliestSend(now, now) - now;
    if (m_queue.isEmpty() ||
        (m_lastProgressLog.isValid() && m_lastProgressLog.elapsed() < kProgressLogIntervalMs)) {
        qCDebug(lcRest, "snapshots: %lld queued, %lld in flight, weight %d/%d this minute",
                qint64(m_queue.size()), qint64(m_inFlight.size()), usedWeight(), m_budget);
        return;
    }
    m_lastProgressLog.start();
    qCInfo(lcRest, "snapshots: %lld queued, %lld in flight, weight %d/%d this minute, next in %s s",
           qint64(m_queue.size()), qint64(m_inFlight.size()), usedWeight(), m_budget,
           qUtf8Printable(secondsText(next)));
}

void SnapshotFetcher::warnRateLimited(const QString &message)
{
    m_warning.warn(message);
}

} // namespace md
