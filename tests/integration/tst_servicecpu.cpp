// No busy loops and a CPU circuit breaker, with real processes: the service with nothing to
// talk to stays near idle while it retries, and under a real load above a short limit it exits
// with code 3 and a diagnostic.
#include "monitorprocess.h"
#include "recordingfacts.h"
#include "replayserverprocess.h"
#include "testservers.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace md::test;

namespace {

constexpr int StartMs = 20'000;
constexpr int ExitCpuLimit = 3;

} // namespace

class tst_ServiceCpu : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void idleWhileNothingAnswers();
    void breakerTripsUnderRealLoad();

private:
    QTemporaryDir m_dir;
};

void tst_ServiceCpu::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void tst_ServiceCpu::idleWhileNothingAnswers()
{
    // The deployment this replaces spun at 94% of a core for hours once its health port was
    // taken. Here the port is taken (and health.required is false), Redis is down and the
    // exchange unreachable: every part retries, and each retry must wait.
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
    const quint16 closedPort = freePort();
    const QString config = m_dir.filePath(QStringLiteral("idle.yaml"));
    QVERIFY(writeFile(config, QStringLiteral("symbols: [BTCUSDT, ETHUSDT]\n"
                                             "ws_url: ws://127.0.0.1:%1\n"
                                             "rest_url: http://127.0.0.1:%1\n"
                                             "redis:\n  url: redis://127.0.0.1:%1/0\n"
                                             "health:\n  port: %2\n  required: false\n")
                                      .arg(closedPort)
                                      .arg(occupant.serverPort())
                                      .toUtf8()));

    MonitorProcess monitor;
    QVERIFY(monitor.start(config));
    QVERIFY2(monitor.waitForLog("running on without health", StartMs), monitor.log().constData());
    QTest::qWait(3000);

    // CPU time over ten seconds of wall time, read from /proc like any outside observer.
    QElapsedTimer wall;
    const qint64 before = monitor.cpuTicks();
    wall.start();
    QTest::qWait(10'000);
    const qint64 after = monitor.cpuTicks();
    const double seconds = double(wall.elapsed()) / 1000.0;
    QVERIFY(before >= 0 && after >= before);
    const double percent = double(after - before) / double(::sysconf(_SC_CLK_TCK)) / seconds * 100;
    qInfo("CPU while retrying: %.2f%% of one core over %.1f s", percent, seconds);
    QVERIFY2(percent < 2.0, qPrintable(QString::number(percent)));

    // It was retrying all along, not stuck: the feed and Redis both tried again.
    const QByteArray log = monitor.log();
    QVERIFY2(log.count("reconnecting in") >= 2, log.constData());
    QVERIFY2(log.contains("cannot connect to Redis"), log.constData());
    QVERIFY(monitor.isRunning());
}

void tst_ServiceCpu::breakerTripsUnderRealLoad()
{
    // Real load: Binance recordings played as fast as the service reads them. One copy lasts
    // about 0.1 s on a quiet machine, so 32 copies of the two files are served (merged by time,
    // the duplicates are stale events the books ignore), which keeps the service busy for
    // seconds. Copies under names of their own (hard links where the folder allows), since the
    // replay server refuses one file given twice.
    QStringList files;
    for (int copy = 0; copy < 32; ++copy) {
        for (const char *day : {"20240808", "20240809"}) {
            const QString name = QStringLiteral("spot-btcusdt-%1.gz").arg(QLatin1String(day));
            const QString original = dataFile(qPrintable(QStringLiteral("hftbacktest/") + name));
            const QString file = m_dir.filePath(QStringLiteral("copy%1-%2").arg(copy).arg(name));
            QVERIFY(::link(QFile::encodeName(original).constData(),
                           QFile::encodeName(file).constData()) == 0 ||
                    QFile::copy(original, file));
            files << file;
        }
    }
    const quint16 replayPort = freePort();
    ReplayServerProcess replay;
    QVERIFY(replay.start(replayPort, files, {QStringLiteral("--speed"), QStringLiteral("max")},
                         60'000));

    const QString config = m_dir.filePath(QStringLiteral("breaker.yaml"));
    QVERIFY(writeFile(config, QStringLiteral("symbols: [BTCUSDT]\n"
                                             "ws_url: ws://127.0.0.1:%1\n"
                                             "rest_url: http://127.0.0.1:%1\n"
                                             "redis:\n  url: redis://127.0.0.1:%2/0\n"
                                             "health:\n  port: %3\n"
                                             "process:\n  cpu_limit_percent: 10\n"
                                             "  cpu_limit_seconds: 1\n  sample_ms: 250\n")
                                      .arg(replayPort)
                                      .arg(freePort())
                                      .arg(freePort())
                                      .toUtf8()));
    MonitorProcess monitor;
    QVERIFY(monitor.start(config));
    QVERIFY2(monitor.waitForExit(60'000), monitor.log().right(3000).constData());
    replay.kill();

    const QByteArray log = monitor.log();
    QCOMPARE(monitor.exitStatus(), QProcess::NormalExit);
    QVERIFY2(monitor.exitCode() == ExitCpuLimit, log.right(3000).constData());
    // The diagnostic: per-thread CPU, the counters, each feed's state and each book's.
    QVERIFY2(log.contains("CPU above 10% for 1s"), log.constData());
    QVERIFY2(log.contains("busiest: ") && log.contains("(tid "), log.constData());
    QVERIFY2(log.contains("counters: ") && log.contains(" depth events"), log.constData());
    QVERIFY2(log.contains("feed spot-books-1: connected"), log.constData());
    QVERIFY2(log.contains("books (") && log.contains("BTCUSDT "), log.constData());
    QVERIFY2(log.contains("redis 127.0.0.1:"), log.constData());
}

QTEST_GUILESS_MAIN(tst_ServiceCpu)
#include "tst_servicecpu.moc"
