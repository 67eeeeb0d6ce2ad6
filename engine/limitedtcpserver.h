#ifndef MD_ENGINE_LIMITEDTCPSERVER_H
#define MD_ENGINE_LIMITEDTCPSERVER_H

#include <QHash>
#include <QHostAddress>
#include <QTcpServer>

#include <chrono>

class QTcpSocket;
class QTimer;

namespace md {

// A QTcpServer that guards each connection it hands to an HTTP server: connections beyond a
// limit are answered 503 and closed at once, a request larger than a limit is answered 413 and
// one not complete within a time limit 408, each closing the connection. QHttpServer (Qt 6.4)
// parses internally and buffers a request without bound, so the guard works on the socket: it
// sees each readyRead before the HTTP server does and caps the socket's read buffer. It lives
// on the thread that created it.
class LimitedTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    struct Limits
    {
        int maxConnections = 32;
        qint64 maxRequestBytes = 8192;
        std::chrono::milliseconds requestTimeout{5000};
    };

    // Replies written and not yet taken by the client beyond which no further request of it is
    // answered: a few whole books.
    static constexpr qint64 MaxUnreadReplyBytes = 4 * 1024 * 1024;

    enum class Rejection : quint8 {
        ConnectionLimit, // more connections open than allowed
        TooLarge,        // request larger than allowed
        Timeout,         // request not complete in time (slowloris)
        Malformed,       // request line the HTTP server could not parse; it closed the connection
        SlowReader,      // more replies left unread by the client than allowed
    };
    Q_ENUM(Rejection)

    explicit LimitedTcpServer(Limits limits, QObject *parent = nullptr);
    ~LimitedTcpServer() override;

    // Connections accepted and not yet closed, including those being closed after a rejection.
    int activeConnections() const { return int(m_connections.size()); }
    const Limits &limits() const { return m_limits; }

Q_SIGNALS:
    void connectionRejected(md::LimitedTcpServer::Rejection reason, const QHostAddress &peer);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    struct Connection
    {
        QTimer *timer = nullptr;
        qint64 requestBytes = 0; // received since the last response was written
        qint64 unreadBytes = 0;  // left in the socket by the HTTP server after its last read
        bool answered = false;   // a response has been written on this connection
        bool closing = false;
    };

    void onReadyRead(QTcpSocket *socket);
    void noteUnread(QTcpSocket *socket);
    void onBytesWritten(QTcpSocket *socket);
    void onTimeout(QTcpSocket *socket);
    void onDisconnected(QTcpSocket *socket);
    void reject(QTcpSocket *socket, Rejection reason);
    // Writes response, if any, then closes; the socket is deleted once it is closed.
    void closeConnection(QTcpSocket *socket, QByteArrayView response);

    Limits m_limits;
    QHash<QTcpSocket *, Connection> m_connections;
};

} // namespace md

#endif // MD_ENGINE_LIMITEDTCPSERVER_H
