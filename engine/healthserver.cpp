#include "healthserver.h"

#include "logging.h"
#include "prometheustext.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QMetaEnum>

namespace md {

namespace {

using StatusCode = QHttpServerResponder::StatusCode;

constexpr qint64 rejectionLogIntervalMs = 10'000;

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return QByteArrayLiteral("GET");
    case QHttpServerRequest::Method::Put:
        return QByteArrayLiteral("PUT");
    case QHttpServerRequest::Method::Delete:
        return QByteArrayLiteral("DELETE");
    case QHttpServerRequest::Method::Post:
        return QByteArrayLiteral("POST");
    case QHttpServerRequest::Method::Head:
        return QByteArrayLiteral("HEAD");
    case QHttpServerRequest::Method::Options:
        return QByteArrayLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch:
        return QByteArrayLiteral("PATCH");
    case QHttpServerRequest::Method::Connect:
        return QByteArrayLiteral("CONNECT");
    case QHttpServerRequest::Method::Trace:
        return QByteArrayLiteral("TRACE");
    default:
        break;
    }
    return QByteArrayLiteral("UNKNOWN");
}

// QHttpServerResponder writes the reason phrase from a table of the codes it knows and
// cannot write any other, so a handler's unknown status becomes a server error.
StatusCode statusCode(int status)
{
    static const QMetaEnum codes = QMetaEnum::fromType<StatusCode>();
    return codes.valueToKey(status) ? StatusCode(status) : StatusCode::InternalServerError;
}

QString endpointText(const QString &host, quint16 port)
{
    const QString shownHost =
            host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    return shownHost + QLatin1Char(':') + QString::number(port);
}

// Why listening failed, and which setting to change about it.
QString listenFailure(const QTcpServer &server)
{
    switch (server.serverError()) {
    case QAbstractSocket::AddressInUseError:
        return QStringLiteral("address already in use; "
                              "set health.port in the config or pass --health-port");
    case QAbstractSocket::SocketAccessError:
        return QStringLiteral("permission denied; "
                              "set health.port in the config or pass --health-port");
    case QAbstractSocket::SocketAddressNotAvailableError:
        return QStringLiteral("no such address on this machine; "
                              "set health.host in the config");
    default:
        break;
    }
    return server.errorString();
}

using Headers = QList<std::pair<QByteArray, QByteArray>>;

// The responder's own write() always sends the body. After a reply to HEAD a client reads the
// next reply right after the headers, so a body there would be taken for its start; only the
// headers go out then, with the length the body of a GET would have (RFC 9110, 9.3.2).
void writeReply(QHttpServerResponder &responder, StatusCode status, const Headers &headers,
                const QByteArray &body, bool withBody)
{
    responder.writeStatusLine(status);
    for (const auto &[name, value] : headers)
        responder.writeHeader(name, value);
    responder.writeHeader(QByteArrayLiteral("Content-Length"), QByteArray::number(body.size()));
    responder.writeBody(withBody ? body : QByteArray());
}

} // namespace

HealthServer::HealthServer(Limits limits, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
    , m_http(new QHttpServer(this))
{
    // QHttpServer's router matches whole paths with typed placeholders and cannot answer 405,
    // so every request comes to one handler that routes by prefix itself.
    m_http->setMissingHandler(
            [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                dispatch(request, responder);
            });
}

HealthServer::~HealthServer()
{
    // The connections go before the routes their requests could still reach.
    delete m_tcp.data();
}

void HealthServer::addRoute(const QString &pathPrefix, Handler handler)
{
    Q_ASSERT(pathPrefix.startsWith(QLatin1Char('/')));
    m_routes.append(Route{pathPrefix, std::move(handler)});
}

bool HealthServer::listen(const QString &host, quint16 port)
{
    close();

    const QString endpoint = endpointText(host, port);
    const QHostAddress address = host == QLatin1String("localhost")
                                         ? QHostAddress(QHostAddress::LocalHost)
                                         : QHostAddress(host);
    if (address.isNull()) {
        return failListen(endpoint, QStringLiteral("\"%1\" is not an IP address; "
                                                   "set health.host in the config")
                                            .arg(host));
    }
    auto *tcp = new LimitedTcpServer(m_limits, this);
    if (!tcp->listen(address, port)) {
        const QString reason = listenFailure(*tcp);
        delete tcp;
        return failListen(endpoint, reason);
    }

    connect(tcp, &LimitedTcpServer::connectionRejected, this, &HealthServer::onRejected);
    m_http->bind(tcp);
    m_tcp = tcp;
    m_errorString.clear();
    qCInfo(lcHealth).noquote() << "listening on" << endpointText(host, tcp->serverPort());
    setState(State::Listening);
    return true;
}

bool HealthServer::failListen(const QString &endpoint, const QString &reason)
{
    // Reported once, by the owner: it knows whether the service can run on without health.
    m_errorString = QStringLiteral("cannot listen on %1: %2").arg(endpoint, reason);
    setState(State::Failed);
    Q_EMIT errorOccurred(m_errorString);
    return false;
}

void HealthServer::close()
{
    if (!m_tcp)
        return;
    delete m_tcp.data();
    qCInfo(lcHealth) << "stopped listening";
    setState(State::Idle);
}

quint16 HealthServer::serverPort() const
{
    return m_tcp ? m_tcp->serverPort() : 0;
}

int HealthServer::activeConnections() const
{
    return m_tcp ? m_tcp->activeConnections() : 0;
}

void HealthServer::writeMetrics(PrometheusText &out) const
{
    out.counter("md_health_requests_total", "HTTP requests the health server answered.",
                m_counters.requests);

    out.family("md_health_rejected_requests_total", PrometheusText::Type::Counter,
               "Connections and requests the health server refused, by reason.");
    for (const Rejection reason :
         {Rejection::ConnectionLimit, Rejection::TooLarge, Rejection::Timeout, Rejection::Malformed,
          Rejection::SlowReader}) {
        out.sample("md_health_rejected_requests_total", m_counters.rejectedFor(reason),
                   {{"reason", rejectionName(reason)}});
    }

    out.gauge("md_health_connections", "Connections open to the health server.",
              activeConnections());
}

QByteArray HealthServer::rejectionName(Rejection reason)
{
    switch (reason) {
    case Rejection::ConnectionLimit:
        return QByteArrayLiteral("connection_limit");
    case Rejection::TooLarge:
        return QByteArrayLiteral("too_large");
    case Rejection::Timeout:
        return QByteArrayLiteral("timeout");
    case Rejection::Malformed:
        return QByteArrayLiteral("malformed");
    case Rejection::SlowReader:
        return QByteArrayLiteral("slow_reader");
    }
    return QByteArrayLiteral("unknown");
}

void HealthServer::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void HealthServer::dispatch(const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    ++m_counters.requests;
    const QUrl url = request.url();
    const HttpRequestInfo info{methodName(request.method()), url.path(), QUrlQuery(url)};

    // HEAD is GET without the body, so that monitors which probe with HEAD work.
    const bool head = request.method() == QHttpServerRequest::Method::Head;
    HttpReply reply;
    const Route *route = findRoute(info.path);
    if (request.method() != QHttpServerRequest::Method::Get && !head) {
        reply = HttpReply{405, reply.contentType,
                          QByteArrayLiteral("only GET and HEAD are served\n")};
    } else if (!route) {
        reply = HttpReply{404, reply.contentType, QByteArrayLiteral("not found\n")};
    } else {
        reply = route->handler(info);
    }
    qCDebug(lcHealth).noquote() << info.method << info.path << reply.status << "for"
                                << request.remoteAddress().toString();

    Headers headers{{QByteArrayLiteral("Content-Type"), reply.contentType},
                    {QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")}};
    const StatusCode status = statusCode(reply.status);
    if (status == StatusCode::MethodNotAllowed)
        headers.append({QByteArrayLiteral("Allow"), QByteArrayLiteral("GET, HEAD")});
    writeReply(responder, status, headers, reply.body, !head);
}

const HealthServer::Route *HealthServer::findRoute(const QString &path) const
{
    const Route *best = nullptr;
    for (const Route &route : m_routes) {
        const bool matches = path == route.prefix || (route.prefix.endsWith(QLatin1Char('/')) &&
                                                      path.startsWith(route.prefix));
        if (matches && (!best || route.prefix.size() > best->prefix.size()))
            best = &route;
    }
    return best;
}

void HealthServer::onRejected(Rejection reason, const QHostAddress &peer)
{
    const auto index = size_t(reason);
    ++m_counters.rejected[index];

    // A client hammering the port must not flood the log: one line per reason and interval.
    QElapsedTimer &lastLog = m_lastRejectionLog[index];
    if (lastLog.isValid() && !lastLog.hasExpired(rejectionLogIntervalMs)) {
        ++m_unloggedRejections[index];
        return;
    }
    QString what;
    switch (reason) {
    case Rejection::ConnectionLimit:
        what = QStringLiteral("a connection beyond the limit of %1").arg(m_limits.maxConnections);
        break;
    case Rejection::TooLarge:
        what = QStringLiteral("a request larger than %1 bytes").arg(m_limits.maxRequestBytes);
        break;
    case Rejection::Timeout:
        what = QStringLiteral("a request not complete within %1 ms")
                       .arg(m_limits.requestTimeout.count());
        break;
    case Rejection::Malformed:
        what = QStringLiteral("a malformed request");
        break;
    case Rejection::SlowReader:
        what = QStringLiteral("a client leaving more than %1 bytes of replies unread")
                       .arg(LimitedTcpServer::MaxUnreadReplyBytes);
        break;
    }
    const quint64 unlogged = std::exchange(m_unloggedRejections[index], 0);
    qCWarning(lcHealth).noquote()
            << "refused" << what << "from" << peer.toString()
            << (unlogged ? QStringLiteral("(and %1 more since the last report)").arg(unlogged)
                         : QString());
    lastLog.start();
}

} // namespace md
