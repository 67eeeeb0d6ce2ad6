#include "recordingmerger.h"

#include "logging.h"
#include "recordingreader.h"

#include <QFileInfo>

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

    m_inputs.resize(size_t(m_fileNames.size()));
    for (qsizetype i = 0; i < m_fileNames.size(); ++i) {
        Input &input = m_inputs[size_t(i)];
        input.reader = std::make_unique<RecordingReader>();
        if (!input.reader->open(m_fileNames.at(i)) || !advance(input))
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

// Moves the input to its next message; false only on error.
bool RecordingMerger::advance(Input &input)
{
    input.hasHead = input.reader->next(input.head);
    return input.hasHead || !input.reader->hasError();
}

bool RecordingMerger::fail(const QString &reason)
{
    m_error = reason;
    m_lastHanded = nullptr;
    return false;
}

} // namespace md
