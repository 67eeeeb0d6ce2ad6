#include "feedconnection.h"

#include "logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QWebSocket>

#include <algorithm>
#include <string_view>

namespace md {

namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

constexpr qint64 kWarningIntervalMs = 10'000;
constexpr int kMaxBackoffDoublings = 20;
// Binance's JSON messages stay far below this; a larger one is a fault, not market data.
constexpr quint64 kMaxMessageSize = 16 * 1024 * 1024;
// How long a replaced socket may take to finish the close handshake before it is dropped.
constexpr milliseconds kCloseGrace = 2s;
// serverShutdown events are short, so longer messages (all book data) are never scanned.
constexpr size_t kShutdownScanLimit = 256;
constexpr std::string_view kShutdownMarker = "serverShutdown";
// Binance's error answer to a request ({"code":2,"msg":"Invalid request"}); no market data
// message has a "msg" field.
constexpr std::string_view kErrorReplyMarker = "\"msg\"";
// Two requests (UNSUBSCRIBE, SUBSCRIBE) per pause stay under Binance's 5 messages a second.
constexpr milliseconds kControlPause = 500ms;

qint64 steadyNowMs()
{
    return std::chrono::duration_cast<milliseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
}

QString durationText(milliseconds duration)
{
    if (duration < 1s)
        return QStringLiteral("%1 ms").arg(duration.count());
    return QStringLiteral("%1 s").arg(double(duration.count()) / 1000.0, 0, 'f', 1);
}

// Binance wants lowercase symbols in stream names, but the rest of a name is case-sensitive
// (kline_1m is a minute, kline_1M a month) and "!" names such as !bookTicker are fixed.
QString normalisedStream(const QString &stream)
{
    if (stream.startsWith(QLatin1Char('!')))
        return stream;
    const qsizetype at = stream.indexOf(QLatin1Char('@'));
    return at < 0 ? stream.toLower() : stream.left(at).toLower() + stream.mid(at);
}

QUrl combinedStreamUrl(const QUrl &base, const QStringList &streams)
{
    QStringList names;
    names.reserve(streams.size());
    for (const QString &stream : streams)
        names.append(normalisedStream(stream));

    // The base path selects the USD-M traffic class (/public, /market) and must be kept.
    QString path = base.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    QUrl url = base;
    url.setPath(path + QStringLiteral("/stream"));
    url.setQuery(QStringLiteral("streams=") + names.join(QLatin1Char('/')));
    return url;
}

QString validationError(const FeedConnection::Options &options)
{
    const QUrl &base = options.baseUrl;
    const QString scheme = base.scheme();
    if (!base.isValid() || base.host().isEmpty() ||
        (scheme != QLatin1String("ws") && scheme != QLatin1String("wss"))) {
        return QStringLiteral("base URL \"%1\" must be ws:// or wss:// with a host")
                .arg(base.toDisplayString());
    }
    if (base.hasQuery() || base.hasFragment())
        return QStringLiteral("base URL \"%1\" must have no query").arg(base.toDisplayString());
    if (options.streams.isEmpty())
        return QStringLiteral("no streams to subscribe to");
    if (options.streams.size() > FeedConnection::maxStreams) {
        return QStringLiteral("%1 streams exceed Binance's limit of %2 per connection; split "
                              "them over several connections")
                .arg(options.streams.size())
                .arg(FeedConnection::maxStreams);
    }

    for (const QString &stream : options.streams) {
        const bool clean =
                !stream.isEmpty() && std::all_of(stream.begin(), stream.end(), [](QChar c) {
                    return c.isLetterOrNumber() || c == u'@' || c == u'_' || c == u'!' ||
                           c == u'-' || c == u'.';
                });
        if (!clean) {
            return QStringLiteral("stream name \"%1\" is empty or has characters a stream name "
                                  "cannot have")
                    .arg(stream);
        }
    }
    return {};
}

milliseconds tickInterval(const FeedConnection::Options &options)
{
    // A quarter of the shortest deadline: a silent socket is caught within 125 % of it.
    milliseconds shortest = options.connectTimeout;
    if (options.watchdog > 0ms)
        shortest = std::min(shortest, options.watchdog);
    return std::clamp<milliseconds>(shortest / 4, 10ms, 1000ms);
}

} // namespace

FeedConnection::FeedConnection(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_url(combinedStreamUrl(m_options.baseUrl, m_options.streams))
    , m_configError(validationError(m_options))
    , m_warning(lcFeed(), kWarningIntervalMs)
{
    if (m_options.name.isEmpty())
        m_options.name = m_options.baseUrl.host();
    for (QString &stream : m_options.streams)
        stream = normalisedStream(stream);

    m_controlTimer.setSingleShot(true);
    connect(&m_controlTimer, &QTimer::timeout, this, &FeedConnection::sendSubscriptionChanges);
    m_retryTimer.setSingleShot(true);
    m_plannedTimer.setSingleShot(true);
    m_tickTimer.setInterval(tickInterval(m_options));
    connect(&m_retryTimer, &QTimer::timeout, this, &FeedConnection::handleRetryTimer);
    connect(&m_tickTimer, &QTimer::timeout, this, &FeedConnection::handleTick);
    connect(&m_plannedTimer, &QTimer::timeout, this, [this] {
        ++m_counters.plannedReconnects;
        startReplacement(QStringLiteral("planned reconnect before Binance's 24 hour limit"));
    });
}

FeedConnection::~FeedConnection()
{
    // The sockets are children and go with us; they must not call back meanwhile.
    for (QWebSocket *socket : {m_socket, m_replacement}) {
        if (socket)
            socket->disconnect(this);
    }
}

void FeedConnection::setMessageHandler(MessageHandler handler)
{
    m_handler = std::move(handler);
}

void FeedConnection::setRawObserver(RawObserver observer)
{
    m_rawObserver = std::move(observer);
}

void FeedConnection::addStreams(const QStringList &streams)
{
    QStringList next = m_options.streams;
    for (const QString &stream : streams) {
        const QString name = normalisedStream(stream);
        if (!next.contains(name))
            next.append(name);
    }
    setStreams(next);
}

void FeedConnection::removeStreams(const QStringList &streams)
{
    QStringList next = m_options.streams;
    for (const QString &stream : streams)
        next.removeAll(normalisedStream(stream));
    setStreams(next);
}

void FeedConnection::setStreams(const QStringList &streams)
{
    Options next = m_options;
    next.streams = streams;
    if (const QString error = validationError(next); !error.isEmpty()) {
        qCWarning(lcFeed, "feed %s: streams not changed: %s", qUtf8Printable(m_options.name),
                  qUtf8Printable(error));
        return;
    }
    // The next socket, a reconnect or a replacement, asks for the new list in its URL; the
    // open one is told by request.
    m_options.streams = streams;
    m_url = combinedStreamUrl(m_options.baseUrl, m_options.streams);
    m_configError.clear();
    sendSubscriptionChanges();
}

void FeedConnection::sendSubscriptionChanges()
{
    if (m_state != State::Connected || !m_socket || m_controlTimer.isActive())
        return;

    QStringList added, removed;
    for (const QString &stream : std::as_const(m_options.streams)) {
        if (!m_socketStreams.contains(stream))
            added.append(stream);
    }
    for (const QString &stream : std::as_const(m_socketStreams)) {
        if (!m_options.streams.contains(stream))
            removed.append(stream);
    }
    if (added.isEmpty() && removed.isEmpty())
        return;

    if (!removed.isEmpty())
        sendControlRequest("UNSUBSCRIBE", removed);
    if (!added.isEmpty())
        sendControlRequest("SUBSCRIBE", added);
    m_socketStreams = m_options.streams;
    m_controlTimer.start(kControlPause);
}

void FeedConnection::sendControlRequest(const char *method, const QStringList &streams)
{
    const int id = m_nextRequestId++;
    const QJsonObject request{{QStringLiteral("method"), QLatin1String(method)},
                              {QStringLiteral("params"), QJsonArray::fromStringList(streams)},
                              {QStringLiteral("id"), id}};
    qCInfo(lcFeed, "feed %s: %s %s (request %d)", qUtf8Printable(m_options.name), method,
           qUtf8Printable(streams.join(QLatin1Char(','))), id);
    m_socket->sendTextMessage(
            QString::fromUtf8(QJsonDocument(request).toJson(QJsonDocument::Compact)));
}

bool FeedConnection::start()
{
    if (m_state != State::Stopped)
        return true;
    if (!m_configError.isEmpty()) {
        qCCritical(lcFeed, "feed %s: cannot start: %s", qUtf8Printable(m_options.name),
                   qUtf8Printable(m_configError));
        m_errorString = m_configError;
        Q_EMIT errorOccurred(m_errorString);
        return false;
    }

    qCInfo(lcFeed, "feed %s: connecting to %s with %lld streams", qUtf8Printable(m_options.name),
           qUtf8Printable(m_url.toDisplayString(QUrl::RemoveQuery)),
           qint64(m_options.streams.size()));
    qCDebug(lcFeed, "feed %s: %s", qUtf8Printable(m_options.name),
            qUtf8Printable(m_url.toDisplayString()));
    m_failures = 0;
    m_tickTimer.start();
    m_socket = createSocket();
    m_socketStreams = m_options.streams;
    m_socketSince = steadyNowMs();
    setState(State::Connecting);
    m_socket->open(m_url);
    return true;
}

void FeedConnection::stop()
{
    if (m_state == State::Stopped)
        return;

    const bool wasConnected = m_state == State::Connected;
    m_retryTimer.stop();
    m_tickTimer.stop();
    m_plannedTimer.stop();
    m_controlTimer.stop();
    dropSocket(m_socket);
    dropSocket(m_replacement);
    m_replacementReason.clear();
    setState(State::Stopped);
    qCInfo(lcFeed, "feed %s: stopped", qUtf8Printable(m_options.name));
    if (wasConnected)
        Q_EMIT disconnected(QStringLiteral("stopped"));
}

QWebSocket *FeedConnection::createSocket()
{
    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    socket->setMaxAllowedIncomingMessageSize(kMaxMessageSize);

    connect(socket, &QWebSocket::connected, this,
            [this, socket] { handleSocketConnected(socket); });
    // Queued: when a connect fails, QWebSocket announces the disconnect before the error that
    // explains it (host not found, refused), and the reason logged should be the real one.
    connect(
            socket, &QWebSocket::disconnected, this, [this, socket] { handleSocketLost(socket); },
            Qt::QueuedConnection);
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this, socket] { handleSocketLost(socket); });
    connect(socket, &QWebSocket::textMessageReceived, this, [this, socket](const QString &message) {
        if (socket == m_socket)
            handleTextMessage(message);
    });
    // Binance's JSON streams send no binary messages; counted so that a change shows.
    connect(socket, &QWebSocket::binaryMessageReceived, this,
            [this](const QByteArray &) { ++m_counters.binaryFrames; });
    return socket;
}

void FeedConnection::dropSocket(QWebSocket *&socket)
{
    QWebSocket *const dropped = std::exchange(socket, nullptr);
    if (!dropped)
        return;

    dropped->disconnect(this);
    if (dropped->state() != QAbstractSocket::ConnectedState) {
        dropped->abort();
        dropped->deleteLater();
        return;
    }
    // An orderly close frame, so the server sees a client leaving rather than a broken link;
    // a dead link that never answers it is dropped after the grace period.
    connect(dropped, &QWebSocket::disconnected, dropped, &QObject::deleteLater);
    QTimer::singleShot(kCloseGrace, dropped, &QObject::deleteLater);
    dropped->close(QWebSocketProtocol::CloseCodeNormal);
}

void FeedConnection::handleSocketConnected(QWebSocket *socket)
{
    if (socket == m_replacement) {
        switchToReplacement();
        return;
    }
    if (socket != m_socket)
        return;

    if (m_everConnected)
        ++m_counters.reconnects;
    m_everConnected = true;
    m_socketSince = steadyNowMs();
    qCInfo(lcFeed, "feed %s: connected to %s", qUtf8Printable(m_options.name),
           qUtf8Printable(m_url.toDisplayString(QUrl::RemoveQuery)));
    startPlannedTimer();
    setState(State::Connected);
    // Streams changed while this socket was opening with the older list.
    sendSubscriptionChanges();
    Q_EMIT connected();
}

void FeedConnection::handleSocketLost(QWebSocket *socket)
{
    if (socket == m_replacement) {
        const QString reason = socketFailure(socket);
        dropSocket(m_replacement);
        retryReplacement(reason);
        return;
    }
    if (socket == m_socket)
        loseConnection(socketFailure(socket));
}

void FeedConnection::handleTextMessage(const QString &message)
{
    // QWebSocket validated the frame's UTF-8 and decoded it; encoding it back gives the exact
    // bytes Binance sent. The buffer only grows, so steady state allocates nothing.
    const size_t needed = size_t(m_encoder.requiredSpace(message.size())) + bufferPadding;
    if (m_buffer.size() < needed)
        m_buffer.resize(std::max(needed, m_buffer.size() * 2));
    char *const data = m_buffer.data();
    const size_t size = size_t(m_encoder.appendToBuffer(data, message) - data);

    ++m_counters.messages;
    m_counters.bytes += size;
    m_counters.lastMessageTime = steadyNowMs();
    if (m_rawObserver)
        m_rawObserver(std::string_view(data, size));

    // Binance's serverShutdown event, {"e":"serverShutdown",...} or stream !serverShutdown in
    // combined mode, asks clients to move to a new connection. It is short, so only short
    // messages are searched for it, and nothing is parsed twice.
    if (size <= kShutdownScanLimit) {
        const std::string_view text(data, size);
        if (text.find(kShutdownMarker) != std::string_view::npos) {
            handleServerShutdown(data, size);
            return;
        }
        if (text.find(kErrorReplyMarker) != std::string_view::npos) {
            warnRateLimited(QStringLiteral("feed %1: the server refused a request: %2")
                                    .arg(m_options.name, QString::fromUtf8(data, qsizetype(size))));
        }
    }
    if (m_handler)
        m_handler(data, size, m_buffer.size());
}

void FeedConnection::handleServerShutdown(const char *data, size_t size)
{
    ++m_counters.shutdownNotices;
    qCInfo(lcFeed, "feed %s: server announced a shutdown: %.*s", qUtf8Printable(m_options.name),
           int(size), data);
    startReplacement(QStringLiteral("server announced a shutdown (serverShutdown event)"));
}

void FeedConnection::handleTick()
{
    const qint64 now = steadyNowMs();
    const qint64 connectTimeout = m_options.connectTimeout.count();

    if (m_replacement && now - m_replacementSince > connectTimeout) {
        dropSocket(m_replacement);
        retryReplacement(QStringLiteral("no connection after %1")
                                 .arg(durationText(m_options.connectTimeout)));
    }
    if (m_state == State::Connecting && now - m_socketSince > connectTimeout) {
        loseConnection(QStringLiteral("no connection after %1")
                               .arg(durationText(m_options.connectTimeout)));
        return;
    }

    // The data watchdog: a socket can stay open while the server behind it has stopped
    // sending (a half-open TCP link, a stalled stream), and only the missing data shows it.
    const qint64 watchdog = m_options.watchdog.count();
    if (m_state != State::Connected || watchdog <= 0)
        return;
    const qint64 lastActivity = std::max(m_counters.lastMessageTime, m_socketSince);
    if (now - lastActivity <= watchdog)
        return;
    ++m_counters.watchdogTimeouts;
    const QString reason =
            QStringLiteral("no message for %1 (watchdog)").arg(durationText(m_options.watchdog));
    // Always logged: unlike a refused connect, a silent stream is worth every line.
    qCWarning(lcFeed, "feed %s: %s; reconnecting", qUtf8Printable(m_options.name),
              qUtf8Printable(reason));
    loseConnection(reason, false);
}

void FeedConnection::handleRetryTimer()
{
    if (m_state == State::Waiting) {
        m_socket = createSocket();
        m_socketStreams = m_options.streams;
        m_socketSince = steadyNowMs();
        setState(State::Connecting);
        m_socket->open(m_url);
    } else if (m_state == State::Connected && !m_replacementReason.isEmpty() && !m_replacement) {
        openReplacement();
    }
}

void FeedConnection::startPlannedTimer()
{
    // A little random: connections opened together would otherwise be replaced together, and
    // every book on them resynced in one burst of REST snapshots.
    const qint64 planned = std::max<qint64>(m_options.plannedReconnect.count(), 1);
    const qint64 early = QRandomGenerator::global()->bounded(planned / 32 + 1);
    m_plannedTimer.start(milliseconds(planned - early));
}

void FeedConnection::startReplacement(const QString &why)
{
    if (m_state != State::Connected || !m_replacementReason.isEmpty())
        return;
    m_replacementReason = why;
    m_plannedTimer.stop();

    // A server that keeps asking for new connections must not make us open them in a loop:
    // a connection younger than healthyAfter is replaced after the backoff delay.
    if (steadyNowMs() - m_socketSince < m_options.healthyAfter.count()) {
        ++m_failures;
        m_reconnectDelay = nextBackoff();
        qCInfo(lcFeed, "feed %s: %s; opening a fresh connection in %s",
               qUtf8Printable(m_options.name), qUtf8Printable(why),
               qUtf8Printable(durationText(m_reconnectDelay)));
        m_retryTimer.start(m_reconnectDelay);
        return;
    }
    qCInfo(lcFeed, "feed %s: %s; opening a fresh connection", qUtf8Printable(m_options.name),
           qUtf8Printable(why));
    openReplacement();
}

void FeedConnection::openReplacement()
{
    m_replacement = createSocket();
    m_replacementStreams = m_options.streams;
    m_replacementSince = steadyNowMs();
    m_replacement->open(m_url);
}

void FeedConnection::retryReplacement(const QString &reason)
{
    ++m_failures;
    m_reconnectDelay = nextBackoff();
    warnRateLimited(QStringLiteral("feed %1: fresh connection failed: %2; keeping the current "
                                   "one and trying again in %3")
                            .arg(m_options.name, reason, durationText(m_reconnectDelay)));
    m_retryTimer.start(m_reconnectDelay);
}

void FeedConnection::switchToReplacement()
{
    // Open-then-switch: the old socket delivered until this moment and the fresh one is
    // subscribed already, so the feed has no dead time. The owner still resyncs its books,
    // because the two sockets' streams are not guaranteed to line up message for message.
    QWebSocket *old = std::exchange(m_socket, std::exchange(m_replacement, nullptr));
    m_socketStreams = m_replacementStreams;
    dropSocket(old);
    const QString reason = std::exchange(m_replacementReason, QString());
    ++m_counters.reconnects;
    m_socketSince = steadyNowMs();
    m_retryTimer.stop();
    startPlannedTimer();
    qCInfo(lcFeed, "feed %s: switched to a fresh connection (%s)", qUtf8Printable(m_options.name),
           qUtf8Printable(reason));

    sendSubscriptionChanges();
    QWebSocket *const current = m_socket;
    Q_EMIT disconnected(reason);
    if (m_state == State::Connected && m_socket == current)
        Q_EMIT connected();
}

void FeedConnection::loseConnection(const QString &reason, bool warn)
{
    const bool wasConnected = m_state == State::Connected;
    if (wasConnected && steadyNowMs() - m_socketSince >= m_options.healthyAfter.count())
        m_failures = 0;
    ++m_failures;
    m_errorString = reason;
    m_plannedTimer.stop();
    dropSocket(m_socket);
    if (warn) {
        warnRateLimited(QStringLiteral("feed %1: %2: %3")
                                .arg(m_options.name,
                                     wasConnected ? QStringLiteral("connection lost")
                                                  : QStringLiteral("connect failed"),
                                     reason));
    }

    // A fresh connection already opening takes over; otherwise back off and reopen.
    if (m_replacement) {
        m_socket = std::exchange(m_replacement, nullptr);
        m_socketStreams = m_replacementStreams;
        m_socketSince = m_replacementSince;
        m_replacementReason.clear();
        m_retryTimer.stop();
        setState(State::Connecting);
    } else {
        m_replacementReason.clear();
        scheduleRetry();
    }
    if (wasConnected)
        Q_EMIT disconnected(reason);
}

void FeedConnection::scheduleRetry()
{
    m_reconnectDelay = nextBackoff();
    qCInfo(lcFeed, "feed %s: reconnecting in %s (retry %d)", qUtf8Printable(m_options.name),
           qUtf8Printable(durationText(m_reconnectDelay)), m_failures);
    m_retryTimer.start(m_reconnectDelay);
    setState(State::Waiting);
}

milliseconds FeedConnection::nextBackoff()
{
    // Exponential backoff with "equal jitter": half the delay fixed, half random, so that
    // connections dropped together do not all come back in the same millisecond, and Binance's
    // limit of 300 new connections per 5 minutes per IP is not spent on a flapping link.
    const qint64 base = std::max<qint64>(m_options.reconnectMin.count(), 1);
    const qint64 cap = std::max<qint64>(m_options.reconnectMax.count(), base);
    const int doublings = std::clamp(m_failures - 1, 0, kMaxBackoffDoublings);
    const qint64 delay = std::min(cap, base << doublings);
    const qint64 jittered = delay / 2 + QRandomGenerator::global()->bounded(delay / 2 + 1);
    return milliseconds(std::max<qint64>(jittered, 1));
}

QString FeedConnection::socketFailure(const QWebSocket *socket) const
{
    QString reason = socket->error() == QAbstractSocket::UnknownSocketError
                             ? QStringLiteral("closed by the server")
                             : socket->errorString();
    const QWebSocketProtocol::CloseCode code = socket->closeCode();
    if (code != QWebSocketProtocol::CloseCodeNormal || !socket->closeReason().isEmpty()) {
        reason += QStringLiteral(" (close code %1%2)")
                          .arg(int(code))
                          .arg(socket->closeReason().isEmpty()
                                       ? QString()
                                       : QStringLiteral(": ") + socket->closeReason());
    }
    return reason;
}

void FeedConnection::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void FeedConnection::warnRateLimited(const QString &message)
{
    m_warning.warn(message);
}

} // namespace md
