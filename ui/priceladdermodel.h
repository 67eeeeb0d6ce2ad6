#ifndef MD_UI_PRICELADDERMODEL_H
#define MD_UI_PRICELADDERMODEL_H

#include "monitorsnapshot.h"

#include <QAbstractTableModel>

namespace md {

// The top levels of one book as a ladder: asks above, worst first down to the best ask, then
// bids from the best down. Prices and quantities are the exchange's exact text. The row count
// is fixed (DepthLevels per side) so that every update is a dataChanged; rows without a level
// are empty. Lives on the UI thread.
class PriceLadderModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { BidQuantityColumn, PriceColumn, AskQuantityColumn, ColumnCount };
    // Side of a row: 0 for bids, 1 for asks.
    static constexpr int SideRole = Qt::UserRole;
    static constexpr int LevelsPerSide = MonitorSnapshot::DepthLevels;

    explicit PriceLadderModel(QObject *parent = nullptr);

    void setLevels(const QList<MonitorSnapshot::Level> &bids,
                   const QList<MonitorSnapshot::Level> &asks);
    // The row of the best bid; the best ask is the row above it.
    static int bestBidRow() { return LevelsPerSide; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    // The level shown on a row, or nullptr; isAsk tells the side.
    const MonitorSnapshot::Level *levelAt(int row, bool *isAsk) const;

    QList<MonitorSnapshot::Level> m_bids;
    QList<MonitorSnapshot::Level> m_asks;
    int m_priceDecimals = 0; // the most any shown price needs, for one aligned column
    int m_quantityDecimals = 0;
};

} // namespace md

#endif // MD_UI_PRICELADDERMODEL_H
