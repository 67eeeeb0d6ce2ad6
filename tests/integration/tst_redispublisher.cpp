#include "redispublisher.h"
#include "testservers.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <hiredis/hiredis.h>

#include <csignal>
#include <memory>
#include <sys/prctl.h>

using md::RedisPublisher;
using namespace md::test;

namespace {

constexpr int kReconnectMs = 10'000;
constexpr int kFreshAfterReconnectMs = 1000;

// redis-cli subscribed to every channel; redis-cli flushes each message as it arrives.
class Subscriber
{
public:
    Subscriber(const QString &program, quint16 port)
    {
        dieWithParent(m_process);
        QObject::connect(&m_process, &QProcess::readyReadStandardOutput, &m_process,
                         [this] { m_output += m_process.readAllStandardOutput(); });
        m_process.start(program,
                        {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                         QString::number(port), QStringLiteral("PSUBSCRIBE"), QStringLiteral("*")});
    }
    ~Subscriber()
    {
        m_process.kill();
        m_process.waitForFinished();
    }

    bool isSubscribed() const { return m_output.startsWith("psubscribe\n*\n1\n"); }

    // (channel, payload) pairs, from redis-cli's raw output: pmessage, pattern, channel, payload.
    QList<std::pair<QByteArray, QByteArray>> messages() const
    {
        const QList<QByteArray> lines = m_output.split('\n');
        QList<std::pair<QByteArray, QByteArray>> result;
        for (qsizetype i = 0; i + 3 < lines.size(); ++i) {
            if (lines[i] == "pmessage" && lines[i + 1] == "*") {
                result.append({lines[i + 2], lines[i + 3]});
                i += 3;
            }
        }
        return result;
    }

    bool received(const QByteArray &channel, const QByteArray &payload) const
    {
        return messages().contains(std::pair(channel, payload));
    }

    bool receivedOn(const QByteArray &channel) const
    {
        const auto all = messages();
        return std::any_of(all.begin(), all.end(),
                           [&](const auto &message) { return message.first == channel; });
    }

private:
    QProcess m_process;
    QByteArray m_output;
};

} // namespace

class tst_RedisPublisher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void rejectsBadConfig_data();
    void rejectsBadConfig();
    void parsesUrl_data();
    void parsesUrl();
    void setsAndPublishes();
    void appliesPrefixAndDatabase();
    void keepsOnlyLatestWhileDown();
    void survivesKillAndRestart();
    void countsErrorRepliesWithoutDisconnecting();
    void holdsBackWhileRedisStalls();
    void readsPassword_data();
    void readsPassword();
    void reportsRejectedAuthentication_data();
    void reportsRejectedAuthentication();
    void timesOutSilentServer();
    void stopDeliversWhatWasPending();
    void removedKeysAreDeletedAndNotResent();

private:
    RedisPublisher::Config config(int database = 0) const;
    QByteArray value(const QByteArray &key, const QByteArray &password = {},
                     int database = 0) const;

    QString m_redisServer;
    QString m_redisCli;
    QTemporaryDir m_directory;
    quint16 m_port = 0;
    std::unique_ptr<RedisServer> m_server;
};

void tst_RedisPublisher::initTestCase()
{
    m_redisServer = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
    m_redisCli = QStandardPaths::findExecutable(QStringLiteral("redis-cli"));
    if (m_redisServer.isEmpty() || m_redisCli.isEmpty())
        QSKIP("redis-server and redis-cli are needed for these tests");
    QVERIFY(m_directory.isValid());
}

void tst_RedisPublisher::init()
{
    m_port = freePort();
    QVERIFY(m_port != 0);
    m_server = std::make_unique<RedisServer>(m_redisServer, m_directory.path(), m_port);
}

void tst_RedisPublisher::cleanup()
{
    m_server.reset();
}

RedisPublisher::Config tst_RedisPublisher::config(int database) const
{
    RedisPublisher::Config config;
    config.url = QStringLiteral("redis://127.0.0.1:%1/%2").arg(m_port).arg(database);
    return config;
}

QByteArray tst_RedisPublisher::value(const QByteArray &key, const QByteArray &password,
                                     int database) const
{
    return RedisClient(m_port, password, database).query({"GET", key});
}

void tst_RedisPublisher::rejectsBadConfig_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("passwordEnvironment");
    QTest::addColumn<QString>("passwordFile");
    QTest::addColumn<QString>("expected");

    const QString good = QStringLiteral("redis://127.0.0.1:6379/0");
    QTest::newRow("empty") << QString() << QString() << QString() << QStringLiteral("empty");
    QTest::newRow("wrong scheme") << QStringLiteral("http://127.0.0.1:6379/0") << QString()
                                  << QString() << QStringLiteral("must start with redis://");
    QTest::newRow("tls scheme") << QStringLiteral("rediss://127.0.0.1:6379/0") << QString()
                                << QString() << QStringLiteral("TLS is not supported");
    QTest::newRow("no host") << QStringLiteral("redis:///0") << QString() << QString()
                             << QStringLiteral("names no host");
    QTest::newRow("port not a number") << QStringLiteral("redis://127.0.0.1:abc/0") << QString()
                                       << QString() << QStringLiteral("port");
    QTest::newRow("port zero") << QStringLiteral("redis://127.0.0.1:0/0") << QString() << QString()
                               << QStringLiteral("port 0");
    QTest::newRow("port too large") << QStringLiteral("redis://127.0.0.1:70000/0") << QString()
                                    << QString() << QStringLiteral("port");
    QTest::newRow("database not a number")
            << QStringLiteral("redis://127.0.0.1:6379/abc") << QString() << QString()
            << QStringLiteral("database \"abc\"");
    QTest::newRow("database negative") << QStringLiteral("redis://127.0.0.1:6379/-1") << QString()
                                       << QString() << QStringLiteral("database \"-1\"");
    QTest::newRow("database with a path")
            << QStringLiteral("redis://127.0.0.1:6379/1/2") << QString() << QString()
            << QStringLiteral("database \"1/2\"");
    QTest::newRow("password in url")
            << QStringLiteral("redis://:secret@127.0.0.1:6379/0") << QString() << QString()
            << QStringLiteral("contains a password");
    QTest::newRow("query") << QStringLiteral("redis://127.0.0.1:6379/0?timeout=1") << QString()
                           << QString() << QStringLiteral("query");
    QTest::newRow("unset password variable") << good << QStringLiteral("MD_TST_REDIS_UNSET")
                                             << QString() << QStringLiteral("MD_TST_REDIS_UNSET");
    QTest::newRow("missing password file")
            << good << QString() << QStringLiteral("/nonexistent/redis-password")
            << QStringLiteral("cannot read the Redis password file /nonexistent/redis-password");
    QTest::newRow("two password sources")
            << good << QStringLiteral("MD_TST_REDIS_UNSET")
            << QStringLiteral("/nonexistent/redis-password") << QStringLiteral("not both");
    QTest::newRow("user without password")
            << QStringLiteral("redis://md@127.0.0.1:6379/0") << QString() << QString()
            << QStringLiteral("no password source");
}

void tst_RedisPublisher::rejectsBadConfig()
{
    QFETCH(QString, url);
    QFETCH(QString, passwordEnvironment);
    QFETCH(QString, passwordFile);
    QFETCH(QString, expected);
    qunsetenv("MD_TST_REDIS_UNSET");

    RedisPublisher::Config config;
    config.url = url;
    config.passwordEnvironment = passwordEnvironment;
    config.passwordFile = passwordFile;
    RedisPublisher publisher(config);
    QSignalSpy errors(&publisher, &RedisPublisher::errorOccurred);

    QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(QRegularExpression::escape(expected)));
    QVERIFY(!publisher.start());
    QCOMPARE(publisher.state(), RedisPublisher::State::Disconnected);
    QVERIFY2(publisher.errorString().contains(expected), qPrintable(publisher.errorString()));
    QVERIFY(!publisher.errorString().contains(QLatin1String("secret")));
    QCOMPARE(errors.size(), 1);
}

void tst_RedisPublisher::parsesUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("endpoint");

    QTest::newRow("defaults") << QStringLiteral("redis://localhost")
                              << QStringLiteral("localhost:6379/0");
    QTest::newRow("trailing slash")
            << QStringLiteral("redis://localhost/") << QStringLiteral("localhost:6379/0");
    QTest::newRow("everything") << QStringLiteral("redis://10.1.2.3:7000/15")
                                << QStringLiteral("10.1.2.3:7000/15");
    QTest::newRow("ipv6") << QStringLiteral("redis://[::1]:7000/2")
                          << QStringLiteral("[::1]:7000/2");
}

void tst_RedisPublisher::parsesUrl()
{
    QFETCH(QString, url);
    QFETCH(QString, endpoint);

    RedisPublisher::Config config;
    config.url = url;
    RedisPublisher publisher(config);
    QVERIFY2(publisher.start(), qPrintable(publisher.errorString()));
    QCOMPARE(publisher.endpoint(), endpoint);
}

void tst_RedisPublisher::setsAndPublishes()
{
    QVERIFY(m_server->start());
    Subscriber subscriber(m_redisCli, m_port);
    QTRY_VERIFY(subscriber.isSubscribed());

    RedisPublisher publisher(config());
    QSignalSpy states(&publisher, &RedisPublisher::stateChanged);
    QVERIFY(publisher.start());
    QTRY_COMPARE(publisher.state(), RedisPublisher::State::Connected);
    QCOMPARE(states.first().first().value<RedisPublisher::State>(),
             RedisPublisher::State::Connecting);

    // Binary-safe: the payload holds a NUL and a CRLF, which an inline command would mangle.
    const QByteArray binary("a\0b\r\nc", 6);
    publisher.setLatest("book:BTCUSDT", R"({"bid":"61000.10"})", true);
    publisher.setLatest("stats:BTCUSDT", binary, false);
    publisher.publishMessage("trades:BTCUSDT", "t1");
    QCOMPARE(publisher.pendingKeys(), 2);
    publisher.flush();
    QCOMPARE(publisher.pendingKeys(), 0);

    QTRY_COMPARE(publisher.counters().publishes, quint64(4));
    QCOMPARE(value("book:BTCUSDT"), QByteArray(R"({"bid":"61000.10"})"));
    QCOMPARE(value("stats:BTCUSDT"), binary);
    QTRY_VERIFY(subscriber.received("trades:BTCUSDT", "t1"));
    QVERIFY(subscriber.received("book:BTCUSDT", R"({"bid":"61000.10"})"));
    // The trade was published after the stats key was set: nothing on its channel means the
    // key was never published.
    QVERIFY(!subscriber.receivedOn("stats:BTCUSDT"));

    // A later unpublished update does not cancel the publish an earlier one asked for.
    publisher.setLatest("book:ETHUSDT", "e1", true);
    publisher.setLatest("book:ETHUSDT", "e2", false);
    publisher.flush();
    QTRY_VERIFY(subscriber.received("book:ETHUSDT", "e2"));
    QVERIFY(!subscriber.received("book:ETHUSDT", "e1"));
    QCOMPARE(publisher.counters().failures, quint64(0));
    QCOMPARE(publisher.counters().droppedMessages, quint64(0));
}

void tst_RedisPublisher::appliesPrefixAndDatabase()
{
    QVERIFY(m_server->start());
    Subscriber subscriber(m_redisCli, m_port);
    QTRY_VERIFY(subscriber.isSubscribed());

    RedisPublisher::Config config = this->config(3);
    config.keyPrefix = "md:";
    RedisPublisher publisher(config);
    QVERIFY(publisher.start());
    QTRY_COMPARE(publisher.state(), RedisPublisher::State::Connected);

    publisher.setLatest("book:ETHUSDT", "v1", true);
    publisher.publishMessage("trades:ETHUSDT", "t1");
    publisher.flush();

    QTRY_COMPARE(value("md:book:ETHUSDT", {}, 3), QByteArray("v1"));
    QVERIFY(value("md:book:ETHUSDT", {}, 0).isNull());
    QVERIFY(value("book:ETHUSDT", {}, 3).isNull());
    QTRY_VERIFY(subscriber.received("md:trades:ETHUSDT", "t1"));
    QVERIFY(subscriber.received("md:book:ETHUSDT", "v1"));
    QVERIFY(!subscriber.receivedOn("book:ETHUSDT"));
}

void tst_RedisPublisher::keepsOnlyLatestWhileDown()
{
    RedisPublisher publisher(config());
    QVERIFY(publisher.start());
    QTRY_VERIFY(publisher.counters().failures >= 1);
    QVERIFY(publisher.state() != RedisPublisher::State::Connected);
    QVERIFY(publisher.errorString().contains(QString::number(m_port)));

    for (int i = 0; i < 1000; ++i) {
        publisher.setLatest("book:SOLUSDT", QByteArray::number(i), true);
        publisher.flush();
    }
    QCOMPARE(publisher.pendingKeys(), 1);
    publisher.publishMessage("trades:SOLUSDT", "lost");
    QCOMPARE(publisher.counters().droppedMessages, quint64(1));

    QVERIFY(m_server->start());
    QTRY_COMPARE_WITH_TIMEOUT(value("book:SOLUSDT"), QByteArray("999"), kReconnectMs);
    QTRY_COMPARE(publisher.counters().publishes, quint64(2));
    QCOMPARE(publisher.pendingKeys(), 0);
    QCOMPARE(publisher.counters().reconnects, quint64(0));

    // The server's own count: one SET, not a thousand.
    const QByteArray stats = RedisClient(m_port).query({"INFO", "commandstats"});
    QVERIFY2(stats.contains("cmdstat_set:calls=1,"), stats.constData());
}

void tst_RedisPublisher::survivesKillAndRestart()
{
    QVERIFY(m_server->start());
    RedisPublisher publisher(config());
    QVERIFY(publisher.start());
    QTRY_COMPARE(publisher.state(), RedisPublisher::State::Connected);

    // Keys written once before the crash: only the resend after reconnecting restores them.
    constexpr int stillKeys = 20;
    for (int i = 0; i < stillKeys; ++i)
        publisher.setLatest("still:" + QByteArray::number(i), "s" + QByteArray::number(i), false);
    publisher.flush();
    QTRY_COMPARE(publisher.counters().publishes, quint64(stillKeys));

    // A feed that keeps running through the crash, as the exchange does.
    constexpr int liveKeys = 5;
    int tick = 0;
    QTimer feed;
    connect(&feed, &QTimer::timeout, &publisher, [&] {
        ++tick;
        for (int i = 0; i < liveKeys; ++i)
            publisher.setLatest("live:" + QByteArray::number(i), QByteArray::number(tick), true);
        publisher.publishMessage("trades:BTCUSDT", QByteArray::number(tick));
        publisher.flush();
    });
    feed.start(10);
    QTRY_VERIFY(publisher.counters().publishes > quint64(stillKeys + 100));

    m_server->kill();
    QTRY_COMPARE(publisher.state(), RedisPublisher::State::Disconnected);
    QVERIFY2(publisher.errorString().contains(QLatin1String("lost")),
             qPrintable(publisher.errorString()));
    const quint64 droppedBefore = publisher.counters().droppedMessages;
    QTRY_VERIFY(publisher.counters().droppedMessages > droppedBefore + 5);
    QCOMPARE(publisher.pendingKeys(), liveKeys);

    QVERIFY(m_server->start());
    QTRY_COMPARE_WITH_TIMEOUT(publisher.state(), RedisPublisher::State::Connected, kReconnectMs);
    feed.stop();

    const auto fresh = [&] {
        RedisClient client(m_port);
        for (int i = 0; i < stillKeys; ++i) {
            if (client.query({"GET", "still:" + QByteArray::number(i)}) !=
                "s" + QByteArray::number(i))
                return false;
        }
        for (int i = 0; i < liveKeys; ++i) {
            if (client.query({"GET", "live:" + QByteArray::number(i)}) != QByteArray::number(tick))
                return false;
        }
        return true;
    };
    QTRY_VERIFY_WITH_TIMEOUT(fresh(), kFreshAfterReconnectMs);
    QCOMPARE(publisher.pendingKeys(), 0);
    QCOMPARE(publisher.counters().reconnects, quint64(1));
    QCOMPARE(publisher.state(), RedisPublisher::State::Connected);
}

void tst_RedisPublisher::countsErrorRepliesWithoutDisconnecting()
{
    QVERIFY(m_server->start());
    RedisPublisher publisher(config());
    QVERIFY(publisher.start());
    QTRY_COMPARE(publisher.state(), RedisPublisher::State::Connected);
    QSignalSpy states(&publisher, &RedisPublisher::stateChanged);

    // A replica refuses writes; the master it points at does not need to exist.
    QVERIFY(RedisClient(m_port).command({"REPLICAOF", "127.0.0.1", "1"}));
    publisher.setLatest("book:BNBUSDT", "refused", false);
    publisher.flush();
    QTRY_COMPARE(publisher.counters().failures, quint64(1));
    QCOMPARE(publisher.counters().publishes, quint64(0));

    QVERIFY(RedisClient(m_port).command({"REPLICAOF", "NO", "ONE"}));
    publisher.setLatest("book:BNBUSDT", "accepted", false);
    publisher.flush();
    QTRY_COMPARE(value("book:BNBUSDT"), QByteArray("accepted"));
    QCOMPARE(publisher.state(), RedisPublisher::State::Connected);
    QCOMPARE(states.size(), 0);
}

void tst_RedisPublisher::holdsBackWhileRedisStalls()
{
    QVERIFY(m_server->start());
    RedisPublisher::Config config = this->config();
    config.maxBytesInFlight = 256 * 1024;
    RedisPublisher publisher(config);
    QVERIFY(publisher.start());
    QTRY_COMPARE(publisher.state(), RedisPublisher::State::Connected);

    // Nothing is acknowledged while the server is stopped, so after about 256 KiB of commands
    // the publisher stops sending: the key waits with its latest value, trades are dropped.
    m_server->pause();
    const QByteArray filler(16 * 1024, 'x');
    for (int i = 0; i < 100; ++i) {
        publisher.setLatest("book:DOGEUSDT", filler + QByteArray::number(i), true);
        publisher.publishMessage("trades:DOGEUSDT", QByteArray::number(i));
        publisher.flush();
    }
    QCOMPARE(publisher.pendingKeys(), 1);
    QVERIFY(publisher.counters().droppedMessages > 50);
    QCOMPARE(publisher.counters().publishes, quint64(0));

    // Once the server answers again, the caller's next flushes send the latest value.
    m_server->resume();
    QTimer flusher;
    connect(&flusher, &QTimer::timeout, &publisher, &RedisPublisher::flush);
    flusher.start(20);
    QTRY_COMPARE(value("book:DOGEUSDT"), filler + "99");
    QTRY_COMPARE(publisher.pendingKeys(), 0);
    QCOMPARE(publisher.state(), RedisPublisher::State::Connected);
    QCOMPARE(publisher.counters().failures, quint64(0));
}

void tst_RedisPublisher::readsPassword_data()
{
    QTest::addColumn<bool>("fromFile");

    QTest::newRow("environment variable") << false;
    QTest::newRow("file") << true;
}

void tst_RedisPublisher::readsPassword()
{
    QFETCH(bool, fromFile);
    const QByteArray password = "s3cret-pw";
    QVERIFY(m_server->start(password));

    RedisPublisher::Config config = this->config();
    const QString passwordPath = m_directory.filePath(QStringLiteral("password"));
    if (fromFile) {
        QFile file(passwordPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(password + '\n');
        config.passwordFile = passwordPath;
    } else {
        qputenv("MD_TST_REDIS_PASSWORD", password);
        config.passwordEnvironment = QStringLiteral("MD_TST_REDIS_PASSWORD");
    }

    RedisPublisher publisher(config);
    QVERIFY2(publisher.start(), qPrintable(publisher.errorString()));
    QTRY_COMPARE(publisher.state(), RedisPublisher::State::Connected);
    publisher.setLatest("book:XRPUSDT", "authenticated", false);
    publisher.flush();
    QTRY_COMPARE(value("book:XRPUSDT", password), QByteArray("authenticated"));
}

void tst_RedisPublisher::reportsRejectedAuthentication_data()
{
    QTest::addColumn<QByteArray>("password");
    QTest::addColumn<QString>("expected");

    QTest::newRow("wrong password") << QByteArray("wrong-pw") << QStringLiteral("AUTH failed");
    QTest::newRow("no password") << QByteArray() << QStringLiteral("SELECT failed: NOAUTH");
}

void tst_RedisPublisher::reportsRejectedAuthentication()
{
    QFETCH(QByteArray, password);
    QFETCH(QString, expected);
    QVERIFY(m_server->start("s3cret-pw"));

    RedisPublisher::Config config = this->config();
    if (!password.isEmpty()) {
        qputenv("MD_TST_REDIS_PASSWORD", password);
        config.passwordEnvironment = QStringLiteral("MD_TST_REDIS_PASSWORD");
    }
    RedisPublisher publisher(config);
    QSignalSpy states(&publisher, &RedisPublisher::stateChanged);
    QVERIFY(publisher.start());

    // Retried with backoff, never connected, and the reason says why.
    QTRY_VERIFY(publisher.counters().failures >= 2);
    QVERIFY2(publisher.errorString().contains(expected), qPrintable(publisher.errorString()));
    QVERIFY(!publisher.errorString().contains(QLatin1String("s3cret")));
    for (const QList<QVariant> &state : std::as_const(states))
        QVERIFY(state.first().value<RedisPublisher::State>() != RedisPublisher::State::Connected);
}

void tst_RedisPublisher::timesOutSilentServer()
{
    // Accepts connections and never answers AUTH or SELECT.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, m_port));

    RedisPublisher::Config config = this->config();
    config.connectTimeout = std::chrono::milliseconds(200);
    RedisPublisher publisher(config);
    QVERIFY(publisher.start());

    QTRY_VERIFY(publisher.counters().failures >= 2);
    QVERIFY2(publisher.errorString().contains(QLatin1String("no answer within 200 ms")),
             qPrintable(publisher.errorString()));
    QVERIFY(publisher.state() != RedisPublisher::State::Connected);
}

void tst_RedisPublisher::stopDeliversWhatWasPending()
{
    QVERIFY(m_server->start());
    RedisPublisher publisher(config());
    QVERIFY(publisher.start());
    QTRY_COMPARE(publisher.state(), RedisPublisher::State::Connected);

    publisher.setLatest("book:ADAUSDT", "last words", true);
    publisher.stop();
    QTRY_COMPARE(publisher.state(), RedisPublisher::State::Disconnected);
    QCOMPARE(value("book:ADAUSDT"), QByteArray("last words"));
    QCOMPARE(publisher.counters().publishes, quint64(2));

    // Stopped means stopped: a later update waits and nothing reconnects.
    QSignalSpy states(&publisher, &RedisPublisher::stateChanged);
    publisher.setLatest("book:ADAUSDT", "after stop", false);
    publisher.flush();
    QVERIFY(!states.wait(300));
    QCOMPARE(publisher.pendingKeys(), 1);
    QCOMPARE(value("book:ADAUSDT"), QByteArray("last words"));
}

void tst_RedisPublisher::removedKeysAreDeletedAndNotResent()
{
    QVERIFY(m_server->start());
    RedisPublisher publisher(config());
    QVERIFY(publisher.start());
    QTRY_COMPARE(publisher.state(), RedisPublisher::State::Connected);
    publisher.setLatest("kept", "k", false);
    publisher.setLatest("dropped", "d", false);
    publisher.flush();
    QTRY_COMPARE(value("dropped"), QByteArray("d"));

    // Removed while a new value waits: the key goes, the waiting value with it.
    publisher.setLatest("dropped", "d2", false);
    publisher.remove("dropped");
    publisher.flush();
    QTRY_VERIFY(value("dropped").isNull());
    QCOMPARE(value("kept"), QByteArray("k"));

    // After a restart only the keys still kept are written again.
    m_server->kill();
    QTRY_COMPARE(publisher.state(), RedisPublisher::State::Disconnected);
    QVERIFY(m_server->start());
    QTRY_COMPARE_WITH_TIMEOUT(value("kept"), QByteArray("k"), kReconnectMs);
    QTest::qWait(200);
    QVERIFY(value("dropped").isNull());
}

QTEST_GUILESS_MAIN(tst_RedisPublisher)
#include "tst_redispublisher.moc"
