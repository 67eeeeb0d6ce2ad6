#ifndef MD_UI_DEPTHCHARTVIEW_H
#define MD_UI_DEPTHCHARTVIEW_H

#include "monitorsnapshot.h"

#include <QChartView>

class QAreaSeries;
class QLineSeries;
class QValueAxis;

namespace md {

// Cumulative depth of one book around its mid: bids to the left, asks to the right, each a
// stepped area that rises with every level away from the mid. The two sides have fixed colours,
// a green and a red chosen to read on light and dark backgrounds; the rest follows the palette.
// Lives on the UI thread.
class DepthChartView : public QChartView
{
    Q_OBJECT

public:
    explicit DepthChartView(QWidget *parent = nullptr);

    // Levels best first, as in a snapshot; empty lists clear the chart.
    void setLevels(const QList<MonitorSnapshot::Level> &bids,
                   const QList<MonitorSnapshot::Level> &asks);
    void setTitle(const QString &title);

    // The upper edges of the two areas: two points per level (the step), x the level's price.
    const QLineSeries *bidLine() const { return m_bidLine; }
    const QLineSeries *askLine() const { return m_askLine; }
    const QValueAxis *priceAxis() const { return m_priceAxis; }
    const QValueAxis *quantityAxis() const { return m_quantityAxis; }

    static QColor bidColor();
    static QColor askColor();

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();
    void retranslate();

    QLineSeries *m_bidLine = nullptr;
    QLineSeries *m_askLine = nullptr;
    QAreaSeries *m_bidArea = nullptr;
    QAreaSeries *m_askArea = nullptr;
    QValueAxis *m_priceAxis = nullptr;
    QValueAxis *m_quantityAxis = nullptr;
    QList<QPointF> m_bidPoints; // reused between updates
    QList<QPointF> m_askPoints;
};

} // namespace md

#endif // MD_UI_DEPTHCHARTVIEW_H
