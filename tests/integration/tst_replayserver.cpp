// Runs the real `market-data-replay serve` and talks to it as Binance clients do: QWebSocket
// and QNetworkAccessManager on loopback, with the engine's own parser and BookSync following
// Binance's order-book procedure.
#include "booksync.h"
#include "messageparser.h"
#include "recordingwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QWebSocket>

#include <csignal>
#include <map>
#include <memory>
#include <sys/prctl.h>
#include <vector>

using md::BookSync;
using md::Market;

namespace {

constexpr int StartTimeoutMs = 10'000;
constexpr int SyncTimeoutMs = 10'000;
constexpr int RequestTimeoutMs = 5000;
constexpr int ExitTimeoutMs = 10'000;
constexpr int RetryDelayMs = 100;
constexpr size_t ComparedLevels = 10;
constexpr int UsageError = 64;
constexpr int UnreadableInput = 2;

QString binaryPath()
{
    return QStringLiteral(MD_BINARY_DIR "/app/replay/market-data-replay");
}

QString dataFile(const char *name)
{
    return QStringLiteral(MD_TEST_DATA_DIR "/binance/") + QLatin1String(name);
}

QStringList spot2024()
{
    return {dataFile("hftbacktest/spot-btcusdt-20240808.gz"),
            dataFile("hftbacktest/spot-btcusdt-20240809.gz")};
}

QStringList spot0808()
{
    return {dataFile("hftbacktest/spot-btcusdt-20240808.gz")};
}

QStringList usdm2024()
{
    return {dataFile("hftbacktest/usdm-btcusdt-20240808.gz")};
}

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool acceptsConnections(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(200);
}

// One `market-data-replay serve` child; it dies with the test even when the test crashes.
class ServerProcess
{
public:
    explicit ServerProcess(const QStringList &arguments)
    {
        m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process,
                         [this] { m_stderr += m_process.readAllStandardError(); });
        m_process.start(binaryPath(), arguments);
    }
    ~ServerProcess()
    {
        m_process.kill();
        m_process.waitForFinished();
    }

    QProcess &process() { return m_process; }
    bool isRunning() const { return m_process.state() == QProcess::Running; }
    QByteArray log()
    {
        m_stderr += m_process.readAllStandardError();
        return m_stderr;
    }

private:
    QProcess m_process;
    QByteArray m_stderr;
};

struct HttpResult
{
    int status = 0;
    QByteArray body;
    QByteArray retryAfter;
    QByteArray usedWeight;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

// Levels compared between two books: the best ComparedLevels bids, then as many asks.
using TopLevels = std::vector<md::PriceLevel>;

TopLevels topOf(const md::OrderBook &book)
{
    TopLevels levels = book.topLevels(md::Side::Bid, ComparedLevels);
    const TopLevels asks = book.topLevels(md::Side::Ask, ComparedLevels);
    levels.insert(levels.end(), asks.begin(), asks.end());
    return levels;
}

// A client following Binance's procedure: subscribe, buffer, fetch a snapshot when BookSync asks,
// and again after a gap. It keeps the top of its book at every update id it applied.
class BookClient : public QObject
{
public:
    BookClient(Market market, const std::string &symbol, const QUrl &streamUrl,
               const QUrl &snapshotUrl, const QString &expectedStream)
        : m_sync(market, symbol)
        , m_snapshotUrl(snapshotUrl)
        , m_expectedStream(expectedStream.toStdString())
    {
        m_sync.setAppliedHook([this] { m_history[m_sync.lastUpdateId()] = topOf(m_sync.book()); });
        connect(&m_socket, &QWebSocket::textMessageReceived, this, &BookClient::onMessage);
        m_socket.open(streamUrl);
    }

    const BookSync &sync() const { return m_sync; }
    const std::map<qint64, TopLevels> &history() const { return m_history; }
    QWebSocket &socket() { return m_socket; }
    int depthMessages() const { return m_depthMessages; }
    int otherMessages() const { return m_otherMessages; }
    int chainBreaks() const { return m_chainBreaks; }
    int wrongStreamNames() const { return m_wrongStreamNames; }
    // How many depth messages had arrived when each gap was found.
    const QList<int> &gapsAt() const { return m_gapsAt; }
    qint64 firstSyncedId() const { return m_firstSyncedId; }

private:
    void onMessage(const QString &text)
    {
        const QByteArray bytes = text.toUtf8();
        if (!m_parser.parse(std::string_view(bytes.constData(), size_t(bytes.size())), m_message)) {
            ++m_wrongStreamNames;
            return;
        }
        if (m_message.type != md::MessageType::DepthUpdate) {
            ++m_otherMessages;
            return;
        }
        if (m_message.stream != m_expectedStream)
            ++m_wrongStreamNames;

        ++m_depthMessages;
        checkChain(m_message.depth);
        const quint64 gapsBefore = m_sync.counters().gaps;
        const BookSync::Result result = m_sync.applyDepth(m_message.depth);
        if (m_sync.counters().gaps > gapsBefore)
            m_gapsAt.append(m_depthMessages);
        noteSynced();
        if (result == BookSync::Result::NeedSnapshot)
            requestSnapshot();
    }

    // Continuity as the exchange defines it, checked on the raw stream: USD-M through `pu`,
    // spot through U == previous u + 1.
    void checkChain(const md::DepthUpdate &event)
    {
        if (m_previousFinalId > 0) {
            const bool continues = event.hasPreviousFinalUpdateId()
                                           ? event.previousFinalUpdateId == m_previousFinalId
                                           : event.firstUpdateId == m_previousFinalId + 1;
            if (!continues)
                ++m_chainBreaks;
        }
        m_previousFinalId = event.finalUpdateId;
    }

    void requestSnapshot()
    {
        if (m_snapshotInFlight)
            return;
        m_snapshotInFlight = true;
        QNetworkReply *reply = m_network.get(QNetworkRequest(m_snapshotUrl));
        connect(reply, &QNetworkReply::finished, this, [this, reply] {
            reply->deleteLater();
            m_snapshotInFlight = false;
            const QByteArray body = reply->readAll();
            if (reply->error() != QNetworkReply::NoError ||
                !m_parser.parse(std::string_view(body.constData(), size_t(body.size())),
                                m_message) ||
                m_message.type != md::MessageType::DepthSnapshot) {
                QTimer::singleShot(RetryDelayMs, this, &BookClient::requestSnapshot);
                return;
            }
            const BookSync::Result result = m_sync.applySnapshot(m_message.snapshot);
            noteSynced();
            if (result == BookSync::Result::NeedSnapshot)
                requestSnapshot();
        });
    }

    void noteSynced()
    {
        if (m_firstSyncedId == 0 && m_sync.isSynced())
            m_firstSyncedId = m_sync.lastUpdateId();
    }

    BookSync m_sync;
    QUrl m_snapshotUrl;
    std::string m_expectedStream;
    md::MessageParser m_parser;
    md::ParsedMessage m_message;
    QWebSocket m_socket;
    QNetworkAccessManager m_network;
    std::map<qint64, TopLevels> m_history;
    QList<int> m_gapsAt;
    qint64 m_previousFinalId = 0;
    qint64 m_firstSyncedId = 0;
    int m_depthMessages = 0;
    int m_otherMessages = 0;
    int m_chainBreaks = 0;
    int m_wrongStreamNames = 0;
    bool m_snapshotInFlight = false;
};

} // namespace

class tst_ReplayServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();

    void combinedStreamSyncsAndLateClientAgrees();
    void rawStreamSyncs();
    void subscribeRequest();
    void usdmPublicStreamKeepsPuChain();
    void restErrors_data();
    void restErrors();
    void usedWeight_data();
    void usedWeight();
    void snapshotError_data();
    void snapshotError();
    void skipDepthMakesExactGaps();
    void dropAfterClosesConnection();
    void stallAfterKeepsConnectionSilent();
    void pingIsAnswered();
    void maxSpeedFinishesAndStaysOpen();
    void clientThatDoesNotReadIsDropped();
    void portTaken();
    void badFlags_data();
    void badFlags();
    void unreadableRecording();
    void symbolsNoExchangeUsesAreSkippedAndEscaped();

private:
    // Starts a server on a free port and waits until it accepts connections.
    void startServer(const QStringList &files, const QStringList &flags = {});
    QUrl url(const QString &pathAndQuery, const char *scheme = "http") const;
    HttpResult get(const QString &pathAndQuery);

    std::unique_ptr<ServerProcess> m_server;
    quint16 m_port = 0;
    QNetworkAccessManager m_network;
};

void tst_ReplayServer::cleanup()
{
    m_server.reset();
    m_network.clearConnectionCache();
}

void tst_ReplayServer::startServer(const QStringList &files, const QStringList &flags)
{
    m_port = freePort();
    QVERIFY(m_port != 0);
    const QStringList arguments = QStringList{QStringLiteral("serve")} + files +
                                  QStringList{QStringLiteral("--port"), QString::number(m_port)} +
                                  flags;
    m_server = std::make_unique<ServerProcess>(arguments);
    QVERIFY(m_server->process().waitForStarted(StartTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(!m_server->isRunning() || acceptsConnections(m_port), StartTimeoutMs);
    QVERIFY2(m_server->isRunning(), m_server->log().constData());
}

QUrl tst_ReplayServer::url(const QString &pathAndQuery, const char *scheme) const
{
    return QUrl(QStringLiteral("%1://127.0.0.1:%2%3")
                        .arg(QLatin1String(scheme))
                        .arg(m_port)
                        .arg(pathAndQuery));
}

HttpResult tst_ReplayServer::get(const QString &pathAndQuery)
{
    std::unique_ptr<QNetworkReply> reply(m_network.get(QNetworkRequest(url(pathAndQuery))));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(RequestTimeoutMs))
        return {};
    HttpResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.retryAfter = reply->rawHeader("Retry-After");
    result.usedWeight = reply->rawHeader("X-MBX-USED-WEIGHT-1M");
    return result;
}

void tst_ReplayServer::combinedStreamSyncsAndLateClientAgrees()
{
    startServer(spot2024(), {QStringLiteral("--speed"), QStringLiteral("20")});
    if (QTest::currentTestFailed())
        return;

    BookClient first(Market::Spot, "BTCUSDT",
                     url(QStringLiteral("/stream?streams=btcusdt@depth@100ms/btcusdt@trade"), "ws"),
                     url(QStringLiteral("/api/v3/depth?symbol=BTCUSDT&limit=1000")),
                     QStringLiteral("btcusdt@depth@100ms"));
    QTRY_VERIFY_WITH_TIMEOUT(first.sync().isSynced(), SyncTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(first.depthMessages() >= 100, SyncTimeoutMs);

    // Mid-playback, under another depth name: the server renames the stream to what was asked.
    BookClient second(Market::Spot, "BTCUSDT",
                      url(QStringLiteral("/stream?streams=btcusdt@depth"), "ws"),
                      url(QStringLiteral("/api/v3/depth?symbol=BTCUSDT&limit=1000")),
                      QStringLiteral("btcusdt@depth"));
    QTRY_VERIFY_WITH_TIMEOUT(second.sync().isSynced(), SyncTimeoutMs);
    QVERIFY(second.firstSyncedId() > first.firstSyncedId());
    QTRY_VERIFY_WITH_TIMEOUT(second.history().size() >= 50 &&
                                     first.sync().lastUpdateId() >= second.sync().lastUpdateId(),
                             SyncTimeoutMs);

    // Both books must be the same at every update id both applied.
    int compared = 0;
    for (const auto &[id, levels] : second.history()) {
        const auto other = first.history().find(id);
        QVERIFY2(other != first.history().end(), qPrintable(QString::number(id)));
        QVERIFY2(other->second == levels, qPrintable(QString::number(id)));
        ++compared;
    }
    QVERIFY(compared >= 50);

    QCOMPARE(first.sync().counters().gaps, 0u);
    QCOMPARE(second.sync().counters().gaps, 0u);
    QCOMPARE(first.chainBreaks(), 0);
    QCOMPARE(first.wrongStreamNames(), 0);
    QCOMPARE(second.wrongStreamNames(), 0);
    QVERIFY(first.otherMessages() > 0); // trades
    QCOMPARE(second.otherMessages(), 0);
    QVERIFY(m_server->log().contains("client 127.0.0.1:"));
}

void tst_ReplayServer::rawStreamSyncs()
{
    startServer(spot0808(), {QStringLiteral("--speed"), QStringLiteral("20")});
    if (QTest::currentTestFailed())
        return;

    // Raw form: bare payloads, no envelope, so the parser sees no stream name.
    BookClient client(Market::Spot, "BTCUSDT", url(QStringLiteral("/ws/btcusdt@depth@100ms"), "ws"),
                      url(QStringLiteral("/api/v3/depth?symbol=BTCUSDT&limit=100")), QString());
    QSignalSpy messages(&client.socket(), &QWebSocket::textMessageReceived);
    QTRY_VERIFY_WITH_TIMEOUT(client.sync().isSynced(), SyncTimeoutMs);
    QVERIFY(messages.first().first().toString().startsWith(
            QLatin1String("{\"e\":\"depthUpdate\"")));
    QCOMPARE(client.wrongStreamNames(), 0);
    QCOMPARE(client.otherMessages(), 0);
}

void tst_ReplayServer::subscribeRequest()
{
    startServer(spot0808(), {QStringLiteral("--speed"), QStringLiteral("20")});
    if (QTest::currentTestFailed())
        return;

    QWebSocket socket;
    QSignalSpy connected(&socket, &QWebSocket::connected);
    QSignalSpy messages(&socket, &QWebSocket::textMessageReceived);
    socket.open(url(QStringLiteral("/ws"), "ws"));
    QVERIFY(connected.wait(RequestTimeoutMs));
    socket.sendTextMessage(
            QStringLiteral(R"({"method":"SUBSCRIBE","params":["btcusdt@trade"],"id":7})"));
    QTRY_VERIFY_WITH_TIMEOUT(messages.size() >= 5, SyncTimeoutMs);
    QCOMPARE(messages.first().first().toString(), QStringLiteral(R"({"result":null,"id":7})"));

    // What follows are raw trades of the subscribed symbol.
    const QJsonObject trade =
            QJsonDocument::fromJson(messages.at(1).first().toString().toUtf8()).object();
    QCOMPARE(trade.value(QStringLiteral("e")).toString(), QStringLiteral("trade"));
    QCOMPARE(trade.value(QStringLiteral("s")).toString(), QStringLiteral("BTCUSDT"));

    messages.clear();
    socket.sendTextMessage(QStringLiteral(R"({"method":"LIST_SUBSCRIPTIONS","id":"list"})"));
    const QString expected = QStringLiteral(R"({"result":["btcusdt@trade"],"id":"list"})");
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(messages.cbegin(), messages.cend(),
                                         [&](const QList<QVariant> &message) {
                                             return message.first().toString() == expected;
                                         }),
                             RequestTimeoutMs);
}

void tst_ReplayServer::usdmPublicStreamKeepsPuChain()
{
    startServer(usdm2024(), {QStringLiteral("--speed"), QStringLiteral("20")});
    if (QTest::currentTestFailed())
        return;

    BookClient client(Market::UsdM, "BTCUSDT",
                      url(QStringLiteral("/public/stream?streams=btcusdt@depth@0ms"), "ws"),
                      url(QStringLiteral("/fapi/v1/depth?symbol=BTCUSDT&limit=1000")),
                      QStringLiteral("btcusdt@depth@0ms"));
    QTRY_VERIFY_WITH_TIMEOUT(client.sync().isSynced(), SyncTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(client.depthMessages() >= 200, SyncTimeoutMs);
    QCOMPARE(client.chainBreaks(), 0);
    QCOMPARE(client.sync().counters().gaps, 0u);
    QCOMPARE(client.wrongStreamNames(), 0);

    // USD-M snapshots carry E and T besides the spot fields.
    const HttpResult snapshot = get(QStringLiteral("/fapi/v1/depth?symbol=BTCUSDT&limit=5"));
    QCOMPARE(snapshot.status, 200);
    QVERIFY(snapshot.body.startsWith("{\"lastUpdateId\":"));
    QVERIFY(snapshot.json().value(QStringLiteral("E")).toInteger() > 0);
    QVERIFY(snapshot.json().value(QStringLiteral("T")).toInteger() > 0);
    QCOMPARE(snapshot.json().value(QStringLiteral("bids")).toArray().size(), 5);

    // Trades come on the /market path, as on Binance since the URL split.
    QWebSocket trades;
    QSignalSpy messages(&trades, &QWebSocket::textMessageReceived);
    trades.open(url(QStringLiteral("/market/stream?streams=btcusdt@trade"), "ws"));
    QVERIFY(messages.wait(SyncTimeoutMs));
    const QJsonObject envelope =
            QJsonDocument::fromJson(messages.first().first().toString().toUtf8()).object();
    QCOMPARE(envelope.value(QStringLiteral("stream")).toString(), QStringLiteral("btcusdt@trade"));
    QCOMPARE(envelope.value(QStringLiteral("data")).toObject().value(QStringLiteral("e")),
             QJsonValue(QStringLiteral("trade")));
}

void tst_ReplayServer::restErrors_data()
{
    QTest::addColumn<QString>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("code");

    QTest::newRow("unknown symbol")
            << QStringLiteral("/api/v3/depth?symbol=NOPEUSDT") << 400 << -1121;
    QTest::newRow("spot symbol on USD-M")
            << QStringLiteral("/fapi/v1/depth?symbol=BTCUSDT") << 400 << -1121;
    QTest::newRow("no symbol") << QStringLiteral("/api/v3/depth?limit=5") << 400 << -1102;
    QTest::newRow("bad limit") << QStringLiteral("/api/v3/depth?symbol=BTCUSDT&limit=x5") << 400
                               << -1100;
    QTest::newRow("unknown path") << QStringLiteral("/api/v3/ticker") << 404 << -1;
}

void tst_ReplayServer::restErrors()
{
    QFETCH(QString, request);
    QFETCH(int, status);
    QFETCH(int, code);

    startServer(spot0808());
    if (QTest::currentTestFailed())
        return;
    const HttpResult result = get(request);
    QCOMPARE(result.status, status);
    QCOMPARE(result.json().value(QStringLiteral("code")).toInt(), code);
    QVERIFY(result.json().contains(QStringLiteral("msg")));
}

void tst_ReplayServer::usedWeight_data()
{
    QTest::addColumn<QStringList>("files");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("levels");
    QTest::addColumn<int>("weight");

    const QString spot = QStringLiteral("/api/v3/depth");
    const QString usdm = QStringLiteral("/fapi/v1/depth");
    QTest::newRow("spot 5") << spot0808() << spot << 5 << 5 << 5;
    QTest::newRow("spot 500") << spot0808() << spot << 500 << 500 << 25;
    QTest::newRow("spot 1000") << spot0808() << spot << 1000 << 1000 << 50;
    // The recorded snapshot had 1000 levels a side: the book holds those and what events added.
    QTest::newRow("spot 5000") << spot0808() << spot << 5000 << 1000 << 250;
    QTest::newRow("usdm 50") << usdm2024() << usdm << 50 << 50 << 2;
    QTest::newRow("usdm 100") << usdm2024() << usdm << 100 << 100 << 5;
    QTest::newRow("usdm 500") << usdm2024() << usdm << 500 << 500 << 10;
    QTest::newRow("usdm 1000") << usdm2024() << usdm << 1000 << 1000 << 20;
}

void tst_ReplayServer::usedWeight()
{
    QFETCH(QStringList, files);
    QFETCH(QString, path);
    QFETCH(int, limit);
    QFETCH(int, levels);
    QFETCH(int, weight);

    startServer(files);
    if (QTest::currentTestFailed())
        return;
    const QString request = path + QStringLiteral("?symbol=BTCUSDT&limit=%1").arg(limit);
    const HttpResult first = get(request);
    QCOMPARE(first.status, 200);
    QCOMPARE(first.usedWeight.toInt(), weight);
    QVERIFY(first.json().value(QStringLiteral("lastUpdateId")).toInteger() > 0);
    const qsizetype asks = first.json().value(QStringLiteral("asks")).toArray().size();
    if (limit > levels)
        QVERIFY2(asks >= levels, qPrintable(QString::number(asks)));
    else
        QCOMPARE(asks, qsizetype(levels));

    // Weight adds up within a minute; a new minute may just have started in between.
    const int second = get(request).usedWeight.toInt();
    QVERIFY2(second == 2 * weight || second == weight, qPrintable(QString::number(second)));
}

void tst_ReplayServer::snapshotError_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("429 rate limited") << 429;
    QTest::newRow("418 banned") << 418;
}

void tst_ReplayServer::snapshotError()
{
    QFETCH(int, status);

    startServer(spot0808(), {QStringLiteral("--snapshot-error"), QString::number(status),
                             QStringLiteral("--snapshot-error-count"), QStringLiteral("2"),
                             QStringLiteral("--retry-after"), QStringLiteral("7")});
    if (QTest::currentTestFailed())
        return;

    const QString request = QStringLiteral("/api/v3/depth?symbol=BTCUSDT&limit=10");
    for (int attempt = 0; attempt < 2; ++attempt) {
        const HttpResult refused = get(request);
        QCOMPARE(refused.status, status);
        QCOMPARE(refused.retryAfter, QByteArray("7"));
        QCOMPARE(refused.json().value(QStringLiteral("code")).toInt(), -1003);
        QVERIFY(!refused.usedWeight.isEmpty());
    }
    const HttpResult served = get(request);
    QCOMPARE(served.status, 200);
    QCOMPARE(served.json().value(QStringLiteral("bids")).toArray().size(), 10);
    QVERIFY(m_server->log().contains("--snapshot-error"));
}

void tst_ReplayServer::skipDepthMakesExactGaps()
{
    startServer(spot0808(), {QStringLiteral("--speed"), QStringLiteral("10"),
                             QStringLiteral("--skip-depth"), QStringLiteral("80,200")});
    if (QTest::currentTestFailed())
        return;

    BookClient client(Market::Spot, "BTCUSDT",
                      url(QStringLiteral("/stream?streams=btcusdt@depth@100ms"), "ws"),
                      url(QStringLiteral("/api/v3/depth?symbol=BTCUSDT&limit=1000")),
                      QStringLiteral("btcusdt@depth@100ms"));
    QTRY_VERIFY_WITH_TIMEOUT(client.sync().isSynced(), SyncTimeoutMs);
    QVERIFY2(client.depthMessages() < 79, "the client synced too late to see the first gap");
    QTRY_VERIFY_WITH_TIMEOUT(client.depthMessages() >= 230, 3 * SyncTimeoutMs);

    // Playback began with this client, so its n-th depth message is played event n, minus the
    // events withheld before it: the gaps show on the events after #80 and #200.
    QCOMPARE(client.gapsAt(), QList<int>({80, 199}));
    QCOMPARE(client.chainBreaks(), 2);
    QCOMPARE(client.sync().counters().resyncs, 2u);
    QTRY_VERIFY_WITH_TIMEOUT(client.sync().isSynced(), SyncTimeoutMs);
    QVERIFY(m_server->log().contains("depth event #80"));
    QVERIFY(m_server->log().contains("depth event #200"));
}

void tst_ReplayServer::dropAfterClosesConnection()
{
    startServer(spot0808(), {QStringLiteral("--speed"), QStringLiteral("10"),
                             QStringLiteral("--drop-after"), QStringLiteral("5")});
    if (QTest::currentTestFailed())
        return;

    // Each connection counts afresh, reconnections included.
    for (int connection = 0; connection < 2; ++connection) {
        QWebSocket socket;
        QSignalSpy messages(&socket, &QWebSocket::textMessageReceived);
        QSignalSpy disconnected(&socket, &QWebSocket::disconnected);
        socket.open(url(QStringLiteral("/ws/btcusdt@bookTicker"), "ws"));
        QVERIFY(disconnected.wait(SyncTimeoutMs));
        QCOMPARE(messages.size(), 5);
        QCOMPARE(socket.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    }
}

void tst_ReplayServer::stallAfterKeepsConnectionSilent()
{
    startServer(spot0808(), {QStringLiteral("--speed"), QStringLiteral("10"),
                             QStringLiteral("--stall-after"), QStringLiteral("3")});
    if (QTest::currentTestFailed())
        return;

    QWebSocket socket;
    QSignalSpy messages(&socket, &QWebSocket::textMessageReceived);
    socket.open(url(QStringLiteral("/ws/btcusdt@bookTicker"), "ws"));
    QTRY_COMPARE_WITH_TIMEOUT(messages.size(), 3, SyncTimeoutMs);
    QVERIFY(!messages.wait(1000));
    QCOMPARE(messages.size(), 3);
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    QCOMPARE(get(QStringLiteral("/replay/status")).json().value(QStringLiteral("clients")).toInt(),
             1);
}

void tst_ReplayServer::pingIsAnswered()
{
    startServer(spot0808(), {QStringLiteral("--ping-interval"), QStringLiteral("1")});
    if (QTest::currentTestFailed())
        return;

    // QWebSocket answers pings by itself; the server logs each pong.
    QWebSocket socket;
    socket.open(url(QStringLiteral("/ws/btcusdt@trade"), "ws"));
    QTRY_VERIFY_WITH_TIMEOUT(m_server->log().contains("pong from 127.0.0.1:"), SyncTimeoutMs);
}

void tst_ReplayServer::maxSpeedFinishesAndStaysOpen()
{
    startServer({dataFile("cryptofeed/spot-2021-04-04-btcusdt-ethusdt-dotusdt.txt")},
                {QStringLiteral("--speed"), QStringLiteral("max")});
    if (QTest::currentTestFailed())
        return;

    QWebSocket socket;
    QSignalSpy messages(&socket, &QWebSocket::textMessageReceived);
    socket.open(url(QStringLiteral("/stream?streams=btcusdt@depth@100ms"), "ws"));
    QTRY_VERIFY_WITH_TIMEOUT(
            get(QStringLiteral("/replay/status")).json().value(QStringLiteral("finished")).toBool(),
            SyncTimeoutMs);

    // The whole recording was played: BTCUSDT's book stands at its last recorded event
    // (SOURCES.md), and the client got every depth event played for it.
    const QJsonObject status = get(QStringLiteral("/replay/status")).json();
    QCOMPARE(status.value(QStringLiteral("position")), status.value(QStringLiteral("total")));
    QCOMPARE(status.value(QStringLiteral("clients")).toInt(), 1);
    const QJsonObject btc = status.value(QStringLiteral("symbols"))
                                    .toObject()
                                    .value(QStringLiteral("BTCUSDT"))
                                    .toObject();
    QCOMPARE(btc.value(QStringLiteral("lastUpdateId")).toInteger(), 9893046554);
    QCOMPARE(btc.value(QStringLiteral("market")).toString(), QStringLiteral("spot"));
    const qint64 played = btc.value(QStringLiteral("depthEvents")).toInteger();
    QVERIFY(played > 800);
    QTRY_COMPARE_WITH_TIMEOUT(qint64(messages.size()), played, RequestTimeoutMs);
    QVERIFY(!messages.wait(500));
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    QVERIFY(m_server->log().contains("playback finished"));
}

void tst_ReplayServer::clientThatDoesNotReadIsDropped()
{
    startServer(spot2024(), {QStringLiteral("--speed"), QStringLiteral("max")});
    if (QTest::currentTestFailed())
        return;

    // A hand-made handshake on a socket whose reading stops at a few bytes: the server's send
    // buffer fills, the timeline waits for it, then lets it go.
    QTcpSocket stuck;
    stuck.setReadBufferSize(1024);
    stuck.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(stuck.waitForConnected(RequestTimeoutMs));
    stuck.write("GET /stream?streams=btcusdt@depth/btcusdt@bookTicker/btcusdt@trade HTTP/1.1\r\n"
                "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(m_server->log().contains("dropping client"), 4 * SyncTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(
            get(QStringLiteral("/replay/status")).json().value(QStringLiteral("finished")).toBool(),
            SyncTimeoutMs);
    QCOMPARE(get(QStringLiteral("/replay/status")).json().value(QStringLiteral("clients")).toInt(),
             0);
}

void tst_ReplayServer::portTaken()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    const QString port = QString::number(taken.serverPort());

    ServerProcess server(QStringList{QStringLiteral("serve")} + spot0808() +
                         QStringList{QStringLiteral("--port"), port});
    QVERIFY(server.process().waitForFinished(ExitTimeoutMs));
    QVERIFY(server.process().exitCode() != 0);
    QVERIFY2(server.log().contains(port.toUtf8()), server.log().constData());
}

void tst_ReplayServer::badFlags_data()
{
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QByteArray>("named");

    const QString port = QStringLiteral("--port");
    const QString any = QStringLiteral("1");
    QTest::newRow("no port") << QStringList() << QByteArray("--port");
    QTest::newRow("port out of range")
            << QStringList{port, QStringLiteral("70000")} << QByteArray("--port");
    QTest::newRow("speed zero") << QStringList{port, any, QStringLiteral("--speed"),
                                               QStringLiteral("0")}
                                << QByteArray("--speed");
    QTest::newRow("speed too slow to pace")
            << QStringList{port, any, QStringLiteral("--speed"), QStringLiteral("1e-300")}
            << QByteArray("--speed takes a factor from 0.01");
    QTest::newRow("speed word") << QStringList{port, any, QStringLiteral("--speed"),
                                               QStringLiteral("fast")}
                                << QByteArray("--speed");
    QTest::newRow("skip-depth junk")
            << QStringList{port, any, QStringLiteral("--skip-depth"), QStringLiteral("3,x")}
            << QByteArray("--skip-depth");
    QTest::newRow("drop-after zero")
            << QStringList{port, any, QStringLiteral("--drop-after"), QStringLiteral("0")}
            << QByteArray("--drop-after");
    QTest::newRow("snapshot-error 500")
            << QStringList{port, any, QStringLiteral("--snapshot-error"), QStringLiteral("500")}
            << QByteArray("--snapshot-error");
    QTest::newRow("retry-after alone")
            << QStringList{port, any, QStringLiteral("--retry-after"), QStringLiteral("5")}
            << QByteArray("--snapshot-error");
    QTest::newRow("host name") << QStringList{port, any, QStringLiteral("--host"),
                                              QStringLiteral("example.org")}
                               << QByteArray("--host");
}

void tst_ReplayServer::badFlags()
{
    QFETCH(QStringList, flags);
    QFETCH(QByteArray, named);

    ServerProcess server(QStringList{QStringLiteral("serve")} + spot0808() + flags);
    QVERIFY(server.process().waitForFinished(ExitTimeoutMs));
    QCOMPARE(server.process().exitCode(), UsageError);
    QVERIFY2(server.log().contains(named), server.log().constData());
}

void tst_ReplayServer::unreadableRecording()
{
    const QString missing = dataFile("hftbacktest/no-such-recording.gz");
    ServerProcess server({QStringLiteral("serve"), missing, QStringLiteral("--port"),
                          QString::number(freePort())});
    QVERIFY(server.process().waitForFinished(ExitTimeoutMs));
    QCOMPARE(server.process().exitCode(), UnreadableInput);
    QVERIFY2(server.log().contains("no-such-recording.gz"), server.log().constData());
}

void tst_ReplayServer::symbolsNoExchangeUsesAreSkippedAndEscaped()
{
    // A symbol with a line feed and a terminal escape in it would forge log lines; the server
    // skips its messages, says so with the name escaped, and serves the real book.
    const std::string url = "wss://stream.binance.com:9443/stream?streams=btcusdt@depth@100ms";
    const auto depth = [](const std::string &symbol, int first, int last, const char *bids) {
        return R"({"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1,"s":")" + symbol +
               R"(","U":)" + std::to_string(first) + R"(,"u":)" + std::to_string(last) +
               R"(,"b":)" + bids + R"(,"a":[]}})";
    };
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("evil.mdrec"));
    md::RecordingWriter writer;
    QVERIFY(writer.open(path));
    using Kind = md::RecordedMessage::Kind;
    QVERIFY(writer.write(1'000, Kind::WebSocket, url, depth("BTCUSDT", 101, 105, "[]")));
    QVERIFY(writer.write(2'000, Kind::Rest,
                         "https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=1000",
                         R"({"lastUpdateId":100,"bids":[["10","1"]],"asks":[["11","1"]]})"));
    QVERIFY(writer.write(3'000, Kind::WebSocket, url,
                         depth(R"(EVIL\nOK: 999/999 forged\u001b[2J)", 1, 2, "[]")));
    QVERIFY(writer.write(4'000, Kind::WebSocket, url,
                         depth("BTCUSDT", 106, 110, R"([["10","2"]])")));
    QVERIFY(writer.close());

    ServerProcess server(
            {QStringLiteral("serve"), path, QStringLiteral("--port"), QString::number(freePort())});
    QTRY_VERIFY_WITH_TIMEOUT(server.log().contains("listening on"), ExitTimeoutMs);
    const QByteArray log = server.log();
    QVERIFY2(log.contains(R"(symbol "EVIL\x0aOK: 999/999 forged\x1b[2J", which is not a Binance)"),
             log.constData());
    QVERIFY2(!log.contains("\nOK:") && !log.contains('\x1b'), log.constData());
    QVERIFY2(log.contains("spot BTCUSDT: reference book synced"), log.constData());
}

QTEST_GUILESS_MAIN(tst_ReplayServer)
#include "tst_replayserver.moc"
