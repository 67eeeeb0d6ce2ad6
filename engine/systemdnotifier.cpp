#include "systemdnotifier.h"

#include "booksync.h"
#include "logging.h"
#include "marketdataengine.h"

#include <systemd/sd-daemon.h>

#include <cstring>

namespace md {

SystemdNotifier::SystemdNotifier(QObject *parent)
    : QObject(parent)
    , m_active(!qEnvironmentVariableIsEmpty("NOTIFY_SOCKET"))
{
    // sd_watchdog_enabled() answers the interval systemd set in WATCHDOG_USEC, when
    // WATCHDOG_PID is unset or ours. Pinging at half of it leaves a whole half for one late ping.
    uint64_t watchdogUsec = 0;
    if (m_active && sd_watchdog_enabled(0, &watchdogUsec) > 0 && watchdogUsec >= 2000)
        m_pingInterval = std::chrono::milliseconds(watchdogUsec / 2000);

    m_watchdog.setTimerType(Qt::CoarseTimer);
    connect(&m_watchdog, &QTimer::timeout, this, [this] { send(QByteArrayLiteral("WATCHDOG=1")); });
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
    m_total = qsizetype(engine.symbols().size());
    for (const auto &symbol : engine.symbols()) {
        if (symbol->tracker.sync().isSynced())
            bookStateChanged(symbol->name, true);
    }
    connect(&engine, &MarketDataEngine::symbolStateChanged, this,
            [this](const QString &symbol, SyncState state) {
                bookStateChanged(symbol, state == SyncState::Synced);
            });
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

void SystemdNotifier::reportProgress()
{
    const QByteArray status = QByteArrayLiteral("STATUS=") +
                              QByteArray::number(m_syncedNow.size()) + '/' +
                              QByteArray::number(m_total) + " books synced";
    if (m_ready || m_syncedOnce.size() < m_total) {
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

    const int result = sd_notify(0, state.constData());
    if (result >= 0)
        return;

    ++m_sendFailures;
    // Once is enough to explain it; a missed ping is what systemd's watchdog then acts on.
    if (m_sendFailures == 1)
        qCWarning(lcSystemd, "cannot notify systemd on %s: %s (further failures not logged)",
                  qPrintable(qEnvironmentVariable("NOTIFY_SOCKET")), strerror(-result));
}

} // namespace md
