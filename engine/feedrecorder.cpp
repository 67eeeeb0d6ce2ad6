#include "feedrecorder.h"

#include "logging.h"
#include "recordingparts.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <utility>

namespace md {

namespace {

constexpr qint64 WarningIntervalMs = 10'000;

// zstd's fastest level: on Binance's JSON it compressed the 2024 BTCUSDT replay to 3.1 MB, less
// than level 3's 3.4 MB, in half the CPU, and compression is most of what recording costs.
constexpr int CompressionLevel = 1;

qint64 wallClockNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
}

qint64 steadyNowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
}

} // namespace

FeedRecorder::FeedRecorder(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_warning(lcRecording(), WarningIntervalMs)
{
    m_tickTimer.setInterval(m_options.flushInterval);
    connect(&m_tickTimer, &QTimer::timeout, this, &FeedRecorder::handleTick);
}

FeedRecorder::~FeedRecorder()
{
    stop();
}

bool FeedRecorder::start()
{
    if (m_started)
        return true;
    // Parts are named after a file; a folder would give names that start with a dash.
    if (m_options.path.endsWith(QLatin1Char('/')) || QFileInfo(m_options.path).isDir()) {
        m_error = QStringLiteral("%1 is a folder; name a file in it, such as %2")
                          .arg(m_options.path,
                               QDir(m_options.path).filePath(QStringLiteral("feed.mdrec")));
        return false;
    }
    if (!openPart())
        return false;

    m_started = true;
    m_tickTimer.start();
    return true;
}

void FeedRecorder::stop()
{
    if (!m_started)
        return;
    m_started = false;
    m_tickTimer.stop();
    closePart();
    removeEmptyLastPart();
    qCInfo(lcRecording, "recorded %llu messages, %llu bytes (%llu compressed) in %llu files",
           static_cast<unsigned long long>(m_counters.messages),
           static_cast<unsigned long long>(m_counters.bytes),
           static_cast<unsigned long long>(m_counters.fileBytes),
           static_cast<unsigned long long>(m_counters.files));
}

void FeedRecorder::record(RecordedMessage::Kind kind, std::string_view source,
                          std::string_view payload)
{
    // A message at or after the boundary goes to the next part, so parts split exactly there.
    const qint64 now = wallClockNs();
    if (m_writer.isOpen() && m_periodEndNs > 0 && now >= m_periodEndNs) {
        closePart();
        openPart();
    }
    if (!m_writer.isOpen()) {
        m_counters.dropped += m_started ? 1 : 0;
        return;
    }

    if (!m_writer.write(now, kind, source, payload)) {
        if (m_writer.hasFailed()) {
            ++m_counters.dropped;
            handleWriteFailure();
        } else {
            ++m_counters.failures;
            m_warning.warn(QStringLiteral("message not recorded: %1").arg(m_writer.errorString()));
        }
        return;
    }
    ++m_unflushedMessages;
    ++m_partMessages;
    m_unflushedBytes += payload.size();
    m_counters.fileBytes = m_fileBytesBefore + quint64(m_writer.fileBytes());
    m_unflushed = true;

    if (m_options.maxFileBytes > 0 && m_writer.fileBytes() >= m_options.maxFileBytes) {
        closePart();
        openPart();
    }
}

bool FeedRecorder::openPart()
{
    // A name already taken (a restart within the same second) moves on to the next sequence
    // number rather than overwrite a recording.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QString path;
    do {
        path = RecordingParts::partPath(m_options.path, now, ++m_sequence);
    } while (QFileInfo::exists(path));

    if (!m_writer.open(path, CompressionLevel)) {
        m_error = m_writer.errorString();
        ++m_counters.failures;
        m_retryAtMs = steadyNowMs() + m_options.retryInterval.count();
        return false;
    }
    ++m_counters.files;
    m_partMessages = 0;
    m_periodEndNs = periodEndAfter(now.toMSecsSinceEpoch()) * 1'000'000;
    m_unflushed = true;
    if (m_started)
        Q_EMIT laterPartOpened(path);
    return true;
}

void FeedRecorder::closePart()
{
    if (!m_writer.isOpen())
        return;
    if (m_writer.close()) {
        commitUnflushed();
    } else {
        ++m_counters.failures;
        m_warning.warn(
                QStringLiteral("recording part not finished: %1").arg(m_writer.errorString()));
        dropUnflushed();
        endFailedPart();
    }
    m_fileBytesBefore += quint64(m_writer.fileBytes());
    m_counters.fileBytes = m_fileBytesBefore;
    m_unflushed = false;
}

void FeedRecorder::handleTick()
{
    if (!m_writer.isOpen()) {
        if (steadyNowMs() >= m_retryAtMs && openPart())
            qCInfo(lcRecording).noquote() << "trying a fresh part after a failure";
        return;
    }

    if (m_periodEndNs > 0 && wallClockNs() >= m_periodEndNs) {
        closePart();
        openPart();
        return;
    }

    // The flush that bounds what a crash can lose.
    if (!m_unflushed)
        return;
    if (!m_writer.flush()) {
        handleWriteFailure();
        return;
    }
    m_unflushed = false;
    commitUnflushed();
    m_counters.fileBytes = m_fileBytesBefore + quint64(m_writer.fileBytes());
}

// The part is unusable from here on (a full disk, a removed device): end it, keep what it
// holds up to its last flush, and try a fresh part later.
void FeedRecorder::handleWriteFailure()
{
    ++m_counters.failures;
    m_error = m_writer.errorString();
    m_warning.warn(QStringLiteral("recording stopped: %1; next attempt in %2 ms")
                           .arg(m_error, QString::number(m_options.retryInterval.count())));
    m_writer.close();
    dropUnflushed();
    endFailedPart();
    m_fileBytesBefore += quint64(m_writer.fileBytes());
    m_counters.fileBytes = m_fileBytesBefore;
    m_retryAtMs = steadyNowMs() + m_options.retryInterval.count();
}

void FeedRecorder::commitUnflushed()
{
    m_counters.messages += std::exchange(m_unflushedMessages, 0);
    m_counters.bytes += std::exchange(m_unflushedBytes, 0);
}

// What the writer held since its last flush may have reached the file only in part, so it
// counts as lost, not as recorded.
void FeedRecorder::dropUnflushed()
{
    m_counters.dropped += std::exchange(m_unflushedMessages, 0);
    m_unflushedBytes = 0;
}

// A part that failed before a byte of it reached the disk holds nothing to read: on a disk
// that stays full, keeping it would leave an empty file behind every retry.
void FeedRecorder::endFailedPart()
{
    if (m_writer.fileBytes() > 0 || !QFile::remove(m_writer.fileName()))
        return;
    qCInfo(lcRecording).noquote() << "removed" << m_writer.fileName() << "as it holds nothing";
}

// A rotation opens the next part at once, so a stop before the next message leaves one that holds
// no message: verify refuses such a file, and the part could not be played alone.
void FeedRecorder::removeEmptyLastPart()
{
    if (m_partMessages > 0 || !QFile::remove(m_writer.fileName()))
        return;
    --m_counters.files;
    m_fileBytesBefore -= quint64(m_writer.fileBytes());
    m_counters.fileBytes = m_fileBytesBefore;
    qCInfo(lcRecording).noquote() << "removed" << m_writer.fileName() << "as it holds no message";
}

// Parts end on the clock's multiples of rotateInterval (every hour on the hour for an hour).
qint64 FeedRecorder::periodEndAfter(qint64 nowMs) const
{
    const qint64 period = m_options.rotateInterval.count();
    if (period <= 0)
        return 0;
    return (nowMs / period + 1) * period;
}

} // namespace md
