#include "testservers.h"

#include <QTcpServer>
#include <QTest>

#include <hiredis/hiredis.h>

#include <csignal>
#include <sys/prctl.h>
#include <sys/resource.h>

namespace md::test {

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

void dieWithParent(QProcess &process)
{
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
}

void dieWithParentLimitingFiles(QProcess &process, qint64 maxBytes)
{
    process.setChildProcessModifier([maxBytes] {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        const rlimit limit{rlim_t(maxBytes), rlim_t(maxBytes)};
        ::setrlimit(RLIMIT_FSIZE, &limit);
    });
}

RedisClient::RedisClient(quint16 port, const QByteArray &password, int database)
{
    m_context = redisConnectWithTimeout("127.0.0.1", port, timeval{1, 0});
    if (!m_context || m_context->err)
        return;
    if (!password.isEmpty() && !command({"AUTH", password}))
        return;
    m_ready = command({"SELECT", QByteArray::number(database)});
}

RedisClient::~RedisClient()
{
    if (m_context)
        redisFree(m_context);
}

QByteArray RedisClient::query(const QList<QByteArray> &arguments)
{
    if (!m_context || m_context->err)
        return {};
    QList<const char *> argv;
    QList<size_t> lengths;
    for (const QByteArray &argument : arguments) {
        argv.append(argument.constData());
        lengths.append(size_t(argument.size()));
    }
    auto *reply = static_cast<redisReply *>(
            redisCommandArgv(m_context, int(argv.size()), argv.data(), lengths.data()));
    if (!reply)
        return {};
    QByteArray result;
    if (reply->type == REDIS_REPLY_STRING || reply->type == REDIS_REPLY_STATUS)
        result = QByteArray(reply->str, qsizetype(reply->len));
    freeReplyObject(reply);
    return result;
}

RedisServer::RedisServer(QString program, QString directory, quint16 port)
    : m_program(std::move(program))
    , m_directory(std::move(directory))
    , m_port(port)
{
}

bool RedisServer::start(const QByteArray &password)
{
    kill();
    m_password = password;
    m_process = std::make_unique<QProcess>();
    dieWithParent(*m_process);
    m_process->setStandardOutputFile(QProcess::nullDevice());
    m_process->setStandardErrorFile(QProcess::nullDevice());
    QStringList arguments{QStringLiteral("--port"),       QString::number(m_port),
                          QStringLiteral("--bind"),       QStringLiteral("127.0.0.1"),
                          QStringLiteral("--save"),       QString(),
                          QStringLiteral("--appendonly"), QStringLiteral("no"),
                          QStringLiteral("--dir"),        m_directory,
                          QStringLiteral("--logfile"),    logPath()};
    if (!password.isEmpty())
        arguments << QStringLiteral("--requirepass") << QString::fromUtf8(password);
    m_process->start(m_program, arguments);
    if (!m_process->waitForStarted())
        return false;
    return QTest::qWaitFor([this] { return RedisClient(m_port, m_password).isReady(); },
                           kServerStartMs);
}

void RedisServer::kill()
{
    if (!m_process)
        return;
    m_process->kill();
    m_process->waitForFinished();
    m_process.reset();
}

void RedisServer::pause()
{
    ::kill(pid_t(m_process->processId()), SIGSTOP);
}

void RedisServer::resume()
{
    ::kill(pid_t(m_process->processId()), SIGCONT);
}

QString RedisServer::logPath() const
{
    return QStringLiteral("%1/redis-%2.log").arg(m_directory).arg(m_port);
}

} // namespace md::test
