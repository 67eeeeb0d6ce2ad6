// One instance per configuration file, with real processes: a second market-data-monitor with
// the same config is refused and names the PID that runs, two configs run side by side, and
// the lock of a killed instance is taken over. The lock folder is the test's own.
#include "monitorprocess.h"
#include "testservers.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace md::test;

namespace {

constexpr int StartMs = 20'000;
constexpr int ExitAlreadyRunning = 5;
constexpr int ExitConfigError = 1;
const QByteArray LockTaken = "instance lock ";

// Where the log says the lock was taken.
QString lockPathFromLog(const QByteArray &log)
{
    static const QRegularExpression pattern(QStringLiteral("instance lock (\\S+) taken"));
    return pattern.match(QString::fromUtf8(log)).captured(1);
}

} // namespace

Q_DECLARE_METATYPE(MonitorProcess::Mode)

class tst_InstanceLock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void secondInstanceWithTheSameConfigIsRefused_data();
    void secondInstanceWithTheSameConfigIsRefused();
    void secondInstanceWithoutAConfigIsRefused();
    void twoConfigsRunSideBySide();
    void lockOfAKilledInstanceIsTakenOver();
    void abandonedLockSayingAnythingIsTakenOver_data();
    void abandonedLockSayingAnythingIsTakenOver();
    void damagedLockOfARunningInstanceStillRefuses();
    void unusableLockFolderIsAClearError();
    void lockFolderFollowsTheEnvironment_data();
    void lockFolderFollowsTheEnvironment();

private:
    // A config whose feed, REST and Redis point at closed ports: the service runs and retries.
    QString writeConfig(const QString &name, quint16 healthPort);
    QProcessEnvironment lockFolder() const;
    void killInstance(const QString &config, QString *lockPath);

    QTemporaryDir m_dir;
    quint16 m_closedPort = 0;
};

void tst_InstanceLock::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("run")));
    m_closedPort = freePort();
}

QString tst_InstanceLock::writeConfig(const QString &name, quint16 healthPort)
{
    const QString path = m_dir.filePath(name);
    const QByteArray yaml = QStringLiteral("symbols: [BTCUSDT]\n"
                                           "ws_url: ws://127.0.0.1:%1\n"
                                           "rest_url: http://127.0.0.1:%1\n"
                                           "redis:\n  url: redis://127.0.0.1:%1/0\n"
                                           "health:\n  port: %2\n")
                                    .arg(m_closedPort)
                                    .arg(healthPort)
                                    .toUtf8();
    return writeFile(path, yaml) ? path : QString();
}

// Starts an instance with config and kills it once it holds its lock, which stays behind.
void tst_InstanceLock::killInstance(const QString &config, QString *lockPath)
{
    MonitorProcess instance;
    QVERIFY(instance.start(config, {}, lockFolder()));
    QVERIFY2(instance.waitForLog(LockTaken, StartMs), instance.log().constData());
    instance.signal(SIGKILL);
    QVERIFY(instance.waitForExit(StartMs));
    *lockPath = lockPathFromLog(instance.log());
}

QProcessEnvironment tst_InstanceLock::lockFolder() const
{
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_dir.filePath(QStringLiteral("run")));
    return environment;
}

void tst_InstanceLock::secondInstanceWithTheSameConfigIsRefused_data()
{
    QTest::addColumn<bool>("throughSymlink");
    QTest::addColumn<MonitorProcess::Mode>("secondMode");
    QTest::newRow("same path") << false << MonitorProcess::Mode::Headless;
    // One file under two names is one configuration.
    QTest::newRow("through a symlink") << true << MonitorProcess::Mode::Headless;
    // The window publishes to the same keys as the service it would run beside.
    QTest::newRow("window beside the service") << false << MonitorProcess::Mode::Window;
}

void tst_InstanceLock::secondInstanceWithTheSameConfigIsRefused()
{
    QFETCH(bool, throughSymlink);
    QFETCH(MonitorProcess::Mode, secondMode);
    const QString config = writeConfig(QStringLiteral("same.yaml"), freePort());
    QString secondConfig = config;
    if (throughSymlink) {
        secondConfig = m_dir.filePath(QStringLiteral("link-to-same.yaml"));
        QFile::remove(secondConfig);
        QVERIFY(QFile::link(config, secondConfig));
    }

    MonitorProcess first;
    QVERIFY(first.start(config, {}, lockFolder()));
    QVERIFY2(first.waitForLog(LockTaken, StartMs), first.log().constData());

    MonitorProcess second;
    QVERIFY(second.start(secondConfig, {}, lockFolder(), secondMode));
    QVERIFY(second.waitForExit(StartMs));
    const QByteArray log = second.log();
    QCOMPARE(second.exitStatus(), QProcess::NormalExit);
    QCOMPARE(second.exitCode(), ExitAlreadyRunning);
    QVERIFY2(log.contains("PID " + QByteArray::number(first.pid())), log.constData());
    QVERIFY2(log.contains("market-data-monitor"), log.constData());
    QVERIFY2(!log.contains("connecting to"), log.constData());
    QVERIFY(first.isRunning());
}

// Instances started without --config share one lock, whatever their other options.
void tst_InstanceLock::secondInstanceWithoutAConfigIsRefused()
{
    const auto arguments = [](quint16 healthPort) {
        return QStringList{QStringLiteral("--symbols"),     QStringLiteral("BTCUSDT"),
                           QStringLiteral("--ws-url"),      QStringLiteral("ws://127.0.0.1:1"),
                           QStringLiteral("--rest-url"),    QStringLiteral("http://127.0.0.1:1"),
                           QStringLiteral("--redis"),       QStringLiteral("redis://127.0.0.1:1/0"),
                           QStringLiteral("--health-port"), QString::number(healthPort)};
    };
    MonitorProcess first;
    QVERIFY(first.start(QString(), arguments(freePort()), lockFolder()));
    QVERIFY2(first.waitForLog(LockTaken, StartMs), first.log().constData());

    MonitorProcess second;
    QVERIFY(second.start(QString(), arguments(freePort()), lockFolder()));
    QVERIFY(second.waitForExit(StartMs));
    const QByteArray log = second.log();
    QCOMPARE(second.exitCode(), ExitAlreadyRunning);
    QVERIFY2(log.contains("another instance already runs with no config file: PID " +
                          QByteArray::number(first.pid())),
             log.constData());
    QVERIFY(first.isRunning());
}

void tst_InstanceLock::twoConfigsRunSideBySide()
{
    const quint16 firstPort = freePort();
    const quint16 secondPort = freePort();
    MonitorProcess first;
    MonitorProcess second;
    QVERIFY(first.start(writeConfig(QStringLiteral("shard-1.yaml"), firstPort), {}, lockFolder()));
    QVERIFY(second.start(writeConfig(QStringLiteral("shard-2.yaml"), secondPort), {},
                         lockFolder()));

    // Both answer on their health ports (503: nothing is reachable), so both really run.
    QTRY_VERIFY_WITH_TIMEOUT(httpGet(firstPort, QStringLiteral("/health")).status == 503, StartMs);
    QTRY_VERIFY_WITH_TIMEOUT(httpGet(secondPort, QStringLiteral("/health")).status == 503, StartMs);
    QVERIFY(first.isRunning() && second.isRunning());
    const QString firstLock = lockPathFromLog(first.log());
    const QString secondLock = lockPathFromLog(second.log());
    QVERIFY(!firstLock.isEmpty() && !secondLock.isEmpty());
    QVERIFY(firstLock != secondLock);
    QVERIFY(QFile::exists(firstLock) && QFile::exists(secondLock));
}

void tst_InstanceLock::lockOfAKilledInstanceIsTakenOver()
{
    const quint16 healthPort = freePort();
    const QString config = writeConfig(QStringLiteral("killed.yaml"), healthPort);
    // SIGKILL leaves the lock file behind, holding a PID that no longer runs.
    QString lockPath;
    killInstance(config, &lockPath);
    QVERIFY(!lockPath.isEmpty());
    QVERIFY2(QFile::exists(lockPath), qPrintable(lockPath));

    MonitorProcess second;
    QVERIFY(second.start(config, {}, lockFolder()));
    QVERIFY2(second.waitForLog(LockTaken, StartMs), second.log().constData());
    QTRY_VERIFY_WITH_TIMEOUT(httpGet(healthPort, QStringLiteral("/health")).status == 503, StartMs);
    QVERIFY(second.isRunning());
    QCOMPARE(lockPathFromLog(second.log()), lockPath);
}

// Writes text over a lock file and dates it back, as one left long ago.
bool overwriteLock(const QString &path, const QByteArray &text)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text) != text.size())
        return false;

    // Flushed first: a write still buffered would date the file again as it closes.
    return file.flush() && file.setFileTime(QDateTime::currentDateTime().addSecs(-60),
                                            QFileDevice::FileModificationTime);
}

void tst_InstanceLock::abandonedLockSayingAnythingIsTakenOver_data()
{
    QTest::addColumn<QString>("contents");
    QTest::newRow("empty, as a full disk leaves it") << QString();
    QTest::newRow("garbage") << QStringLiteral("\x01\xff not a lock\n\n\n");
    // Its PID since reused by another copy of the program, with a config of its own: QLockFile
    // alone takes that for the holder, and the service could never start again.
    QTest::newRow("PID of another running instance") << QStringLiteral("decoy");
}

void tst_InstanceLock::abandonedLockSayingAnythingIsTakenOver()
{
    QFETCH(QString, contents);
    const quint16 healthPort = freePort();
    const QString config = writeConfig(QStringLiteral("abandoned.yaml"), healthPort);
    QString lockPath;
    killInstance(config, &lockPath);
    QVERIFY(!lockPath.isEmpty());

    MonitorProcess decoy;
    QByteArray text = contents.toLatin1();
    if (contents == QLatin1String("decoy")) {
        QVERIFY(decoy.start(writeConfig(QStringLiteral("decoy.yaml"), freePort()), {},
                            lockFolder()));
        QVERIFY2(decoy.waitForLog(LockTaken, StartMs), decoy.log().constData());
        QFile decoyLock(lockPathFromLog(decoy.log()));
        QVERIFY(decoyLock.open(QIODevice::ReadOnly));
        text = decoyLock.readAll();
    }
    QVERIFY(overwriteLock(lockPath, text));

    MonitorProcess second;
    QVERIFY(second.start(config, {}, lockFolder()));
    QVERIFY2(second.waitForLog(LockTaken, StartMs), second.log().constData());
    QVERIFY2(second.log().contains("held by no running process; taken over"),
             second.log().constData());
    QTRY_VERIFY_WITH_TIMEOUT(httpGet(healthPort, QStringLiteral("/health")).status == 503, StartMs);
    QVERIFY(second.isRunning());
}

// A running instance holds its lock whatever its file came to say.
void tst_InstanceLock::damagedLockOfARunningInstanceStillRefuses()
{
    const QString config = writeConfig(QStringLiteral("damaged.yaml"), freePort());
    MonitorProcess first;
    QVERIFY(first.start(config, {}, lockFolder()));
    QVERIFY2(first.waitForLog(LockTaken, StartMs), first.log().constData());
    QVERIFY(overwriteLock(lockPathFromLog(first.log()), "garbage"));

    MonitorProcess second;
    QVERIFY(second.start(config, {}, lockFolder()));
    QVERIFY(second.waitForExit(StartMs));
    QCOMPARE(second.exitCode(), ExitAlreadyRunning);
    QVERIFY2(second.log().contains("a running process holds"), second.log().constData());
    QVERIFY(first.isRunning());
}

void tst_InstanceLock::unusableLockFolderIsAClearError()
{
    QProcessEnvironment environment;
    const QString missing = m_dir.filePath(QStringLiteral("no-such-folder"));
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), missing);
    MonitorProcess monitor;
    QVERIFY(monitor.start(writeConfig(QStringLiteral("nowhere.yaml"), freePort()), {},
                          environment));
    QVERIFY(monitor.waitForExit(StartMs));
    const QByteArray log = monitor.log();
    QCOMPARE(monitor.exitCode(), ExitConfigError);
    QVERIFY2(log.contains(missing.toUtf8()) && log.contains("XDG_RUNTIME_DIR"), log.constData());
}

void tst_InstanceLock::lockFolderFollowsTheEnvironment_data()
{
    QTest::addColumn<QString>("xdgRuntimeDir");
    QTest::addColumn<QString>("runtimeDirectory");
    QTest::addColumn<QString>("tmpDir");
    QTest::addColumn<QString>("expectedFolder");

    const QString a = m_dir.filePath(QStringLiteral("a"));
    const QString b = m_dir.filePath(QStringLiteral("b"));
    const QString c = m_dir.filePath(QStringLiteral("c"));
    QTest::newRow("XDG_RUNTIME_DIR first") << a << b << c << a;
    // systemd's RuntimeDirectory= may list several folders; the first is ours.
    QTest::newRow("RUNTIME_DIRECTORY next") << QString() << b + QLatin1Char(':') + a << c << b;
    QTest::newRow("temporary folder last") << QString() << QString() << c << c;
}

void tst_InstanceLock::lockFolderFollowsTheEnvironment()
{
    QFETCH(QString, xdgRuntimeDir);
    QFETCH(QString, runtimeDirectory);
    QFETCH(QString, tmpDir);
    QFETCH(QString, expectedFolder);
    for (const QString &folder : {xdgRuntimeDir, runtimeDirectory.section(u':', 0, 0), tmpDir}) {
        if (!folder.isEmpty())
            QVERIFY(QDir().mkpath(folder));
    }

    // Empty values count as unset, whatever the test's own environment holds.
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), xdgRuntimeDir);
    environment.insert(QStringLiteral("RUNTIME_DIRECTORY"), runtimeDirectory);
    environment.insert(QStringLiteral("TMPDIR"), tmpDir);
    MonitorProcess monitor;
    QVERIFY(monitor.start(writeConfig(QStringLiteral("folders.yaml"), freePort()), {},
                          environment));
    QVERIFY2(monitor.waitForLog(LockTaken, StartMs), monitor.log().constData());
    const QString lockPath = lockPathFromLog(monitor.log());
    QCOMPARE(QFileInfo(lockPath).absolutePath(), expectedFolder);
    QVERIFY(QFile::exists(lockPath));
}

QTEST_GUILESS_MAIN(tst_InstanceLock)
#include "tst_instancelock.moc"
