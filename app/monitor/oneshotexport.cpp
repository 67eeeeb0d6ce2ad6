#include "oneshotexport.h"

#include "bookexportfile.h"
#include "logging.h"
#include "marketdataengine.h"
#include "marketdataservice.h"

#include <QDateTime>

#include <cstdio>

namespace md {

OneShotExport::OneShotExport(const Config &config, Options options, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_options(std::move(options))
{
    m_engine = new MarketDataEngine(m_config, this);
    connect(m_engine, &MarketDataEngine::symbolStateChanged, this, &OneShotExport::onStateChanged);
    connect(m_engine, &MarketDataEngine::symbolFailed, this,
            [this](const QString &symbol, const QString &reason) {
                qCCritical(lcExport, "%s cannot be exported: %s; check --symbols",
                           qPrintable(symbol), qPrintable(reason));
                finish(MarketDataService::ExitUnknownSymbol);
            });

    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        abandon(QStringLiteral("not synced within --timeout %1 s").arg(m_options.timeout.count()));
    });
}

OneShotExport::~OneShotExport() = default;

void OneShotExport::start()
{
    // A folder that cannot be made is known now; found only at the first sync, it would cost
    // the wait for every snapshot and the REST weight they take.
    QString error;
    if (!bookexportfile::makeFolder(m_options.directory, &error)) {
        qCCritical(lcExport, "%s", qPrintable(error));
        // Queued: the caller's event loop, which the finished signal ends, is not running yet.
        QMetaObject::invokeMethod(
                this, [this] { finish(ExitWriteFailed); }, Qt::QueuedConnection);
        return;
    }
    qCInfo(lcExport, "exporting %s to %s once each book is synced",
           qPrintable(m_config.symbols.join(QLatin1Char(','))), qPrintable(m_options.directory));
    m_timeout.start(m_options.timeout);
    m_engine->start();
}

void OneShotExport::abandon(const QString &reason)
{
    QStringList missing;
    for (const QString &symbol : m_config.symbols) {
        if (!m_written.contains(symbol))
            missing.append(symbol);
    }
    qCCritical(lcExport, "%s: %s; nothing written for them", qPrintable(missing.join(u',')),
               qPrintable(reason));
    finish(ExitIncomplete);
}

void OneShotExport::onStateChanged(const QString &symbol, SyncState state)
{
    const FollowedSymbol *followed = m_engine->symbol(symbol);
    if (m_finished || state != SyncState::Synced || !followed || m_written.contains(symbol))
        return;

    // The copy is taken at the moment the book joins the stream: exactly the exchange's book
    // at that update id.
    const BookExport book = BookExport::take(followed->tracker, m_options.depth,
                                             QDateTime::currentMSecsSinceEpoch());
    QString error;
    const QString path = bookexportfile::write(book, m_options.format, m_options.directory, &error);
    if (path.isEmpty()) {
        qCCritical(lcExport, "%s", qPrintable(error));
        finish(ExitWriteFailed);
        return;
    }
    m_written.insert(symbol);
    std::printf("%s\n", qPrintable(path));
    std::fflush(stdout);
    qCInfo(lcExport, "%s at update id %lld: %zu bids, %zu asks in %s", qPrintable(symbol),
           static_cast<long long>(book.lastUpdateId), book.bids.size(), book.asks.size(),
           qPrintable(path));

    if (m_written.size() == m_config.symbols.size())
        finish(MarketDataService::ExitOk);
}

void OneShotExport::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timeout.stop();
    m_engine->stop();
    Q_EMIT finished(exitCode);
}

} // namespace md
