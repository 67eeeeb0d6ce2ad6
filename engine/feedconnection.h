#ifndef MD_ENGINE_FEEDCONNECTION_H
#define MD_ENGINE_FEEDCONNECTION_H

#include "ratelimitedwarning.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QStringEncoder>
#include <QStringList>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <functional>
#include <string_view>
#include <vector>

class QWebSocket;

namespace md {

// One WebSocket connection to a Binance combined stream (/stream?streams=a/b/c), driven by the
// Qt event loop of the thread that created it; nothing here blocks. It reconnects on its own
// with capped, jittered exponential backoff and never gives up until stop(). It closes a socket
// that has gone silent (data watchdog), and replaces the connection before Binance's 24 hour cut
// and when the server announces a shutdown: a fresh socket is opened first and the old one is
// closed only once the fresh one is up. Text messages go to one handler as UTF-8, without a
// per-message allocation once the buffer has grown to the largest message.
class FeedConnection : public QObject
{
    Q_OBJECT

public:
    enum class State : quint8 {
        Stopped,    // not started, or stop() was called
        Connecting, // opening a socket: TCP, TLS and the WebSocket handshake
        Connected,  // messages flow to the handler
        Waiting,    // backing off before the next attempt
    };
    Q_ENUM(State)

    // Durations are milliseconds so that tests can shrink them; seconds and minutes convert.
    struct Options
    {
        // wss://stream.binance.com:9443 for spot; wss://fstream.binance.com/public (book data)
        // or wss://fstream.binance.com/market (trades, klines) for USD-M. The path is kept.
        QUrl baseUrl;
        // Stream names such as btcusdt@depth@100ms; symbols are lowercased. At most 1024.
        QStringList streams;
        // Shown in logs, for example "spot-1".
        QString name;
        std::chrono::milliseconds reconnectMin{500};
        std::chrono::milliseconds reconnectMax{30'000};
        // An open socket that delivers no message for this long is closed and reopened; 0 turns
        // the watchdog off. Choose it longer than the quietest stream on the connection is
        // ever silent: a depth stream of an idle symbol sends nothing while its book is still.
        std::chrono::milliseconds watchdog{30'000};
        // Binance closes every connection after 24 hours; the replacement starts this long
        // after a connection opened, minus up to 1/32 of it at random.
        std::chrono::milliseconds plannedReconnect{std::chrono::minutes(23 * 60 + 30)};
        // A connect attempt (TCP, TLS, handshake) that has not finished by then is abandoned.
        std::chrono::milliseconds connectTimeout{10'000};
        // A connection that stayed up this long resets the backoff to reconnectMin.
        std::chrono::milliseconds healthyAfter{60'000};
    };

    struct Counters
    {
        quint64 messages = 0;          // text messages received
        quint64 bytes = 0;             // their UTF-8 size
        quint64 reconnects = 0;        // connections established after the first one
        quint64 watchdogTimeouts = 0;  // silent connections closed by the watchdog
        quint64 binaryFrames = 0;      // binary messages, which Binance's JSON streams never send
        quint64 shutdownNotices = 0;   // serverShutdown events received
        quint64 plannedReconnects = 0; // replacements before the 24 hour cut
        qint64 lastMessageTime = 0;    // steady clock, ms since its epoch; 0 before the first
    };

    // Called for every text message with its UTF-8 bytes, except serverShutdown events, which
    // are handled here. The bytes stay valid until the handler returns and are followed by
    // capacity - size >= 64 readable bytes, the padding simdjson needs to parse in place.
    using MessageHandler = std::function<void(const char *data, size_t size, size_t capacity)>;
    // Called for every text message, serverShutdown included, with its UTF-8 bytes as received
    // and before anything reads them; for recording. The bytes stay valid until it returns.
    using RawObserver = std::function<void(std::string_view bytes)>;

    static constexpr int maxStreams = 1024;     // Binance's limit per connection
    static constexpr size_t bufferPadding = 64; // spare bytes after every message

    explicit FeedConnection(Options options, QObject *parent = nullptr);
    ~FeedConnection() override;

    void setMessageHandler(MessageHandler handler);
    void setRawObserver(RawObserver observer);

    // Changes the streams of a running connection without reconnecting: Binance's live
    // SUBSCRIBE and UNSUBSCRIBE requests on the open socket, at most two requests every
    // half second (Binance allows 5 incoming messages a second per connection). Reconnects use
    // the new list. Streams already there or absent are skipped.
    void addStreams(const QStringList &streams);
    void removeStreams(const QStringList &streams);
    const QStringList &streams() const { return m_options.streams; }

    // Validates the options and connects. Returns false, with errorString() set and
    // errorOccurred() emitted, when they cannot work (no streams, more than 1024, a bad URL).
    bool start();
    // Closes the sockets and cancels every timer. Emits disconnected() if it was connected.
    void stop();

    State state() const { return m_state; }
    QString errorString() const { return m_errorString; }
    const QString &name() const { return m_options.name; }
    // The combined-stream URL, valid after construction even when start() would refuse it.
    QUrl url() const { return m_url; }
    const Counters &counters() const { return m_counters; }
    // The backoff chosen for the current wait (state Waiting) or, after it, the last one.
    std::chrono::milliseconds reconnectDelay() const { return m_reconnectDelay; }

Q_SIGNALS:
    void connected();
    // The connection that delivered messages is gone: closed, failed, silent, or replaced by a
    // fresh one. Binance's update ids ran on meanwhile, so the owner must rebuild every order
    // book fed by this connection from a new snapshot. A replacement emits connected() right
    // after this. Do not delete the object from a slot connected here; use deleteLater().
    void disconnected(const QString &reason);
    void stateChanged(md::FeedConnection::State state);
    void errorOccurred(const QString &errorString);

private:
    QWebSocket *createSocket();
    void dropSocket(QWebSocket *&socket);
    void handleSocketConnected(QWebSocket *socket);
    void handleSocketLost(QWebSocket *socket);
    void handleTextMessage(const QString &message);
    void handleServerShutdown(const char *data, size_t size);
    void handleTick();
    void setStreams(const QStringList &streams);
    void sendSubscriptionChanges();
    void sendControlRequest(const char *method, const QStringList &streams);
    void handleRetryTimer();
    void startPlannedTimer();
    void startReplacement(const QString &why);
    void openReplacement();
    void retryReplacement(const QString &reason);
    void switchToReplacement();
    void loseConnection(const QString &reason, bool warn = true);
    void scheduleRetry();
    std::chrono::milliseconds nextBackoff();
    QString socketFailure(const QWebSocket *socket) const;
    void setState(State state);
    void warnRateLimited(const QString &message);

    Options m_options;
    QUrl m_url;
    QString m_configError;
    MessageHandler m_handler;
    RawObserver m_rawObserver;

    QWebSocket *m_socket = nullptr;      // the connection that delivers messages
    QWebSocket *m_replacement = nullptr; // a fresh connection opening to take over
    QStringList m_socketStreams;         // what m_socket carries: its URL and requests since
    QStringList m_replacementStreams;    // what m_replacement's URL asked for
    QTimer m_controlTimer;               // paces SUBSCRIBE and UNSUBSCRIBE requests
    int m_nextRequestId = 1;
    QString m_replacementReason;
    qint64 m_socketSince = 0;      // steady ms: m_socket's attempt began, or it connected
    qint64 m_replacementSince = 0; // steady ms: m_replacement's attempt began
    QTimer m_tickTimer;            // watchdog and connect timeouts
    QTimer m_retryTimer;           // backoff before reopening m_socket or m_replacement
    QTimer m_plannedTimer;         // the replacement before the 24 hour cut
    State m_state = State::Stopped;
    bool m_everConnected = false;
    int m_failures = 0; // consecutive attempts or connections that ended before healthyAfter
    std::chrono::milliseconds m_reconnectDelay{0};
    QString m_errorString;
    Counters m_counters;

    // Text messages arrive as UTF-16 and are encoded back to UTF-8 into this one buffer.
    QStringEncoder m_encoder{QStringEncoder::Utf8, QStringConverter::Flag::Stateless};
    std::vector<char> m_buffer;

    RateLimitedWarning m_warning;
};

} // namespace md

#endif // MD_ENGINE_FEEDCONNECTION_H
