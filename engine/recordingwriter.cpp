#include "recordingwriter.h"

#include "logging.h"
#include "mdrecformat.h"

#include <QFile>

#include <zstd.h>

#include <charconv>

namespace md {

namespace {

// Handing zstd about its own preferred input size at a time keeps calls few and buffers small.
constexpr size_t PendingLimit = 128 * 1024;

void appendNumber(std::string &out, qint64 value)
{
    char digits[24];
    const auto result = std::to_chars(std::begin(digits), std::end(digits), value);
    out.append(digits, result.ptr);
}

} // namespace

RecordingWriter::RecordingWriter() = default;

RecordingWriter::~RecordingWriter()
{
    close();
}

bool RecordingWriter::open(const QString &path, int compressionLevel)
{
    close();
    m_path = path;
    m_error.clear();
    m_failed = false;
    m_fileBytes = 0;

    m_file = std::make_unique<QFile>(path);
    if (!m_file->open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Unbuffered)) {
        const QString reason = QStringLiteral("cannot create: %1").arg(m_file->errorString());
        m_file.reset();
        return fail(reason);
    }

    // The checksum lets a reader tell a damaged file from a good one.
    m_context = ZSTD_createCCtx();
    if (!m_context ||
        ZSTD_isError(
                ZSTD_CCtx_setParameter(m_context, ZSTD_c_compressionLevel, compressionLevel)) ||
        ZSTD_isError(ZSTD_CCtx_setParameter(m_context, ZSTD_c_checksumFlag, 1))) {
        close();
        return fail(QStringLiteral("cannot set up zstd compression"));
    }

    m_output.resize(ZSTD_CStreamOutSize());
    m_pending.reserve(PendingLimit + 4096);
    m_pending.assign(MdrecMagic);
    m_pending.push_back('\n');
    qCInfo(lcRecording).noquote() << "recording to" << path;
    return true;
}

bool RecordingWriter::write(qint64 receiveTimeNs, RecordedMessage::Kind kind,
                            std::string_view source, std::string_view payload)
{
    if (!checkMessage(receiveTimeNs, source, payload))
        return false;

    appendNumber(m_pending, receiveTimeNs);
    m_pending.push_back(' ');
    m_pending.append(kind == RecordedMessage::Kind::Rest ? MdrecRestKind : MdrecWebSocketKind);
    m_pending.push_back(' ');
    m_pending.append(source.empty() ? MdrecNoSource : source);
    m_pending.push_back(' ');
    appendNumber(m_pending, qint64(payload.size()));
    m_pending.push_back('\n');
    m_pending.append(payload);
    m_pending.push_back('\n');

    return m_pending.size() < PendingLimit || compressPending(Mode::Continue);
}

bool RecordingWriter::write(const RecordedMessage &message)
{
    return write(message.receiveTimeNs, message.kind, message.source, message.payload);
}

bool RecordingWriter::flush()
{
    if (!isOpen() || m_failed)
        return fail(QStringLiteral("not open for writing"));
    return compressPending(Mode::Flush);
}

bool RecordingWriter::close()
{
    if (!m_file)
        return !m_failed;

    bool ok = !m_failed;
    if (ok && m_context)
        ok = compressPending(Mode::End);
    ZSTD_freeCCtx(m_context);
    m_context = nullptr;

    m_file->close();
    if (ok && m_file->error() != QFileDevice::NoError)
        ok = fail(QStringLiteral("cannot close: %1").arg(m_file->errorString()));
    m_file.reset();
    m_pending.clear();
    return ok;
}

// Refuses what the format cannot represent, so that every file written reads back exactly.
bool RecordingWriter::checkMessage(qint64 receiveTimeNs, std::string_view source,
                                   std::string_view payload)
{
    if (!isOpen() || m_failed)
        return fail(QStringLiteral("not open for writing"));
    if (receiveTimeNs < 0) {
        m_error = QStringLiteral("negative receive time %1").arg(receiveTimeNs);
        return false;
    }
    if (payload.size() > MdrecMaxPayloadLength) {
        m_error = QStringLiteral("payload of %1 bytes is over the limit").arg(payload.size());
        return false;
    }
    if (source.size() > MdrecMaxSourceLength || source == MdrecNoSource) {
        m_error = QStringLiteral("source cannot be recorded: too long or \"-\"");
        return false;
    }
    for (const char c : source) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= ' ' || byte == 0x7f) {
            m_error = QStringLiteral("source contains a space or a control character");
            return false;
        }
    }
    return true;
}

bool RecordingWriter::compressPending(Mode mode)
{
    const ZSTD_EndDirective directive = mode == Mode::End     ? ZSTD_e_end
                                        : mode == Mode::Flush ? ZSTD_e_flush
                                                              : ZSTD_e_continue;
    ZSTD_inBuffer input{m_pending.data(), m_pending.size(), 0};
    for (;;) {
        ZSTD_outBuffer output{m_output.data(), m_output.size(), 0};
        const size_t remaining = ZSTD_compressStream2(m_context, &output, &input, directive);
        if (ZSTD_isError(remaining)) {
            return fail(QStringLiteral("zstd compression failed: %1")
                                .arg(QString::fromUtf8(ZSTD_getErrorName(remaining))));
        }
        const auto written = qint64(output.pos);
        const qint64 accepted = written > 0 ? m_file->write(m_output.data(), written) : 0;
        if (accepted < 0)
            return fail(QStringLiteral("write error: %1").arg(m_file->errorString()));
        // A short write sets no error of its own; a full disk or a size limit is the usual cause.
        if (accepted != written) {
            return fail(QStringLiteral("write error: %1 of %2 bytes written (disk full?)")
                                .arg(accepted)
                                .arg(written));
        }
        m_fileBytes += written;

        // e_continue is done once zstd has taken all input; flush and end once nothing is left
        // inside zstd either.
        const bool done = mode == Mode::Continue ? input.pos == input.size : remaining == 0;
        if (done)
            break;
    }
    m_pending.clear();
    return true;
}

bool RecordingWriter::fail(const QString &reason)
{
    m_error = QStringLiteral("%1: %2").arg(m_path, reason);
    m_failed = true;
    qCWarning(lcRecording).noquote() << m_error;
    return false;
}

} // namespace md
