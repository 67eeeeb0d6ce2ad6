#ifndef MD_UI_PROCESSPANEL_H
#define MD_UI_PROCESSPANEL_H

#include "monitorsnapshot.h"

#include <QList>
#include <QPointF>
#include <QWidget>

class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QTreeWidget;
class QValueAxis;

namespace md {

// This process's health: CPU and resident memory as a chart over the last five minutes, one
// point a second, with thread count, messages per second, Redis, the health server and each
// feed connection beside it. The chart keeps a fixed number of points, so a day-long run draws
// no more than the first five minutes. Lives on the UI thread.
class ProcessPanel : public QWidget
{
    Q_OBJECT

public:
    static constexpr int HistorySeconds = 300;

    explicit ProcessPanel(QWidget *parent = nullptr);

    void setSnapshot(const MonitorSnapshot &snapshot);

    // The value labels, for the window's status bar to repeat and for tests to read.
    QString cpuText() const;
    const QLineSeries *cpuSeries() const { return m_cpuLine; }
    const QLineSeries *rssSeries() const { return m_rssLine; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void addSample(const MonitorSnapshot &snapshot);
    void updateFeeds(const MonitorSnapshot &snapshot);
    void retranslate();
    void applyPalette();

    QChartView *m_chartView = nullptr;
    QLineSeries *m_cpuLine = nullptr;
    QLineSeries *m_rssLine = nullptr;
    QValueAxis *m_timeAxis = nullptr;
    QValueAxis *m_cpuAxis = nullptr;
    QValueAxis *m_rssAxis = nullptr;
    QLabel *m_cpuCaption = nullptr;
    QLabel *m_rssCaption = nullptr;
    QLabel *m_threadsCaption = nullptr;
    QLabel *m_messagesCaption = nullptr;
    QLabel *m_redisCaption = nullptr;
    QLabel *m_healthCaption = nullptr;
    QLabel *m_feedsCaption = nullptr;
    QLabel *m_cpuValue = nullptr;
    QLabel *m_rssValue = nullptr;
    QLabel *m_threadsValue = nullptr;
    QLabel *m_messagesValue = nullptr;
    QLabel *m_redisValue = nullptr;
    QLabel *m_healthValue = nullptr;
    QTreeWidget *m_feeds = nullptr;

    // One sample a second, oldest first, at most HistorySeconds: (engine seconds, value).
    QList<QPointF> m_cpuHistory;
    QList<QPointF> m_rssHistory;
    qint64 m_lastSampleSecond = -1;
    QList<QPointF> m_plotBuffer; // reused to shift the history to "seconds ago"
};

} // namespace md

#endif // MD_UI_PROCESSPANEL_H
