#include "bookexportreader.h"

#include "bookexportformat.h"
#include "config.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

#include <limits>

namespace md::bookexportreader {

namespace {

using bookexportformat::CsvColumns;
using bookexportformat::CsvHeader;
constexpr int CsvLevelColumn = 8; // side, level, price, quantity, cumulative_quantity follow

const QStringList JsonKeys = {QStringLiteral("version"),    QStringLiteral("symbol"),
                              QStringLiteral("market"),     QStringLiteral("last_update_id"),
                              QStringLiteral("event_time"), QStringLiteral("local_time"),
                              QStringLiteral("synced"),     QStringLiteral("depth"),
                              QStringLiteral("bids"),       QStringLiteral("asks")};

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

bool checkVersion(qint64 version, QString *error)
{
    if (version == BookExport::FormatVersion)
        return true;
    return fail(error, QStringLiteral("version %1 is not %2, the version this program reads")
                               .arg(version)
                               .arg(BookExport::FormatVersion));
}

bool parseLevel(const QString &where, const QString &price, const QString &quantity,
                PriceLevel &level, QString *error)
{
    const std::string priceText = price.toStdString();
    const std::string quantityText = quantity.toStdString();
    if (const DecimalError problem = parseDecimal(priceText, level.price);
        problem != DecimalError::None) {
        return fail(error, QStringLiteral("%1: price \"%2\": %3")
                                   .arg(where, price, QLatin1String(decimalErrorString(problem))));
    }
    if (const DecimalError problem = parseDecimal(quantityText, level.quantity);
        problem != DecimalError::None) {
        return fail(error,
                    QStringLiteral("%1: quantity \"%2\": %3")
                            .arg(where, quantity, QLatin1String(decimalErrorString(problem))));
    }
    if (level.price.isZero() || level.quantity.isZero())
        return fail(error, QStringLiteral("%1: price and quantity must be above zero").arg(where));
    return true;
}

// What both readers check once the values are read: the facts are possible, each side is in
// book order, and each cumulative quantity is the sum of the quantities up to it.
bool checkBook(const BookExport &book, const std::vector<QString> &bidSums,
               const std::vector<QString> &askSums, QString *error)
{
    if (ConfigLoader::normalizedSymbol(book.symbol) != book.symbol)
        return fail(error, QStringLiteral("symbol \"%1\" is not a symbol").arg(book.symbol));
    if (book.lastUpdateId < 0 || book.eventTime < 0 || book.localTime < 0)
        return fail(error, QStringLiteral("update id and times must not be negative"));
    if (book.depth > BookExport::MaxDepth)
        return fail(
                error,
                QStringLiteral("depth %1 is above %2").arg(book.depth).arg(BookExport::MaxDepth));
    if (!book.synced && (!book.bids.empty() || !book.asks.empty()))
        return fail(error, QStringLiteral("a book that is not synced has no levels"));

    const auto checkSide = [&](const char *name, const std::vector<PriceLevel> &levels,
                               const std::vector<QString> &sums, bool descending) {
        if (book.depth > 0 && levels.size() > book.depth) {
            return fail(error, QStringLiteral("%1: %2 levels, more than depth %3")
                                       .arg(QLatin1String(name))
                                       .arg(levels.size())
                                       .arg(book.depth));
        }
        const std::vector<std::string> expected = cumulativeQuantities(levels);
        for (size_t i = 0; i < levels.size(); ++i) {
            const QString where = QStringLiteral("%1 level %2").arg(QLatin1String(name)).arg(i + 1);
            if (i > 0 && (descending ? levels[i].price >= levels[i - 1].price
                                     : levels[i].price <= levels[i - 1].price)) {
                return fail(error, where + QStringLiteral(": prices out of book order"));
            }
            if (sums[i] != QString::fromStdString(expected[i])) {
                return fail(error,
                            QStringLiteral("%1: cumulative quantity \"%2\", expected %3")
                                    .arg(where, sums[i], QString::fromStdString(expected[i])));
            }
        }
        return true;
    };
    return checkSide("bids", book.bids, bidSums, true) &&
           checkSide("asks", book.asks, askSums, false);
}

bool readJsonLevels(const QJsonValue &value, const char *name, std::vector<PriceLevel> &levels,
                    std::vector<QString> &sums, QString *error)
{
    if (!value.isArray())
        return fail(error, QStringLiteral("%1: expected an array").arg(QLatin1String(name)));
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString where = QStringLiteral("%1 level %2").arg(QLatin1String(name)).arg(i + 1);
        const QJsonArray level = array[i].toArray();
        if (!array[i].isArray() || level.size() != 3 || !level[0].isString() ||
            !level[1].isString() || !level[2].isString()) {
            return fail(error, where + QStringLiteral(": expected [price, quantity, cumulative "
                                                      "quantity] as strings"));
        }
        PriceLevel parsed;
        if (!parseLevel(where, level[0].toString(), level[1].toString(), parsed, error))
            return false;
        levels.push_back(parsed);
        sums.push_back(level[2].toString());
    }
    return true;
}

bool readInteger(const QJsonObject &object, const QString &key, qint64 &field, QString *error)
{
    const QJsonValue value = object[key];
    constexpr qint64 NotAnInteger = std::numeric_limits<qint64>::min();
    const qint64 integer = value.toInteger(NotAnInteger);
    if (!value.isDouble() || integer == NotAnInteger)
        return fail(error, QStringLiteral("%1: expected a whole number").arg(key));
    field = integer;
    return true;
}

bool readBoolean(const QString &text, const QString &name, bool &field, QString *error)
{
    if (text != QLatin1String("true") && text != QLatin1String("false"))
        return fail(error,
                    QStringLiteral("%1: expected true or false, got \"%2\"").arg(name, text));
    field = text == QLatin1String("true");
    return true;
}

bool readMarket(const QString &text, Market &field, QString *error)
{
    const std::optional<Market> market = marketFromName(text.toStdString());
    if (!market)
        return fail(error, QStringLiteral("market: expected spot or usdm, got \"%1\"").arg(text));
    field = *market;
    return true;
}

bool readCsvInteger(const QString &text, const QString &name, qint64 &field, QString *error)
{
    bool ok = false;
    field = text.toLongLong(&ok);
    if (!ok)
        return fail(error,
                    QStringLiteral("%1: expected a whole number, got \"%2\"").arg(name, text));
    return true;
}

// The facts of one CSV row: the columns before side.
bool readCsvFacts(const QStringList &fields, BookExport &book, QString *error)
{
    qint64 version = 0;
    qint64 depth = 0;
    if (!readCsvInteger(fields[0], QStringLiteral("version"), version, error))
        return false;
    if (!checkVersion(version, error))
        return false;
    book.symbol = fields[1];
    if (!readMarket(fields[2], book.market, error) ||
        !readCsvInteger(fields[3], QStringLiteral("last_update_id"), book.lastUpdateId, error) ||
        !readCsvInteger(fields[4], QStringLiteral("event_time"), book.eventTime, error) ||
        !readCsvInteger(fields[5], QStringLiteral("local_time"), book.localTime, error) ||
        !readBoolean(fields[6], QStringLiteral("synced"), book.synced, error) ||
        !readCsvInteger(fields[7], QStringLiteral("depth"), depth, error)) {
        return false;
    }
    if (depth < 0)
        return fail(error, QStringLiteral("depth: must not be negative"));
    book.depth = size_t(depth);
    return true;
}

// The fields of a JSON export other than its levels, every one present and none unknown.
bool readJsonFacts(const QJsonObject &object, BookExport &book, QString *error)
{
    for (const QString &key : object.keys()) {
        if (!JsonKeys.contains(key)) {
            return fail(error, QStringLiteral("%1: unknown key").arg(key));
        }
    }
    for (const QString &key : JsonKeys) {
        if (!object.contains(key)) {
            return fail(error, QStringLiteral("%1: missing").arg(key));
        }
    }

    qint64 version = 0;
    qint64 depth = 0;
    if (!readInteger(object, QStringLiteral("version"), version, error) ||
        !checkVersion(version, error)) {
        return false;
    }
    const QJsonValue symbol = object[QLatin1String("symbol")];
    const QJsonValue market = object[QLatin1String("market")];
    const QJsonValue synced = object[QLatin1String("synced")];
    if (!symbol.isString() || !market.isString() || !synced.isBool()) {
        return fail(error,
                    QStringLiteral("symbol and market must be strings, synced true or false"));
    }
    book.symbol = symbol.toString();
    book.synced = synced.toBool();
    if (!readMarket(market.toString(), book.market, error) ||
        !readInteger(object, QStringLiteral("last_update_id"), book.lastUpdateId, error) ||
        !readInteger(object, QStringLiteral("event_time"), book.eventTime, error) ||
        !readInteger(object, QStringLiteral("local_time"), book.localTime, error) ||
        !readInteger(object, QStringLiteral("depth"), depth, error)) {
        return false;
    }
    if (depth < 0)
        return fail(error, QStringLiteral("depth: must not be negative"));
    book.depth = size_t(depth);
    return true;
}

// One level row after the facts: side, level, price, quantity, cumulative quantity.
bool readCsvLevel(const QStringList &fields, const QString &where, BookExport &book,
                  std::vector<QString> &sums, QString *error)
{
    const QString &side = fields[CsvLevelColumn];
    const bool isBid = side == QLatin1String("bid");
    if (!isBid && side != QLatin1String("ask"))
        return fail(error, QStringLiteral("%1: side \"%2\", expected bid or ask").arg(where, side));
    if (isBid && !book.asks.empty())
        return fail(error, where + QStringLiteral(": bids must come before asks"));

    std::vector<PriceLevel> &levels = isBid ? book.bids : book.asks;
    if (fields[CsvLevelColumn + 1] != QString::number(levels.size() + 1)) {
        return fail(error, QStringLiteral("%1: level \"%2\", expected %3")
                                   .arg(where, fields[CsvLevelColumn + 1])
                                   .arg(levels.size() + 1));
    }
    PriceLevel level;
    if (!parseLevel(where, fields[CsvLevelColumn + 2], fields[CsvLevelColumn + 3], level, error))
        return false;
    levels.push_back(level);
    sums.push_back(fields[CsvLevelColumn + 4]);
    return true;
}

} // namespace

std::optional<BookExport> fromJson(const QByteArray &bytes, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (document.isNull()) {
        fail(error, QStringLiteral("not JSON: %1 at offset %2")
                            .arg(parseError.errorString())
                            .arg(parseError.offset));
        return std::nullopt;
    }
    if (!document.isObject()) {
        fail(error, QStringLiteral("expected a JSON object"));
        return std::nullopt;
    }
    const QJsonObject object = document.object();
    BookExport book;
    std::vector<QString> bidSums, askSums;
    if (!readJsonFacts(object, book, error) ||
        !readJsonLevels(object[QLatin1String("bids")], "bids", book.bids, bidSums, error) ||
        !readJsonLevels(object[QLatin1String("asks")], "asks", book.asks, askSums, error) ||
        !checkBook(book, bidSums, askSums, error)) {
        return std::nullopt;
    }
    return book;
}

std::optional<BookExport> fromCsv(const QByteArray &bytes, QString *error)
{
    QList<QByteArray> lines = bytes.split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    // A spreadsheet saving the file may end its lines in \r\n.
    for (QByteArray &line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    if (lines.isEmpty() || lines.first() != CsvHeader) {
        fail(error, QStringLiteral("line 1: expected the header %1").arg(QLatin1String(CsvHeader)));
        return std::nullopt;
    }
    if (lines.size() < 2) {
        fail(error, QStringLiteral("no rows after the header"));
        return std::nullopt;
    }

    BookExport book;
    std::vector<QString> bidSums, askSums;
    QStringList firstFacts;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QString where = QStringLiteral("line %1").arg(i + 1);
        const QStringList fields = QString::fromUtf8(lines[i]).split(QLatin1Char(','));
        if (fields.size() != CsvColumns) {
            fail(error, QStringLiteral("%1: %2 columns, expected %3")
                                .arg(where)
                                .arg(fields.size())
                                .arg(CsvColumns));
            return std::nullopt;
        }

        // Every row repeats the book's facts; they must not change from row to row.
        const QStringList facts = fields.mid(0, CsvLevelColumn);
        if (i == 1) {
            firstFacts = facts;
            QString reason;
            if (!readCsvFacts(facts, book, &reason)) {
                fail(error, where + QStringLiteral(": ") + reason);
                return std::nullopt;
            }
        } else if (facts != firstFacts) {
            fail(error, where + QStringLiteral(": the book's facts differ from line 2"));
            return std::nullopt;
        }

        const QString &side = fields[CsvLevelColumn];
        if (side.isEmpty() && lines.size() == 2 &&
            fields.mid(CsvLevelColumn).join(QString()).isEmpty()) {
            break; // the one row of a book without levels
        }
        if (!readCsvLevel(fields, where, book, side == QLatin1String("bid") ? bidSums : askSums,
                          error)) {
            return std::nullopt;
        }
    }

    if (!checkBook(book, bidSums, askSums, error))
        return std::nullopt;
    return book;
}

std::optional<BookExport> read(const QByteArray &bytes, ExportFormat format, QString *error)
{
    return format == ExportFormat::Json ? fromJson(bytes, error) : fromCsv(bytes, error);
}

} // namespace md::bookexportreader
