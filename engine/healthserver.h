#ifndef MD_ENGINE_HEALTHSERVER_H
#define MD_ENGINE_HEALTHSERVER_H

#include "limitedtcpserver.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrlQuery>

#include <array>
#include <functional>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;

namespace md {

class PrometheusText;

struct HttpRequestInfo
{
    QByteArray method; // always GET: other methods are answered 405 before any handler runs
    QString path;      // decoded, without the query
    QUrlQuery query;
};

struct HttpReply
{
    int status = 200; // a status QHttpServerResponder knows; any other is answered 500
    QByteArray contentType = QByteArrayLiteral("text/plain; charset=utf-8");
    QByteArray body;
};

// Serves the health, metrics and snapshot endpoints over HTTP with QHttpServer, on a listening
// socket it opens itself so that a taken port is reported, not retried. Connections are held
// to the limits of LimitedTcpServer. It lives on the thread that created it; handlers run
// there too.
class HealthServer : public QObject
{
    Q_OBJECT

public:
    enum class State : quint8 { Idle, Listening, Failed };
    Q_ENUM(State)

    using Limits = LimitedTcpServer::Limits;
    using Rejection = LimitedTcpServer::Rejection;
    using Handler = std::function<HttpReply(const HttpRequestInfo &)>;
    static constexpr size_t rejectionKinds = size_t(Rejection::SlowReader) + 1;

    struct Counters
    {
        quint64 requests = 0;                           // requests answered, whatever the status
        std::array<quint64, rejectionKinds> rejected{}; // indexed by Rejection

        quint64 rejectedFor(Rejection reason) const { return rejected[size_t(reason)]; }
    };

    explicit HealthServer(Limits limits, QObject *parent = nullptr);
    ~HealthServer() override;

    // Serves GET requests for pathPrefix: the exact path, and below it when the prefix ends in
    // '/' ("/snapshot/" takes "/snapshot/BTCUSDT"). The longest matching prefix wins.
    void addRoute(const QString &pathPrefix, Handler handler);

    // Listens once; port 0 picks a free port. On failure errorString() says why and what to
    // change, errorOccurred() is emitted, and nothing is retried.
    bool listen(const QString &host, quint16 port);
    void close();

    State state() const { return m_state; }
    QString errorString() const { return m_errorString; }
    quint16 serverPort() const;
    int activeConnections() const;
    const Counters &counters() const { return m_counters; }

    // The server's own metrics: requests, rejections by reason, open connections.
    void writeMetrics(PrometheusText &out) const;

    static QByteArray rejectionName(Rejection reason);

Q_SIGNALS:
    void stateChanged(md::HealthServer::State state);
    void errorOccurred(const QString &errorString);

private:
    struct Route
    {
        QString prefix;
        Handler handler;
    };

    void setState(State state);
    bool failListen(const QString &endpoint, const QString &reason);
    void dispatch(const QHttpServerRequest &request, QHttpServerResponder &responder);
    const Route *findRoute(const QString &path) const;
    void onRejected(Rejection reason, const QHostAddress &peer);

    Limits m_limits;
    QHttpServer *const m_http;
    QPointer<LimitedTcpServer> m_tcp;
    QList<Route> m_routes;
    State m_state = State::Idle;
    QString m_errorString;
    Counters m_counters;
    // Rejections are logged at most once per interval and reason, with a count of the rest.
    std::array<QElapsedTimer, rejectionKinds> m_lastRejectionLog;
    std::array<quint64, rejectionKinds> m_unloggedRejections{};
};

} // namespace md

#endif // MD_ENGINE_HEALTHSERVER_H
