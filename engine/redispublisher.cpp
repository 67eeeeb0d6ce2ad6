#include "redispublisher.h"

#include "logging.h"

#include <QFile>
#include <QHostAddress>
#include <QHostInfo>
#include <QRandomGenerator>
#include <QSocketNotifier>
#include <QUrl>

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <algorithm>
#include <array>
#include <csignal>

namespace md {

namespace {

constexpr quint16 kDefaultPort = 6379;
constexpr qint64 kWarningIntervalMs = 10'000;
constexpr int kMaxBackoffDoublings = 20;
// A reply callback's tag carries the command in its low bits and the command's size above them.
constexpr int kCommandBits = 3;
constexpr quintptr kCommandMask = (quintptr(1) << kCommandBits) - 1;

QString suppressedNote(quint64 &suppressed)
{
    const quint64 count = std::exchange(suppressed, 0);
    return count == 0 ? QString() : QStringLiteral(" (%1 similar warnings suppressed)").arg(count);
}

} // namespace

RedisPublisher::RedisPublisher(Config config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
    // hiredis writes with write(2), so a server that dies while we write raises SIGPIPE, whose
    // default action kills the process. Qt's own sockets send with MSG_NOSIGNAL and do not care.
    std::signal(SIGPIPE, SIG_IGN);

    m_reconnectTimer.setSingleShot(true);
    m_connectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &RedisPublisher::connectToServer);
    connect(&m_connectTimer, &QTimer::timeout, this, &RedisPublisher::handleConnectTimeout);
}

RedisPublisher::~RedisPublisher()
{
    if (m_lookupId >= 0)
        QHostInfo::abortHostLookup(m_lookupId);
    if (!m_context)
        return;

    // Free the connection without letting hiredis call back into a half-destroyed object; the
    // socket notifiers are our children and go with us.
    m_context->data = nullptr;
    m_context->ev = decltype(m_context->ev){};
    redisAsyncFree(std::exchange(m_context, nullptr));
}

bool RedisPublisher::start()
{
    if (m_running)
        return true;

    QString error;
    if (!parseUrl(error) || !readPassword(error)) {
        qCCritical(lcRedis, "cannot start the Redis publisher: %s", qUtf8Printable(error));
        setError(error);
        return false;
    }

    m_running = true;
    m_failedAttempts = 0;
    // A stop() still draining the old connection reconnects once it is closed.
    if (!m_draining)
        connectToServer();
    return true;
}

void RedisPublisher::stop()
{
    m_running = false;
    m_reconnectTimer.stop();
    if (m_draining)
        return;

    // Send what is pending and let hiredis close the connection once every reply is in, so a
    // shutdown right after the last flush() does not lose it.
    if (m_state == State::Connected && m_context) {
        flush();
        m_draining = true;
        redisAsyncDisconnect(m_context);
        return;
    }
    dropContext();
    setState(State::Disconnected);
}

void RedisPublisher::setLatest(const QByteArray &key, const QByteArray &payload, bool publish)
{
    Entry &entry = m_latest[key];
    entry.payload = payload;
    // Publish if any update since the last flush asked for it: subscribers must hear about a
    // change even when a later, unpublished update to the same key overtook it.
    entry.publish = entry.pending ? entry.publish || publish : publish;
    if (!entry.pending) {
        entry.pending = true;
        m_pendingKeys.append(key);
    }
}

void RedisPublisher::publishMessage(const QByteArray &channel, const QByteArray &payload)
{
    if (m_state != State::Connected || m_draining ||
        m_pendingMessages.size() >= m_config.maxPendingMessages) {
        ++m_counters.droppedMessages;
        return;
    }
    m_pendingMessages.append({channel, payload});
}

void RedisPublisher::remove(const QByteArray &key)
{
    m_latest.remove(key);
    m_pendingKeys.removeAll(key);
    if (!m_pendingDeletes.contains(key))
        m_pendingDeletes.append(key);
}

void RedisPublisher::flush()
{
    if (m_state != State::Connected || !m_context || m_draining)
        return;

    // Redis or the network does not keep up: let keys wait (they hold one value each) rather
    // than grow hiredis's output buffer, which 0.14 also compacts at a cost linear in its size
    // after every partial write.
    if (m_bytesInFlight >= m_config.maxBytesInFlight) {
        const qsizetype dropped = m_pendingMessages.size();
        dropPendingMessages();
        if (rateLimit(m_lastReplyWarning, m_suppressedReplyWarnings)) {
            qCWarning(lcRedis,
                      "Redis at %s is not keeping up: %lld bytes unanswered, %lld "
                      "trade messages dropped%s",
                      qUtf8Printable(endpoint()), m_bytesInFlight, qint64(dropped),
                      qUtf8Printable(suppressedNote(m_suppressedReplyWarnings)));
        }
        return;
    }

    // hiredis only appends to its output buffer here; the write notifier then sends the whole
    // batch in as few writes as the socket allows, so the batch is pipelined. Deletes go first:
    // a key removed and set again in one round ends up set.
    for (const QByteArray &key : std::as_const(m_pendingDeletes))
        sendCommand(Command::Del, {"DEL", m_config.keyPrefix + key});
    m_pendingDeletes.clear();
    for (const QByteArray &key : std::as_const(m_pendingKeys)) {
        const auto it = m_latest.find(key);
        Q_ASSERT(it != m_latest.end());
        it->pending = false;
        const QByteArray fullKey = m_config.keyPrefix + key;
        sendCommand(Command::Set, {"SET", fullKey, it->payload});
        if (it->publish)
            sendCommand(Command::Publish, {"PUBLISH", fullKey, it->payload});
    }
    m_pendingKeys.clear();

    for (const auto &[channel, payload] : std::as_const(m_pendingMessages))
        sendCommand(Command::Publish, {"PUBLISH", m_config.keyPrefix + channel, payload});
    m_pendingMessages.clear();
}

QString RedisPublisher::endpoint() const
{
    const QString host = m_host.contains(QLatin1Char(':'))
                                 ? QLatin1Char('[') + m_host + QLatin1Char(']')
                                 : m_host;
    return QStringLiteral("%1:%2/%3").arg(host).arg(m_port).arg(m_database);
}

void RedisPublisher::onConnect(const redisAsyncContext *context, int status)
{
    auto *self = static_cast<RedisPublisher *>(context->data);
    if (!self)
        return;

    if (status != REDIS_OK) {
        // hiredis frees the context as soon as this returns.
        self->m_context = nullptr;
        self->handleConnectFailure(QString::fromLocal8Bit(context->errstr));
        return;
    }
    self->handleTcpConnected();
}

void RedisPublisher::onDisconnect(const redisAsyncContext *context, int status)
{
    auto *self = static_cast<RedisPublisher *>(context->data);
    if (!self)
        return;

    // hiredis frees the context as soon as this returns, so nothing may keep it.
    self->m_context = nullptr;
    const QString reason =
            status == REDIS_OK ? QStringLiteral("closed") : QString::fromLocal8Bit(context->errstr);
    self->handleConnectionLost(reason);
}

void RedisPublisher::onReply(redisAsyncContext *context, void *reply, void *tag)
{
    // No publisher means we dropped this context ourselves and counted its commands then.
    auto *self = static_cast<RedisPublisher *>(context->data);
    if (!self)
        return;
    const quintptr bits = reinterpret_cast<quintptr>(tag);
    self->handleReply(static_cast<Command>(bits & kCommandMask), qint64(bits >> kCommandBits),
                      reply);
}

void RedisPublisher::onAddRead(void *publisher)
{
    if (QSocketNotifier *notifier = static_cast<RedisPublisher *>(publisher)->m_readNotifier)
        notifier->setEnabled(true);
}

void RedisPublisher::onDelRead(void *publisher)
{
    if (QSocketNotifier *notifier = static_cast<RedisPublisher *>(publisher)->m_readNotifier)
        notifier->setEnabled(false);
}

void RedisPublisher::onAddWrite(void *publisher)
{
    if (QSocketNotifier *notifier = static_cast<RedisPublisher *>(publisher)->m_writeNotifier)
        notifier->setEnabled(true);
}

void RedisPublisher::onDelWrite(void *publisher)
{
    if (QSocketNotifier *notifier = static_cast<RedisPublisher *>(publisher)->m_writeNotifier)
        notifier->setEnabled(false);
}

void RedisPublisher::onCleanup(void *publisher)
{
    static_cast<RedisPublisher *>(publisher)->releaseNotifiers();
}

bool RedisPublisher::parseUrl(QString &error)
{
    const QUrl url(m_config.url, QUrl::StrictMode);
    if (m_config.url.trimmed().isEmpty()) {
        error = QStringLiteral("the Redis URL is empty; expected redis://host:port/db");
        return false;
    }
    if (!url.isValid()) {
        // Only the reason: QUrl's full message repeats the URL, user info included.
        error = QStringLiteral("invalid Redis URL: %1").arg(url.errorString().section(u';', 0, 0));
        return false;
    }

    const QString shown = url.toDisplayString(QUrl::RemovePassword);
    if (url.scheme() != QLatin1String("redis")) {
        error = QStringLiteral("Redis URL \"%1\" must start with redis:// (TLS is not supported)")
                        .arg(shown);
        return false;
    }
    if (url.host().isEmpty()) {
        error = QStringLiteral("Redis URL \"%1\" names no host").arg(shown);
        return false;
    }
    if (!url.password().isEmpty()) {
        error = QStringLiteral("Redis URL \"%1\" contains a password; give the name of an "
                               "environment variable or a file that holds it instead")
                        .arg(shown);
        return false;
    }
    if (url.hasQuery() || url.hasFragment()) {
        error = QStringLiteral("Redis URL \"%1\" has a query or fragment, which mean nothing here")
                        .arg(shown);
        return false;
    }

    const int port = url.port(kDefaultPort);
    if (port <= 0) {
        error = QStringLiteral("Redis URL \"%1\" has port %2; expected 1 to 65535")
                        .arg(shown)
                        .arg(port);
        return false;
    }

    // The path is the database number: "", "/" or "/<n>".
    const QString path = url.path();
    int database = 0;
    if (path.size() > 1) {
        bool ok = false;
        const QStringView digits = QStringView(path).mid(1);
        database = digits.toInt(&ok);
        if (!ok || database < 0 || !digits.front().isDigit()) {
            error = QStringLiteral("Redis URL \"%1\" has database \"%2\"; expected a number >= 0")
                            .arg(shown, digits.toString());
            return false;
        }
    }

    m_host = url.host();
    m_port = quint16(port);
    m_database = database;
    m_username = url.userName().toUtf8();
    return true;
}

bool RedisPublisher::readPassword(QString &error)
{
    m_password.clear();
    m_hasPassword = false;
    const QString &variable = m_config.passwordEnvironment;
    const QString &path = m_config.passwordFile;
    if (!variable.isEmpty() && !path.isEmpty()) {
        error = QStringLiteral("give the Redis password either in an environment variable or in "
                               "a file, not both");
        return false;
    }

    if (!variable.isEmpty()) {
        m_password = qgetenv(variable.toLocal8Bit().constData());
        if (m_password.isEmpty()) {
            error = QStringLiteral("environment variable %1, named for the Redis password, is "
                                   "not set or empty")
                            .arg(variable);
            return false;
        }
    } else if (!path.isEmpty()) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            error = QStringLiteral("cannot read the Redis password file %1: %2")
                            .arg(path, file.errorString());
            return false;
        }
        // Editors and `echo` leave a newline that is not part of the password.
        m_password = file.readAll();
        while (!m_password.isEmpty() && QChar::isSpace(uchar(m_password.back())))
            m_password.chop(1);
        if (m_password.isEmpty()) {
            error = QStringLiteral("the Redis password file %1 is empty").arg(path);
            return false;
        }
    }

    m_hasPassword = !m_password.isEmpty();
    if (!m_username.isEmpty() && !m_hasPassword) {
        error = QStringLiteral("the Redis URL names user %1 but no password source is given")
                        .arg(QString::fromUtf8(m_username));
        return false;
    }
    return true;
}

void RedisPublisher::connectToServer()
{
    if (!m_running || m_context || m_lookupId >= 0)
        return;

    setState(State::Connecting);
    m_connectTimer.start(m_config.connectTimeout);

    // hiredis resolves names with a blocking getaddrinfo(), so names are resolved on Qt's
    // lookup threads and hiredis only ever sees a numeric address.
    if (QHostAddress literal; literal.setAddress(m_host)) {
        openConnection(m_host);
        return;
    }
    m_lookupId = QHostInfo::lookupHost(m_host, this, &RedisPublisher::handleHostLookup);
}

void RedisPublisher::handleHostLookup(const QHostInfo &info)
{
    if (info.lookupId() != m_lookupId)
        return;
    m_lookupId = -1;

    if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
        handleConnectFailure(
                QStringLiteral("cannot resolve %1: %2").arg(m_host, info.errorString()));
        return;
    }

    // Prefer IPv4: a server bound to 127.0.0.1 is the common case for "localhost".
    const QList<QHostAddress> addresses = info.addresses();
    const auto ipv4 = std::find_if(addresses.begin(), addresses.end(), [](const auto &address) {
        return address.protocol() == QAbstractSocket::IPv4Protocol;
    });
    openConnection((ipv4 != addresses.end() ? *ipv4 : addresses.first()).toString());
}

void RedisPublisher::openConnection(const QString &address)
{
    // A non-blocking connect(2): completion or failure shows up as writability.
    redisAsyncContext *context = redisAsyncConnect(address.toLatin1().constData(), m_port);
    if (!context) {
        handleConnectFailure(QStringLiteral("hiredis could not allocate a context"));
        return;
    }
    if (context->err) {
        const QString reason = QString::fromLocal8Bit(context->errstr);
        redisAsyncFree(context);
        handleConnectFailure(reason);
        return;
    }

    m_context = context;
    context->data = this;
    m_readNotifier = new QSocketNotifier(context->c.fd, QSocketNotifier::Read, this);
    m_writeNotifier = new QSocketNotifier(context->c.fd, QSocketNotifier::Write, this);
    m_readNotifier->setEnabled(false);
    m_writeNotifier->setEnabled(false);
    connect(m_readNotifier, &QSocketNotifier::activated, this, [this] {
        if (m_context)
            redisAsyncHandleRead(m_context);
    });
    connect(m_writeNotifier, &QSocketNotifier::activated, this, [this] {
        if (m_context)
            redisAsyncHandleWrite(m_context);
    });

    context->ev.data = this;
    context->ev.addRead = &RedisPublisher::onAddRead;
    context->ev.delRead = &RedisPublisher::onDelRead;
    context->ev.addWrite = &RedisPublisher::onAddWrite;
    context->ev.delWrite = &RedisPublisher::onDelWrite;
    context->ev.cleanup = &RedisPublisher::onCleanup;
    // Setting the connect callback arms the write notifier, which needs the hooks above.
    redisAsyncSetConnectCallback(context, &RedisPublisher::onConnect);
    redisAsyncSetDisconnectCallback(context, &RedisPublisher::onDisconnect);
}

void RedisPublisher::handleTcpConnected()
{
    // Keepalive (hiredis's 15 s) notices a peer that vanished without closing, like a dead host.
    redisEnableKeepAlive(&m_context->c);

    // A new connection starts unauthenticated on database 0, whatever the last one had.
    if (m_hasPassword && m_username.isEmpty())
        sendCommand(Command::Auth, {"AUTH", m_password});
    else if (m_hasPassword)
        sendCommand(Command::Auth, {"AUTH", m_username, m_password});
    sendCommand(Command::Select, {"SELECT", QByteArray::number(m_database)});
}

void RedisPublisher::handleReply(Command command, qint64 bytes, const void *reply)
{
    const auto *answer = static_cast<const redisReply *>(reply);
    const bool isData =
            command == Command::Set || command == Command::Publish || command == Command::Del;
    if (isData) {
        --m_inFlight;
        m_bytesInFlight -= bytes;
    }

    // No reply: the connection went down with the command; onDisconnect follows.
    if (!answer) {
        if (isData)
            ++m_counters.failures;
        return;
    }

    if (answer->type == REDIS_REPLY_ERROR) {
        const QString message = QString::fromUtf8(answer->str, qsizetype(answer->len));
        if (!isData) {
            const QLatin1String name(command == Command::Auth ? "AUTH" : "SELECT");
            const QString reason = QStringLiteral("%1 failed: %2").arg(name, message);
            dropContext();
            handleConnectFailure(reason);
            return;
        }
        ++m_counters.failures;
        if (rateLimit(m_lastReplyWarning, m_suppressedReplyWarnings)) {
            qCWarning(lcRedis, "Redis at %s rejected %s: %s%s", qUtf8Printable(endpoint()),
                      command == Command::Set   ? "SET"
                      : command == Command::Del ? "DEL"
                                                : "PUBLISH",
                      qUtf8Printable(message),
                      qUtf8Printable(suppressedNote(m_suppressedReplyWarnings)));
        }
        return;
    }

    if (isData)
        ++m_counters.publishes;
    else if (command == Command::Select)
        handleHandshakeDone();
}

void RedisPublisher::handleHandshakeDone()
{
    m_connectTimer.stop();
    m_failedAttempts = 0;
    m_lastConnectWarning.invalidate();
    m_suppressedConnectWarnings = 0;
    if (m_everConnected)
        ++m_counters.reconnects;
    m_everConnected = true;
    qCInfo(lcRedis, "connected to Redis at %s", qUtf8Printable(endpoint()));

    // The server may have lost everything (a restart without persistence, a failover) and
    // commands in flight when the last connection dropped may never have landed, so every
    // key's latest value goes out again at once.
    for (auto it = m_latest.begin(); it != m_latest.end(); ++it) {
        if (!it->pending) {
            it->pending = true;
            m_pendingKeys.append(it.key());
        }
    }
    setState(State::Connected);
    flush();
}

void RedisPublisher::handleConnectFailure(const QString &reason)
{
    m_connectTimer.stop();
    ++m_counters.failures;
    ++m_failedAttempts;
    const qint64 delay = scheduleReconnect();
    setError(QStringLiteral("cannot connect to Redis at %1: %2").arg(endpoint(), reason));
    setState(State::Disconnected);

    if (rateLimit(m_lastConnectWarning, m_suppressedConnectWarnings)) {
        qCWarning(lcRedis, "%s; retrying in %lld ms%s", qUtf8Printable(m_errorString), delay,
                  qUtf8Printable(suppressedNote(m_suppressedConnectWarnings)));
    }
}

void RedisPublisher::handleConnectionLost(const QString &reason)
{
    const bool wasDraining = std::exchange(m_draining, false);
    // Trades queued since the last flush would arrive late; drop them like any trade while down.
    dropPendingMessages();

    if (!m_running && wasDraining) {
        qCInfo(lcRedis, "disconnected from Redis at %s", qUtf8Printable(endpoint()));
        setState(State::Disconnected);
        return;
    }
    if (m_state != State::Connected) {
        handleConnectFailure(reason);
        return;
    }

    const qint64 delay = scheduleReconnect();
    setError(QStringLiteral("connection to Redis at %1 lost: %2").arg(endpoint(), reason));
    setState(State::Disconnected);
    qCWarning(lcRedis, "%s; %lld keys pending, reconnecting in %lld ms",
              qUtf8Printable(m_errorString), qint64(m_pendingKeys.size()), delay);
}

void RedisPublisher::handleConnectTimeout()
{
    dropContext();
    handleConnectFailure(
            QStringLiteral("no answer within %1 ms").arg(qint64(m_config.connectTimeout.count())));
}

void RedisPublisher::dropContext()
{
    m_connectTimer.stop();
    if (m_lookupId >= 0)
        QHostInfo::abortHostLookup(std::exchange(m_lookupId, -1));
    if (!m_context)
        return;

    // With no publisher behind the context, the callbacks hiredis runs while freeing it are
    // ignored; the commands they stand for are counted as lost here instead. Called from one
    // of hiredis's callbacks, the free itself waits until that callback returns.
    redisAsyncContext *context = std::exchange(m_context, nullptr);
    context->data = nullptr;
    redisAsyncFree(context);
    m_counters.failures += quint64(m_inFlight);
    m_inFlight = 0;
    m_bytesInFlight = 0;
    m_draining = false;
}

qint64 RedisPublisher::scheduleReconnect()
{
    if (!m_running)
        return -1;

    // Exponential backoff with "equal jitter": half the delay fixed, half random, so that many
    // publishers losing the same server do not all come back in the same millisecond.
    const qint64 base = m_config.minReconnectDelay.count();
    const qint64 cap = m_config.maxReconnectDelay.count();
    const int doublings = qMin(qMax(m_failedAttempts - 1, 0), kMaxBackoffDoublings);
    const qint64 delay = qMax<qint64>(qMin(cap, base << doublings), 1);
    const qint64 jittered = delay / 2 + QRandomGenerator::global()->bounded(delay / 2 + 1);
    m_reconnectTimer.start(std::chrono::milliseconds(jittered));
    return jittered;
}

void RedisPublisher::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void RedisPublisher::setError(const QString &error)
{
    m_errorString = error;
    Q_EMIT errorOccurred(error);
}

bool RedisPublisher::sendCommand(Command command, std::initializer_list<QByteArrayView> arguments)
{
    std::array<const char *, 4> argv{};
    std::array<size_t, 4> lengths{};
    Q_ASSERT(arguments.size() <= argv.size());
    int count = 0;
    qint64 bytes = 0;
    for (QByteArrayView argument : arguments) {
        argv[count] = argument.isNull() ? "" : argument.data();
        lengths[count] = size_t(argument.size());
        bytes += argument.size();
        ++count;
    }

    static_assert(static_cast<quintptr>(Command::Del) <= kCommandMask);
    const quintptr bits = (quintptr(bytes) << kCommandBits) | static_cast<quintptr>(command);
    if (redisAsyncCommandArgv(m_context, &RedisPublisher::onReply, reinterpret_cast<void *>(bits),
                              count, argv.data(), lengths.data()) != REDIS_OK) {
        ++m_counters.failures;
        return false;
    }
    if (command == Command::Set || command == Command::Publish || command == Command::Del) {
        ++m_inFlight;
        m_bytesInFlight += bytes;
    }
    return true;
}

void RedisPublisher::dropPendingMessages()
{
    m_counters.droppedMessages += quint64(m_pendingMessages.size());
    m_pendingMessages.clear();
}

void RedisPublisher::releaseNotifiers()
{
    // hiredis cleans up from inside our own notifier's activation, so the notifiers are
    // disabled now and deleted once that activation has returned.
    for (QSocketNotifier *notifier :
         {std::exchange(m_readNotifier, nullptr), std::exchange(m_writeNotifier, nullptr)}) {
        if (notifier) {
            notifier->setEnabled(false);
            notifier->deleteLater();
        }
    }
}

bool RedisPublisher::rateLimit(QElapsedTimer &lastLog, quint64 &suppressed)
{
    if (lastLog.isValid() && lastLog.elapsed() < kWarningIntervalMs) {
        ++suppressed;
        return false;
    }
    lastLog.start();
    return true;
}

} // namespace md
