#ifndef MD_UI_MAINWINDOW_H
#define MD_UI_MAINWINDOW_H

#include "monitorsnapshot.h"

#include <QMainWindow>
#include <QPointer>

#include <optional>

class QAction;
class QGroupBox;
class QLabel;
class QMenu;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;

namespace md {

class DepthChartView;
class EngineController;
class ExportDialog;
class PriceLadderModel;
class ProcessPanel;
class SnapshotExporter;
class SymbolTableModel;
class TradesModel;

// The desktop monitor: the symbol table, the selected symbol's depth chart, price ladder and
// last trades, and the process panel, fed by MonitorSnapshots. It never touches an engine
// object, so it does not care which thread the engine runs on: File > Export snapshot… asks
// the EngineController for a copy of a book. Geometry,
// splitters, panels shown and the selected symbol persist in QSettings. Lives on the UI thread.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Shown in the title bar: where the data comes from, e.g. "Binance spot" or a replay.
    void setSourceDescription(const QString &description);
    void showStatusMessage(const QString &message);

    QString selectedSymbol() const { return m_selectedSymbol; }
    void selectSymbol(const QString &symbol);
    const MonitorSnapshot &lastSnapshot() const { return m_snapshot; }

    void saveSettings() const;
    // Enables File > Export snapshot…, which asks `engine` for the books it writes.
    void setEngine(EngineController *engine);

    QAction *exportAction() const { return m_exportAction; }
    // The export dialog while it is open, else nullptr.
    ExportDialog *exportDialog() const;

    // The views a person reads, for tests and the screenshot.
    QTableView *symbolTable() const { return m_symbolTable; }
    DepthChartView *depthChart() const { return m_depthChart; }
    QTableView *priceLadder() const { return m_ladderView; }
    QTableView *tradesTable() const { return m_tradesView; }
    ProcessPanel *processPanel() const { return m_processPanel; }

    void showSnapshot(const md::MonitorSnapshot &snapshot);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createActions();
    void createMenus();
    QWidget *createCentralWidget();
    void createStatusBar();
    void retranslate();
    void restoreSettings();
    void applyPanelVisibility();
    void resetLayout();
    void applyOrientations();
    void updateDetails();
    void updateStatusBar();
    void currentSymbolChanged();
    void showAbout();
    void openExportDialog();
    void showExportSuccess(const QString &symbol, const QString &path, int bids, int asks);
    void showExportFailure(const QString &message, const QString &reason);

    SymbolTableModel *m_symbolModel = nullptr;
    QSortFilterProxyModel *m_symbolProxy = nullptr;
    PriceLadderModel *m_ladderModel = nullptr;
    TradesModel *m_tradesModel = nullptr;

    QSplitter *m_mainSplitter = nullptr;   // left: market data, right: process panel
    QSplitter *m_marketSplitter = nullptr; // top: symbol table, bottom: details
    QSplitter *m_detailSplitter = nullptr; // depth chart, ladder, trades
    QTableView *m_symbolTable = nullptr;
    DepthChartView *m_depthChart = nullptr;
    QGroupBox *m_ladderBox = nullptr;
    QTableView *m_ladderView = nullptr;
    QGroupBox *m_tradesBox = nullptr;
    QTableView *m_tradesView = nullptr;
    QGroupBox *m_processBox = nullptr;
    ProcessPanel *m_processPanel = nullptr;

    QMenu *m_fileMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_showDepthAction = nullptr;
    QAction *m_showLadderAction = nullptr;
    QAction *m_showTradesAction = nullptr;
    QAction *m_showProcessAction = nullptr;
    QAction *m_resetLayoutAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_aboutQtAction = nullptr;

    QLabel *m_booksStatus = nullptr;
    QLabel *m_messagesStatus = nullptr;
    QLabel *m_cpuStatus = nullptr;
    QLabel *m_rssStatus = nullptr;
    QLabel *m_redisStatus = nullptr;
    QLabel *m_healthStatus = nullptr;

    SnapshotExporter *m_exporter = nullptr;
    QPointer<ExportDialog> m_exportDialog;

    MonitorSnapshot m_snapshot;
    QString m_selectedSymbol;
    QString m_sourceDescription;
    QString m_shownDetailSymbol; // the symbol the detail views were last filled for
    // And its generation then: an unchanged book is not drawn again.
    std::optional<quint64> m_shownGeneration;
    bool m_settingsRestored = false;
};

} // namespace md

#endif // MD_UI_MAINWINDOW_H
