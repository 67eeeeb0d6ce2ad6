#ifndef MD_ENGINE_MDRECDECODER_H
#define MD_ENGINE_MDRECDECODER_H

#include "recordingdecoder.h"

namespace md {

// Decodes our own MDREC recordings (see mdrecformat.h) once decompressed. Payloads are
// length-prefixed, so they are handed out byte for byte whatever they contain.
class MdrecDecoder : public RecordingDecoder
{
public:
    MdrecDecoder();
    ~MdrecDecoder() override;

private:
    // A header already parsed whose payload has not fully arrived; offsets are from the start
    // of the record, which stays the first unconsumed byte until the record is handed out.
    struct PendingRecord
    {
        qint64 receiveTimeNs = 0;
        RecordedMessage::Kind kind = RecordedMessage::Kind::WebSocket;
        size_t sourceOffset = 0;
        size_t sourceSize = 0;
        size_t headerSize = 0;
        size_t payloadSize = 0;
    };

    Status decode(RecordedMessage &out) override;
    bool parseHeader(std::string_view header);
    Status failRecord(const QString &reason);

    PendingRecord m_pending;
    bool m_hasPending = false;
    bool m_sawMagic = false;
    qint64 m_recordNumber = 1;
};

} // namespace md

#endif // MD_ENGINE_MDRECDECODER_H
