#ifndef MD_ENGINE_RECORDINGWRITER_H
#define MD_ENGINE_RECORDINGWRITER_H

#include "recordedmessage.h"

#include <QString>

#include <memory>
#include <string>
#include <vector>

class QFile;
struct ZSTD_CCtx_s;

namespace md {

// Writes a recording in our MDREC format (see mdrecformat.h), compressing it with zstd as it
// goes. flush() pushes everything written so far to the file as a complete zstd block, so a
// crash loses only what came after the last flush. Lives on the thread that calls it.
//
// A message the format cannot hold (negative time, a source with spaces, a payload over
// 64 MiB) is refused with a reason and the writer carries on; a failed write to the file stops
// it for good.
class RecordingWriter
{
public:
    static constexpr int DefaultCompressionLevel = 3;

    RecordingWriter();
    ~RecordingWriter();
    RecordingWriter(const RecordingWriter &) = delete;
    RecordingWriter &operator=(const RecordingWriter &) = delete;

    // Creates or truncates the file.
    bool open(const QString &path, int compressionLevel = DefaultCompressionLevel);

    bool write(qint64 receiveTimeNs, RecordedMessage::Kind kind, std::string_view source,
               std::string_view payload);
    bool write(const RecordedMessage &message);

    bool flush();

    // Ends the zstd stream and closes the file; false if the last bytes could not be written.
    bool close();

    bool isOpen() const { return m_context != nullptr; }
    // True once a write to the file failed; the writer then writes nothing more.
    bool hasFailed() const { return m_failed; }
    // Compressed bytes written to the file so far.
    qint64 fileBytes() const { return m_fileBytes; }
    QString fileName() const { return m_path; }
    QString errorString() const { return m_error; }

private:
    enum class Mode : quint8 {
        Continue, // compress what is pending; zstd may keep some of it buffered
        Flush,    // write out everything so far as complete zstd blocks
        End,      // finish the zstd frame
    };

    bool checkMessage(qint64 receiveTimeNs, std::string_view source, std::string_view payload);
    bool compressPending(Mode mode);
    bool fail(const QString &reason);

    std::unique_ptr<QFile> m_file;
    ZSTD_CCtx_s *m_context = nullptr;
    std::string m_pending; // uncompressed bytes not yet handed to zstd
    std::vector<char> m_output;
    QString m_path;
    QString m_error;
    qint64 m_fileBytes = 0;
    bool m_failed = false;
};

} // namespace md

#endif // MD_ENGINE_RECORDINGWRITER_H
