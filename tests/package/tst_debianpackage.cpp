// The Debian package as a user gets it: built by CPack from this build, installed with dpkg,
// its programs run from /usr/bin against its own demo recording and a real redis-server, then
// purged so that the machine is left as it was. Needs root; refuses to touch an installation
// it did not make.
#include "testservers.h"

#include <QDir>
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
#include <sys/prctl.h>
#include <unistd.h>

using namespace md::test;

namespace {

const QString Package = QStringLiteral("market-data-monitor");
const QString Monitor = QStringLiteral("/usr/bin/market-data-monitor");
const QString Replay = QStringLiteral("/usr/bin/market-data-replay");
const QString UnitFile = QStringLiteral("/lib/systemd/system/market-data-monitor.service");
const QString Demo =
        QStringLiteral("/usr/share/market-data-monitor/recordings/spot-2021-04-05-10symbols.txt");
// Two of the demo's symbols; each has a REST snapshot early in the recording.
const QString Symbols = QStringLiteral("BTCAUD,MANAUSDT");

// The kernel's own MemoryDenyWriteExecute (Linux 6.3+), kept across exec like systemd's filter.
constexpr int SetMdwe = 65;
constexpr int GetMdwe = 66;
constexpr int MdweRefuseExecGain = 1;

struct Run
{
    int exitCode = -1;
    QByteArray output;
};

Run run(const QString &program, const QStringList &arguments, int timeoutMs = 120'000)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(timeoutMs) || process.exitStatus() != QProcess::NormalExit)
        return {-1, process.readAll()};
    return {process.exitCode(), process.readAll()};
}

// dpkg's status of the package: "install ok installed", or empty when dpkg knows nothing.
QByteArray packageStatus()
{
    const Run query = run(QStringLiteral("dpkg-query"),
                          {QStringLiteral("-W"), QStringLiteral("-f=${Status}"), Package});
    return query.exitCode == 0 ? query.output.trimmed() : QByteArray();
}

int healthStatus(quint16 port)
{
    QNetworkAccessManager manager;
    QNetworkReply *reply = manager.get(
            QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/health").arg(port))));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    finished.wait(5000);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return status;
}

} // namespace

class tst_DebianPackage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void installs();
    void versionIsThePackages();
    void installedUnitVerifies();
    void servesARecordingHeadless();

private:
    QTemporaryDir m_dir;
    bool m_installedByUs = false;
    QProcess m_replay;
    QProcess m_monitor;
};

void tst_DebianPackage::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (::geteuid() != 0)
        QSKIP("installing a package needs root; run as root (CI does) to test the .deb");
    const QByteArray status = packageStatus();
    if (!status.isEmpty() && status != "unknown ok not-installed" &&
        status != "deinstall ok config-files") {
        QSKIP(qPrintable(QStringLiteral("%1 is already installed here (dpkg: %2); this test will "
                                        "not replace or remove it. `dpkg --purge %1` first.")
                                 .arg(Package, QString::fromUtf8(status))));
    }
    if (status == "deinstall ok config-files")
        QSKIP("market-data-monitor's configuration is left from an earlier installation; this "
              "test will not purge it. `dpkg --purge market-data-monitor` first.");
}

void tst_DebianPackage::cleanupTestCase()
{
    for (QProcess *process : {&m_monitor, &m_replay}) {
        process->kill();
        process->waitForFinished();
    }
    if (!m_installedByUs)
        return;

    const Run purge = run(QStringLiteral("dpkg"), {QStringLiteral("--purge"), Package});
    QVERIFY2(purge.exitCode == 0, purge.output.constData());
    QVERIFY(!QFile::exists(Monitor));
    QVERIFY(!QFile::exists(QStringLiteral("/etc/market-data-monitor/config.yaml")));
    QVERIFY(packageStatus().isEmpty() || packageStatus() == "unknown ok not-installed");
}

void tst_DebianPackage::installs()
{
    const Run cpack = run(QStringLiteral("cpack"),
                          {QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("--config"),
                           QStringLiteral(MD_BINARY_DIR "/CPackConfig.cmake"), QStringLiteral("-B"),
                           m_dir.path()});
    QVERIFY2(cpack.exitCode == 0, cpack.output.constData());
    const QStringList debs = QDir(m_dir.path()).entryList({QStringLiteral("*.deb")});
    QCOMPARE(debs.size(), 1);

    // Everything it depends on is what building it needed, so dpkg must find it all here.
    const Run install =
            run(QStringLiteral("dpkg"), {QStringLiteral("-i"), m_dir.filePath(debs.first())});
    m_installedByUs = true;
    QVERIFY2(install.exitCode == 0, install.output.constData());
    QCOMPARE(packageStatus(), QByteArray("install ok installed"));

    const Run conffiles = run(QStringLiteral("dpkg-query"),
                              {QStringLiteral("-W"), QStringLiteral("-f=${Conffiles}"), Package});
    QVERIFY2(conffiles.output.contains("/etc/market-data-monitor/config.yaml"),
             conffiles.output.constData());
    for (const QString &path :
         {Monitor, Replay, UnitFile, Demo,
          QStringLiteral("/usr/share/applications/market-data-monitor.desktop"),
          QStringLiteral("/usr/share/icons/hicolor/256x256/apps/market-data-monitor.png")})
        QVERIFY2(QFile::exists(path), qPrintable(path));
}

void tst_DebianPackage::versionIsThePackages()
{
    if (!m_installedByUs)
        QSKIP("not installed");
    const Run version = run(QStringLiteral("dpkg-query"),
                            {QStringLiteral("-W"), QStringLiteral("-f=${Version}"), Package});
    QCOMPARE(version.exitCode, 0);

    const Run monitor = run(Monitor, {QStringLiteral("--version")});
    QCOMPARE(monitor.exitCode, 0);
    QCOMPARE(monitor.output.trimmed(), "market-data-monitor " + version.output.trimmed());
}

void tst_DebianPackage::installedUnitVerifies()
{
    if (!m_installedByUs)
        QSKIP("not installed");
    const Run verify = run(QStringLiteral("systemd-analyze"), {QStringLiteral("verify"), UnitFile});
    QVERIFY2(verify.output.isEmpty(), verify.output.constData());
    QCOMPARE(verify.exitCode, 0);
}

// The installed programs, the installed configuration (endpoints overridden by flags) and the
// installed recording, with the memory protection the unit asks for.
void tst_DebianPackage::servesARecordingHeadless()
{
    if (!m_installedByUs)
        QSKIP("not installed");
    const QString redisProgram = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
    QVERIFY2(!redisProgram.isEmpty(), "redis-server is not installed");
    RedisServer redis(redisProgram, m_dir.path(), freePort());
    QVERIFY(redis.start());

    const quint16 replayPort = freePort();
    dieWithParent(m_replay);
    m_replay.start(Replay, {QStringLiteral("serve"), Demo, QStringLiteral("--port"),
                            QString::number(replayPort)});
    QVERIFY(m_replay.waitForStarted());

    const quint16 healthPort = freePort();
    if (::prctl(GetMdwe, 0L, 0L, 0L, 0L) < 0)
        qWarning("this kernel has no PR_SET_MDWE: running without MemoryDenyWriteExecute");
    m_monitor.setChildProcessModifier([] {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        ::prctl(SetMdwe, MdweRefuseExecGain, 0L, 0L, 0L);
    });
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_ENABLE_REGEXP_JIT"), QStringLiteral("0"));
    m_monitor.setProcessEnvironment(environment);
    m_monitor.start(Monitor, {QStringLiteral("--no-gui"), QStringLiteral("--config"),
                              QStringLiteral("/etc/market-data-monitor/config.yaml"),
                              QStringLiteral("--symbols"), Symbols, QStringLiteral("--ws-url"),
                              QStringLiteral("ws://127.0.0.1:%1").arg(replayPort),
                              QStringLiteral("--rest-url"),
                              QStringLiteral("http://127.0.0.1:%1").arg(replayPort),
                              QStringLiteral("--redis"),
                              QStringLiteral("redis://127.0.0.1:%1/0").arg(redis.port()),
                              QStringLiteral("--health-port"), QString::number(healthPort)});
    QVERIFY(m_monitor.waitForStarted());

    const auto dumpLog = qScopeGuard([this] {
        if (QTest::currentTestFailed())
            qWarning("monitor log:\n%s", m_monitor.readAllStandardError().right(4000).data());
    });
    QTRY_COMPARE_WITH_TIMEOUT(healthStatus(healthPort), 200, 60'000);
    // Published within a round of the health check turning green.
    const auto published = [&] {
        const QByteArray book = RedisClient(redis.port()).query({"GET", "market_data:MANAUSDT"});
        return QJsonDocument::fromJson(book).object()[QLatin1String("synced")].toBool();
    };
    QTRY_VERIFY_WITH_TIMEOUT(published(), 10'000);

    m_monitor.terminate();
    QVERIFY(m_monitor.waitForFinished(10'000));
    QCOMPARE(m_monitor.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_monitor.exitCode(), 0);
}

QTEST_GUILESS_MAIN(tst_DebianPackage)
#include "tst_debianpackage.moc"
