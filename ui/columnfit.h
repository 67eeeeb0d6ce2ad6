#ifndef MD_UI_COLUMNFIT_H
#define MD_UI_COLUMNFIT_H

class QAbstractItemView;
class QHeaderView;

namespace md {

// Sizes the columns of `view` to their contents, the widest cell or the header, whichever is
// wider, and gives the room left over to `stretchColumn`. The view then asks for at least the
// width of all its columns whole, and asks again whenever its model's data change, so that a
// splitter or layout takes room from a neighbour rather than elide a number. Call it once the
// view has its model. UI thread only.
void fitColumnsToContents(QAbstractItemView *view, QHeaderView *header, int stretchColumn);

// The width that shows every column of `view` whole, with its frame and any vertical scroll bar.
int wholeColumnsWidth(const QAbstractItemView *view, const QHeaderView *header);

} // namespace md

#endif // MD_UI_COLUMNFIT_H
