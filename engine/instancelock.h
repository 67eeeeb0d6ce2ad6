#ifndef MD_ENGINE_INSTANCELOCK_H
#define MD_ENGINE_INSTANCELOCK_H

#include <QString>

#include <memory>

class QLockFile;

namespace md {

// One running instance per configuration file: a QLockFile named after the file's canonical
// path, in the runtime directory. Two shards with two config files take two locks; a second
// copy with the same file is refused, naming the PID that holds the lock. A lock left behind
// by a process that died is taken over. Held until the object is destroyed.
class InstanceLock
{
public:
    enum class Result {
        Locked,
        HeldByOther, // another live process holds it; see errorString()
        Failed,      // the lock file cannot be written; see errorString()
    };

    // configPath: the --config file, or empty when the defaults and flags are all there is.
    explicit InstanceLock(const QString &configPath);
    ~InstanceLock();
    InstanceLock(const InstanceLock &) = delete;
    InstanceLock &operator=(const InstanceLock &) = delete;

    Result tryLock();
    QString errorString() const { return m_errorString; }
    QString lockPath() const { return m_lockPath; }

    // $XDG_RUNTIME_DIR, else systemd's $RUNTIME_DIRECTORY, else the temporary directory.
    static QString runtimeDirectory();
    // The lock file of a configuration: a hash of its canonical path in runtimeDirectory().
    static QString lockPathFor(const QString &configPath);

private:
    QString m_configPath;
    QString m_lockPath;
    std::unique_ptr<QLockFile> m_lock;
    QString m_errorString;
};

} // namespace md

#endif // MD_ENGINE_INSTANCELOCK_H
