#include "mdrecdecoder.h"

#include "mdrecformat.h"

#include <array>

namespace md {

MdrecDecoder::MdrecDecoder() = default;

MdrecDecoder::~MdrecDecoder() = default;

RecordingDecoder::Status MdrecDecoder::decode(RecordedMessage &out)
{
    Piece piece;
    if (!m_sawMagic) {
        switch (peekLine(MdrecMagic.size(), piece)) {
        case Need::More:
            return Status::NeedMore;
        case Need::End:
            return fail(QStringLiteral("line 1: the input is empty, expected \"MDREC 1\""));
        case Need::Ready:
            if (piece.view() == MdrecMagic)
                break;
            [[fallthrough]];
        case Need::TooLong:
            return fail(QStringLiteral("line 1: not an MDREC 1 recording"));
        }
        consumeLine();
        m_sawMagic = true;
    }

    // The header is parsed once and remembered, so that a payload arriving a byte at a time
    // does not have its header parsed again for every byte.
    if (!m_hasPending) {
        switch (peekLine(MdrecMaxHeaderLength, piece)) {
        case Need::More:
            return Status::NeedMore;
        case Need::End:
            return Status::End;
        case Need::TooLong:
            return failRecord(
                    QStringLiteral("header longer than %1 bytes").arg(MdrecMaxHeaderLength));
        case Need::Ready:
            break;
        }
        if (!parseHeader(piece.view()))
            return Status::Error;
        m_hasPending = true;
    }

    // Header, payload and the newline after it, as one piece.
    const size_t recordSize = m_pending.headerSize + m_pending.payloadSize + 1;
    switch (peek(recordSize, piece)) {
    case Need::More:
        return Status::NeedMore;
    case Need::End:
    case Need::TooLong:
        return failRecord(QStringLiteral("the input ends inside the record"));
    case Need::Ready:
        break;
    }
    if (piece.data[recordSize - 1] != '\n') {
        return failRecord(
                QStringLiteral("no newline after the %1-byte payload").arg(m_pending.payloadSize));
    }

    out.receiveTimeNs = m_pending.receiveTimeNs;
    out.kind = m_pending.kind;
    out.source = {piece.data + m_pending.sourceOffset, m_pending.sourceSize};
    out.payload = {piece.data + m_pending.headerSize, m_pending.payloadSize};
    out.payloadCapacity = piece.capacity - m_pending.headerSize;
    consume(recordSize);
    m_hasPending = false;
    ++m_recordNumber;
    return Status::Message;
}

// `<receive_ns> <ws|rest> <source> <payload_length>`, single spaces, no field empty.
bool MdrecDecoder::parseHeader(std::string_view header)
{
    std::array<std::string_view, 4> fields;
    size_t start = 0;
    for (size_t i = 0; i < fields.size(); ++i) {
        const bool last = i + 1 == fields.size();
        const size_t end = last ? header.size() : header.find(' ', start);
        if (end == std::string_view::npos || end == start) {
            failRecord(QStringLiteral("malformed header, expected "
                                      "\"<receive_ns> <ws|rest> <source> <payload_length>\""));
            return false;
        }
        fields[i] = header.substr(start, end - start);
        start = end + 1;
    }

    qint64 payloadSize = 0;
    if (!parseInteger(fields[0], m_pending.receiveTimeNs)) {
        failRecord(QStringLiteral("malformed receive time"));
        return false;
    }
    if (fields[1] == MdrecWebSocketKind) {
        m_pending.kind = RecordedMessage::Kind::WebSocket;
    } else if (fields[1] == MdrecRestKind) {
        m_pending.kind = RecordedMessage::Kind::Rest;
    } else {
        failRecord(QStringLiteral("unknown kind, expected \"ws\" or \"rest\""));
        return false;
    }
    if (!parseInteger(fields[3], payloadSize) || size_t(payloadSize) > MdrecMaxPayloadLength) {
        failRecord(QStringLiteral("payload length is not a number of at most %1 bytes")
                           .arg(MdrecMaxPayloadLength));
        return false;
    }

    const bool hasSource = fields[2] != MdrecNoSource;
    m_pending.sourceOffset = size_t(fields[2].data() - header.data());
    m_pending.sourceSize = hasSource ? fields[2].size() : 0;
    m_pending.headerSize = header.size() + 1;
    m_pending.payloadSize = size_t(payloadSize);
    return true;
}

RecordingDecoder::Status MdrecDecoder::failRecord(const QString &reason)
{
    return fail(QStringLiteral("record %1 at byte %2: %3")
                        .arg(m_recordNumber)
                        .arg(byteOffset())
                        .arg(reason));
}

} // namespace md
