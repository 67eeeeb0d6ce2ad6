#ifndef MD_ENGINE_RECORDINGDECODER_H
#define MD_ENGINE_RECORDINGDECODER_H

#include "recordedmessage.h"

#include <QString>

#include <vector>

namespace md {

// Base of the push decoders that turn the bytes of a recording into RecordedMessages. Input
// arrives in chunks of any size (one byte at a time gives the same messages as the whole file at
// once). Messages are handed out as views into the caller's chunk when they lie inside it, and
// into an internal carry buffer when they straddle chunks, so a decoder copies only the bytes of
// messages cut by a chunk boundary. Lives on the thread that calls it.
//
// Usage: feed() a chunk, call next() until it answers NeedMore, feed the next chunk; after the
// last chunk call finish() and next() until it answers End or Error.
class RecordingDecoder
{
public:
    enum class Status : quint8 {
        Message,  // `out` holds the next message
        NeedMore, // every byte fed so far is used up: feed() more or finish()
        End,      // finish() was called and every message has been handed out
        Error,    // malformed input; errorString() says where and why, and nothing more follows
    };

    // Readable bytes kept after the carried bytes, so that payloads copied into the carry buffer
    // can still be parsed by simdjson without another copy.
    static constexpr size_t Padding = 64;

    virtual ~RecordingDecoder();
    RecordingDecoder(const RecordingDecoder &) = delete;
    RecordingDecoder &operator=(const RecordingDecoder &) = delete;

    // `data` must stay valid and unchanged until next() answers NeedMore or feed() or finish() is
    // called again; `capacity` (at least `size`) is how many bytes from `data` may be read.
    void feed(const char *data, size_t size, size_t capacity);
    void feed(std::string_view data) { feed(data.data(), data.size(), data.size()); }
    void finish();

    // The views in `out` stay valid until the next call to feed(), finish() or next().
    Status next(RecordedMessage &out);

    bool hasError() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }

protected:
    // A contiguous run of input bytes, `capacity` of them readable.
    struct Piece
    {
        const char *data = nullptr;
        size_t size = 0;
        size_t capacity = 0;

        std::string_view view() const { return {data, size}; }
    };

    enum class Need : quint8 {
        Ready,   // the piece asked for is available
        More,    // not yet available: answer NeedMore
        End,     // never available: the input ended before it
        TooLong, // a line longer than the limit, without its newline
    };

    RecordingDecoder() = default;

    // Decodes the next message with the helpers below, answering NeedMore when they do.
    virtual Status decode(RecordedMessage &out) = 0;

    // The next line without its '\n', nothing consumed. After finish() a last line without a
    // newline is returned as well, so End means no bytes are left.
    Need peekLine(size_t maxLength, Piece &line);
    void consumeLine();

    // The next line as text, without "\n" or "\r\n", nothing consumed. Answers Message when
    // `text` holds it, else what decode() should answer: NeedMore, End, or Error for a line
    // longer than maxLength.
    Status peekTextLine(size_t maxLength, Piece &line, std::string_view &text);

    // The next `size` bytes as one piece, nothing consumed.
    Need peek(size_t size, Piece &bytes);
    void consume(size_t size);

    Status fail(const QString &reason);

    // Parses a non-negative decimal integer of at most 19 digits, with nothing else around it.
    static bool parseInteger(std::string_view digits, qint64 &value);

    qint64 lineNumber() const { return m_lineNumber; }     // of the line peekLine() returns
    quint64 byteOffset() const { return m_consumedBytes; } // of the next unconsumed byte

private:
    size_t carrySize() const { return m_carryEnd - m_carryBegin; }
    size_t chunkAvailable() const { return m_chunkSize - m_chunkPos; }
    void appendToCarry(const char *data, size_t size);
    void stashChunk();

    const char *m_chunk = nullptr;
    size_t m_chunkSize = 0;
    size_t m_chunkCapacity = 0;
    size_t m_chunkPos = 0;

    // Bytes [m_carryBegin, m_carryEnd) come before the chunk; the vector always holds Padding
    // more bytes than m_carryEnd.
    std::vector<char> m_carry;
    size_t m_carryBegin = 0;
    size_t m_carryEnd = 0;
    size_t m_carryScanned = 0; // carried bytes already known to hold no newline

    size_t m_peekedLineBytes = 0;
    qint64 m_lineNumber = 1;
    quint64 m_consumedBytes = 0;
    bool m_finished = false;
    QString m_error;
};

} // namespace md

#endif // MD_ENGINE_RECORDINGDECODER_H
