#include "exportdialog.h"

#include "bookexportfile.h"
#include "displaytext.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace md {

namespace {

const QString FolderKey = QStringLiteral("export/folder");
const QString FormatKey = QStringLiteral("export/format");
const QString WholeBookKey = QStringLiteral("export/wholeBook");
const QString TopLevelsKey = QStringLiteral("export/topLevels");

constexpr int SymbolNameRole = Qt::UserRole;
// Twenty levels a side is what the ladder shows and what Redis carries.
constexpr int DefaultTopLevels = 20;

QString defaultFolder()
{
    // Many desktops have no Documents folder, and the dialog would only refuse it.
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString fallback = QFileInfo(documents).isDir() ? documents : QDir::homePath();
    return QSettings().value(FolderKey, fallback).toString();
}

} // namespace

ExportDialog::ExportDialog(const MonitorSnapshot &snapshot, const QString &selectedSymbol,
                           QWidget *parent)
    : QDialog(parent)
    , m_snapshot(snapshot)
    , m_symbolModel(new QStandardItemModel(this))
{
    setObjectName(QStringLiteral("exportDialog"));
    createWidgets();
    retranslate();
    restoreSettings();

    // The symbol selected in the window if it can be exported, else the first that can.
    int preselected = -1;
    for (int row = 0; row < m_symbolModel->rowCount(); ++row) {
        const QStandardItem *item = m_symbolModel->item(row);
        if (!item->isEnabled())
            continue;
        if (preselected < 0 || item->data(SymbolNameRole).toString() == selectedSymbol)
            preselected = row;
    }
    m_symbolBox->setCurrentIndex(std::max(preselected, 0));
    updateSuggestedPath();
    updateState();
}

void ExportDialog::createWidgets()
{
    m_symbolBox = new QComboBox(this);
    m_symbolBox->setObjectName(QStringLiteral("symbolBox"));
    m_symbolBox->setModel(m_symbolModel);
    for (const MonitorSnapshot::Symbol &symbol : std::as_const(m_snapshot.symbols)) {
        auto *item = new QStandardItem(symbol.name);
        item->setData(symbol.name, SymbolNameRole);
        m_symbolModel->appendRow(item);
    }
    updateSymbolItems();

    m_formatBox = new QComboBox(this);
    m_formatBox->setObjectName(QStringLiteral("formatBox"));
    m_formatBox->addItem(QStringLiteral("JSON"), int(ExportFormat::Json));
    m_formatBox->addItem(QStringLiteral("CSV"), int(ExportFormat::Csv));

    m_wholeBookButton = new QRadioButton(this);
    m_wholeBookButton->setObjectName(QStringLiteral("wholeBookButton"));
    m_topLevelsButton = new QRadioButton(this);
    m_topLevelsButton->setObjectName(QStringLiteral("topLevelsButton"));
    auto *depthGroup = new QButtonGroup(this);
    depthGroup->addButton(m_wholeBookButton);
    depthGroup->addButton(m_topLevelsButton);
    m_depthBox = new QSpinBox(this);
    m_depthBox->setObjectName(QStringLiteral("depthBox"));
    m_depthBox->setRange(1, int(BookExport::MaxDepth));
    m_levelsLabel = new QLabel(this);
    auto *topRow = new QHBoxLayout;
    topRow->addWidget(m_topLevelsButton);
    topRow->addWidget(m_depthBox);
    topRow->addWidget(m_levelsLabel);
    topRow->addStretch();
    auto *depthColumn = new QVBoxLayout;
    depthColumn->addWidget(m_wholeBookButton);
    depthColumn->addLayout(topRow);

    m_pathEdit = new QLineEdit(this);
    m_pathEdit->setObjectName(QStringLiteral("pathEdit"));
    m_pathEdit->setMinimumWidth(fontMetrics().averageCharWidth() * 60);
    m_browseButton = new QPushButton(this);
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_pathEdit, 1);
    pathRow->addWidget(m_browseButton);

    m_noteLabel = new QLabel(this);
    m_noteLabel->setObjectName(QStringLiteral("noteLabel"));
    m_noteLabel->setWordWrap(true);
    // Not the standard Ok button: QDialogButtonBox puts back its own text on a language change.
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_exportButton = m_buttons->addButton(QString(), QDialogButtonBox::AcceptRole);
    m_exportButton->setObjectName(QStringLiteral("exportButton"));
    m_exportButton->setDefault(true);

    m_symbolLabel = new QLabel(this);
    m_formatLabel = new QLabel(this);
    m_depthLabel = new QLabel(this);
    m_fileLabel = new QLabel(this);
    m_symbolLabel->setBuddy(m_symbolBox);
    m_formatLabel->setBuddy(m_formatBox);
    m_depthLabel->setBuddy(m_wholeBookButton);
    m_fileLabel->setBuddy(m_pathEdit);
    auto *form = new QFormLayout;
    form->addRow(m_symbolLabel, m_symbolBox);
    form->addRow(m_formatLabel, m_formatBox);
    form->addRow(m_depthLabel, depthColumn);
    form->addRow(m_fileLabel, pathRow);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_noteLabel);
    layout->addStretch();
    layout->addWidget(m_buttons);

    connect(m_symbolBox, &QComboBox::currentIndexChanged, this, [this] {
        updateSuggestedPath();
        updateState();
    });
    connect(m_formatBox, &QComboBox::currentIndexChanged, this, &ExportDialog::updateSuggestedPath);
    connect(m_topLevelsButton, &QRadioButton::toggled, m_depthBox, &QSpinBox::setEnabled);
    connect(m_pathEdit, &QLineEdit::textChanged, this, [this] {
        m_pathProblem.clear();
        updateState();
    });
    connect(m_browseButton, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
}

void ExportDialog::retranslate()
{
    setWindowTitle(tr("Export snapshot"));
    m_symbolLabel->setText(tr("&Symbol:"));
    m_formatLabel->setText(tr("&Format:"));
    m_depthLabel->setText(tr("&Depth:"));
    m_fileLabel->setText(tr("F&ile:"));
    m_wholeBookButton->setText(tr("&Whole book"));
    m_topLevelsButton->setText(tr("&Top"));
    m_levelsLabel->setText(tr("levels a side"));
    m_browseButton->setText(tr("&Browse…"));
    m_exportButton->setText(tr("&Export"));
    updateSymbolItems();
    updateState();
}

void ExportDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void ExportDialog::restoreSettings()
{
    const QSettings settings;
    const auto format = exportFormatFromName(settings.value(FormatKey).toString());
    m_formatBox->setCurrentIndex(m_formatBox->findData(int(format.value_or(ExportFormat::Json))));
    const bool wholeBook = settings.value(WholeBookKey, true).toBool();
    m_wholeBookButton->setChecked(wholeBook);
    m_topLevelsButton->setChecked(!wholeBook);
    m_depthBox->setEnabled(!wholeBook);
    m_depthBox->setValue(settings.value(TopLevelsKey, DefaultTopLevels).toInt());
}

void ExportDialog::saveSettings() const
{
    QSettings settings;
    settings.setValue(FormatKey, exportFormatName(selectedFormat()));
    settings.setValue(WholeBookKey, m_wholeBookButton->isChecked());
    settings.setValue(TopLevelsKey, m_depthBox->value());
}

void ExportDialog::rememberFolder(const QString &filePath)
{
    QSettings().setValue(FolderKey, QFileInfo(filePath).absolutePath());
}

void ExportDialog::setSnapshot(const MonitorSnapshot &snapshot)
{
    // The followed symbols never change during a run; their states do.
    if (snapshot.symbols.size() != m_snapshot.symbols.size())
        return;
    m_snapshot = snapshot;
    updateSymbolItems();
    updateState();

    // A name suggested before the book's first event said update id 0; it now has a real one.
    const MonitorSnapshot::Symbol *symbol = selectedSymbol();
    if (symbol && m_suggestedUpdateId == 0 && symbol->lastUpdateId != 0)
        updateSuggestedPath();
}

void ExportDialog::updateSymbolItems()
{
    // A book that is not synced has no levels that are the exchange's: it cannot be picked.
    for (int row = 0; row < m_symbolModel->rowCount(); ++row) {
        const MonitorSnapshot::Symbol &symbol = m_snapshot.symbols[row];
        QStandardItem *item = m_symbolModel->item(row);
        const bool synced = symbol.state == SyncState::Synced;
        const QString text =
                synced && !symbol.stale
                        ? symbol.name
                        : tr("%1 (%2)").arg(symbol.name,
                                            DisplayText::syncState(symbol.state, symbol.stale));
        if (item->text() != text)
            item->setText(text);
        if (item->isEnabled() != synced)
            item->setEnabled(synced);
    }
}

void ExportDialog::updateSuggestedPath()
{
    const MonitorSnapshot::Symbol *symbol = selectedSymbol();
    if (!symbol)
        return;

    // A name a person typed or picked stays; only its extension follows the format.
    const QString current = m_pathEdit->text();
    const QString extension = exportFormatName(selectedFormat());
    if (!current.isEmpty() && current != m_suggestedPath) {
        const QFileInfo info(current);
        if (exportFormatFromName(info.suffix()) && info.suffix() != extension) {
            m_pathEdit->setText(info.dir().filePath(info.completeBaseName() + u'.' + extension));
        }
        return;
    }

    BookExport named;
    named.symbol = symbol->name;
    named.market = symbol->market;
    named.lastUpdateId = symbol->lastUpdateId;
    m_suggestedUpdateId = symbol->lastUpdateId;
    const QString folder = current.isEmpty() ? defaultFolder() : QFileInfo(current).absolutePath();
    m_suggestedPath = QDir(folder).filePath(bookexportfile::fileName(named, selectedFormat()));
    m_pathEdit->setText(m_suggestedPath);
}

void ExportDialog::updateState()
{
    const MonitorSnapshot::Symbol *symbol = selectedSymbol();
    const bool synced = symbol && symbol->state == SyncState::Synced;
    if (!symbol)
        showNote(tr("No symbol is followed."));
    else if (!synced)
        showNote(tr("%1 is not synced. A book that is not synced has no levels of the "
                    "exchange's to export.")
                         .arg(symbol->name));
    else if (m_pathEdit->text().trimmed().isEmpty())
        showNote(tr("Choose the file to write."));
    else
        showNote(m_pathProblem);
    m_exportButton->setEnabled(synced && !m_pathEdit->text().trimmed().isEmpty());
}

void ExportDialog::browse()
{
    const QString json = tr("JSON files (*.json)");
    const QString csv = tr("CSV files (*.csv)");
    QString filter = selectedFormat() == ExportFormat::Json ? json : csv;
    const QString path =
            QFileDialog::getSaveFileName(this, tr("Export snapshot"), m_pathEdit->text(),
                                         json + QStringLiteral(";;") + csv, &filter);
    if (path.isEmpty())
        return;

    // The filter picked decides the format; QFileDialog has already asked before replacing.
    m_formatBox->setCurrentIndex(
            m_formatBox->findData(int(filter == csv ? ExportFormat::Csv : ExportFormat::Json)));
    m_pathEdit->setText(path);
    m_confirmedPath = path;
}

void ExportDialog::accept()
{
    // Said in the dialog, which stays open, so the path can be corrected at once.
    const ExportChoice chosen = choice();
    const QFileInfo file(chosen.path);
    if (!file.dir().exists()) {
        m_pathProblem = tr("The folder %1 does not exist.")
                                .arg(QDir::toNativeSeparators(file.absolutePath()));
        updateState();
        return;
    }
    if (file.isDir()) {
        m_pathProblem = tr("%1 is a folder; choose a file name in it.")
                                .arg(QDir::toNativeSeparators(file.absoluteFilePath()));
        updateState();
        return;
    }
    if (!chosen.namedByUpdateId && chosen.path != m_confirmedPath && file.exists() &&
        QMessageBox::question(this, windowTitle(),
                              tr("%1 exists already. Replace it?")
                                      .arg(QDir::toNativeSeparators(file.absoluteFilePath()))) !=
                QMessageBox::Yes) {
        return;
    }

    saveSettings();
    QDialog::accept();
}

void ExportDialog::showNote(const QString &note)
{
    m_noteLabel->setText(note);
    m_noteLabel->setVisible(!note.isEmpty());
}

ExportChoice ExportDialog::choice() const
{
    ExportChoice chosen;
    if (const MonitorSnapshot::Symbol *symbol = selectedSymbol())
        chosen.symbol = symbol->name;
    chosen.format = selectedFormat();
    chosen.depth = m_wholeBookButton->isChecked() ? 0 : size_t(m_depthBox->value());
    chosen.path = QFileInfo(m_pathEdit->text().trimmed()).absoluteFilePath();
    chosen.namedByUpdateId = m_pathEdit->text() == m_suggestedPath;
    return chosen;
}

ExportFormat ExportDialog::selectedFormat() const
{
    return ExportFormat(m_formatBox->currentData().toInt());
}

const MonitorSnapshot::Symbol *ExportDialog::selectedSymbol() const
{
    const int row = m_symbolBox->currentIndex();
    return row >= 0 && row < m_snapshot.symbols.size() ? &m_snapshot.symbols[row] : nullptr;
}

} // namespace md
