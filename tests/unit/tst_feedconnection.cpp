#include "feedconnection.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkProxy>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

#include <memory>
#include <set>

using md::FeedConnection;
using State = md::FeedConnection::State;

namespace {

using namespace std::chrono_literals;

const QString recordingPath =
        QStringLiteral(MD_TEST_DATA_DIR "/binance/cryptofeed/spot-2021-10-12-4symbols.ws.txt");

// The first `count` messages of a cryptofeed recording: lines of "<time>: <message>" after a
// header line naming the URL.
QList<QByteArray> recordedMessages(qsizetype count)
{
    QFile file(recordingPath);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    file.readLine();

    QList<QByteArray> messages;
    while (messages.size() < count && !file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        const qsizetype separator = line.indexOf(": ");
        if (separator > 0)
            messages.append(line.mid(separator + 2));
    }
    return messages;
}

// A port on loopback that refuses connections: taken from the system, then released.
quint16 refusingPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost))
        return 0;
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

// A WebSocket server on loopback that keeps every connection it accepts, in order.
class TestServer : public QObject
{
public:
    TestServer()
    {
        connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                sockets.append(socket);
                requestUrls.append(socket->requestUrl());
                connect(socket, &QWebSocket::textMessageReceived, this,
                        [this](const QString &text) {
                            requests.append(QJsonDocument::fromJson(text.toUtf8()).object());
                        });
            }
        });
    }

    bool listen(quint16 port = 0) { return m_server.listen(QHostAddress::LocalHost, port); }
    void close() { m_server.close(); }
    quint16 port() const { return m_server.serverPort(); }
    qsizetype connections() const { return sockets.size(); }
    QWebSocket *socket(qsizetype index) const { return sockets.value(index); }
    bool isOpen(qsizetype index) const
    {
        QWebSocket *s = socket(index);
        return s && s->state() == QAbstractSocket::ConnectedState;
    }

    QList<QPointer<QWebSocket>> sockets;
    QList<QUrl> requestUrls;
    QList<QJsonObject> requests; // what clients sent, all sockets together

private:
    QWebSocketServer m_server{QStringLiteral("tst_feedconnection"),
                              QWebSocketServer::NonSecureMode};
};

FeedConnection::Options testOptions(quint16 port, const QString &path = QString())
{
    FeedConnection::Options options;
    options.baseUrl = QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(port).arg(path));
    options.streams = {QStringLiteral("NKNUSDT@depth@100ms"), QStringLiteral("blzeth@bookTicker"),
                       QStringLiteral("LRCBTC@kline_1M")};
    options.name = QStringLiteral("test");
    options.reconnectMin = 50ms;
    options.reconnectMax = 400ms;
    options.connectTimeout = 2s;
    return options;
}

} // namespace

class tst_FeedConnection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void url_data();
    void url();
    void refusesBadOptions_data();
    void refusesBadOptions();
    void deliversExactBytes();
    void reconnectsAfterServerClose();
    void watchdogReconnectsSilentConnection();
    void connectTimeout();
    void serverShutdown_data();
    void serverShutdown();
    void plannedReconnect();
    void answersServerPing();
    void failedConnectNamesTheCause();
    void backoffGrowsAndIsCapped();
    void stopStopsEverything();
    void streamsChangeOnTheOpenSocket();
    void streamsChangedWhileConnectingAreSentOnConnect();

private:
    std::unique_ptr<TestServer> m_server;
};

void tst_FeedConnection::initTestCase()
{
    // A proxy from the environment must not stand between the test and its own server.
    QNetworkProxy::setApplicationProxy(QNetworkProxy::NoProxy);
    QVERIFY2(QFile::exists(recordingPath), qPrintable(recordingPath));
}

void tst_FeedConnection::init()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY(m_server->listen());
}

void tst_FeedConnection::cleanup()
{
    m_server.reset();
}

void tst_FeedConnection::url_data()
{
    QTest::addColumn<QString>("basePath");
    QTest::addColumn<QString>("expectedPath");

    QTest::newRow("spot") << QString() << QStringLiteral("/stream");
    QTest::newRow("usdm public") << QStringLiteral("/public") << QStringLiteral("/public/stream");
    QTest::newRow("usdm market, trailing slash")
            << QStringLiteral("/market/") << QStringLiteral("/market/stream");
}

void tst_FeedConnection::url()
{
    QFETCH(QString, basePath);
    QFETCH(QString, expectedPath);

    FeedConnection feed(testOptions(m_server->port(), basePath));
    // Symbols are lowercased; the rest of a name keeps its case (kline_1M is a month).
    const QString expectedQuery =
            QStringLiteral("streams=nknusdt@depth@100ms/blzeth@bookTicker/lrcbtc@kline_1M");
    QCOMPARE(feed.url().path(), expectedPath);
    QCOMPARE(feed.url().query(), expectedQuery);

    QSignalSpy connected(&feed, &FeedConnection::connected);
    QVERIFY(feed.start());
    QVERIFY(connected.wait(5000));
    QCOMPARE(feed.state(), State::Connected);
    QCOMPARE(m_server->requestUrls.size(), 1);
    QCOMPARE(m_server->requestUrls.first().path(), expectedPath);
    QCOMPARE(m_server->requestUrls.first().query(), expectedQuery);
}

void tst_FeedConnection::refusesBadOptions_data()
{
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QStringList>("streams");
    QTest::addColumn<QString>("expectedError");

    const QString base = QStringLiteral("ws://127.0.0.1:1");
    QStringList tooMany;
    for (int i = 0; i <= FeedConnection::maxStreams; ++i)
        tooMany.append(QStringLiteral("sym%1usdt@depth@100ms").arg(i));

    QTest::newRow("1025 streams") << base << tooMany << QStringLiteral("limit of 1024");
    QTest::newRow("no streams") << base << QStringList() << QStringLiteral("no streams");
    QTest::newRow("http scheme") << QStringLiteral("http://127.0.0.1:1")
                                 << QStringList{QStringLiteral("btcusdt@trade")}
                                 << QStringLiteral("ws:// or wss://");
    QTest::newRow("slash in a stream name")
            << base << QStringList{QStringLiteral("btcusdt@trade/ethusdt@trade")}
            << QStringLiteral("btcusdt@trade/ethusdt@trade");
}

void tst_FeedConnection::refusesBadOptions()
{
    QFETCH(QString, baseUrl);
    QFETCH(QStringList, streams);
    QFETCH(QString, expectedError);

    FeedConnection::Options options = testOptions(1);
    options.baseUrl = QUrl(baseUrl);
    options.streams = streams;
    FeedConnection feed(options);
    QSignalSpy errors(&feed, &FeedConnection::errorOccurred);

    QVERIFY(!feed.start());
    QCOMPARE(feed.state(), State::Stopped);
    QCOMPARE(errors.size(), 1);
    QVERIFY2(feed.errorString().contains(expectedError), qPrintable(feed.errorString()));
}

void tst_FeedConnection::deliversExactBytes()
{
    QList<QByteArray> sent = recordedMessages(40);
    QCOMPARE(sent.size(), 40);
    // Not in the recording, but JSON strings may hold any Unicode: the bytes must survive the
    // UTF-16 detour through QWebSocket unchanged.
    sent.append(QByteArrayLiteral("{\"stream\":\"x\",\"data\":{\"n\":\"Gr\xc3\xbc\xc3\x9f"
                                  "e \xe2\x82\xac \xf0\x9f\x98\x80\"}}"));

    FeedConnection feed(testOptions(m_server->port()));
    QList<QByteArray> received;
    std::set<const char *> buffers;
    int shortPadding = 0;
    feed.setMessageHandler([&](const char *data, size_t size, size_t capacity) {
        received.append(QByteArray(data, qsizetype(size)));
        buffers.insert(data);
        if (capacity < size + FeedConnection::bufferPadding)
            ++shortPadding;
    });
    QList<QByteArray> observed;
    feed.setRawObserver([&](std::string_view bytes) {
        observed.append(QByteArray(bytes.data(), qsizetype(bytes.size())));
    });
    QSignalSpy connected(&feed, &FeedConnection::connected);
    QVERIFY(feed.start());
    QVERIFY(connected.wait(5000));

    QWebSocket *server = m_server->socket(0);
    qint64 totalBytes = 0;
    for (const QByteArray &message : std::as_const(sent)) {
        server->sendTextMessage(QString::fromUtf8(message));
        totalBytes += message.size();
    }
    server->sendBinaryMessage(QByteArrayLiteral("\x01\x02\x03"));

    QTRY_COMPARE_WITH_TIMEOUT(received.size(), sent.size(), 5000);
    QCOMPARE(received, sent);
    QCOMPARE(observed, sent);
    QCOMPARE(shortPadding, 0);
    QTRY_COMPARE(feed.counters().binaryFrames, 1u);
    QCOMPARE(feed.counters().messages, quint64(sent.size()));
    QCOMPARE(feed.counters().bytes, quint64(totalBytes));
    QVERIFY(feed.counters().lastMessageTime > 0);
    // One buffer, grown a couple of times at most: no allocation per message.
    QVERIFY2(buffers.size() <= 3, qPrintable(QString::number(buffers.size())));
}

void tst_FeedConnection::reconnectsAfterServerClose()
{
    FeedConnection feed(testOptions(m_server->port()));
    QSignalSpy connected(&feed, &FeedConnection::connected);
    QSignalSpy disconnected(&feed, &FeedConnection::disconnected);
    QSignalSpy states(&feed, &FeedConnection::stateChanged);
    QVERIFY(feed.start());
    QVERIFY(connected.wait(5000));

    m_server->socket(0)->close(QWebSocketProtocol::CloseCodeGoingAway,
                               QStringLiteral("maintenance"));
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, 5000);
    QVERIFY2(disconnected.first().first().toString().contains(QLatin1String("maintenance")),
             qPrintable(disconnected.first().first().toString()));
    QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 2, 5000);

    QCOMPARE(m_server->connections(), 2);
    QCOMPARE(feed.counters().reconnects, 1u);
    QVERIFY(states.contains(QVariantList{QVariant::fromValue(State::Waiting)}));
    // The first retry after a loss waits reconnectMin, half of it fixed, half random.
    QVERIFY(feed.reconnectDelay() >= 25ms && feed.reconnectDelay() <= 50ms);
}

void tst_FeedConnection::watchdogReconnectsSilentConnection()
{
    FeedConnection::Options options = testOptions(m_server->port());
    options.watchdog = 300ms;
    FeedConnection feed(options);
    QSignalSpy connected(&feed, &FeedConnection::connected);
    QSignalSpy disconnected(&feed, &FeedConnection::disconnected);
    QVERIFY(feed.start());
    QVERIFY(connected.wait(5000));

    // A message every 100 ms keeps the connection: the watchdog only fires on silence.
    const QByteArray message = recordedMessages(1).value(0);
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [&] {
        if (QWebSocket *socket = m_server->socket(0))
            socket->sendTextMessage(QString::fromUtf8(message));
    });
    ticker.start(100ms);
    QTest::qWait(900);
    QCOMPARE(feed.counters().watchdogTimeouts, 0u);
    QCOMPARE(disconnected.size(), 0);

    ticker.stop();
    QTRY_COMPARE_WITH_TIMEOUT(feed.counters().watchdogTimeouts, 1u, 2000);
    QCOMPARE(disconnected.size(), 1);
    QVERIFY(disconnected.first().first().toString().contains(QLatin1String("watchdog")));
    QTRY_VERIFY(!m_server->isOpen(0));
    QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 2, 5000);
    QCOMPARE(m_server->connections(), 2);
}

void tst_FeedConnection::connectTimeout()
{
    // Accepts TCP and never answers the WebSocket handshake.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    QList<QTcpSocket *> accepted;
    connect(&silent, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *socket = silent.nextPendingConnection())
            accepted.append(socket);
    });

    FeedConnection::Options options = testOptions(silent.serverPort());
    options.connectTimeout = 300ms;
    FeedConnection feed(options);
    QSignalSpy states(&feed, &FeedConnection::stateChanged);
    QVERIFY(feed.start());

    QTRY_COMPARE_WITH_TIMEOUT(feed.state(), State::Waiting, 2000);
    QVERIFY2(feed.errorString().contains(QLatin1String("no connection after")),
             qPrintable(feed.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(accepted.size() >= 2, 3000);
    feed.stop();
}

void tst_FeedConnection::serverShutdown_data()
{
    QTest::addColumn<QByteArray>("event");

    QTest::newRow("combined stream")
            << QByteArrayLiteral("{\"stream\":\"!serverShutdown\",\"data\":"
                                 "{\"e\":\"serverShutdown\",\"E\":1767225600000}}");
    QTest::newRow("raw event") << QByteArrayLiteral(
            "{\"e\":\"serverShutdown\",\"E\":1767225600000}");
}

void tst_FeedConnection::serverShutdown()
{
    QFETCH(QByteArray, event);

    FeedConnection::Options options = testOptions(m_server->port());
    options.healthyAfter = 0ms; // replace at once; a younger connection would wait its backoff
    FeedConnection feed(options);
    QList<QByteArray> received;
    feed.setMessageHandler([&](const char *data, size_t size, size_t) {
        received.append(QByteArray(data, qsizetype(size)));
    });
    // A recorder sees the shutdown notice that the handler never gets.
    QList<QByteArray> observed;
    feed.setRawObserver([&](std::string_view bytes) {
        observed.append(QByteArray(bytes.data(), qsizetype(bytes.size())));
    });
    QSignalSpy connected(&feed, &FeedConnection::connected);
    QSignalSpy disconnected(&feed, &FeedConnection::disconnected);
    QSignalSpy states(&feed, &FeedConnection::stateChanged);
    QVERIFY(feed.start());
    QVERIFY(connected.wait(5000));
    states.clear();

    m_server->socket(0)->sendTextMessage(QString::fromUtf8(event));
    QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 2, 5000);
    QCOMPARE(m_server->connections(), 2);
    QCOMPARE(disconnected.size(), 1);
    QVERIFY(disconnected.first().first().toString().contains(QLatin1String("serverShutdown")));
    QTRY_VERIFY(!m_server->isOpen(0));
    QVERIFY(m_server->isOpen(1));
    // Open-then-switch: the feed never went through Waiting or Connecting.
    QCOMPARE(states.size(), 0);
    QCOMPARE(feed.counters().shutdownNotices, 1u);
    QCOMPARE(feed.counters().reconnects, 1u);
    QVERIFY(received.isEmpty());
    QCOMPARE(observed, QList<QByteArray>{event});

    const QByteArray message = recordedMessages(1).value(0);
    m_server->socket(1)->sendTextMessage(QString::fromUtf8(message));
    QTRY_COMPARE(received.size(), 1);
    QCOMPARE(received.first(), message);
}

void tst_FeedConnection::plannedReconnect()
{
    FeedConnection::Options options = testOptions(m_server->port());
    options.plannedReconnect = 600ms;
    options.healthyAfter = 0ms;
    FeedConnection feed(options);
    QSignalSpy connected(&feed, &FeedConnection::connected);
    QSignalSpy disconnected(&feed, &FeedConnection::disconnected);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(feed.start());
    QVERIFY(connected.wait(5000));

    QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 2, 5000);
    // Planned for 600 ms, brought forward by at most 1/32 of it.
    QVERIFY2(clock.elapsed() >= 550, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(feed.counters().plannedReconnects, 1u);
    QCOMPARE(disconnected.size(), 1);
    QVERIFY(disconnected.first().first().toString().contains(QLatin1String("24 hour")));
    QTRY_VERIFY(!m_server->isOpen(0));
    QVERIFY(m_server->isOpen(1));
    QCOMPARE(feed.state(), State::Connected);
    feed.stop();
}

void tst_FeedConnection::answersServerPing()
{
    FeedConnection feed(testOptions(m_server->port()));
    QSignalSpy connected(&feed, &FeedConnection::connected);
    QVERIFY(feed.start());
    QVERIFY(connected.wait(5000));

    // Binance pings every 20 s (spot) and drops a client whose pong does not echo the payload
    // within a minute; QWebSocket must answer on its own.
    QWebSocket *server = m_server->socket(0);
    QSignalSpy pongs(server, &QWebSocket::pong);
    server->ping(QByteArrayLiteral("md-ping-42"));
    QVERIFY(pongs.wait(5000));
    QCOMPARE(pongs.first().at(1).toByteArray(), QByteArrayLiteral("md-ping-42"));
}

void tst_FeedConnection::failedConnectNamesTheCause()
{
    // The error that explains a failed connect can arrive after the disconnect; the reason kept
    // must be the socket's own, not a guess. A name under .invalid never resolves (RFC 2606).
    FeedConnection::Options options = testOptions(9);
    options.baseUrl = QUrl(QStringLiteral("wss://market-data-monitor-test.invalid:9"));
    FeedConnection feed(options);
    QVERIFY(feed.start());
    QTRY_COMPARE_WITH_TIMEOUT(feed.state(), State::Waiting, 10'000);
    QVERIFY2(feed.errorString().contains(QLatin1String("not found"), Qt::CaseInsensitive),
             qPrintable(feed.errorString()));
    feed.stop();
}

void tst_FeedConnection::backoffGrowsAndIsCapped()
{
    const quint16 port = refusingPort();
    QVERIFY(port != 0);
    FeedConnection::Options options = testOptions(port);
    options.healthyAfter = 200ms;
    FeedConnection feed(options);
    QList<std::chrono::milliseconds> delays;
    connect(&feed, &FeedConnection::stateChanged, this, [&](State state) {
        if (state == State::Waiting)
            delays.append(feed.reconnectDelay());
    });

    QElapsedTimer clock;
    clock.start();
    QVERIFY(feed.start());
    QTRY_VERIFY_WITH_TIMEOUT(delays.size() >= 8, 10'000);
    const qint64 elapsed = clock.elapsed();

    // 50 ms doubling to the 400 ms cap, each half fixed and half random.
    const std::chrono::milliseconds bounds[][2] = {
            {25ms, 50ms}, {50ms, 100ms}, {100ms, 200ms}, {200ms, 400ms}, {200ms, 400ms}};
    for (qsizetype i = 0; i < delays.size(); ++i) {
        const auto &bound = bounds[std::min<qsizetype>(i, 4)];
        QVERIFY2(delays[i] >= bound[0] && delays[i] <= bound[1],
                 qPrintable(QStringLiteral("delay %1: %2 ms").arg(i).arg(delays[i].count())));
    }
    // No busy loop: eight attempts against a refusing port took at least their waits.
    std::chrono::milliseconds waited{0};
    for (qsizetype i = 0; i < 7; ++i)
        waited += delays[i];
    QVERIFY2(elapsed >= waited.count(), qPrintable(QString::number(elapsed)));

    // The server comes back: the feed connects, and once healthy its backoff starts over.
    QSignalSpy connected(&feed, &FeedConnection::connected);
    m_server->close();
    QVERIFY(m_server->listen(port));
    QVERIFY(connected.wait(5000));
    QTest::qWait(300);
    delays.clear();
    m_server->socket(m_server->connections() - 1)->close();
    QTRY_COMPARE_WITH_TIMEOUT(delays.size(), 1, 2000);
    QVERIFY(delays.first() <= 50ms);
}

void tst_FeedConnection::stopStopsEverything()
{
    FeedConnection feed(testOptions(m_server->port()));
    QSignalSpy connected(&feed, &FeedConnection::connected);
    QSignalSpy disconnected(&feed, &FeedConnection::disconnected);
    QVERIFY(feed.start());
    QVERIFY(connected.wait(5000));

    feed.stop();
    QCOMPARE(feed.state(), State::Stopped);
    QCOMPARE(disconnected.size(), 1);
    QCOMPARE(disconnected.first().first().toString(), QStringLiteral("stopped"));
    QTRY_VERIFY(!m_server->isOpen(0));

    // Nothing comes back on its own, also when stopped while waiting to retry.
    m_server->close();
    QSignalSpy states(&feed, &FeedConnection::stateChanged);
    QVERIFY(feed.start());
    QTRY_COMPARE_WITH_TIMEOUT(feed.state(), State::Waiting, 2000);
    feed.stop();
    states.clear();
    QTest::qWait(500);
    QCOMPARE(states.size(), 0);
    QCOMPARE(m_server->connections(), 1);
    QCOMPARE(feed.state(), State::Stopped);
}

namespace {

QStringList params(const QJsonObject &request)
{
    QStringList names;
    for (const QJsonValue &value : request[u"params"].toArray())
        names.append(value.toString());
    return names;
}

} // namespace

void tst_FeedConnection::streamsChangeOnTheOpenSocket()
{
    FeedConnection feed(testOptions(m_server->port()));
    QSignalSpy connected(&feed, &FeedConnection::connected);
    QSignalSpy disconnected(&feed, &FeedConnection::disconnected);
    QVERIFY(feed.start());
    QVERIFY(connected.wait(5000));

    // Binance's live requests on the same socket, the second after a pause.
    feed.addStreams({QStringLiteral("ETHBTC@trade"), QStringLiteral("blzeth@bookTicker")});
    feed.removeStreams({QStringLiteral("blzeth@bookTicker")});
    QTRY_COMPARE_WITH_TIMEOUT(m_server->requests.size(), 2, 5000);
    const QJsonObject subscribe = m_server->requests[0];
    const QJsonObject unsubscribe = m_server->requests[1];
    QCOMPARE(subscribe[u"method"].toString(), QStringLiteral("SUBSCRIBE"));
    QCOMPARE(params(subscribe), QStringList{QStringLiteral("ethbtc@trade")});
    QCOMPARE(unsubscribe[u"method"].toString(), QStringLiteral("UNSUBSCRIBE"));
    QCOMPARE(params(unsubscribe), QStringList{QStringLiteral("blzeth@bookTicker")});
    QVERIFY(subscribe[u"id"].toInt() != unsubscribe[u"id"].toInt());
    QCOMPARE(m_server->connections(), 1);
    QCOMPARE(disconnected.size(), 0);

    // A reconnect asks for the new list in its URL and needs no request.
    m_server->socket(0)->close();
    QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 2, 5000);
    const QString query = m_server->requestUrls[1].query();
    QVERIFY2(query.contains(QLatin1String("ethbtc@trade")), qPrintable(query));
    QVERIFY2(!query.contains(QLatin1String("blzeth")), qPrintable(query));
    QTest::qWait(600);
    QCOMPARE(m_server->requests.size(), 2);
}

void tst_FeedConnection::streamsChangedWhileConnectingAreSentOnConnect()
{
    FeedConnection feed(testOptions(m_server->port()));
    QSignalSpy connected(&feed, &FeedConnection::connected);
    QVERIFY(feed.start());
    QCOMPARE(feed.state(), State::Connecting);
    feed.removeStreams({QStringLiteral("LRCBTC@kline_1M")});
    QVERIFY(connected.wait(5000));

    // The socket was opened with the old list, so the change follows as a request.
    QVERIFY(m_server->requestUrls[0].query().contains(QLatin1String("lrcbtc@kline_1M")));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->requests.size(), 1, 5000);
    QCOMPARE(m_server->requests[0][u"method"].toString(), QStringLiteral("UNSUBSCRIBE"));
    QCOMPARE(params(m_server->requests[0]), QStringList{QStringLiteral("lrcbtc@kline_1M")});
}

QTEST_GUILESS_MAIN(tst_FeedConnection)
#include "tst_feedconnection.moc"
