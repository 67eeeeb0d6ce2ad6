#include "symbolname.h"

#include <QChar>
#include <QList>
#include <QString>

#include <algorithm>

namespace md {

bool isPlausibleSymbol(std::string_view symbol)
{
    if (symbol.empty() || symbol.size() > MaxSymbolLength)
        return false;

    const auto asciiAllowed = [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    };
    const bool ascii = std::all_of(symbol.begin(), symbol.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii)
        return std::all_of(symbol.begin(), symbol.end(), asciiAllowed);

    // Beyond ASCII only letters and digits: no control, format or separator characters, which
    // could move or hide what a terminal shows.
    const QList<uint> codePoints =
            QString::fromUtf8(symbol.data(), qsizetype(symbol.size())).toUcs4();
    return std::all_of(codePoints.begin(), codePoints.end(), [&](uint codePoint) {
        if (codePoint < 0x80)
            return asciiAllowed(char(codePoint));
        return QChar::isLetterOrNumber(char32_t(codePoint));
    });
}

} // namespace md
