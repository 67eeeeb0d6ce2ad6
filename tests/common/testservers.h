#ifndef MD_TESTS_COMMON_TESTSERVERS_H
#define MD_TESTS_COMMON_TESTSERVERS_H

#include <QByteArray>
#include <QList>
#include <QProcess>
#include <QString>

#include <memory>

struct redisContext;

// Real servers and clients for the integration tests: a redis-server of the test's own, an
// independent synchronous Redis connection to read back what the service wrote, and free ports.
namespace md::test {

constexpr int kServerStartMs = 5000;

quint16 freePort();

// Children die with the test even when it crashes, so no server outlives a run.
void dieWithParent(QProcess &process);
// The same, and the child may write no file larger than maxBytes (ulimit -f): a full disk
// that root cannot get around.
void dieWithParentLimitingFiles(QProcess &process, qint64 maxBytes);

// An independent, synchronous connection used to read back what the publisher wrote.
class RedisClient
{
public:
    RedisClient(quint16 port, const QByteArray &password = {}, int database = 0);
    ~RedisClient();
    RedisClient(const RedisClient &) = delete;
    RedisClient &operator=(const RedisClient &) = delete;

    bool isReady() const { return m_ready; }

    // The reply as bytes; null for a missing key, an error reply or a broken connection.
    QByteArray query(const QList<QByteArray> &arguments);
    bool command(const QList<QByteArray> &arguments) { return !query(arguments).isNull(); }

private:
    redisContext *m_context = nullptr;
    bool m_ready = false;
};

// A real redis-server on a port of ours, without persistence.
class RedisServer
{
public:
    RedisServer(QString program, QString directory, quint16 port);
    ~RedisServer() { kill(); }

    // Starts the server and waits (on the event loop) until it answers.
    bool start(const QByteArray &password = {});
    // kill -9: no goodbye to the clients, exactly like a crash.
    void kill();
    // SIGSTOP: the connection stays open but nothing is read or answered, like a hung server.
    void pause();
    void resume();
    QString logPath() const;
    quint16 port() const { return m_port; }

private:
    QString m_program;
    QString m_directory;
    quint16 m_port = 0;
    QByteArray m_password;
    std::unique_ptr<QProcess> m_process;
};

} // namespace md::test

#endif // MD_TESTS_COMMON_TESTSERVERS_H
