#ifndef MD_ENGINE_RECORDINGPARTS_H
#define MD_ENGINE_RECORDINGPARTS_H

#include <QDateTime>
#include <QString>

namespace md {

// The names of the parts FeedRecorder splits a recording into:
// `<path without extension>-<yyyyMMddTHHmmssZ>-<sequence>.<extension>`, the UTC time the part
// was opened and a sequence number of at least four digits. Fixed widths make name order time
// order. Stateless; callable from any thread.
namespace RecordingParts {

// `/data/btc.mdrec`, 2026-12-03 19:10:12 UTC, 1 -> `/data/btc-20261203T191012Z-0001.mdrec`.
QString partPath(const QString &path, const QDateTime &openedAt, int sequence);

// The recording a part belongs to (`/data/btc.mdrec` for the example above), or an empty string
// when the name is not a part's.
QString recordingOf(const QString &partPath);

} // namespace RecordingParts

} // namespace md

#endif // MD_ENGINE_RECORDINGPARTS_H
