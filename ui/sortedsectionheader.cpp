#include "sortedsectionheader.h"

#include <QStyle>

namespace md {

SortedSectionHeader::SortedSectionHeader(QWidget *parent)
    : QHeaderView(Qt::Horizontal, parent)
{
}

QSize SortedSectionHeader::sectionSizeFromContents(int logicalIndex) const
{
    QSize size = QHeaderView::sectionSizeFromContents(logicalIndex);
    if (!isSortIndicatorShown() || logicalIndex == sortIndicatorSection())
        return size;

    // Takes back what QHeaderView adds for the arrow, by the same measure.
    const int margin = style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, this);
    size.rwidth() -= size.height() + margin;
    return size;
}

} // namespace md
