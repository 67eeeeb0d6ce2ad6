#include "cryptofeeddecoder.h"

namespace md {

namespace {

// A REST snapshot of 5000 levels a side is about 300 KB; anything near this limit is not a
// cryptofeed log.
constexpr size_t MaxLineLength = 64 * 1024 * 1024;
constexpr std::string_view ConfigurationPrefix = "configuration: ";
constexpr std::string_view ConnectionSeparator = " <-> ";
constexpr std::string_view RestSeparator = " -> ";
constexpr std::string_view TimeSeparator = ": ";

// Python's repr of time.time(): "1617566591.326123". Digits past nanoseconds are dropped.
bool parseSeconds(std::string_view text, qint64 &ns)
{
    constexpr qint64 MaxSeconds = 9'223'372'035; // keeps seconds * 1e9 + fraction in a qint64

    const size_t point = text.find('.');
    const std::string_view whole = text.substr(0, point);
    const std::string_view fraction =
            point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
    if (whole.empty() || whole.size() > 10 || (point != std::string_view::npos && fraction.empty()))
        return false;

    qint64 seconds = 0;
    for (const char c : whole) {
        if (c < '0' || c > '9')
            return false;
        seconds = seconds * 10 + (c - '0');
    }
    if (seconds > MaxSeconds)
        return false;

    qint64 nanos = 0;
    qint64 scale = 100'000'000;
    for (const char c : fraction) {
        if (c < '0' || c > '9')
            return false;
        nanos += (c - '0') * scale;
        scale /= 10;
    }
    ns = seconds * 1'000'000'000 + nanos;
    return true;
}

bool isUrl(std::string_view text, std::string_view secure, std::string_view plain)
{
    return text.starts_with(secure) || text.starts_with(plain);
}

} // namespace

CryptofeedDecoder::CryptofeedDecoder() = default;

CryptofeedDecoder::~CryptofeedDecoder() = default;

RecordingDecoder::Status CryptofeedDecoder::decode(RecordedMessage &out)
{
    for (;;) {
        Piece line;
        std::string_view text;
        if (const Status status = peekTextLine(MaxLineLength, line, text);
            status != Status::Message) {
            return status;
        }
        const LineResult result = decodeLine(text, line, out);
        if (result == LineResult::Malformed)
            return Status::Error;
        consumeLine();
        if (result == LineResult::Message)
            return Status::Message;
    }
}

CryptofeedDecoder::LineResult CryptofeedDecoder::decodeLine(std::string_view text,
                                                            const Piece &line, RecordedMessage &out)
{
    if (text.empty() || text.starts_with(ConfigurationPrefix))
        return LineResult::Skipped;

    const auto capacityAt = [&line](std::string_view payload) {
        return line.capacity - size_t(payload.data() - line.data);
    };

    if (text.front() >= '0' && text.front() <= '9') {
        const size_t separator = text.find(TimeSeparator);
        if (separator == std::string_view::npos ||
            !parseSeconds(text.substr(0, separator), out.receiveTimeNs)) {
            fail(QStringLiteral("line %1: malformed WebSocket message line, expected "
                                "\"<seconds>: <message>\"")
                         .arg(lineNumber()));
            return LineResult::Malformed;
        }
        out.kind = RecordedMessage::Kind::WebSocket;
        out.source = m_connection;
        out.payload = text.substr(separator + TimeSeparator.size());
        out.payloadCapacity = capacityAt(out.payload);
        return LineResult::Message;
    }

    if (isUrl(text, "wss://", "ws://")) {
        const size_t separator = text.find(ConnectionSeparator);
        qint64 connectedNs = 0;
        if (separator == std::string_view::npos ||
            !parseSeconds(text.substr(separator + ConnectionSeparator.size()), connectedNs)) {
            fail(QStringLiteral("line %1: malformed connection line, expected "
                                "\"<url> <-> <seconds>\"")
                         .arg(lineNumber()));
            return LineResult::Malformed;
        }
        m_connection.assign(text.substr(0, separator));
        return LineResult::Skipped;
    }

    if (isUrl(text, "https://", "http://")) {
        const size_t separator = text.find(RestSeparator);
        const std::string_view rest = separator == std::string_view::npos
                                              ? std::string_view()
                                              : text.substr(separator + RestSeparator.size());
        const size_t timeEnd = rest.find(TimeSeparator);
        if (timeEnd == std::string_view::npos ||
            !parseSeconds(rest.substr(0, timeEnd), out.receiveTimeNs)) {
            fail(QStringLiteral("line %1: malformed REST response line, expected "
                                "\"<url> -> <seconds>: <body>\"")
                         .arg(lineNumber()));
            return LineResult::Malformed;
        }
        out.kind = RecordedMessage::Kind::Rest;
        out.source = text.substr(0, separator);
        out.payload = rest.substr(timeEnd + TimeSeparator.size());
        out.payloadCapacity = capacityAt(out.payload);
        return LineResult::Message;
    }

    fail(QStringLiteral("line %1: not a cryptofeed raw-data line").arg(lineNumber()));
    return LineResult::Malformed;
}

} // namespace md
