#ifndef MD_ENGINE_MDRECFORMAT_H
#define MD_ENGINE_MDRECFORMAT_H

#include <cstddef>
#include <string_view>

// MDREC, the recording format that RecordingWriter writes and MdrecDecoder reads.
//
// A file is one zstd stream (one or more frames; RecordingWriter turns on zstd's content
// checksum) that decompresses to:
//
//     MDREC 1\n
//     <receive_ns> <kind> <source> <payload_length>\n<payload>\n
//     <receive_ns> <kind> <source> <payload_length>\n<payload>\n
//     ...
//
// - `MDREC 1` names the format and its version; a reader refuses any other first line.
// - `receive_ns`: the local receive time, nanoseconds since the Unix epoch, as a non-negative
//   decimal integer.
// - `kind`: `ws` for a WebSocket message, `rest` for a REST response body.
// - `source`: the WebSocket URL or the REST request URL, or `-` when there is none. It holds no
//   spaces or control characters and is at most MdrecMaxSourceLength (32 KiB) bytes long.
// - `payload_length`: the number of payload bytes, a decimal integer of at most
//   MdrecMaxPayloadLength (64 MiB).
// - Fields are separated by exactly one space. The payload follows the header's newline and is
//   the message exactly as received, any bytes at all (newlines included), followed by one `\n`
//   that is not part of it.
//
// Records are in the order they were written, which is receive order. A record cut short, a
// malformed header or a missing `\n` after the payload is an error, never skipped. A file whose
// writer crashed ends inside a zstd frame; everything up to its last flush is still readable.
namespace md {

inline constexpr std::string_view MdrecMagic = "MDREC 1";
inline constexpr std::string_view MdrecWebSocketKind = "ws";
inline constexpr std::string_view MdrecRestKind = "rest";
inline constexpr std::string_view MdrecNoSource = "-";
inline constexpr size_t MdrecMaxSourceLength = 32 * 1024;
inline constexpr size_t MdrecMaxHeaderLength = MdrecMaxSourceLength + 64;
inline constexpr size_t MdrecMaxPayloadLength = 64 * 1024 * 1024;

} // namespace md

#endif // MD_ENGINE_MDRECFORMAT_H
