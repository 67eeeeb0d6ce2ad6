// The window's command line refuses what it cannot honour with one clear line and exit code 1,
// before anything connects anywhere.
#include <QProcess>
#include <QProcessEnvironment>
#include <QTest>

namespace {

const QString MonitorProgram = QStringLiteral(MD_BINARY_DIR "/app/monitor/market-data-monitor");

} // namespace

class tst_MonitorCommandLine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refuses_data();
    void refuses();
};

void tst_MonitorCommandLine::refuses_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("display");
    QTest::addColumn<QByteArray>("message");

    const auto args = [](std::initializer_list<const char *> list) {
        QStringList out;
        for (const char *item : list)
            out << QString::fromLatin1(item);
        return out;
    };
    QTest::newRow("no display at all")
            << args({"--replay"}) << false << QByteArray("no display to open the window on");
    QTest::newRow("empty replay value")
            << args({"--replay", ""}) << true << QByteArray("--replay: no recording named");
    QTest::newRow("replay value of commas")
            << args({"--replay", ","}) << true << QByteArray("--replay: no recording named");
    QTest::newRow("speed not a number") << args({"--replay-speed", "nan", "--replay"}) << true
                                        << QByteArray("--replay-speed: must be a number");
    QTest::newRow("speed too small for the timers")
            << args({"--replay-speed", "1e-300", "--replay"}) << true
            << QByteArray("--replay-speed: must be a number");
    QTest::newRow("speed infinite") << args({"--replay-speed", "inf", "--replay"}) << true
                                    << QByteArray("--replay-speed: must be a number");
    QTest::newRow("missing recording") << args({"--replay", "/nonexistent/recording.gz"}) << true
                                       << QByteArray("cannot read the recording");
    QTest::newRow("unknown language")
            << args({"--lang", "xx"}) << true << QByteArray("is not a language");
}

void tst_MonitorCommandLine::refuses()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, display);
    QFETCH(QByteArray, message);

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("DISPLAY"));
    environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
    environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
    if (display)
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));

    QProcess monitor;
    monitor.setProcessEnvironment(environment);
    monitor.start(MonitorProgram, arguments);
    QVERIFY(monitor.waitForFinished(20'000));
    const QByteArray errors = monitor.readAllStandardError();
    QCOMPARE(monitor.exitStatus(), QProcess::NormalExit);
    QCOMPARE(monitor.exitCode(), 1);
    QVERIFY2(errors.contains(message), errors.constData());
    QVERIFY2(!errors.contains("connecting to"), errors.constData());
}

QTEST_GUILESS_MAIN(tst_MonitorCommandLine)
#include "tst_monitorcommandline.moc"
