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

// At most this many intervals between ticks, and at least half as many: three ticks or more,
// with labels as wide as "0.02625" still apart on a chart at its usual width.
constexpr int PriceIntervals = 6;
constexpr int QuantityIntervals = 4;

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

// The smallest step of at least `span / intervals` that reads as a round number: 1, 2, 2.5 or
// 5 times a power of ten. Successive candidates are at most twice apart, so the span holds at
// least half as many intervals.
double roundStep(double span, int intervals)
{
    const double rough = span / intervals;
    const double power = std::pow(10.0, std::floor(std::log10(rough)));
    for (double multiple : {1.0, 2.0, 2.5, 5.0}) {
        if (multiple * power >= rough)
            return multiple * power;
    }
    return 10 * power;
}

// Labels with as many decimals as the step has, so that no tick reads "58000.00" or "0.03".
QString labelFormatFor(double step)
{
    int decimals = 0;
    for (double scaled = step; decimals < 12 && std::abs(scaled - std::round(scaled)) > 1e-6;
         scaled *= 10) {
        ++decimals;
    }
    return QStringLiteral("%.%1f").arg(decimals);
}

// Ticks at every multiple of `step` inside the axis' range, whatever the range's ends; setting
// the same values again would lay the chart out anew, so unchanged ones are left alone.
void setTickStep(QValueAxis *axis, double step)
{
    if (axis->tickInterval() != step)
        axis->setTickInterval(step);
    const QString format = labelFormatFor(step);
    if (axis->labelFormat() != format)
        axis->setLabelFormat(format);
}

// Moves `axis` to a new range and step without passing through millions of ticks, the step
// of a cheap symbol across the range of a dear one: a step grows before the range changes and
// shrinks after it, so that each state has no more ticks than the old or the new one.
void setRangeAndStep(QValueAxis *axis, double min, double max, double step)
{
    if (step < axis->tickInterval()) {
        axis->setRange(min, max);
        setTickStep(axis, step);
    } else {
        setTickStep(axis, step);
        axis->setRange(min, max);
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

    // Dynamic ticks fall on round numbers while the price range stays centred on the book.
    for (QValueAxis *axis : {m_priceAxis, m_quantityAxis}) {
        axis->setTickType(QValueAxis::TicksDynamic);
        axis->setTickAnchor(0);
        setTickStep(axis, 1);
    }
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
    setRangeAndStep(m_priceAxis, mid - margin, mid + margin, roundStep(2 * margin, PriceIntervals));

    // From zero up to the first round tick above the deeper side.
    const double deepest = std::max(m_bidPoints.last().y(), m_askPoints.last().y());
    const double step = deepest > 0 ? roundStep(deepest, QuantityIntervals) : 1;
    setRangeAndStep(m_quantityAxis, 0, std::max(step, std::ceil(deepest * 1.05 / step) * step),
                    step);
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
