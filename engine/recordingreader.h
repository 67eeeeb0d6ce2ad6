#ifndef MD_ENGINE_RECORDINGREADER_H
#define MD_ENGINE_RECORDINGREADER_H

#include "recordedmessage.h"

#include <QString>

#include <memory>

namespace md {

class BlockReader;
class RecordingDecoder;

// Reads one recording file message by message, telling its format from its content:
//
// - gzip (1f 8b): hftbacktest collector output, `<receive_ns> <json>` lines;
// - zstd (28 b5 2f fd): our MDREC format when it starts with "MDREC 1", otherwise
//   hftbacktest-style lines;
// - anything else: a cryptofeed raw-data log.
//
// Decompression runs ahead on a background thread (see BlockReader); messages are views into
// its blocks, so reading allocates nothing per message. The reader lives on the thread that
// calls it. A malformed or truncated file ends the reading with an error that names the file
// and the line or record; messages before that point are delivered.
class RecordingReader
{
public:
    enum class Format : quint8 {
        Unknown,
        Cryptofeed,
        HftBacktest,
        Mdrec,
    };

    RecordingReader();
    ~RecordingReader();
    RecordingReader(const RecordingReader &) = delete;
    RecordingReader &operator=(const RecordingReader &) = delete;

    bool open(const QString &path);
    void close();

    // False at the end of the file or on error. The views in `out` stay valid until the next
    // call to next(), open() or close().
    bool next(RecordedMessage &out);

    QString fileName() const { return m_path; }
    Format format() const { return m_format; }
    bool hasError() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    // True when the error is a file cut short, as a writer that crashed leaves it: every
    // message before the cut was delivered.
    bool isCut() const { return m_cut; }

    static QString formatName(Format format);

private:
    bool fail(const QString &reason);

    std::unique_ptr<BlockReader> m_blocks;
    std::unique_ptr<RecordingDecoder> m_decoder;
    QString m_path;
    Format m_format = Format::Unknown;
    QString m_error;
    bool m_cut = false;
};

} // namespace md

#endif // MD_ENGINE_RECORDINGREADER_H
