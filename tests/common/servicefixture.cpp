#include "servicefixture.h"

#include "monitorprocess.h"

#include <QStandardPaths>

namespace md::test {

namespace {

QString redisServerProgram()
{
    return QStandardPaths::findExecutable(QStringLiteral("redis-server"));
}

} // namespace

bool ServiceFixture::hasRedisServer()
{
    return !redisServerProgram().isEmpty();
}

bool ServiceFixture::startRedis()
{
    m_redis = std::make_unique<RedisServer>(redisServerProgram(), m_dir.path(), freePort());
    return m_redis->start();
}

void ServiceFixture::pickPorts()
{
    m_replayPort = freePort();
    m_healthPort = freePort();
}

QByteArray ServiceFixture::endpointsYaml(const QByteArray &redisSettings) const
{
    const QString endpoints = QStringLiteral("ws_url: ws://127.0.0.1:%1\n"
                                             "rest_url: http://127.0.0.1:%1\n"
                                             "redis:\n  url: redis://127.0.0.1:%2/0\n")
                                      .arg(m_replayPort)
                                      .arg(m_redis->port());
    const QString health = QStringLiteral("health:\n  port: %1\n").arg(m_healthPort);
    return endpoints.toUtf8() + redisSettings + health.toUtf8();
}

QString ServiceFixture::writeConfigFile(const QByteArray &yaml) const
{
    const QString path = m_dir.filePath(QStringLiteral("config-%1.yaml").arg(m_healthPort));
    return writeFile(path, yaml) ? path : QString();
}

void ServiceFixture::dumpLogs(const QByteArray &monitorLog)
{
    if (!monitorLog.isEmpty())
        qWarning("monitor log:\n%s", monitorLog.right(6000).constData());
    qWarning("replay log:\n%s", m_replay.log().right(3000).constData());
}

void ServiceFixture::stopServers()
{
    m_replay.kill();
    m_redis.reset();
}

} // namespace md::test
