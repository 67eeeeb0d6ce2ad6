#ifndef MD_ENGINE_PRINTABLETEXT_H
#define MD_ENGINE_PRINTABLETEXT_H

#include <string>
#include <string_view>

namespace md {

// Text from a recording or the network, made safe to print: at most maxBytes of it, each byte
// outside printable ASCII written as \xNN, and "..." when it was cut. Printed raw, a line feed
// in a symbol or payload could end a report line early and forge the lines after it, and an
// escape sequence would reach the terminal.
std::string printableExcerpt(std::string_view text, size_t maxBytes);

} // namespace md

#endif // MD_ENGINE_PRINTABLETEXT_H
