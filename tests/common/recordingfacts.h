#ifndef MD_TESTS_COMMON_RECORDINGFACTS_H
#define MD_TESTS_COMMON_RECORDINGFACTS_H

#include "recordedmessage.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <map>
#include <string>
#include <vector>

// What a recording says, worked out with Qt's JSON parser and plain containers, never with the
// engine under test: the expected values of the tests.
namespace md::test {

struct Message
{
    qint64 receiveTimeNs = 0;
    RecordedMessage::Kind kind = RecordedMessage::Kind::WebSocket;
    std::string source;
    std::string payload;
};

QString dataFile(const char *name);
// The recording parts (*.mdrec) in a folder, in name order, which is the order they were written.
QStringList recordingPartsIn(const QString &directory);
std::vector<Message> readAll(const QStringList &files);
RecordedMessage view(const Message &message);

// The event object of a message, unwrapped from a combined-stream envelope.
QJsonObject dataOf(const std::string &payload);
qint64 idOf(const QJsonObject &object, const char *key);

struct TopOfBook
{
    QString bidPrice, bidQuantity, askPrice, askQuantity;
};

// A naive book: price texts ordered by value, quantities as sent.
struct ReferenceBook
{
    std::map<double, std::pair<QString, QString>, std::greater<>> bids;
    std::map<double, std::pair<QString, QString>> asks;

    void applyBids(const QJsonArray &levels);
    void applyAsks(const QJsonArray &levels);
    TopOfBook top() const;
    std::string snapshot(qint64 lastUpdateId) const;
};

// The book of a recording of one symbol at its end, following Binance's procedure written
// plainly, with its last trade and its bookTickers.
struct FinalState
{
    qint64 lastUpdateId = 0;
    TopOfBook top;
    ReferenceBook book; // every level at the end, as sent
    QString lastTradePrice;
    std::map<qint64, TopOfBook> tickers; // bookTicker by update id
};

FinalState finalState(const std::vector<Message> &messages, const QString &symbol, bool usdm);
// A recording of several symbols as one symbol's book sees it: every WebSocket message, and of
// the REST snapshots only its own, since finalState() follows the first snapshot it meets.
std::vector<Message> messagesFor(const std::vector<Message> &messages, const QString &symbol);

} // namespace md::test

#endif // MD_TESTS_COMMON_RECORDINGFACTS_H
