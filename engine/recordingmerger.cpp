#include "recordingmerger.h"

#include "logging.h"
#include "recordingparts.h"
#include "recordingreader.h"

#include <QFileInfo>

#include <utility>

namespace md {

namespace {

constexpr QLatin1StringView WebSocketSuffix(".ws.txt");
constexpr QLatin1StringView RestSuffix(".http.txt");

// cryptofeed writes one session as `<name>.ws.txt` and `<name>.http.txt`.
QString siblingOf(const QString &path)
{
    if (path.endsWith(WebSocketSuffix))
        return path.chopped(WebSocketSuffix.size()) + RestSuffix;
    if (path.endsWith(RestSuffix))
        return path.chopped(RestSuffix.size()) + WebSocketSuffix;
    return {};
}

QString identityOf(const QString &path)
{
    const QFileInfo info(path);
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? info.absoluteFilePath() : canonical;
}

} // namespace

RecordingMerger::RecordingMerger() = default;

RecordingMerger::~RecordingMerger() = default;

QStringList RecordingMerger::withSiblings(const QStringList &paths)
{
    QStringList given;
    for (const QString &path : paths)
        given << identityOf(path);

    QStringList result;
    for (const QString &path : paths) {
        result << path;
        const QString sibling = siblingOf(path);
        if (sibling.isEmpty() || !QFileInfo::exists(sibling))
            continue;
        const QString identity = identityOf(sibling);
        if (given.contains(identity))
            continue;
        given << identity;
        result << sibling;
        qCInfo(lcRecording).noquote() << "reading" << sibling << "along with" << path;
    }
    return result;
}

bool RecordingMerger::open(const QStringList &paths)
{
    close();
    m_fileNames = withSiblings(paths);

    // The same file twice would replay its market twice, which no book can follow.
    QStringList seen;
    for (const QString &path : std::as_const(m_fileNames)) {
        const QString identity = identityOf(path);
        if (seen.contains(identity))
            return fail(QStringLiteral("%1: given more than once").arg(path));
        seen << identity;
    }

    // One input per recording: a file of its own, or all the given parts of one recording.
    QStringList recordings;
    for (const QString &path : std::as_const(m_fileNames)) {
        const QString recording = RecordingParts::recordingOf(path);
        const qsizetype index = recording.isEmpty() ? -1 : recordings.indexOf(recording);
        if (index >= 0) {
            m_inputs[size_t(index)].files << path;
            continue;
        }
        recordings << recording;
        m_inputs.emplace_back().files << path;
    }

    for (Input &input : m_inputs) {
        input.reader = std::make_unique<RecordingReader>();
        input.nextFile = 1;
        // A part failing to open is judged in advance(), like one failing later: a part cut
        // within its first block is still followed by the rest of the recording.
        input.reader->open(input.files.constFirst());
        if (!advance(input))
            return fail(input.reader->errorString());
    }
    return true;
}

void RecordingMerger::close()
{
    m_inputs.clear();
    m_fileNames.clear();
    m_lastHanded = nullptr;
    m_error.clear();
    m_warnings.clear();
}

bool RecordingMerger::next(RecordedMessage &out)
{
    if (hasError())
        return false;
    if (m_lastHanded && !advance(*m_lastHanded))
        return fail(m_lastHanded->reader->errorString());

    // A handful of files: a linear scan beats a heap. Strictly earlier wins, so ties go to the
    // file given first.
    m_lastHanded = nullptr;
    for (Input &input : m_inputs) {
        if (input.hasHead &&
            (!m_lastHanded || input.head.receiveTimeNs < m_lastHanded->head.receiveTimeNs)) {
            m_lastHanded = &input;
        }
    }
    if (!m_lastHanded)
        return false;

    out = m_lastHanded->head;
    return true;
}

// Moves the input to its next message, into its next file at the end of one; false only on
// error.
bool RecordingMerger::advance(Input &input)
{
    for (;;) {
        if (readHead(input))
            return true;
        if (input.nextFile >= input.files.size())
            return !input.reader->hasError();
        if (input.reader->hasError()) {
            // A part cut by a crash is followed by the part of the run after it; what was lost
            // at the cut shows as a gap in the books that follow.
            if (!input.reader->isCut())
                return false;
            m_warnings << input.reader->errorString() + QStringLiteral(", read on with ") +
                                  input.files.at(input.nextFile);
            qCWarning(lcRecording).noquote() << m_warnings.constLast();
        }
        input.reader->open(input.files.at(input.nextFile++));
        input.newFile = true;
    }
}

bool RecordingMerger::readHead(Input &input)
{
    if (input.hasHead)
        input.lastTimeNs = input.head.receiveTimeNs;
    input.hasHead = input.reader->next(input.head);
    if (input.hasHead && std::exchange(input.newFile, false))
        checkPartOrder(input);
    return input.hasHead;
}

// Parts are read in the order given, so a part given too early shows as time going back.
void RecordingMerger::checkPartOrder(const Input &input)
{
    if (input.lastTimeNs < 0 || input.head.receiveTimeNs >= input.lastTimeNs)
        return;
    const double seconds = double(input.lastTimeNs - input.head.receiveTimeNs) / 1e9;
    m_warnings << QStringLiteral("%1 starts %2 s before the part read ahead of it ends; "
                                 "give the parts in the order they were written "
                                 "(their names sort so)")
                          .arg(input.files.at(input.nextFile - 1),
                               QString::number(seconds, 'f', 3));
    qCWarning(lcRecording).noquote() << m_warnings.constLast();
}

bool RecordingMerger::fail(const QString &reason)
{
    m_error = reason;
    m_lastHanded = nullptr;
    return false;
}

} // namespace md
