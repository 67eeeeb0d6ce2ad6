#include "replayserverprocess.h"

#include "monitorprocess.h"
#include "testservers.h"

#include <QJsonDocument>
#include <QTest>

namespace md::test {

ReplayServerProcess::ReplayServerProcess()
{
    dieWithParent(m_process);
    m_process.setStandardOutputFile(QProcess::nullDevice());
}

ReplayServerProcess::~ReplayServerProcess()
{
    kill();
}

QString ReplayServerProcess::program()
{
    return QStringLiteral(MD_BINARY_DIR "/app/replay/market-data-replay");
}

bool ReplayServerProcess::start(quint16 port, const QStringList &files,
                                const QStringList &arguments, int timeoutMs)
{
    kill();
    m_port = port;
    m_log.clear();
    m_process.start(program(),
                    QStringList{QStringLiteral("serve")} + files +
                            QStringList{QStringLiteral("--port"), QString::number(port)} +
                            arguments);
    if (!m_process.waitForStarted())
        return false;
    // A server that exits (a file it cannot read, a taken port) ends the wait at once.
    const auto answers = [this] {
        return httpGet(m_port, QStringLiteral("/replay/status")).status == 200;
    };
    const bool ended = QTest::qWaitFor(
            [&] { return m_process.state() == QProcess::NotRunning || answers(); }, timeoutMs);
    return ended && m_process.state() == QProcess::Running;
}

void ReplayServerProcess::kill()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.kill();
    m_process.waitForFinished();
}

QJsonObject ReplayServerProcess::status() const
{
    return QJsonDocument::fromJson(httpGet(m_port, QStringLiteral("/replay/status")).body).object();
}

bool ReplayServerProcess::hasFinished() const
{
    return status()[u"finished"].toBool();
}

QByteArray ReplayServerProcess::log()
{
    m_log += m_process.readAllStandardError();
    return m_log;
}

} // namespace md::test
