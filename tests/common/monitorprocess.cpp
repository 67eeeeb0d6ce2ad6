#include "monitorprocess.h"

#include "testservers.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <csignal>

namespace md::test {

namespace {

const QString MonitorProgram = QStringLiteral(MD_BINARY_DIR "/app/monitor/market-data-monitor");

} // namespace

HttpAnswer httpGet(quint16 port, const QString &path, int timeoutMs)
{
    QNetworkAccessManager manager;
    QNetworkReply *reply = manager.get(
            QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path))));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(timeoutMs)) {
        reply->abort();
        reply->deleteLater();
        return {};
    }
    HttpAnswer answer{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                      reply->readAll(),
                      reply->header(QNetworkRequest::ContentTypeHeader).toByteArray()};
    reply->deleteLater();
    return answer;
}

double metric(const QByteArray &metrics, const QString &sample)
{
    const QRegularExpression pattern(QLatin1Char('^') + QRegularExpression::escape(sample) +
                                             QStringLiteral(" (\\S+)$"),
                                     QRegularExpression::MultilineOption);
    const auto match = pattern.match(QString::fromUtf8(metrics));
    return match.hasMatch() ? match.captured(1).toDouble() : -1;
}

bool writeFile(const QString &path, const QByteArray &text)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(text) == text.size() && file.flush();
}

MonitorProcess::MonitorProcess()
{
    dieWithParent(m_process);
    m_process.setStandardOutputFile(QProcess::nullDevice());
}

MonitorProcess::~MonitorProcess()
{
    kill();
}

bool MonitorProcess::start(const QString &configPath, const QStringList &arguments,
                           const QProcessEnvironment &extraEnvironment, Mode mode)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_runtimeDir.path());
    if (mode == Mode::Window)
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(extraEnvironment);
    for (const QString &name : m_unsetVariables)
        environment.remove(name);
    m_process.setProcessEnvironment(environment);
    m_log.clear();

    // An empty configPath starts the program without --config, on its built-in settings.
    QStringList all;
    if (!configPath.isEmpty())
        all << QStringLiteral("--config") << configPath;
    if (mode == Mode::Headless)
        all.prepend(QStringLiteral("--no-gui"));
    m_process.start(MonitorProgram, all + arguments);
    if (!m_process.waitForStarted())
        return false;
    m_pid = m_process.processId();
    return true;
}

bool MonitorProcess::waitForLog(const QByteArray &text, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!log().contains(text)) {
        if (!isRunning() || deadline.hasExpired())
            return log().contains(text);
        QTest::qWait(20);
    }
    return true;
}

bool MonitorProcess::waitForExit(int timeoutMs)
{
    if (!isRunning())
        return true;
    return m_process.waitForFinished(timeoutMs);
}

void MonitorProcess::signal(int signalNumber)
{
    if (isRunning())
        ::kill(pid_t(m_pid), signalNumber);
}

void MonitorProcess::kill()
{
    if (!isRunning())
        return;
    m_process.kill();
    m_process.waitForFinished();
}

QByteArray MonitorProcess::log()
{
    m_log += m_process.readAllStandardError();
    return m_log;
}

qint64 MonitorProcess::cpuTicks() const
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(m_pid));
    if (!isRunning() || !file.open(QIODevice::ReadOnly))
        return -1;
    // proc(5): the fields after the last ')' start with the state; utime and stime are the
    // 12th and 13th of them.
    const QByteArray stat = file.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    return fields[11].toLongLong() + fields[12].toLongLong();
}

} // namespace md::test
