#include "snapshotfetcher.h"

#include <QElapsedTimer>
#include <QFile>
#include <QNetworkProxy>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

using md::Market;
using md::SnapshotFetcher;
using State = md::SnapshotFetcher::State;

namespace {

using namespace std::chrono_literals;

const QString recordingPath =
        QStringLiteral(MD_TEST_DATA_DIR "/binance/cryptofeed/spot-2021-10-12-4symbols.http.txt");

// The body of the first snapshot in a cryptofeed HTTP recording: "<url> -> <time>: <body>".
QByteArray recordedSnapshot()
{
    QFile file(recordingPath);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray line = file.readLine().trimmed();
    const qsizetype arrow = line.indexOf(" -> ");
    const qsizetype separator = line.indexOf(": ", arrow);
    return arrow < 0 || separator < 0 ? QByteArray() : line.mid(separator + 2);
}

QByteArray httpResponse(int status, const QByteArray &body,
                        const QList<std::pair<QByteArray, QByteArray>> &headers = {})
{
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + " Status\r\n" +
                          "Content-Type: application/json;charset=UTF-8\r\n" +
                          "Content-Length: " + QByteArray::number(body.size()) + "\r\n" +
                          "Connection: close\r\n";
    for (const auto &[name, value] : headers)
        response += name + ": " + value + "\r\n";
    return response + "\r\n" + body;
}

// A minimal HTTP/1.1 server on loopback: one request per connection, answered by `responder`
// from the request target and the request's index. An empty answer leaves the request hanging;
// the answer "close" closes the connection without one.
class TestHttpServer : public QObject
{
public:
    using Responder = std::function<QByteArray(const QByteArray &target, int index)>;

    TestHttpServer()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
            }
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    QUrl url() const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()));
    }

    Responder responder = [](const QByteArray &, int) { return httpResponse(200, "{}"); };
    QList<QByteArray> targets;
    QList<qint64> times; // ms on `clock` when each request arrived
    QElapsedTimer clock;

private:
    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        if (!buffer.contains("\r\n\r\n") || socket->property("answered").toBool())
            return;
        socket->setProperty("answered", true);

        const QList<QByteArray> requestLine = buffer.left(buffer.indexOf("\r\n")).split(' ');
        const QByteArray target = requestLine.value(1);
        targets.append(target);
        times.append(clock.elapsed());
        const QByteArray answer = responder(target, int(targets.size() - 1));
        if (answer == "close") {
            socket->abort();
        } else if (answer == "trickle") {
            socket->write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n{");
            auto *drip = new QTimer(socket);
            connect(drip, &QTimer::timeout, socket, [socket] { socket->write(" "); });
            drip->start(50);
        } else if (!answer.isEmpty()) {
            socket->write(answer);
            socket->disconnectFromHost();
        }
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace

class tst_SnapshotFetcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void requestWeight_data();
    void requestWeight();
    void invalidOptions();
    void fetches_data();
    void fetches();
    void rateLimitPausesEverything_data();
    void rateLimitPausesEverything();
    void clientErrorFailsOnce();
    void absurdRetryAfterIsCapped();
    void retriesTransientFailures_data();
    void retriesTransientFailures();
    void staggersRequests();
    void bookWaitingGoesBeforeBackground();
    void scheduleWithinBudget();
    void usedWeightHeader_data();
    void usedWeightHeader();
    void dedupAndCancel();

private:
    SnapshotFetcher::Options options() const;

    std::unique_ptr<TestHttpServer> m_server;
};

void tst_SnapshotFetcher::initTestCase()
{
    // A proxy from the environment must not stand between the test and its own server.
    QNetworkProxy::setApplicationProxy(QNetworkProxy::NoProxy);
    QVERIFY2(!recordedSnapshot().isEmpty(), qPrintable(recordingPath));
}

void tst_SnapshotFetcher::init()
{
    m_server = std::make_unique<TestHttpServer>();
    QVERIFY(m_server->listen());
    m_server->clock.start();
}

void tst_SnapshotFetcher::cleanup()
{
    m_server.reset();
}

// Spot, limit 1000 (weight 50), and a budget so large that spacing is 10 ms.
SnapshotFetcher::Options tst_SnapshotFetcher::options() const
{
    SnapshotFetcher::Options options;
    options.restBase = m_server->url();
    options.market = Market::Spot;
    options.depthLimit = 1000;
    options.weightBudgetPerMinute = 600'000;
    options.retryMin = 100ms;
    options.retryMax = 400ms;
    options.timeout = 500ms;
    return options;
}

void tst_SnapshotFetcher::requestWeight_data()
{
    QTest::addColumn<Market>("market");
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("weight");

    QTest::newRow("spot 1") << Market::Spot << 1 << 5;
    QTest::newRow("spot 100") << Market::Spot << 100 << 5;
    QTest::newRow("spot 101") << Market::Spot << 101 << 25;
    QTest::newRow("spot 500") << Market::Spot << 500 << 25;
    QTest::newRow("spot 1000") << Market::Spot << 1000 << 50;
    QTest::newRow("spot 5000") << Market::Spot << 5000 << 250;
    QTest::newRow("spot 5001") << Market::Spot << 5001 << 0;
    QTest::newRow("spot 0") << Market::Spot << 0 << 0;
    QTest::newRow("usdm 5") << Market::UsdM << 5 << 2;
    QTest::newRow("usdm 50") << Market::UsdM << 50 << 2;
    QTest::newRow("usdm 100") << Market::UsdM << 100 << 5;
    QTest::newRow("usdm 500") << Market::UsdM << 500 << 10;
    QTest::newRow("usdm 1000") << Market::UsdM << 1000 << 20;
    QTest::newRow("usdm 5000") << Market::UsdM << 5000 << 0;
}

void tst_SnapshotFetcher::requestWeight()
{
    QFETCH(Market, market);
    QFETCH(int, limit);
    QFETCH(int, weight);

    QCOMPARE(SnapshotFetcher::requestWeight(market, limit), weight);
}

void tst_SnapshotFetcher::invalidOptions()
{
    SnapshotFetcher::Options bad = options();
    bad.market = Market::UsdM;
    bad.depthLimit = 5000;
    SnapshotFetcher fetcher(bad);
    QVERIFY(!fetcher.isValid());
    QCOMPARE(fetcher.state(), State::Invalid);
    QVERIFY2(fetcher.errorString().contains(QLatin1String("5000")),
             qPrintable(fetcher.errorString()));

    QSignalSpy failed(&fetcher, &SnapshotFetcher::snapshotFailed);
    fetcher.request(QStringLiteral("BTCUSDT"));
    QVERIFY(failed.wait(2000));
    QCOMPARE(failed.first().first().toString(), QStringLiteral("BTCUSDT"));
    QVERIFY(m_server->targets.isEmpty());
}

void tst_SnapshotFetcher::fetches_data()
{
    QTest::addColumn<Market>("market");
    QTest::addColumn<int>("limit");
    QTest::addColumn<QByteArray>("expectedTarget");

    QTest::newRow("spot") << Market::Spot << 1000
                          << QByteArrayLiteral("/api/v3/depth?symbol=NKNUSDT&limit=1000");
    QTest::newRow("usdm") << Market::UsdM << 500
                          << QByteArrayLiteral("/fapi/v1/depth?symbol=NKNUSDT&limit=500");
}

void tst_SnapshotFetcher::fetches()
{
    QFETCH(Market, market);
    QFETCH(int, limit);
    QFETCH(QByteArray, expectedTarget);

    const QByteArray body = recordedSnapshot();
    m_server->responder = [&](const QByteArray &, int) { return httpResponse(200, body); };
    SnapshotFetcher::Options fetchOptions = options();
    fetchOptions.market = market;
    fetchOptions.depthLimit = limit;
    SnapshotFetcher fetcher(fetchOptions);
    QSignalSpy ready(&fetcher, &SnapshotFetcher::snapshotReady);
    QSignalSpy received(&fetcher, &SnapshotFetcher::bodyReceived);

    fetcher.request(QStringLiteral("nknusdt"));
    QCOMPARE(fetcher.state(), State::Fetching);
    QVERIFY(ready.wait(5000));
    QCOMPARE(ready.first().at(0).toString(), QStringLiteral("NKNUSDT"));
    QCOMPARE(ready.first().at(1).toByteArray(), body);
    QCOMPARE(m_server->targets, QList<QByteArray>{expectedTarget});
    // For the recorder: the same body, with the URL it was asked for.
    QCOMPARE(received.size(), 1);
    QCOMPARE(received.first().at(0).toUrl().toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority),
             expectedTarget);
    QCOMPARE(received.first().at(1).toByteArray(), body);
    QCOMPARE(fetcher.counters().requests, 1u);
    QCOMPARE(fetcher.state(), State::Idle);
    QCOMPARE(fetcher.usedWeight(), SnapshotFetcher::requestWeight(market, limit));

    // Once answered, the same symbol may be asked for again.
    fetcher.request(QStringLiteral("NKNUSDT"));
    QVERIFY(ready.wait(5000));
    QCOMPARE(m_server->targets.size(), 2);
}

void tst_SnapshotFetcher::rateLimitPausesEverything_data()
{
    QTest::addColumn<int>("status");

    QTest::newRow("429 too many requests") << 429;
    QTest::newRow("418 IP banned") << 418;
}

void tst_SnapshotFetcher::rateLimitPausesEverything()
{
    QFETCH(int, status);

    m_server->responder = [status](const QByteArray &, int index) {
        if (index == 0)
            return httpResponse(status, "{\"code\":-1003}", {{"Retry-After", "1"}});
        return httpResponse(200, "{\"lastUpdateId\":1,\"bids\":[],\"asks\":[]}");
    };
    SnapshotFetcher fetcher(options());
    QSignalSpy ready(&fetcher, &SnapshotFetcher::snapshotReady);
    QSignalSpy failed(&fetcher, &SnapshotFetcher::snapshotFailed);

    fetcher.request(QStringLiteral("AAAUSDT"));
    QTRY_COMPARE_WITH_TIMEOUT(fetcher.counters().rateLimited, 1u, 5000);
    QCOMPARE(fetcher.state(), State::Paused);
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now().time_since_epoch())
                             .count();
    QVERIFY(fetcher.pausedUntil() > now + 800 && fetcher.pausedUntil() <= now + 1000);

    // The pause holds back every symbol, not only the one that was refused.
    fetcher.request(QStringLiteral("BBBUSDT"));
    QVERIFY(fetcher.nextRequestIn() > 800ms);
    QCOMPARE(fetcher.queueLength(), 2);

    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 2, 5000);
    QCOMPARE(ready.at(0).at(0).toString(), QStringLiteral("AAAUSDT"));
    QCOMPARE(ready.at(1).at(0).toString(), QStringLiteral("BBBUSDT"));
    QCOMPARE(m_server->targets.size(), 3);
    QVERIFY2(m_server->times[1] - m_server->times[0] >= 900,
             qPrintable(QString::number(m_server->times[1] - m_server->times[0])));
    QCOMPARE(fetcher.counters().retries, 1u);
    QCOMPARE(fetcher.counters().failures, 0u);
    QCOMPARE(failed.size(), 0);
    QCOMPARE(fetcher.state(), State::Idle);
}

void tst_SnapshotFetcher::absurdRetryAfterIsCapped()
{
    // Binance bans for three days at most; fifty years would also overflow a timer.
    m_server->responder = [](const QByteArray &, int) {
        return httpResponse(418, "{\"code\":-1003}", {{"Retry-After", "1576800000"}});
    };
    SnapshotFetcher fetcher(options());
    fetcher.request(QStringLiteral("AAAUSDT"));
    QTRY_COMPARE_WITH_TIMEOUT(fetcher.counters().rateLimited, 1u, 5000);
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now().time_since_epoch())
                             .count();
    const qint64 threeDaysMs = 3LL * 24 * 3600 * 1000;
    QVERIFY(fetcher.pausedUntil() > now + threeDaysMs - 5000);
    QVERIFY(fetcher.pausedUntil() <= now + threeDaysMs);
}

void tst_SnapshotFetcher::clientErrorFailsOnce()
{
    m_server->responder = [](const QByteArray &, int) {
        return httpResponse(400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
    };
    SnapshotFetcher fetcher(options());
    QSignalSpy ready(&fetcher, &SnapshotFetcher::snapshotReady);
    QSignalSpy failed(&fetcher, &SnapshotFetcher::snapshotFailed);

    fetcher.request(QStringLiteral("NOSUCHSYMBOL"));
    QVERIFY(failed.wait(5000));
    QCOMPARE(failed.first().at(0).toString(), QStringLiteral("NOSUCHSYMBOL"));
    const QString reason = failed.first().at(1).toString();
    QVERIFY2(reason.contains(QLatin1String("400")) && reason.contains(QLatin1String("Invalid")),
             qPrintable(reason));

    // No retry loop: the request is not sent again.
    QTest::qWait(600);
    QCOMPARE(m_server->targets.size(), 1);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(ready.size(), 0);
    QCOMPARE(fetcher.counters().failures, 1u);
    QCOMPARE(fetcher.counters().retries, 0u);
    QCOMPARE(fetcher.state(), State::Idle);
}

void tst_SnapshotFetcher::retriesTransientFailures_data()
{
    QTest::addColumn<QByteArray>("firstAnswer");
    QTest::addColumn<int>("times");
    QTest::addColumn<QString>("expectedReason");

    QTest::newRow("503") << httpResponse(503, "busy") << 1 << QStringLiteral("503");
    QTest::newRow("timeout") << QByteArray() << 1 << QStringLiteral("no complete answer within");
    // A byte at a time keeps Qt's transfer timeout from firing; the whole answer has a deadline.
    QTest::newRow("trickle") << QByteArrayLiteral("trickle") << 1
                             << QStringLiteral("no complete answer within");
    // QNetworkAccessManager itself resends a GET once when the connection closes unanswered.
    QTest::newRow("connection closed")
            << QByteArrayLiteral("close") << 2 << QStringLiteral("closed");
    QTest::newRow("too large") << QByteArrayLiteral("HTTP/1.1 200 OK\r\nContent-Length: 20000000"
                                                    "\r\nConnection: close\r\n\r\n{\"lastUpd")
                               << 1 << QStringLiteral("larger than");
}

void tst_SnapshotFetcher::retriesTransientFailures()
{
    QFETCH(QByteArray, firstAnswer);
    QFETCH(int, times);
    QFETCH(QString, expectedReason);

    const QByteArray body = recordedSnapshot();
    m_server->responder = [&](const QByteArray &, int index) {
        return index < times ? firstAnswer : httpResponse(200, body);
    };
    SnapshotFetcher fetcher(options());
    QSignalSpy ready(&fetcher, &SnapshotFetcher::snapshotReady);
    QSignalSpy failed(&fetcher, &SnapshotFetcher::snapshotFailed);

    fetcher.request(QStringLiteral("NKNUSDT"));
    QTRY_COMPARE_WITH_TIMEOUT(fetcher.counters().failures, 1u, 5000);
    QVERIFY2(fetcher.errorString().contains(expectedReason), qPrintable(fetcher.errorString()));
    QVERIFY(ready.wait(5000));
    QCOMPARE(ready.first().at(1).toByteArray(), body);
    QCOMPARE(m_server->targets.size(), times + 1);
    QCOMPARE(fetcher.counters().retries, 1u);
    QCOMPARE(fetcher.counters().rateLimited, 0u);
    QCOMPARE(failed.size(), 0);
}

void tst_SnapshotFetcher::staggersRequests()
{
    // 15000 of weight per minute at 50 a request: one request every 200 ms.
    SnapshotFetcher::Options fetchOptions = options();
    fetchOptions.weightBudgetPerMinute = 30'000;
    SnapshotFetcher fetcher(fetchOptions);
    QCOMPARE(fetcher.weightBudget(), 15'000);
    QSignalSpy ready(&fetcher, &SnapshotFetcher::snapshotReady);

    const QStringList symbols = {QStringLiteral("AUSDT"), QStringLiteral("BUSDT"),
                                 QStringLiteral("CUSDT"), QStringLiteral("DUSDT")};
    for (const QString &symbol : symbols)
        fetcher.request(symbol);
    QCOMPARE(m_server->targets.size(), 0); // sent by the event loop, not within request()
    QCOMPARE(fetcher.inFlight(), 1);
    QCOMPARE(fetcher.queueLength(), 3);
    QVERIFY(fetcher.nextRequestIn() > 150ms && fetcher.nextRequestIn() <= 200ms);

    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 4, 5000);
    for (qsizetype i = 0; i < symbols.size(); ++i) {
        QVERIFY(m_server->targets[i].contains(symbols[i].toLatin1()));
        if (i > 0) {
            const qint64 gap = m_server->times[i] - m_server->times[i - 1];
            QVERIFY2(gap >= 150, qPrintable(QString::number(gap)));
        }
    }
}

// A fresh recording part asks for every book in the background; a book that gaps meanwhile
// must not wait a request interval for each of them before its own resync snapshot goes.
void tst_SnapshotFetcher::bookWaitingGoesBeforeBackground()
{
    SnapshotFetcher::Options fetchOptions = options();
    fetchOptions.weightBudgetPerMinute = 30'000; // one request every 200 ms
    SnapshotFetcher fetcher(fetchOptions);
    QSignalSpy ready(&fetcher, &SnapshotFetcher::snapshotReady);

    const auto background = SnapshotFetcher::Priority::Background;
    for (const char *symbol : {"AUSDT", "BUSDT", "CUSDT", "DUSDT"})
        fetcher.request(QString::fromLatin1(symbol), background);
    fetcher.request(QStringLiteral("DUSDT")); // queued in the background: a book now waits on it
    fetcher.request(QStringLiteral("EUSDT"));
    fetcher.request(QStringLiteral("EUSDT"), background); // stays ahead of the background

    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 5, 5000);
    QStringList order;
    for (const QList<QVariant> &signal : std::as_const(ready))
        order << signal.at(0).toString();
    QCOMPARE(order,
             QStringList({QStringLiteral("AUSDT"), QStringLiteral("DUSDT"), QStringLiteral("EUSDT"),
                          QStringLiteral("BUSDT"), QStringLiteral("CUSDT")}));
}

void tst_SnapshotFetcher::scheduleWithinBudget()
{
    // 100 of weight per minute at 50 a request: two a minute, 30 s apart.
    SnapshotFetcher::Options fetchOptions = options();
    fetchOptions.weightBudgetPerMinute = 200;
    SnapshotFetcher fetcher(fetchOptions);
    QCOMPARE(fetcher.weightBudget(), 100);
    QSignalSpy ready(&fetcher, &SnapshotFetcher::snapshotReady);

    fetcher.request(QStringLiteral("AUSDT"));
    fetcher.request(QStringLiteral("BUSDT"));
    QVERIFY(ready.wait(5000));
    QCOMPARE(fetcher.usedWeight(), 50);
    QCOMPARE(fetcher.queueLength(), 1);
    QVERIFY(fetcher.nextRequestIn() > 29s && fetcher.nextRequestIn() <= 30s);
    QTest::qWait(300);
    QCOMPARE(m_server->targets.size(), 1);
}

void tst_SnapshotFetcher::usedWeightHeader_data()
{
    QTest::addColumn<QByteArray>("reported");
    QTest::addColumn<int>("expectedUsed");
    QTest::addColumn<bool>("held");

    // Budget 3000 (half of spot's 6000) at weight 50: others on the IP spent most of it.
    QTest::newRow("busy IP") << QByteArrayLiteral("2960") << 2960 << true;
    QTest::newRow("quiet IP") << QByteArrayLiteral("120") << 120 << false;
    QTest::newRow("below our own count") << QByteArrayLiteral("10") << 50 << false;
}

void tst_SnapshotFetcher::usedWeightHeader()
{
    QFETCH(QByteArray, reported);
    QFETCH(int, expectedUsed);
    QFETCH(bool, held);

    m_server->responder = [&](const QByteArray &, int) {
        return httpResponse(200, "{}", {{"X-MBX-USED-WEIGHT-1M", reported}});
    };
    SnapshotFetcher::Options fetchOptions = options();
    fetchOptions.weightBudgetPerMinute = 0; // spot's own: 6000
    SnapshotFetcher fetcher(fetchOptions);
    QCOMPARE(fetcher.weightBudget(), 3000);
    QSignalSpy ready(&fetcher, &SnapshotFetcher::snapshotReady);

    fetcher.request(QStringLiteral("AUSDT"));
    QVERIFY(ready.wait(5000));
    QCOMPARE(fetcher.usedWeight(), expectedUsed);

    // With 2960 spent, one more request of 50 would pass 3000: it waits until the report
    // or our own request leaves the minute. Otherwise only the 1 s spacing applies.
    fetcher.request(QStringLiteral("BUSDT"));
    if (held)
        QVERIFY(fetcher.nextRequestIn() > 55s && fetcher.nextRequestIn() <= 60s);
    else
        QVERIFY(fetcher.nextRequestIn() <= 1s);
}

void tst_SnapshotFetcher::dedupAndCancel()
{
    m_server->responder = [](const QByteArray &, int) { return QByteArray(); }; // never answers
    SnapshotFetcher::Options fetchOptions = options();
    fetchOptions.weightBudgetPerMinute = 200; // 30 s apart, so the second symbol stays queued
    fetchOptions.timeout = 10s;
    SnapshotFetcher fetcher(fetchOptions);
    QSignalSpy ready(&fetcher, &SnapshotFetcher::snapshotReady);
    QSignalSpy failed(&fetcher, &SnapshotFetcher::snapshotFailed);

    fetcher.request(QStringLiteral("AUSDT"));
    fetcher.request(QStringLiteral("ausdt")); // in flight already
    fetcher.request(QStringLiteral("BUSDT"));
    fetcher.request(QStringLiteral("BUSDT")); // queued already
    QCOMPARE(fetcher.inFlight(), 1);
    QCOMPARE(fetcher.queueLength(), 1);
    QTRY_COMPARE(m_server->targets.size(), 1);

    fetcher.cancel(QStringLiteral("BUSDT"));
    QCOMPARE(fetcher.queueLength(), 0);
    fetcher.cancel(QStringLiteral("AUSDT"));
    QCOMPARE(fetcher.inFlight(), 0);
    QCOMPARE(fetcher.state(), State::Idle);

    QTest::qWait(300);
    QCOMPARE(m_server->targets.size(), 1);
    QCOMPARE(ready.size(), 0);
    QCOMPARE(failed.size(), 0);
    QCOMPARE(fetcher.counters().requests, 1u);
}

QTEST_GUILESS_MAIN(tst_SnapshotFetcher)
#include "tst_snapshotfetcher.moc"
