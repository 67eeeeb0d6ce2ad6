// The real market-data-monitor --no-gui under a stand-in for systemd: NOTIFY_SOCKET names a
// datagram socket of the test's own and WATCHDOG_USEC asks for a watchdog, while
// market-data-replay serves a real recording and a real redis-server takes the books.
#include "notifysocket.h"
#include "recordingfacts.h"
#include "testservers.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace md::test;

namespace {

const QString ReplayProgram = QStringLiteral(MD_BINARY_DIR "/app/replay/market-data-replay");
const QString MonitorProgram = QStringLiteral(MD_BINARY_DIR "/app/monitor/market-data-monitor");
// Spot BTCUSDT, ETHUSDT and DOTUSDT for 91 s, each with a REST snapshot near the start.
const char *const Recording = "cryptofeed/spot-2021-04-04-btcusdt-ethusdt-dotusdt.txt";
const QStringList Symbols{QStringLiteral("BTCUSDT"), QStringLiteral("ETHUSDT"),
                          QStringLiteral("DOTUSDT")};

QJsonObject health(quint16 port)
{
    QNetworkAccessManager manager;
    QNetworkReply *reply = manager.get(
            QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/health").arg(port))));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    const bool answered =
            finished.wait(5000) && reply->error() != QNetworkReply::ConnectionRefusedError;
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return answered ? QJsonDocument::fromJson(body).object() : QJsonObject();
}

bool hasLine(const QByteArray &datagram, const QByteArray &line)
{
    return datagram.split('\n').contains(line);
}

} // namespace

class tst_SystemdNotify : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void readyWatchdogAndStopping();
    void aSymbolThatCannotSyncNeverMakesItReady();
    void aReloadDuringTheFirstSyncChangesWhatReadyWaitsFor();

private:
    void startMonitor(const QStringList &symbols);
    void writeConfig(const QStringList &symbols);
    bool monitorExited();

    QTemporaryDir m_dir;
    std::unique_ptr<RedisServer> m_redis;
    std::unique_ptr<NotifySocket> m_systemd;
    quint16 m_replayPort = 0;
    quint16 m_healthPort = 0;
    QProcess m_replay;
    QProcess m_monitor;
};

void tst_SystemdNotify::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString redis = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
    QVERIFY2(!redis.isEmpty(), "redis-server is not installed");
    m_redis = std::make_unique<RedisServer>(redis, m_dir.path(), freePort());
    QVERIFY(m_redis->start());
}

void tst_SystemdNotify::cleanup()
{
    if (QTest::currentTestFailed()) {
        qWarning("monitor log:\n%s", m_monitor.readAllStandardError().right(6000).constData());
        qWarning("replay log:\n%s", m_replay.readAllStandardError().right(3000).constData());
    }
    for (QProcess *process : {&m_monitor, &m_replay}) {
        process->kill();
        process->waitForFinished();
    }
    m_systemd.reset();
}

void tst_SystemdNotify::init()
{
    m_replayPort = freePort();
    m_healthPort = freePort();
    dieWithParent(m_replay);
    m_replay.start(ReplayProgram,
                   {QStringLiteral("serve"), dataFile(Recording), QStringLiteral("--port"),
                    QString::number(m_replayPort), QStringLiteral("--speed"), QStringLiteral("1")});
    QVERIFY(m_replay.waitForStarted());
    m_systemd = std::make_unique<NotifySocket>(m_dir.filePath(QStringLiteral("notify")));
    QVERIFY(m_systemd->isBound());
}

void tst_SystemdNotify::writeConfig(const QStringList &symbols)
{
    QFile config(m_dir.filePath(QStringLiteral("config.yaml")));
    QVERIFY(config.open(QIODevice::WriteOnly | QIODevice::Truncate));
    config.write(QStringLiteral("symbols: [%1]\n"
                                "trade_stream: aggTrade\n"
                                "ws_url: ws://127.0.0.1:%2\n"
                                "rest_url: http://127.0.0.1:%2\n"
                                "redis:\n  url: redis://127.0.0.1:%3/0\n"
                                "health:\n  port: %4\n")
                         .arg(symbols.join(QLatin1String(", ")))
                         .arg(m_replayPort)
                         .arg(m_redis->port())
                         .arg(m_healthPort)
                         .toUtf8());
}

void tst_SystemdNotify::startMonitor(const QStringList &symbols)
{
    writeConfig(symbols);
    const QString config = m_dir.filePath(QStringLiteral("config.yaml"));

    // systemd would also set WATCHDOG_PID to the child's pid, unknown before the fork; left
    // unset, sd_watchdog_enabled() takes the watchdog as meant for whoever reads it.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("NOTIFY_SOCKET"), m_systemd->path());
    environment.insert(QStringLiteral("WATCHDOG_USEC"), QStringLiteral("1000000"));
    environment.remove(QStringLiteral("WATCHDOG_PID"));
    m_monitor.setProcessEnvironment(environment);
    dieWithParent(m_monitor);
    m_monitor.start(MonitorProgram,
                    {QStringLiteral("--no-gui"), QStringLiteral("--config"), config});
    QVERIFY(m_monitor.waitForStarted());
}

// Reads the socket while waiting: like systemd's, its queue is short (net.unix.max_dgram_qlen),
// and a full one holds notifications back until there is room.
bool tst_SystemdNotify::monitorExited()
{
    m_systemd->take();
    return m_monitor.state() == QProcess::NotRunning;
}

void tst_SystemdNotify::readyWatchdogAndStopping()
{
    startMonitor(Symbols);
    NotifySocket &systemd = *m_systemd;

    // READY=1 once, and only when every book has synced: /health must say so right then.
    QTRY_VERIFY_WITH_TIMEOUT(systemd.count("READY=1") == 1, 60'000);
    const QJsonObject atReady = health(m_healthPort);
    QVERIFY2(!atReady.isEmpty(), "READY=1 came, but /health does not answer");
    const QJsonObject books = atReady[QLatin1String("books")].toObject();
    QCOMPARE(books[QLatin1String("total")].toInt(), Symbols.size());
    QCOMPARE(books[QLatin1String("synced")].toInt(), Symbols.size());
    for (const QString &symbol : Symbols) {
        const QJsonObject state = atReady[QLatin1String("symbols")][symbol].toObject();
        QCOMPARE(state[QLatin1String("state")].toString(), QStringLiteral("synced"));
    }

    // Before it, progress: each count of synced books, from none, in the order they came.
    QList<QByteArray> statuses;
    for (const QByteArray &datagram : systemd.received()) {
        for (const QByteArray &line : datagram.split('\n')) {
            if (line.startsWith("STATUS="))
                statuses.append(line.mid(7));
        }
        if (hasLine(datagram, "READY=1"))
            break;
    }
    QCOMPARE(statuses, (QList<QByteArray>{"0/3 books synced", "1/3 books synced",
                                          "2/3 books synced", "3/3 books synced"}));

    // The watchdog keeps being fed, at half of the second asked for.
    const qsizetype pings = systemd.count("WATCHDOG=1");
    QVERIFY(pings >= 1);
    QTRY_VERIFY_WITH_TIMEOUT(systemd.count("WATCHDOG=1") >= pings + 3, 20'000);

    // SIGTERM: STOPPING=1 before the process exits cleanly.
    m_monitor.terminate();
    QTRY_VERIFY_WITH_TIMEOUT(monitorExited(), 10'000);
    QCOMPARE(m_monitor.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_monitor.exitCode(), 0);
    QCOMPARE(systemd.count("STOPPING=1"), 1);
    QCOMPARE(systemd.count("STATUS=stopping on signal 15"), 1);
    QCOMPARE(systemd.count("READY=1"), 1);
}

// The exchange refuses the symbol: the service stops with exit code 4 and tells systemd why,
// without ever having said READY=1.
void tst_SystemdNotify::aSymbolThatCannotSyncNeverMakesItReady()
{
    startMonitor(Symbols + QStringList{QStringLiteral("NOPEUSDT")});
    QTRY_VERIFY_WITH_TIMEOUT(monitorExited(), 30'000);
    QCOMPARE(m_monitor.exitCode(), 4);

    QCOMPARE(m_systemd->count("STATUS=0/4 books synced"), 1);
    QCOMPARE(m_systemd->count("READY=1"), 0);
    QCOMPARE(m_systemd->count("STOPPING=1"), 1);
    const QByteArray last = m_systemd->received().last();
    QVERIFY2(last.startsWith("STOPPING=1\nSTATUS=NOPEUSDT cannot be followed"), last.constData());
}

// SIGHUP before every book has synced: READY=1 waits for the books followed now, not for the
// list the service started with, and the status counts the new list.
void tst_SystemdNotify::aReloadDuringTheFirstSyncChangesWhatReadyWaitsFor()
{
    startMonitor(Symbols);
    QTRY_VERIFY_WITH_TIMEOUT(m_systemd->count("STATUS=0/3 books synced") == 1, 30'000);
    writeConfig({QStringLiteral("BTCUSDT"), QStringLiteral("ETHUSDT")});
    ::kill(pid_t(m_monitor.processId()), SIGHUP);

    QTRY_VERIFY_WITH_TIMEOUT(m_systemd->count("READY=1") == 1, 60'000);
    QByteArray ready;
    for (const QByteArray &datagram : m_systemd->received()) {
        if (hasLine(datagram, "READY=1"))
            ready = datagram;
    }
    QCOMPARE(ready, QByteArray("READY=1\nSTATUS=2/2 books synced"));
    const QJsonObject books = health(m_healthPort)[QLatin1String("books")].toObject();
    QCOMPARE(books[QLatin1String("total")].toInt(), 2);
}

QTEST_GUILESS_MAIN(tst_SystemdNotify)
#include "tst_systemdnotify.moc"
