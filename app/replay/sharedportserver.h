#ifndef MD_APP_REPLAY_SHAREDPORTSERVER_H
#define MD_APP_REPLAY_SHAREDPORTSERVER_H

#include "httprequest.h"
#include "httpresponse.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>

#include <chrono>
#include <functional>
#include <optional>

class QTcpServer;
class QTcpSocket;
class QTimer;
class QWebSocket;
class QWebSocketServer;

namespace md {

// Serves WebSocket and plain HTTP on one listening port, as Binance's hosts do. Each new
// connection's request head is peeked at, not read: a WebSocket handshake is handed untouched to
// QWebSocketServer::handleConnection(), which reads it itself, and any other request is parsed
// by HttpRequest and answered by the HTTP handler, with keep-alive. A head must arrive within a
// time limit and a size limit, and only so many connections may wait for one. It lives on the
// thread that created it.
class SharedPortServer : public QObject
{
    Q_OBJECT

public:
    struct Limits
    {
        int maxHttpConnections = 64;
        std::chrono::milliseconds requestTimeout{10'000}; // also the keep-alive idle time
    };

    using HttpHandler = std::function<HttpResponse(const HttpRequest &, const QHostAddress &)>;
    // Empty to let a handshake go on, otherwise the HTTP response that refuses it.
    using UpgradeCheck = std::function<std::optional<HttpResponse>(const HttpRequest &)>;

    SharedPortServer(HttpHandler http, UpgradeCheck upgradeCheck, QObject *parent = nullptr);
    ~SharedPortServer() override;

    // Listens once; a taken port is reported in errorString(), never retried.
    bool listen(const QHostAddress &address, quint16 port);
    QString errorString() const { return m_errorString; }
    quint16 serverPort() const;

Q_SIGNALS:
    // A WebSocket whose handshake completed; the receiver takes ownership of it.
    void webSocketConnected(QWebSocket *socket);

private:
    void onNewConnection();
    void inspect(QTcpSocket *socket);
    // Answers one request; true when the connection stays open for another.
    bool handleRequest(QTcpSocket *socket);
    void onTimeout(QTcpSocket *socket);
    void upgrade(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const HttpResponse &response, bool keepAlive);
    void refuse(QTcpSocket *socket, int status, const QString &reason);

    HttpHandler m_http;
    UpgradeCheck m_upgradeCheck;
    Limits m_limits;
    QTcpServer *m_tcpServer = nullptr;
    QWebSocketServer *m_webSocketServer = nullptr;
    QHash<QTcpSocket *, QTimer *> m_httpConnections; // not upgraded; each with its deadline
    QString m_errorString;
};

} // namespace md

#endif // MD_APP_REPLAY_SHAREDPORTSERVER_H
