#ifndef MD_APP_REPLAY_REPLAYRECORDING_H
#define MD_APP_REPLAY_REPLAYRECORDING_H

#include "booksync.h"
#include "market.h"
#include "messageparser.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace md {

struct RecordedMessage;

// What a recorded WebSocket message is, for matching it against subscriptions.
enum class StreamKind : quint8 {
    Depth,      // diff depth, whatever its speed (@depth, @depth@100ms, @depth@0ms, ...)
    Trade,      // @trade
    AggTrade,   // @aggTrade
    BookTicker, // @bookTicker
    Other,      // any other stream (kline, ...), matched by its exact name
    Snapshot,   // a recorded REST depth answer: used for the reference book, never sent
};

// Recordings loaded into memory for `market-data-replay serve`, merged by receive time, with a
// reference book per symbol. The reference follows Binance's procedure (BookSync) on the
// recording's own snapshots and depth events; playback starts at the first message after every
// symbol's reference is synced, and the part before it is dropped. During playback play() keeps
// the references at the playback position, so a REST snapshot can be answered from them at any
// time. It lives on the thread that calls it.
class ReplayRecording
{
public:
    struct Message
    {
        qint64 receiveTimeNs = 0;
        qint32 symbol = -1; // index into symbols()
        StreamKind kind = StreamKind::Other;
        bool skipped = false;   // withheld from every client (--skip-depth)
        quint32 depthIndex = 0; // 1-based among its symbol's played depth events; 0 otherwise
        QByteArray suffix;      // the recorded stream name after "<symbol>@", for Other
        QByteArray data;        // the event without the combined envelope; a snapshot's body
    };

    struct Symbol
    {
        Market market = Market::Spot;
        std::string name; // as Binance spells it in events and REST: "BTCUSDT"
        bool hasDepth = false;
        std::unique_ptr<BookSync> reference;
        qint64 lastTransactionTime = 0;    // T of the last depth event applied (USD-M)
        quint64 depthEventsPlayed = 0;     // sent or withheld
        quint64 depthEventsInPlayback = 0; // in the played part of the recording
    };

    ReplayRecording();
    ~ReplayRecording();
    ReplayRecording(const ReplayRecording &) = delete;
    ReplayRecording &operator=(const ReplayRecording &) = delete;

    bool load(const QStringList &files);
    QString errorString() const { return m_error; }
    QStringList fileNames() const { return m_fileNames; }

    // Withholds the depth events with these 1-based indexes, counted per symbol over the played
    // part. Returns a warning for each index beyond a symbol's last event.
    QStringList skipDepthEvents(const QList<quint32> &indexes);

    const std::vector<Message> &messages() const { return m_messages; }
    const std::vector<Symbol> &symbols() const { return m_symbols; }
    // The symbol of that name (any case), in `preferred` if both markets have it; -1 if none.
    int findSymbol(QStringView name, Market preferred) const;

    // Applies message `index` to its reference book; call it for each message in order.
    void play(size_t index);
    // The depth event play() applied last, for logs.
    const DepthUpdate &lastPlayedDepth() const { return m_parsed.depth; }

    // Messages of the recording not played: before the start, or of no use to a client.
    quint64 messagesNotPlayed() const { return m_notPlayed; }
    quint64 rejectedMessages() const { return m_rejected; }

private:
    using Key = std::pair<Market, std::string>;
    struct LoadState;

    void classify(const RecordedMessage &recorded, LoadState &state);
    void resolveSymbols(const LoadState &state);
    int symbolFor(std::optional<Market> market, const std::string &name);
    size_t findStart();
    void resetReferences();
    bool applyToReference(size_t index);
    bool fail(const QString &reason);

    MessageParser m_parser;
    ParsedMessage m_parsed;
    std::vector<Message> m_messages;
    std::vector<Symbol> m_symbols;
    std::map<Key, int> m_symbolIndex;
    QStringList m_fileNames;
    QString m_error;
    quint64 m_notPlayed = 0;
    quint64 m_rejected = 0;
    bool m_warnedAmbiguous = false;
};

} // namespace md

#endif // MD_APP_REPLAY_REPLAYRECORDING_H
