// SystemdNotifier against a datagram socket of the test's own, standing in for systemd's: what
// it sends, when it pings the watchdog, and that a wedged event loop stops the pings.
#include "notifysocket.h"
#include "systemdnotifier.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <thread>
#include <unistd.h>

using namespace md;
using namespace md::test;

class tst_SystemdNotifier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void withoutNotifySocketNothingIsSent();
    void watchdogIntervalIsHalfOfSystemds_data();
    void watchdogIntervalIsHalfOfSystemds();
    void stoppingCarriesTheReason();
    void anAbsentListenerIsCountedNotFatal();
    void aWedgedEventLoopStopsThePings();
    void aFullQueueNeitherBlocksNorLosesNotifications();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<NotifySocket> m_socket;
};

void tst_SystemdNotifier::init()
{
    QVERIFY(m_dir.isValid());
    m_socket = std::make_unique<NotifySocket>(m_dir.filePath(QStringLiteral("notify")));
    QVERIFY(m_socket->isBound());
    qputenv("NOTIFY_SOCKET", QFile::encodeName(m_socket->path()));
    qunsetenv("WATCHDOG_USEC");
    qunsetenv("WATCHDOG_PID");
}

void tst_SystemdNotifier::cleanup()
{
    m_socket.reset();
    for (const char *name : {"NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"})
        qunsetenv(name);
}

void tst_SystemdNotifier::withoutNotifySocketNothingIsSent()
{
    qunsetenv("NOTIFY_SOCKET");
    qputenv("WATCHDOG_USEC", "100000");
    SystemdNotifier notifier;
    QVERIFY(!notifier.isActive());
    QCOMPARE(notifier.watchdogPingInterval().count(), 0);

    notifier.startWatchdog();
    notifier.notifyStopping(QStringLiteral("test"));
    QTest::qWait(300);
    QVERIFY(m_socket->take().isEmpty());
    QCOMPARE(notifier.sendFailures(), 0u);
}

void tst_SystemdNotifier::watchdogIntervalIsHalfOfSystemds_data()
{
    QTest::addColumn<QByteArray>("usec");
    QTest::addColumn<QByteArray>("pid");
    QTest::addColumn<qint64>("expectedMs");

    const QByteArray ours = QByteArray::number(::getpid());
    const QByteArray parent = QByteArray::number(::getppid());
    QTest::newRow("30 s, no WATCHDOG_PID") << QByteArray("30000000") << QByteArray() << 15000ll;
    QTest::newRow("3 s, our pid") << QByteArray("3000000") << ours << 1500ll;
    QTest::newRow("another process's watchdog") << QByteArray("3000000") << parent << 0ll;
    QTest::newRow("no watchdog") << QByteArray() << QByteArray() << 0ll;
    QTest::newRow("garbage") << QByteArray("soon") << QByteArray() << 0ll;
    // Half of 2^33 s is 2^32 ms, which an int timer interval would read as 0: a busy loop.
    QTest::newRow("beyond an int of ms")
            << QByteArray("8589934592000") << QByteArray() << 3'600'000ll;
    QTest::newRow("1 ms, too short to keep") << QByteArray("1000") << QByteArray() << 10ll;
}

void tst_SystemdNotifier::watchdogIntervalIsHalfOfSystemds()
{
    QFETCH(QByteArray, usec);
    QFETCH(QByteArray, pid);
    QFETCH(qint64, expectedMs);

    if (!usec.isEmpty())
        qputenv("WATCHDOG_USEC", usec);
    if (!pid.isEmpty())
        qputenv("WATCHDOG_PID", pid);
    SystemdNotifier notifier;
    QVERIFY(notifier.isActive());
    QCOMPARE(qint64(notifier.watchdogPingInterval().count()), expectedMs);
}

void tst_SystemdNotifier::stoppingCarriesTheReason()
{
    SystemdNotifier notifier;
    notifier.notifyStopping(QStringLiteral("stopping on signal 15"));
    QTRY_COMPARE(m_socket->count("STOPPING=1"), 1);
    QCOMPARE(m_socket->received(),
             QList<QByteArray>{QByteArray("STOPPING=1\nSTATUS=stopping on signal 15")});
}

void tst_SystemdNotifier::anAbsentListenerIsCountedNotFatal()
{
    qputenv("NOTIFY_SOCKET", QFile::encodeName(m_dir.filePath(QStringLiteral("nobody"))));
    qputenv("WATCHDOG_USEC", "100000");
    SystemdNotifier notifier;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("cannot notify systemd")));
    notifier.startWatchdog();
    QTRY_VERIFY(notifier.sendFailures() >= 3);
}

void tst_SystemdNotifier::aWedgedEventLoopStopsThePings()
{
    qputenv("WATCHDOG_USEC", "100000");
    SystemdNotifier notifier;
    QCOMPARE(notifier.watchdogPingInterval().count(), 50);
    notifier.startWatchdog();
    QTRY_VERIFY(m_socket->count("WATCHDOG=1") >= 3);

    // Busy on the loop's own thread for ten intervals: no timer runs, so nothing may arrive.
    const qsizetype before = m_socket->count("WATCHDOG=1");
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    QCOMPARE(m_socket->count("WATCHDOG=1"), before);

    // Once the loop runs again, so do the pings.
    QTRY_VERIFY(m_socket->count("WATCHDOG=1") > before);
}

// A listener that stops reading fills its queue (net.unix.max_dgram_qlen datagrams). Sending
// must not wait for room, which would wedge the event loop, nor drop what was said meanwhile.
void tst_SystemdNotifier::aFullQueueNeitherBlocksNorLosesNotifications()
{
    qputenv("WATCHDOG_USEC", "20000");
    SystemdNotifier notifier;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("cannot notify systemd")));
    // The listener catches up after two seconds, as a busy systemd would.
    std::thread listener([this] {
        std::this_thread::sleep_for(std::chrono::seconds(2));
        m_socket->take();
    });
    QElapsedTimer elapsed;
    elapsed.start();
    notifier.startWatchdog();
    QTest::qWait(300);
    notifier.notifyStopping(QStringLiteral("stopping on signal 15"));
    const qint64 sendMs = elapsed.elapsed();
    const bool pending = notifier.hasPending();
    listener.join();
    QVERIFY2(sendMs < 1500, qPrintable(QString::number(sendMs)));
    QVERIFY(pending);
    QVERIFY(notifier.sendFailures() > 0);

    // Sent again once there is room: the last state in one datagram, nothing lost.
    QTRY_COMPARE(m_socket->count("STOPPING=1"), 1);
    QCOMPARE(m_socket->count("STATUS=stopping on signal 15"), 1);
    QTRY_VERIFY(!notifier.hasPending());
}

QTEST_GUILESS_MAIN(tst_SystemdNotifier)
#include "tst_systemdnotifier.moc"
