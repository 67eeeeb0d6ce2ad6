#include "engineworker.h"

#include "marketdataengine.h"
#include "marketdataservice.h"
#include "uilogging.h"

#include <QDateTime>

namespace md {

namespace {

// About ten pictures a second are all a person can read; the engine is never asked for more.
constexpr auto SnapshotInterval = std::chrono::milliseconds(100);

} // namespace

EngineWorker::EngineWorker(const Config &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_snapshotTimer(this)
{
    m_snapshotTimer.setInterval(SnapshotInterval);
    connect(&m_snapshotTimer, &QTimer::timeout, this, &EngineWorker::takeSnapshot);
}

EngineWorker::~EngineWorker()
{
    delete m_service;
}

void EngineWorker::start()
{
    Q_ASSERT(!m_service);
    m_service = new MarketDataService(m_config, this);
    connect(m_service, &MarketDataService::fatalError, this, &EngineWorker::fatalError);
    connect(m_service, &MarketDataService::stopped, this, &EngineWorker::finish);

    QString error;
    if (const int exitCode = m_service->start(&error); exitCode != MarketDataService::ExitOk) {
        qCCritical(lcUi, "the engine cannot start: %s", qPrintable(error));
        delete m_service;
        m_service = nullptr;
        Q_EMIT startFailed(error, exitCode);
        return;
    }
    qCInfo(lcUi, "engine running on its own thread, %lld symbols",
           static_cast<long long>(m_config.symbols.size()));
    m_snapshotTimer.start();
    takeSnapshot();
    Q_EMIT started();
}

void EngineWorker::stop()
{
    m_snapshotTimer.stop();
    if (!m_service) {
        Q_EMIT stopped();
        return;
    }
    if (m_stopping)
        return;
    m_stopping = true;
    m_service->stop();
}

void EngineWorker::exportBook(quint64 request, const QString &symbol, size_t depth)
{
    if (!m_service || m_stopping) {
        Q_EMIT bookExportFailed(request, tr("the engine is not running"));
        return;
    }
    const FollowedSymbol *followed = m_service->engine().symbol(symbol);
    if (!followed) {
        Q_EMIT bookExportFailed(request, tr("%1 is not followed").arg(symbol));
        return;
    }

    const BookExport book =
            BookExport::take(followed->tracker, depth, QDateTime::currentMSecsSinceEpoch());
    qCDebug(lcUi, "book of %s copied for export at update id %lld: %zu bids, %zu asks",
            qPrintable(symbol), static_cast<long long>(book.lastUpdateId), book.bids.size(),
            book.asks.size());
    Q_EMIT bookExported(request, book);
}

void EngineWorker::takeSnapshot()
{
    m_last = buildMonitorSnapshot(*m_service, m_hasLast ? &m_last : nullptr);
    m_hasLast = true;
    Q_EMIT snapshotReady(m_last);
}

void EngineWorker::finish()
{
    // stopped() may come from inside the service's own call stack; delete it once that unwinds.
    m_service->deleteLater();
    m_service = nullptr;
    m_stopping = false;
    qCInfo(lcUi, "engine stopped");
    Q_EMIT stopped();
}

} // namespace md
