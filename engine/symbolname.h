#ifndef MD_ENGINE_SYMBOLNAME_H
#define MD_ENGINE_SYMBOLNAME_H

#include <cstddef>
#include <string_view>

namespace md {

// Binance's symbols are upper-case letters and digits, 5 to 12 of them; futures contracts add `_`
// and a date (BTCUSDT_250328), and a few contracts are named in other scripts, in UTF-8.
constexpr size_t MaxSymbolLength = 32;

// Whether a symbol from a recording may name a book: A-Z, 0-9, `_` and `-`, and beyond ASCII
// letters and digits of any script. A name with control characters, spaces, quotes or `%` is no
// exchange's and, printed in a report or a log, could garble or forge its lines.
bool isPlausibleSymbol(std::string_view symbol);

} // namespace md

#endif // MD_ENGINE_SYMBOLNAME_H
