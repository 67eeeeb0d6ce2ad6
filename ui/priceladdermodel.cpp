#include "priceladdermodel.h"

#include "displaytext.h"

#include <QFont>

#include <algorithm>

namespace md {

PriceLadderModel::PriceLadderModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void PriceLadderModel::setLevels(const QList<MonitorSnapshot::Level> &bids,
                                 const QList<MonitorSnapshot::Level> &asks)
{
    m_bids = bids;
    m_asks = asks;
    m_priceDecimals = 0;
    m_quantityDecimals = 0;
    for (const auto *side : {&m_bids, &m_asks}) {
        for (const MonitorSnapshot::Level &level : *side) {
            m_priceDecimals =
                    std::max(m_priceDecimals, DisplayText::significantDecimals(level.priceText));
            m_quantityDecimals = std::max(m_quantityDecimals,
                                          DisplayText::significantDecimals(level.quantityText));
        }
    }
    Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

const MonitorSnapshot::Level *PriceLadderModel::levelAt(int row, bool *isAsk) const
{
    *isAsk = row < LevelsPerSide;
    if (*isAsk) {
        const qsizetype position = LevelsPerSide - 1 - row;
        return position < m_asks.size() ? &m_asks[position] : nullptr;
    }
    const qsizetype position = row - LevelsPerSide;
    return position < m_bids.size() ? &m_bids[position] : nullptr;
}

int PriceLadderModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : 2 * LevelsPerSide;
}

int PriceLadderModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PriceLadderModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    bool isAsk = false;
    const MonitorSnapshot::Level *level = levelAt(index.row(), &isAsk);

    switch (role) {
    case Qt::DisplayRole:
        if (!level)
            return {};
        if (index.column() == PriceColumn)
            return DisplayText::decimal(level->priceText, m_priceDecimals);
        if ((index.column() == AskQuantityColumn) == isAsk)
            return DisplayText::decimal(level->quantityText, m_quantityDecimals);
        return {};
    case SideRole:
        return isAsk ? 1 : 0;
    case Qt::TextAlignmentRole:
        if (index.column() == PriceColumn)
            return QVariant::fromValue(Qt::AlignCenter);
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::FontRole:
        // The best bid and ask, where the spread is, read first.
        if (index.column() == PriceColumn &&
            (index.row() == bestBidRow() || index.row() == bestBidRow() - 1)) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    default:
        return {};
    }
}

QVariant PriceLadderModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case BidQuantityColumn:
        return tr("Bid qty");
    case PriceColumn:
        return tr("Price");
    case AskQuantityColumn:
        return tr("Ask qty");
    default:
        return {};
    }
}

} // namespace md
