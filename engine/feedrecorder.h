#ifndef MD_ENGINE_FEEDRECORDER_H
#define MD_ENGINE_FEEDRECORDER_H

#include "ratelimitedwarning.h"
#include "recordedmessage.h"
#include "recordingwriter.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <string_view>

namespace md {

// Records what the feeds receive, exactly as received and before anything parses it, in MDREC
// files (see mdrecformat.h): every WebSocket message with its connection's URL and every REST
// snapshot body with its request URL, stamped with the local wall-clock time of arrival.
//
// The recording is split into parts named after the path (see recordingparts.h), so that they
// sort in time order and none overwrites another. A part ends when it reaches maxFileBytes or at
// the next multiple of rotateInterval since the Unix epoch. Everything is flushed to the file
// every flushInterval, so a crash of the process loses at most that much.
// A failed write ends the part, is counted and warned about (rate-limited), and a fresh part is
// tried every retryInterval; messages meanwhile are counted as dropped. Lives on the engine's
// thread.
class FeedRecorder : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString path;            // the name the parts are made from
        qint64 maxFileBytes = 0; // compressed size that ends a part; 0 for no limit
        // Parts also end at the clock's multiples of this (an hour: on the hour); 0 for never.
        std::chrono::milliseconds rotateInterval{0};
        std::chrono::milliseconds flushInterval{1000};
        // After a failure, how long until a fresh part is tried.
        std::chrono::milliseconds retryInterval{10'000};
    };

    struct Counters
    {
        quint64 messages = 0;  // messages written and flushed, so readable from the file
        quint64 bytes = 0;     // their payload bytes, uncompressed
        quint64 fileBytes = 0; // compressed bytes written to files
        quint64 files = 0;     // parts opened
        quint64 failures = 0;  // failed opens and writes, and messages the format refused
        quint64 dropped = 0;   // messages lost: no part could be written, or its write failed
    };

    explicit FeedRecorder(Options options, QObject *parent = nullptr);
    ~FeedRecorder() override;

    // Opens the first part. False, with the reason in errorString(), when it cannot be created.
    bool start();
    // Ends the current part cleanly; nothing is recorded after it.
    void stop();

    void recordWebSocket(std::string_view source, std::string_view payload)
    {
        record(RecordedMessage::Kind::WebSocket, source, payload);
    }
    void recordRest(std::string_view source, std::string_view payload)
    {
        record(RecordedMessage::Kind::Rest, source, payload);
    }

    bool isRecording() const { return m_writer.isOpen(); }
    QString currentFile() const { return m_writer.isOpen() ? m_writer.fileName() : QString(); }
    QString errorString() const { return m_error; }
    const Counters &counters() const { return m_counters; }

Q_SIGNALS:
    // A part other than the run's first opened (a rotation, or a fresh part after a failure).
    // It starts in mid-stream with no snapshot in it, so played alone none of its books could
    // be rebuilt until one is recorded.
    void laterPartOpened(const QString &fileName);

private:
    void record(RecordedMessage::Kind kind, std::string_view source, std::string_view payload);
    bool openPart();
    void closePart();
    void handleTick();
    void handleWriteFailure();
    void endFailedPart();
    void removeEmptyLastPart();
    void commitUnflushed();
    void dropUnflushed();
    qint64 periodEndAfter(qint64 nowMs) const;

    Options m_options;
    RecordingWriter m_writer;
    QTimer m_tickTimer;
    RateLimitedWarning m_warning;
    QString m_error;
    Counters m_counters;
    quint64 m_fileBytesBefore = 0; // of closed parts, for the fileBytes counter
    // Taken by the writer since the last flush: recorded once flushed, dropped if it fails.
    quint64 m_unflushedMessages = 0;
    quint64 m_partMessages = 0; // written to the part open now
    quint64 m_unflushedBytes = 0;
    qint64 m_periodEndNs = 0; // wall-clock ns at which the part ends; 0 for never
    qint64 m_retryAtMs = 0;   // steady ms of the next attempt after a failure
    int m_sequence = 0;
    bool m_unflushed = false;
    bool m_started = false;
};

} // namespace md

#endif // MD_ENGINE_FEEDRECORDER_H
