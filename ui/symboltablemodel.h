#ifndef MD_UI_SYMBOLTABLEMODEL_H
#define MD_UI_SYMBOLTABLEMODEL_H

#include "monitorsnapshot.h"

#include <QAbstractTableModel>
#include <QIcon>
#include <QList>

namespace md {

// One row per followed symbol: market, sync state, prices and counters from the latest snapshot.
// A symbol that is not synced, or synced but silent, is marked with an icon and a bold font.
// Rows are created with the first snapshot and then updated in place: each snapshot emits one
// dataChanged, never a reset, so selection and sorting survive every tick. Lives on the UI thread.
class SymbolTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        SymbolColumn,
        MarketColumn,
        StateColumn,
        LastPriceColumn,
        BidColumn,
        AskColumn,
        SpreadColumn,
        RateColumn,
        LagColumn,
        GapsColumn,
        ResyncsColumn,
        AuditColumn,
        ColumnCount
    };
    // Numbers for sorting, where the display text would sort as text.
    static constexpr int SortRole = Qt::UserRole;
    // True for a row that needs attention: not synced, or stale.
    static constexpr int AttentionRole = Qt::UserRole + 1;

    explicit SymbolTableModel(QObject *parent = nullptr);

    void setSnapshot(const MonitorSnapshot &snapshot);
    // The row of a symbol, or -1.
    int rowOf(const QString &symbol) const;
    QString symbolAt(int row) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVariant displayText(const MonitorSnapshot::Symbol &symbol, int column) const;
    QVariant sortValue(const MonitorSnapshot::Symbol &symbol, int column) const;
    static bool needsAttention(const MonitorSnapshot::Symbol &symbol);
    // The header's text, which a translation may shorten, and the whole name for its tooltip.
    static QString columnTitle(int section);
    static QString columnName(int section);

    // Loaded once: a style's standard icon is decoded from its image file on every request.
    QIcon m_syncedIcon;
    QIcon m_syncingIcon;
    QIcon m_troubleIcon;
    QList<MonitorSnapshot::Symbol> m_rows;
    // Per row, the price decimals shown: the most any of its prices needs so far, so that the
    // column does not jitter as prices come and go.
    QList<int> m_priceDecimals;
};

} // namespace md

#endif // MD_UI_SYMBOLTABLEMODEL_H
