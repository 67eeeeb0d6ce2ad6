#include "enginecontroller.h"

#include "engineworker.h"
#include "uilogging.h"

#include <QTimer>

namespace md {

namespace {

// The service gives Redis a second to take the last state; the rest is closing sockets.
constexpr int ShutdownWaitMs = 3000;

} // namespace

EngineController::EngineController(const Config &config, QObject *parent)
    : QObject(parent)
    , m_worker(new EngineWorker(config))
{
    qRegisterMetaType<MonitorSnapshot>();
    qRegisterMetaType<BookExport>();
    m_thread.setObjectName(QStringLiteral("engine"));
    m_worker->moveToThread(&m_thread);

    connect(m_worker, &EngineWorker::started, this, &EngineController::started);
    connect(m_worker, &EngineWorker::startFailed, this, &EngineController::startFailed);
    connect(m_worker, &EngineWorker::fatalError, this, &EngineController::fatalError);
    connect(m_worker, &EngineWorker::bookExported, this,
            [this](quint64 request, const BookExport &book) {
                if (finishRequest(request))
                    Q_EMIT bookExportReady(request, book);
            });
    connect(m_worker, &EngineWorker::bookExportFailed, this,
            [this](quint64 request, const QString &reason) {
                if (finishRequest(request))
                    Q_EMIT bookExportFailed(request, reason);
            });
    connect(
            m_worker, &EngineWorker::snapshotReady, m_worker,
            [this](const MonitorSnapshot &snapshot) { offer(snapshot); }, Qt::DirectConnection);
    // Direct: the engine thread ends its own loop as soon as the service has stopped, and the
    // same after a failed start, so shutdown() has nothing left to wait for.
    connect(
            m_worker, &EngineWorker::stopped, m_worker, [this] { m_thread.quit(); },
            Qt::DirectConnection);
    connect(
            m_worker, &EngineWorker::startFailed, m_worker, [this] { m_thread.quit(); },
            Qt::DirectConnection);
}

EngineController::~EngineController()
{
    shutdown();
    delete m_worker;
}

void EngineController::start()
{
    if (m_thread.isRunning())
        return;
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, &EngineWorker::start, Qt::QueuedConnection);
}

void EngineController::shutdown()
{
    if (!m_thread.isRunning())
        return;
    QMetaObject::invokeMethod(m_worker, &EngineWorker::stop, Qt::QueuedConnection);
    if (!m_thread.wait(ShutdownWaitMs)) {
        qCWarning(lcUi, "the engine did not stop within %d ms; ending its thread", ShutdownWaitMs);
        m_thread.quit();
        m_thread.wait();
    }
}

quint64 EngineController::requestBookExport(const QString &symbol, size_t depth, int timeoutMs)
{
    const quint64 request = ++m_lastRequest;
    auto *timeout = new QTimer(this);
    timeout->setSingleShot(true);
    connect(timeout, &QTimer::timeout, this, [this, request, symbol, timeoutMs] {
        finishRequest(request);
        qCWarning(lcUi, "the engine did not copy the book of %s within %d ms", qPrintable(symbol),
                  timeoutMs);
        Q_EMIT bookExportFailed(
                request, tr("the engine did not answer within %1 s").arg(timeoutMs / 1000.0));
    });
    m_pendingExports.insert(request, timeout);
    timeout->start(timeoutMs);

    QMetaObject::invokeMethod(
            m_worker,
            [worker = m_worker, request, symbol, depth] {
                worker->exportBook(request, symbol, depth);
            },
            Qt::QueuedConnection);
    return request;
}

bool EngineController::finishRequest(quint64 request)
{
    QTimer *timeout = m_pendingExports.take(request);
    if (!timeout) {
        qCDebug(lcUi, "export request %llu answered after its timeout; dropped",
                static_cast<unsigned long long>(request));
        return false;
    }
    timeout->deleteLater();
    return true;
}

void EngineController::offer(const MonitorSnapshot &snapshot)
{
    QMutexLocker lock(&m_mutex);
    if (m_deliveryQueued)
        ++m_replaced;
    m_pending = snapshot;
    if (m_deliveryQueued)
        return;
    m_deliveryQueued = true;
    QMetaObject::invokeMethod(this, &EngineController::deliver, Qt::QueuedConnection);
}

void EngineController::deliver()
{
    MonitorSnapshot snapshot;
    {
        QMutexLocker lock(&m_mutex);
        snapshot = std::move(m_pending);
        m_pending = MonitorSnapshot();
        m_deliveryQueued = false;
        if (m_replaced > 0) {
            qCDebug(lcUi, "%llu snapshots replaced by newer ones before the window took them",
                    static_cast<unsigned long long>(m_replaced));
            m_replaced = 0;
        }
    }
    Q_EMIT snapshotReady(snapshot);
}

} // namespace md
