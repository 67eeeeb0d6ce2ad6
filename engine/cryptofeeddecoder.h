#ifndef MD_ENGINE_CRYPTOFEEDDECODER_H
#define MD_ENGINE_CRYPTOFEEDDECODER_H

#include "recordingdecoder.h"

#include <string>

namespace md {

// Decodes cryptofeed's raw-data logs, one item per line:
//
//     wss://<url> <-> <ts>              a WebSocket connection; its URL is the source of the
//                                       WebSocket messages that follow
//     <ts>: <message>                   a WebSocket message
//     <request url> -> <ts>: <body>     a REST response
//     configuration: {...}              cryptofeed's own settings, skipped
//
// Blank lines are skipped. `<ts>` is the receive time in seconds as a decimal fraction; it is
// converted to nanoseconds exactly from its digits, without going through a double.
class CryptofeedDecoder : public RecordingDecoder
{
public:
    CryptofeedDecoder();
    ~CryptofeedDecoder() override;

private:
    enum class LineResult : quint8 {
        Message,
        Skipped,
        Malformed,
    };

    Status decode(RecordedMessage &out) override;
    LineResult decodeLine(std::string_view text, const Piece &line, RecordedMessage &out);

    std::string m_connection;
};

} // namespace md

#endif // MD_ENGINE_CRYPTOFEEDDECODER_H
