#include "printabletext.h"

namespace md {

std::string printableExcerpt(std::string_view text, size_t maxBytes)
{
    static constexpr char Hex[] = "0123456789abcdef";
    const std::string_view kept = text.substr(0, maxBytes);
    std::string printable;
    printable.reserve(kept.size());
    for (const char c : kept) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte < 0x7f) {
            printable.push_back(c);
            continue;
        }
        printable += "\\x";
        printable.push_back(Hex[byte >> 4]);
        printable.push_back(Hex[byte & 0xf]);
    }
    if (kept.size() < text.size())
        printable += "...";
    return printable;
}

} // namespace md
