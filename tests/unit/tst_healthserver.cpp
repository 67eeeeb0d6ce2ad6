#include "healthserver.h"
#include "prometheustext.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <ctime>
#include <memory>

using md::HealthServer;
using md::HttpReply;
using md::HttpRequestInfo;
using Rejection = md::HealthServer::Rejection;

namespace {

using namespace std::chrono_literals;

constexpr HealthServer::Limits testLimits{4, 1024, 300ms};

// A raw client for what QNetworkAccessManager will not send. Only non-blocking waits: the server
// runs on this same thread.
struct RawClient
{
    QTcpSocket socket;
    QByteArray received;

    bool connectTo(quint16 port)
    {
        socket.connectToHost(QHostAddress::LocalHost, port);
        return QTest::qWaitFor([this] { return socket.state() == QAbstractSocket::ConnectedState; },
                               2000);
    }

    // Waits until the server closes the connection; false when it is still open at the timeout.
    bool waitClosed(int timeoutMs)
    {
        const bool closed = QTest::qWaitFor(
                [this] {
                    received += socket.readAll();
                    return socket.state() == QAbstractSocket::UnconnectedState;
                },
                timeoutMs);
        received += socket.readAll();
        return closed;
    }

    bool waitReceived(QByteArrayView marker, int timeoutMs)
    {
        return QTest::qWaitFor(
                [&] {
                    received += socket.readAll();
                    return received.contains(marker);
                },
                timeoutMs);
    }
};

} // namespace

class tst_HealthServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void routes_data();
    void routes();
    void headKeepsConnectionInStep_data();
    void headKeepsConnectionInStep();
    void query();
    void portTaken();
    void anyPort();
    void badHost();
    void requestSize_data();
    void requestSize();
    void pipelinedRequestsEachWithinTheLimit();
    void clientReadingNoRepliesIsCut();
    void slowClient_data();
    void slowClient();
    void idleKeepAliveClosedQuietly();
    void connectionLimit();
    void malformed_data();
    void malformed();
    void metrics();

private:
    void startServer(HealthServer::Limits limits);
    QNetworkReply *send(const QByteArray &method, const QString &path);

    std::unique_ptr<HealthServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    HttpRequestInfo m_lastRequest;
};

void tst_HealthServer::init()
{
    m_network = std::make_unique<QNetworkAccessManager>();
    m_network->setProxy(QNetworkProxy::NoProxy);
    startServer(testLimits);
}

void tst_HealthServer::cleanup()
{
    m_network.reset();
    m_server.reset();
}

void tst_HealthServer::startServer(HealthServer::Limits limits)
{
    m_server = std::make_unique<HealthServer>(limits);
    m_server->addRoute(QStringLiteral("/health"), [](const HttpRequestInfo &) {
        return HttpReply{200, "application/json", "{\"status\":\"ok\"}"};
    });
    m_server->addRoute(QStringLiteral("/snapshot/"), [this](const HttpRequestInfo &request) {
        m_lastRequest = request;
        return HttpReply{200, "text/plain", "snapshot " + request.path.toUtf8()};
    });
    m_server->addRoute(QStringLiteral("/snapshot/special/"), [](const HttpRequestInfo &) {
        return HttpReply{200, "text/plain", "special"};
    });
    m_server->addRoute(QStringLiteral("/odd"), [](const HttpRequestInfo &) {
        return HttpReply{299, "text/plain", "odd"};
    });
    QVERIFY2(m_server->listen(QStringLiteral("127.0.0.1"), 0), qPrintable(m_server->errorString()));
}

QNetworkReply *tst_HealthServer::send(const QByteArray &method, const QString &path)
{
    QUrl url(QStringLiteral("http://127.0.0.1") + path);
    url.setPort(m_server->serverPort());
    // Sent as a custom verb, HEAD would leave QNetworkAccessManager waiting for a body that a
    // reply to HEAD never has, until the server closed the idle connection.
    if (method == "HEAD")
        return m_network->head(QNetworkRequest(url));
    return m_network->sendCustomRequest(QNetworkRequest(url), method);
}

void tst_HealthServer::routes_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");

    QTest::newRow("exact route") << QByteArray("GET") << QStringLiteral("/health") << 200
                                 << QByteArray("application/json")
                                 << QByteArray("{\"status\":\"ok\"}");
    QTest::newRow("below an exact route") << QByteArray("GET") << QStringLiteral("/health/x") << 404
                                          << QByteArray() << QByteArray();
    QTest::newRow("prefix route") << QByteArray("GET") << QStringLiteral("/snapshot/BTCUSDT") << 200
                                  << QByteArray("text/plain")
                                  << QByteArray("snapshot /snapshot/BTCUSDT");
    QTest::newRow("longest prefix wins")
            << QByteArray("GET") << QStringLiteral("/snapshot/special/ETHUSDT") << 200
            << QByteArray("text/plain") << QByteArray("special");
    QTest::newRow("prefix without its slash") << QByteArray("GET") << QStringLiteral("/snapshotX")
                                              << 404 << QByteArray() << QByteArray();
    QTest::newRow("unknown path") << QByteArray("GET") << QStringLiteral("/metricz") << 404
                                  << QByteArray() << QByteArray();
    QTest::newRow("root") << QByteArray("GET") << QStringLiteral("/") << 404 << QByteArray()
                          << QByteArray();
    QTest::newRow("post") << QByteArray("POST") << QStringLiteral("/health") << 405 << QByteArray()
                          << QByteArray();
    QTest::newRow("delete unknown path") << QByteArray("DELETE") << QStringLiteral("/nothing")
                                         << 405 << QByteArray() << QByteArray();
    QTest::newRow("head") << QByteArray("HEAD") << QStringLiteral("/health") << 200
                          << QByteArray("application/json") << QByteArray();
    QTest::newRow("head of unknown path") << QByteArray("HEAD") << QStringLiteral("/nothing") << 404
                                          << QByteArray() << QByteArray();
    QTest::newRow("status the responder cannot write")
            << QByteArray("GET") << QStringLiteral("/odd") << 500 << QByteArray("text/plain")
            << QByteArray("odd");
}

void tst_HealthServer::routes()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);

    std::unique_ptr<QNetworkReply> reply(send(method, path));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    QVERIFY(finished.wait(3000));

    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), status);
    if (!contentType.isEmpty())
        QCOMPARE(reply->rawHeader("Content-Type"), contentType);
    if (!body.isEmpty())
        QCOMPARE(reply->readAll(), body);
    if (status == 405)
        QCOMPARE(reply->rawHeader("Allow"), QByteArray("GET, HEAD"));
    QCOMPARE(m_server->counters().requests, quint64(1));
}

void tst_HealthServer::headKeepsConnectionInStep_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("statusLine");
    QTest::addColumn<QByteArray>("contentLength");

    QTest::newRow("route") << QStringLiteral("/health") << QByteArray("HTTP/1.1 200")
                           << QByteArray("Content-Length: 15\r\n");
    QTest::newRow("unknown path") << QStringLiteral("/nothing") << QByteArray("HTTP/1.1 404")
                                  << QByteArray("Content-Length: 10\r\n");
}

// A reply to HEAD carries no body: a client reads the next reply right after the headers, so
// a body there would be taken for the start of the next reply on the same connection.
void tst_HealthServer::headKeepsConnectionInStep()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, statusLine);
    QFETCH(QByteArray, contentLength);

    RawClient client;
    QVERIFY(client.connectTo(m_server->serverPort()));
    client.socket.write("HEAD " + path.toLatin1() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY(client.waitReceived("\r\n\r\n", 2000));
    client.socket.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY(client.waitReceived("{\"status\":\"ok\"}", 2000));

    const qsizetype headEnd = client.received.indexOf("\r\n\r\n") + 4;
    const QByteArray headReply = client.received.left(headEnd);
    QVERIFY2(headReply.startsWith(statusLine), headReply.constData());
    QVERIFY2(headReply.contains(contentLength), headReply.constData());
    QVERIFY2(client.received.mid(headEnd).startsWith("HTTP/1.1 200"), client.received.constData());
    QCOMPARE(m_server->counters().requests, quint64(2));
}

void tst_HealthServer::query()
{
    std::unique_ptr<QNetworkReply> reply(
            send("GET", QStringLiteral("/snapshot/ETHUSDT?depth=5&format=json")));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    QVERIFY(finished.wait(3000));

    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(m_lastRequest.method, QByteArray("GET"));
    QCOMPARE(m_lastRequest.path, QStringLiteral("/snapshot/ETHUSDT"));
    QCOMPARE(m_lastRequest.query.queryItemValue(QStringLiteral("depth")), QStringLiteral("5"));
    QCOMPARE(m_lastRequest.query.queryItemValue(QStringLiteral("format")), QStringLiteral("json"));
}

void tst_HealthServer::portTaken()
{
    QTcpServer holder;
    QVERIFY(holder.listen(QHostAddress::LocalHost, 0));
    const quint16 port = holder.serverPort();

    HealthServer server(testLimits);
    QSignalSpy errors(&server, &HealthServer::errorOccurred);
    QVERIFY(!server.listen(QStringLiteral("127.0.0.1"), port));

    QCOMPARE(server.errorString(),
             QStringLiteral("cannot listen on 127.0.0.1:%1: address already in use; set "
                            "health.port in the config or pass --health-port")
                     .arg(port));
    QCOMPARE(server.state(), HealthServer::State::Failed);
    QCOMPARE(server.serverPort(), quint16(0));
    QCOMPARE(errors.count(), 1);

    // Nothing retries behind the caller's back: no further error, and the process stays idle.
    const std::clock_t cpuBefore = std::clock();
    QVERIFY(!errors.wait(300));
    const double cpuMs = double(std::clock() - cpuBefore) * 1000.0 / CLOCKS_PER_SEC;
    QVERIFY2(cpuMs < 100, qPrintable(QString::number(cpuMs)));
    QCOMPARE(server.state(), HealthServer::State::Failed);
}

void tst_HealthServer::anyPort()
{
    HealthServer server(testLimits);
    QSignalSpy states(&server, &HealthServer::stateChanged);

    QVERIFY(server.listen(QStringLiteral("localhost"), 0));
    QVERIFY(server.serverPort() != 0);
    QCOMPARE(server.state(), HealthServer::State::Listening);
    QCOMPARE(states.count(), 1);

    server.close();
    QCOMPARE(server.state(), HealthServer::State::Idle);
    QCOMPARE(server.serverPort(), quint16(0));
}

void tst_HealthServer::badHost()
{
    HealthServer server(testLimits);

    QVERIFY(!server.listen(QStringLiteral("example.org"), 8081));
    QVERIFY2(server.errorString().startsWith(QLatin1String("cannot listen on example.org:8081: ")),
             qPrintable(server.errorString()));
    QVERIFY(server.errorString().contains(QLatin1String("health.host")));
}

void tst_HealthServer::requestSize_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<bool>("refused");

    const QByteArray head = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    QTest::newRow("within the limit") << head + "X-Pad: " + QByteArray(800, 'a') + "\r\n\r\n"
                                      << false;
    QTest::newRow("one long header") << head + "X-Pad: " + QByteArray(4000, 'a') + "\r\n\r\n"
                                     << true;
    QTest::newRow("many headers") << head + QByteArray("X-Pad: a\r\n").repeated(200) + "\r\n"
                                  << true;
    QTest::newRow("large body") << QByteArray("POST /health HTTP/1.1\r\nHost: "
                                              "127.0.0.1\r\nContent-Length: 200000\r\n\r\n") +
                                           QByteArray(200'000, 'b')
                                << true;
    QTest::newRow("headers without end") << head + QByteArray(300'000, 'c') << true;
}

void tst_HealthServer::requestSize()
{
    QFETCH(QByteArray, request);
    QFETCH(bool, refused);

    RawClient client;
    QVERIFY(client.connectTo(m_server->serverPort()));
    client.socket.write(request);

    if (!refused) {
        QVERIFY(client.waitReceived("{\"status\":\"ok\"}", 3000));
        QVERIFY(client.received.startsWith("HTTP/1.1 200"));
        QCOMPARE(m_server->counters().rejectedFor(Rejection::TooLarge), quint64(0));
        return;
    }
    // The 413 may be lost when the kernel resets a connection whose input was not all read;
    // the connection must be closed either way, long before the request timeout.
    QVERIFY(client.waitClosed(250));
    QVERIFY2(client.received.isEmpty() || client.received.startsWith("HTTP/1.1 413"),
             client.received.left(200).constData());
    QCOMPARE(m_server->counters().rejectedFor(Rejection::TooLarge), quint64(1));
    QCOMPARE(m_server->counters().requests, quint64(0));
}

// A pipeline of small requests sent at once: the HTTP server answers one at a time and leaves
// the rest in the socket, and counting them again at each turn made the batch "too large".
void tst_HealthServer::pipelinedRequestsEachWithinTheLimit()
{
    startServer({4, 8192, 2000ms});
    const QByteArray request = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    constexpr int Requests = 150;
    QVERIFY(request.size() * Requests < 8192);

    RawClient client;
    QVERIFY(client.connectTo(m_server->serverPort()));
    client.socket.write(request.repeated(Requests));
    QVERIFY(QTest::qWaitFor(
            [&client] {
                client.received += client.socket.readAll();
                return client.received.count("HTTP/1.1 ") == Requests ||
                       client.socket.state() == QAbstractSocket::UnconnectedState;
            },
            5000));
    QCOMPARE(client.received.count("HTTP/1.1 200"), Requests);
    QCOMPARE(m_server->counters().rejectedFor(Rejection::TooLarge), quint64(0));
    QCOMPARE(m_server->counters().requests, quint64(Requests));
}

// A pipeline of requests for large replies from a client that reads none of them: each reply
// would wait in the server's memory, so past a bound the connection is cut instead.
void tst_HealthServer::clientReadingNoRepliesIsCut()
{
    startServer({4, 8192, 10'000ms});
    const QByteArray big(256 * 1024, 'x');
    m_server->addRoute(QStringLiteral("/big"), [&big](const HttpRequestInfo &) {
        return HttpReply{200, "text/plain", big};
    });
    const QByteArray request = "GET /big HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    constexpr int Requests = 150; // 37.5 MiB of replies asked for in under 8 KiB

    RawClient client;
    client.socket.setReadBufferSize(1); // reads nothing more than the kernel holds for it
    QVERIFY(client.connectTo(m_server->serverPort()));
    client.socket.write(request.repeated(Requests));

    QTRY_COMPARE_WITH_TIMEOUT(m_server->counters().rejectedFor(Rejection::SlowReader), quint64(1),
                              5000);
    QVERIFY2(m_server->counters().requests < quint64(Requests),
             qPrintable(QString::number(m_server->counters().requests)));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->activeConnections(), 0, 3000);
}

void tst_HealthServer::slowClient_data()
{
    QTest::addColumn<QByteArray>("start");
    QTest::addColumn<bool>("trickle");

    QTest::newRow("nothing sent") << QByteArray() << false;
    QTest::newRow("partial request line") << QByteArray("GET /hea") << false;
    QTest::newRow("headers never finished")
            << QByteArray("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n") << false;
    QTest::newRow("one byte every 50 ms")
            << QByteArray("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n") << true;
}

void tst_HealthServer::slowClient()
{
    QFETCH(QByteArray, start);
    QFETCH(bool, trickle);

    RawClient client;
    QVERIFY(client.connectTo(m_server->serverPort()));
    QElapsedTimer elapsed;
    elapsed.start();
    client.socket.write(start);
    QTimer trickleTimer;
    connect(&trickleTimer, &QTimer::timeout, &client.socket,
            [&client] { client.socket.write("X"); });
    if (trickle)
        trickleTimer.start(50);

    QTRY_VERIFY_WITH_TIMEOUT(client.socket.state() == QAbstractSocket::UnconnectedState, 2000);
    QVERIFY2(elapsed.elapsed() >= 250, qPrintable(QString::number(elapsed.elapsed())));
    client.received += client.socket.readAll();
    QVERIFY(client.received.startsWith("HTTP/1.1 408"));
    QCOMPARE(m_server->counters().rejectedFor(Rejection::Timeout), quint64(1));
    QTRY_COMPARE(m_server->activeConnections(), 0);
}

void tst_HealthServer::idleKeepAliveClosedQuietly()
{
    RawClient client;
    QVERIFY(client.connectTo(m_server->serverPort()));
    client.socket.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY(client.waitReceived("{\"status\":\"ok\"}", 2000));

    // Answered, then idle past the timeout: closed, but nobody misbehaved.
    QVERIFY(client.waitClosed(2000));
    QCOMPARE(m_server->counters().rejectedFor(Rejection::Timeout), quint64(0));
    QCOMPARE(m_server->counters().requests, quint64(1));
}

void tst_HealthServer::connectionLimit()
{
    startServer({2, 1024, 5000ms});
    RawClient first;
    RawClient second;
    RawClient third;
    QVERIFY(first.connectTo(m_server->serverPort()));
    QTRY_COMPARE(m_server->activeConnections(), 1);
    QVERIFY(second.connectTo(m_server->serverPort()));
    QTRY_COMPARE(m_server->activeConnections(), 2);

    QVERIFY(third.connectTo(m_server->serverPort()));
    QVERIFY(third.waitClosed(1000));
    QVERIFY(third.received.startsWith("HTTP/1.1 503"));
    QCOMPARE(m_server->counters().rejectedFor(Rejection::ConnectionLimit), quint64(1));
    QCOMPARE(m_server->activeConnections(), 2);

    // A freed slot takes a new connection again.
    first.socket.disconnectFromHost();
    QTRY_COMPARE(m_server->activeConnections(), 1);
    RawClient fourth;
    QVERIFY(fourth.connectTo(m_server->serverPort()));
    fourth.socket.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY(fourth.waitReceived("{\"status\":\"ok\"}", 2000));
    QCOMPARE(m_server->counters().rejectedFor(Rejection::ConnectionLimit), quint64(1));
}

void tst_HealthServer::malformed_data()
{
    QTest::addColumn<QByteArray>("request");

    QTest::newRow("garbage") << QByteArray("\x01\x02\x03 nonsense\r\n\r\n");
    QTest::newRow("no version") << QByteArray("GET /health\r\n\r\n");
    QTest::newRow("method only") << QByteArray("GET\r\n\r\n");
    QTest::newRow("space in path") << QByteArray("GET /hea lth HTTP/1.1\r\n\r\n");
    QTest::newRow("bad version") << QByteArray("GET /health HTTP/x.y\r\n\r\n");
    QTest::newRow("unknown method") << QByteArray("FETCH /health HTTP/1.1\r\n\r\n");
    QTest::newRow("header without colon")
            << QByteArray("GET /health HTTP/1.1\r\nno colon here\r\n\r\n");
    QTest::newRow("nul in path") << QByteArray("GET /\0health HTTP/1.1\r\n\r\n", 26);
    QTest::newRow("negative content length")
            << QByteArray("POST /health HTTP/1.1\r\nContent-Length: -5\r\n\r\n");
    QTest::newRow("bad chunk size")
            << QByteArray("POST /health HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
}

void tst_HealthServer::malformed()
{
    QFETCH(QByteArray, request);

    startServer({4, 1024, 1000ms});
    RawClient client;
    QVERIFY(client.connectTo(m_server->serverPort()));
    client.socket.write(request);

    // Qt 6.4's parser is lenient: it answers much of this, closes the connection on a request
    // line it cannot split, and waits for more on a broken chunk, which the request timeout
    // ends. Any of these is fine; hanging or crashing is not.
    QVERIFY(QTest::qWaitFor(
            [&client] {
                client.received += client.socket.readAll();
                return client.received.startsWith("HTTP/1.1 ") ||
                       client.socket.state() == QAbstractSocket::UnconnectedState;
            },
            2000));
    const bool dropped = client.received.isEmpty();
    const bool timedOut = client.received.startsWith("HTTP/1.1 408");
    QCOMPARE(m_server->counters().rejectedFor(Rejection::Malformed), quint64(dropped ? 1 : 0));
    QCOMPARE(m_server->counters().rejectedFor(Rejection::Timeout), quint64(timedOut ? 1 : 0));

    // The server still answers a well-formed request afterwards.
    RawClient next;
    QVERIFY(next.connectTo(m_server->serverPort()));
    next.socket.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY(next.waitReceived("{\"status\":\"ok\"}", 2000));
}

void tst_HealthServer::metrics()
{
    RawClient client;
    QVERIFY(client.connectTo(m_server->serverPort()));
    client.socket.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY(client.waitReceived("{\"status\":\"ok\"}", 2000));
    RawClient slow;
    QVERIFY(slow.connectTo(m_server->serverPort()));
    QVERIFY(slow.waitClosed(2000));

    md::PrometheusText out;
    m_server->writeMetrics(out);
    const QByteArray text = out.text();

    QVERIFY2(text.contains("# TYPE md_health_requests_total counter\nmd_health_requests_total 1\n"),
             text.constData());
    QVERIFY(text.contains("md_health_rejected_requests_total{reason=\"timeout\"} 1\n"));
    QVERIFY(text.contains("md_health_rejected_requests_total{reason=\"too_large\"} 0\n"));
    QVERIFY(text.contains("md_health_rejected_requests_total{reason=\"connection_limit\"} 0\n"));
    QVERIFY(text.contains("md_health_rejected_requests_total{reason=\"malformed\"} 0\n"));
    QVERIFY(text.contains("# TYPE md_health_connections gauge\n"));
}

QTEST_GUILESS_MAIN(tst_HealthServer)
#include "tst_healthserver.moc"
