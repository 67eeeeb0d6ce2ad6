#include "processpanel.h"

#include "columnfit.h"
#include "displaytext.h"

#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace md {

namespace {

enum FeedColumn { FeedNameColumn, FeedStateColumn, FeedReconnectsColumn, FeedMessagesColumn };

// The y axes grow in steps and never shrink below these, so a quiet process still reads as one.
constexpr double MinCpuAxis = 10;
constexpr double MinRssAxisMb = 64;
// The tops are multiples of these, so that the axes' five ticks fall on whole numbers.
constexpr double CpuAxisStep = 20;
constexpr double RssAxisStepMb = 32;

double roundedUp(double value, double step)
{
    return std::ceil(value / step) * step;
}

// Blue for CPU and orange for memory, from Okabe and Ito's palette: a pair told apart with
// every common colour vision deficiency. The memory line is dashed as well, and the blue is
// lighter on a dark background, where the darker one would sink.
QColor cpuColor(const QPalette &colors)
{
    const bool dark = colors.color(QPalette::Base).lightness() < 128;
    return dark ? QColor(0x56, 0xb4, 0xe9) : QColor(0x00, 0x72, 0xb2);
}

QColor rssColor()
{
    return QColor(0xe6, 0x9f, 0x00);
}

} // namespace

ProcessPanel::ProcessPanel(QWidget *parent)
    : QWidget(parent)
    , m_cpuLine(new QLineSeries(this))
    , m_rssLine(new QLineSeries(this))
    , m_timeAxis(new QValueAxis(this))
    , m_cpuAxis(new QValueAxis(this))
    , m_rssAxis(new QValueAxis(this))
{
    auto *chart = new QChart;
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->addSeries(m_cpuLine);
    chart->addSeries(m_rssLine);
    m_timeAxis->setRange(-HistorySeconds, 0);
    m_timeAxis->setTickCount(6);
    m_timeAxis->setLabelFormat(QStringLiteral("%d"));
    m_cpuAxis->setRange(0, roundedUp(MinCpuAxis, CpuAxisStep));
    m_cpuAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_rssAxis->setRange(0, MinRssAxisMb);
    m_rssAxis->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(m_timeAxis, Qt::AlignBottom);
    chart->addAxis(m_cpuAxis, Qt::AlignLeft);
    chart->addAxis(m_rssAxis, Qt::AlignRight);
    m_cpuLine->attachAxis(m_timeAxis);
    m_cpuLine->attachAxis(m_cpuAxis);
    m_rssLine->attachAxis(m_timeAxis);
    m_rssLine->attachAxis(m_rssAxis);
    m_chartView = new QChartView(chart, this);
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(180);

    const auto value = [this](const char *name) {
        auto *label = new QLabel(this);
        label->setObjectName(QLatin1String(name));
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        return label;
    };
    m_cpuValue = value("cpuValue");
    m_rssValue = value("rssValue");
    m_threadsValue = value("threadsValue");
    m_messagesValue = value("messagesValue");
    m_redisValue = value("redisValue");
    m_healthValue = value("healthValue");
    m_cpuCaption = new QLabel(this);
    m_rssCaption = new QLabel(this);
    m_threadsCaption = new QLabel(this);
    m_messagesCaption = new QLabel(this);
    m_redisCaption = new QLabel(this);
    m_healthCaption = new QLabel(this);
    m_feedsCaption = new QLabel(this);

    auto *form = new QFormLayout;
    form->addRow(m_cpuCaption, m_cpuValue);
    form->addRow(m_rssCaption, m_rssValue);
    form->addRow(m_threadsCaption, m_threadsValue);
    form->addRow(m_messagesCaption, m_messagesValue);
    form->addRow(m_redisCaption, m_redisValue);
    form->addRow(m_healthCaption, m_healthValue);

    m_feeds = new QTreeWidget(this);
    m_feeds->setObjectName(QStringLiteral("feedList"));
    m_feeds->setRootIsDecorated(false);
    m_feeds->setColumnCount(4);
    // The name gives way first; the counts, and the headers over them, stay whole.
    fitColumnsToContents(m_feeds, m_feeds->header(), FeedNameColumn);
    m_feedsCaption->setBuddy(m_feeds);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_chartView, 3);
    layout->addLayout(form);
    layout->addWidget(m_feedsCaption);
    layout->addWidget(m_feeds, 1);

    m_cpuHistory.reserve(HistorySeconds + 1);
    m_rssHistory.reserve(HistorySeconds + 1);
    m_plotBuffer.reserve(HistorySeconds + 1);
    retranslate();
    applyPalette();
}

QString ProcessPanel::cpuText() const
{
    return m_cpuValue->text();
}

void ProcessPanel::setSnapshot(const MonitorSnapshot &snapshot)
{
    m_cpuValue->setText(DisplayText::percent(snapshot.cpuPercent));
    m_rssValue->setText(DisplayText::megabytes(snapshot.rssBytes));
    m_threadsValue->setText(QLocale().toString(snapshot.threadCount));
    m_messagesValue->setText(DisplayText::perSecond(snapshot.messagesPerSecond));
    m_redisValue->setText(snapshot.redisEndpoint.isEmpty()
                                  ? DisplayText::redisState(snapshot.redisState)
                                  : tr("%1 (%2)").arg(DisplayText::redisState(snapshot.redisState),
                                                      snapshot.redisEndpoint));
    m_healthValue->setText(DisplayText::healthState(snapshot.healthState, snapshot.healthPort));
    updateFeeds(snapshot);
    addSample(snapshot);
}

void ProcessPanel::addSample(const MonitorSnapshot &snapshot)
{
    // The process monitor samples once a second; so does the chart.
    const qint64 second = snapshot.takenAtMs / 1000;
    if (second == m_lastSampleSecond)
        return;
    m_lastSampleSecond = second;

    const double mb = double(snapshot.rssBytes) / 1e6;
    m_cpuHistory.append({double(second), snapshot.cpuPercent});
    m_rssHistory.append({double(second), mb});
    while (!m_cpuHistory.isEmpty() && m_cpuHistory.first().x() < double(second - HistorySeconds)) {
        m_cpuHistory.removeFirst();
        m_rssHistory.removeFirst();
    }

    double cpuTop = MinCpuAxis, rssTop = MinRssAxisMb;
    for (const QPointF &point : std::as_const(m_cpuHistory))
        cpuTop = std::max(cpuTop, point.y());
    for (const QPointF &point : std::as_const(m_rssHistory))
        rssTop = std::max(rssTop, point.y());
    m_cpuAxis->setMax(roundedUp(cpuTop * 1.1, CpuAxisStep));
    m_rssAxis->setMax(roundedUp(rssTop * 1.1, RssAxisStepMb));

    // x is "seconds ago", so the newest point is always at the right edge.
    for (auto [history, line] :
         {std::pair{&m_cpuHistory, m_cpuLine}, std::pair{&m_rssHistory, m_rssLine}}) {
        m_plotBuffer.clear();
        for (const QPointF &point : std::as_const(*history))
            m_plotBuffer.append({point.x() - double(second), point.y()});
        line->replace(m_plotBuffer);
    }
}

void ProcessPanel::updateFeeds(const MonitorSnapshot &snapshot)
{
    // Feeds are fixed for a run; items are created once and then only their text changes.
    while (m_feeds->topLevelItemCount() > snapshot.feeds.size())
        delete m_feeds->takeTopLevelItem(m_feeds->topLevelItemCount() - 1);
    while (m_feeds->topLevelItemCount() < snapshot.feeds.size())
        m_feeds->addTopLevelItem(new QTreeWidgetItem);

    const QLocale locale;
    for (qsizetype i = 0; i < snapshot.feeds.size(); ++i) {
        const MonitorSnapshot::Feed &feed = snapshot.feeds[i];
        QTreeWidgetItem *item = m_feeds->topLevelItem(int(i));
        const QStringList texts{feed.name, DisplayText::feedState(feed.state),
                                locale.toString(feed.reconnects), locale.toString(feed.messages)};
        for (int column = 0; column < texts.size(); ++column) {
            if (item->text(column) != texts[column])
                item->setText(column, texts[column]);
        }
        item->setTextAlignment(FeedReconnectsColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(FeedMessagesColumn, Qt::AlignRight | Qt::AlignVCenter);
    }
}

void ProcessPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    else if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ProcessPanel::retranslate()
{
    m_cpuLine->setName(tr("CPU %"));
    m_rssLine->setName(tr("Resident memory, MB"));
    m_timeAxis->setTitleText(tr("Seconds ago"));
    m_cpuAxis->setTitleText(tr("CPU, %"));
    m_rssAxis->setTitleText(tr("RSS, MB"));
    m_chartView->chart()->setTitle(tr("This process"));
    m_cpuCaption->setText(tr("CPU:"));
    m_rssCaption->setText(tr("Resident memory:"));
    m_threadsCaption->setText(tr("Threads:"));
    m_messagesCaption->setText(tr("Messages:"));
    m_redisCaption->setText(tr("Redis:"));
    m_healthCaption->setText(tr("Health server:"));
    m_feedsCaption->setText(tr("&Feed connections:"));
    m_feeds->setHeaderLabels({tr("Connection"), tr("State"), tr("Reconnects"), tr("Messages")});
}

void ProcessPanel::applyPalette()
{
    const QPalette colors = palette();
    QChart *chart = m_chartView->chart();
    chart->setBackgroundBrush(colors.base());
    chart->setTitleBrush(colors.text());
    chart->legend()->setLabelBrush(colors.text());
    for (QValueAxis *axis : {m_timeAxis, m_cpuAxis, m_rssAxis}) {
        axis->setLabelsBrush(colors.text());
        axis->setTitleBrush(colors.text());
        axis->setLinePenColor(colors.color(QPalette::Mid));
        axis->setGridLineColor(colors.color(QPalette::Midlight));
    }
    m_cpuLine->setPen(QPen(cpuColor(colors), 2));
    m_rssLine->setPen(QPen(rssColor(), 2, Qt::DashLine));
    m_chartView->setBackgroundBrush(colors.window());
}

} // namespace md
