#ifndef MD_ENGINE_REDISPUBLISHER_H
#define MD_ENGINE_REDISPUBLISHER_H

#include <QByteArray>
#include <QByteArrayView>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <initializer_list>
#include <utility>

class QHostInfo;
class QSocketNotifier;
struct redisAsyncContext;

namespace md {

// Publishes the latest value of each key (SET, optionally PUBLISH) and trade messages (PUBLISH)
// to Redis through hiredis's asynchronous API, driven by the Qt event loop: nothing here blocks.
// While Redis is unreachable it keeps only the latest value per key, reconnects with capped,
// jittered exponential backoff and, once connected again, resends every key's latest value at
// once. It lives on the thread that created it and must only be used from there; slots connected
// to its signals may run inside hiredis callbacks, so they delete it with deleteLater() only.
// Constructing one ignores SIGPIPE process-wide, because hiredis writes with plain write(2).
class RedisPublisher : public QObject
{
    Q_OBJECT

public:
    enum class State : quint8 {
        Disconnected, // not started, stopped, or waiting to retry
        Connecting,   // resolving, connecting or authenticating
        Connected,    // handshake done: commands are being sent
    };
    Q_ENUM(State)

    struct Config
    {
        // redis://[user@]host[:port][/db]; a password in the URL is rejected because URLs end
        // up on command lines and in logs.
        QString url = QStringLiteral("redis://127.0.0.1:6379/0");
        // Prepended to every key and channel, for example "md:".
        QByteArray keyPrefix;
        // Where the password comes from: the name of an environment variable, or a file whose
        // content (minus trailing whitespace) is the password. At most one of the two.
        QString passwordEnvironment;
        QString passwordFile;
        // Covers name lookup, TCP connect and the AUTH/SELECT handshake.
        std::chrono::milliseconds connectTimeout{3000};
        std::chrono::milliseconds minReconnectDelay{100};
        std::chrono::milliseconds maxReconnectDelay{5000};
        // Trade messages queued between two flushes, and bytes sent but not acknowledged,
        // beyond which trade messages are dropped and keys wait: bounds memory when Redis
        // stalls without closing the connection or the feed outruns the network.
        qsizetype maxPendingMessages = 100'000;
        qint64 maxBytesInFlight = 8 * 1024 * 1024;
    };

    struct Counters
    {
        quint64 publishes = 0;       // SET and PUBLISH commands Redis acknowledged
        quint64 failures = 0;        // failed connects, error replies, commands lost in transit
        quint64 reconnects = 0;      // connections established after the first one
        quint64 droppedMessages = 0; // trade messages dropped because Redis was unavailable
    };

    explicit RedisPublisher(Config config, QObject *parent = nullptr);
    ~RedisPublisher() override;

    // Validates the configuration and starts connecting. Returns false, with errorString()
    // set and errorOccurred() emitted, when the URL or the password source is unusable.
    bool start();
    // Stops reconnecting. A live connection is closed once Redis has answered what was sent.
    void stop();

    // Remembers payload as the latest value of key; the next flush() sends SET key payload
    // and, if publish was asked for by any update since the last flush, PUBLISH key payload.
    void setLatest(const QByteArray &key, const QByteArray &payload, bool publish);
    // Queues PUBLISH channel payload for the next flush(); dropped and counted while Redis is
    // not connected, since a late trade is worse than a missing one.
    void publishMessage(const QByteArray &channel, const QByteArray &payload);
    // Forgets key's latest value and deletes the key from Redis with the next flush(), or the
    // first one once connected.
    void remove(const QByteArray &key);
    // Sends everything pending as one pipelined batch. Does nothing until connected.
    void flush();

    State state() const { return m_state; }
    QString errorString() const { return m_errorString; }
    const Counters &counters() const { return m_counters; }
    qsizetype pendingKeys() const { return m_pendingKeys.size(); }
    qsizetype pendingMessages() const { return m_pendingMessages.size(); }
    // host:port/db as parsed from the URL, for logs and status pages.
    QString endpoint() const;

Q_SIGNALS:
    void stateChanged(md::RedisPublisher::State state);
    void errorOccurred(const QString &errorString);

private:
    enum class Command : quintptr {
        Auth = 1,
        Select,
        Set,
        Publish,
        Del,
    };

    struct Entry
    {
        QByteArray payload;
        bool publish = false;
        bool pending = false;
    };

    // hiredis callbacks; the context's data pointer leads back to the publisher.
    static void onConnect(const redisAsyncContext *context, int status);
    static void onDisconnect(const redisAsyncContext *context, int status);
    static void onReply(redisAsyncContext *context, void *reply, void *tag);
    // hiredis event-library hooks, implemented with QSocketNotifier.
    static void onAddRead(void *publisher);
    static void onDelRead(void *publisher);
    static void onAddWrite(void *publisher);
    static void onDelWrite(void *publisher);
    static void onCleanup(void *publisher);

    bool parseUrl(QString &error);
    bool readPassword(QString &error);
    void connectToServer();
    void handleHostLookup(const QHostInfo &info);
    void openConnection(const QString &address);
    void handleTcpConnected();
    void handleReply(Command command, qint64 bytes, const void *reply);
    void handleHandshakeDone();
    void handleConnectFailure(const QString &reason);
    void handleConnectionLost(const QString &reason);
    void handleConnectTimeout();
    void dropContext();
    qint64 scheduleReconnect(); // the delay chosen, in ms
    void setState(State state);
    void setError(const QString &error);
    bool sendCommand(Command command, std::initializer_list<QByteArrayView> arguments);
    void dropPendingMessages();
    void releaseNotifiers();
    bool rateLimit(QElapsedTimer &lastLog, quint64 &suppressed);

    Config m_config;
    QString m_host;
    quint16 m_port = 6379;
    int m_database = 0;
    QByteArray m_username;
    QByteArray m_password;
    bool m_hasPassword = false;

    redisAsyncContext *m_context = nullptr;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    QTimer m_reconnectTimer;
    QTimer m_connectTimer;
    int m_lookupId = -1;
    State m_state = State::Disconnected;
    bool m_running = false;
    bool m_draining = false; // stop() waits for Redis to answer what was sent
    bool m_everConnected = false;
    int m_failedAttempts = 0;
    QString m_errorString;
    Counters m_counters;

    QHash<QByteArray, Entry> m_latest;
    QList<QByteArray> m_pendingKeys;
    QList<QByteArray> m_pendingDeletes;
    QList<std::pair<QByteArray, QByteArray>> m_pendingMessages;
    qsizetype m_inFlight = 0; // SET and PUBLISH commands sent and not yet answered
    qint64 m_bytesInFlight = 0;

    QElapsedTimer m_lastConnectWarning;
    quint64 m_suppressedConnectWarnings = 0;
    QElapsedTimer m_lastReplyWarning;
    quint64 m_suppressedReplyWarnings = 0;
};

} // namespace md

#endif // MD_ENGINE_REDISPUBLISHER_H
