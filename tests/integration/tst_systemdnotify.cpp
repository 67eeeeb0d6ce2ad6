// The real market-data-monitor --no-gui under a stand-in for systemd: NOTIFY_SOCKET names a
// datagram socket of the test's own and WATCHDOG_USEC asks for a watchdog, while
// market-data-replay serves a real recording and a real redis-server takes the books.
#include "monitorprocess.h"
#include "notifysocket.h"
#include "recordingfacts.h"
#include "servicefixture.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

#include <csignal>

using namespace md::test;

namespace {

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

class tst_SystemdNotify : public QObject, private ServiceFixture
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
    QString writeConfig(const QStringList &symbols);
    bool monitorExited();

    std::unique_ptr<NotifySocket> m_systemd;
    MonitorProcess m_monitor;
};

void tst_SystemdNotify::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(hasRedisServer(), "redis-server is not installed");
    QVERIFY(startRedis());
}

void tst_SystemdNotify::cleanup()
{
    if (QTest::currentTestFailed())
        dumpLogs(m_monitor.log());
    m_monitor.kill();
    m_replay.kill();
    m_systemd.reset();
}

void tst_SystemdNotify::init()
{
    pickPorts();
    QVERIFY(m_replay.start(m_replayPort, {dataFile(Recording)},
                           {QStringLiteral("--speed"), QStringLiteral("1")}));
    m_systemd = std::make_unique<NotifySocket>(m_dir.filePath(QStringLiteral("notify")));
    QVERIFY(m_systemd->isBound());
}

// The config sits at one path per test, so a rewrite followed by SIGHUP reloads it.
QString tst_SystemdNotify::writeConfig(const QStringList &symbols)
{
    return writeConfigFile("symbols: [" + symbols.join(u", ").toUtf8() +
                           "]\ntrade_stream: aggTrade\n" + endpointsYaml());
}

void tst_SystemdNotify::startMonitor(const QStringList &symbols)
{
    const QString config = writeConfig(symbols);
    QVERIFY(!config.isEmpty());

    // systemd would also set WATCHDOG_PID to the child's pid, unknown before the fork; left
    // unset, sd_watchdog_enabled() takes the watchdog as meant for whoever reads it.
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("NOTIFY_SOCKET"), m_systemd->path());
    environment.insert(QStringLiteral("WATCHDOG_USEC"), QStringLiteral("1000000"));
    m_monitor.unsetEnvironmentVariable(QStringLiteral("WATCHDOG_PID"));
    QVERIFY(m_monitor.start(config, {}, environment));
}

// Reads the socket while waiting: like systemd's, its queue is short (net.unix.max_dgram_qlen),
// and a full one holds notifications back until there is room.
bool tst_SystemdNotify::monitorExited()
{
    m_systemd->take();
    return !m_monitor.isRunning();
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
    m_monitor.signal(SIGTERM);
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
    QVERIFY(!writeConfig({QStringLiteral("BTCUSDT"), QStringLiteral("ETHUSDT")}).isEmpty());
    m_monitor.signal(SIGHUP);

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
