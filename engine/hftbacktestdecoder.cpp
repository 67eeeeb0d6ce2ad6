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
        switch (peekLine(MaxLineLength, line)) {
        case Need::Ready:
            break;
        case Need::More:
            return Status::NeedMore;
        case Need::End:
            return Status::End;
        case Need::TooLong:
            return fail(QStringLiteral("line %1: longer than %2 bytes")
                                .arg(lineNumber())
                                .arg(MaxLineLength));
        }

        std::string_view text = line.view();
        if (text.ends_with('\r'))
            text.remove_suffix(1);
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
