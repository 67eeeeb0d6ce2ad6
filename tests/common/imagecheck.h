#ifndef MD_TESTS_IMAGECHECK_H
#define MD_TESTS_IMAGECHECK_H

#include <QImage>
#include <QSet>

namespace md::test {

// How many colours a picture holds, sampling every other pixel of every other row: a blank or
// single-colour grab has one or two, a drawn chart or window many.
inline int distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2)
            colours.insert(image.pixel(x, y));
    }
    return int(colours.size());
}

} // namespace md::test

#endif // MD_TESTS_IMAGECHECK_H
