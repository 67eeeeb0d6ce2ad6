#include "instancelock.h"

#include "logging.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace md {

namespace {

// What the lock of instances started without --config is keyed by. Kept as it is, since
// changing it would let an instance of the previous version and one of this run side by side.
const QString NoConfigName = QStringLiteral("(no config file)");

// QLockFile creates its file, then writes the PID into it: younger than this, a file that says
// nothing may be a lock being taken this very moment.
constexpr qint64 LockWriteGraceMs = 2000;

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
    return configPath.isEmpty() ? QStringLiteral("no config file")
                                : QStringLiteral("config %1").arg(configPath);
}

// QLockFile holds flock() on its file for as long as it is locked, whatever the file says. A file
// nobody holds, that is not being written this very moment, was left by a process that died:
// damaged, emptied by a full disk, or naming a PID now used by another program (even another
// copy of this one, which QLockFile would take for the holder). Removed only while flocked,
// and only if the path still names that file, so two instances taking it over cannot both win.
bool removeAbandonedLock(const QString &path)
{
    const QDateTime modified = QFileInfo(path).lastModified();
    if (!modified.isValid() || modified.msecsTo(QDateTime::currentDateTime()) < LockWriteGraceMs)
        return false;
    const QByteArray name = QFile::encodeName(path);
    const int fd = ::open(name.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat opened = {};
    struct stat named = {};
    const bool abandoned = ::flock(fd, LOCK_EX | LOCK_NB) == 0 && ::fstat(fd, &opened) == 0 &&
                           ::stat(name.constData(), &named) == 0 && opened.st_ino == named.st_ino &&
                           opened.st_dev == named.st_dev && ::unlink(name.constData()) == 0;
    ::close(fd);
    return abandoned;
}

} // namespace

InstanceLock::InstanceLock(const QString &configPath)
    : m_configPath(canonicalConfig(configPath))
    , m_lockPath(lockPathFor(configPath))
    , m_lock(std::make_unique<QLockFile>(m_lockPath))
{
    // Age never makes a lock stale: a service runs for months. Only a holder that no longer
    // runs gives the lock up: QLockFile checks its PID and program name, and
    // removeAbandonedLock() whether any process still holds the file.
    m_lock->setStaleLockTime(0);
}

InstanceLock::~InstanceLock() = default;

InstanceLock::Result InstanceLock::tryLock()
{
    if (!m_lock->tryLock(0) && m_lock->error() == QLockFile::LockFailedError &&
        removeAbandonedLock(m_lockPath)) {
        qCWarning(lcProcess, "instance lock %s was held by no running process; taken over",
                  qPrintable(m_lockPath));
        m_lock->tryLock(0);
    }
    if (m_lock->error() == QLockFile::NoError) {
        qCInfo(lcProcess, "instance lock %s taken for %s", qPrintable(m_lockPath),
               qPrintable(describedConfig(m_configPath)));
        return Result::Locked;
    }

    if (m_lock->error() == QLockFile::LockFailedError) {
        qint64 pid = 0;
        QString host;
        QString application;
        if (!m_lock->getLockInfo(&pid, &host, &application)) {
            m_errorString = QStringLiteral("another instance already runs with %1: a running "
                                           "process holds %2, which does not say which; stop "
                                           "it, or give this one a config file of its own")
                                    .arg(describedConfig(m_configPath), m_lockPath);
            return Result::HeldByOther;
        }
        m_errorString = QStringLiteral("another instance already runs with %1: PID %2 (%3 on "
                                       "host %4) holds %5; stop it, or give this one a config "
                                       "file of its own")
                                .arg(describedConfig(m_configPath), QString::number(pid),
                                     application.isEmpty() ? QStringLiteral("?") : application,
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
