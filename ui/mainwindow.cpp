#include "mainwindow.h"

#include "columnfit.h"
#include "depthchartview.h"
#include "displaytext.h"
#include "exportdialog.h"
#include "priceladdermodel.h"
#include "processpanel.h"
#include "snapshotexporter.h"
#include "sortedsectionheader.h"
#include "symboltablemodel.h"
#include "tradesmodel.h"
#include "uilogging.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileInfo>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QVBoxLayout>

namespace md {

namespace {

const QString GeometryKey = QStringLiteral("window/geometry");
const QString MainSplitterKey = QStringLiteral("window/mainSplitter");
const QString MarketSplitterKey = QStringLiteral("window/marketSplitter");
const QString DetailSplitterKey = QStringLiteral("window/detailSplitter");
const QString SelectedSymbolKey = QStringLiteral("selection/symbol");
const QString ShowDepthKey = QStringLiteral("view/depthChart");
const QString ShowLadderKey = QStringLiteral("view/priceLadder");
const QString ShowTradesKey = QStringLiteral("view/trades");
const QString ShowProcessKey = QStringLiteral("view/processPanel");
// Between a status message and the first permanent label: the status bar's own spacing.
constexpr int StatusMessageMargin = 24;

QTableView *createTable(QWidget *parent, const QString &name)
{
    auto *view = new QTableView(parent);
    view->setObjectName(name);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    // Tab moves to the next panel; arrows move within a table.
    view->setTabKeyNavigation(false);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    return view;
}

QGroupBox *boxAround(QWidget *content, QWidget *parent)
{
    auto *box = new QGroupBox(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(content);
    return box;
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_symbolModel(new SymbolTableModel(this))
    , m_symbolProxy(new QSortFilterProxyModel(this))
    , m_ladderModel(new PriceLadderModel(this))
    , m_tradesModel(new TradesModel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    // PNGs rather than the SVG: they need no image plugin.
    QIcon icon;
    for (int size : {32, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/market-data-monitor-%1.png").arg(size));
    setWindowIcon(icon);
    m_symbolProxy->setSourceModel(m_symbolModel);
    m_symbolProxy->setSortRole(SymbolTableModel::SortRole);

    createActions();
    createMenus();
    setCentralWidget(createCentralWidget());
    createStatusBar();
    retranslate();
    restoreSettings();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    m_exportAction = new QAction(this);
    m_exportAction->setObjectName(QStringLiteral("exportAction"));
    // Enabled once there is an engine to ask for books.
    m_exportAction->setEnabled(false);
    connect(m_exportAction, &QAction::triggered, this, &MainWindow::openExportDialog);
    m_quitAction = new QAction(this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    const auto toggle = [this](const QKeySequence &shortcut) {
        auto *action = new QAction(this);
        action->setCheckable(true);
        action->setChecked(true);
        action->setShortcut(shortcut);
        connect(action, &QAction::toggled, this, &MainWindow::applyPanelVisibility);
        return action;
    };
    m_showDepthAction = toggle(QKeySequence(Qt::CTRL | Qt::Key_1));
    m_showLadderAction = toggle(QKeySequence(Qt::CTRL | Qt::Key_2));
    m_showTradesAction = toggle(QKeySequence(Qt::CTRL | Qt::Key_3));
    m_showProcessAction = toggle(QKeySequence(Qt::CTRL | Qt::Key_4));
    m_resetLayoutAction = new QAction(this);
    connect(m_resetLayoutAction, &QAction::triggered, this, &MainWindow::resetLayout);

    m_aboutAction = new QAction(this);
    m_aboutAction->setShortcut(QKeySequence::HelpContents);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    m_aboutQtAction = new QAction(this);
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
    connect(m_aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->addAction(m_exportAction);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_quitAction);

    m_viewMenu = menuBar()->addMenu(QString());
    m_viewMenu->addAction(m_showDepthAction);
    m_viewMenu->addAction(m_showLadderAction);
    m_viewMenu->addAction(m_showTradesAction);
    m_viewMenu->addAction(m_showProcessAction);
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_resetLayoutAction);

    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->addAction(m_aboutAction);
    m_helpMenu->addAction(m_aboutQtAction);
}

QWidget *MainWindow::createCentralWidget()
{
    m_symbolTable = createTable(this, QStringLiteral("symbolTable"));
    m_symbolTable->setHorizontalHeader(new SortedSectionHeader(m_symbolTable));
    m_symbolTable->setModel(m_symbolProxy);
    m_symbolTable->setSortingEnabled(true);
    m_symbolTable->sortByColumn(SymbolTableModel::SymbolColumn, Qt::AscendingOrder);
    m_symbolTable->verticalHeader()->hide();
    // Ten-odd rows: fitting the columns to every update costs little and no price is cut off;
    // the table takes the room it needs from the process panel beside it.
    fitColumnsToContents(m_symbolTable, m_symbolTable->horizontalHeader(),
                         SymbolTableModel::AuditColumn);
    connect(m_symbolTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::currentSymbolChanged);

    m_depthChart = new DepthChartView(this);
    m_depthChart->setObjectName(QStringLiteral("depthChart"));

    m_ladderView = createTable(this, QStringLiteral("priceLadder"));
    m_ladderView->setModel(m_ladderModel);
    // The price, centred, takes the spare room: the ladder stays symmetric about it.
    fitColumnsToContents(m_ladderView, m_ladderView->horizontalHeader(),
                         PriceLadderModel::PriceColumn);
    m_ladderView->verticalHeader()->hide();
    m_ladderView->setSelectionMode(QAbstractItemView::NoSelection);
    m_ladderView->setAlternatingRowColors(false);
    m_ladderBox = boxAround(m_ladderView, this);

    m_tradesView = createTable(this, QStringLiteral("trades"));
    m_tradesView->setModel(m_tradesModel);
    m_tradesView->verticalHeader()->hide();
    // The spare room goes before the right-aligned prices, keeping time and price apart.
    fitColumnsToContents(m_tradesView, m_tradesView->horizontalHeader(), TradesModel::PriceColumn);
    m_tradesView->setSelectionMode(QAbstractItemView::NoSelection);
    m_tradesBox = boxAround(m_tradesView, this);

    m_processPanel = new ProcessPanel(this);
    m_processPanel->setObjectName(QStringLiteral("processPanel"));
    m_processBox = boxAround(m_processPanel, this);

    m_detailSplitter = new QSplitter(Qt::Horizontal, this);
    m_detailSplitter->setObjectName(QStringLiteral("detailSplitter"));
    m_detailSplitter->addWidget(m_depthChart);
    m_detailSplitter->addWidget(m_ladderBox);
    m_detailSplitter->addWidget(m_tradesBox);

    m_marketSplitter = new QSplitter(Qt::Vertical, this);
    m_marketSplitter->setObjectName(QStringLiteral("marketSplitter"));
    m_marketSplitter->addWidget(m_symbolTable);
    m_marketSplitter->addWidget(m_detailSplitter);

    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_mainSplitter->addWidget(m_marketSplitter);
    m_mainSplitter->addWidget(m_processBox);
    for (QSplitter *splitter : {m_mainSplitter, m_marketSplitter, m_detailSplitter})
        splitter->setChildrenCollapsible(false);
    resetLayout();

    setTabOrder(m_symbolTable, m_ladderView);
    setTabOrder(m_ladderView, m_tradesView);
    return m_mainSplitter;
}

void MainWindow::createStatusBar()
{
    const auto add = [this](const char *name) {
        auto *label = new QLabel(this);
        label->setObjectName(QLatin1String(name));
        statusBar()->addPermanentWidget(label);
        return label;
    };
    m_booksStatus = add("booksStatus");
    m_messagesStatus = add("messagesStatus");
    m_cpuStatus = add("cpuStatus");
    m_rssStatus = add("rssStatus");
    m_redisStatus = add("redisStatus");
    m_healthStatus = add("healthStatus");
}

void MainWindow::retranslate()
{
    setWindowTitle(m_sourceDescription.isEmpty()
                           ? tr("Market Data Monitor")
                           : tr("Market Data Monitor — %1").arg(m_sourceDescription));
    m_fileMenu->setTitle(tr("&File"));
    m_exportAction->setText(tr("&Export snapshot…"));
    m_exportAction->setToolTip(tr("Write one symbol's order book to a JSON or CSV file"));
    m_quitAction->setText(tr("&Quit"));
    m_viewMenu->setTitle(tr("&View"));
    m_showDepthAction->setText(tr("&Depth chart"));
    m_showLadderAction->setText(tr("Price &ladder"));
    m_showTradesAction->setText(tr("Last &trades"));
    m_showProcessAction->setText(tr("&Process health"));
    m_resetLayoutAction->setText(tr("&Reset layout"));
    m_helpMenu->setTitle(tr("&Help"));
    m_aboutAction->setText(tr("&About Market Data Monitor"));
    m_aboutQtAction->setText(tr("About &Qt"));
    m_processBox->setTitle(tr("Process health"));
    m_symbolTable->setAccessibleName(tr("Symbols"));
    m_ladderView->setAccessibleName(tr("Price ladder"));
    m_tradesView->setAccessibleName(tr("Last trades"));
    m_shownGeneration.reset();
    updateDetails();
    updateStatusBar();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::setSourceDescription(const QString &description)
{
    m_sourceDescription = description;
    retranslate();
}

void MainWindow::showStatusMessage(const QString &message)
{
    statusBar()->showMessage(message, 10'000);
}

void MainWindow::applyOrientations()
{
    m_mainSplitter->setOrientation(Qt::Horizontal);
    m_marketSplitter->setOrientation(Qt::Vertical);
    m_detailSplitter->setOrientation(Qt::Horizontal);
}

void MainWindow::resetLayout()
{
    applyOrientations();
    m_mainSplitter->setSizes({900, 360});
    m_marketSplitter->setSizes({260, 440});
    m_detailSplitter->setSizes({460, 260, 300});
    for (QAction *action :
         {m_showDepthAction, m_showLadderAction, m_showTradesAction, m_showProcessAction}) {
        action->setChecked(true);
    }
}

void MainWindow::applyPanelVisibility()
{
    m_depthChart->setVisible(m_showDepthAction->isChecked());
    m_ladderBox->setVisible(m_showLadderAction->isChecked());
    m_tradesBox->setVisible(m_showTradesAction->isChecked());
    m_processBox->setVisible(m_showProcessAction->isChecked());
    m_detailSplitter->setVisible(m_showDepthAction->isChecked() ||
                                 m_showLadderAction->isChecked() ||
                                 m_showTradesAction->isChecked());
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(GeometryKey).toByteArray()))
        resize(1360, 820);
    m_mainSplitter->restoreState(settings.value(MainSplitterKey).toByteArray());
    m_marketSplitter->restoreState(settings.value(MarketSplitterKey).toByteArray());
    m_detailSplitter->restoreState(settings.value(DetailSplitterKey).toByteArray());
    // A saved state carries an orientation too; the layout's is part of its design, and a
    // damaged settings file must not stack every panel in one column.
    applyOrientations();
    m_showDepthAction->setChecked(settings.value(ShowDepthKey, true).toBool());
    m_showLadderAction->setChecked(settings.value(ShowLadderKey, true).toBool());
    m_showTradesAction->setChecked(settings.value(ShowTradesKey, true).toBool());
    m_showProcessAction->setChecked(settings.value(ShowProcessKey, true).toBool());
    m_selectedSymbol = settings.value(SelectedSymbolKey).toString();
    applyPanelVisibility();
    m_settingsRestored = true;
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(GeometryKey, saveGeometry());
    settings.setValue(MainSplitterKey, m_mainSplitter->saveState());
    settings.setValue(MarketSplitterKey, m_marketSplitter->saveState());
    settings.setValue(DetailSplitterKey, m_detailSplitter->saveState());
    settings.setValue(ShowDepthKey, m_showDepthAction->isChecked());
    settings.setValue(ShowLadderKey, m_showLadderAction->isChecked());
    settings.setValue(ShowTradesKey, m_showTradesAction->isChecked());
    settings.setValue(ShowProcessKey, m_showProcessAction->isChecked());
    if (!m_selectedSymbol.isEmpty())
        settings.setValue(SelectedSymbolKey, m_selectedSymbol);
    settings.sync();
    if (settings.status() != QSettings::NoError)
        qCWarning(lcUi, "could not save the window settings to %s",
                  qPrintable(settings.fileName()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::showSnapshot(const MonitorSnapshot &snapshot)
{
    const bool first = m_symbolModel->rowCount() == 0;
    m_snapshot = snapshot;
    m_symbolModel->setSnapshot(snapshot);
    if (first && m_symbolModel->rowCount() > 0) {
        // The symbol remembered from the last run, if it is still followed; else the first row.
        const QString wanted = m_selectedSymbol;
        if (m_symbolModel->rowOf(wanted) >= 0)
            selectSymbol(wanted);
        else
            m_symbolTable->selectRow(0);
    }
    updateDetails();
    m_processPanel->setSnapshot(snapshot);
    updateStatusBar();
    if (m_exportDialog)
        m_exportDialog->setSnapshot(snapshot);
}

void MainWindow::setEngine(EngineController *engine)
{
    delete m_exporter;
    m_exporter = new SnapshotExporter(engine, this);
    connect(m_exporter, &SnapshotExporter::busyChanged, m_exportAction,
            [this](bool busy) { m_exportAction->setEnabled(!busy); });
    connect(m_exporter, &SnapshotExporter::finished, this, &MainWindow::showExportSuccess);
    connect(m_exporter, &SnapshotExporter::failed, this, &MainWindow::showExportFailure);
    m_exportAction->setEnabled(true);
}

ExportDialog *MainWindow::exportDialog() const
{
    return m_exportDialog;
}

void MainWindow::openExportDialog()
{
    if (m_exportDialog) {
        m_exportDialog->raise();
        m_exportDialog->activateWindow();
        return;
    }
    m_exportDialog = new ExportDialog(m_snapshot, m_selectedSymbol, this);
    m_exportDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_exportDialog, &QDialog::accepted, this, [this] {
        const ExportChoice choice = m_exportDialog->choice();
        showStatusMessage(tr("Exporting the book of %1…").arg(choice.symbol));
        m_exporter->start(choice);
    });
    // Not exec(): snapshots keep arriving, and the dialog shows books as they sync.
    m_exportDialog->open();
}

void MainWindow::showExportSuccess(const QString &symbol, const QString &path, int bids, int asks)
{
    ExportDialog::rememberFolder(path);

    // The status bar's permanent labels cover a long message: the folder gives way, in its
    // middle, so that the file name and the levels written stay readable.
    const QFileInfo file(path);
    const QString separator = QDir::toNativeSeparators(QStringLiteral("/"));
    const QString message =
            tr("Exported %1, %2 bids and %3 asks, to %4").arg(symbol).arg(bids).arg(asks);
    const QString withoutFolder = message.arg(separator + file.fileName());
    const int room = m_booksStatus->x() -
                     statusBar()->fontMetrics().horizontalAdvance(withoutFolder) -
                     StatusMessageMargin;
    const QString folder = QDir::toNativeSeparators(file.absolutePath());
    const QString shownFolder =
            room > 0 ? statusBar()->fontMetrics().elidedText(folder, Qt::ElideMiddle, room)
                     : folder;
    showStatusMessage(message.arg(shownFolder + separator + file.fileName()));
}

void MainWindow::showExportFailure(const QString &message, const QString &reason)
{
    statusBar()->clearMessage();
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Export snapshot"), message,
                                QMessageBox::Close, this);
    box->setObjectName(QStringLiteral("exportFailure"));
    box->setInformativeText(reason);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::selectSymbol(const QString &symbol)
{
    const int row = m_symbolModel->rowOf(symbol);
    if (row < 0)
        return;
    const QModelIndex index = m_symbolProxy->mapFromSource(m_symbolModel->index(row, 0));
    m_symbolTable->setCurrentIndex(index);
    m_symbolTable->selectRow(index.row());
}

void MainWindow::currentSymbolChanged()
{
    const QModelIndex current = m_symbolProxy->mapToSource(m_symbolTable->currentIndex());
    const QString symbol = m_symbolModel->symbolAt(current.row());
    if (symbol.isEmpty())
        return;
    m_selectedSymbol = symbol;
    updateDetails();
}

void MainWindow::updateDetails()
{
    const MonitorSnapshot::Symbol *symbol = nullptr;
    for (const MonitorSnapshot::Symbol &candidate : std::as_const(m_snapshot.symbols)) {
        if (candidate.name == m_selectedSymbol)
            symbol = &candidate;
    }
    if (!symbol) {
        m_depthChart->setTitle(tr("Depth"));
        m_ladderBox->setTitle(tr("Price ladder"));
        m_tradesBox->setTitle(tr("Last trades"));
        return;
    }

    if (symbol->name == m_shownDetailSymbol && symbol->generation == m_shownGeneration)
        return;
    m_shownGeneration = symbol->generation;

    const bool synced = symbol->state == SyncState::Synced;
    m_depthChart->setTitle(
            synced ? tr("%1 depth").arg(symbol->name)
                   : tr("%1 depth (book %2)")
                             .arg(symbol->name, DisplayText::syncState(symbol->state, false)));
    m_depthChart->setLevels(symbol->bids, symbol->asks);
    m_ladderBox->setTitle(tr("%1 price ladder").arg(symbol->name));
    m_ladderModel->setLevels(symbol->bids, symbol->asks);
    m_tradesBox->setTitle(tr("%1 last trades").arg(symbol->name));
    m_tradesModel->setTrades(symbol->trades);

    if (m_shownDetailSymbol != symbol->name) {
        // Show the spread in the middle of the ladder for a newly selected symbol.
        m_shownDetailSymbol = symbol->name;
        m_ladderView->scrollTo(m_ladderModel->index(PriceLadderModel::bestBidRow(), 0),
                               QAbstractItemView::PositionAtCenter);
    }
}

void MainWindow::updateStatusBar()
{
    if (m_snapshot.sequence == 0) {
        m_booksStatus->setText(tr("Starting…"));
        return;
    }
    m_booksStatus->setText(tr("Books synced: %1 of %2")
                                   .arg(m_snapshot.syncedBooks)
                                   .arg(m_snapshot.symbols.size()));
    m_messagesStatus->setText(
            tr("Messages: %1").arg(DisplayText::perSecond(m_snapshot.messagesPerSecond)));
    m_cpuStatus->setText(tr("CPU: %1").arg(DisplayText::percent(m_snapshot.cpuPercent)));
    m_rssStatus->setText(tr("RSS: %1").arg(DisplayText::megabytes(m_snapshot.rssBytes)));
    m_redisStatus->setText(tr("Redis: %1").arg(DisplayText::redisState(m_snapshot.redisState)));
    m_healthStatus->setText(
            tr("Health: %1")
                    .arg(DisplayText::healthState(m_snapshot.healthState, m_snapshot.healthPort)));
}

void MainWindow::showAbout()
{
    const QString text =
            tr("<h3>Market Data Monitor %1</h3>"
               "<p>Keeps Binance order books exactly in sync, publishes them to Redis and shows "
               "them live.</p>"
               "<p>Built with Qt %2, running on Qt %3.</p>"
               "<p><b>Licences.</b> Qt 6 is used under the GNU LGPL version 3; Qt Charts and "
               "Qt HTTP Server under the GNU GPL version 3. simdjson: Apache License 2.0. "
               "hiredis: BSD 3-Clause. yaml-cpp: MIT. Zstandard: BSD. zlib: zlib licence.</p>"
               "<p><b>Data.</b> The bundled recordings are real Binance market data recorded "
               "by others. This product includes software developed by Bryant Moscon "
               "(http://www.bryantmoscon.com/): the cryptofeed recordings, Copyright (C) "
               "2017-2025 Bryant Moscon. The hftbacktest recordings are under the MIT licence, "
               "Copyright (c) 2022 nkaz001. The market data itself was produced by Binance.</p>")
                    .arg(QStringLiteral(MD_VERSION), QStringLiteral(QT_VERSION_STR),
                         QString::fromLatin1(qVersion()));
    QMessageBox::about(this, tr("About Market Data Monitor"), text);
}

} // namespace md
