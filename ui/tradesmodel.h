#ifndef MD_UI_TRADESMODEL_H
#define MD_UI_TRADESMODEL_H

#include "monitorsnapshot.h"

#include <QAbstractTableModel>

namespace md {

// The last trades of one symbol, newest first: time, price, quantity and which side took
// liquidity. A fixed number of rows, updated in place with dataChanged. Lives on the UI thread.
class TradesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TimeColumn, PriceColumn, QuantityColumn, SideColumn, ColumnCount };

    explicit TradesModel(QObject *parent = nullptr);

    void setTrades(const QList<MonitorSnapshot::TradeRow> &trades);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<MonitorSnapshot::TradeRow> m_trades;
    int m_priceDecimals = 0; // the most any shown price needs, for one aligned column
    int m_quantityDecimals = 0;
};

} // namespace md

#endif // MD_UI_TRADESMODEL_H
