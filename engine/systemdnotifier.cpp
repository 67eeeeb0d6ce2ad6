#include "systemdnotifier.h"

#include "booksync.h"
#include "logging.h"
#include "marketdataengine.h"

#include <systemd/sd-daemon.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace md {

namespace {

using std::chrono::milliseconds;

// Pings more often than this would cost more than they are worth; a watchdog that short cannot
// be kept by an event loop that also parses market data, and is said so in the log.
constexpr milliseconds MinPingInterval{10};
// More often than needed is harmless, and it keeps the timer within its int range whatever
// WATCHDOG_USEC says.
constexpr milliseconds MaxPingInterval{std::chrono::hours(1)};
constexpr milliseconds RetryMin{100};
constexpr milliseconds RetryMax{5000};

QByteArray keyOf(const QByteArray &line)
{
    const qsizetype equals = line.indexOf('=');
    return equals < 0 ? line : line.left(equals);
}

} // namespace

SystemdNotifier::SystemdNotifier(QObject *parent)
    : QObject(parent)
{
    const QByteArray address = qgetenv("NOTIFY_SOCKET");
    m_active = !address.isEmpty() && openSocket(address);
    if (m_active)
        readWatchdogInterval();

    m_watchdog.setTimerType(Qt::CoarseTimer);
    connect(&m_watchdog, &QTimer::timeout, this, [this] { send(QByteArrayLiteral("WATCHDOG=1")); });
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &SystemdNotifier::retryPending);
}

SystemdNotifier::~SystemdNotifier()
{
    // One last try, so that STOPPING=1 sent just before the exit is not left behind.
    if (!m_pending.isEmpty())
        deliver(m_pending.join('\n'));
    if (m_fd >= 0)
        ::close(m_fd);
}

bool SystemdNotifier::openSocket(const QByteArray &address)
{
    // A path, or '@' for Linux's abstract namespace, as sd_notify() accepts.
    const bool abstract = address.startsWith('@');
    if ((!abstract && !address.startsWith('/')) ||
        size_t(address.size()) >= sizeof(m_address.sun_path)) {
        qCWarning(lcSystemd, "NOTIFY_SOCKET=%s is not a socket path or @name; not notifying",
                  address.constData());
        return false;
    }
    m_address.sun_family = AF_UNIX;
    std::memcpy(m_address.sun_path, address.constData(), size_t(address.size()));
    if (abstract)
        m_address.sun_path[0] = '\0';
    m_addressLength = socklen_t(offsetof(sockaddr_un, sun_path) + size_t(address.size()) +
                                (abstract ? 0 : 1));
    m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (m_fd < 0) {
        qCWarning(lcSystemd, "cannot open a socket to notify systemd: %s", strerror(errno));
        return false;
    }
    return true;
}

void SystemdNotifier::readWatchdogInterval()
{
    // sd_watchdog_enabled() answers the interval systemd set in WATCHDOG_USEC, when
    // WATCHDOG_PID is unset or ours. Pinging at half of it leaves a whole half for one late ping.
    uint64_t usec = 0;
    const int result = sd_watchdog_enabled(0, &usec);
    if (result < 0) {
        qCWarning(lcSystemd,
                  "WATCHDOG_USEC=%s, WATCHDOG_PID=%s: not a watchdog this process can keep "
                  "(%s); not feeding it",
                  qgetenv("WATCHDOG_USEC").constData(), qgetenv("WATCHDOG_PID").constData(),
                  strerror(-result));
        return;
    }
    if (result == 0 || usec == 0)
        return;

    const auto half = std::chrono::duration_cast<milliseconds>(std::chrono::microseconds(usec / 2));
    m_pingInterval = std::clamp(half, MinPingInterval, MaxPingInterval);
    if (half < MinPingInterval)
        qCWarning(lcSystemd,
                  "systemd asks for a watchdog of %llu us, too short to keep; pinging every %lld "
                  "ms, and systemd may kill the service: raise WatchdogSec",
                  static_cast<unsigned long long>(usec),
                  static_cast<long long>(m_pingInterval.count()));
}

void SystemdNotifier::startWatchdog()
{
    if (m_pingInterval.count() == 0)
        return;

    qCInfo(lcSystemd, "feeding the systemd watchdog every %lld ms",
           static_cast<long long>(m_pingInterval.count()));
    send(QByteArrayLiteral("WATCHDOG=1"));
    m_watchdog.start(m_pingInterval);
}

void SystemdNotifier::follow(const MarketDataEngine &engine)
{
    m_engine = &engine;
    m_total = qsizetype(engine.symbols().size());
    for (const auto &symbol : engine.symbols()) {
        if (symbol->tracker.sync().isSynced())
            bookStateChanged(symbol->name, true);
    }
    connect(&engine, &MarketDataEngine::symbolStateChanged, this,
            [this](const QString &symbol, SyncState state) {
                bookStateChanged(symbol, state == SyncState::Synced);
            });
    connect(&engine, &MarketDataEngine::symbolRemoved, this, [this](const QString &symbol) {
        m_syncedOnce.remove(symbol);
        m_syncedNow.remove(symbol);
    });
    connect(&engine, &MarketDataEngine::symbolsChanged, this, &SystemdNotifier::symbolsChanged);
    reportProgress();
}

void SystemdNotifier::notifyStopping(const QString &reason)
{
    send(QByteArrayLiteral("STOPPING=1\nSTATUS=") + reason.toUtf8());
}

void SystemdNotifier::bookStateChanged(const QString &symbol, bool synced)
{
    const qsizetype before = m_syncedNow.size();
    if (synced) {
        m_syncedOnce.insert(symbol);
        m_syncedNow.insert(symbol);
    } else {
        m_syncedNow.remove(symbol);
    }
    if (m_syncedNow.size() != before)
        reportProgress();
}

void SystemdNotifier::symbolsChanged()
{
    // A reload during the first sync decides which books READY=1 waits for.
    m_total = qsizetype(m_engine->symbols().size());
    reportProgress();
}

void SystemdNotifier::reportProgress()
{
    const QByteArray status = QByteArrayLiteral("STATUS=") +
                              QByteArray::number(m_syncedNow.size()) + '/' +
                              QByteArray::number(m_total) + " books synced";
    if (m_ready || m_total == 0 || m_syncedOnce.size() < m_total) {
        send(status);
        return;
    }

    // Every book has been the exchange's book at least once: the service does its job now.
    m_ready = true;
    if (m_active)
        qCInfo(lcSystemd, "all %lld books synced once: telling systemd the service is ready",
               static_cast<long long>(m_total));
    send(QByteArrayLiteral("READY=1\n") + status);
}

void SystemdNotifier::send(const QByteArray &state)
{
    if (!m_active)
        return;
    // Behind a notification still waiting, so that systemd sees them in order.
    if (m_pending.isEmpty() && deliver(state))
        return;
    mergePending(state);
    if (!m_retry.isActive()) {
        m_retryDelay = RetryMin;
        m_retry.start(m_retryDelay);
    }
}

bool SystemdNotifier::deliver(const QByteArray &message)
{
    const ssize_t sent =
            ::sendto(m_fd, message.constData(), size_t(message.size()), MSG_DONTWAIT | MSG_NOSIGNAL,
                     reinterpret_cast<const sockaddr *>(&m_address), m_addressLength);
    if (sent >= 0) {
        if (m_failing)
            qCInfo(lcSystemd, "notifying systemd again after %llu refused attempts",
                   static_cast<unsigned long long>(m_sendFailures));
        m_failing = false;
        return true;
    }

    const int error = errno;
    ++m_sendFailures;
    // Once per outage is enough to explain it; a missed ping is what systemd's watchdog acts on.
    if (!m_failing)
        qCWarning(lcSystemd,
                  "cannot notify systemd on %s: %s; holding the notification and trying again",
                  qgetenv("NOTIFY_SOCKET").constData(), strerror(error));
    m_failing = true;
    return false;
}

void SystemdNotifier::mergePending(const QByteArray &state)
{
    for (const QByteArray &line : state.split('\n')) {
        const QByteArray key = keyOf(line);
        m_pending.removeIf([&](const QByteArray &held) { return keyOf(held) == key; });
        m_pending.append(line);
    }
}

void SystemdNotifier::retryPending()
{
    if (m_pending.isEmpty() || deliver(m_pending.join('\n'))) {
        m_pending.clear();
        return;
    }
    m_retryDelay = std::min(RetryMax, m_retryDelay * 2);
    m_retry.start(m_retryDelay);
}

} // namespace md
