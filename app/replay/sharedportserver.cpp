#include "sharedportserver.h"

#include "replaylogging.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

namespace md {

namespace {

constexpr QByteArrayView EndOfHead("\r\n\r\n");
constexpr std::chrono::milliseconds LingerMs{200};

QString peerName(const QTcpSocket *socket)
{
    return socket->peerAddress().toString() + QLatin1Char(':') +
           QString::number(socket->peerPort());
}

} // namespace

SharedPortServer::SharedPortServer(HttpHandler http, UpgradeCheck upgradeCheck, QObject *parent)
    : QObject(parent)
    , m_http(std::move(http))
    , m_upgradeCheck(std::move(upgradeCheck))
    , m_tcpServer(new QTcpServer(this))
    , m_webSocketServer(new QWebSocketServer(QStringLiteral("market-data-replay"),
                                             QWebSocketServer::NonSecureMode, this))
{
    connect(m_tcpServer, &QTcpServer::newConnection, this, &SharedPortServer::onNewConnection);
    connect(m_webSocketServer, &QWebSocketServer::newConnection, this, [this] {
        while (QWebSocket *socket = m_webSocketServer->nextPendingConnection())
            Q_EMIT webSocketConnected(socket);
    });
}

SharedPortServer::~SharedPortServer() = default;

bool SharedPortServer::listen(const QHostAddress &address, quint16 port)
{
    if (m_tcpServer->listen(address, port))
        return true;
    m_errorString =
            QStringLiteral("cannot listen on %1 port %2: %3")
                    .arg(address.toString(), QString::number(port), m_tcpServer->errorString());
    return false;
}

quint16 SharedPortServer::serverPort() const
{
    return m_tcpServer->serverPort();
}

void SharedPortServer::onNewConnection()
{
    while (QTcpSocket *socket = m_tcpServer->nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        if (m_httpConnections.size() >= m_limits.maxHttpConnections) {
            qCWarning(lcReplay, "refusing %s: %d connections already wait for a request",
                      qPrintable(peerName(socket)), int(m_httpConnections.size()));
            socket->write(HttpResponse::binanceError(503, -1001, "Too many connections.")
                                  .serialize(false));
            socket->disconnectFromHost();
            continue;
        }

        // The head is only peeked at, so the buffer must not grow past what a head may take.
        socket->setReadBufferSize(HttpRequest::MaxHeadBytes);
        auto *timer = new QTimer(socket);
        timer->setSingleShot(true);
        timer->start(m_limits.requestTimeout);
        m_httpConnections.insert(socket, timer);
        connect(timer, &QTimer::timeout, this, [this, socket] { onTimeout(socket); });
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { inspect(socket); });
        connect(socket, &QTcpSocket::disconnected, this,
                [this, socket] { m_httpConnections.remove(socket); });
    }
}

void SharedPortServer::inspect(QTcpSocket *socket)
{
    // Pipelined requests are answered in order, as long as each keeps the connection open.
    while (m_httpConnections.contains(socket) && socket->bytesAvailable() > 0) {
        if (!handleRequest(socket))
            return;
    }
}

bool SharedPortServer::handleRequest(QTcpSocket *socket)
{
    const QByteArray peeked = socket->peek(HttpRequest::MaxHeadBytes);
    const qsizetype end = peeked.indexOf(EndOfHead);
    const qsizetype bareEnd = peeked.indexOf("\n\n");
    if (bareEnd >= 0 && (end < 0 || bareEnd < end)) {
        refuse(socket, 400, QStringLiteral("request lines must end in CRLF"));
        return false;
    }
    if (end < 0) {
        if (peeked.size() >= HttpRequest::MaxHeadBytes)
            refuse(socket, 431, QStringLiteral("request head larger than 8 KiB"));
        return false;
    }

    const qsizetype headSize = end + EndOfHead.size();
    QString error;
    const std::optional<HttpRequest> request =
            HttpRequest::parse(QByteArrayView(peeked).first(headSize), error);
    if (!request) {
        refuse(socket, 400, error);
        return false;
    }

    if (request->isWebSocketUpgrade()) {
        if (const std::optional<HttpResponse> refusal = m_upgradeCheck(*request)) {
            qCWarning(lcReplay, "refusing WebSocket %s from %s (status %d)",
                      request->target.constData(), qPrintable(peerName(socket)), refusal->status);
            answer(socket, *refusal, false);
            return false;
        }
        upgrade(socket);
        return false;
    }

    // Only bodiless GETs are served, so nothing after the head belongs to this request.
    socket->skip(headSize);
    if (request->method != "GET") {
        HttpResponse response = HttpResponse::binanceError(405, -1, "Method not allowed.");
        response.headers.append({QByteArrayLiteral("Allow"), QByteArrayLiteral("GET")});
        answer(socket, response, false);
        return false;
    }
    const QByteArray length = request->header("content-length");
    if ((!length.isNull() && length != "0") || !request->header("transfer-encoding").isNull()) {
        refuse(socket, 400, QStringLiteral("a GET request must not carry a body"));
        return false;
    }

    const bool keepAlive = request->keepsAlive();
    answer(socket, m_http(*request, socket->peerAddress()), keepAlive);
    return keepAlive;
}

void SharedPortServer::onTimeout(QTcpSocket *socket)
{
    if (socket->bytesAvailable() > 0) {
        refuse(socket, 408, QStringLiteral("request head not complete in time"));
        return;
    }
    m_httpConnections.remove(socket);
    socket->disconnectFromHost();
}

void SharedPortServer::upgrade(QTcpSocket *socket)
{
    // Everything of ours comes off the socket before QWebSocketServer takes it over; it reads
    // the handshake from the socket's buffer, which still holds the whole head.
    delete m_httpConnections.take(socket);
    disconnect(socket, nullptr, this, nullptr);
    disconnect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    socket->setReadBufferSize(0);
    m_webSocketServer->handleConnection(socket);
}

void SharedPortServer::answer(QTcpSocket *socket, const HttpResponse &response, bool keepAlive)
{
    // Written out at once: a client that half-closed its side would otherwise have the socket
    // closed under the answer when its end of stream is read.
    socket->write(response.serialize(keepAlive));
    socket->flush();
    if (keepAlive) {
        if (QTimer *timer = m_httpConnections.value(socket))
            timer->start(m_limits.requestTimeout);
        return;
    }
    delete m_httpConnections.take(socket);
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr);

    if (response.status < 400) {
        socket->disconnectFromHost();
        return;
    }

    // A refused client may still be sending. Closing a socket with unread data resets the
    // connection, and the reset can destroy the answer before the client reads it, so what
    // arrives is read and dropped for a moment before closing.
    socket->setReadBufferSize(0);
    socket->readAll();
    connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->readAll(); });
    QTimer::singleShot(LingerMs, socket, [socket] { socket->disconnectFromHost(); });
}

void SharedPortServer::refuse(QTcpSocket *socket, int status, const QString &reason)
{
    qCWarning(lcReplay, "refusing request from %s with %d: %s", qPrintable(peerName(socket)),
              status, qPrintable(reason));
    answer(socket, HttpResponse::binanceError(status, -1, reason.toUtf8()), false);
}

} // namespace md
