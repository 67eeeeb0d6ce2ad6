#include "tradesmodel.h"

#include "displaytext.h"

#include <QDateTime>
#include <QTimeZone>

#include <algorithm>

namespace md {

TradesModel::TradesModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void TradesModel::setTrades(const QList<MonitorSnapshot::TradeRow> &trades)
{
    m_trades = trades;
    m_priceDecimals = 0;
    m_quantityDecimals = 0;
    for (const MonitorSnapshot::TradeRow &trade : trades) {
        m_priceDecimals = std::max(m_priceDecimals, DisplayText::significantDecimals(trade.price));
        m_quantityDecimals =
                std::max(m_quantityDecimals, DisplayText::significantDecimals(trade.quantity));
    }
    Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int TradesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : MonitorSnapshot::TradeCount;
}

int TradesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TradesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_trades.size())
        return {};
    const MonitorSnapshot::TradeRow &trade = m_trades[index.row()];

    if (role == Qt::TextAlignmentRole && index.column() != TimeColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole)
        return tr("Trade %1").arg(trade.tradeId);
    if (role != Qt::DisplayRole)
        return {};

    switch (index.column()) {
    case TimeColumn:
        // Exchange time in UTC, as Binance states it, so it reads the same on every desk.
        return QDateTime::fromMSecsSinceEpoch(trade.tradeTime, QTimeZone::utc())
                .toString(QStringLiteral("HH:mm:ss.zzz"));
    case PriceColumn:
        return DisplayText::decimal(trade.price, m_priceDecimals);
    case QuantityColumn:
        return DisplayText::decimal(trade.quantity, m_quantityDecimals);
    case SideColumn:
        // The buyer was the maker: a seller took the bid.
        return trade.buyerIsMaker ? tr("sell") : tr("buy");
    default:
        return {};
    }
}

QVariant TradesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time (UTC)");
    case PriceColumn:
        return tr("Price");
    case QuantityColumn:
        return tr("Quantity");
    case SideColumn:
        return tr("Taker");
    default:
        return {};
    }
}

} // namespace md
