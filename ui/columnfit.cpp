#include "columnfit.h"

#include <QAbstractItemView>
#include <QHeaderView>
#include <QStyle>

#include <algorithm>

namespace md {

int wholeColumnsWidth(const QAbstractItemView *view, const QHeaderView *header)
{
    // The scroll bar is counted even while hidden: a view that grew as it appeared would
    // make its neighbours jump whenever the view's height crossed its rows' height.
    int width = 2 * view->frameWidth() +
                view->style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, view);
    for (int column = 0; column < header->count(); ++column) {
        if (!header->isSectionHidden(column))
            width += std::max(view->sizeHintForColumn(column), header->sectionSizeHint(column));
    }
    return width;
}

void fitColumnsToContents(QAbstractItemView *view, QHeaderView *header, int stretchColumn)
{
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(stretchColumn, QHeaderView::Stretch);

    const auto follow = [view, header] {
        view->setMinimumWidth(wholeColumnsWidth(view, header));
    };
    const QAbstractItemModel *model = view->model();
    QObject::connect(model, &QAbstractItemModel::dataChanged, view, follow);
    QObject::connect(model, &QAbstractItemModel::headerDataChanged, view, follow);
    QObject::connect(model, &QAbstractItemModel::rowsInserted, view, follow);
    QObject::connect(model, &QAbstractItemModel::modelReset, view, follow);
    follow();
}

} // namespace md
