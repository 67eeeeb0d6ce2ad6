#include "replayserver.h"

#include "replayclient.h"
#include "replaylogging.h"
#include "replayrecording.h"
#include "sharedportserver.h"
#include "streamroute.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>
#include <QWebSocket>

#include <algorithm>

namespace md {

namespace {

// Messages played per event-loop pass, so that REST requests and socket writes keep flowing.
constexpr int MaxMessagesPerPass = 256;
// A recorded pause longer than this is waited out in steps, keeping the timer's range.
constexpr qint64 MaxTimerStepMs = 60'000;
constexpr int DrainPollMs = 20;
constexpr qint64 NsPerMs = 1'000'000;

HttpResponse notFound()
{
    return HttpResponse::binanceError(404, -1, "Not found.");
}

} // namespace

ReplayServer::ReplayServer(ReplayRecording &recording, const ServeOptions &options, QObject *parent)
    : QObject(parent)
    , m_recording(recording)
    , m_options(options)
    , m_depth(recording,
              DepthEndpoint::Faults{options.snapshotErrorStatus, options.snapshotErrorCount,
                                    options.retryAfterSeconds})
    , m_server(new SharedPortServer(
              [this](const HttpRequest &request, const QHostAddress &peer) {
                  return handleHttp(request, peer);
              },
              [this](const HttpRequest &request) { return checkUpgrade(request); }, this))
{
    m_playTimer.setSingleShot(true);
    m_playTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_playTimer, &QTimer::timeout, this, &ReplayServer::play);
    m_pingTimer.setInterval(std::chrono::seconds(options.pingIntervalSeconds));
    connect(&m_pingTimer, &QTimer::timeout, this, &ReplayServer::pingClients);
    connect(m_server, &SharedPortServer::webSocketConnected, this, &ReplayServer::onWebSocket);
}

ReplayServer::~ReplayServer()
{
    // Clients go first: their TCP sockets are children of the listening server, which would
    // otherwise delete them under their QWebSockets.
    qDeleteAll(m_clients);
}

bool ReplayServer::listen()
{
    if (!m_server->listen(m_options.host, m_options.port))
        return false;
    m_pingTimer.start();
    qCInfo(lcReplay,
           "listening on %s port %u: WebSocket /ws/<stream> and /stream?streams=..."
           " (also under /public and /market), REST /api/v3/depth, /fapi/v1/depth and "
           "/replay/status",
           qPrintable(m_options.host.toString()), unsigned(m_server->serverPort()));
    return true;
}

QString ReplayServer::errorString() const
{
    return m_server->errorString();
}

quint16 ReplayServer::serverPort() const
{
    return m_server->serverPort();
}

std::optional<HttpResponse> ReplayServer::checkUpgrade(const HttpRequest &request) const
{
    const std::optional<StreamRoute> route = StreamRoute::parse(request.path, request.query);
    if (!route)
        return notFound();
    if (!route->problem.isEmpty())
        return HttpResponse::binanceError(400, -1100, route->problem.toUtf8());
    if (m_clients.size() >= MaxClients)
        return HttpResponse::binanceError(503, -1001, "Too many connections.");
    return std::nullopt;
}

HttpResponse ReplayServer::handleHttp(const HttpRequest &request, const QHostAddress &peer)
{
    if (request.path == QLatin1String("/api/v3/depth"))
        return m_depth.handle(Market::Spot, request.query, peer);
    if (request.path == QLatin1String("/fapi/v1/depth"))
        return m_depth.handle(Market::UsdM, request.query, peer);
    if (request.path == QLatin1String("/replay/status"))
        return status();
    if (StreamRoute::parse(request.path, request.query))
        return HttpResponse::binanceError(426, -1, "Connect with a WebSocket client.");
    return notFound();
}

HttpResponse ReplayServer::status() const
{
    QJsonObject symbols;
    for (const ReplayRecording::Symbol &symbol : m_recording.symbols()) {
        if (!symbol.hasDepth)
            continue;
        QString key = QString::fromStdString(symbol.name);
        if (symbols.contains(key))
            key += QLatin1String(":") + marketName(symbol.market);
        symbols.insert(key,
                       QJsonObject{
                               {QStringLiteral("market"), marketName(symbol.market)},
                               {QStringLiteral("lastUpdateId"), symbol.reference->lastUpdateId()},
                               {QStringLiteral("depthEvents"), qint64(symbol.depthEventsPlayed)},
                               {QStringLiteral("synced"), symbol.reference->isSynced()},
                       });
    }
    const QJsonObject status{
            {QStringLiteral("finished"), m_finished},
            {QStringLiteral("started"), m_clock.isValid()},
            {QStringLiteral("position"), qint64(m_position)},
            {QStringLiteral("total"), qint64(m_recording.messages().size())},
            {QStringLiteral("clients"), qint64(m_clients.size())},
            {QStringLiteral("symbols"), symbols},
    };
    return HttpResponse::json(200, QJsonDocument(status).toJson(QJsonDocument::Compact));
}

void ReplayServer::onWebSocket(QWebSocket *socket)
{
    const QUrl url = socket->requestUrl();
    const std::optional<StreamRoute> route = StreamRoute::parse(url.path(), QUrlQuery(url));
    if (!route || !route->problem.isEmpty()) {
        qCWarning(lcReplay, "closing a WebSocket on an unexpected path %s", qPrintable(url.path()));
        socket->deleteLater();
        return;
    }

    auto *client =
            new ReplayClient(socket, *route, m_recording,
                             ReplayClient::Faults{m_options.dropAfter, m_options.stallAfter}, this);
    m_clients.append(client);
    connect(client, &ReplayClient::closed, this, [this, client] { onClientClosed(client); });
    connect(client, &ReplayClient::drained, this, &ReplayServer::onClientDrained);
    qCInfo(lcReplay, "client %s connected to %s (%s), streams: %s", qPrintable(client->peer()),
           qPrintable(url.path()), route->combined ? "combined" : "raw",
           qPrintable(client->streams().join(QLatin1Char(' '))));

    if (!m_clock.isValid()) {
        const QString pace = m_options.maxSpeed ? QStringLiteral("max speed")
                                                : QStringLiteral("speed %1").arg(m_options.speed);
        qCInfo(lcReplay, "playback started: %zu messages at %s", m_recording.messages().size(),
               qPrintable(pace));
        m_clock.start();
        scheduleNext();
    }
}

void ReplayServer::onClientClosed(ReplayClient *client)
{
    m_clients.removeOne(client);
    client->deleteLater();
}

void ReplayServer::onClientDrained()
{
    if (!m_waitingForDrain)
        return;
    m_waitingForDrain = false;
    m_playTimer.start(0);
}

void ReplayServer::play()
{
    if (m_options.maxSpeed) {
        playUnpaced();
        return;
    }

    const qint64 elapsedNs = m_clock.nsecsElapsed();
    for (int budget = MaxMessagesPerPass; budget > 0; --budget) {
        if (m_position >= m_recording.messages().size() || dueNs(m_position) > elapsedNs)
            break;
        playOne();
    }
    scheduleNext();
}

void ReplayServer::playUnpaced()
{
    // The timeline may only run ahead as far as every client keeps up, so nothing queues the
    // whole recording in memory; a client that stopped reading altogether is let go.
    m_waitingForDrain = false;
    const QList<ReplayClient *> clients = m_clients;
    for (ReplayClient *client : clients) {
        if (client->bufferedBytes() <= MaxSpeedWindowBytes)
            continue;
        if (client->msSinceDrain() > SlowClientTimeoutMs) {
            client->drop(QStringLiteral("nothing of its send buffer was read for %1 ms")
                                 .arg(SlowClientTimeoutMs));
            continue;
        }
        m_waitingForDrain = true;
    }
    if (m_waitingForDrain) {
        m_playTimer.start(DrainPollMs);
        return;
    }

    for (int budget = MaxMessagesPerPass; budget > 0 && m_position < m_recording.messages().size();
         --budget) {
        playOne();
    }
    scheduleNext();
}

void ReplayServer::playOne()
{
    const size_t index = m_position++;
    const ReplayRecording::Message &message = m_recording.messages()[index];
    m_recording.play(index);
    if (message.kind == StreamKind::Snapshot)
        return;

    if (message.skipped) {
        const ReplayRecording::Symbol &symbol = m_recording.symbols()[size_t(message.symbol)];
        const DepthUpdate &event = m_recording.lastPlayedDepth();
        qCInfo(lcReplay,
               "withholding %s %s depth event #%u (U=%lld u=%lld) from every client "
               "(--skip-depth)",
               qPrintable(marketName(symbol.market)), symbol.name.c_str(), message.depthIndex,
               static_cast<long long>(event.firstUpdateId),
               static_cast<long long>(event.finalUpdateId));
        return;
    }

    // A copy: a client that fails while being sent to leaves the list, but not before the loop
    // ends, as it is only deleted later.
    const QList<ReplayClient *> clients = m_clients;
    for (ReplayClient *client : clients)
        client->deliver(message);
}

void ReplayServer::scheduleNext()
{
    if (m_position >= m_recording.messages().size()) {
        if (!m_finished) {
            m_finished = true;
            qCInfo(lcReplay, "playback finished: %zu messages in %.1f s; connections stay open",
                   m_recording.messages().size(), double(m_clock.elapsed()) / 1000.0);
        }
        return;
    }
    if (m_options.maxSpeed) {
        m_playTimer.start(0);
        return;
    }
    const qint64 waitNs = dueNs(m_position) - m_clock.nsecsElapsed();
    const qint64 waitMs = std::clamp<qint64>((waitNs + NsPerMs - 1) / NsPerMs, 0, MaxTimerStepMs);
    m_playTimer.start(int(waitMs));
}

qint64 ReplayServer::dueNs(size_t index) const
{
    const auto &messages = m_recording.messages();
    const qint64 recordedNs = messages[index].receiveTimeNs - messages.front().receiveTimeNs;
    return qint64(double(recordedNs) / m_options.speed);
}

void ReplayServer::pingClients()
{
    for (ReplayClient *client : std::as_const(m_clients))
        client->ping();
}

} // namespace md
