#include "depthchartview.h"

#include <QAreaSeries>
#include <QChart>
#include <QEvent>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace md {

namespace {

// A stepped cumulative curve: at each level's price the depth jumps from what the better
// levels hold to what they hold with this one.
void stepsOf(const QList<MonitorSnapshot::Level> &levels, QList<QPointF> &points)
{
    points.clear();
    double total = 0;
    for (const MonitorSnapshot::Level &level : levels) {
        points.append({level.price, total});
        total += level.quantity;
        points.append({level.price, total});
    }
}

} // namespace

DepthChartView::DepthChartView(QWidget *parent)
    : QChartView(parent)
    , m_bidLine(new QLineSeries(this))
    , m_askLine(new QLineSeries(this))
    , m_priceAxis(new QValueAxis(this))
    , m_quantityAxis(new QValueAxis(this))
{
    auto *chart = new QChart;
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    m_bidArea = new QAreaSeries(m_bidLine);
    m_askArea = new QAreaSeries(m_askLine);
    for (auto [area, color] :
         {std::pair{m_bidArea, bidColor()}, std::pair{m_askArea, askColor()}}) {
        QColor fill = color;
        fill.setAlpha(110);
        area->setBrush(fill);
        area->setPen(QPen(color, 1.5));
        chart->addSeries(area);
    }

    m_priceAxis->setLabelFormat(QStringLiteral("%.2f"));
    m_priceAxis->setTickCount(5);
    m_quantityAxis->setLabelFormat(QStringLiteral("%.3g"));
    m_quantityAxis->setMin(0);
    chart->addAxis(m_priceAxis, Qt::AlignBottom);
    chart->addAxis(m_quantityAxis, Qt::AlignLeft);
    for (QAreaSeries *area : {m_bidArea, m_askArea}) {
        area->attachAxis(m_priceAxis);
        area->attachAxis(m_quantityAxis);
    }

    // No antialiasing: every edge of a stepped curve is horizontal or vertical, and smoothing
    // them would only cost the UI thread time on each of its ten updates a second.
    setChart(chart);
    setMinimumSize(240, 180);
    retranslate();
    applyPalette();
}

QColor DepthChartView::bidColor()
{
    return QColor(0x26, 0xa6, 0x5b);
}

QColor DepthChartView::askColor()
{
    return QColor(0xe0, 0x4f, 0x4f);
}

void DepthChartView::setTitle(const QString &title)
{
    // Setting even the same title lays the chart out again.
    if (chart()->title() != title)
        chart()->setTitle(title);
}

void DepthChartView::setLevels(const QList<MonitorSnapshot::Level> &bids,
                               const QList<MonitorSnapshot::Level> &asks)
{
    stepsOf(bids, m_bidPoints);
    stepsOf(asks, m_askPoints);
    m_bidLine->replace(m_bidPoints);
    m_askLine->replace(m_askPoints);
    if (bids.isEmpty() || asks.isEmpty())
        return;

    // Centred on the mid, wide enough for the farther side.
    const double mid = (bids.first().price + asks.first().price) / 2;
    const double reach = std::max(mid - bids.last().price, asks.last().price - mid);
    const double margin = std::max(reach * 1.05, mid * 1e-6);
    m_priceAxis->setRange(mid - margin, mid + margin);
    // About five significant digits, whatever the price's magnitude.
    const int decimals = mid > 0 ? std::clamp(4 - int(std::floor(std::log10(mid))), 0, 8) : 2;
    const QString priceFormat = QStringLiteral("%.%1f").arg(decimals);
    if (m_priceAxis->labelFormat() != priceFormat)
        m_priceAxis->setLabelFormat(priceFormat);
    const double deepest = std::max(m_bidPoints.last().y(), m_askPoints.last().y());
    m_quantityAxis->setRange(0, deepest * 1.1);
    const QString quantityFormat = deepest >= 100 ? QStringLiteral("%.0f")
                                   : deepest >= 1 ? QStringLiteral("%.2f")
                                                  : QStringLiteral("%.4f");
    if (m_quantityAxis->labelFormat() != quantityFormat)
        m_quantityAxis->setLabelFormat(quantityFormat);
}

void DepthChartView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    else if (event->type() == QEvent::LanguageChange)
        retranslate();
    QChartView::changeEvent(event);
}

void DepthChartView::retranslate()
{
    m_bidArea->setName(tr("Bids"));
    m_askArea->setName(tr("Asks"));
    m_priceAxis->setTitleText(tr("Price"));
    m_quantityAxis->setTitleText(tr("Cumulative quantity"));
}

void DepthChartView::applyPalette()
{
    const QPalette colors = palette();
    QChart *chart = this->chart();
    chart->setBackgroundBrush(colors.base());
    chart->setTitleBrush(colors.text());
    chart->legend()->setLabelBrush(colors.text());
    for (QValueAxis *axis : {m_priceAxis, m_quantityAxis}) {
        axis->setLabelsBrush(colors.text());
        axis->setTitleBrush(colors.text());
        axis->setLinePenColor(colors.color(QPalette::Mid));
        axis->setGridLineColor(colors.color(QPalette::Midlight));
    }
    setBackgroundBrush(colors.window());
}

} // namespace md
