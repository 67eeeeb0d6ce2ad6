#include "columnfit.h"

#include <QAbstractItemView>
#include <QHeaderView>
#include <QScrollBar>

#include <algorithm>

namespace md {

int wholeColumnsWidth(const QAbstractItemView *view, const QHeaderView *header)
{
    // The vertical scroll bar takes room only while the rows do not all fit.
    const QScrollBar *rows = view->verticalScrollBar();
    int width = 2 * view->frameWidth() +
                (rows->maximum() > rows->minimum() ? rows->sizeHint().width() : 0);
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

    const auto follow = [view, header] { view->setMinimumWidth(wholeColumnsWidth(view, header)); };
    // A QTreeWidget resets its model while being destroyed, when the view is half gone: no
    // modelReset here, and the header as context, so that nothing runs once it is deleted.
    const QAbstractItemModel *model = view->model();
    QObject::connect(model, &QAbstractItemModel::dataChanged, header, follow);
    QObject::connect(model, &QAbstractItemModel::headerDataChanged, header, follow);
    QObject::connect(model, &QAbstractItemModel::rowsInserted, header, follow);
    QObject::connect(view->verticalScrollBar(), &QScrollBar::rangeChanged, header, follow);
    follow();
}

} // namespace md
