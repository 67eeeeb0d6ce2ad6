#include "recordingdecoder.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace md {

RecordingDecoder::~RecordingDecoder() = default;

void RecordingDecoder::feed(const char *data, size_t size, size_t capacity)
{
    stashChunk();
    m_chunk = data;
    m_chunkSize = size;
    m_chunkCapacity = std::max(capacity, size);
    m_chunkPos = 0;
}

void RecordingDecoder::finish()
{
    stashChunk();
    m_finished = true;
}

RecordingDecoder::Status RecordingDecoder::next(RecordedMessage &out)
{
    if (hasError())
        return Status::Error;

    const Status status = decode(out);
    if (status == Status::NeedMore)
        stashChunk();
    return status;
}

RecordingDecoder::Need RecordingDecoder::peekLine(size_t maxLength, Piece &line)
{
    // The common case: the whole line lies in the caller's chunk and is handed out in place.
    if (carrySize() == 0) {
        const char *begin = m_chunk + m_chunkPos;
        const size_t available = chunkAvailable();
        const size_t searched = std::min(available, maxLength + 1);
        const auto *newline =
                searched ? static_cast<const char *>(std::memchr(begin, '\n', searched)) : nullptr;
        if (newline) {
            line = {begin, size_t(newline - begin), m_chunkCapacity - m_chunkPos};
            m_peekedLineBytes = line.size + 1;
            return Need::Ready;
        }
        if (available > maxLength)
            return Need::TooLong;
        if (!m_finished)
            return Need::More;
        if (available == 0)
            return Need::End;
        line = {begin, available, m_chunkCapacity - m_chunkPos};
        m_peekedLineBytes = available;
        return Need::Ready;
    }

    // A line cut by a chunk boundary: complete it in the carry buffer. Carried bytes already
    // searched are not searched again, so feeding one byte at a time stays linear.
    const char *carried = m_carry.data() + m_carryBegin;
    const auto *newline = static_cast<const char *>(
            std::memchr(carried + m_carryScanned, '\n', carrySize() - m_carryScanned));
    size_t lineBytes = 0;
    if (newline) {
        lineBytes = size_t(newline - carried) + 1;
    } else {
        m_carryScanned = carrySize();
        const char *begin = m_chunk + m_chunkPos;
        const size_t available = chunkAvailable();
        const auto *chunkNewline =
                available ? static_cast<const char *>(std::memchr(begin, '\n', available))
                          : nullptr;
        const size_t taken = chunkNewline ? size_t(chunkNewline - begin) + 1 : available;
        if (carrySize() + taken - (chunkNewline ? 1 : 0) > maxLength)
            return Need::TooLong;
        if (!chunkNewline && !m_finished)
            return Need::More;
        appendToCarry(begin, taken);
        m_chunkPos += taken;
        lineBytes = carrySize();
    }

    const bool hasNewline = m_carry[m_carryBegin + lineBytes - 1] == '\n';
    line = {m_carry.data() + m_carryBegin, lineBytes - (hasNewline ? 1 : 0),
            m_carry.size() - m_carryBegin};
    if (line.size > maxLength)
        return Need::TooLong;
    m_peekedLineBytes = lineBytes;
    return Need::Ready;
}

RecordingDecoder::Status RecordingDecoder::peekTextLine(size_t maxLength, Piece &line,
                                                        std::string_view &text)
{
    switch (peekLine(maxLength, line)) {
    case Need::Ready:
        break;
    case Need::More:
        return Status::NeedMore;
    case Need::End:
        return Status::End;
    case Need::TooLong:
        return fail(
                QStringLiteral("line %1: longer than %2 bytes").arg(lineNumber()).arg(maxLength));
    }

    text = line.view();
    if (text.ends_with('\r'))
        text.remove_suffix(1);
    return Status::Message;
}

void RecordingDecoder::consumeLine()
{
    consume(m_peekedLineBytes);
    m_peekedLineBytes = 0;
    ++m_lineNumber;
}

RecordingDecoder::Need RecordingDecoder::peek(size_t size, Piece &bytes)
{
    if (carrySize() == 0 && chunkAvailable() >= size) {
        bytes = {m_chunk + m_chunkPos, size, m_chunkCapacity - m_chunkPos};
        return Need::Ready;
    }

    if (carrySize() < size) {
        const size_t taken = std::min(size - carrySize(), chunkAvailable());
        appendToCarry(m_chunk + m_chunkPos, taken);
        m_chunkPos += taken;
    }
    if (carrySize() < size)
        return m_finished ? Need::End : Need::More;

    bytes = {m_carry.data() + m_carryBegin, size, m_carry.size() - m_carryBegin};
    return Need::Ready;
}

void RecordingDecoder::consume(size_t size)
{
    m_consumedBytes += size;

    const size_t fromCarry = std::min(size, carrySize());
    m_carryBegin += fromCarry;
    m_chunkPos += size - fromCarry;
    if (carrySize() == 0) {
        m_carryBegin = 0;
        m_carryEnd = 0;
    }
    m_carryScanned = 0;
}

RecordingDecoder::Status RecordingDecoder::fail(const QString &reason)
{
    m_error = reason;
    return Status::Error;
}

bool RecordingDecoder::parseInteger(std::string_view digits, qint64 &value)
{
    if (digits.empty() || digits.size() > 19)
        return false;

    qint64 result = 0;
    for (const char c : digits) {
        if (c < '0' || c > '9')
            return false;
        const qint64 digit = c - '0';
        if (result > (std::numeric_limits<qint64>::max() - digit) / 10)
            return false;
        result = result * 10 + digit;
    }
    value = result;
    return true;
}

void RecordingDecoder::appendToCarry(const char *data, size_t size)
{
    if (size == 0)
        return;

    // The carry holds at most one cut message, so moving it to the front is cheap.
    if (m_carryBegin > 0) {
        std::memmove(m_carry.data(), m_carry.data() + m_carryBegin, carrySize());
        m_carryEnd -= m_carryBegin;
        m_carryBegin = 0;
    }

    const size_t needed = m_carryEnd + size + Padding;
    if (m_carry.size() < needed)
        m_carry.resize(std::max(needed, m_carry.size() * 2));
    std::memcpy(m_carry.data() + m_carryEnd, data, size);
    m_carryEnd += size;
}

void RecordingDecoder::stashChunk()
{
    appendToCarry(m_chunk + m_chunkPos, chunkAvailable());
    m_chunk = nullptr;
    m_chunkSize = 0;
    m_chunkCapacity = 0;
    m_chunkPos = 0;
}

} // namespace md
