#include "decimal.h"

#include <array>
#include <limits>

namespace md {

namespace {

constexpr std::array<qint64, 9> PowersOfTen = {1,       10,        100,        1'000,      10'000,
                                               100'000, 1'000'000, 10'000'000, 100'000'000};

constexpr qint64 MaxWholePart = std::numeric_limits<qint64>::max() / Decimal::UnitsPerOne;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

} // namespace

const char *decimalErrorString(DecimalError error)
{
    switch (error) {
    case DecimalError::None:
        return "ok";
    case DecimalError::Empty:
        return "empty number";
    case DecimalError::NotANumber:
        return "not a decimal number";
    case DecimalError::Negative:
        return "negative number";
    case DecimalError::TooManyDecimals:
        return "more than 8 decimal places";
    case DecimalError::OutOfRange:
        return "number too large";
    }
    return "unknown error";
}

namespace {

// Shared by both entry points: `atEnd` says whether a position is past the number's text.
template<typename AtEnd>
DecimalError parseDigits(const char *text, AtEnd atEnd, Decimal &out)
{
    if (atEnd(text))
        return DecimalError::Empty;
    if (*text == '-')
        return DecimalError::Negative;

    // Whole part: at least one digit, bounded so the unit count cannot overflow.
    const char *pos = text;
    qint64 whole = 0;
    while (!atEnd(pos) && isDigit(*pos)) {
        whole = whole * 10 + (*pos - '0');
        if (whole > MaxWholePart)
            return DecimalError::OutOfRange;
        ++pos;
    }
    if (pos == text)
        return DecimalError::NotANumber;

    // Fractional part: a point must be followed by at least one digit.
    qint64 fraction = 0;
    int decimals = 0;
    if (!atEnd(pos)) {
        if (*pos != '.')
            return DecimalError::NotANumber;
        ++pos;
        const char *fractionStart = pos;
        while (!atEnd(pos) && isDigit(*pos)) {
            if (decimals == Decimal::MaxDecimals)
                return DecimalError::TooManyDecimals;
            fraction = fraction * 10 + (*pos - '0');
            ++decimals;
            ++pos;
        }
        if (pos == fractionStart || !atEnd(pos))
            return DecimalError::NotANumber;
    }

    const qint64 fractionUnits = fraction * PowersOfTen[Decimal::MaxDecimals - decimals];
    if (whole == MaxWholePart &&
        fractionUnits > std::numeric_limits<qint64>::max() - whole * Decimal::UnitsPerOne) {
        return DecimalError::OutOfRange;
    }
    out.units = whole * Decimal::UnitsPerOne + fractionUnits;
    out.decimals = quint8(decimals);
    return DecimalError::None;
}

} // namespace

DecimalError parseDecimal(std::string_view text, Decimal &out)
{
    const char *end = text.data() + text.size();
    return parseDigits(
            text.data(), [end](const char *p) { return p == end; }, out);
}

DecimalError parseQuotedDecimal(const char *text, Decimal &out)
{
    return parseDigits(
            text, [](const char *p) { return *p == '"'; }, out);
}

void Decimal::appendTo(std::string &out) const
{
    // Digits are produced backwards into a small buffer: at most 19 digits and a point.
    char buffer[24];
    char *end = buffer + sizeof buffer;
    char *cursor = end;

    qint64 whole = units / UnitsPerOne;
    qint64 fraction = (units % UnitsPerOne) / PowersOfTen[MaxDecimals - decimals];
    for (int i = 0; i < decimals; ++i) {
        *--cursor = char('0' + fraction % 10);
        fraction /= 10;
    }
    if (decimals > 0)
        *--cursor = '.';
    do {
        *--cursor = char('0' + whole % 10);
        whole /= 10;
    } while (whole > 0);

    out.append(cursor, size_t(end - cursor));
}

std::string Decimal::toString() const
{
    std::string text;
    appendTo(text);
    return text;
}

} // namespace md
