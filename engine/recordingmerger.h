#ifndef MD_ENGINE_RECORDINGMERGER_H
#define MD_ENGINE_RECORDINGMERGER_H

#include "recordedmessage.h"

#include <QStringList>

#include <memory>
#include <vector>

namespace md {

class RecordingReader;

// Reads several recordings at once and yields their messages merged by receive time. Ties keep
// the order of the files. A cryptofeed `.ws.txt` or `.http.txt` file brings its sibling along
// when it exists and was not given, since the pair is one session split in two. The parts of one
// recording written by FeedRecorder (see recordingparts.h) are one stream: they are read one
// after the other, in the order given, never merged with each other, so a wall clock stepping
// back between two parts cannot reorder them. A part cut short by a crash is followed by the next
// part of the run after it, with a warning; a cut at the very end is an error. Each recording is
// read by its own RecordingReader; the merger lives on the thread that calls it.
class RecordingMerger
{
public:
    RecordingMerger();
    ~RecordingMerger();
    RecordingMerger(const RecordingMerger &) = delete;
    RecordingMerger &operator=(const RecordingMerger &) = delete;

    bool open(const QStringList &paths);
    void close();

    // False at the end of every file or on an error in any. The views in `out` stay valid
    // until the next call to next(), open() or close().
    bool next(RecordedMessage &out);

    // The files being read, siblings included, in tie-breaking order.
    QStringList fileNames() const { return m_fileNames; }
    bool hasError() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    // The parts that were cut short and read on past, worded for a person.
    QStringList warnings() const { return m_warnings; }

    // `paths` with each missing sibling of a cryptofeed pair inserted after its partner.
    static QStringList withSiblings(const QStringList &paths);

private:
    struct Input
    {
        QStringList files; // read one after the other
        qsizetype nextFile = 0;
        std::unique_ptr<RecordingReader> reader;
        RecordedMessage head;
        bool hasHead = false;
    };

    bool advance(Input &input);
    bool fail(const QString &reason);

    std::vector<Input> m_inputs;
    QStringList m_fileNames;
    Input *m_lastHanded = nullptr; // its head was handed out, so it moves on at the next call
    QString m_error;
    QStringList m_warnings;
};

} // namespace md

#endif // MD_ENGINE_RECORDINGMERGER_H
