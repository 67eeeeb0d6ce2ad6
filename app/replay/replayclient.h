#ifndef MD_APP_REPLAY_REPLAYCLIENT_H
#define MD_APP_REPLAY_REPLAYCLIENT_H

#include "replayrecording.h"
#include "streamsubscription.h"

#include <QElapsedTimer>
#include <QObject>

#include <vector>

class QWebSocket;

namespace md {

struct StreamRoute;

// One WebSocket client of the replay server: its subscriptions (from the URL and from SUBSCRIBE
// requests), the messages it was sent, and the faults injected into its connection. It owns
// its socket and lives on the server's thread.
class ReplayClient : public QObject
{
    Q_OBJECT

public:
    struct Faults
    {
        quint64 dropAfter = 0;  // close after this many messages; 0 never
        quint64 stallAfter = 0; // send nothing more after this many; 0 never
    };

    // A client that lets more than this wait in its send buffer does not read: it is dropped.
    static constexpr qint64 MaxBufferedBytes = 8 * 1024 * 1024;
    static constexpr qsizetype MaxIncomingMessageBytes = 64 * 1024;

    ReplayClient(QWebSocket *socket, const StreamRoute &route, const ReplayRecording &recording,
                 Faults faults, QObject *parent = nullptr);
    ~ReplayClient() override;

    // Sends `message` under each subscription it matches, as the faults allow.
    void deliver(const ReplayRecording::Message &message);
    void ping();
    // Aborts the connection, logging why.
    void drop(const QString &reason);

    QString peer() const { return m_peer; }
    QStringList streams() const;
    bool isCombined() const { return m_combined; }
    qint64 bufferedBytes() const;
    // Time since the socket last wrote anything to the network, or since the client connected.
    qint64 msSinceDrain() const { return m_lastDrain.elapsed(); }

Q_SIGNALS:
    void closed();
    void drained();

private:
    void onTextMessage(const QString &text);
    void subscribe(const QStringList &streams);
    void unsubscribe(const QStringList &streams);
    void sendReply(const QByteArray &json);
    void send(const QByteArray &frame);

    QWebSocket *m_socket = nullptr;
    const ReplayRecording &m_recording;
    Faults m_faults;
    bool m_combined = false;
    Market m_preferredMarket = Market::Spot;
    std::vector<StreamSubscription> m_subscriptions;
    QString m_peer;
    QElapsedTimer m_lastDrain;
    quint64 m_sent = 0; // stream messages, not control replies
    bool m_closing = false;
    bool m_stalled = false;
};

} // namespace md

#endif // MD_APP_REPLAY_REPLAYCLIENT_H
