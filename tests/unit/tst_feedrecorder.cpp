// FeedRecorder and the naming and reading of its parts: what goes in comes out byte for byte,
// parts rotate by size and read back as one stream, a flush makes everything so far readable,
// and a failure is counted without stopping anything.
#include "feedrecorder.h"
#include "recordingfacts.h"
#include "recordingmerger.h"
#include "recordingparts.h"
#include "recordingreader.h"
#include "recordingwriter.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <random>
#include <set>
#include <sys/resource.h>

using md::FeedRecorder;
using md::RecordedMessage;
using Kind = md::RecordedMessage::Kind;
using namespace std::chrono_literals;

namespace {

struct ReadBack
{
    std::vector<md::test::Message> messages;
    QString error;
};

ReadBack readParts(const QStringList &paths)
{
    ReadBack result;
    md::RecordingMerger merger;
    if (!merger.open(paths)) {
        result.error = merger.errorString();
        return result;
    }
    RecordedMessage message;
    while (merger.next(message)) {
        result.messages.push_back({message.receiveTimeNs, message.kind, std::string(message.source),
                                   std::string(message.payload)});
    }
    result.error = merger.errorString();
    return result;
}

FeedRecorder::Options optionsFor(const QString &path)
{
    FeedRecorder::Options options;
    options.path = path;
    options.flushInterval = 50ms;
    options.retryInterval = 50ms;
    return options;
}

} // namespace

class tst_FeedRecorder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void partNames_data();
    void partNames();
    void recordsExactlyAndRotatesBySize();
    void rotatesOnTheClock();
    void partOpenedJustBeforeTheStopIsRemoved();
    void partsReadInOrderWhenTheClockStepsBack();
    void flushMakesEverythingReadable();
    void partCutByACrashIsReadPast();
    void unwritablePathFailsAtStart();
    void failedPartIsCountedAndRetried();
    void failedWriteEndsThePartAndRecordingResumes();
    void diskThatStaysFullLeavesNoEmptyParts();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_FeedRecorder::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_FeedRecorder::partNames_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("sequence");
    QTest::addColumn<QString>("part");

    QTest::newRow("extension") << QStringLiteral("/data/btc.mdrec") << 1
                               << QStringLiteral("/data/btc-20261203T191012Z-0001.mdrec");
    QTest::newRow("no extension") << QStringLiteral("feed") << 12
                                  << QStringLiteral("feed-20261203T191012Z-0012");
    QTest::newRow("dotted folder") << QStringLiteral("/srv/v1.2/feed") << 3
                                   << QStringLiteral("/srv/v1.2/feed-20261203T191012Z-0003");
    QTest::newRow("wide sequence") << QStringLiteral("a.b.mdrec") << 12345
                                   << QStringLiteral("a.b-20261203T191012Z-12345.mdrec");
    QTest::newRow("only an extension") << QStringLiteral("/data/.mdrec") << 1
                                       << QStringLiteral("/data/.mdrec-20261203T191012Z-0001");
    QTest::newRow("only an extension, relative")
            << QStringLiteral(".mdrec") << 2 << QStringLiteral(".mdrec-20261203T191012Z-0002");
    // QString::arg() chained over a name would take its "%1" for a place marker.
    QTest::newRow("percent signs") << QStringLiteral("/data/%1%2 50%.mdrec") << 7
                                   << QStringLiteral("/data/%1%2 50%-20261203T191012Z-0007.mdrec");
}

void tst_FeedRecorder::partNames()
{
    QFETCH(QString, path);
    QFETCH(int, sequence);
    QFETCH(QString, part);

    const QDateTime openedAt(QDate(2026, 12, 3), QTime(19, 10, 12, 999), Qt::UTC);
    QCOMPARE(md::RecordingParts::partPath(path, openedAt, sequence), part);
    QCOMPARE(md::RecordingParts::recordingOf(part), path);
    QVERIFY(md::RecordingParts::recordingOf(path).isEmpty());
}

void tst_FeedRecorder::recordsExactlyAndRotatesBySize()
{
    // Real messages, one malformed and one with every byte value, as a feed would hand them over.
    std::vector<md::test::Message> fed =
            md::test::readAll({md::test::dataFile("cryptofeed/spot-2021-04-05-10symbols.txt")});
    QVERIFY(fed.size() > 100);
    fed.insert(fed.begin() + 10, {0, Kind::WebSocket, "wss://x/stream", "{\"truncated\":"});
    std::string everyByte;
    for (int byte = 0; byte < 256; ++byte)
        everyByte.push_back(char(byte));
    fed.insert(fed.begin() + 20, {0, Kind::WebSocket, "wss://x/stream", everyByte});

    FeedRecorder::Options options = optionsFor(m_dir->filePath(QStringLiteral("feed.mdrec")));
    options.maxFileBytes = 16 * 1024;
    FeedRecorder recorder(options);
    QSignalSpy laterParts(&recorder, &FeedRecorder::laterPartOpened);
    QVERIFY2(recorder.start(), qPrintable(recorder.errorString()));
    QCOMPARE(laterParts.size(), 0);
    quint64 payloadBytes = 0;
    for (const md::test::Message &message : fed) {
        const std::string source = message.source.empty() ? "-x" : message.source;
        if (message.kind == Kind::Rest)
            recorder.recordRest(source, message.payload);
        else
            recorder.recordWebSocket(source, message.payload);
        payloadBytes += message.payload.size();
    }
    recorder.stop();

    const QStringList parts = md::test::recordingPartsIn(m_dir->path());
    QVERIFY2(parts.size() >= 3, qPrintable(parts.join(QLatin1Char(' '))));
    QCOMPARE(recorder.counters().files, quint64(parts.size()));
    QCOMPARE(recorder.counters().messages, quint64(fed.size()));
    QCOMPARE(recorder.counters().bytes, payloadBytes);
    QCOMPARE(recorder.counters().failures, quint64(0));
    // Every part but the first is announced, so that the engine fetches snapshots into it.
    QCOMPARE(laterParts.size(), parts.size() - 1);
    for (qsizetype i = 0; i < laterParts.size(); ++i)
        QCOMPARE(laterParts.at(i).at(0).toString(), parts.at(i + 1));

    const ReadBack back = readParts(parts);
    QVERIFY2(back.error.isEmpty(), qPrintable(back.error));
    QCOMPARE(back.messages.size(), fed.size());
    for (size_t i = 0; i < fed.size(); ++i) {
        QCOMPARE(back.messages[i].kind, fed[i].kind);
        QVERIFY2(back.messages[i].payload == fed[i].payload, qPrintable(QString::number(i)));
        if (!fed[i].source.empty())
            QCOMPARE(back.messages[i].source, fed[i].source);
        if (i > 0)
            QVERIFY(back.messages[i].receiveTimeNs >= back.messages[i - 1].receiveTimeNs);
    }
}

// A rotation opens the next part at once; a stop before the next message left it holding no
// message, which verify refuses (exit code 2), so that part could not be played alone.
void tst_FeedRecorder::partOpenedJustBeforeTheStopIsRemoved()
{
    FeedRecorder::Options options = optionsFor(m_dir->filePath(QStringLiteral("tiny.mdrec")));
    options.maxFileBytes = 1; // every message ends its part
    FeedRecorder recorder(options);
    QVERIFY(recorder.start());
    std::mt19937 random(7);
    for (int i = 0; i < 3; ++i) {
        std::string noise(256 * 1024, '\0'); // past zstd's buffer, so the part grows on disk
        for (char &byte : noise)
            byte = char(random());
        recorder.recordWebSocket("wss://x", noise);
    }
    recorder.stop();

    const QStringList parts = md::test::recordingPartsIn(m_dir->path());
    QCOMPARE(parts.size(), 3);
    QCOMPARE(recorder.counters().files, quint64(parts.size()));
    for (const QString &part : parts) {
        const ReadBack back = readParts({part});
        QVERIFY2(back.error.isEmpty(), qPrintable(back.error));
        QCOMPARE(back.messages.size(), size_t(1));
    }
}

void tst_FeedRecorder::rotatesOnTheClock()
{
    // Parts of 400 ms instead of an hour: each ends on a multiple of 400 ms of the clock.
    FeedRecorder::Options options = optionsFor(m_dir->filePath(QStringLiteral("clock.mdrec")));
    options.rotateInterval = 400ms;
    FeedRecorder recorder(options);
    QVERIFY(recorder.start());

    int sent = 0;
    QElapsedTimer elapsed;
    elapsed.start();
    while (recorder.counters().files < 3 && elapsed.elapsed() < 20'000) {
        recorder.recordWebSocket("wss://x", std::to_string(++sent));
        QTest::qWait(20);
    }
    // The tick timer may have opened the third part during the wait, with nothing in it yet,
    // and a stop removes a last part that holds no message.
    recorder.recordWebSocket("wss://x", std::to_string(++sent));
    recorder.stop();

    const QStringList parts = md::test::recordingPartsIn(m_dir->path());
    QVERIFY2(parts.size() >= 3, qPrintable(parts.join(QLatin1Char(' '))));
    const ReadBack back = readParts(parts);
    QVERIFY2(back.error.isEmpty(), qPrintable(back.error));
    QCOMPARE(back.messages.size(), size_t(sent));
    for (int i = 0; i < sent; ++i)
        QCOMPARE(back.messages[size_t(i)].payload, std::to_string(i + 1));

    // A middle part was opened at one boundary and closed at the next: its messages lie within
    // one 400 ms period of the clock.
    md::RecordingReader middle;
    QVERIFY(middle.open(parts.at(1)));
    RecordedMessage message;
    std::set<qint64> periods;
    while (middle.next(message))
        periods.insert(message.receiveTimeNs / 400'000'000);
    QCOMPARE(periods.size(), size_t(1));
}

void tst_FeedRecorder::partsReadInOrderWhenTheClockStepsBack()
{
    // Two parts of one recording, the second stamped earlier than the first ended, as after the
    // wall clock was set back: they are one stream and must not be interleaved by time.
    const QDateTime opened = QDateTime::currentDateTimeUtc();
    const QString base = m_dir->filePath(QStringLiteral("feed.mdrec"));
    const QStringList parts{md::RecordingParts::partPath(base, opened, 1),
                            md::RecordingParts::partPath(base, opened, 2)};
    const std::vector<qint64> times[] = {{100, 200, 300}, {150, 250}};
    for (int part = 0; part < 2; ++part) {
        md::RecordingWriter writer;
        QVERIFY(writer.open(parts[part]));
        for (const qint64 time : times[part])
            QVERIFY(writer.write(time, Kind::WebSocket, "wss://x", std::to_string(time)));
        QVERIFY(writer.close());
    }

    const ReadBack back = readParts(parts);
    QVERIFY2(back.error.isEmpty(), qPrintable(back.error));
    QStringList order;
    for (const md::test::Message &message : back.messages)
        order << QString::fromStdString(message.payload);
    QCOMPARE(order.join(QLatin1Char(',')), QStringLiteral("100,200,300,150,250"));
}

void tst_FeedRecorder::flushMakesEverythingReadable()
{
    FeedRecorder recorder(optionsFor(m_dir->filePath(QStringLiteral("live.mdrec"))));
    QVERIFY(recorder.start());
    const QString part = recorder.currentFile();
    for (int i = 0; i < 500; ++i)
        recorder.recordWebSocket("wss://x", R"({"e":"depthUpdate","n":)" + std::to_string(i) + '}');

    // What a crash would leave: the file as it is on disk while the recorder is still running.
    const auto readable = [&] {
        const QString copy = m_dir->filePath(QStringLiteral("copy.mdrec"));
        QFile::remove(copy);
        QFile::copy(part, copy);
        return readParts({copy}).messages.size();
    };
    QTRY_COMPARE_WITH_TIMEOUT(readable(), size_t(500), 5000);
    QVERIFY(recorder.isRecording());
}

void tst_FeedRecorder::partCutByACrashIsReadPast()
{
    // Part 1 as a crash leaves it (flushed, then more written, never closed); part 2 from the
    // run after the crash.
    const QString base = m_dir->filePath(QStringLiteral("feed.mdrec"));
    const QDateTime opened = QDateTime::currentDateTimeUtc();
    const QString cut = md::RecordingParts::partPath(base, opened, 1);
    const QString next = md::RecordingParts::partPath(base, opened.addSecs(5), 1);
    md::RecordingWriter crashed;
    QVERIFY(crashed.open(m_dir->filePath(QStringLiteral("live"))));
    for (int i = 0; i < 3; ++i)
        QVERIFY(crashed.write(i, Kind::WebSocket, "wss://x", std::to_string(i)));
    QVERIFY(crashed.flush());
    QVERIFY(crashed.write(3, Kind::WebSocket, "wss://x", "lost"));
    QVERIFY(QFile::copy(crashed.fileName(), cut));
    md::RecordingWriter after;
    QVERIFY(after.open(next));
    QVERIFY(after.write(10, Kind::WebSocket, "wss://x", "10"));
    QVERIFY(after.close());

    md::RecordingMerger merger;
    QVERIFY(merger.open({cut, next}));
    RecordedMessage message;
    QStringList payloads;
    while (merger.next(message))
        payloads << QString::fromUtf8(message.payload.data(), qsizetype(message.payload.size()));
    QVERIFY2(!merger.hasError(), qPrintable(merger.errorString()));
    QCOMPARE(payloads.join(QLatin1Char(',')), QStringLiteral("0,1,2,10"));
    QCOMPARE(merger.warnings().size(), 1);
    QVERIFY2(merger.warnings().first().contains(QLatin1String("truncated zstd")),
             qPrintable(merger.warnings().first()));

    // Cut at the very end, the recording is incomplete: an error after what it holds.
    const ReadBack last = readParts({next, cut});
    QCOMPARE(last.messages.size(), size_t(4));
    QVERIFY2(last.error.contains(QLatin1String("truncated zstd")), qPrintable(last.error));
}

void tst_FeedRecorder::unwritablePathFailsAtStart()
{
    FeedRecorder recorder(optionsFor(m_dir->filePath(QStringLiteral("missing/feed.mdrec"))));
    QVERIFY(!recorder.start());
    QVERIFY2(recorder.errorString().contains(QLatin1String("cannot create")),
             qPrintable(recorder.errorString()));
    QVERIFY(!recorder.isRecording());
    QCOMPARE(recorder.counters().failures, quint64(1));

    FeedRecorder folder(optionsFor(m_dir->path()));
    QVERIFY(!folder.start());
    QVERIFY2(folder.errorString().contains(QLatin1String("is a folder")),
             qPrintable(folder.errorString()));
    QVERIFY(QDir(m_dir->path()).isEmpty());
}

void tst_FeedRecorder::failedPartIsCountedAndRetried()
{
    // The folder disappears under a running recorder: the next part cannot be created. Messages
    // meanwhile are dropped and counted; once the folder is back, recording resumes by itself.
    const QString folder = m_dir->filePath(QStringLiteral("spool"));
    QVERIFY(QDir().mkpath(folder));
    FeedRecorder::Options options = optionsFor(folder + QStringLiteral("/feed.mdrec"));
    options.maxFileBytes = 1;
    FeedRecorder recorder(options);
    QVERIFY(recorder.start());
    QVERIFY(QDir(folder).removeRecursively());

    const std::string payload(4096, 'x');
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("cannot create")));
    for (int i = 0; i < 100; ++i)
        recorder.recordWebSocket("wss://x", payload);
    QVERIFY(!recorder.isRecording());
    QVERIFY(recorder.counters().failures >= 1);
    QVERIFY(recorder.counters().dropped > 0);
    QCOMPARE(recorder.counters().messages + recorder.counters().dropped, quint64(100));

    QVERIFY(QDir().mkpath(folder));
    QSignalSpy laterParts(&recorder, &FeedRecorder::laterPartOpened);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.isRecording(), 5000);
    QCOMPARE(laterParts.size(), 1);
    QCOMPARE(laterParts.first().first().toString(), recorder.currentFile());
    recorder.recordWebSocket("wss://x", "{\"after\":true}");
    recorder.stop();
    const ReadBack back = readParts(md::test::recordingPartsIn(folder));
    QVERIFY2(back.error.isEmpty(), qPrintable(back.error));
    QVERIFY(!back.messages.empty());
    QCOMPARE(back.messages.back().payload, std::string("{\"after\":true}"));
}

void tst_FeedRecorder::failedWriteEndsThePartAndRecordingResumes()
{
    // A file size limit makes write(2) fail with EFBIG, as a full disk makes it fail with ENOSPC.
    // Without the limit's signal, the process learns it from the failed write alone.
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit unlimited{};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &unlimited), 0);
    const QString folder = m_dir->path();
    FeedRecorder recorder(optionsFor(folder + QStringLiteral("/feed.mdrec")));
    QVERIFY(recorder.start());

    // Random bytes do not compress, so the file grows as fast as the input.
    std::mt19937 random(5);
    std::string payload(8192, '\0');
    const rlimit small{64 * 1024, unlimited.rlim_max};
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("write error")));
    for (int i = 0; i < 64; ++i) {
        for (char &byte : payload)
            byte = char(random());
        recorder.recordWebSocket("wss://x", payload);
    }
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &unlimited), 0);

    QVERIFY(!recorder.isRecording());
    QCOMPARE(recorder.counters().failures, quint64(1));
    QVERIFY(recorder.counters().dropped > 0);
    QVERIFY2(recorder.errorString().contains(QLatin1String("write error")),
             qPrintable(recorder.errorString()));
    // Every message is either readable from the cut part or counted as dropped, never both.
    QCOMPARE(recorder.counters().messages + recorder.counters().dropped, quint64(64));
    const ReadBack cut = readParts(md::test::recordingPartsIn(folder));
    QVERIFY2(recorder.counters().messages <= cut.messages.size(),
             qPrintable(QStringLiteral("%1 counted as recorded, %2 readable")
                                .arg(recorder.counters().messages)
                                .arg(cut.messages.size())));

    QTRY_VERIFY_WITH_TIMEOUT(recorder.isRecording(), 5000);
    const QString resumed = recorder.currentFile();
    recorder.recordWebSocket("wss://x", "{\"after\":true}");
    recorder.stop();
    const ReadBack back = readParts({resumed});
    QVERIFY2(back.error.isEmpty(), qPrintable(back.error));
    QCOMPARE(back.messages.size(), size_t(1));
}

void tst_FeedRecorder::diskThatStaysFullLeavesNoEmptyParts()
{
    // A limit of 0 bytes fails every write, as a disk that stays full does: each retry opens a
    // part that never gets a byte, and none of them may stay behind.
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit unlimited{};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &unlimited), 0);
    const QString folder = m_dir->path();
    FeedRecorder recorder(optionsFor(folder + QStringLiteral("/feed.mdrec")));
    QVERIFY(recorder.start());
    recorder.recordWebSocket("wss://x", "{\"before\":true}");
    QTRY_COMPARE_WITH_TIMEOUT(QFileInfo(recorder.currentFile()).size() > 0, true, 5000);

    const rlimit none{0, unlimited.rlim_max};
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &none), 0);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("write error")));
    for (int i = 0; i < 100 && recorder.counters().failures < 4; ++i) {
        recorder.recordWebSocket("wss://x", "{\"lost\":true}");
        QTest::qWait(20);
    }
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &unlimited), 0);
    recorder.stop();

    QVERIFY(recorder.counters().failures >= 4);
    const QStringList parts = md::test::recordingPartsIn(folder);
    QCOMPARE(parts.size(), 1);
    QVERIFY(QFileInfo(parts.first()).size() > 0);
}

QTEST_GUILESS_MAIN(tst_FeedRecorder)
#include "tst_feedrecorder.moc"
