// The desktop window over the real engine: market-data-replay serves a real Binance recording
// over WebSocket and HTTP on loopback, the MarketDataService runs in its worker thread exactly
// as under market-data-monitor, publishing to a real redis-server, and the test reads the
// window as a person would: the symbol table, the depth chart, the ladder and the CPU panel.
#include "depthchartview.h"
#include "enginecontroller.h"
#include "imagecheck.h"
#include "mainwindow.h"
#include "priceladdermodel.h"
#include "processpanel.h"
#include "recordingfacts.h"
#include "servicefixture.h"
#include "symboltablemodel.h"
#include "tradesmodel.h"

#include <QAbstractAxis>
#include <QAbstractItemModel>
#include <QChart>
#include <QChartView>
#include <QHeaderView>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineSeries>
#include <QMenuBar>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QTest>
#include <QTranslator>
#include <QTreeWidget>
#include <QValueAxis>

#include <memory>
#include <optional>

using namespace md;
using namespace md::test;

namespace {

const QString ScreenshotPath = QStringLiteral(MD_BINARY_DIR "/tests/ui/tst_monitorwindow.png");
// Spot BTCUSDT, ETHUSDT and DOTUSDT, 91 s with aggTrades and no bookTicker: 9 s at speed 10.
const char *const Recording = "cryptofeed/spot-2021-04-04-btcusdt-ethusdt-dotusdt.txt";
const QStringList Symbols{QStringLiteral("BTCUSDT"), QStringLiteral("ETHUSDT"),
                          QStringLiteral("DOTUSDT")};
constexpr int ReplayTimeoutMs = 40'000;

QByteArray httpGet(quint16 port, const QString &pathAndQuery)
{
    QNetworkAccessManager manager;
    QNetworkReply *reply = manager.get(QNetworkRequest(
            QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(pathAndQuery))));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(5000))
        return {};
    if (reply->error() != QNetworkReply::NoError)
        qWarning("GET %s: %s", qPrintable(pathAndQuery), qPrintable(reply->errorString()));
    const QByteArray body =
            reply->error() == QNetworkReply::NoError ? reply->readAll() : QByteArray();
    reply->deleteLater();
    return body;
}

// The snapshot with one more row as wide as the bundled demo's widest (DENTUSDT's seven
// decimals), stale and so in bold, with a long run's counters: the short recording's rows
// alone are narrower than what a person sees.
MonitorSnapshot withWidestDemoRow(MonitorSnapshot snapshot)
{
    MonitorSnapshot::Symbol wide = snapshot.symbols.first();
    wide.name = QStringLiteral("RENBTCETH");
    wide.state = SyncState::Synced;
    wide.stale = true;
    wide.lastPrice = QStringLiteral("0.02099100");
    wide.bestBid = QStringLiteral("0.02099000");
    wide.bestAsk = QStringLiteral("0.02099100");
    wide.spread = QStringLiteral("0.00000010");
    wide.updateRate = 19.5;
    wide.lagMs = 178'675'200'000; // 2 068 days: a 2021 recording replayed in 2026
    wide.gaps = 12;
    wide.resyncs = 12;
    wide.auditChecks = 123'456;
    snapshot.symbols.append(wide);
    return snapshot;
}

// The text a person reads in the symbol table, whatever the sort order.
QString cell(const MainWindow &window, const QString &symbol, int column)
{
    const QAbstractItemModel *model = window.symbolTable()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, SymbolTableModel::SymbolColumn).data().toString() == symbol)
            return model->index(row, column).data().toString();
    }
    return QStringLiteral("<no row for %1>").arg(symbol);
}

QList<double> distinctX(const QLineSeries *series)
{
    QList<double> prices;
    for (const QPointF &point : series->points()) {
        if (prices.isEmpty() || prices.last() != point.x())
            prices.append(point.x());
    }
    return prices;
}

// A decimal without its trailing zeros: the window may drop them ("58794.87000000" is shown
// as "58794.87"), but never a digit that counts.
QString exact(const QString &decimal)
{
    if (!decimal.contains(u'.'))
        return decimal;
    QString text = decimal;
    while (text.endsWith(u'0'))
        text.chop(1);
    if (text.endsWith(u'.'))
        text.chop(1);
    return text;
}

// The first cell of `view` whose text the delegate would elide, or whose column lies partly
// outside the viewport, described for a failure message; empty when every text is whole. The
// delegate draws text inside the cell less a margin each side, and a table's cell also less
// its grid line.
QString firstClippedCell(const QAbstractItemView *view, const QHeaderView *header)
{
    const QAbstractItemModel *model = view->model();
    const auto *table = qobject_cast<const QTableView *>(view);
    const int grid = table && table->showGrid() ? 1 : 0;
    const int margin = view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, view) + 1;
    for (int column = 0; column < model->columnCount(); ++column) {
        const int right = header->sectionViewportPosition(column) + header->sectionSize(column);
        if (right > view->viewport()->width()) {
            return QStringLiteral("column %1 ends at %2 of %3 px")
                    .arg(column)
                    .arg(right)
                    .arg(view->viewport()->width());
        }
        const int room = header->sectionSize(column) - grid - 2 * margin;
        for (int row = 0; row < model->rowCount(); ++row) {
            const QModelIndex index = model->index(row, column);
            QFont font = view->font();
            if (const QVariant cellFont = index.data(Qt::FontRole); cellFont.isValid())
                font = qvariant_cast<QFont>(cellFont).resolve(view->font());
            const QString text = index.data().toString();
            const int width = QFontMetrics(font).horizontalAdvance(text);
            if (width > room) {
                return QStringLiteral("row %1 column %2: \"%3\" needs %4 px, has %5")
                        .arg(row)
                        .arg(column)
                        .arg(text)
                        .arg(width)
                        .arg(room);
            }
        }
    }
    return {};
}

// 1, 2, 2.5 or 5 times a power of ten, as a person would pick a step.
double mantissaOf(double step)
{
    return step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
}

bool isRoundStep(double step)
{
    const double mantissa = mantissaOf(step);
    for (double round : {1.0, 2.0, 2.5, 5.0}) {
        if (std::abs(mantissa - round) < 1e-9)
            return true;
    }
    return false;
}

// What is wrong with the ticks of `axis`, empty when they are round numbers: a round step from
// an anchor on a multiple of it, between `fewest` and seven ticks in the range, and labels with
// the step's decimals and no more.
QString tickProblem(const QValueAxis *axis, int fewest)
{
    const double step = axis->tickInterval();
    if (axis->tickType() != QValueAxis::TicksDynamic || !isRoundStep(step))
        return QStringLiteral("ticks of type %1, every %2").arg(axis->tickType()).arg(step);
    const double anchorSteps = axis->tickAnchor() / step;
    if (std::abs(anchorSteps - std::round(anchorSteps)) > 1e-6)
        return QStringLiteral("anchor %1 for a step of %2").arg(axis->tickAnchor()).arg(step);
    const double first = std::ceil(axis->min() / step - 1e-9);
    const int ticks = int(std::floor(axis->max() / step + 1e-9) - first) + 1;
    if (ticks < fewest || ticks > 7) {
        return QStringLiteral("%1 ticks of %2 from %3 to %4")
                .arg(ticks)
                .arg(step)
                .arg(axis->min())
                .arg(axis->max());
    }
    // 2.5 times a power of ten has one decimal more than the power.
    const bool quarter = std::abs(mantissaOf(step) - 2.5) < 1e-9;
    const int decimals = std::max(0, int(std::ceil(-std::log10(step) - 1e-9)) + (quarter ? 1 : 0));
    if (axis->labelFormat() != QStringLiteral("%.%1f").arg(decimals))
        return QStringLiteral("format %1 for a step of %2").arg(axis->labelFormat()).arg(step);
    return {};
}

} // namespace

class tst_MonitorWindow : public QObject, private ServiceFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void showsTheRecordingAsTheExchangeHadIt();
    void countsInjectedGaps();
    void germanTranslationChangesTheLabels();
    void numbersFitInEveryLanguage_data();
    void numbersFitInEveryLanguage();
    void depthAxesHaveRoundTicks();
    void processChartTellsItsLinesApart();
    void damagedSplitterStateKeepsTheLayout();

private:
    void startReplay(const QStringList &flags, int speed = 10);
    void startEngine();
    void waitForReplayEnd();
    void expectFinalBooks(const QString &gaps);
    const MonitorSnapshot &recordedSnapshot();

    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<EngineController> m_engine;
    std::map<QString, FinalState> m_expected;
    std::optional<MonitorSnapshot> m_recorded; // the window's last snapshot of a whole replay
};

void tst_MonitorWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(hasRedisServer(), "redis-server is not installed");

    // The window's settings go to a directory of the test's own, never the user's.
    QCoreApplication::setOrganizationName(QStringLiteral("MarketDataMonitorTest"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());

    // finalState() follows one symbol from the first snapshot it sees, so each symbol gets
    // the recording without the other symbols' snapshots.
    const std::vector<Message> messages = readAll({dataFile(Recording)});
    for (const QString &symbol : Symbols) {
        m_expected[symbol] = finalState(messagesFor(messages, symbol), symbol, false);
        QVERIFY(!m_expected[symbol].lastTradePrice.isEmpty());
    }
}

void tst_MonitorWindow::init()
{
    QVERIFY(startRedis());
    m_replayPort = freePort();
}

void tst_MonitorWindow::cleanup()
{
    if (QTest::currentTestFailed())
        dumpLogs();
    m_engine.reset();
    m_window.reset();
    stopServers();
}

void tst_MonitorWindow::startReplay(const QStringList &flags, int speed)
{
    QVERIFY(m_replay.start(m_replayPort, {dataFile(Recording)},
                           QStringList{QStringLiteral("--speed"), QString::number(speed)} + flags));
}

void tst_MonitorWindow::startEngine()
{
    Config config = ConfigLoader::defaults(Market::Spot);
    config.symbols = Symbols;
    config.tradeStream = QStringLiteral("aggTrade");
    config.wsUrl = QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_replayPort));
    config.restUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_replayPort));
    config.redis.url = QStringLiteral("redis://127.0.0.1:%1/0").arg(m_redis->port());
    config.health.port = freePort();

    m_window = std::make_unique<MainWindow>();
    m_window->resize(1360, 820);
    m_window->show();
    m_engine = std::make_unique<EngineController>(config);
    connect(m_engine.get(), &EngineController::snapshotReady, m_window.get(),
            &MainWindow::showSnapshot);
    QSignalSpy started(m_engine.get(), &EngineController::started);
    m_engine->start();
    QVERIFY(started.wait(5000));
}

void tst_MonitorWindow::waitForReplayEnd()
{
    QTRY_VERIFY_WITH_TIMEOUT(m_replay.hasFinished(), ReplayTimeoutMs);
}

void tst_MonitorWindow::expectFinalBooks(const QString &gaps)
{
    // At the end, the books the recording describes: what the table shows is exactly the
    // exchange's last trade and best levels, never a rounded number.
    for (const QString &symbol : Symbols) {
        const FinalState &expected = m_expected[symbol];
        QTRY_COMPARE_WITH_TIMEOUT(exact(cell(*m_window, symbol, SymbolTableModel::BidColumn)),
                                  exact(expected.top.bidPrice), 3000);
        QTRY_COMPARE_WITH_TIMEOUT(exact(cell(*m_window, symbol, SymbolTableModel::AskColumn)),
                                  exact(expected.top.askPrice), 3000);
        QTRY_COMPARE_WITH_TIMEOUT(exact(cell(*m_window, symbol, SymbolTableModel::LastPriceColumn)),
                                  exact(expected.lastTradePrice), 3000);
        QCOMPARE(cell(*m_window, symbol, SymbolTableModel::StateColumn), QStringLiteral("synced"));
        QCOMPARE(cell(*m_window, symbol, SymbolTableModel::GapsColumn), gaps);
        QCOMPARE(m_window->lastSnapshot().symbols.size(), Symbols.size());
    }
}

void tst_MonitorWindow::showsTheRecordingAsTheExchangeHadIt()
{
    startReplay({});
    startEngine();
    waitForReplayEnd();
    expectFinalBooks(QStringLiteral("0"));
    if (QTest::currentTestFailed())
        return;

    // The depth chart of the selected symbol holds the book's top levels: the same prices the
    // replay server's own reference book gives over REST.
    m_window->selectSymbol(QStringLiteral("BTCUSDT"));
    const QJsonObject depth =
            QJsonDocument::fromJson(
                    httpGet(m_replayPort, QStringLiteral("/api/v3/depth?symbol=BTCUSDT"
                                                         "&limit=20")))
                    .object();
    QList<double> bids, asks;
    for (const QJsonValue &level : depth[QLatin1String("bids")].toArray())
        bids.append(level.toArray()[0].toString().toDouble());
    for (const QJsonValue &level : depth[QLatin1String("asks")].toArray())
        asks.append(level.toArray()[0].toString().toDouble());
    QCOMPARE(bids.size(), 20);
    QTRY_COMPARE_WITH_TIMEOUT(distinctX(m_window->depthChart()->bidLine()), bids, 2000);
    QCOMPARE(distinctX(m_window->depthChart()->askLine()), asks);
    QCOMPARE(m_window->depthChart()->bidLine()->points().first().y(), 0.0);

    // The ladder shows the best bid and ask as the exchange wrote them.
    const QAbstractItemModel *ladder = m_window->priceLadder()->model();
    const auto ladderPrice = [ladder](int row) {
        return exact(ladder->index(row, PriceLadderModel::PriceColumn).data().toString());
    };
    QCOMPARE(ladderPrice(PriceLadderModel::bestBidRow()),
             exact(m_expected[QStringLiteral("BTCUSDT")].top.bidPrice));
    QCOMPARE(ladderPrice(PriceLadderModel::bestBidRow() - 1),
             exact(m_expected[QStringLiteral("BTCUSDT")].top.askPrice));

    // The process panel has measured this very process.
    static const QRegularExpression percent(QStringLiteral("^\\d+[.,]\\d%$"));
    QVERIFY2(percent.match(m_window->processPanel()->cpuText()).hasMatch(),
             qPrintable(m_window->processPanel()->cpuText()));
    QVERIFY(m_window->processPanel()->cpuSeries()->count() >= 5);

    // A picture of the window, kept as an artifact, with something drawn in it.
    const QImage image = m_window->grab().toImage();
    QVERIFY(image.save(ScreenshotPath));
    const int colours = distinctColours(image);
    QVERIFY2(colours > 64, qPrintable(QString::number(colours)));
    qInfo("window grabbed to %s: %d distinct colours", qPrintable(ScreenshotPath), colours);

    // The selected symbol survives a restart of the window.
    m_window->selectSymbol(QStringLiteral("ETHUSDT"));
    QCOMPARE(m_window->selectedSymbol(), QStringLiteral("ETHUSDT"));
    m_window->close();
    MainWindow reopened;
    reopened.showSnapshot(m_window->lastSnapshot());
    QCOMPARE(reopened.selectedSymbol(), QStringLiteral("ETHUSDT"));
    QCOMPARE(reopened.depthChart()->bidLine()->points().size(),
             2 * m_window->lastSnapshot().symbols[1].bids.size());
}

void tst_MonitorWindow::countsInjectedGaps()
{
    // Each symbol's 300th and 600th depth event never sent: two gaps, each after every book
    // has synced (snapshots are paced a second apart) and repaired from a fresh snapshot long
    // before the next. Half the speed of the other test leaves room for both.
    startReplay({QStringLiteral("--skip-depth"), QStringLiteral("300,600")}, 5);
    startEngine();
    QTRY_COMPARE_WITH_TIMEOUT(
            cell(*m_window, QStringLiteral("BTCUSDT"), SymbolTableModel::GapsColumn),
            QStringLiteral("1"), ReplayTimeoutMs);
    waitForReplayEnd();
    expectFinalBooks(QStringLiteral("2"));
    if (QTest::currentTestFailed())
        return;
    for (const QString &symbol : Symbols)
        QCOMPARE(cell(*m_window, symbol, SymbolTableModel::ResyncsColumn), QStringLiteral("2"));
}

void tst_MonitorWindow::germanTranslationChangesTheLabels()
{
    QTranslator german;
    QVERIFY(german.load(QLocale(QLocale::German), QStringLiteral("market-data-monitor"),
                        QStringLiteral("_"), QStringLiteral(":/i18n")));
    QVERIFY(QCoreApplication::installTranslator(&german));

    MainWindow window;
    QCOMPARE(window.symbolTable()->model()->headerData(SymbolTableModel::LastPriceColumn,
                                                       Qt::Horizontal),
             QVariant(QStringLiteral("Letzter Preis")));
    QCOMPARE(window.menuBar()->actions().first()->text(), QStringLiteral("&Datei"));

    // Taken out again, the same window switches back to English as it runs.
    QCoreApplication::removeTranslator(&german);
    QTRY_COMPARE(window.menuBar()->actions().first()->text(), QStringLiteral("&File"));
}

const MonitorSnapshot &tst_MonitorWindow::recordedSnapshot()
{
    // One replay serves every language: the same real books and trades, shown in each.
    if (!m_recorded) {
        startReplay({});
        startEngine();
        waitForReplayEnd();
        expectFinalBooks(QStringLiteral("0"));
        m_recorded = m_window->lastSnapshot();
        m_engine.reset();
        m_window.reset();
    }
    return *m_recorded;
}

void tst_MonitorWindow::numbersFitInEveryLanguage_data()
{
    QTest::addColumn<QString>("language");
    for (const char *language : {"en", "de", "ru", "zh_CN"})
        QTest::newRow(language) << QString::fromLatin1(language);
}

void tst_MonitorWindow::numbersFitInEveryLanguage()
{
    QFETCH(QString, language);
    const MonitorSnapshot &snapshot = recordedSnapshot();
    if (QTest::currentTestFailed())
        return;
    QTranslator translator;
    if (language != QStringLiteral("en")) {
        QVERIFY(translator.load(QLocale(language), QStringLiteral("market-data-monitor"),
                                QStringLiteral("_"), QStringLiteral(":/i18n")));
        QVERIFY(QCoreApplication::installTranslator(&translator));
    }

    // The window at its default size and layout, as a person first sees it.
    QSettings().clear();
    MainWindow window;
    window.resize(1360, 820);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    for (const QString &symbol : Symbols) {
        window.showSnapshot(snapshot);
        window.selectSymbol(symbol);
        const QString where = symbol + QStringLiteral(": ");
        QVERIFY(!window.tradesTable()->model()->index(0, TradesModel::PriceColumn).data().isNull());
        QTRY_COMPARE(where + firstClippedCell(window.priceLadder(),
                                              window.priceLadder()->horizontalHeader()),
                     where);
        QTRY_COMPARE(where + firstClippedCell(window.tradesTable(),
                                              window.tradesTable()->horizontalHeader()),
                     where);
    }
    const auto *feeds = window.processPanel()->findChild<QTreeWidget *>(QStringLiteral("feedList"));
    QVERIFY(feeds);
    QCOMPARE(feeds->topLevelItemCount(), snapshot.feeds.size());
    QTRY_COMPARE(firstClippedCell(feeds, feeds->header()), QString());

    // Every column of the symbols table in sight at once, without scrolling sideways, and
    // without the window growing past its default width to make room.
    // Twice, as snapshots keep coming: the first after a new set of rows resets the table.
    window.showSnapshot(withWidestDemoRow(snapshot));
    window.showSnapshot(withWidestDemoRow(snapshot));
    const QTableView *symbols = window.symbolTable();
    QTRY_COMPARE(firstClippedCell(symbols, symbols->horizontalHeader()), QString());
    QCOMPARE(symbols->horizontalScrollBar()->maximum(), 0);
    QCOMPARE(window.width(), 1360);
    QCoreApplication::removeTranslator(&translator);
}

void tst_MonitorWindow::depthAxesHaveRoundTicks()
{
    const MonitorSnapshot &snapshot = recordedSnapshot();
    if (QTest::currentTestFailed())
        return;
    MainWindow window;
    window.showSnapshot(snapshot);
    for (const MonitorSnapshot::Symbol &symbol : snapshot.symbols) {
        window.selectSymbol(symbol.name);
        const QString where = symbol.name + QStringLiteral(": ");
        const QValueAxis *prices = window.depthChart()->priceAxis();
        const QValueAxis *quantities = window.depthChart()->quantityAxis();
        QCOMPARE(where + tickProblem(prices, 3), where);
        QCOMPARE(where + tickProblem(quantities, 3), where);

        // Centred on the book, with every level in sight, and the deepest side below the top.
        const double mid = (symbol.bids.first().price + symbol.asks.first().price) / 2;
        QVERIFY(std::abs((prices->min() + prices->max()) / 2 - mid) < 1e-9 * mid);
        QVERIFY(prices->min() < symbol.bids.last().price);
        QVERIFY(prices->max() > symbol.asks.last().price);
        QCOMPARE(quantities->min(), 0.0);
        const QList<QPointF> bids = window.depthChart()->bidLine()->points();
        const QList<QPointF> asks = window.depthChart()->askLine()->points();
        QVERIFY(quantities->max() > std::max(bids.last().y(), asks.last().y()));
    }
}

void tst_MonitorWindow::processChartTellsItsLinesApart()
{
    // Hues a quarter turn apart or more, as blue and orange are, and the memory line dashed.
    ProcessPanel panel;
    const QPen cpu = panel.cpuSeries()->pen();
    const QPen rss = panel.rssSeries()->pen();
    const int apart = std::abs(cpu.color().hslHue() - rss.color().hslHue());
    QVERIFY2(std::min(apart, 360 - apart) >= 90,
             qPrintable(cpu.color().name() + QStringLiteral(" and ") + rss.color().name()));
    QCOMPARE(rss.style(), Qt::DashLine);

    // Every axis says what it measures, in every shipped language.
    const auto *view = panel.findChild<QChartView *>();
    QVERIFY(view);
    const QList<QAbstractAxis *> axes = view->chart()->axes();
    QCOMPARE(axes.size(), 3);
    for (const char *language : {"de", "ru", "zh_CN"}) {
        QTranslator translator;
        QVERIFY(translator.load(QLocale(QString::fromLatin1(language)),
                                QStringLiteral("market-data-monitor"), QStringLiteral("_"),
                                QStringLiteral(":/i18n")));
        for (const QAbstractAxis *axis : axes) {
            QVERIFY(!axis->titleText().isEmpty());
            const QString translated =
                    translator.translate("md::ProcessPanel", axis->titleText().toUtf8());
            QVERIFY2(!translated.isEmpty(), qPrintable(QStringLiteral("%1: %2").arg(
                                                    QLatin1String(language), axis->titleText())));
        }
    }
}

void tst_MonitorWindow::damagedSplitterStateKeepsTheLayout()
{
    // A state saved from a vertical splitter where the layout has a horizontal one.
    QSplitter vertical(Qt::Vertical);
    vertical.addWidget(new QWidget);
    vertical.addWidget(new QWidget);
    {
        QSettings settings;
        settings.setValue(QStringLiteral("window/mainSplitter"), vertical.saveState());
    }

    MainWindow window;
    const auto *mainSplitter = window.findChild<QSplitter *>(QStringLiteral("mainSplitter"));
    QVERIFY(mainSplitter);
    QCOMPARE(mainSplitter->orientation(), Qt::Horizontal);
    QSettings().remove(QStringLiteral("window/mainSplitter"));
}

QTEST_MAIN(tst_MonitorWindow)
#include "tst_monitorwindow.moc"
