#include "hftbacktestdecoder.h"

namespace md {

namespace {

constexpr size_t MaxLineLength = 64 * 1024 * 1024;
constexpr std::string_view SnapshotPrefix = R"({"lastUpdateId")";

} // namespace

HftBacktestDecoder::HftBacktestDecoder() = default;

HftBacktestDecoder::~HftBacktestDecoder() = default;

RecordingDecoder::Status HftBacktestDecoder::decode(RecordedMessage &out)
{
    for (;;) {
        Piece line;
        std::string_view text;
        if (const Status status = peekTextLine(MaxLineLength, line, text);
            status != Status::Message) {
            return status;
        }
        if (text.empty()) {
            consumeLine();
            continue;
        }

        const size_t space = text.find(' ');
        if (space == std::string_view::npos || space + 1 == text.size() ||
            !parseInteger(text.substr(0, space), out.receiveTimeNs)) {
            return fail(QStringLiteral("line %1: malformed line, expected \"<receive_ns> <json>\"")
                                .arg(lineNumber()));
        }

        out.payload = text.substr(space + 1);
        out.payloadCapacity = line.capacity - (space + 1);
        out.kind = out.payload.starts_with(SnapshotPrefix) ? RecordedMessage::Kind::Rest
                                                           : RecordedMessage::Kind::WebSocket;
        out.source = {};
        consumeLine();
        return Status::Message;
    }
}

} // namespace md
