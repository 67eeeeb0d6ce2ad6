#ifndef MD_ENGINE_RECORDEDMESSAGE_H
#define MD_ENGINE_RECORDEDMESSAGE_H

#include <QtGlobal>

#include <string_view>

namespace md {

// One message of a recording, as it arrived. The views point into the reader's buffers and stay
// valid until the next call to the reader (or decoder) that produced them.
struct RecordedMessage
{
    enum class Kind : quint8 {
        WebSocket,
        Rest,
    };

    qint64 receiveTimeNs = 0; // the recorder's local receive time, ns since the Unix epoch
    Kind kind = Kind::WebSocket;
    std::string_view source;    // WebSocket URL or REST request URL; empty when the format has none
    std::string_view payload;   // the message bytes exactly as recorded
    size_t payloadCapacity = 0; // bytes readable from payload.data(), at least payload.size()
};

} // namespace md

#endif // MD_ENGINE_RECORDEDMESSAGE_H
