#include "recordingfacts.h"

#include "recordingmerger.h"

#include <QDir>
#include <QJsonDocument>

namespace md::test {

QString dataFile(const char *name)
{
    return QStringLiteral(MD_TEST_DATA_DIR "/binance/") + QString::fromLatin1(name);
}

QStringList recordingPartsIn(const QString &directory)
{
    QStringList parts;
    const QDir dir(directory);
    for (const QString &name : dir.entryList({QStringLiteral("*.mdrec")}, QDir::Files, QDir::Name))
        parts << dir.filePath(name);
    return parts;
}

std::vector<Message> readAll(const QStringList &files)
{
    std::vector<Message> messages;
    RecordingMerger merger;
    if (!merger.open(files))
        return messages;
    RecordedMessage message;
    while (merger.next(message)) {
        messages.push_back(Message{message.receiveTimeNs, message.kind, std::string(message.source),
                                   std::string(message.payload)});
    }
    return messages;
}

RecordedMessage view(const Message &message)
{
    RecordedMessage out;
    out.receiveTimeNs = message.receiveTimeNs;
    out.kind = message.kind;
    out.source = message.source;
    out.payload = message.payload;
    out.payloadCapacity = message.payload.size();
    return out;
}

QJsonObject dataOf(const std::string &payload)
{
    const QJsonObject object = QJsonDocument::fromJson(QByteArray::fromStdString(payload)).object();
    return object.contains(QLatin1String("data")) ? object[QLatin1String("data")].toObject()
                                                  : object;
}

qint64 idOf(const QJsonObject &object, const char *key)
{
    return object[QLatin1String(key)].toInteger();
}

namespace {

template<typename Side>
void applyLevels(Side &side, const QJsonArray &levels)
{
    for (const QJsonValue &level : levels) {
        const QString price = level[0].toString();
        const QString quantity = level[1].toString();
        if (quantity.toDouble() == 0)
            side.erase(price.toDouble());
        else
            side[price.toDouble()] = {price, quantity};
    }
}

template<typename Side>
QJsonArray levelsOf(const Side &side)
{
    QJsonArray out;
    for (const auto &[key, level] : side)
        out.append(QJsonArray{level.first, level.second});
    return out;
}

} // namespace

void ReferenceBook::applyBids(const QJsonArray &levels)
{
    applyLevels(bids, levels);
}

void ReferenceBook::applyAsks(const QJsonArray &levels)
{
    applyLevels(asks, levels);
}

TopOfBook ReferenceBook::top() const
{
    TopOfBook top;
    if (!bids.empty())
        std::tie(top.bidPrice, top.bidQuantity) = bids.begin()->second;
    if (!asks.empty())
        std::tie(top.askPrice, top.askQuantity) = asks.begin()->second;
    return top;
}

std::string ReferenceBook::snapshot(qint64 lastUpdateId) const
{
    const QJsonObject object{{QStringLiteral("lastUpdateId"), lastUpdateId},
                             {QStringLiteral("bids"), levelsOf(bids)},
                             {QStringLiteral("asks"), levelsOf(asks)}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString();
}

FinalState finalState(const std::vector<Message> &messages, const QString &symbol, bool usdm)
{
    FinalState state;
    ReferenceBook book;
    std::vector<QJsonObject> early;
    qint64 snapshotId = -1;
    const auto stale = [&](const QJsonObject &event) {
        return usdm ? idOf(event, "u") < snapshotId : idOf(event, "u") <= snapshotId;
    };
    const auto apply = [&](const QJsonObject &event) {
        book.applyBids(event[QLatin1String("b")].toArray());
        book.applyAsks(event[QLatin1String("a")].toArray());
        state.lastUpdateId = idOf(event, "u");
    };

    for (const Message &message : messages) {
        const QJsonObject data = dataOf(message.payload);
        const QString event = data[QLatin1String("e")].toString();
        if (data.contains(QLatin1String("lastUpdateId")) && snapshotId < 0) {
            snapshotId = idOf(data, "lastUpdateId");
            state.lastUpdateId = snapshotId;
            book.applyBids(data[QLatin1String("bids")].toArray());
            book.applyAsks(data[QLatin1String("asks")].toArray());
            for (const QJsonObject &buffered : early) {
                if (!stale(buffered))
                    apply(buffered);
            }
        } else if (data[QLatin1String("s")].toString() != symbol) {
            continue;
        } else if (event == QLatin1String("depthUpdate")) {
            if (snapshotId < 0)
                early.push_back(data);
            else if (!stale(data))
                apply(data);
        } else if (event == QLatin1String("trade") || event == QLatin1String("aggTrade")) {
            state.lastTradePrice = data[QLatin1String("p")].toString();
        } else if (data.contains(QLatin1String("B"))) {
            state.tickers[idOf(data, "u")] = TopOfBook{
                    data[QLatin1String("b")].toString(), data[QLatin1String("B")].toString(),
                    data[QLatin1String("a")].toString(), data[QLatin1String("A")].toString()};
        }
    }
    state.top = book.top();
    state.book = std::move(book);
    return state;
}

std::vector<Message> messagesFor(const std::vector<Message> &messages, const QString &symbol)
{
    std::vector<Message> own;
    for (const Message &message : messages) {
        if (message.kind == RecordedMessage::Kind::WebSocket ||
            QString::fromStdString(message.source).contains(QLatin1String("symbol=") + symbol)) {
            own.push_back(message);
        }
    }
    return own;
}

} // namespace md::test
