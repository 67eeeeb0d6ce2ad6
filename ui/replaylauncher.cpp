#include "replaylauncher.h"

#include "displaytext.h"
#include "recordedmessage.h"
#include "recordingreader.h"
#include "uilogging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QTcpServer>

#include <csignal>
#include <string_view>
#include <sys/prctl.h>

namespace md {

namespace {

const QString ProgramName = QStringLiteral("market-data-replay");
const QString DemoRecording = QStringLiteral("spot-2021-04-05-10symbols.txt");

constexpr int PollIntervalMs = 200;
// Loading decompresses and indexes the whole recording before the port opens.
constexpr int StartTimeoutMs = 60'000;
constexpr int ScannedMessages = 5000;

quint16 pickFreePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

} // namespace

ReplayLauncher::ReplayLauncher(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
    m_pollTimer.setInterval(PollIntervalMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &ReplayLauncher::pollStatus);
    connect(&m_process, &QProcess::finished, this, &ReplayLauncher::handleFinished);
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    // The server must not outlive us, even when we crash or are killed.
    m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
}

ReplayLauncher::~ReplayLauncher()
{
    stop();
}

QString ReplayLauncher::findProgram()
{
    const QDir here(QCoreApplication::applicationDirPath());
    const QStringList candidates{here.filePath(QStringLiteral("../replay/") + ProgramName),
                                 here.filePath(ProgramName)};
    for (const QString &candidate : candidates) {
        if (QFileInfo(candidate).isExecutable())
            return QFileInfo(candidate).canonicalFilePath();
    }
    if (const QString onPath = QStandardPaths::findExecutable(ProgramName); !onPath.isEmpty())
        return onPath;
    const QString system = QStringLiteral("/usr/bin/") + ProgramName;
    return QFileInfo(system).isExecutable() ? system : QString();
}

QString ReplayLauncher::defaultRecording()
{
    const QDir here(QCoreApplication::applicationDirPath());
    const QString installed = here.filePath(
            QStringLiteral("../share/market-data-monitor/recordings/") + DemoRecording);
    if (QFileInfo::exists(installed))
        return QFileInfo(installed).canonicalFilePath();
    return QStringLiteral(MD_SOURCE_DIR "/resources/recordings/") + DemoRecording;
}

QString ReplayLauncher::tradeStreamOf(const QStringList &files)
{
    // Stream names appear in the recorded WebSocket URL (cryptofeed) or in each message's
    // combined-stream envelope (hftbacktest, MDREC).
    for (const QString &file : files) {
        RecordingReader reader;
        if (!reader.open(file))
            continue;
        RecordedMessage message;
        for (int i = 0; i < ScannedMessages && reader.next(message); ++i) {
            for (std::string_view text : {message.source, message.payload}) {
                if (text.find("@aggTrade") != std::string_view::npos)
                    return QStringLiteral("aggTrade");
                if (text.find("@trade") != std::string_view::npos)
                    return QStringLiteral("trade");
            }
        }
    }
    return QStringLiteral("trade");
}

bool ReplayLauncher::start(const QStringList &files, double speed, std::optional<Market> market,
                           QString *error)
{
    const QString program = findProgram();
    if (program.isEmpty()) {
        *error = tr("%1 was not found next to this program or on PATH").arg(ProgramName);
        return false;
    }
    for (const QString &file : files) {
        if (!QFileInfo::exists(file)) {
            *error = tr("the recording %1 does not exist").arg(file);
            return false;
        }
    }
    m_port = pickFreePort();
    if (m_port == 0) {
        *error = tr("no free port on 127.0.0.1 for the replay server");
        return false;
    }
    m_wantedMarket = market;
    m_recording.tradeStream = tradeStreamOf(files);

    const QStringList arguments = QStringList{QStringLiteral("serve")} + files +
                                  QStringList{QStringLiteral("--port"), QString::number(m_port),
                                              QStringLiteral("--speed"), QString::number(speed)};
    qCInfo(lcUi, "starting %s %s", qPrintable(program), qPrintable(arguments.join(u' ')));
    m_process.start(program, arguments);
    if (!m_process.waitForStarted()) {
        *error = tr("%1 could not be started: %2").arg(program, m_process.errorString());
        return false;
    }
    m_since.start();
    m_pollTimer.start();
    return true;
}

void ReplayLauncher::stop()
{
    m_pollTimer.stop();
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_stopping = true;
    m_process.kill();
    m_process.waitForFinished(2000);
}

QUrl ReplayLauncher::wsUrl() const
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_port));
}

QUrl ReplayLauncher::restUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

void ReplayLauncher::pollStatus()
{
    if (m_since.elapsed() > StartTimeoutMs) {
        fail(tr("the replay server did not answer on port %1 within %2 s")
                     .arg(m_port)
                     .arg(StartTimeoutMs / 1000));
        return;
    }
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/replay/status").arg(m_port)));
    request.setTransferTimeout(PollIntervalMs * 5);
    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply] { handleStatus(reply); });
    // One request at a time: the next poll is scheduled once this one has an answer.
    m_pollTimer.stop();
}

void ReplayLauncher::handleStatus(QNetworkReply *reply)
{
    reply->deleteLater();
    if (m_ready || m_stopping)
        return;
    if (reply->error() != QNetworkReply::NoError) {
        QTimer::singleShot(PollIntervalMs, this, &ReplayLauncher::pollStatus);
        return;
    }

    const QJsonObject symbols = QJsonDocument::fromJson(reply->readAll())
                                        .object()
                                        .value(QLatin1String("symbols"))
                                        .toObject();
    QStringList spot, usdm;
    for (auto it = symbols.begin(); it != symbols.end(); ++it) {
        const QString market = it.value().toObject().value(QLatin1String("market")).toString();
        const QString name = it.key().section(QLatin1Char(':'), 0, 0);
        (market == marketName(Market::UsdM) ? usdm : spot).append(name);
    }
    if (spot.isEmpty() && usdm.isEmpty()) {
        fail(tr("the recording holds no order-book data"));
        return;
    }
    const Market market = m_wantedMarket.value_or(spot.isEmpty() ? Market::UsdM : Market::Spot);
    m_recording.market = market;
    m_recording.symbols = market == Market::Spot ? spot : usdm;
    if (m_recording.symbols.isEmpty()) {
        fail(tr("the recording holds no %1 order books").arg(DisplayText::market(market)));
        return;
    }
    m_ready = true;
    qCInfo(lcUi, "replay server on port %u: %s %s, trades from @%s", unsigned(m_port),
           qPrintable(marketName(market)), qPrintable(m_recording.symbols.join(u',')),
           qPrintable(m_recording.tradeStream));
    Q_EMIT ready();
}

void ReplayLauncher::handleFinished(int exitCode, QProcess::ExitStatus status)
{
    if (m_stopping)
        return;
    if (status == QProcess::CrashExit)
        fail(tr("the replay server crashed"));
    else
        fail(tr("the replay server exited with code %1").arg(exitCode));
}

void ReplayLauncher::fail(const QString &reason)
{
    m_pollTimer.stop();
    qCCritical(lcUi, "%s", qPrintable(reason));
    Q_EMIT failed(reason);
}

} // namespace md
