#ifndef MD_APP_REPLAY_REPLAYSERVER_H
#define MD_APP_REPLAY_REPLAYSERVER_H

#include "depthendpoint.h"
#include "serveoptions.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

#include <optional>

class QWebSocket;

namespace md {

class ReplayClient;
class ReplayRecording;
class SharedPortServer;
struct HttpRequest;
struct HttpResponse;

// Stands in for Binance on one port: plays a loaded recording to every WebSocket client from
// one timeline, which starts when the first client connects, and answers REST depth snapshots
// from the reference books at the playback position, so a client joining at any time can sync.
// At --speed max the timeline moves as fast as the slowest client drains, and one that stops
// draining is dropped. It lives on the thread that created it.
class ReplayServer : public QObject
{
    Q_OBJECT

public:
    // At --speed max the timeline waits while a client has more than this unsent.
    static constexpr qint64 MaxSpeedWindowBytes = 256 * 1024;
    static constexpr int SlowClientTimeoutMs = 5000;
    static constexpr qsizetype MaxClients = 256;

    ReplayServer(ReplayRecording &recording, const ServeOptions &options,
                 QObject *parent = nullptr);
    ~ReplayServer() override;

    // Listens once; on failure errorString() names the address and port.
    bool listen();
    QString errorString() const;
    quint16 serverPort() const;

private:
    std::optional<HttpResponse> checkUpgrade(const HttpRequest &request) const;
    HttpResponse handleHttp(const HttpRequest &request, const QHostAddress &peer);
    HttpResponse status() const;
    void onWebSocket(QWebSocket *socket);
    void onClientClosed(ReplayClient *client);
    void onClientDrained();
    void play();
    void playUnpaced();
    void playOne();
    void scheduleNext();
    qint64 dueNs(size_t index) const;
    void pingClients();

    ReplayRecording &m_recording;
    ServeOptions m_options;
    DepthEndpoint m_depth;
    SharedPortServer *m_server = nullptr;
    QList<ReplayClient *> m_clients;
    QTimer m_playTimer;
    QTimer m_pingTimer;
    QElapsedTimer m_clock; // valid from the start of playback
    size_t m_position = 0; // index of the next message to play
    bool m_waitingForDrain = false;
    bool m_finished = false;
};

} // namespace md

#endif // MD_APP_REPLAY_REPLAYSERVER_H
