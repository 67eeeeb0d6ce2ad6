#include "symbolindex.h"

#include <algorithm>
#include <cstring>

namespace md {

// Reads the words with fixed-size loads, because a memcpy of a length known only at run time is
// a library call, made for every message. Two loads of 8 (or 4) bytes, the second ending at the
// name's end, cover every byte of a name of 8 to 16 (or 4 to 7) bytes; with the length they tell
// such names apart as well as a copy of their bytes would.
SymbolKey::SymbolKey(std::string_view name)
    : m_size(name.size())
{
    const char *text = name.data();
    if (m_size >= 8) {
        std::memcpy(&m_words[0], text, 8);
        std::memcpy(&m_words[1], text + std::min<size_t>(m_size, 16) - 8, 8);
    } else if (m_size >= 4) {
        quint32 first = 0;
        quint32 last = 0;
        std::memcpy(&first, text, 4);
        std::memcpy(&last, text + m_size - 4, 4);
        m_words[0] = first;
        m_words[1] = last;
    } else {
        for (size_t i = 0; i < m_size; ++i)
            m_words[0] |= quint64(static_cast<unsigned char>(text[i])) << (8 * i);
    }
}

// Multiplying by odd constants spreads every input bit into the high bits, which the final
// shift brings down to where the table's mask reads them.
size_t SymbolKey::hash() const
{
    const quint64 mixed = (m_words[0] * 0x9E3779B97F4A7C15ULL) ^
                          (m_words[1] * 0xC2B2AE3D27D4EB4FULL) ^ (m_size * 0x165667B19E3779F9ULL);
    return size_t(mixed ^ (mixed >> 32));
}

} // namespace md
