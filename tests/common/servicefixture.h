#ifndef MD_TESTS_COMMON_SERVICEFIXTURE_H
#define MD_TESTS_COMMON_SERVICEFIXTURE_H

#include "replayserverprocess.h"
#include "testservers.h"

#include <QByteArray>
#include <QString>
#include <QTemporaryDir>

#include <memory>

// What the end-to-end tests stand on: a folder of their own, a real redis-server, the replay
// server, and the ports the monitor's configuration names. A test class inherits it next to
// QObject, so that its tests use these members by name and keep only what they are about.
namespace md::test {

class ServiceFixture
{
protected:
    // For initTestCase, so that a machine without it fails once rather than in every test.
    static bool hasRedisServer();

    // A fresh redis-server on a free port, in m_redis.
    bool startRedis();
    // Fresh ports for the replay server and the monitor's health server.
    void pickPorts();
    // ws_url and rest_url on the replay server, redis.url (with the redisSettings lines after
    // it, indented) and health.port: the lines of a config that reach this fixture's servers.
    QByteArray endpointsYaml(const QByteArray &redisSettings = {}) const;
    // Writes the config to a file named after the health port; its path, or empty.
    QString writeConfigFile(const QByteArray &yaml) const;
    // For a failed test's cleanup: the end of the monitor's log, if it has one, and the replay's.
    void dumpLogs(const QByteArray &monitorLog = {});
    // The replay server and redis-server killed; the monitor is the test's own to stop first.
    void stopServers();

    QTemporaryDir m_dir;
    std::unique_ptr<RedisServer> m_redis;
    ReplayServerProcess m_replay;
    quint16 m_replayPort = 0;
    quint16 m_healthPort = 0;
};

} // namespace md::test

#endif // MD_TESTS_COMMON_SERVICEFIXTURE_H
