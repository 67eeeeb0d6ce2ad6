#include "processmonitor.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <atomic>
#include <chrono>
#include <pthread.h>
#include <thread>

using md::ProcessMonitor;

namespace {

using namespace std::chrono_literals;

// Keeps one core busy for a while, under a name the diagnostic can show.
class BusyThread
{
public:
    explicit BusyThread(std::chrono::milliseconds duration)
        : m_thread([this, duration] {
            pthread_setname_np(pthread_self(), "md-busy");
            const auto end = std::chrono::steady_clock::now() + duration;
            while (!m_stop.load(std::memory_order_relaxed) &&
                   std::chrono::steady_clock::now() < end) {
            }
        })
    {
    }
    ~BusyThread()
    {
        m_stop = true;
        m_thread.join();
    }

private:
    std::atomic<bool> m_stop = false;
    std::thread m_thread;
};

} // namespace

class tst_ProcessMonitor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void plausibleValues();
    void threadUsage();
    void breaker_data();
    void breaker();
    void breakerOff();
};

void tst_ProcessMonitor::plausibleValues()
{
    ProcessMonitor monitor({200ms, 80, 60s});
    QSignalSpy sampled(&monitor, &ProcessMonitor::sampled);

    QVERIFY2(monitor.start(), qPrintable(monitor.errorString()));
    QVERIFY(monitor.isRunning());
    QVERIFY(sampled.wait(2000));

    QVERIFY2(monitor.rssBytes() > 1024 * 1024, qPrintable(QString::number(monitor.rssBytes())));
    QVERIFY(monitor.threadCount() >= 1);
    QVERIFY(monitor.cpuPercent() >= 0);
    QVERIFY(monitor.cpuPercent() < 1000);
    QVERIFY(!monitor.isOverLimit());

    monitor.stop();
    QVERIFY(!monitor.isRunning());
}

void tst_ProcessMonitor::threadUsage()
{
    ProcessMonitor monitor({200ms, 80, 60s});
    QVERIFY(monitor.start());
    BusyThread busy(1000ms);

    // The busy thread tops the list once it has run long enough to outweigh the others.
    QList<ProcessMonitor::ThreadUsage> threads;
    QTRY_VERIFY_WITH_TIMEOUT((threads = monitor.threadUsage()).size() >= 2 &&
                                     threads.first().name == QLatin1String("md-busy") &&
                                     threads.first().cpuPercent > 30,
                             900);
    QVERIFY2(threads.first().cpuPercent > 30,
             qPrintable(QString::number(threads.first().cpuPercent)));
    QVERIFY(threads.first().tid > 0);
    QVERIFY(monitor.diagnostic().contains(QLatin1String("md-busy (tid ")));
}

void tst_ProcessMonitor::breaker_data()
{
    QTest::addColumn<bool>("load");

    QTest::newRow("busy thread") << true;
    QTest::newRow("idle") << false;
}

void tst_ProcessMonitor::breaker()
{
    QFETCH(bool, load);

    ProcessMonitor monitor({200ms, 30, 1s});
    QSignalSpy exceeded(&monitor, &ProcessMonitor::cpuLimitExceeded);
    QVERIFY(monitor.start());
    if (!load) {
        QVERIFY(!exceeded.wait(1500));
        return;
    }

    // About 1.2 s of load trips the breaker; the thread may spin longer on a crowded machine.
    BusyThread busy(3000ms);
    QVERIFY(exceeded.wait(3000));
    const QString diagnostic = exceeded.first().first().toString();
    QVERIFY2(diagnostic.contains(QLatin1String("limit 30% for 1 s")), qPrintable(diagnostic));
    QVERIFY2(diagnostic.contains(QLatin1String("md-busy")), qPrintable(diagnostic));

    // Once only, however long the load lasts.
    QVERIFY(!exceeded.wait(400));
    QCOMPARE(exceeded.count(), 1);
}

void tst_ProcessMonitor::breakerOff()
{
    ProcessMonitor monitor({200ms, 0, 1s});
    QSignalSpy exceeded(&monitor, &ProcessMonitor::cpuLimitExceeded);
    QSignalSpy sampled(&monitor, &ProcessMonitor::sampled);
    QVERIFY(monitor.start());
    BusyThread busy(700ms);

    QVERIFY(!exceeded.wait(800));
    QVERIFY(sampled.count() >= 2);
    QVERIFY(!monitor.isOverLimit());
}

QTEST_GUILESS_MAIN(tst_ProcessMonitor)
#include "tst_processmonitor.moc"
