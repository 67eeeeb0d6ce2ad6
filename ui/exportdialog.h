#ifndef MD_UI_EXPORTDIALOG_H
#define MD_UI_EXPORTDIALOG_H

#include "bookexport.h"
#include "monitorsnapshot.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QStandardItemModel;

namespace md {

// What File > Export snapshot… asks for: one symbol's book, its format, depth and file.
struct ExportChoice
{
    QString symbol;
    ExportFormat format = ExportFormat::Json;
    size_t depth = 0; // levels a side, 0 for the whole book
    QString path;
    // The path is the suggested `<SYMBOL>-<market>-<update id>` name, not one a person typed or
    // picked: the file is then named after the update id actually exported, which is newer
    // than the one known when the dialog was filled in.
    bool namedByUpdateId = false;
};

// The dialog of File > Export snapshot…: the followed symbols (only synced books can be
// picked, the others are listed with their state), JSON or CSV, the whole book or the top N
// levels a side, and the file, chosen with QFileDialog in a folder remembered in QSettings
// along with the format and depth. Lives on the UI thread and touches nothing of the engine.
class ExportDialog : public QDialog
{
    Q_OBJECT

public:
    ExportDialog(const MonitorSnapshot &snapshot, const QString &selectedSymbol,
                 QWidget *parent = nullptr);

    // Refreshes the symbols' states while the dialog is open; the choice made stays.
    void setSnapshot(const MonitorSnapshot &snapshot);
    ExportChoice choice() const;

    // Where the next export dialog opens, for the folder of a file just written.
    static void rememberFolder(const QString &filePath);

    void accept() override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void createWidgets();
    void retranslate();
    void restoreSettings();
    void saveSettings() const;
    void updateSymbolItems();
    void updateSuggestedPath();
    void updateState();
    void browse();
    void showNote(const QString &note);
    ExportFormat selectedFormat() const;
    const MonitorSnapshot::Symbol *selectedSymbol() const;

    MonitorSnapshot m_snapshot;
    QStandardItemModel *m_symbolModel = nullptr;
    QComboBox *m_symbolBox = nullptr;
    QComboBox *m_formatBox = nullptr;
    QRadioButton *m_wholeBookButton = nullptr;
    QRadioButton *m_topLevelsButton = nullptr;
    QSpinBox *m_depthBox = nullptr;
    QLabel *m_levelsLabel = nullptr;
    QLineEdit *m_pathEdit = nullptr;
    QPushButton *m_browseButton = nullptr;
    QLabel *m_noteLabel = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_exportButton = nullptr;
    QLabel *m_symbolLabel = nullptr;
    QLabel *m_formatLabel = nullptr;
    QLabel *m_depthLabel = nullptr;
    QLabel *m_fileLabel = nullptr;
    QString m_suggestedPath; // the path filled in for the symbol and format, until edited
    qint64 m_suggestedUpdateId = 0;
    QString m_pathProblem;   // why the path was refused, until it is edited
    QString m_confirmedPath; // picked in QFileDialog, which asked before replacing a file
};

} // namespace md

#endif // MD_UI_EXPORTDIALOG_H
