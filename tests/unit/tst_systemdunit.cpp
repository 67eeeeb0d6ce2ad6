// packaging/market-data-monitor.service as systemd reads it: systemd-analyze verify on a copy
// whose ExecStart runs the program just built, and its exit codes against the program's.
#include "marketdataservice.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString UnitFile = QStringLiteral(MD_SOURCE_DIR "/packaging/market-data-monitor.service");
const QString InstalledProgram = QStringLiteral("/usr/bin/market-data-monitor");
const QString BuiltProgram = QStringLiteral(MD_BINARY_DIR "/app/monitor/market-data-monitor");

struct Verdict
{
    int exitCode = -1;
    QByteArray output;
};

// systemd-analyze verify exits 0 on unknown keys and bad values too; it only says so.
Verdict verify(const QString &unitPath)
{
    QProcess analyze;
    analyze.setProcessChannelMode(QProcess::MergedChannels);
    analyze.start(QStringLiteral("systemd-analyze"), {QStringLiteral("verify"), unitPath});
    if (!analyze.waitForFinished(60'000))
        return {};
    return {analyze.exitCode(), analyze.readAll()};
}

QByteArray readUnit()
{
    QFile file(UnitFile);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class tst_SystemdUnit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void verifyFindsNothing();
    void verifyNoticesAMisspeltDirective();
    void restartIsPreventedForExitCodesARestartCannotCure();

private:
    QString writeCopy(const QByteArray &unit);

    QTemporaryDir m_dir;
    QByteArray m_unit;
};

void tst_SystemdUnit::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (QStandardPaths::findExecutable(QStringLiteral("systemd-analyze")).isEmpty())
        QSKIP("systemd-analyze is not installed (Debian package systemd)");
    m_unit = readUnit();
    QVERIFY2(m_unit.contains("ExecStart=" + InstalledProgram.toUtf8() + ' '), m_unit.constData());
}

// The copy keeps the unit's name, since systemd-analyze judges a unit by it too.
QString tst_SystemdUnit::writeCopy(const QByteArray &unit)
{
    QFile copy(m_dir.filePath(QStringLiteral("market-data-monitor.service")));
    if (!copy.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    QByteArray pointed = unit;
    copy.write(pointed.replace(InstalledProgram.toUtf8(), BuiltProgram.toUtf8()));
    return copy.fileName();
}

void tst_SystemdUnit::verifyFindsNothing()
{
    const Verdict verdict = verify(writeCopy(m_unit));
    QVERIFY2(verdict.output.isEmpty(), verdict.output.constData());
    QCOMPARE(verdict.exitCode, 0);
}

void tst_SystemdUnit::verifyNoticesAMisspeltDirective()
{
    QByteArray broken = m_unit;
    broken.replace("\nWatchdogSec=", "\nWatchdogSecs=");
    QVERIFY(broken != m_unit);
    const Verdict verdict = verify(writeCopy(broken));
    QVERIFY2(verdict.output.contains("WatchdogSecs"), verdict.output.constData());
}

void tst_SystemdUnit::restartIsPreventedForExitCodesARestartCannotCure()
{
    QList<int> prevented;
    for (const QByteArray &line : m_unit.split('\n')) {
        if (!line.startsWith("RestartPreventExitStatus="))
            continue;
        for (const QByteArray &code : line.mid(line.indexOf('=') + 1).split(' '))
            prevented.append(code.toInt());
    }
    std::sort(prevented.begin(), prevented.end());
    QCOMPARE(prevented, (QList<int>{md::MarketDataService::ExitConfigError,
                                    md::MarketDataService::ExitUnknownSymbol,
                                    md::MarketDataService::ExitAlreadyRunning}));
}

QTEST_GUILESS_MAIN(tst_SystemdUnit)
#include "tst_systemdunit.moc"
