#include "recordingreader.h"

#include "blockreader.h"
#include "cryptofeeddecoder.h"
#include "hftbacktestdecoder.h"
#include "logging.h"
#include "mdrecdecoder.h"

namespace md {

namespace {

// Enough to tell MDREC from hftbacktest lines, and to refuse an unknown MDREC version clearly
// instead of as a malformed hftbacktest line.
constexpr std::string_view MdrecFamilyPrefix = "MDREC ";

RecordingReader::Format detectFormat(BlockReader::Compression compression, std::string_view head)
{
    switch (compression) {
    case BlockReader::Compression::None:
        return RecordingReader::Format::Cryptofeed;
    case BlockReader::Compression::Gzip:
        return RecordingReader::Format::HftBacktest;
    case BlockReader::Compression::Zstd:
        return head.starts_with(MdrecFamilyPrefix) ? RecordingReader::Format::Mdrec
                                                   : RecordingReader::Format::HftBacktest;
    }
    return RecordingReader::Format::Unknown;
}

std::unique_ptr<RecordingDecoder> createDecoder(RecordingReader::Format format)
{
    switch (format) {
    case RecordingReader::Format::Cryptofeed:
        return std::make_unique<CryptofeedDecoder>();
    case RecordingReader::Format::HftBacktest:
        return std::make_unique<HftBacktestDecoder>();
    case RecordingReader::Format::Mdrec:
        return std::make_unique<MdrecDecoder>();
    case RecordingReader::Format::Unknown:
        break;
    }
    return nullptr;
}

} // namespace

RecordingReader::RecordingReader()
    : m_blocks(std::make_unique<BlockReader>())
{
}

RecordingReader::~RecordingReader() = default;

bool RecordingReader::open(const QString &path)
{
    close();
    m_path = path;
    if (!m_blocks->open(path))
        return fail(m_blocks->errorString());

    // The first block decides the format; every block but the last is full, so a short first
    // block is the whole file.
    BlockReader::Block first;
    const bool hasData = m_blocks->next(first);
    if (!hasData && m_blocks->hasError())
        return fail(m_blocks->errorString());

    const std::string_view head =
            hasData ? std::string_view(first.data, first.size) : std::string_view();
    m_format = detectFormat(m_blocks->compression(), head);
    m_decoder = createDecoder(m_format);
    if (hasData)
        m_decoder->feed(first.data, first.size, first.capacity);
    else
        m_decoder->finish();

    qCInfo(lcRecording).noquote() << "reading" << path << "as" << formatName(m_format);
    return true;
}

void RecordingReader::close()
{
    m_blocks->close();
    m_decoder.reset();
    m_path.clear();
    m_format = Format::Unknown;
    m_error.clear();
    m_cut = false;
}

bool RecordingReader::next(RecordedMessage &out)
{
    if (!m_decoder || hasError())
        return false;

    for (;;) {
        switch (m_decoder->next(out)) {
        case RecordingDecoder::Status::Message:
            return true;
        case RecordingDecoder::Status::End:
            m_blocks->close();
            return false;
        case RecordingDecoder::Status::Error:
            return fail(m_decoder->errorString());
        case RecordingDecoder::Status::NeedMore:
            break;
        }

        BlockReader::Block block;
        if (m_blocks->next(block))
            m_decoder->feed(block.data, block.size, block.capacity);
        else if (m_blocks->hasError())
            return fail(m_blocks->errorString());
        else
            m_decoder->finish();
    }
}

QString RecordingReader::formatName(Format format)
{
    switch (format) {
    case Format::Cryptofeed:
        return QStringLiteral("cryptofeed");
    case Format::HftBacktest:
        return QStringLiteral("hftbacktest");
    case Format::Mdrec:
        return QStringLiteral("MDREC");
    case Format::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

bool RecordingReader::fail(const QString &reason)
{
    m_error = QStringLiteral("%1: %2").arg(m_path, reason);
    m_cut = m_blocks->isCut();
    qCWarning(lcRecording).noquote() << m_error;
    m_blocks->close();
    return false;
}

} // namespace md
