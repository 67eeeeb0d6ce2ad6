#include "instancelock.h"

#include "logging.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QLockFile>

namespace md {

namespace {

const QString NoConfigName = QStringLiteral("(no config file)");

// The canonical path, so that ./config.yaml and /etc/md/config.yaml, or a symlink to it, are
// one configuration and one lock.
QString canonicalConfig(const QString &configPath)
{
    if (configPath.isEmpty())
        return QString();
    const QFileInfo info(configPath);
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? info.absoluteFilePath() : canonical;
}

QString describedConfig(const QString &configPath)
{
    return configPath.isEmpty() ? NoConfigName : QStringLiteral("config %1").arg(configPath);
}

} // namespace

InstanceLock::InstanceLock(const QString &configPath)
    : m_configPath(canonicalConfig(configPath))
    , m_lockPath(lockPathFor(configPath))
    , m_lock(std::make_unique<QLockFile>(m_lockPath))
{
    // Age never makes a lock stale: a service runs for months. Only a holder that no longer
    // runs (QLockFile checks its PID and program name) gives the lock up.
    m_lock->setStaleLockTime(0);
}

InstanceLock::~InstanceLock() = default;

InstanceLock::Result InstanceLock::tryLock()
{
    if (m_lock->tryLock(0)) {
        qCInfo(lcProcess, "instance lock %s taken for %s", qPrintable(m_lockPath),
               qPrintable(describedConfig(m_configPath)));
        return Result::Locked;
    }

    if (m_lock->error() == QLockFile::LockFailedError) {
        qint64 pid = 0;
        QString host;
        QString application;
        m_lock->getLockInfo(&pid, &host, &application);
        m_errorString = QStringLiteral("another instance already runs with %1: PID %2 (%3 on "
                                       "host %4) holds %5; stop it, or give this one a config "
                                       "file of its own")
                                .arg(describedConfig(m_configPath))
                                .arg(pid)
                                .arg(application.isEmpty() ? QStringLiteral("?") : application,
                                     host.isEmpty() ? QStringLiteral("?") : host, m_lockPath);
        return Result::HeldByOther;
    }
    const QString reason = m_lock->error() == QLockFile::PermissionError
                                   ? QStringLiteral("permission denied")
                                   : QStringLiteral("the folder is missing or unusable");
    m_errorString = QStringLiteral("cannot create the instance lock %1 (%2); set "
                                   "XDG_RUNTIME_DIR or RUNTIME_DIRECTORY to a writable folder")
                            .arg(m_lockPath, reason);
    return Result::Failed;
}

QString InstanceLock::runtimeDirectory()
{
    if (const QString xdg = qEnvironmentVariable("XDG_RUNTIME_DIR"); !xdg.isEmpty())
        return xdg;
    // systemd sets RUNTIME_DIRECTORY from RuntimeDirectory=, several folders separated by ':'.
    const QString systemd =
            qEnvironmentVariable("RUNTIME_DIRECTORY").section(QLatin1Char(':'), 0, 0);
    if (!systemd.isEmpty())
        return systemd;
    return QDir::tempPath();
}

QString InstanceLock::lockPathFor(const QString &configPath)
{
    const QString canonical = configPath.isEmpty() ? NoConfigName : canonicalConfig(configPath);
    const QByteArray hash =
            QCryptographicHash::hash(canonical.toUtf8(), QCryptographicHash::Sha256).toHex();
    return QDir(runtimeDirectory())
            .filePath(QStringLiteral("market-data-monitor-%1.lock")
                              .arg(QString::fromLatin1(hash.left(16))));
}

} // namespace md
