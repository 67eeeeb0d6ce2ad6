#ifndef MD_UI_SORTEDSECTIONHEADER_H
#define MD_UI_SORTEDSECTIONHEADER_H

#include <QHeaderView>

namespace md {

// A horizontal header that keeps room for the sort arrow in the sorted section only. QHeaderView
// reserves that room in every section while sort indicators are shown, a header's height and a
// margin each: in a table of a dozen narrow numbers that adds a quarter of its width. Sections
// sized to their contents follow the arrow when the sort column changes. UI thread only.
class SortedSectionHeader : public QHeaderView
{
    Q_OBJECT

public:
    explicit SortedSectionHeader(QWidget *parent = nullptr);

protected:
    QSize sectionSizeFromContents(int logicalIndex) const override;
};

} // namespace md

#endif // MD_UI_SORTEDSECTIONHEADER_H
