#ifndef MD_ENGINE_DECIMAL_H
#define MD_ENGINE_DECIMAL_H

#include <QtGlobal>

#include <compare>
#include <string>
#include <string_view>

namespace md {

// An exact non-negative decimal as Binance sends prices and quantities: a count of 1e-8 units
// (Binance's own precision), plus the number of fractional digits as written, so that
// "65432.10" prints back as "65432.10" and never as "65432.1" or "65432.09999".
// Values compare by amount: "0", "0.000" and "0.00000000" are all zero.
struct Decimal
{
    static constexpr int MaxDecimals = 8;
    static constexpr qint64 UnitsPerOne = 100'000'000;

    qint64 units = 0;
    quint8 decimals = 0;

    bool isZero() const { return units == 0; }
    double toDouble() const { return double(units) / double(UnitsPerOne); }

    // Exactly the digits the value was parsed from, without a leading sign or exponent.
    std::string toString() const;
    void appendTo(std::string &out) const;

    friend bool operator==(Decimal a, Decimal b) { return a.units == b.units; }
    friend std::strong_ordering operator<=>(Decimal a, Decimal b) { return a.units <=> b.units; }
};

enum class DecimalError : quint8 {
    None,
    Empty,
    NotANumber,
    Negative,
    TooManyDecimals,
    OutOfRange,
};

// Why a text was rejected, for logs and error replies.
const char *decimalErrorString(DecimalError error);

// Parses "123.456" style text. Rejects signs, exponents, missing digits on either side of the
// point, more than 8 fractional digits and anything too large for the 1e-8 unit count, so a
// value is either exact or refused: never rounded, wrapped or truncated.
DecimalError parseDecimal(std::string_view text, Decimal &out);

// The same rules for text that ends at a closing JSON quote, found while parsing instead of
// by a scan beforehand. The caller guarantees the quote is there.
DecimalError parseQuotedDecimal(const char *text, Decimal &out);

} // namespace md

#endif // MD_ENGINE_DECIMAL_H
