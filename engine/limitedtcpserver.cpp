#include "limitedtcpserver.h"

#include "logging.h"

#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <unistd.h>

namespace md {

namespace {

using namespace std::chrono_literals;

// How long a refused connection has to take its error response before it is cut.
constexpr auto closeGrace = 1s;

constexpr QByteArrayView serviceUnavailable = "HTTP/1.1 503 Service Unavailable\r\n"
                                              "Connection: close\r\nContent-Length: 0\r\n\r\n";
constexpr QByteArrayView payloadTooLarge = "HTTP/1.1 413 Payload Too Large\r\n"
                                           "Connection: close\r\nContent-Length: 0\r\n\r\n";
constexpr QByteArrayView requestTimeout = "HTTP/1.1 408 Request Timeout\r\n"
                                          "Connection: close\r\nContent-Length: 0\r\n\r\n";

QByteArrayView responseFor(LimitedTcpServer::Rejection reason)
{
    switch (reason) {
    case LimitedTcpServer::Rejection::ConnectionLimit:
        return serviceUnavailable;
    case LimitedTcpServer::Rejection::TooLarge:
        return payloadTooLarge;
    case LimitedTcpServer::Rejection::Timeout:
        return requestTimeout;
    case LimitedTcpServer::Rejection::Malformed:
        break; // the HTTP server has already closed the connection
    case LimitedTcpServer::Rejection::SlowReader:
        break; // a client that reads no replies would not read this one either
    }
    return {};
}

} // namespace

LimitedTcpServer::LimitedTcpServer(Limits limits, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
{
}

LimitedTcpServer::~LimitedTcpServer()
{
    // The sockets' timers report their end to m_connections, which must still exist then, and
    // connections torn down here were not rejected.
    for (Connection &connection : m_connections)
        connection.closing = true;
    qDeleteAll(findChildren<QTcpSocket *>(Qt::FindDirectChildrenOnly));
}

void LimitedTcpServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        qCWarning(lcHealth) << "cannot take a new connection:" << socket->errorString();
        delete socket;
        ::close(int(descriptor));
        return;
    }

    // Accepted and answered at once rather than left in the listen backlog, where they would
    // wait for a slot without any word to the client.
    if (m_connections.size() >= m_limits.maxConnections) {
        const QHostAddress peer = socket->peerAddress();
        socket->setReadBufferSize(1);
        connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
        socket->write(serviceUnavailable.data(), serviceUnavailable.size());
        socket->disconnectFromHost();
        QTimer::singleShot(closeGrace, socket, &QAbstractSocket::abort);
        Q_EMIT connectionRejected(Rejection::ConnectionLimit, peer);
        return;
    }

    Connection &connection = m_connections[socket];
    connection.timer = new QTimer(socket);
    connection.timer->setSingleShot(true);
    connection.timer->start(m_limits.requestTimeout);
    // One byte over the limit is enough to tell a request is too large, and a client sending
    // faster than we read then waits in its own buffers instead of ours.
    socket->setReadBufferSize(m_limits.maxRequestBytes + 1);

    // Connected before the HTTP server connects its own, so these slots see each chunk first,
    // and the socket still holds its state when it disconnects.
    connect(socket, &QIODevice::readyRead, this, [this, socket] { onReadyRead(socket); });
    // Queued, so it runs once the HTTP server has read what it takes of this chunk, and before
    // the event loop reads more from the network.
    connect(
            socket, &QIODevice::readyRead, this, [this, socket] { noteUnread(socket); },
            Qt::QueuedConnection);
    connect(socket, &QIODevice::bytesWritten, this, [this, socket] { onBytesWritten(socket); });
    connect(socket, &QAbstractSocket::disconnected, this,
            [this, socket] { onDisconnected(socket); });
    connect(connection.timer, &QTimer::timeout, this, [this, socket] { onTimeout(socket); });
    // The timer dies with the socket, whoever deletes it.
    connect(connection.timer, &QObject::destroyed, this,
            [this, socket] { m_connections.remove(socket); });

    addPendingConnection(socket);
}

void LimitedTcpServer::onReadyRead(QTcpSocket *socket)
{
    const auto it = m_connections.find(socket);
    if (it == m_connections.end() || it->closing)
        return;

    // Checked before the HTTP server takes the next request of a pipeline: a client that sends
    // requests and reads none of the replies would otherwise pile them up in our memory, a whole
    // book each, until the timeout.
    if (socket->bytesToWrite() > MaxUnreadReplyBytes) {
        reject(socket, Rejection::SlowReader);
        return;
    }

    // Only what came since the HTTP server last looked is new: it takes one request at a time
    // and leaves the next ones of a pipeline in the socket, announcing them again.
    it->requestBytes += std::max<qint64>(socket->bytesAvailable() - it->unreadBytes, 0);
    if (it->requestBytes > m_limits.maxRequestBytes)
        reject(socket, Rejection::TooLarge);
}

void LimitedTcpServer::noteUnread(QTcpSocket *socket)
{
    const auto it = m_connections.find(socket);
    if (it != m_connections.end())
        it->unreadBytes = socket->bytesAvailable();
}

void LimitedTcpServer::onBytesWritten(QTcpSocket *socket)
{
    const auto it = m_connections.find(socket);
    if (it == m_connections.end() || it->closing)
        return;

    // A response went out, so the request is complete: the next one gets a fresh allowance.
    it->requestBytes = 0;
    it->answered = true;
    it->timer->start(m_limits.requestTimeout);
}

void LimitedTcpServer::onTimeout(QTcpSocket *socket)
{
    const auto it = m_connections.find(socket);
    if (it == m_connections.end() || it->closing)
        return;

    // A kept-alive connection with nothing more to ask is simply done, not at fault.
    if (it->answered && it->requestBytes == 0) {
        qCDebug(lcHealth).noquote()
                << "closing idle connection from" << socket->peerAddress().toString();
        closeConnection(socket, {});
        return;
    }
    reject(socket, Rejection::Timeout);
}

void LimitedTcpServer::onDisconnected(QTcpSocket *socket)
{
    const auto it = m_connections.find(socket);
    if (it == m_connections.end() || it->closing)
        return;

    // Qt 6.4's HTTP server closes a connection, without a word, when it cannot parse the request
    // line. A close that is neither ours nor the client's, in the middle of a request, is that.
    const bool closedByClient = socket->error() == QAbstractSocket::RemoteHostClosedError;
    if (!closedByClient && it->requestBytes > 0) {
        it->closing = true;
        Q_EMIT connectionRejected(Rejection::Malformed, socket->peerAddress());
    }
}

void LimitedTcpServer::reject(QTcpSocket *socket, Rejection reason)
{
    const QHostAddress peer = socket->peerAddress();
    closeConnection(socket, responseFor(reason));
    Q_EMIT connectionRejected(reason, peer);
}

void LimitedTcpServer::closeConnection(QTcpSocket *socket, QByteArrayView response)
{
    Connection &connection = m_connections[socket];
    connection.closing = true;
    connection.timer->stop();

    // Whatever else arrives is not for the HTTP server to parse, nor for us to count.
    QObject::disconnect(socket, &QIODevice::readyRead, nullptr, nullptr);
    disconnect(socket, &QIODevice::bytesWritten, this, nullptr);
    socket->setReadBufferSize(1);

    // The HTTP server deletes the socket once it is closed too; deleteLater() may be called
    // twice, and this way the socket goes even if the server has let go of it.
    connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    if (!response.isEmpty())
        socket->write(response.data(), response.size());
    socket->disconnectFromHost();
    QTimer::singleShot(closeGrace, socket, &QAbstractSocket::abort);
}

} // namespace md
