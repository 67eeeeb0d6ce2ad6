// File > Export snapshot… in the real window over the real engine: market-data-replay plays a
// Binance recording of ten spot symbols on loopback, the engine runs in its worker thread, and
// the test fills in the export dialog as a person would and reads the files back. Expected
// books come from the recording itself, followed with Qt's JSON parser.
#include "bookexportreader.h"
#include "enginecontroller.h"
#include "exportdialog.h"
#include "imagecheck.h"
#include "mainwindow.h"
#include "recordingfacts.h"
#include "servicefixture.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTest>
#include <QTimer>
#include <QTranslator>

#include <memory>

using namespace md;
using namespace md::test;

namespace {

const QString PicturePrefix = QStringLiteral(MD_BINARY_DIR "/tests/ui/tst_exportsnapshot");
// Ten spot symbols over two minutes, with bookTickers: 20 s at speed 6, time enough for the
// snapshots of all ten, which the engine fetches a second apart.
const char *const Recording = "cryptofeed/spot-2021-04-05-10symbols.txt";
constexpr int ReplaySpeed = 6;
constexpr int ReplayTimeoutMs = 60'000;
// Levels compared one by one with the recording's own book. Deeper levels may differ: the
// engine's book starts from a REST snapshot of at most 1000 levels a side.
constexpr size_t ComparedLevels = 100;

QString text(const Decimal &value)
{
    return QString::fromStdString(value.toString());
}

// The recording's book side as (price, quantity) texts, best first.
template<typename Side>
QList<std::pair<QString, QString>> expectedLevels(const Side &side, size_t count)
{
    QList<std::pair<QString, QString>> levels;
    for (const auto &[value, level] : side) {
        if (size_t(levels.size()) == count)
            break;
        levels.append(level);
    }
    return levels;
}

QList<std::pair<QString, QString>> exportedLevels(const std::vector<PriceLevel> &side, size_t count)
{
    QList<std::pair<QString, QString>> levels;
    for (size_t i = 0; i < std::min(count, side.size()); ++i)
        levels.append({text(side[i].price), text(side[i].quantity)});
    return levels;
}

// Best first: bids strictly falling, asks strictly rising, judged on the texts' values.
bool bestFirst(const std::vector<PriceLevel> &side, bool bids)
{
    for (size_t i = 1; i < side.size(); ++i) {
        const double previous = text(side[i - 1].price).toDouble();
        const double current = text(side[i].price).toDouble();
        if (bids ? current >= previous : current <= previous)
            return false;
    }
    return true;
}

// The status bar says the file was written, naming it, in a message that fits beside the
// permanent labels (a long folder is shortened in its middle, never the file name).
bool announcesExport(const MainWindow &window, const QString &path)
{
    const QString message = window.statusBar()->currentMessage();
    const auto *firstLabel = window.statusBar()->findChild<QLabel *>(QStringLiteral("booksStatus"));
    return message.startsWith(QLatin1String("Exported ")) &&
           message.endsWith(QDir::separator() + QFileInfo(path).fileName()) &&
           window.statusBar()->fontMetrics().horizontalAdvance(message) < firstLabel->x();
}

} // namespace

class tst_ExportSnapshot : public QObject, private ServiceFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void booksNotSyncedCannotBePicked();
    void silentEngineThreadTimesOut();
    void unknownSymbolIsRefusedByTheEngine();
    void wholeBooksAsTheExchangeHadThem();
    void topLevelsAsCsvUnderAChosenName();
    void missingFolderIsSaidInTheDialog();
    void unwritableFileIsAMessage();
    void typedExistingFileIsReplacedOnlyWhenConfirmed();
    void dialogAndWindowPictures();

private:
    ExportDialog *openDialog();
    void fillIn(ExportDialog *dialog, const QString &symbol, const QString &format, int depth);
    void pressExport(ExportDialog *dialog);
    std::optional<BookExport> readBack(const QString &path, ExportFormat format);

    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<EngineController> m_engine;
    QStringList m_symbols;
    std::map<QString, FinalState> m_expected;
};

void tst_ExportSnapshot::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("MarketDataMonitorTest"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());

    // Each symbol followed from its own recorded snapshot, as in tst_monitorwindow.
    const std::vector<Message> messages = readAll({dataFile(Recording)});
    QSet<QString> names;
    for (const Message &message : messages) {
        const QString symbol = dataOf(message.payload)[QLatin1String("s")].toString();
        if (!symbol.isEmpty() && !names.contains(symbol)) {
            names.insert(symbol);
            m_symbols.append(symbol);
        }
    }
    QCOMPARE(m_symbols.size(), 10);
    for (const QString &symbol : std::as_const(m_symbols)) {
        m_expected[symbol] = finalState(messagesFor(messages, symbol), symbol, false);
        QVERIFY(!m_expected[symbol].book.bids.empty());
    }

    m_replayPort = freePort();
    QVERIFY(m_replay.start(m_replayPort, {dataFile(Recording)},
                           {QStringLiteral("--speed"), QString::number(ReplaySpeed)}));

    // No Redis: the publisher keeps retrying, which the window does not mind.
    Config config = ConfigLoader::defaults(Market::Spot);
    config.symbols = m_symbols;
    config.tradeStream = QStringLiteral("aggTrade");
    config.wsUrl = QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_replayPort));
    config.restUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_replayPort));
    config.redis.url = QStringLiteral("redis://127.0.0.1:%1/0").arg(freePort());
    config.health.port = freePort();
    // The replay stays silent after its end; the books must stay synced while they are exported.
    config.feed.watchdog = std::chrono::seconds(600);

    m_window = std::make_unique<MainWindow>();
    m_window->resize(1360, 820);
    m_window->show();
    QVERIFY(!m_window->exportAction()->isEnabled());
    m_engine = std::make_unique<EngineController>(config);
    connect(m_engine.get(), &EngineController::snapshotReady, m_window.get(),
            &MainWindow::showSnapshot);
    m_window->setEngine(m_engine.get());
    QVERIFY(m_window->exportAction()->isEnabled());
    QSignalSpy started(m_engine.get(), &EngineController::started);
    m_engine->start();
    QVERIFY(started.wait(5000));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->lastSnapshot().sequence > 0, 5000);
}

void tst_ExportSnapshot::cleanupTestCase()
{
    if (m_window && m_window->exportDialog())
        m_window->exportDialog()->reject();
    m_engine.reset();
    m_window.reset();
    stopServers();
}

ExportDialog *tst_ExportSnapshot::openDialog()
{
    m_window->exportAction()->trigger();
    ExportDialog *dialog = m_window->exportDialog();
    if (dialog && !QTest::qWaitForWindowExposed(dialog))
        return nullptr;
    return dialog;
}

void tst_ExportSnapshot::fillIn(ExportDialog *dialog, const QString &symbol, const QString &format,
                                int depth)
{
    auto *symbolBox = dialog->findChild<QComboBox *>(QStringLiteral("symbolBox"));
    // By name: a book with no event for a while reads "ETHBRL (stale)" and can still be picked.
    symbolBox->setCurrentIndex(symbolBox->findData(symbol, Qt::UserRole));
    QVERIFY(symbolBox->currentText().startsWith(symbol));
    auto *formatBox = dialog->findChild<QComboBox *>(QStringLiteral("formatBox"));
    formatBox->setCurrentIndex(formatBox->findText(format));
    QCOMPARE(formatBox->currentText(), format);
    if (depth == 0) {
        dialog->findChild<QRadioButton *>(QStringLiteral("wholeBookButton"))->click();
    } else {
        dialog->findChild<QRadioButton *>(QStringLiteral("topLevelsButton"))->click();
        dialog->findChild<QSpinBox *>(QStringLiteral("depthBox"))->setValue(depth);
    }
}

void tst_ExportSnapshot::pressExport(ExportDialog *dialog)
{
    QPushButton *button = dialog->findChild<QPushButton *>(QStringLiteral("exportButton"));
    QVERIFY(button->isEnabled());
    button->click();
}

std::optional<BookExport> tst_ExportSnapshot::readBack(const QString &path, ExportFormat format)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning("cannot read %s", qPrintable(path));
        return std::nullopt;
    }
    QString error;
    std::optional<BookExport> book = bookexportreader::read(file.readAll(), format, &error);
    if (!book)
        qWarning("%s: %s", qPrintable(path), qPrintable(error));
    return book;
}

void tst_ExportSnapshot::booksNotSyncedCannotBePicked()
{
    // Snapshots are fetched a second apart, so most of the ten books are still syncing now.
    ExportDialog *dialog = openDialog();
    QVERIFY(dialog);
    auto *symbolBox = dialog->findChild<QComboBox *>(QStringLiteral("symbolBox"));
    auto *note = dialog->findChild<QLabel *>(QStringLiteral("noteLabel"));
    QPushButton *exportButton = dialog->findChild<QPushButton *>(QStringLiteral("exportButton"));
    QCOMPARE(symbolBox->count(), m_symbols.size());

    const MonitorSnapshot &shown = m_window->lastSnapshot();
    int unsynced = 0;
    int firstUnsynced = -1;
    for (int row = 0; row < symbolBox->count(); ++row) {
        const bool synced = shown.symbols[row].state == SyncState::Synced;
        const QModelIndex index = symbolBox->model()->index(row, 0);
        QCOMPARE(bool(symbolBox->model()->flags(index) & Qt::ItemIsEnabled), synced);
        QCOMPARE(index.data().toString().startsWith(shown.symbols[row].name), true);
        if (!synced) {
            QVERIFY2(index.data().toString().contains(QLatin1String("syncing")),
                     qPrintable(index.data().toString()));
            ++unsynced;
            if (firstUnsynced < 0)
                firstUnsynced = row;
        }
    }
    QVERIFY2(unsynced > 0, "every book synced within the first snapshot");

    // Before any export, the file is suggested in a folder that exists (Documents, else home).
    const QString suggested = dialog->findChild<QLineEdit *>(QStringLiteral("pathEdit"))->text();
    QVERIFY2(QFileInfo(QFileInfo(suggested).absolutePath()).isDir(), qPrintable(suggested));

    // Chosen anyway (a program can, a person cannot): no export, and the dialog says why.
    symbolBox->setCurrentIndex(firstUnsynced);
    if (shown.symbols[firstUnsynced].state != SyncState::Synced) {
        QVERIFY(!exportButton->isEnabled());
        QVERIFY(note->isVisible());
        QVERIFY2(note->text().contains(shown.symbols[firstUnsynced].name),
                 qPrintable(note->text()));
        QVERIFY(dialog->grab().save(PicturePrefix + QStringLiteral("-dialog-unsynced.png")));
    }
    dialog->reject();
    QTRY_VERIFY(!m_window->exportDialog());
}

void tst_ExportSnapshot::silentEngineThreadTimesOut()
{
    // A controller whose thread never started: nothing will ever copy the book.
    EngineController idle(ConfigLoader::defaults(Market::Spot));
    QSignalSpy failed(&idle, &EngineController::bookExportFailed);
    QSignalSpy ready(&idle, &EngineController::bookExportReady);
    QElapsedTimer timer;
    timer.start();
    const quint64 request = idle.requestBookExport(QStringLiteral("BTCUSDT"), 0, 300);

    QVERIFY(failed.wait(5000));
    // Not at once, but after the timeout (a coarse QTimer may fire a little early).
    QVERIFY2(timer.elapsed() >= 200, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(failed.first().at(0).toULongLong(), request);
    QVERIFY2(failed.first().at(1).toString().contains(QLatin1String("did not answer")),
             qPrintable(failed.first().at(1).toString()));
    QVERIFY(ready.isEmpty());
}

void tst_ExportSnapshot::unknownSymbolIsRefusedByTheEngine()
{
    QSignalSpy failed(m_engine.get(), &EngineController::bookExportFailed);
    const quint64 request = m_engine->requestBookExport(QStringLiteral("NOSUCHCOIN"), 0);
    QVERIFY(failed.wait(5000));
    QCOMPARE(failed.first().at(0).toULongLong(), request);
    QCOMPARE(failed.first().at(1).toString(), QStringLiteral("NOSUCHCOIN is not followed"));
}

void tst_ExportSnapshot::wholeBooksAsTheExchangeHadThem()
{
    QTRY_VERIFY_WITH_TIMEOUT(m_replay.hasFinished(), ReplayTimeoutMs);
    const QString folder = m_dir.filePath(QStringLiteral("exports"));
    QVERIFY(QDir().mkpath(folder));
    QSettings().setValue(QStringLiteral("export/folder"), folder);

    int tickerChecks = 0;
    for (const QString &symbol : std::as_const(m_symbols)) {
        const FinalState &expected = m_expected[symbol];
        // The window has seen the book's last event: the export holds the final book.
        const auto shownUpdateId = [this, &symbol] {
            for (const MonitorSnapshot::Symbol &shown : m_window->lastSnapshot().symbols) {
                if (shown.name == symbol && shown.state == SyncState::Synced)
                    return shown.lastUpdateId;
            }
            return qint64(-1);
        };
        QTRY_COMPARE_WITH_TIMEOUT(shownUpdateId(), expected.lastUpdateId, 5000);

        // The suggested name is left as it is: the file is named after the exported book.
        ExportDialog *dialog = openDialog();
        QVERIFY(dialog);
        fillIn(dialog, symbol, QStringLiteral("JSON"), 0);
        const QString path = QDir(folder).filePath(
                QStringLiteral("%1-spot-%2.json").arg(symbol).arg(expected.lastUpdateId));
        QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("pathEdit"))->text(), path);
        pressExport(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(announcesExport(*m_window, path), 5000);

        const std::optional<BookExport> book = readBack(path, ExportFormat::Json);
        QVERIFY(book);
        QCOMPARE(book->symbol, symbol);
        QCOMPARE(book->market, Market::Spot);
        QVERIFY(book->synced);
        QCOMPARE(book->depth, size_t(0));
        QCOMPARE(book->lastUpdateId, expected.lastUpdateId);
        QVERIFY(bestFirst(book->bids, true));
        QVERIFY(bestFirst(book->asks, false));
        QCOMPARE(exportedLevels(book->bids, ComparedLevels),
                 expectedLevels(expected.book.bids, ComparedLevels));
        QCOMPARE(exportedLevels(book->asks, ComparedLevels),
                 expectedLevels(expected.book.asks, ComparedLevels));
        QVERIFY(m_window->statusBar()->currentMessage().contains(
                QStringLiteral("%1 bids").arg(book->bids.size())));

        // Binance's own best bid and ask, where it sent them for this very update id.
        if (const auto ticker = expected.tickers.find(book->lastUpdateId);
            ticker != expected.tickers.end()) {
            QCOMPARE(text(book->bids.front().price), ticker->second.bidPrice);
            QCOMPARE(text(book->bids.front().quantity), ticker->second.bidQuantity);
            QCOMPARE(text(book->asks.front().price), ticker->second.askPrice);
            QCOMPARE(text(book->asks.front().quantity), ticker->second.askQuantity);
            ++tickerChecks;
        }
    }
    qInfo("%d of %lld exported books checked against a bookTicker too", tickerChecks,
          static_cast<long long>(m_symbols.size()));
    QVERIFY(tickerChecks > 0);
}

void tst_ExportSnapshot::topLevelsAsCsvUnderAChosenName()
{
    const QString symbol = QStringLiteral("ETHBRL");
    const QString path = m_dir.filePath(QStringLiteral("chosen folder/top of ETHBRL.csv"));
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));

    ExportDialog *dialog = openDialog();
    QVERIFY(dialog);
    // The folder of the last export is remembered.
    QCOMPARE(QFileInfo(dialog->findChild<QLineEdit *>(QStringLiteral("pathEdit"))->text())
                     .absolutePath(),
             m_dir.filePath(QStringLiteral("exports")));
    fillIn(dialog, symbol, QStringLiteral("CSV"), 5);
    dialog->findChild<QLineEdit *>(QStringLiteral("pathEdit"))->setText(path);
    pressExport(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(announcesExport(*m_window, path), 5000);

    const std::optional<BookExport> book = readBack(path, ExportFormat::Csv);
    QVERIFY(book);
    const FinalState &expected = m_expected[symbol];
    QCOMPARE(book->symbol, symbol);
    QVERIFY(book->synced);
    QCOMPARE(book->depth, size_t(5));
    QCOMPARE(book->lastUpdateId, expected.lastUpdateId);
    QCOMPARE(exportedLevels(book->bids, 100), expectedLevels(expected.book.bids, 5));
    QCOMPARE(exportedLevels(book->asks, 100), expectedLevels(expected.book.asks, 5));
    QVERIFY(m_window->statusBar()->currentMessage().contains(QLatin1String("5 bids")));
}

void tst_ExportSnapshot::missingFolderIsSaidInTheDialog()
{
    ExportDialog *dialog = openDialog();
    QVERIFY(dialog);
    fillIn(dialog, QStringLiteral("BTCAUD"), QStringLiteral("JSON"), 10);
    const QString missing = m_dir.filePath(QStringLiteral("no such folder"));
    dialog->findChild<QLineEdit *>(QStringLiteral("pathEdit"))
            ->setText(QDir(missing).filePath(QStringLiteral("book.json")));
    pressExport(dialog);

    // The dialog stays open and names the folder; nothing is exported.
    auto *note = dialog->findChild<QLabel *>(QStringLiteral("noteLabel"));
    QTRY_VERIFY(note->isVisible());
    QVERIFY2(note->text().contains(QDir::toNativeSeparators(missing)), qPrintable(note->text()));
    QCOMPARE(m_window->exportDialog(), dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY(!QFileInfo::exists(missing));
    dialog->reject();
    QTRY_VERIFY(!m_window->exportDialog());
}

void tst_ExportSnapshot::unwritableFileIsAMessage()
{
    // /proc exists but takes no new file, not even from root.
    const QString path = QStringLiteral("/proc/md-export-test.json");
    ExportDialog *dialog = openDialog();
    QVERIFY(dialog);
    fillIn(dialog, QStringLiteral("BTCAUD"), QStringLiteral("JSON"), 10);
    dialog->findChild<QLineEdit *>(QStringLiteral("pathEdit"))->setText(path);
    const quint64 before = m_window->lastSnapshot().sequence;
    pressExport(dialog);

    QMessageBox *box = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
            (box = m_window->findChild<QMessageBox *>(QStringLiteral("exportFailure"))), 5000);
    QVERIFY(box->isVisible());
    QVERIFY2(box->text().contains(path), qPrintable(box->text()));
    QVERIFY2(box->informativeText().contains(path), qPrintable(box->informativeText()));
    QVERIFY(!QFileInfo::exists(path));
    QVERIFY(box->grab().save(PicturePrefix + QStringLiteral("-failure.png")));

    // The window goes on: snapshots keep coming, and another export can be asked for.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->lastSnapshot().sequence > before + 5, 5000);
    QVERIFY(m_window->exportAction()->isEnabled());
    box->close();
    QTRY_VERIFY(!m_window->findChild<QMessageBox *>(QStringLiteral("exportFailure")));
}

void tst_ExportSnapshot::typedExistingFileIsReplacedOnlyWhenConfirmed()
{
    const QString path = m_dir.filePath(QStringLiteral("exports/kept.json"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("older");
    }
    const auto answerQuestion = [](QMessageBox::StandardButton answer, bool *asked) {
        // The question is modal: answered from the event loop it runs.
        QTimer::singleShot(200, [answer, asked] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            *asked = box && box->button(answer);
            if (*asked)
                box->button(answer)->click();
        });
    };

    // No: the dialog stays open and the file as it was.
    ExportDialog *dialog = openDialog();
    QVERIFY(dialog);
    fillIn(dialog, QStringLiteral("ETHBRL"), QStringLiteral("JSON"), 3);
    dialog->findChild<QLineEdit *>(QStringLiteral("pathEdit"))->setText(path);
    bool asked = false;
    answerQuestion(QMessageBox::No, &asked);
    pressExport(dialog);
    QVERIFY(asked);
    QVERIFY(dialog->isVisible());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("older"));
    file.close();

    // Yes: replaced by the export.
    asked = false;
    answerQuestion(QMessageBox::Yes, &asked);
    pressExport(dialog);
    QVERIFY(asked);
    QTRY_VERIFY_WITH_TIMEOUT(announcesExport(*m_window, path), 5000);
    const std::optional<BookExport> book = readBack(path, ExportFormat::Json);
    QVERIFY(book);
    QCOMPARE(book->symbol, QStringLiteral("ETHBRL"));
    QCOMPARE(book->bids.size(), size_t(3));
}

void tst_ExportSnapshot::dialogAndWindowPictures()
{
    m_window->selectSymbol(QStringLiteral("BTCAUD"));
    const auto grabDialog = [this](const QString &name) {
        ExportDialog *dialog = openDialog();
        QVERIFY(dialog);
        const QImage image = dialog->grab().toImage();
        QVERIFY(image.save(PicturePrefix + name));
        QVERIFY(distinctColours(image) > 8);
        dialog->reject();
        QTRY_VERIFY(!m_window->exportDialog());
    };
    grabDialog(QStringLiteral("-dialog.png"));

    // Translated, the dialog says so and is grabbed too, to see that its words fit.
    for (const QString &language :
         {QStringLiteral("de"), QStringLiteral("ru"), QStringLiteral("zh_CN")}) {
        QTranslator translator;
        QVERIFY(translator.load(QLocale(language), QStringLiteral("market-data-monitor"),
                                QStringLiteral("_"), QStringLiteral(":/i18n")));
        QVERIFY(QCoreApplication::installTranslator(&translator));
        if (language == QLatin1String("de")) {
            ExportDialog *dialog = openDialog();
            QVERIFY(dialog);
            QCOMPARE(dialog->windowTitle(), QStringLiteral("Momentaufnahme exportieren"));
            dialog->reject();
            QTRY_VERIFY(!m_window->exportDialog());
        }
        grabDialog(QStringLiteral("-dialog-%1.png").arg(language));
        QCoreApplication::removeTranslator(&translator);
    }

    // The window in English again, just after an export into a folder with a long name, which
    // the status bar shortens to keep the file name in sight.
    QTRY_COMPARE(m_window->exportAction()->text(), QStringLiteral("&Export snapshot…"));
    const QString folder = m_dir.filePath(
            QStringLiteral("a folder with a name long enough to pass the room of the status bar"));
    QVERIFY(QDir().mkpath(folder));
    const QString path = QDir(folder).filePath(QStringLiteral("BTCAUD top 20.csv"));
    ExportDialog *dialog = openDialog();
    QVERIFY(dialog);
    fillIn(dialog, QStringLiteral("BTCAUD"), QStringLiteral("CSV"), 20);
    dialog->findChild<QLineEdit *>(QStringLiteral("pathEdit"))->setText(path);
    pressExport(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(announcesExport(*m_window, path), 5000);
    QVERIFY(QFileInfo::exists(path));
    const QImage window = m_window->grab().toImage();
    QVERIFY(window.save(PicturePrefix + QStringLiteral("-window.png")));
    QVERIFY(distinctColours(window) > 64);
}

QTEST_MAIN(tst_ExportSnapshot)
#include "tst_exportsnapshot.moc"
