#ifndef MD_UI_REPLAYLAUNCHER_H
#define MD_UI_REPLAYLAUNCHER_H

#include "market.h"

#include <QElapsedTimer>
#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTimer>
#include <QUrl>

#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace md {

// Runs `market-data-replay serve` as a child process on a free loopback port, so the window can
// show a recording through exactly the path live data takes: WebSocket and REST into the same
// engine. ready() follows once the server answers and has told which symbols the recording
// holds; the child is killed when this object goes, and also if this process dies. Lives on
// the UI thread.
class ReplayLauncher : public QObject
{
    Q_OBJECT

public:
    struct Recording
    {
        Market market = Market::Spot;
        QStringList symbols;                           // with depth data, as the server lists them
        QString tradeStream = QStringLiteral("trade"); // "trade" or "aggTrade"
    };

    explicit ReplayLauncher(QObject *parent = nullptr);
    ~ReplayLauncher() override;

    // market-data-replay as built next to this program (build/app/monitor -> build/app/replay),
    // installed beside it, or on PATH; empty when there is none.
    static QString findProgram();
    // The recording `--replay` plays when given no file: the installed demo recording, or the
    // one in the source tree this program was built from.
    static QString defaultRecording();
    // Which trade stream the recording carries, read from its first messages.
    static QString tradeStreamOf(const QStringList &files);

    // Starts the server; `market`, when set, picks that market's symbols in a mixed recording.
    bool start(const QStringList &files, double speed, std::optional<Market> market,
               QString *error);
    void stop();

    quint16 port() const { return m_port; }
    QUrl wsUrl() const;
    QUrl restUrl() const;
    const Recording &recording() const { return m_recording; }

Q_SIGNALS:
    void ready();
    void failed(const QString &reason);

private:
    void pollStatus();
    void handleStatus(QNetworkReply *reply);
    void handleFinished(int exitCode, QProcess::ExitStatus status);
    void fail(const QString &reason);

    QProcess m_process;
    QNetworkAccessManager *m_network = nullptr;
    QTimer m_pollTimer;
    QElapsedTimer m_since;
    quint16 m_port = 0;
    std::optional<Market> m_wantedMarket;
    Recording m_recording;
    bool m_ready = false;
    bool m_stopping = false;
};

} // namespace md

#endif // MD_UI_REPLAYLAUNCHER_H
