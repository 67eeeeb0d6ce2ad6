#include "symboltablemodel.h"

#include "displaytext.h"

#include <QApplication>
#include <QFont>
#include <QLocale>
#include <QStyle>

#include <algorithm>

namespace md {

SymbolTableModel::SymbolTableModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_syncedIcon(QApplication::style()->standardIcon(QStyle::SP_DialogApplyButton))
    , m_syncingIcon(QApplication::style()->standardIcon(QStyle::SP_BrowserReload))
    , m_troubleIcon(QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning))
{
}

void SymbolTableModel::setSnapshot(const MonitorSnapshot &snapshot)
{
    bool sameRows = m_rows.size() == snapshot.symbols.size();
    for (qsizetype i = 0; sameRows && i < m_rows.size(); ++i)
        sameRows = m_rows[i].name == snapshot.symbols[i].name;

    const auto updateDecimals = [this] {
        m_priceDecimals.resize(m_rows.size());
        for (qsizetype i = 0; i < m_rows.size(); ++i) {
            const MonitorSnapshot::Symbol &row = m_rows[i];
            int decimals = m_priceDecimals[i];
            for (const QString *text : {&row.lastPrice, &row.bestBid, &row.bestAsk, &row.spread})
                decimals = std::max(decimals, DisplayText::significantDecimals(*text));
            for (const auto *side : {&row.bids, &row.asks}) {
                for (const MonitorSnapshot::Level &level : *side)
                    decimals =
                            std::max(decimals, DisplayText::significantDecimals(level.priceText));
            }
            m_priceDecimals[i] = decimals;
        }
    };

    // Symbols are fixed for a run, so this reset happens once, with the first snapshot.
    if (!sameRows) {
        beginResetModel();
        m_rows = snapshot.symbols;
        m_priceDecimals.clear();
        updateDecimals();
        endResetModel();
        return;
    }
    m_rows = snapshot.symbols;
    updateDecimals();
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

int SymbolTableModel::rowOf(const QString &symbol) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].name == symbol)
            return int(i);
    }
    return -1;
}

QString SymbolTableModel::symbolAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row].name : QString();
}

int SymbolTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SymbolTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool SymbolTableModel::needsAttention(const MonitorSnapshot::Symbol &symbol)
{
    return symbol.state != SyncState::Synced || symbol.stale;
}

QVariant SymbolTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const MonitorSnapshot::Symbol &symbol = m_rows[index.row()];
    const int column = index.column();

    switch (role) {
    case Qt::DisplayRole:
        return displayText(symbol, column);
    case SortRole:
        return sortValue(symbol, column);
    case AttentionRole:
        return needsAttention(symbol);
    case Qt::TextAlignmentRole:
        if (column >= LastPriceColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::FontRole:
        if (needsAttention(symbol) || (column == GapsColumn && symbol.gaps > 0)) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::DecorationRole:
        if (column != StateColumn)
            return {};
        if (symbol.state == SyncState::Synced && !symbol.stale)
            return m_syncedIcon;
        if (symbol.state == SyncState::Syncing)
            return m_syncingIcon;
        return m_troubleIcon;
    case Qt::ToolTipRole:
        if (column == LagColumn)
            return tr("Local clock minus the exchange's event time of the last depth event. "
                      "In a replay this includes the age of the recording.");
        if (column == AuditColumn)
            return tr("Checks of the book's best bid and ask against the exchange's bookTicker, "
                      "and how many differed.");
        if (symbol.stale)
            return tr("No depth event for %1").arg(DisplayText::duration(symbol.lastEventAgeMs));
        return {};
    default:
        return {};
    }
}

QVariant SymbolTableModel::displayText(const MonitorSnapshot::Symbol &symbol, int column) const
{
    const QLocale locale;
    const qsizetype row = &symbol - m_rows.constData();
    const int decimals = row >= 0 && row < m_priceDecimals.size() ? m_priceDecimals[row] : 0;
    switch (column) {
    case SymbolColumn:
        return symbol.name;
    case MarketColumn:
        return DisplayText::market(symbol.market);
    case StateColumn:
        return DisplayText::syncState(symbol.state, symbol.stale);
    case LastPriceColumn:
        return DisplayText::decimal(symbol.lastPrice, decimals);
    case BidColumn:
        return DisplayText::decimal(symbol.bestBid, decimals);
    case AskColumn:
        return DisplayText::decimal(symbol.bestAsk, decimals);
    case SpreadColumn:
        return DisplayText::decimal(symbol.spread, decimals);
    case RateColumn:
        return DisplayText::perSecond(symbol.updateRate);
    case LagColumn:
        return symbol.lastEventAgeMs < 0 ? QString() : DisplayText::duration(symbol.lagMs);
    case GapsColumn:
        return locale.toString(symbol.gaps);
    case ResyncsColumn:
        return locale.toString(symbol.resyncs);
    case AuditColumn:
        return tr("%1 / %2").arg(locale.toString(symbol.auditChecks - symbol.auditMismatches),
                                 locale.toString(symbol.auditChecks));
    default:
        return {};
    }
}

QVariant SymbolTableModel::sortValue(const MonitorSnapshot::Symbol &symbol, int column) const
{
    const auto number = [](const QString &text) { return text.isEmpty() ? -1.0 : text.toDouble(); };
    switch (column) {
    case StateColumn:
        // Trouble first when sorted ascending.
        return needsAttention(symbol) ? (symbol.state == SyncState::Resyncing ? 0 : 1) : 2;
    case LastPriceColumn:
        return number(symbol.lastPrice);
    case BidColumn:
        return number(symbol.bestBid);
    case AskColumn:
        return number(symbol.bestAsk);
    case SpreadColumn:
        return number(symbol.spread);
    case RateColumn:
        return symbol.updateRate;
    case LagColumn:
        return symbol.lagMs;
    case GapsColumn:
        return symbol.gaps;
    case ResyncsColumn:
        return symbol.resyncs;
    case AuditColumn:
        return symbol.auditMismatches;
    default:
        return displayText(symbol, column);
    }
}

QVariant SymbolTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole)
        return columnTitle(section);
    // A translation may shorten a title to keep the table's twelve columns in sight at once.
    if (role == Qt::ToolTipRole)
        return columnName(section);
    return {};
}

QString SymbolTableModel::columnTitle(int section)
{
    switch (section) {
    case SymbolColumn:
        return tr("Symbol");
    case MarketColumn:
        return tr("Market");
    case StateColumn:
        return tr("State");
    case LastPriceColumn:
        return tr("Last price");
    case BidColumn:
        return tr("Best bid");
    case AskColumn:
        return tr("Best ask");
    case SpreadColumn:
        return tr("Spread");
    case RateColumn:
        return tr("Updates");
    case LagColumn:
        return tr("Event lag");
    case GapsColumn:
        return tr("Gaps");
    case ResyncsColumn:
        return tr("Resyncs");
    case AuditColumn:
        return tr("Audit OK");
    default:
        return {};
    }
}

QString SymbolTableModel::columnName(int section)
{
    switch (section) {
    case SymbolColumn:
        return tr("Symbol", "full name in the tooltip");
    case MarketColumn:
        return tr("Market", "full name in the tooltip");
    case StateColumn:
        return tr("Book state", "full name in the tooltip");
    case LastPriceColumn:
        return tr("Last trade price", "full name in the tooltip");
    case BidColumn:
        return tr("Best bid price", "full name in the tooltip");
    case AskColumn:
        return tr("Best ask price", "full name in the tooltip");
    case SpreadColumn:
        return tr("Spread", "full name in the tooltip");
    case RateColumn:
        return tr("Depth updates per second", "full name in the tooltip");
    case LagColumn:
        return tr("Event lag", "full name in the tooltip");
    case GapsColumn:
        return tr("Sequence gaps", "full name in the tooltip");
    case ResyncsColumn:
        return tr("Resyncs", "full name in the tooltip");
    case AuditColumn:
        return tr("bookTicker checks passed", "full name in the tooltip");
    default:
        return {};
    }
}

} // namespace md
