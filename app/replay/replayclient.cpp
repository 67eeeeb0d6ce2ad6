#include "replayclient.h"

#include "replaylogging.h"
#include "streamroute.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QWebSocket>

namespace md {

namespace {

// Binance's error codes for requests on a market-data stream connection.
constexpr int InvalidValueType = 1;
constexpr int InvalidRequest = 2;
constexpr int InvalidJson = 3;

// A JSON value as text: `id` is echoed back in whatever type the client used.
QByteArray jsonText(const QJsonValue &value)
{
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return array.sliced(1, array.size() - 2);
}

QByteArray errorReply(int code, const QString &message, const QJsonValue &id)
{
    const QJsonObject reply{{QStringLiteral("code"), code}, {QStringLiteral("msg"), message}};
    QByteArray json = QJsonDocument(reply).toJson(QJsonDocument::Compact);
    if (!id.isUndefined()) {
        json.chop(1);
        json += ",\"id\":" + jsonText(id) + '}';
    }
    return json;
}

} // namespace

ReplayClient::ReplayClient(QWebSocket *socket, const StreamRoute &route,
                           const ReplayRecording &recording, Faults faults, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_recording(recording)
    , m_faults(faults)
    , m_combined(route.combined)
    , m_preferredMarket(route.preferredMarket)
    , m_peer(socket->peerAddress().toString() + QLatin1Char(':') +
             QString::number(socket->peerPort()))
{
    m_socket->setParent(this);
    m_socket->setMaxAllowedIncomingFrameSize(MaxIncomingMessageBytes);
    m_socket->setMaxAllowedIncomingMessageSize(MaxIncomingMessageBytes);
    m_lastDrain.start();
    subscribe(route.streams);

    connect(m_socket, &QWebSocket::textMessageReceived, this, &ReplayClient::onTextMessage);
    connect(m_socket, &QWebSocket::bytesWritten, this, [this] {
        m_lastDrain.start();
        Q_EMIT drained();
    });
    connect(m_socket, &QWebSocket::pong, this, [this](quint64 elapsedMs, const QByteArray &) {
        qCInfo(lcReplay, "pong from %s after %llu ms", qPrintable(m_peer),
               static_cast<unsigned long long>(elapsedMs));
    });
    connect(m_socket, &QWebSocket::disconnected, this, [this] {
        qCInfo(lcReplay, "client %s disconnected after %llu messages", qPrintable(m_peer),
               static_cast<unsigned long long>(m_sent));
        m_closing = true;
        Q_EMIT closed();
    });
}

ReplayClient::~ReplayClient() = default;

QStringList ReplayClient::streams() const
{
    QStringList names;
    for (const StreamSubscription &subscription : m_subscriptions)
        names.append(subscription.name);
    return names;
}

qint64 ReplayClient::bufferedBytes() const
{
    return m_socket->bytesToWrite();
}

void ReplayClient::deliver(const ReplayRecording::Message &message)
{
    for (const StreamSubscription &subscription : m_subscriptions) {
        if (m_closing || m_stalled)
            return;
        if (!subscription.matches(message))
            continue;
        // The client gets the stream under the name it asked for, whatever speed was recorded.
        if (m_combined)
            send("{\"stream\":\"" + subscription.nameUtf8 + "\",\"data\":" + message.data + '}');
        else
            send(message.data);
    }
}

void ReplayClient::send(const QByteArray &frame)
{
    m_socket->sendTextMessage(QString::fromUtf8(frame));
    ++m_sent;

    if (m_socket->bytesToWrite() > MaxBufferedBytes) {
        drop(QStringLiteral("more than %1 bytes wait in its send buffer: it does not read")
                     .arg(MaxBufferedBytes));
        return;
    }
    if (m_faults.dropAfter > 0 && m_sent >= m_faults.dropAfter) {
        qCInfo(lcReplay, "closing the connection of %s after %llu messages (--drop-after)",
               qPrintable(m_peer), static_cast<unsigned long long>(m_sent));
        m_closing = true;
        m_socket->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("drop-after"));
        return;
    }
    if (m_faults.stallAfter > 0 && m_sent >= m_faults.stallAfter) {
        qCInfo(lcReplay, "stalling %s after %llu messages, connection left open (--stall-after)",
               qPrintable(m_peer), static_cast<unsigned long long>(m_sent));
        m_stalled = true;
    }
}

void ReplayClient::ping()
{
    if (!m_closing)
        m_socket->ping(QByteArray::number(QDateTime::currentMSecsSinceEpoch()));
}

void ReplayClient::drop(const QString &reason)
{
    if (m_closing)
        return;
    qCWarning(lcReplay, "dropping client %s: %s", qPrintable(m_peer), qPrintable(reason));
    m_closing = true;
    m_socket->abort();
}

void ReplayClient::onTextMessage(const QString &text)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (!document.isObject()) {
        sendReply(errorReply(InvalidJson,
                             QStringLiteral("Invalid JSON: %1").arg(parseError.errorString()),
                             QJsonValue::Undefined));
        return;
    }

    const QJsonObject request = document.object();
    const QJsonValue id = request.value(QStringLiteral("id"));
    if (!id.isUndefined() && !id.isNull() && !id.isDouble() && !id.isString()) {
        sendReply(errorReply(InvalidValueType,
                             QStringLiteral("Invalid value type: expected integer or string"),
                             QJsonValue::Null));
        return;
    }

    const QString method = request.value(QStringLiteral("method")).toString();
    if (method == QLatin1String("LIST_SUBSCRIPTIONS")) {
        sendReply("{\"result\":" + jsonText(QJsonArray::fromStringList(streams())) +
                  ",\"id\":" + jsonText(id.isUndefined() ? QJsonValue::Null : id) + '}');
        return;
    }
    if (method != QLatin1String("SUBSCRIBE") && method != QLatin1String("UNSUBSCRIBE")) {
        sendReply(
                errorReply(InvalidRequest, QStringLiteral("Invalid request: unknown method"), id));
        return;
    }

    QStringList names;
    for (const QJsonValue &param : request.value(QStringLiteral("params")).toArray()) {
        if (!param.isString() || !StreamRoute::isValidStreamName(param.toString())) {
            sendReply(errorReply(InvalidRequest,
                                 QStringLiteral("Invalid request: invalid stream name"), id));
            return;
        }
        names.append(param.toString());
    }
    if (method == QLatin1String("SUBSCRIBE"))
        subscribe(names);
    else
        unsubscribe(names);
    sendReply("{\"result\":null,\"id\":" + jsonText(id.isUndefined() ? QJsonValue::Null : id) +
              '}');
}

void ReplayClient::subscribe(const QStringList &streams)
{
    for (const QString &name : streams) {
        if (m_subscriptions.size() >= size_t(StreamRoute::MaxStreams))
            break;
        const bool known = std::any_of(m_subscriptions.begin(), m_subscriptions.end(),
                                       [&](const StreamSubscription &s) { return s.name == name; });
        if (known)
            continue;
        m_subscriptions.push_back(
                StreamSubscription::resolve(name, m_recording, m_preferredMarket));
        if (m_subscriptions.back().symbol < 0) {
            qCInfo(lcReplay, "%s subscribed to %s, which the recording does not hold",
                   qPrintable(m_peer), qPrintable(name));
        }
    }
}

void ReplayClient::unsubscribe(const QStringList &streams)
{
    std::erase_if(m_subscriptions, [&](const StreamSubscription &subscription) {
        return streams.contains(subscription.name);
    });
}

void ReplayClient::sendReply(const QByteArray &json)
{
    if (!m_closing)
        m_socket->sendTextMessage(QString::fromUtf8(json));
}

} // namespace md
