#ifndef MD_ENGINE_HFTBACKTESTDECODER_H
#define MD_ENGINE_HFTBACKTESTDECODER_H

#include "recordingdecoder.h"

namespace md {

// Decodes the (decompressed) output of hftbacktest's Binance collector: one message per line,
// `<receive_ns> <json>`. The JSON is a combined-stream envelope, or a bare REST depth snapshot
// (`{"lastUpdateId":...`), which becomes a Rest message. The format records no URLs, so every
// source is empty. Blank lines are skipped.
class HftBacktestDecoder : public RecordingDecoder
{
public:
    HftBacktestDecoder();
    ~HftBacktestDecoder() override;

private:
    Status decode(RecordedMessage &out) override;
};

} // namespace md

#endif // MD_ENGINE_HFTBACKTESTDECODER_H
