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
// read by its own RecordingReader; the merger lives on the thread that calls it. A file given
// twice is an error, and a part that starts before the one read ahead of it ended is a warning:
// either would play the same market twice or backwards.
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
    // The parts that were cut short and read on past, and parts whose receive times step back
    // from the part before (given out of order, or the clock set back), worded for a person.
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
        qint64 lastTimeNs = -1; // of the last message read from the previous file
        bool newFile = false;   // the next message read is the first of its file
    };

    bool advance(Input &input);
    bool readHead(Input &input);
    void checkPartOrder(const Input &input);
    bool fail(const QString &reason);

    std::vector<Input> m_inputs;
    QStringList m_fileNames;
    Input *m_lastHanded = nullptr; // its head was handed out, so it moves on at the next call
    QString m_error;
    QStringList m_warnings;
};

} // namespace md

#endif // MD_ENGINE_RECORDINGMERGER_H
